//! Tests of what a caller gets around a call, against a local mock server: the whole answer
//! (`send_with_metadata`: status, headers, raw body), request and response hooks, and the
//! token provider that renews an expired token once. With the feature `blocking`, the same
//! through the blocking client. Copied into every generated crate as `tests/client.rs`; the
//! generator replaces every `partner_web_client` with the crate's library name.
//!
//! The endpoints are the test's own, described with the hidden `__private` items, so the file
//! needs from the crate: `Client`, `Call`, `Error`, `Delivery`, `hooks` and `__private::{Auth,
//! EndpointSpec, Method, Segment}`; dev-dependencies `tokio` and `wiremock`.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use serde_json::json;
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use partner_web_client::__private::{Auth, EndpointSpec, Method, Segment};
use partner_web_client::hooks::{BoxError, Outcome, TokenProvider};
use partner_web_client::{Call, Client, Delivery, Error};

static PROFILE: EndpointSpec = EndpointSpec {
    method: Method::Get,
    path: &[Segment::Literal("web/v1/profile")],
    auth: Auth::Required,
    context: &[],
    route: "GET /web/v1/profile",
};

static TRANSFER: EndpointSpec = EndpointSpec {
    method: Method::Post,
    path: &[Segment::Literal("web/v1/transfers")],
    auth: Auth::Required,
    context: &[],
    route: "POST /web/v1/transfers",
};

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

fn ok(data: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(200).set_body_json(envelope(data))
}

fn rejected(code: &str) -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_json(json!({
        "success": false,
        "code": code,
        "message": "rejected",
        "data": null,
    }))
}

/// An attempt as a response hook saw it: its number and status.
type Attempted = (u32, Option<u16>);

fn profile(client: &Client) -> Call<'_, serde_json::Value> {
    Call::new(client, &PROFILE)
}

#[tokio::test]
async fn the_whole_answer_reaches_the_caller_with_its_value() {
    let server = MockServer::start().await;
    let body = envelope(json!({"name": "Ada"})).to_string();
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(200)
                .insert_header("x-ratelimit-remaining", "41")
                .insert_header("etag", "\"v7\"")
                .set_body_raw(body.clone(), "application/json"),
        )
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .bearer_token("t")
        .build()
        .unwrap();
    let response = profile(&client).send_with_metadata().await.unwrap();
    assert_eq!(response.data, json!({"name": "Ada"}));
    assert_eq!(response.status, 200);
    assert_eq!(response.code.as_deref(), Some("2000"));
    assert_eq!(response.headers["x-ratelimit-remaining"], "41");
    assert_eq!(response.headers["etag"], "\"v7\"");
    assert_eq!(response.body.as_bytes(), body.as_bytes());
    let shown = format!("{response:?}");
    assert!(shown.contains("x-ratelimit-remaining"), "{shown}");
    assert!(
        !shown.contains("\"v7\"") && shown.contains(&format!("<{} bytes>", body.len())),
        "Debug shows header names and the body's length only: {shown}"
    );
}

#[tokio::test]
async fn request_hooks_set_headers_on_every_attempt_and_response_hooks_see_each_outcome() {
    let server = MockServer::start().await;
    let answers = AtomicUsize::new(0);
    Mock::given(method("GET"))
        .respond_with(move |_: &Request| {
            if answers.fetch_add(1, Ordering::SeqCst) == 0 {
                ResponseTemplate::new(503)
            } else {
                ok(json!({}))
            }
        })
        .mount(&server)
        .await;
    let seen: Arc<Mutex<Vec<Attempted>>> = Arc::default();
    let record = Arc::clone(&seen);
    let client = Client::builder(server.uri())
        .bearer_token("t")
        .on_request(|mut request| async move {
            let value = format!("attempt-{}-{}", request.attempt(), request.route());
            request.headers_mut().insert("x-signature", value.parse()?);
            Ok(request)
        })
        .on_response(move |outcome: Outcome| {
            let record = Arc::clone(&record);
            async move {
                let mut seen = record.lock().unwrap();
                seen.push((outcome.attempt(), outcome.status()));
            }
        })
        .build()
        .unwrap();
    profile(&client).await.unwrap();
    let signatures: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .map(|r| r.headers["x-signature"].to_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        signatures,
        [
            "attempt-1-GET /web/v1/profile",
            "attempt-2-GET /web/v1/profile"
        ]
    );
    assert_eq!(*seen.lock().unwrap(), [(1, Some(503)), (2, Some(200))]);
}

