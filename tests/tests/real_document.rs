//! The real document (`docs-input/partner-web-endpoints.txt`) read field by field: counts,
//! groups, and spot checks of endpoints that exercise every odd corner of the text form.

use sdkgen::ir::{Endpoint, ResponseLabel};
use sdkgen_tests::{endpoint, real_document};
use serde_json::json;

fn header_names(endpoint: &Endpoint, required: bool) -> Vec<&str> {
    endpoint
        .headers
        .iter()
        .filter(|h| h.required == required)
        .map(|h| h.name.as_str())
        .collect()
}

fn statuses(endpoint: &Endpoint) -> Vec<(ResponseLabel, u16)> {
    endpoint
        .responses
        .iter()
        .map(|r| (r.label, r.status))
        .collect()
}

const SHARED_REQUIRED: [&str; 12] = [
    "X-PORTAL-ACCESS-CODE",
    "X-Request-Id",
    "X-Client-Hash",
    "X-Forwarded-Proto",
    "CF-Connecting-IP",
    "Cf-Ray",
    "cf-ipcountry",
    "X-LOCALE",
    "Content-Type",
    "Accept",
    "Accept-Language",
    "User-Agent",
];

use ResponseLabel::{Error, Success};

#[test]
fn reads_94_endpoints_in_19_groups_with_title_and_preamble() {
    let parsed = real_document();
    let api = &parsed.api;
    assert_eq!(api.endpoints.len(), 94);
    let groups: Vec<&str> = api.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(
        groups,
        [
            "Auth",
            "Security",
            "Secure Channel",
            "Profile",
            "Workspace",
            "API Keys",
            "Roles",
            "Invitations",
            "Referral Codes",
            "Referrals",
            "Wallet",
            "Recharges",
            "Withdrawals",
            "Withdrawal Channels",
            "Exchanges",
            "Transfers",
            "Export",
            "File",
            "Constants",
        ]
    );
    let per_group: Vec<usize> = (0..groups.len())
        .map(|g| api.endpoints_in(g).count())
        .collect();
    assert_eq!(per_group.iter().sum::<usize>(), 94);
    assert_eq!(per_group[0..3], [4, 16, 3]);
    assert_eq!(
        api.title.as_ref().map(|t| t.text.as_str()),
        Some("PARTNER Portal — WEB Chain Endpoints")
    );
    assert_eq!(api.declared_total.as_ref().map(|d| d.value), Some(94));
    // The line naming the exporter's home directory is left out (and warned about).
    assert_eq!(api.preamble.len(), 2);
    assert!(api.preamble[1]
        .text
        .starts_with("Sensitive values are sanitized"));
    assert!(api.preamble.iter().all(|p| !p.text.contains("/home/")));
    // Every endpoint sends the twelve shared headers, in the document's order; some also
    // require the token or the workspace id.
    for e in &api.endpoints {
        let required: Vec<&str> = header_names(e, true)
            .into_iter()
            .filter(|h| !matches!(*h, "X-Workspace-Id" | "Authorization"))
            .collect();
        assert_eq!(required, SHARED_REQUIRED, "{}", e.route());
    }
    let e = endpoint(api, "POST /web/v1/partner/workspaces/current/default");
    assert_eq!(header_names(e, true)[1], "X-Workspace-Id");
}

#[test]
fn every_sample_is_accounted_for() {
    let api = real_document().api;
    let requests = api.endpoints.iter().filter(|e| e.request.is_some()).count();
    let successes = api
        .endpoints
        .iter()
        .filter(|e| e.success().is_some())
        .count();
    let errors: usize = api.endpoints.iter().map(|e| e.errors().count()).sum();
    let no_fixture = api
        .endpoints
        .iter()
        .filter(|e| e.missing_success.is_some())
        .count();
    assert_eq!((requests, successes, errors, no_fixture), (40, 49, 90, 45));
    assert!(api
        .endpoints
        .iter()
        .all(|e| e.success().is_some() != e.missing_success.is_some()));
}

#[test]
fn login_initiate_has_request_success_and_error() {
    let api = real_document().api;
    let e = endpoint(&api, "POST /web/v1/partner/auth/login/initiate");
    assert_eq!(api.groups[e.group].name, "Auth");
    assert_eq!(
        e.description.as_ref().unwrap().text,
        "Execute auth login initiate."
    );
    assert_eq!((e.span.line, e.span.column), (6, 1));
    assert!(header_names(e, false).is_empty());
    let portal = &e.headers[0];
    assert_eq!(portal.value.as_deref(), Some("pac_xxx"));
    assert_eq!(portal.description.as_deref(), Some("Portal access code"));
    assert_eq!(e.headers[1].description, None);
    assert_eq!(
        e.request.as_ref().unwrap().json.to_value(),
        json!({"email": "partner@slaunchx.test", "password": "DocVerify123!"})
    );
    assert_eq!(statuses(e), [(Success, 200), (Error, 401)]);
    let success = e.success().unwrap().body.as_ref().unwrap();
    assert_eq!(success.json.to_value()["data"]["expiresIn"], json!(300));
    assert_eq!(
        success.json.to_value()["data"]["accountStatus"],
        json!(null)
    );
}

