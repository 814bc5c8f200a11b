//! With the feature `tracing`: a subscriber records what a call traces, and nothing of it is a
//! secret. Copied into every generated crate as `tests/tracing.rs`; the generator replaces
//! every `partner_web_client` with the crate's library name.
#![cfg(feature = "tracing")]

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::json;
use tracing_subscriber::fmt::format::FmtSpan;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use partner_web_client::__private::{Auth, EndpointSpec, Method, Segment};
use partner_web_client::{Call, Client};

static UPDATE: EndpointSpec = EndpointSpec {
    method: Method::Put,
    path: &[Segment::Literal("web/v1/accounts"), Segment::Param("accountId")],
    auth: Auth::Required,
    context: &[],
    route: "PUT /web/v1/accounts/{accountId}",
};

const TOKEN: &str = "tok_live_9f8e7d6c5b4a39281706";
const ACCOUNT: &str = "acct-SECRET-4242";
const PASSWORD: &str = "hunter2-correct-horse";
const API_KEY: &str = "key_0a1b2c3d4e5f";

/// Where the subscriber writes: one buffer for the whole test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[tokio::test]
async fn calls_are_traced_with_route_templates_and_without_secrets() {
    let captured = Captured::default();
    let writer = captured.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_span_events(FmtSpan::CLOSE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .finish();
    let _default = tracing::subscriber::set_default(subscriber);

    let server = MockServer::start().await;
    let answers = std::sync::atomic::AtomicUsize::new(0);
    Mock::given(wiremock::matchers::any())
        .respond_with(move |_: &Request| {
            if answers.fetch_add(1, std::sync::atomic::Ordering::SeqCst) == 0 {
                ResponseTemplate::new(503)
            } else {
                ResponseTemplate::new(200).set_body_json(json!({
                    "success": true, "code": "2000", "message": "Success",
                    "data": {"apiKey": API_KEY},
                }))
            }
        })
        .mount(&server)
        .await;
    let client = Client::builder(server.uri())
        .bearer_token(TOKEN)
        .default_header("X-Api-Key", API_KEY)
        .build()
        .unwrap();
    let data: serde_json::Value = Call::new(&client, &UPDATE)
        .param(ACCOUNT)
        .json(&json!({"password": PASSWORD}))
        .request_id("req-trace-1")
        .await
        .unwrap();
    assert_eq!(data["apiKey"], API_KEY);

    let output = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
    let lines: Vec<&str> = output.lines().collect();
    let attempts: Vec<&&str> = lines.iter().filter(|l| l.contains("attempt")).collect();
    assert_eq!(attempts.len(), 2, "one event per attempt:\n{output}");
    assert!(attempts[0].contains("http.response.status_code=503"), "{output}");
    assert!(attempts[0].contains("retry_in_ms="), "{output}");
    assert!(attempts[1].contains("http.response.status_code=200"), "{output}");
    for attempt in &attempts {
        for field in ["attempt=", "request_id=req-trace-1", "duration_ms=", "PUT"] {
            assert!(attempt.contains(field), "{field} missing in {attempt}");
        }
    }
    let closes: Vec<&&str> = lines.iter().filter(|l| l.contains("close")).collect();
    assert_eq!(closes.len(), 1, "one span per call:\n{output}");
    assert!(output.contains("route=\"PUT /web/v1/accounts/{accountId}\"") || output.contains("route=PUT /web/v1/accounts/{accountId}"), "{output}");
    for secret in [TOKEN, ACCOUNT, PASSWORD, API_KEY] {
        assert!(!output.contains(secret), "the trace shows {secret}:\n{output}");
    }
}
