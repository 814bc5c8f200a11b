//! `sdkgen mock` and `sdkgen verify` over HTTP on the real document: the mock answers as the
//! document says, and verify finds nothing against a mock of the same document, exactly the
//! changes against a mock of a changed one, and records what types an untyped endpoint.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sdkgen::mock::server::{RunningMock, ServeOptions};
use sdkgen::mock::Mock;
use sdkgen::verify::{verify, VerifyOptions, VerifyReport};

fn real_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs-input/partner-web-endpoints.txt")
}

fn load(paths: &[PathBuf], config: Option<&Path>) -> (sdkgen::Parsed, sdkgen::infer::Inferred) {
    let mut config_builder = sdkgen::Config::new(paths.iter().cloned());
    if let Some(config) = config {
        config_builder = config_builder.overrides_file(config);
    }
    config_builder.load().expect("the document loads")
}

fn start(paths: &[PathBuf], config: Option<&Path>) -> RunningMock {
    let (parsed, inferred) = load(paths, config);
    let options = ServeOptions {
        port: 0,
        log: false,
        ..ServeOptions::default()
    };
    RunningMock::start(Mock::new(&parsed, &inferred), &options).expect("the mock listens")
}

/// Everything a documented request needs: every path parameter, header and the token.
fn options(url: String) -> VerifyOptions {
    let params: BTreeMap<String, String> = [
        "keyBizId",
        "bizId",
        "roleBizId",
        "transferBizId",
        "walletBizId",
    ]
    .iter()
    .map(|name| ((*name).to_owned(), format!("{name}-1")))
    .collect();
    let headers = [
        ("X-PORTAL-ACCESS-CODE", "pac_test"),
        ("X-Workspace-Id", "ws_1"),
        ("X-Client-Hash", "hash"),
        ("X-LOCALE", "en-US"),
        ("Accept-Language", "en-US"),
        ("X-SC-Session-Id", "sc_1"),
    ]
    .iter()
    .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
    .collect();
    VerifyOptions {
        base_url: url,
        allow_writes: true,
        params,
        headers,
        token: Some("token".to_owned()),
        timeout_secs: 10,
        ..VerifyOptions::default()
    }
}

fn findings(report: &VerifyReport) -> Vec<(String, String, Option<String>)> {
    report
        .findings
        .iter()
        .map(|c| (c.route.clone(), c.check.id().to_owned(), c.location.clone()))
        .collect()
}

#[test]
fn verify_finds_nothing_against_a_mock_of_the_same_document() {
    let real = real_path();
    let mock = start(std::slice::from_ref(&real), None);
    let (parsed, inferred) = load(&[real], None);
    let report = verify(&parsed, &inferred, &options(mock.url())).expect("verify runs");
    assert_eq!(findings(&report), Vec::new());
    assert!(
        report.verified.len() >= 44,
        "{} checked",
        report.verified.len()
    );
    // What is not checked says why: no success to compare with, or a multipart upload.
    assert!(report.skipped.iter().all(|s| !s.why.is_empty()));
    assert!(report.skipped.iter().any(|s| s.why.contains("multipart")));
}

