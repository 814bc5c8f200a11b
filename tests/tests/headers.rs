//! Headers in the published contract, on the real document: credentials are `apiKey` security
//! schemes (the portal access code is no parameter), proxy headers and `User-Agent` are left
//! out unless the switch includes them, and every endpoint page's **Request headers** table
//! lists exactly the headers of its OpenAPI operation, required or optional as there, with
//! the switch off and on.

use std::collections::{BTreeMap, BTreeSet};

use sdkgen::emit::openapi::Version;
use sdkgen::model::{AuthUse, Publication};
use sdkgen::{Config, Outputs, Rendered};
use sdkgen_tests::{operation, real_document, repo_root, REAL_DOCUMENT};
use serde_json::{json, Value};

/// The OpenAPI document and the pages of the real document.
fn render(version: Version, transport_headers: bool) -> Rendered {
    Config::new([repo_root().join(REAL_DOCUMENT)])
        .openapi_version(version)
        .transport_headers(transport_headers)
        .outputs(Outputs {
            client: false,
            openapi: true,
            markdown: true,
        })
        .render()
        .expect("the real document renders")
}

fn openapi(rendered: &Rendered) -> Value {
    serde_json::from_str(&rendered.files["openapi.json"]).expect("openapi.json is JSON")
}

/// A `$ref` resolved against the document (one level is all parameters use).
fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    match node["$ref"].as_str() {
        Some(target) => target
            .trim_start_matches("#/")
            .split('/')
            .fold(doc, |at, key| &at[key]),
        None => node,
    }
}

/// The headers an OpenAPI operation has, with whether it requires them: its header
/// parameters, and the header of every security scheme its `security` names (`Authorization`
/// for the bearer scheme), required when every alternative has it.
fn openapi_headers(doc: &Value, operation: &Value) -> BTreeSet<(String, bool)> {
    let mut out = BTreeSet::new();
    for parameter in operation["parameters"].as_array().into_iter().flatten() {
        let parameter = resolve(doc, parameter);
        if parameter["in"] == json!("header") {
            let name = parameter["name"].as_str().expect("a name").to_owned();
            let required = parameter["required"].as_bool().expect("required is set");
            out.insert((name, required));
        }
    }
    let alternatives: Vec<&serde_json::Map<String, Value>> = operation["security"]
        .as_array()
        .expect("every operation has `security`")
        .iter()
        .map(|r| r.as_object().expect("a security requirement"))
        .collect();
    let schemes: BTreeSet<&String> = alternatives.iter().flat_map(|r| r.keys()).collect();
    for scheme in schemes {
        let definition = &doc["components"]["securitySchemes"][scheme.as_str()];
        let header = match definition["type"].as_str() {
            Some("http") => "Authorization".to_owned(),
            Some("apiKey") => {
                assert_eq!(definition["in"], json!("header"), "{scheme}");
                definition["name"].as_str().expect("a header").to_owned()
            }
            other => panic!("unexpected scheme type {other:?} of {scheme}"),
        };
        let required = alternatives.iter().all(|r| r.contains_key(scheme.as_str()));
        out.insert((header, required));
    }
    out
}

/// The `### METHOD /path` sections of every group page, by heading (the route, with the query
/// the document wrote).
fn sections(rendered: &Rendered) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for (path, text) in &rendered.files {
        let Some(page) = path.strip_prefix("docs/") else {
            continue;
        };
        if ["index.md", "types.md", "headers.md"].contains(&page) {
            continue;
        }
        for part in text.split("\n### ").skip(1) {
            let (heading, body) = part.split_once('\n').expect("a heading line");
            out.insert(heading.to_owned(), body.to_owned());
        }
    }
    out
}

