//! Tests of the hand-written runtime (`src/runtime/`) against a local mock server, through the
//! crate's public API only. Copied into every generated crate as `tests/runtime.rs`.
//!
//! The generator replaces every `partner_web_client` in this file with the generated crate's
//! library name; everything else is copied verbatim. The file needs, from the crate root:
//!
//! - `Client`, `ClientBuilder`, `Call`, `Error`, `ApiError`, the generated `Error::error_code`
//!   and the re-exported `rust_decimal` (public API);
//! - `__private::decimal` (hidden), the exact-decimal serde helpers of generated types;
//! - `__private::{EndpointSpec, Method, Segment, Auth, ContextHeader, Need}` (hidden:
//!   `#[doc(hidden)] pub use runtime::__private;` in `lib.rs`), to describe test endpoints
//!   that do not depend on the generated ones;
//! - `Delivery` (public API);
//! - dependencies `chrono`, `serde` (with `derive`), `serde_json`, `uuid`; dev-dependencies
//!   `tokio`
//!   (`macros`, `rt-multi-thread`) and `wiremock`.

use std::time::{Duration, Instant, SystemTime};

use serde::Deserialize;
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use partner_web_client::__private::{Auth, ContextHeader, EndpointSpec, Method, Need, Segment};
use partner_web_client::rust_decimal::Decimal;
use partner_web_client::{ApiError, Call, CallOptions, Client, ClientBuilder, Delivery, Error};

static GET_ITEM: EndpointSpec = EndpointSpec {
    method: Method::Get,
    path: &[Segment::Literal("web/v1/items"), Segment::Param("itemId")],
    auth: Auth::Required,
    context: &[(ContextHeader::WorkspaceId, Need::Optional)],
    route: "GET /web/v1/items/{itemId}",
};

static CREATE_ITEM: EndpointSpec = EndpointSpec {
    method: Method::Post,
    path: &[Segment::Literal("web/v1/items")],
    auth: Auth::Required,
    context: &[],
    route: "POST /web/v1/items",
};

static DELETE_ITEM: EndpointSpec = EndpointSpec {
    method: Method::Delete,
    path: &[Segment::Literal("web/v1/items"), Segment::Param("itemId")],
    auth: Auth::Required,
    context: &[],
    route: "DELETE /web/v1/items/{itemId}",
};

static MEMBERS: EndpointSpec = EndpointSpec {
    method: Method::Get,
    path: &[Segment::Literal("web/v1/workspace/members")],
    auth: Auth::Required,
    context: &[(ContextHeader::WorkspaceId, Need::Required)],
    route: "GET /web/v1/workspace/members",
};

static PUBLIC_INFO: EndpointSpec = EndpointSpec {
    method: Method::Get,
    path: &[Segment::Literal("web/v1/public/info")],
    auth: Auth::Optional,
    context: &[
        (ContextHeader::AccessCode, Need::Optional),
        (ContextHeader::Locale, Need::Optional),
    ],
    route: "GET /web/v1/public/info",
};

static PING: EndpointSpec = EndpointSpec {
    method: Method::Get,
    path: &[Segment::Literal("web/v1/ping")],
    auth: Auth::None,
    context: &[],
    route: "GET /web/v1/ping",
};

#[derive(Debug, Deserialize, PartialEq)]
#[serde(rename_all = "camelCase")]
struct Item {
    id: String,
    created_at: i64,
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)]
struct Page {
    items: Vec<Item>,
}

fn envelope(data: serde_json::Value) -> serde_json::Value {
    json!({
        "version": "2.0.0",
        "timestamp": 1_774_885_047_821_i64,
        "success": true,
        "code": "2000",
        "message": "Success",
        "data": data,
    })
}

fn error_envelope(code: &str, message: &str) -> serde_json::Value {
    json!({
        "version": "2.0.0",
        "timestamp": 1_774_885_047_821_i64,
        "success": false,
        "code": code,
        "message": message,
        "data": null,
    })
}

fn ok(data: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(envelope(data))
}

fn item_json() -> serde_json::Value {
    json!({"id": "it_1", "createdAt": 1})
}