#[tokio::test]
async fn a_request_hook_that_fails_stops_the_call_before_anything_is_sent() {
    let server = MockServer::start().await;
    let client = Client::builder(server.uri())
        .bearer_token("t")
        .on_request(|_request| async { Err::<_, BoxError>("no signing key".into()) })
        .build()
        .unwrap();
    let error = profile(&client).await.unwrap_err();
    assert!(matches!(error, Error::Hook { .. }), "{error:?}");
    assert_eq!(error.delivery(), Delivery::NotSent);
    let source = std::error::Error::source(&error).map(ToString::to_string);
    assert_eq!(source.as_deref(), Some("no signing key"));
    assert!(server.received_requests().await.unwrap().is_empty());
}

/// A provider whose token is `token-N` after N renewals, counting what it is asked.
#[derive(Default)]
struct Renewing {
    renewals: AtomicUsize,
    asked: AtomicUsize,
}

impl TokenProvider for Renewing {
    async fn token(&self) -> Result<String, BoxError> {
        self.asked.fetch_add(1, Ordering::SeqCst);
        Ok(format!("token-{}", self.renewals.load(Ordering::SeqCst)))
    }

    async fn refresh(&self, rejected: &str) -> Result<String, BoxError> {
        assert_eq!(rejected, format!("token-{}", self.renewals.load(Ordering::SeqCst)));
        // Renewing takes a moment, so that calls rejected together wait for the same one.
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        let renewals = self.renewals.fetch_add(1, Ordering::SeqCst) + 1;
        Ok(format!("token-{renewals}"))
    }
}

/// A server that rejects `token-0` as expired and accepts any other token.
async fn expiring_server(route: &str) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(path(route))
        .and(header("authorization", "Bearer token-0"))
        .respond_with(rejected("ACCESS.TOKEN_EXPIRED"))
        .mount(&server)
        .await;
    Mock::given(path(route))
        .respond_with(ok(json!({"id": "t_1"})))
        .mount(&server)
        .await;
    server
}