/// An endpoint section's **Request headers**: the table's (header, required) rows and the
/// paragraphs after it, up to the document's own header labels.
fn request_headers(section: &str) -> (BTreeSet<(String, bool)>, String) {
    let Some(start) = section.find("#### Request headers\n") else {
        return (BTreeSet::new(), String::new());
    };
    let block = &section[start..];
    let block = block[1..]
        .find("\n#### ")
        .map_or(block, |end| &block[..end + 1]);
    let block = block
        .find("\n**[")
        .or_else(|| block.find("\n**Required Headers"))
        .or_else(|| block.find("\n**Optional Headers"))
        .map_or(block, |end| &block[..end]);
    let mut rows = BTreeSet::new();
    let mut prose = String::new();
    for line in block.lines().skip(1) {
        if let Some(row) = line.strip_prefix("| `") {
            let cells: Vec<&str> = row.split(" | ").collect();
            let name = cells[0].trim_end_matches('`').to_owned();
            let required = match cells[1] {
                "yes" => true,
                "no" => false,
                other => panic!("a required cell is yes or no, not {other:?}"),
            };
            rows.insert((name, required));
        } else if !line.starts_with('|') {
            prose.push_str(line);
            prose.push(' ');
        }
    }
    (rows, prose)
}

/// Every endpoint of the real document: its page table equals its OpenAPI operation's
/// headers, and the line under it names every header the contract leaves out, with a link
/// to the headers page. Returns how many rows were compared.
fn check_pages_agree_with_openapi(version: Version, transport_headers: bool) -> usize {
    let rendered = render(version, transport_headers);
    let doc = openapi(&rendered);
    let sections = sections(&rendered);
    let parsed = &rendered.parsed;
    let mut compared = 0;
    for op in &rendered.inferred.model.operations {
        let endpoint = &parsed.api.endpoints[op.endpoint];
        let route = endpoint.route();
        let section = sections
            .iter()
            .find(|(heading, _)| heading.split('?').next() == Some(route.as_str()))
            .map(|(_, body)| body)
            .unwrap_or_else(|| panic!("{route} has a section"));
        let operation =
            &doc["paths"][&endpoint.path.template][endpoint.method.as_str().to_lowercase()];
        assert!(operation.is_object(), "{route} is in OpenAPI");
        let (page, prose) = request_headers(section);
        let contract = openapi_headers(&doc, operation);
        assert_eq!(
            page, contract,
            "{route} (transport headers {transport_headers}): the page's table and OpenAPI differ"
        );
        compared += page.len();
        let left_out = op.left_out_headers(transport_headers);
        if !left_out.is_empty() {
            assert!(
                prose.contains("leaves out") && prose.contains("](headers.md)"),
                "{route}: {prose}"
            );
            for (header, _) in left_out {
                assert!(
                    prose.contains(&format!("`{}`", header.wire_name)),
                    "{route}: the line names {}",
                    header.wire_name
                );
                assert!(
                    !page.iter().any(|(name, _)| *name == header.wire_name),
                    "{route}: {} is left out, not listed",
                    header.wire_name
                );
            }
        }
    }
    compared
}

#[test]
fn every_page_header_table_lists_exactly_its_openapi_operations_headers() {
    let operations = real_document().api.endpoints.len();
    for version in [Version::V3_1, Version::V3_0] {
        let rows = check_pages_agree_with_openapi(version, false);
        // At least the access code and four context headers on every endpoint.
        assert!(rows >= 5 * operations, "{rows} rows compared");
    }
}

#[test]
fn with_transport_headers_the_page_tables_still_equal_openapi() {
    let operations = real_document().api.endpoints.len();
    let without = check_pages_agree_with_openapi(Version::V3_1, false);
    let with = check_pages_agree_with_openapi(Version::V3_1, true);
    // Four proxy headers and `User-Agent` on every endpoint.
    assert_eq!(with, without + 5 * operations);
}