/// A client of `server` with a bearer token and short backoff-friendly defaults.
fn builder(server: &MockServer) -> ClientBuilder {
    Client::builder(server.uri()).bearer_token("tok")
}

fn client(server: &MockServer) -> Client {
    builder(server).build().expect("client")
}

fn call<'a, T>(client: &'a Client, spec: &'static EndpointSpec) -> Call<'a, T> {
    Call::new(client, spec)
}

async fn requests(server: &MockServer) -> Vec<Request> {
    server.received_requests().await.expect("recording is on")
}

fn header<'r>(request: &'r Request, name: &str) -> Option<&'r str> {
    request.headers.get(name).and_then(|v| v.to_str().ok())
}

/// Mounts a catch-all answer for any request.
async fn answer_everything(server: &MockServer, response: ResponseTemplate) {
    Mock::given(wiremock::matchers::any())
        .respond_with(response)
        .mount(server)
        .await;
}

#[tokio::test]
async fn path_parameters_are_percent_encoded_as_one_segment() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json())).await;
    let client = client(&server);
    let cases = [
        ("a/b", "a%2Fb"),
        ("a?b", "a%3Fb"),
        ("a#b", "a%23b"),
        ("100%", "100%25"),
        ("a b", "a%20b"),
        ("é", "%C3%A9"),
        ("...", "..."),
        ("it_1-x.y~", "it_1-x.y~"),
    ];
    for (value, encoded) in cases {
        let item: Item = call(&client, &GET_ITEM).param(value).await.expect(value);
        assert_eq!(item.id, "it_1");
        let last = requests(&server).await.pop().expect("a request");
        assert_eq!(
            last.url.path(),
            format!("/web/v1/items/{encoded}"),
            "{value}"
        );
        assert_eq!(last.url.query(), None, "{value}");
    }
}

#[tokio::test]
async fn empty_dot_and_dot_dot_parameters_are_rejected_before_sending() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json())).await;
    let client = client(&server);
    for value in ["", ".", ".."] {
        let error = call::<serde_json::Value>(&client, &GET_ITEM)
            .param(value)
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidArgument { .. }),
            "{value:?}: {error:?}"
        );
    }
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn missing_token_fails_before_sending() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json())).await;
    let client = Client::builder(server.uri()).build().unwrap();
    let error = call::<serde_json::Value>(&client, &GET_ITEM)
        .param("it_1")
        .await
        .unwrap_err();
    match &error {
        Error::MissingCredential { route, .. } => assert_eq!(*route, "GET /web/v1/items/{itemId}"),
        other => panic!("expected MissingCredential, got {other:?}"),
    }
    assert_eq!(error.request_id(), None);
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn missing_required_workspace_id_fails_before_sending_and_can_be_given_per_call() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(json!([]))).await;
    let client = client(&server);
    let error = call::<serde_json::Value>(&client, &MEMBERS)
        .await
        .unwrap_err();
    match &error {
        Error::MissingHeader { name, route, .. } => {
            assert_eq!(name, &"X-Workspace-Id");
            assert_eq!(route, &"GET /web/v1/workspace/members");
        }
        other => panic!("expected MissingHeader, got {other:?}"),
    }
    assert!(requests(&server).await.is_empty());

    call::<serde_json::Value>(&client, &MEMBERS)
        .workspace_id("ws_call")
        .await
        .unwrap();
    let configured = builder(&server).workspace_id("ws_client").build().unwrap();
    call::<serde_json::Value>(&configured, &MEMBERS)
        .await
        .unwrap();
    call::<serde_json::Value>(&configured, &MEMBERS)
        .workspace_id("ws_override")
        .await
        .unwrap();
    let sent: Vec<_> = requests(&server)
        .await
        .iter()
        .map(|r| header(r, "x-workspace-id").map(str::to_owned))
        .collect();
    assert_eq!(
        sent,
        [
            Some("ws_call".to_owned()),
            Some("ws_client".to_owned()),
            Some("ws_override".to_owned())
        ]
    );
}