#[test]
fn logout_json_glued_to_the_next_heading_ends_at_its_brace() {
    let api = real_document().api;
    let e = endpoint(&api, "POST /web/v1/partner/auth/logout");
    // The previous error body ends with `}POST /web/v1/partner/auth/logout`.
    assert_eq!((e.span.line, e.span.column), (56, 2));
    assert_eq!(header_names(e, false), ["Authorization"]);
    assert!(e.request.is_none());
    let error = e.errors().next().unwrap().body.as_ref().unwrap();
    assert_eq!(error.json.to_value()["code"], json!("ACCESS.TOKEN_MISSING"));
}

#[test]
fn group_heading_glued_after_a_body_starts_the_group() {
    let api = real_document().api;
    let e = endpoint(&api, "GET /web/v1/partner/security/ip-whitelist");
    let group = &api.groups[e.group];
    assert_eq!(group.name, "Security");
    assert_eq!((group.span.line, group.span.column), (176, 2));
}

#[test]
fn empty_request_object_glued_to_missing_fixture_note() {
    let api = real_document().api;
    let e = endpoint(&api, "POST /web/v1/partner/secure-channel/session");
    assert_eq!(e.request.as_ref().unwrap().json.to_value(), json!({}));
    assert!(e.success().is_none());
    assert_eq!(
        e.missing_success.as_ref().unwrap().text,
        "No successful E2E fixture captured for this endpoint."
    );
    assert_eq!(statuses(e), [(Error, 400)]);
}

#[test]
fn two_cell_header_row_keeps_name_and_value() {
    let api = real_document().api;
    let e = endpoint(&api, "POST /web/v1/partner/secure-channel/session/close");
    let header = e
        .headers
        .iter()
        .find(|h| h.name == "X-SC-Session-Id")
        .unwrap();
    assert!(!header.required);
    assert_eq!(header.value.as_deref(), Some("Secure channel session ID"));
    assert_eq!(header.description, None);
    assert_eq!(statuses(e), [(Error, 500)]);
}

#[test]
fn no_content_success_has_a_null_body_glued_to_the_error_label() {
    let api = real_document().api;
    let e = endpoint(&api, "POST /web/v1/partner/roles/delete");
    assert_eq!(statuses(e), [(Success, 204), (Error, 404)]);
    let success = e.success().unwrap().body.as_ref().unwrap();
    assert_eq!(success.json.to_value(), json!(null));
    assert_eq!(
        e.request.as_ref().unwrap().json.to_value(),
        json!({"roleId": "fhOnkyZeZSqZ00HI"})
    );
}

#[test]
fn five_success_responses_with_http_404_carry_error_envelopes() {
    let parsed = real_document();
    let routes: Vec<String> = parsed
        .api
        .endpoints
        .iter()
        .filter(|e| e.success().is_some_and(|s| s.status == 404))
        .map(|e| e.route())
        .collect();
    assert_eq!(
        routes,
        [
            "GET /web/v1/partner/api-keys/{keyBizId}",
            "GET /web/v1/partner/wallets/{walletBizId}",
            "GET /web/v1/partner/wallets/{walletBizId}/balance",
            "GET /web/v1/partner/wallets/{walletBizId}/flows",
            "POST /web/v1/partner/recharges/quote",
        ]
    );
    for route in &routes {
        let e = endpoint(&parsed.api, route);
        let body = e.success().unwrap().body.as_ref().unwrap();
        assert_eq!(body.json.to_value()["success"], json!(false), "{route}");
        assert!(
            parsed
                .warnings
                .iter()
                .any(|w| w.code == "success-label-error-envelope"
                    && w.message.contains(route.as_str())),
            "{route}"
        );
    }
}

#[test]
fn path_parameters_are_split_out() {
    let api = real_document().api;
    let e = endpoint(&api, "GET /web/v1/partner/roles/{roleBizId}/permissions");
    let params: Vec<&str> = e.path.params().map(|p| p.name.as_str()).collect();
    assert_eq!(params, ["roleBizId"]);
    assert_eq!(e.path.shape(), "/web/v1/partner/roles/{}/permissions");
    let param = e.path.params().next().unwrap();
    // The heading is glued to the previous body: `}GET /web/v1/partner/roles/{roleBizId}/...`.
    assert_eq!((param.span.line, param.span.column), (e.span.line, 28));
    let e = endpoint(
        &api,
        "GET /web/v1/partner/transfers/query/orders/{transferBizId}/completed",
    );
    assert_eq!(
        e.path.params().map(|p| p.name.as_str()).collect::<Vec<_>>(),
        ["transferBizId"]
    );
    assert_eq!(statuses(e), [(Success, 200)]);
}

#[test]
fn workspace_header_is_optional_where_the_document_says_so() {
    let api = real_document().api;
    let with_workspace = api
        .endpoints
        .iter()
        .filter(|e| e.headers.iter().any(|h| h.name == "X-Workspace-Id"))
        .count();
    assert_eq!(with_workspace, 62);
    let e = endpoint(&api, "GET /web/v1/partner/workspaces/current");
    assert_eq!(header_names(e, false), ["Authorization", "X-Workspace-Id"]);
    assert_eq!(statuses(e), [(Success, 200), (Error, 400)]);
}