/// The header parameters of every operation, by `operationId`.
fn header_parameters(doc: &Value) -> BTreeMap<String, BTreeSet<(String, bool)>> {
    let mut out = BTreeMap::new();
    for item in doc["paths"].as_object().expect("paths").values() {
        for operation in item.as_object().expect("a path item").values() {
            let id = operation["operationId"].as_str().expect("an id").to_owned();
            let headers = operation["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .map(|p| resolve(doc, p))
                .filter(|p| p["in"] == json!("header"))
                .map(|p| {
                    let name = p["name"].as_str().expect("a name").to_owned();
                    (name, p["required"] == json!(true))
                })
                .collect();
            out.insert(id, headers);
        }
    }
    out
}

#[test]
fn the_switch_puts_proxy_headers_and_user_agent_in_openapi_and_the_pages() {
    const ADDED: [&str; 5] = [
        "X-Forwarded-Proto",
        "CF-Connecting-IP",
        "Cf-Ray",
        "cf-ipcountry",
        "User-Agent",
    ];
    let off = render(Version::V3_1, false);
    let on = render(Version::V3_1, true);
    let (off_doc, on_doc) = (openapi(&off), openapi(&on));
    let (off_params, on_params) = (header_parameters(&off_doc), header_parameters(&on_doc));
    assert_eq!(off_params.len(), 94);
    for (id, headers) in &off_params {
        let with = &on_params[id];
        for name in ADDED {
            assert!(!headers.iter().any(|(n, _)| n == name), "{id}: {name}");
            // Proxy headers are never demanded of callers; `User-Agent` as the document says.
            let required = name == "User-Agent";
            assert!(with.contains(&(name.to_owned(), required)), "{id}: {name}");
        }
        // Nothing else changes, and `Content-Type`/`Accept` stay media types.
        let rest: BTreeSet<_> = with
            .iter()
            .filter(|(n, _)| !ADDED.contains(&n.as_str()))
            .cloned()
            .collect();
        assert_eq!(&rest, headers, "{id}");
        assert!(!with
            .iter()
            .any(|(n, _)| n == "Content-Type" || n == "Accept"));
    }
    // Shared once: the proxy headers are components, marked as such.
    let parameters = &on_doc["components"]["parameters"];
    assert_eq!(
        parameters["CfConnectingIp"]["x-sdkgen-role"],
        json!("proxy")
    );
    assert!(off_doc["components"]["parameters"]
        .get("CfConnectingIp")
        .is_none());
    // The pages follow: the roles page's first table, and the headers page's verdict.
    let roles_off = &off.files["docs/roles.md"];
    let roles_on = &on.files["docs/roles.md"];
    assert!(!roles_off.contains("| `CF-Connecting-IP` | no | parameter |"));
    assert!(roles_on.contains("| `CF-Connecting-IP` | no | parameter |"));
    let flat = |text: &str| text.replace('\n', " ");
    assert!(flat(roles_off).contains("leaves out `X-Forwarded-Proto`, `CF-Connecting-IP`"));
    assert!(flat(&off.files["docs/headers.md"]).contains("generated with them left out"));
    assert!(flat(&on.files["docs/headers.md"]).contains("generated with them included"));
}

#[test]
fn the_access_code_is_an_api_key_scheme_that_token_missing_operations_require_with_the_token() {
    for version in [Version::V3_1, Version::V3_0] {
        let rendered = render(version, false);
        let doc = openapi(&rendered);
        assert_eq!(
            doc["components"]["securitySchemes"]["portalAccessCode"],
            json!({
                "type": "apiKey",
                "in": "header",
                "name": "X-PORTAL-ACCESS-CODE",
                "description": "Portal access code. Sent in the `X-PORTAL-ACCESS-CODE` header."
            })
        );
        // No parameter anywhere is the access code.
        let text = serde_json::to_string(&doc["components"]["parameters"]).expect("JSON");
        assert!(!text.contains("X-PORTAL-ACCESS-CODE"));
        for headers in header_parameters(&doc).values() {
            assert!(!headers.iter().any(|(n, _)| n == "X-PORTAL-ACCESS-CODE"));
        }
        let model = &rendered.inferred.model;
        let api = &rendered.parsed.api;
        // `GET /roles`: the table has `Authorization` optional, its 401 says
        // `ACCESS.TOKEN_MISSING`: both schemes, together, in the only alternative.
        let list = operation(api, model, "GET /web/v1/partner/roles");
        assert!(list.errors.iter().any(|e| e.code == "ACCESS.TOKEN_MISSING"));
        assert_eq!(list.auth, AuthUse::Required);
        assert_eq!(
            doc["paths"]["/web/v1/partner/roles"]["get"]["security"],
            json!([{"bearerAuth": [], "portalAccessCode": []}])
        );
        // An optional token: with and without it, the access code in both.
        let delete = operation(api, model, "POST /web/v1/partner/roles/delete");
        assert_eq!(delete.auth, AuthUse::Optional);
        assert_eq!(
            doc["paths"]["/web/v1/partner/roles/delete"]["post"]["security"],
            json!([{"portalAccessCode": []}, {"bearerAuth": [], "portalAccessCode": []}])
        );
        // Every operation with a token-missing 401 requires both.
        let mut checked = 0;
        for op in &model.operations {
            if !op.errors.iter().any(|e| e.code == "ACCESS.TOKEN_MISSING") {
                continue;
            }
            let endpoint = &api.endpoints[op.endpoint];
            let security = &doc["paths"][&endpoint.path.template]
                [endpoint.method.as_str().to_lowercase()]["security"];
            assert_eq!(
                security,
                &json!([{"bearerAuth": [], "portalAccessCode": []}]),
                "{}",
                endpoint.route()
            );
            checked += 1;
        }
        assert_eq!(checked, 39);
    }
}

#[test]
fn the_headers_page_lists_every_header_the_document_names() {
    let rendered = render(Version::V3_1, false);
    let page = &rendered.files["docs/headers.md"];
    assert!(rendered.files["docs/index.md"].contains("](headers.md)"));
    let rows: BTreeMap<&str, Vec<&str>> = page
        .lines()
        .filter_map(|l| l.strip_prefix("| `"))
        .map(|row| {
            let cells: Vec<&str> = row.split(" | ").collect();
            (cells[0].trim_end_matches('`'), cells)
        })
        .collect();
    let named: BTreeSet<&str> = rendered
        .parsed
        .api
        .endpoints
        .iter()
        .flat_map(|e| &e.headers)
        .map(|h| h.name.as_str())
        .collect();
    assert_eq!(rows.keys().copied().collect::<BTreeSet<_>>(), named);
    // Who sets it, and whether the contract has it, as the model decides.
    for op in &rendered.inferred.model.operations {
        for header in &op.headers {
            let cells = &rows[header.wire_name.as_str()];
            let expected = match header.publication(false) {
                Publication::Parameter => "yes: a header parameter",
                Publication::ApiKey => "yes: the `portalAccessCode` security scheme",
                Publication::Bearer => "yes: the `bearerAuth` security scheme",
                Publication::MediaType => "no: the ",
                Publication::LeftOut => "no, unless [included](#including-transport-headers)",
            };
            assert!(cells[2].starts_with(expected), "{cells:?}");
        }
    }
    assert_eq!(rows["cf-ipcountry"][1], "the proxy or CDN");
    assert_eq!(rows["User-Agent"][1], "the HTTP stack");
    assert_eq!(rows["X-Workspace-Id"][1], "the client, once");
    assert_eq!(rows["X-Request-Id"][1], "the client, per call");
    assert_eq!(rows["X-SC-Session-Id"][1], "the caller, per call");
    assert_eq!(rows["X-PORTAL-ACCESS-CODE"][1], "the caller: a credential");
    // How to include the transport headers.
    let flat = page.replace('\n', " ");
    assert!(flat.contains("transport_headers = true") && flat.contains("--transport-headers"));
}