#[tokio::test]
async fn optional_auth_sends_the_token_only_when_set_and_no_auth_never() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(json!({}))).await;
    let client = Client::builder(server.uri())
        .access_code("pac_secret")
        .build()
        .unwrap();
    call::<serde_json::Value>(&client, &PUBLIC_INFO)
        .await
        .unwrap();
    client.set_bearer_token(Some("tok".to_owned()));
    call::<serde_json::Value>(&client, &PUBLIC_INFO)
        .await
        .unwrap();
    call::<serde_json::Value>(&client, &PING).await.unwrap();

    let seen = requests(&server).await;
    assert_eq!(header(&seen[0], "authorization"), None);
    assert_eq!(header(&seen[1], "authorization"), Some("Bearer tok"));
    assert_eq!(header(&seen[2], "authorization"), None);
    assert_eq!(header(&seen[0], "x-portal-access-code"), Some("pac_secret"));
    assert_eq!(
        header(&seen[0], "x-locale"),
        None,
        "locale is not configured"
    );
    assert_eq!(
        header(&seen[2], "x-portal-access-code"),
        None,
        "not declared by PING"
    );
}

#[tokio::test]
async fn set_bearer_token_takes_effect_on_the_next_call_of_every_clone() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json())).await;
    let client = client(&server);
    let clone = client.clone();
    call::<Item>(&client, &GET_ITEM).param("a").await.unwrap();
    clone.set_bearer_token(Some("fresh".to_owned()));
    call::<Item>(&client, &GET_ITEM).param("a").await.unwrap();
    call::<Item>(&client, &GET_ITEM)
        .param("a")
        .bearer_token("per-call")
        .await
        .unwrap();
    let seen = requests(&server).await;
    let auth: Vec<_> = seen.iter().map(|r| header(r, "authorization")).collect();
    assert_eq!(
        auth,
        [
            Some("Bearer tok"),
            Some("Bearer fresh"),
            Some("Bearer per-call")
        ]
    );
    client.set_bearer_token(None);
    assert!(!clone.has_bearer_token());
    let error = call::<Item>(&clone, &GET_ITEM)
        .param("a")
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::MissingCredential { .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn every_call_has_a_fresh_request_id_unless_overridden() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json())).await;
    let client = client(&server);
    let first = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .send_with_metadata()
        .await
        .unwrap();
    let second = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .send_with_metadata()
        .await
        .unwrap();
    let chosen = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .request_id("trace-123")
        .send_with_metadata()
        .await
        .unwrap();
    let seen = requests(&server).await;
    let ids: Vec<_> = seen.iter().map(|r| header(r, "x-request-id")).collect();
    assert_eq!(ids[0], Some(first.request_id.as_str()));
    assert_eq!(ids[1], Some(second.request_id.as_str()));
    assert_ne!(first.request_id, second.request_id);
    assert!(uuid::Uuid::parse_str(&first.request_id).is_ok());
    assert_eq!(ids[2], Some("trace-123"));
    assert_eq!(chosen.request_id, "trace-123");
}

#[tokio::test]
async fn standard_and_default_headers_are_sent() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json())).await;
    let client = builder(&server)
        .default_header("CF-Connecting-IP", "203.0.113.7")
        .locale("en-US")
        .build()
        .unwrap();
    call::<Item>(&client, &CREATE_ITEM)
        .json(&json!({"name": "n"}))
        .header("X-Extra", "1")
        .await
        .unwrap();
    call::<Item>(&client, &GET_ITEM).param("a").await.unwrap();
    let seen = requests(&server).await;
    let post = &seen[0];
    assert_eq!(header(post, "cf-connecting-ip"), Some("203.0.113.7"));
    assert_eq!(header(post, "accept"), Some("application/json"));
    assert_eq!(header(post, "content-type"), Some("application/json"));
    assert_eq!(header(post, "x-extra"), Some("1"));
    let user_agent = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
    assert_eq!(header(post, "user-agent"), Some(user_agent));
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&post.body).unwrap(),
        json!({"name": "n"})
    );
    assert_eq!(header(&seen[1], "content-type"), None);
    assert_eq!(header(&seen[1], "cf-connecting-ip"), Some("203.0.113.7"));
}