fn authorizations(requests: &[Request]) -> Vec<String> {
    requests
        .iter()
        .map(|r| r.headers["authorization"].to_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_expired_token_is_renewed_once_and_the_call_sent_once_more() {
    let server = expiring_server("/web/v1/transfers").await;
    let provider = Arc::new(Renewing::default());
    let client = Client::builder(server.uri())
        .token_provider(Arc::clone(&provider))
        .build()
        .unwrap();
    // A POST without an idempotency key: a 401 means it was not acted on, so it is sent again.
    let data: serde_json::Value = Call::new(&client, &TRANSFER)
        .json(&json!({"amount": "10.00"}))
        .await
        .unwrap();
    assert_eq!(data, json!({"id": "t_1"}));
    assert_eq!(provider.renewals.load(Ordering::SeqCst), 1, "exactly one renewal");
    let requests = server.received_requests().await.unwrap();
    assert_eq!(
        authorizations(&requests),
        ["Bearer token-0", "Bearer token-1"],
        "exactly one retry, with the new token"
    );
    assert_eq!(requests[0].body, requests[1].body);
}

#[tokio::test]
async fn a_token_rejected_again_after_renewal_is_not_renewed_twice() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(rejected("ACCESS.TOKEN_INVALID"))
        .mount(&server)
        .await;
    let provider = Arc::new(Renewing::default());
    let client = Client::builder(server.uri())
        .token_provider(Arc::clone(&provider))
        .build()
        .unwrap();
    let error = profile(&client).await.unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(error.code(), Some("ACCESS.TOKEN_INVALID"));
    assert_eq!(provider.renewals.load(Ordering::SeqCst), 1);
    assert_eq!(server.received_requests().await.unwrap().len(), 2);
}

#[tokio::test]
async fn a_401_for_a_missing_token_is_not_renewed() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(rejected("ACCESS.TOKEN_MISSING"))
        .mount(&server)
        .await;
    let provider = Arc::new(Renewing::default());
    let client = Client::builder(server.uri())
        .token_provider(Arc::clone(&provider))
        .build()
        .unwrap();
    let error = profile(&client).await.unwrap_err();
    assert_eq!(error.code(), Some("ACCESS.TOKEN_MISSING"));
    assert_eq!(provider.renewals.load(Ordering::SeqCst), 0);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[tokio::test]
async fn calls_rejected_together_share_one_renewal() {
    let server = expiring_server("/web/v1/profile").await;
    let provider = Arc::new(Renewing::default());
    let client = Client::builder(server.uri())
        .token_provider(Arc::clone(&provider))
        .build()
        .unwrap();
    let (a, b, c) = tokio::join!(profile(&client), profile(&client), profile(&client));
    for result in [a, b, c] {
        assert_eq!(result.unwrap(), json!({"id": "t_1"}));
    }
    assert_eq!(provider.renewals.load(Ordering::SeqCst), 1);
    let mut sent = authorizations(&server.received_requests().await.unwrap());
    sent.sort();
    assert_eq!(sent, ["Bearer token-0", "Bearer token-0", "Bearer token-0", "Bearer token-1", "Bearer token-1", "Bearer token-1"]);
}

#[tokio::test]
async fn token_rejected_codes_name_the_codes_exactly() {
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer token-0"))
        .respond_with(rejected("AUTH.4011"))
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ok(json!(1)))
        .mount(&server)
        .await;
    let provider = Arc::new(Renewing::default());
    let client = Client::builder(server.uri())
        .token_provider(Arc::clone(&provider))
        .token_rejected_codes(["AUTH.4011"])
        .build()
        .unwrap();
    assert_eq!(profile(&client).await.unwrap(), json!(1));
    assert_eq!(provider.renewals.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_call_with_its_own_token_bypasses_the_provider_and_a_failing_provider_sends_nothing() {
    struct Broken;
    impl TokenProvider for Broken {
        async fn token(&self) -> Result<String, BoxError> {
            Err("the identity provider is down".into())
        }
        async fn refresh(&self, _rejected: &str) -> Result<String, BoxError> {
            Err("the identity provider is down".into())
        }
    }
    let server = MockServer::start().await;
    Mock::given(header("authorization", "Bearer mine"))
        .respond_with(ok(json!(2)))
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .token_provider(Broken)
        .build()
        .unwrap();
    assert_eq!(profile(&client).bearer_token("mine").await.unwrap(), json!(2));
    let error = profile(&client).await.unwrap_err();
    assert!(matches!(error, Error::TokenProvider { .. }), "{error:?}");
    assert_eq!(error.delivery(), Delivery::NotSent);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
}

#[cfg(feature = "blocking")]
mod blocking {
    use super::*;
    use partner_web_client::Blocking;

    #[test]
    fn the_blocking_client_has_the_same_raw_answer_hooks_and_renewal() {
        let runtime = tokio::runtime::Runtime::new().unwrap();
        let server = runtime.block_on(expiring_server("/web/v1/profile"));
        let provider = Arc::new(Renewing::default());
        let client = partner_web_client::blocking::Client::builder(server.uri())
            .token_provider(Arc::clone(&provider))
            .on_request(|mut request| async move {
                request.headers_mut().insert("x-hook", "1".parse()?);
                Ok(request)
            })
            .build()
            .unwrap();
        let call: Call<'_, serde_json::Value, Blocking> = Call::new(client.as_async(), &PROFILE);
        let response = call.send_with_metadata().unwrap();
        assert_eq!(response.data, json!({"id": "t_1"}));
        assert_eq!(response.headers["content-type"], "application/json");
        assert_eq!(provider.renewals.load(Ordering::SeqCst), 1);
        let requests = runtime.block_on(server.received_requests()).unwrap();
        assert_eq!(authorizations(&requests), ["Bearer token-0", "Bearer token-1"]);
        assert!(requests.iter().all(|r| r.headers["x-hook"] == "1"));
    }

    #[tokio::test]
    async fn a_blocking_call_inside_async_code_is_refused_not_stalled() {
        let client = partner_web_client::blocking::Client::builder("http://127.0.0.1:9")
            .bearer_token("t")
            .build()
            .unwrap();
        let call: Call<'_, serde_json::Value, Blocking> = Call::new(client.as_async(), &PROFILE);
        let error = call.send().unwrap_err();
        assert!(matches!(error, Error::InvalidArgument { .. }), "{error:?}");
        assert!(error.to_string().contains("async"), "{error}");
    }
}