#[test]
fn verify_reports_exactly_the_changes_of_a_changed_service() {
    let real = real_path();
    let text = std::fs::read_to_string(&real).expect("the real document");
    let changed = text
        .replacen("\"maxSessions\": 3,", "\"maxSessions\": \"three\",", 1)
        .replacen("\"ssoEnabled\": true,\n", "", 1)
        .replacen("referrals/mine/count", "referrals/mine/total", 1);
    assert_ne!(changed, text);
    let folder = tempfile::tempdir().expect("a temporary folder");
    let changed_path = folder.path().join("partner-web-endpoints.txt");
    std::fs::write(&changed_path, changed).expect("written");
    let mock = start(&[changed_path], None);
    let (parsed, inferred) = load(&[real], None);
    let report = verify(&parsed, &inferred, &options(mock.url())).expect("verify runs");
    let config = "GET /web/v1/partner/security/sessions/config".to_owned();
    let mut found = findings(&report);
    found.sort();
    assert_eq!(
        found,
        [
            (
                "GET /web/v1/partner/referrals/mine/count".to_owned(),
                "endpoint.removed".to_owned(),
                None
            ),
            (
                config.clone(),
                "response.field-removed".to_owned(),
                Some("data.ssoEnabled".to_owned())
            ),
            (
                config,
                "response.field-type-changed".to_owned(),
                Some("data.maxSessions".to_owned())
            ),
        ]
    );
    let text = report.render(sdkgen::verify::Format::Text);
    assert!(
        text.contains("[response.field-type-changed] breaking at data.maxSessions"),
        "{text}"
    );
    let junit = report.render(sdkgen::verify::Format::Junit);
    assert!(
        junit.contains("<failure message=\"2 finding(s)\""),
        "{junit}"
    );
    let json: serde_json::Value =
        serde_json::from_str(&report.render(sdkgen::verify::Format::Json)).expect("JSON");
    assert_eq!(json["format"], "sdkgen-verify/1");
    assert!(report.reaches(sdkgen::diff::WireSeverity::Breaking));
}

#[test]
fn recorded_answers_type_an_endpoint_the_document_left_untyped() {
    let route = "GET /web/v1/partner/recharges/{bizId}";
    let real = real_path();
    let (parsed, inferred) = load(std::slice::from_ref(&real), None);
    let untyped = inferred
        .model
        .operations
        .iter()
        .find(|op| parsed.api.endpoints[op.endpoint].route() == route)
        .expect("the endpoint");
    assert!(
        untyped.success_response.is_none(),
        "no success sample in the document"
    );

    // A staging server that answers it: a mock of the document plus a sample.
    let staging = tempfile::tempdir().expect("a temporary folder");
    let staging_config = staging.path().join("sdkgen.toml");
    std::fs::write(
        &staging_config,
        format!(
            "[endpoints.\"{route}\"]\nsuccess_sample = '{{\"version\": \"2.0.0\", \"timestamp\": 1, \"success\": true, \"code\": \"2000\", \"message\": \"Success\", \"data\": {{\"bizId\": \"r_1\", \"amount\": 100.25, \"status\": \"PENDING\"}}}}'\n"
        ),
    )
    .expect("written");
    let mock = start(std::slice::from_ref(&real), Some(&staging_config));
    let recorded = tempfile::tempdir().expect("a temporary folder");
    let mut verify_options = options(mock.url());
    verify_options.record = Some(recorded.path().to_path_buf());
    verify(&parsed, &inferred, &verify_options).expect("verify runs");
    let file = recorded
        .path()
        .join(format!("{}.json", untyped.operation_id));
    assert!(file.is_file(), "{} recorded", file.display());

    // Fed back through sdkgen.toml, the recorded answer types the method.
    let project = tempfile::tempdir().expect("a temporary folder");
    std::fs::copy(&real, project.path().join("partner-web-endpoints.txt")).expect("copied");
    std::fs::create_dir(project.path().join("samples")).expect("a folder");
    std::fs::copy(&file, project.path().join("samples/recharge.json")).expect("copied");
    let config = project.path().join("sdkgen.toml");
    std::fs::write(
        &config,
        format!("[endpoints.\"{route}\"]\nsuccess_sample = \"samples/recharge.json\"\n"),
    )
    .expect("written");
    let (parsed, inferred) = load(
        &[project.path().join("partner-web-endpoints.txt")],
        Some(&config),
    );
    let typed = inferred
        .model
        .operations
        .iter()
        .find(|op| parsed.api.endpoints[op.endpoint].route() == route)
        .expect("the endpoint");
    assert!(typed.success_response.is_some());
    assert!(
        matches!(typed.success.data, sdkgen::model::TypeRef::Named { .. }),
        "{:?}",
        typed.success.data
    );
}