#[tokio::test]
async fn get_is_retried_after_503_with_the_same_request_id() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    answer_everything(&server, ok(item_json())).await;
    let client = client(&server);
    let response = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    let seen = requests(&server).await;
    assert_eq!(seen.len(), 2);
    for request in &seen {
        assert_eq!(
            header(request, "x-request-id"),
            Some(response.request_id.as_str())
        );
    }
}

#[tokio::test]
async fn post_without_an_idempotency_key_is_sent_once_even_after_503() {
    let server = MockServer::start().await;
    answer_everything(
        &server,
        ResponseTemplate::new(503).insert_header("Retry-After", "0"),
    )
    .await;
    let client = builder(&server).max_retries(5).build().unwrap();
    let error = call::<Item>(&client, &CREATE_ITEM)
        .json(&json!({}))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(error.delivery(), Delivery::Sent);
    let seen = requests(&server).await;
    assert_eq!(seen.len(), 1);
    assert_eq!(header(&seen[0], "idempotency-key"), None);
}

#[tokio::test]
async fn post_with_an_idempotency_key_is_retried_with_the_same_key() {
    let server = MockServer::start().await;
    Mock::given(method("POST"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(2)
        .mount(&server)
        .await;
    answer_everything(&server, ok(item_json())).await;
    let client = client(&server);
    let response = call::<Item>(&client, &CREATE_ITEM)
        .json(&json!({"name": "n"}))
        .idempotency_key("payout-7f3a")
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(response.data.id, "it_1");
    let seen = requests(&server).await;
    assert_eq!(seen.len(), 3);
    for request in &seen {
        assert_eq!(header(request, "idempotency-key"), Some("payout-7f3a"));
        assert_eq!(
            header(request, "x-request-id"),
            Some(response.request_id.as_str())
        );
        assert_eq!(
            serde_json::from_slice::<serde_json::Value>(&request.body).unwrap(),
            json!({"name": "n"})
        );
    }
}

#[tokio::test]
async fn the_idempotency_key_header_is_configurable_and_checked() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json())).await;
    let client = builder(&server)
        .idempotency_key_header("X-Idempotency-Token")
        .build()
        .unwrap();
    call::<Item>(&client, &CREATE_ITEM)
        .json(&json!({}))
        .options(CallOptions::new().idempotency_key("k-1"))
        .await
        .unwrap();
    let seen = requests(&server).await;
    assert_eq!(header(&seen[0], "x-idempotency-token"), Some("k-1"));
    assert_eq!(header(&seen[0], "idempotency-key"), None);

    let bad_name = builder(&server).idempotency_key_header("bad name").build();
    assert!(matches!(bad_name, Err(Error::InvalidArgument { .. })));
    for bad_key in ["", "line\nbreak"] {
        let error = call::<Item>(&client, &CREATE_ITEM)
            .json(&json!({}))
            .idempotency_key(bad_key)
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
        assert_eq!(error.delivery(), Delivery::NotSent);
    }
    assert_eq!(requests(&server).await.len(), 1);
}

#[tokio::test]
async fn a_timeout_after_sending_is_unknown_and_a_post_is_not_retried() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json()).set_delay(Duration::from_secs(3))).await;
    let client = builder(&server).max_retries(3).build().unwrap();
    let error = call::<Item>(&client, &CREATE_ITEM)
        .json(&json!({"amount": "100.00"}))
        .timeout(Duration::from_millis(200))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert_eq!(error.delivery(), Delivery::Unknown);
    assert!(!error.is_retryable());
    assert_eq!(requests(&server).await.len(), 1);

    // The same with a key: safe to repeat, so retryable and retried.
    let error = call::<Item>(&client, &CREATE_ITEM)
        .json(&json!({"amount": "100.00"}))
        .idempotency_key("k-2")
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .await
        .unwrap_err();
    assert_eq!(error.delivery(), Delivery::Unknown);
    assert!(error.is_retryable());
    assert_eq!(requests(&server).await.len(), 3);
}

/// `time` as an IMF-fixdate, such as `Sun, 06 Nov 1994 08:49:37 GMT`.
fn http_date(time: SystemTime) -> String {
    let seconds = time.duration_since(SystemTime::UNIX_EPOCH).unwrap().as_secs();
    chrono::DateTime::from_timestamp(i64::try_from(seconds).unwrap(), 0)
        .unwrap()
        .format("%a, %d %b %Y %H:%M:%S GMT")
        .to_string()
}

