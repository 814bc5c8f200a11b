//! Tests of the mock's answers on the real document, without a socket.

use std::path::PathBuf;

use serde_json::json;

use super::*;

fn real() -> Mock {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs-input/partner-web-endpoints.txt"
    ));
    let parsed = crate::parse_paths(&[path]).expect("the real document parses");
    let inferred = crate::infer::infer(&parsed);
    Mock::new(&parsed, &inferred)
}

/// A request with every header the route requires.
fn request(mock: &Mock, method: &str, path: &str, route: &str) -> MockRequest {
    let route = mock
        .routes()
        .iter()
        .find(|r| r.route == route)
        .unwrap_or_else(|| panic!("no route {route}"));
    let headers = route
        .required
        .iter()
        .map(|h| {
            let value = if h.bearer { "Bearer t" } else { "v" };
            (h.name.clone(), value.to_owned())
        })
        .collect();
    MockRequest {
        method: method.to_owned(),
        path: path.to_owned(),
        headers,
        body: Vec::new(),
    }
}

fn without(mut request: MockRequest, name: &str) -> MockRequest {
    request
        .headers
        .retain(|(n, _)| !n.eq_ignore_ascii_case(name));
    request
}

#[test]
fn a_documented_request_gets_the_success_sample() {
    let mock = real();
    let answer = mock.answer(&request(
        &mock,
        "GET",
        "/web/v1/partner/roles",
        "GET /web/v1/partner/roles",
    ));
    assert_eq!(answer.status, 200, "{answer:?}");
    assert_eq!(answer.body["success"], true);
    assert_eq!(answer.why, "sample success");
}

#[test]
fn a_missing_token_or_header_gets_the_documented_error_or_one_naming_it() {
    let mock = real();
    let full = request(
        &mock,
        "GET",
        "/web/v1/partner/roles",
        "GET /web/v1/partner/roles",
    );
    let answer = mock.answer(&without(full.clone(), "Authorization"));
    assert_eq!(answer.status, 401);
    assert_eq!(
        answer.body["code"], "ACCESS.TOKEN_MISSING",
        "the document's own sample"
    );
    // A value that is not `Bearer <token>` (here with a non-ASCII character where the scheme
    // ends) is no token, and no panic.
    let mut odd = without(full.clone(), "Authorization");
    odd.headers
        .push(("Authorization".to_owned(), "Beareré token".to_owned()));
    assert_eq!(mock.answer(&odd).status, 401);
    let answer = mock.answer(&without(full, "X-Workspace-Id"));
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.body["success"], false);
    let message = answer.body["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(message.contains("X-Workspace-Id"), "{message}");
}

#[test]
fn prefer_picks_a_documented_sample_by_code_or_name() {
    let mock = real();
    let mut request = request(
        &mock,
        "GET",
        "/web/v1/partner/roles",
        "GET /web/v1/partner/roles",
    );
    request
        .headers
        .push(("Prefer".to_owned(), "code=401".to_owned()));
    let answer = mock.answer(&request);
    assert_eq!(
        (answer.status, answer.body["code"].clone()),
        (401, json!("ACCESS.TOKEN_MISSING"))
    );
    request.headers.pop();
    request.headers.push((
        "prefer".to_owned(),
        "example=401-ACCESS.TOKEN_MISSING".to_owned(),
    ));
    assert_eq!(mock.answer(&request).status, 401);
    request.headers.pop();
    request
        .headers
        .push(("Prefer".to_owned(), "example=nope".to_owned()));
    let answer = mock.answer(&request);
    assert_eq!(answer.status, 400);
    assert!(answer.body["message"]
        .as_str()
        .unwrap_or_default()
        .contains("success (HTTP 200)"));
}

#[test]
fn a_body_that_does_not_fit_gets_a_400_naming_the_path_and_type() {
    let mock = real();
    let route = "POST /web/v1/partner/recharges/quote";
    let mut request = request(&mock, "POST", "/web/v1/partner/recharges/quote", route);
    request.body = br#"{"channelBizId": 5, "amount": 100}"#.to_vec();
    let answer = mock.answer(&request);
    assert_eq!(answer.status, 400, "{answer:?}");
    assert_eq!(answer.body["code"], "MOCK.BODY_INVALID");
    assert_eq!(
        answer.body["data"],
        json!({"path": "body.channelBizId", "expected": "a string"})
    );
    request.body = b"{not json".to_vec();
    assert_eq!(mock.answer(&request).body["code"], "MOCK.BODY_NOT_JSON");
    request.body = br#"{"channelBizId": "c", "amount": 100}"#.to_vec();
    let answer = mock.answer(&request);
    // Its only "success" sample is an error: the document has no success for it.
    assert_eq!(answer.status, 501, "{answer:?}");
}

#[test]
fn unknown_paths_and_methods_and_endpoints_without_success_are_explained() {
    let mock = real();
    let answer = mock.answer(&MockRequest {
        method: "GET".to_owned(),
        path: "/nope".to_owned(),
        ..MockRequest::default()
    });
    assert_eq!(
        (answer.status, answer.body["code"].clone()),
        (404, json!("MOCK.NO_ROUTE"))
    );
    let answer = mock.answer(&MockRequest {
        method: "DELETE".to_owned(),
        path: "/web/v1/partner/roles".to_owned(),
        ..MockRequest::default()
    });
    assert_eq!(answer.status, 405);
    let route = "GET /web/v1/partner/recharges/{bizId}";
    let answer = mock.answer(&request(
        &mock,
        "GET",
        "/web/v1/partner/recharges/r_1",
        route,
    ));
    assert_eq!(answer.status, 501, "{answer:?}");
    let message = answer.body["message"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(message.contains("success_sample"), "{message}");
}

#[test]
fn literal_routes_win_over_parameters_and_values_are_echoed() {
    let mock = real();
    let route = "GET /web/v1/partner/roles/permissions/tree";
    let answer = mock.answer(&request(
        &mock,
        "GET",
        "/web/v1/partner/roles/permissions/tree",
        route,
    ));
    assert_eq!(answer.status, 200, "{answer:?}");
    let echo = MockRoute {
        route: "GET /items/{id}".to_owned(),
        method: Method::Get,
        segments: vec![Some("items".to_owned()), None],
        params: vec![("id".to_owned(), Some("item-1".to_owned()))],
        samples: Vec::new(),
        missing_success: None,
        required: Vec::new(),
        request: None,
    };
    let mut body = json!({"data": {"id": "item-1", "other": "item-2", "list": ["item-1"]}});
    echo.echo_params(&mut body, &["items", "it 9"]);
    assert_eq!(
        body["data"],
        json!({"id": "it 9", "other": "item-2", "list": ["it 9"]})
    );
    assert!(matches!(
        Preference::read(Some("wait=5, code=404")),
        Preference::Code(404)
    ));
    assert_eq!(Preference::read(Some("respond-async")), Preference::None);
}
