//! Shared by the fixture tests: loads `tests/fixtures.json`, starts a mock server that expects
//! exactly the fixture's request (method, path, headers, body), and checks what the client makes
//! of the fixture's response. Every fixture is replayed through the async client, and through
//! the blocking one when the feature `blocking` is on.
//!
//! With `SDKGEN_MOCK_URL` set to a running `sdkgen mock` of the same document, the replay goes
//! there instead, asking for each fixture's sample with `Prefer: example=NAME`: the mock then
//! checks the headers and the body.

#![allow(dead_code)]

use std::sync::OnceLock;

use partner_web_client::{Client, ClientBuilder, Error};
// sdkgen: if transfer
use partner_web_client::Bytes;
// sdkgen: end if
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use wiremock::matchers::{header, header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

pub const TOKEN: &str = "test-token";
pub const ACCESS_CODE: &str = "pac_test";
pub const WORKSPACE_ID: &str = "workspace-test";
pub const LOCALE: &str = "en-US";
// One value: wiremock splits header values at commas before comparing.
pub const ACCEPT_LANGUAGE: &str = "en-GB";
pub const USER_AGENT: &str = "sdkgen-fixture-tests/1.0";
pub const FINGERPRINT: &str = "fingerprint-test";

/// One sample of the document, with what the generated client must send and return.
#[derive(Debug, Deserialize)]
pub struct Fixture {
    pub id: String,
    pub route: String,
    pub method: String,
    pub path: String,
    pub status: u16,
    /// The name `sdkgen mock` knows the sample by (`Prefer: example=NAME`).
    pub sample: String,
    pub response: String,
    pub request: Option<Value>,
    pub success: bool,
    pub expected: Value,
    pub auth: String,
    pub context: Vec<String>,
    pub headers: Vec<String>,
    // sdkgen: if transfer
    /// The request is a `multipart/form-data` upload.
    #[serde(default)]
    pub multipart: bool,
    // sdkgen: end if
    /// Sample values of secret fields (by name or `sdkgen.toml`): `Debug` of the request and
    /// of the data must show none of them.
    #[serde(default)]
    pub secrets: Vec<String>,
}

fn fixtures() -> &'static [Fixture] {
    static FIXTURES: OnceLock<Vec<Fixture>> = OnceLock::new();
    FIXTURES.get_or_init(|| {
        serde_json::from_str(include_str!("../fixtures.json")).expect("tests/fixtures.json parses")
    })
}

pub fn fixture(id: &str) -> &'static Fixture {
    fixtures()
        .iter()
        .find(|f| f.id == id)
        .unwrap_or_else(|| panic!("no fixture {id}"))
}

impl Fixture {
    /// The request sample, decoded into the method's request type; its `Debug` shows none
    /// of the sample's secrets.
    pub fn request<T: DeserializeOwned + std::fmt::Debug>(&self) -> T {
        let sample = self.request.clone().expect("the fixture has a request sample");
        let request: T = serde_json::from_value(sample).expect("the request sample decodes into its type");
        self.assert_no_secrets(&format!("{request:?}"));
        request
    }

    /// `shown` (a `Debug` text) holds none of the sample's secret values.
    pub fn assert_no_secrets(&self, shown: &str) {
        for secret in &self.secrets {
            assert!(!shown.contains(secret.as_str()), "{}: Debug shows a secret: {shown}", self.id);
        }
    }
}

/// Where the replay goes: a local mock that expects exactly the fixture's request, or a
/// running `sdkgen mock` (`SDKGEN_MOCK_URL`).
pub enum Server {
    Local(MockServer),
    Sdkgen(String),
}

impl Server {
    fn uri(&self) -> String {
        match self {
            Server::Local(server) => server.uri(),
            Server::Sdkgen(url) => url.clone(),
        }
    }
}

/// Starts a mock server that answers the fixture's request, and a client configured for it.
pub async fn start(id: &str) -> (&'static Fixture, Server, Client) {
    let (fixture, server) = serve(id).await;
    let client = configure(Client::builder(server.uri()), fixture, &server)
        .build()
        .expect("the test client builds");
    (fixture, server, client)
}

/// [`start`] for the blocking client: the mock server runs on the returned runtime, the
/// client needs none.
#[cfg(feature = "blocking")]
pub fn start_blocking(
    id: &str,
) -> (tokio::runtime::Runtime, &'static Fixture, Server, partner_web_client::blocking::Client) {
    let runtime = tokio::runtime::Runtime::new().expect("a runtime for the mock server");
    let (fixture, server) = runtime.block_on(serve(id));
    let client = configure(partner_web_client::blocking::Client::builder(server.uri()), fixture, &server)
        .build()
        .expect("the blocking test client builds");
    (runtime, fixture, server, client)
}