#[tokio::test]
async fn retry_after_is_honoured_in_seconds_and_as_an_http_date() {
    for as_date in [false, true] {
        // A date has a one-second resolution: two seconds from now asks for 1 to 2 s.
        let retry_after = if as_date {
            http_date(SystemTime::now() + Duration::from_secs(2))
        } else {
            String::from("1")
        };
        let retry_after = retry_after.as_str();
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(429).insert_header("Retry-After", retry_after))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        answer_everything(&server, ok(item_json())).await;
        let client = client(&server);
        let started = Instant::now();
        call::<Item>(&client, &GET_ITEM).param("a").await.unwrap();
        let waited = started.elapsed();
        assert!(
            waited >= Duration::from_millis(950) && waited < Duration::from_secs(5),
            "{retry_after}: {waited:?}"
        );
        assert_eq!(requests(&server).await.len(), 2, "{retry_after}");
    }
}

#[tokio::test]
async fn a_retry_after_beyond_the_cap_returns_the_answer_at_once() {
    let next_hour = http_date(SystemTime::now() + Duration::from_secs(3600));
    for retry_after in ["3600", next_hour.as_str()] {
        let server = MockServer::start().await;
        answer_everything(
            &server,
            ResponseTemplate::new(503).insert_header("Retry-After", retry_after),
        )
        .await;
        let client = client(&server);
        let started = Instant::now();
        let error = call::<Item>(&client, &GET_ITEM)
            .param("a")
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(503));
        assert!(started.elapsed() < Duration::from_secs(2), "{retry_after}");
        assert_eq!(requests(&server).await.len(), 1, "{retry_after}");
    }
}

#[tokio::test]
async fn the_deadline_stops_retries_and_cuts_attempts_short() {
    let server = MockServer::start().await;
    answer_everything(
        &server,
        ResponseTemplate::new(503).insert_header("Retry-After", "1"),
    )
    .await;
    let patient = builder(&server)
        .max_retries(10)
        .deadline(Duration::from_millis(1500))
        .build()
        .unwrap();
    let started = Instant::now();
    let error = call::<Item>(&patient, &GET_ITEM)
        .param("a")
        .await
        .unwrap_err();
    // Attempts at 0 s and 1 s; the next would start at 2 s, past the deadline.
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests(&server).await.len(), 2);
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );

    let slow = MockServer::start().await;
    answer_everything(&slow, ok(item_json()).set_delay(Duration::from_secs(5))).await;
    let client = client(&slow);
    let started = Instant::now();
    let error = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .deadline(Duration::from_millis(300))
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(requests(&slow).await.len(), 1);
}

#[tokio::test]
async fn zero_retries_means_one_attempt_and_retries_are_bounded() {
    let server = MockServer::start().await;
    answer_everything(&server, ResponseTemplate::new(503)).await;
    let client = client(&server);
    let error = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .max_retries(0)
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(503));
    assert_eq!(requests(&server).await.len(), 1);

    let no_retries = builder(&server).max_retries(0).build().unwrap();
    call::<Item>(&no_retries, &GET_ITEM)
        .param("a")
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await.len(), 2);

    // The default: 2 retries, so 3 attempts in all.
    call::<Item>(&client, &DELETE_ITEM)
        .param("a")
        .await
        .unwrap_err();
    assert_eq!(requests(&server).await.len(), 5);
}