#[test]
fn recharge_quote_request_keeps_number_text() {
    let api = real_document().api;
    let e = endpoint(&api, "POST /web/v1/partner/recharges/quote");
    let request = e.request.as_ref().unwrap();
    let amount = request.json.get("amount").unwrap();
    assert_eq!(amount.value, sdkgen::ir::JsonValue::Number("100".into()));
    assert_eq!(statuses(e), [(Success, 404), (Error, 400)]);
}

#[test]
fn warnings_cover_missing_fixtures_and_error_envelopes_only() {
    let parsed = real_document();
    let mut codes: Vec<&str> = parsed.warnings.iter().map(|w| w.code).collect();
    codes.sort_unstable();
    codes.dedup();
    assert_eq!(
        codes,
        [
            "no-success-fixture",
            "preamble-private-location",
            "success-label-error-envelope"
        ]
    );
    assert_eq!(parsed.warnings.len(), 1 + 45 + 5);
    assert_eq!(
        parsed.warnings[0].headline(),
        "docs-input/partner-web-endpoints.txt:3:18: warning: the preamble names a local path (`/home/reynardzhang.linux/workspace/repos/devportal/slaunchx-api-toolkit/doc-verify/data/examples/partner`): the line is left out of the OpenAPI document, the crate docs and the pages"
    );
    assert_eq!(
        parsed.warnings[1].headline(),
        "docs-input/partner-web-endpoints.txt:491:20: warning: `POST /web/v1/partner/security/ip-whitelist` has no success fixture: No successful E2E fixture captured for this endpoint."
    );
}

#[test]
fn secret_named_fields_are_secrets_and_others_are_not() {
    let model = sdkgen::infer::infer(&real_document()).model;
    let fields = |name: &str| match &model.type_named(name).expect(name).kind {
        sdkgen::model::TypeKind::Struct { fields, .. } => fields.clone(),
        _ => panic!("{name} is a struct"),
    };
    let secret = |type_name: &str, wire: &str| {
        fields(type_name)
            .iter()
            .find(|f| f.wire_name == wire)
            .unwrap_or_else(|| panic!("{type_name}.{wire}"))
            .secret
    };
    for (type_name, wire) in [
        ("InitiateLoginRequest", "password"),
        ("RefreshTokenResult", "accessToken"),
        ("RefreshTokenResult", "refreshToken"),
        ("ApiKeyCreated", "secret"),
    ] {
        assert!(secret(type_name, wire), "{type_name}.{wire} is a secret");
    }
    assert!(!secret("InitiateLoginRequest", "email"));
    assert!(!secret("RefreshTokenResult", "expiresIn"));
    // Redacted in Debug.
    let types =
        std::fs::read_to_string(sdkgen_tests::repo_root().join("generated-client/src/types.rs"))
            .expect("generated types");
    for name in [
        "InitiateLoginRequest",
        "RefreshTokenResult",
        "ApiKeyCreated",
    ] {
        assert!(
            types.contains(&format!("impl std::fmt::Debug for {name} {{")),
            "{name} has a redacting Debug"
        );
    }
}

/// The document's sample secrets (the login password, the 64-hex API-key secret) appear in
/// no published output: not in OpenAPI, the pages, the crate's source, README or tour. Only
/// the replayed fixtures (`tests/fixtures.json`) keep them, since the replay must send the
/// sample byte for byte.
#[test]
fn sample_secrets_and_local_paths_are_in_no_published_output() {
    let root = sdkgen_tests::repo_root();
    let parsed = real_document();
    let caught = sdkgen_tests::caught_secrets(&parsed);
    // The rules catch what a reader sees is secret: the login password and the API key's
    // secret, and nothing public (the RSA public key, `sk_live_…` key ids).
    for secret in [
        "DocVerify123!",
        "db85f21f1c5f2dd56e32a8a28321e13a0ad44ebbeaadada187172d071e646f70",
    ] {
        assert!(caught.contains(secret), "{secret} is caught: {caught:?}");
    }
    assert!(
        caught
            .iter()
            .all(|c| !c.starts_with("MIIB") && !c.starts_with("sk_live_")),
        "{caught:?}"
    );
    let mut forbidden: Vec<String> = caught.into_iter().collect();
    forbidden.push("/home/reynardzhang.linux".to_owned());
    let published = sdkgen_tests::published_files(&sdkgen::Config::new([root.join("docs-input")]));
    let mut checked = 0;
    for (path, text) in &published {
        // The replay fixtures send each sample byte for byte, so they keep them; they are
        // test data of the crate, not documentation.
        if path == "tests/fixtures.json" {
            continue;
        }
        for value in &forbidden {
            assert!(!text.contains(value.as_str()), "{path} publishes {value}");
        }
        checked += 1;
    }
    assert!(checked > 40, "only {checked} files checked");
}