/// The settings every fixture's client has, on either builder; against `sdkgen mock`, the
/// fixture's sample is asked for by name.
fn configure<C>(builder: ClientBuilder<C>, fixture: &Fixture, server: &Server) -> ClientBuilder<C> {
    let builder = match server {
        Server::Local(_) => builder,
        Server::Sdkgen(_) => builder.default_header("Prefer", format!("example={}", fixture.sample)),
    };
    builder
        .access_code(ACCESS_CODE)
        .bearer_token(TOKEN)
        .workspace_id(WORKSPACE_ID)
        .locale(LOCALE)
        .accept_language(ACCEPT_LANGUAGE)
        .user_agent(USER_AGENT)
        .client_fingerprint(FINGERPRINT)
        .max_retries(0)
}

/// Starts a mock server that expects exactly the fixture's request, once (or names the
/// running `sdkgen mock`).
async fn serve(id: &str) -> (&'static Fixture, Server) {
    let fixture = fixture(id);
    if let Ok(url) = std::env::var("SDKGEN_MOCK_URL") {
        return (fixture, Server::Sdkgen(url));
    }
    let server = MockServer::start().await;
    let mut mock = Mock::given(method(fixture.method.as_str()))
        .and(path(fixture.path.as_str()))
        .and(header_exists("x-request-id"));
    for context in &fixture.context {
        let (name, value) = match context.as_str() {
            "AccessCode" => ("X-PORTAL-ACCESS-CODE", ACCESS_CODE),
            "WorkspaceId" => ("X-Workspace-Id", WORKSPACE_ID),
            "Locale" => ("X-LOCALE", LOCALE),
            "AcceptLanguage" => ("Accept-Language", ACCEPT_LANGUAGE),
            "UserAgent" => ("User-Agent", USER_AGENT),
            "ClientFingerprint" => ("X-Client-Hash", FINGERPRINT),
            other => panic!("unknown context header {other}"),
        };
        mock = mock.and(header(name, value));
    }
    if fixture.auth != "None" {
        mock = mock.and(header("Authorization", format!("Bearer {TOKEN}").as_str()));
    }
    for name in &fixture.headers {
        mock = mock.and(header(name.as_str(), format!("sample-{}", name.to_ascii_lowercase()).as_str()));
    }
    if let Some(body) = &fixture.request {
        mock = mock.and(JsonBody(body.clone()));
    }
    // sdkgen: if transfer
    if fixture.multipart {
        mock = mock.and(wiremock::matchers::header_regex(
            "content-type",
            "^multipart/form-data; boundary=",
        ));
    }
    // sdkgen: end if
    mock.respond_with(
        ResponseTemplate::new(fixture.status)
            .set_body_raw(fixture.response.clone(), "application/json"),
    )
    .expect(1)
    .named(fixture.route.as_str())
    .mount(&server)
    .await;
    (fixture, Server::Local(server))
}