#[tokio::test]
async fn success_false_with_http_200_is_an_api_error() {
    let server = MockServer::start().await;
    answer_everything(
        &server,
        ResponseTemplate::new(200)
            .set_body_json(error_envelope("ACCESS.TOKEN_MISSING", "Token missing")),
    )
    .await;
    let client = client(&server);
    let error = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!(api.status, 200);
    assert_eq!(api.code, "ACCESS.TOKEN_MISSING");
    assert_eq!(api.message, "Token missing");
    assert_eq!(error.code(), Some("ACCESS.TOKEN_MISSING"));
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn error_envelope_on_404_is_an_api_error_with_the_request_id() {
    let server = MockServer::start().await;
    answer_everything(
        &server,
        ResponseTemplate::new(404)
            .set_body_json(error_envelope("RESOURCE.NOT_FOUND", "Item not found")),
    )
    .await;
    let client = client(&server);
    let error = call::<Item>(&client, &GET_ITEM)
        .param("missing")
        .request_id("rid-404")
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!((api.status, api.code.as_str()), (404, "RESOURCE.NOT_FOUND"));
    assert_eq!(api.message, "Item not found");
    assert_eq!(api.request_id, "rid-404");
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.request_id(), Some("rid-404"));
    let text = error.to_string();
    assert!(
        text.contains("RESOURCE.NOT_FOUND") && text.contains("rid-404"),
        "{text}"
    );
    assert_eq!(requests(&server).await.len(), 1, "404 is not retried");
}

#[tokio::test]
async fn non_json_error_pages_are_api_errors_without_a_code() {
    let server = MockServer::start().await;
    answer_everything(
        &server,
        ResponseTemplate::new(502).set_body_string("upstream connect error"),
    )
    .await;
    let client = client(&server);
    let error = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .max_retries(0)
        .await
        .unwrap_err();
    let Error::Api(api) = &error else {
        panic!("expected an API error, got {error:?}")
    };
    assert_eq!((api.status, api.code.as_str()), (502, ""));
    assert_eq!(api.message, "upstream connect error");
    assert_eq!(error.code(), None);
}

#[tokio::test]
async fn no_content_decodes_as_unit() {
    let server = MockServer::start().await;
    answer_everything(&server, ResponseTemplate::new(204)).await;
    let client = client(&server);
    let response = call::<()>(&client, &DELETE_ITEM)
        .param("a")
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(response.status, 204);
    assert_eq!(response.code, None);
}

#[tokio::test]
async fn without_success_a_2xx_body_is_decoded() {
    let server = MockServer::start().await;
    Mock::given(path("/web/v1/items/wrapped"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"data": item_json()})))
        .mount(&server)
        .await;
    Mock::given(path("/web/v1/items/bare"))
        .respond_with(ResponseTemplate::new(201).set_body_json(item_json()))
        .mount(&server)
        .await;
    let client = client(&server);
    let expected = Item {
        id: "it_1".to_owned(),
        created_at: 1,
    };
    let wrapped: Item = call(&client, &GET_ITEM).param("wrapped").await.unwrap();
    assert_eq!(wrapped, expected);
    let bare: Item = call(&client, &GET_ITEM).param("bare").await.unwrap();
    assert_eq!(bare, expected);
}

#[tokio::test]
async fn decode_errors_report_the_json_path() {
    let server = MockServer::start().await;
    let body = json!({"items": [{"id": "a", "createdAt": "yesterday"}]});
    answer_everything(&server, ok(body)).await;
    let client = client(&server);
    let error = call::<Page>(&client, &GET_ITEM)
        .param("a")
        .request_id("rid-decode")
        .await
        .unwrap_err();
    match &error {
        Error::Decode {
            status,
            path,
            request_id,
            ..
        } => {
            assert_eq!(*status, 200);
            assert_eq!(path, "data.items[0].createdAt");
            assert_eq!(request_id, "rid-decode");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
    assert!(error.to_string().contains("data.items[0].createdAt"));
}

#[tokio::test]
async fn decode_errors_keep_the_body_out_of_display_and_debug_but_reachable() {
    let server = MockServer::start().await;
    let body = r#"{"success":true,"data":{"id":"it_1","createdAt":"tok_SECRET_1234"}}"#;
    answer_everything(
        &server,
        ResponseTemplate::new(200).set_body_raw(body, "application/json"),
    )
    .await;
    let client = client(&server);
    let error = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .request_id("rid-secret")
        .await
        .unwrap_err();
    let display = error.to_string();
    let debug = format!("{error:?}");
    assert_eq!(
        display,
        "GET /web/v1/items/{itemId}: could not decode the HTTP 200 answer at `data.createdAt`: \
         invalid type: string, expected i64 (request id rid-secret)"
    );
    for text in [&display, &debug] {
        assert!(!text.contains("SECRET"), "{text}");
        assert!(!text.contains("it_1"), "{text}");
    }
    assert!(debug.contains("data.createdAt"), "{debug}");
    assert!(debug.contains(&format!("<{} bytes", body.len())), "{debug}");
    assert_eq!(error.raw_body(), Some(body.as_bytes()));
}

/// Money as generated types carry it: exact decimals, plain, optional and in lists.
#[derive(Debug, PartialEq, serde::Serialize, Deserialize)]
struct Money {
    #[serde(with = "partner_web_client::__private::decimal")]
    amount: Decimal,
    #[serde(with = "partner_web_client::__private::decimal::option")]
    fee: Option<Decimal>,
    #[serde(with = "partner_web_client::__private::decimal::list")]
    parts: Vec<Decimal>,
}

/// Each loses digits through `f64`: `12345678.12345679`, `0.12345678901234568`,
/// `7.922816251426434e+28`.
const EXACT_AMOUNTS: [&str; 3] = [
    "12345678.123456789",
    "0.123456789012345678",
    "79228162514264337593543950335",
];

#[tokio::test]
async fn decimals_round_trip_byte_exact_as_answers_and_as_request_bodies() {
    for text in EXACT_AMOUNTS {
        let server = MockServer::start().await;
        let data = format!(r#"{{"amount":{text},"fee":{text},"parts":[{text},-0.50]}}"#);
        let body = format!(r#"{{"success":true,"data":{data}}}"#);
        answer_everything(
            &server,
            ResponseTemplate::new(200).set_body_raw(body, "application/json"),
        )
        .await;
        let client = client(&server);
        let money: Money = call(&client, &GET_ITEM).param("m").await.unwrap();
        assert_eq!(money.amount.to_string(), text);
        assert_eq!(money.fee.map(|fee| fee.to_string()).as_deref(), Some(text));
        assert_eq!(money.parts[0].to_string(), text);
        assert_eq!(money.parts[1].to_string(), "-0.50");
        let echoed: Money = call(&client, &CREATE_ITEM).json(&money).await.unwrap();
        assert_eq!(echoed, money);
        let sent = requests(&server).await;
        let posted = sent.last().expect("the POST arrived");
        assert_eq!(std::str::from_utf8(&posted.body).unwrap(), data);
    }
}

#[tokio::test]
async fn api_errors_built_by_hand_read_like_answered_ones() {
    let server = MockServer::start().await;
    answer_everything(
        &server,
        ResponseTemplate::new(404).set_body_json(error_envelope("RESOURCE.NOT_FOUND", "Gone")),
    )
    .await;
    let client = client(&server);
    let answered = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .request_id("rid-1")
        .await
        .unwrap_err();
    let built = Error::from(
        ApiError::new(404, "RESOURCE.NOT_FOUND", "Gone")
            .with_route("GET /web/v1/items/{itemId}")
            .with_request_id("rid-1"),
    );
    assert_eq!(built.to_string(), answered.to_string());
    assert_eq!(built.as_api(), answered.as_api());
    let code = built.error_code().map(|code| code.to_string());
    assert_eq!(code.as_deref(), Some("RESOURCE.NOT_FOUND"));
    let anonymous = Client::builder(server.uri()).build().unwrap();
    let missing = call::<Item>(&anonymous, &GET_ITEM)
        .param("a")
        .await
        .unwrap_err();
    assert!(matches!(missing, Error::MissingCredential { .. }), "{missing:?}");
    assert!(missing.error_code().is_none());
}

#[tokio::test]
async fn unserialisable_bodies_fail_before_sending() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json())).await;
    let client = client(&server);
    let body: std::collections::BTreeMap<(u8, u8), u8> = [((1, 2), 3)].into();
    let error = call::<Item>(&client, &CREATE_ITEM)
        .json(&body)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Serialize { .. }), "{error:?}");
    assert!(std::error::Error::source(&error).is_some());
    assert!(requests(&server).await.is_empty());
}