/// What the mock server received, for failure messages.
async fn received(server: &Server) -> String {
    let server = match server {
        Server::Local(server) => server,
        Server::Sdkgen(url) => return format!("(see the log of the sdkgen mock at {url})"),
    };
    let requests = server.received_requests().await.unwrap_or_default();
    requests
        .iter()
        .map(|r| {
            let mut headers: Vec<String> = r
                .headers
                .iter()
                .map(|(name, value)| format!("  {name}: {}", value.to_str().unwrap_or("?")))
                .collect();
            headers.sort();
            format!(
                "{} {}\n{}\n  body: {}",
                r.method,
                r.url.path(),
                headers.join("\n"),
                String::from_utf8_lossy(&r.body)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// A test module `$id` that replays fixture `$id` through `client.$group().$method(..)` and
/// expects the sample's data (`replay_data!`) or error (`replay_error!`): `async_client`, and
/// `blocking_client` with the feature `blocking`. `@body` stands for the fixture's request
/// decoded into the method's request type, `@json` for it as JSON.
///
/// The macros are allowed to go unused: a document may have no sample to replay, or no error
/// sample (then `replay_error!` is never called).
#[allow(unused_macros)]
macro_rules! replay {
    ($expect:ident, $id:ident, $group:ident . $method:ident ( $($arg:expr,)* @body )) => {
        replay!(@tests $expect, $id, |fixture| fixture.request(), |client, body| client.$group().$method($($arg,)* &body));
    };
    ($expect:ident, $id:ident, $group:ident . $method:ident ( $($arg:expr,)* @json )) => {
        replay!(@tests $expect, $id, |fixture| fixture.request::<serde_json::Value>(), |client, body| client.$group().$method($($arg,)* &body));
    };
    ($expect:ident, $id:ident, $group:ident . $method:ident ( $($arg:expr),* )) => {
        replay!(@tests $expect, $id, |_fixture| (), |client, _body| client.$group().$method($($arg),*));
    };
    (@tests $expect:ident, $id:ident, |$fixture:ident| $body:expr, |$client:ident, $b:ident| $call:expr) => {
        mod $id {
            use super::*;

            #[tokio::test]
            async fn async_client() {
                let ($fixture, server, $client) = support::start(stringify!($id)).await;
                let $b = $body;
                let result = $call.await;
                support::$expect($fixture, &server, result).await;
            }

            #[cfg(feature = "blocking")]
            #[test]
            fn blocking_client() {
                let (runtime, $fixture, server, $client) = support::start_blocking(stringify!($id));
                let $b = $body;
                let result = $call.send();
                runtime.block_on(support::$expect($fixture, &server, result));
            }
        }
    };
}

#[allow(unused_macros)]
macro_rules! replay_data {
    ($($call:tt)*) => { replay!(expect_data, $($call)*); };
}

#[allow(unused_macros)]
macro_rules! replay_error {
    ($($call:tt)*) => { replay!(expect_error, $($call)*); };
}

// sdkgen: if transfer
// A binary endpoint may have no sample to replay.
#[allow(unused_macros)]
macro_rules! replay_bytes {
    ($($call:tt)*) => { replay!(expect_bytes, $($call)*); };
}

/// The download succeeds, and its bytes are the sample's body as sent.
pub async fn expect_bytes(fixture: &Fixture, server: &Server, result: Result<Bytes, Error>) {
    let data = match result {
        Ok(data) => data,
        Err(error) => panic!("{}: {error}\nthe mock received:\n{}", fixture.id, received(server).await),
    };
    assert_eq!(&*data, fixture.response.as_bytes(), "{}: bytes differ from the sample", fixture.id);
}

// sdkgen: end if
/// The call succeeds, its data re-serializes to the sample's `data`, and its `Debug` shows
/// none of the sample's secrets.
pub async fn expect_data<T: Serialize + DeserializeOwned + std::fmt::Debug>(
    fixture: &Fixture,
    server: &Server,
    result: Result<T, Error>,
) {
    let data = match result {
        Ok(data) => data,
        Err(error) => panic!("{}: {error}\nthe mock received:\n{}", fixture.id, received(server).await),
    };
    fixture.assert_no_secrets(&format!("{data:?}"));
    let actual = serde_json::to_value(&data).expect("data serializes");
    assert!(
        same_json(&actual, &fixture.expected["data"]),
        "{}: data differs from the sample\n  data: {actual}\nsample: {}",
        fixture.id,
        fixture.expected["data"]
    );
}

/// `a` and `b` are the same JSON, numbers compared by value and date-times by instant: a
/// float field re-serializes a sample's `18` as `18.0` (numbers keep their text,
/// `arbitrary_precision`), and a date-time field `2020-09-10T16:18:03.000Z` as `…03Z`.
pub fn same_json(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => same_number(x, y),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same_json(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same_json(v, w)))
        }
        // A date-time written another way (`.000Z`, `+00:00`) is the same instant.
        (Value::String(x), Value::String(y)) => x == y || same_instant(x, y),
        _ => a == b,
    }
}

fn same_instant(x: &str, y: &str) -> bool {
    match (
        chrono::DateTime::parse_from_rfc3339(x),
        chrono::DateTime::parse_from_rfc3339(y),
    ) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

fn same_number(x: &serde_json::Number, y: &serde_json::Number) -> bool {
    if x == y {
        return true;
    }
    // Integers exactly; anything else (a fraction or an exponent) as floats.
    if let (Some(x), Some(y)) = (x.as_i64(), y.as_i64()) {
        return x == y;
    }
    if let (Some(x), Some(y)) = (x.as_u64(), y.as_u64()) {
        return x == y;
    }
    matches!((x.as_f64(), y.as_f64()), (Some(x), Some(y)) if x == y)
}

/// Matches a request whose body is the sample's JSON, numbers compared by value (see
/// [`same_json`]): wiremock's `body_json` compares numbers by their text.
struct JsonBody(Value);

impl wiremock::Match for JsonBody {
    fn matches(&self, request: &wiremock::Request) -> bool {
        serde_json::from_slice::<Value>(&request.body).is_ok_and(|body| same_json(&body, &self.0))
    }
}

/// The call fails with the sample's API error.
pub async fn expect_error<T>(fixture: &Fixture, server: &Server, result: Result<T, Error>) {
    match result {
        Err(Error::Api(error)) => {
            assert_eq!(error.status, fixture.status, "{}", fixture.id);
            // An answer without a `code` has the empty code; without a `message`, the client's
            // own text, so a message is compared only where the sample has one.
            let code = fixture.expected["code"].as_str().unwrap_or_default();
            assert_eq!(error.code, code, "{}", fixture.id);
            if let Some(message) = fixture.expected["message"].as_str() {
                assert_eq!(error.message, message, "{}", fixture.id);
            }
        }
        Err(other) => panic!(
            "{}: expected an API error, got {other}\nthe mock received:\n{}",
            fixture.id,
            received(server).await
        ),
        Ok(_) => panic!("{}: expected an API error, got data", fixture.id),
    }
}