#[tokio::test]
async fn debug_output_never_shows_secrets() {
    let configured = Client::builder("https://api.example.com/")
        .bearer_token("tok_SECRET")
        .access_code("pac_SECRET")
        .workspace_id("ws_1");
    let builder_text = format!("{configured:?}");
    let client = configured.build().unwrap();
    let client_text = format!("{client:?}");
    for text in [&builder_text, &client_text] {
        assert!(!text.contains("SECRET"), "{text}");
        assert!(text.contains("<redacted>"), "{text}");
        assert!(text.contains("ws_1"), "{text}");
    }
    let call_text = format!(
        "{:?}",
        call::<Item>(&client, &GET_ITEM)
            .param("a")
            .bearer_token("per_call_SECRET")
    );
    assert!(!call_text.contains("SECRET"), "{call_text}");
    let anonymous = format!("{:?}", Client::builder("http://h").build().unwrap());
    assert!(anonymous.contains("bearer_token: None"), "{anonymous}");
    assert_eq!(client.base_url(), "https://api.example.com");
}

#[tokio::test]
async fn bad_base_urls_and_headers_are_invalid_arguments() {
    for url in [
        "",
        "not a url",
        "ftp://example.com",
        "https://example.com/?q=1",
    ] {
        let error = Client::builder(url).build().unwrap_err();
        assert!(
            matches!(error, Error::InvalidArgument { .. }),
            "{url}: {error:?}"
        );
    }
    let error = Client::builder("http://h")
        .default_header("Bad Name", "v")
        .build()
        .unwrap_err();
    assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
    let error = Client::builder("http://h")
        .bearer_token("line\nbreak")
        .build()
        .unwrap_err();
    assert!(!error.to_string().contains("break"), "{error}");
}

#[tokio::test]
async fn per_call_timeout_gives_a_timeout_error() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json()).set_delay(Duration::from_secs(3))).await;
    let client = client(&server);
    let started = Instant::now();
    let error = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .timeout(Duration::from_millis(200))
        .max_retries(0)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    // A GET is safe to repeat, so a timeout is retryable even though it may have arrived.
    assert_eq!(error.delivery(), Delivery::Unknown);
    assert!(error.is_retryable());
    assert!(error.request_id().is_some());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn connection_failures_are_transport_errors_after_retries() {
    // A port that was free a moment ago: nothing listens there.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .unwrap()
        .port();
    let client = Client::builder(format!("http://127.0.0.1:{port}"))
        .bearer_token("tok")
        .max_retries(1)
        .build()
        .unwrap();
    let error = call::<Item>(&client, &GET_ITEM)
        .param("a")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Transport { .. }), "{error:?}");
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(error.is_retryable());
    assert!(std::error::Error::source(&error).is_some());
    // Nothing was sent, so even a POST without an idempotency key may be sent again.
    let error = call::<Item>(&client, &CREATE_ITEM)
        .json(&json!({}))
        .await
        .unwrap_err();
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert!(error.is_retryable());
}

#[tokio::test]
async fn calls_are_send_futures() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json())).await;
    let client = client(&server);
    let task = tokio::spawn(async move { call::<Item>(&client, &GET_ITEM).param("a").await });
    assert_eq!(task.await.unwrap().unwrap().id, "it_1");
}

/// Not `Send`: awaiting a call must not require more of `T` than `DeserializeOwned`.
#[derive(Debug, Deserialize)]
struct NotSend {
    id: String,
    #[serde(skip)]
    _not_send: std::marker::PhantomData<*const ()>,
}

/// As generic code outside the crate writes it: no `Send` or lifetime bounds on `T`.
async fn data_of<T: serde::de::DeserializeOwned>(call: Call<'_, T>) -> Result<T, Error> {
    call.await
}

#[tokio::test]
async fn calls_need_nothing_of_t_but_deserialize_owned() {
    let server = MockServer::start().await;
    answer_everything(&server, ok(item_json())).await;
    let client = client(&server);
    let item: NotSend = data_of(call(&client, &GET_ITEM).param("a")).await.unwrap();
    assert_eq!(item.id, "it_1");
    let response = call::<NotSend>(&client, &GET_ITEM)
        .param("a")
        .send_with_metadata()
        .await
        .unwrap();
    assert_eq!(response.data.id, "it_1");
}
