//! The error type of every call: what the platform answered ([`ApiError`]), what went wrong on
//! the way there (transport, timeout, decoding) and what was refused before anything was sent
//! (missing credential or header, invalid argument, unserialisable body).

use std::fmt;
use std::time::Duration;

use super::hooks::BoxError;

/// Result of a call; the error defaults to [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// An error answer of the platform: an envelope with `"success": false`, or a non-2xx status.
///
/// `code` is the platform's open set of codes (`"RESOURCE.NOT_FOUND"`, `"ACCESS.TOKEN_MISSING"`,
/// ...); it is the empty string when the answer carried no code, for example a non-JSON error
/// page from a proxy. `message` is then the start of that body, or the HTTP reason phrase when
/// the body was empty.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct ApiError {
    /// HTTP status of the answer (200 when the envelope said `"success": false` with HTTP 200).
    pub status: u16,
    /// The envelope's `code`, or `""` when there was none.
    pub code: String,
    /// The envelope's `message`, or a short description of the answer when there was none.
    pub message: String,
    /// The `X-Request-Id` the call was sent with.
    pub request_id: String,
    /// The endpoint, as `"GET /web/v1/partner/roles/{roleBizId}"`.
    pub route: &'static str,
    /// The envelope's `data`, when the error answer carried one (for example field errors).
    /// Boxed to keep [`Error`] small.
    pub data: Option<Box<serde_json::Value>>,
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} failed with HTTP {}", self.route, self.status)?;
        if !self.code.is_empty() {
            write!(f, " {}", OneLine(&self.code))?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", OneLine(&self.message))?;
        }
        write!(f, " (request id {})", self.request_id)
    }
}

impl std::error::Error for ApiError {}

/// Everything a call can fail with.
///
/// Errors raised before a request is sent ([`Error::MissingCredential`],
/// [`Error::MissingHeader`], [`Error::InvalidArgument`], [`Error::Serialize`]) carry no request
/// id: nothing reached the server.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The platform answered with an error (see [`ApiError`]).
    Api(ApiError),
    /// The request could not be sent or its answer could not be read (connection refused or
    /// reset, TLS failure, ...). The cause is in [`source`](std::error::Error::source).
    #[non_exhaustive]
    Transport {
        /// The endpoint, as `"GET /path/{param}"`.
        route: &'static str,
        /// The `X-Request-Id` the call was sent with.
        request_id: String,
        /// The underlying HTTP client error.
        source: reqwest::Error,
        /// Whether the request reached the server: [`Delivery::NotSent`] when the connection
        /// could not be made, [`Delivery::Sent`] when the answer's status arrived but its body
        /// could not be read, [`Delivery::Unknown`] otherwise (connection reset, ...).
        delivery: Delivery,
        /// Whether sending the request again is harmless: its method is idempotent or it
        /// carried an idempotency key.
        repeatable: bool,
    },
    /// No complete answer arrived within the attempt's timeout (the per-attempt timeout, or
    /// what was left of the call's deadline, whichever was shorter).
    #[non_exhaustive]
    Timeout {
        /// The endpoint, as `"GET /path/{param}"`.
        route: &'static str,
        /// The `X-Request-Id` the call was sent with.
        request_id: String,
        /// The timeout that ran out.
        timeout: Duration,
        /// [`Delivery::Sent`] when the answer's status had arrived, [`Delivery::Unknown`]
        /// otherwise: the body may have reached the server and been acted on.
        delivery: Delivery,
        /// Whether sending the request again is harmless: its method is idempotent or it
        /// carried an idempotency key.
        repeatable: bool,
    },
    /// The answer was successful but its body did not match the expected type.
    #[non_exhaustive]
    Decode {
        /// HTTP status of the answer.
        status: u16,
        /// JSON path of the value that failed, such as `data.items[0].createdAt`; `.` is the
        /// top level of the body.
        path: String,
        /// The whole body as it arrived. It may hold tokens or personal data, so neither
        /// `Display` nor `Debug` shows it (`Debug` gives its length); read it on purpose with
        /// [`Error::raw_body`].
        body: RawBody,
        /// The JSON value found at `path` (for a missing field, the object that lacks it), as
        /// the server sent it. Like `body`, it is kept out of `Display` and `Debug` (`Debug`
        /// gives its JSON kind); read it with [`Error::found_value`].
        found: FoundValue,
        /// What was wrong with the value at `path`. Values quoted from the body (serde's
        /// `string "..."`, `` `...` ``) are cut out, so it is safe to log.
        message: String,
        /// The `X-Request-Id` the call was sent with.
        request_id: String,
        /// The endpoint, as `"GET /path/{param}"`.
        route: &'static str,
    },
    /// The endpoint requires a bearer token and none is set; nothing was sent.
    #[non_exhaustive]
    MissingCredential {
        /// The endpoint, as `"GET /path/{param}"`.
        route: &'static str,
    },
    /// The endpoint requires a context header that is neither configured on the client nor
    /// given for the call; nothing was sent.
    #[non_exhaustive]
    MissingHeader {
        /// The header's name, such as `X-Workspace-Id`.
        name: &'static str,
        /// The endpoint, as `"GET /path/{param}"`.
        route: &'static str,
    },
    /// An argument was refused before sending: a bad base URL, a path parameter that is empty,
    /// `.` or `..`, or a header name or value that HTTP cannot carry.
    #[non_exhaustive]
    InvalidArgument {
        /// What was wrong (never the value of a credential).
        message: String,
    },
    /// The request body could not be serialised to JSON; nothing was sent.
    #[non_exhaustive]
    Serialize {
        /// The endpoint, as `"POST /path"`.
        route: &'static str,
        /// The underlying JSON error.
        source: serde_json::Error,
    },
    /// A walk through the pages of a list (`Call::pages`, `Call::items`) stopped because the
    /// server did not move on: the page it answered has a number that is not above the
    /// previous page's, or the same items. A server that ignores the page parameter would
    /// otherwise be walked forever. The pages before it were yielded; this answer was not.
    #[non_exhaustive]
    PageRepeated {
        /// The endpoint, as `"GET /path/{param}"`.
        route: &'static str,
        /// The page number the server answered with, when the page carries one.
        page: Option<u64>,
        /// The `X-Request-Id` of the request that got the repeated page.
        request_id: String,
    },
    /// A request hook (`ClientBuilder::on_request`) failed; the attempt was not sent.
    #[non_exhaustive]
    Hook {
        /// The endpoint, as `"GET /path/{param}"`.
        route: &'static str,
        /// The `X-Request-Id` of the call.
        request_id: String,
        /// [`Delivery::NotSent`] when the hook refused the first attempt;
        /// [`Delivery::Unknown`] when it refused a retry, after an attempt that may have
        /// reached the server.
        delivery: Delivery,
        /// What the hook failed with.
        source: BoxError,
    },
    /// The token provider (`ClientBuilder::token_provider`) failed to give a token.
    #[non_exhaustive]
    TokenProvider {
        /// The endpoint, as `"GET /path/{param}"`.
        route: &'static str,
        /// [`Delivery::NotSent`] when no token could be had for the call;
        /// [`Delivery::Sent`] when renewing the token after the server rejected it failed
        /// (the server answered 401 and did nothing).
        delivery: Delivery,
        /// What the provider failed with.
        source: BoxError,
    },
}

/// Whether a failed request reached the server, as told by [`Error::delivery`]. It decides
/// whether a call that is not safe to repeat (a POST or PATCH without an idempotency key) may
/// be sent again: only after [`NotSent`](Delivery::NotSent).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Delivery {
    /// Nothing reached the server: the call was refused before sending (missing credential,
    /// invalid argument, ...) or the connection could not be made.
    NotSent,
    /// The server received the request and answered (an error answer, an undecodable body, a
    /// body cut off after its status arrived).
    Sent,
    /// The request may or may not have reached the server and been acted on: a timeout or a
    /// connection lost after the request started to leave.
    Unknown,
}

impl Error {
    /// Whether trying the same call again later may succeed and cannot do anything twice:
    ///
    /// - an error answer with HTTP 429 or 503 (the server says it did not take the request
    ///   on);
    /// - an error answer with HTTP 502 or 504 for an idempotent method (GET, HEAD, OPTIONS,
    ///   PUT, DELETE) only: these come from a gateway, and the server behind it may have acted
    ///   on a POST or PATCH;
    /// - a failure to connect (nothing was sent);
    /// - a timeout or another transport failure, only when the request is safe to repeat: its
    ///   method is idempotent or it carried an idempotency key. A POST without a key whose
    ///   [`delivery`](Error::delivery) is unknown is *not* retryable: it may have been executed.
    ///
    /// Calls are already retried automatically when this holds and the call is safe to repeat
    /// (see [`ClientBuilder::max_retries`](super::ClientBuilder::max_retries)); a POST or PATCH
    /// without an idempotency key is never retried automatically, and one with a key is
    /// retried after a 502 or 504 too, since the key makes a second execution impossible.
    #[must_use]
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Api(api) => match api.status {
                429 | 503 => true,
                502 | 504 => {
                    let method = api.route.split(' ').next().unwrap_or_default();
                    matches!(method, "GET" | "HEAD" | "OPTIONS" | "PUT" | "DELETE")
                }
                _ => false,
            },
            Error::Timeout { repeatable, .. } => *repeatable,
            Error::Transport {
                source, repeatable, ..
            } => {
                let transient = source.is_connect()
                    || source.is_timeout()
                    || source.is_request()
                    || source.is_body();
                source.is_connect() || (*repeatable && transient)
            }
            _ => false,
        }
    }

    /// Whether the request reached the server: [`Delivery::Sent`] when an answer arrived,
    /// [`Delivery::NotSent`] when the call failed before sending or could not connect, and
    /// [`Delivery::Unknown`] after a timeout or a connection lost while sending or waiting.
    #[must_use]
    pub fn delivery(&self) -> Delivery {
        match self {
            Error::Api(_) | Error::Decode { .. } | Error::PageRepeated { .. } => Delivery::Sent,
            Error::Transport { delivery, .. }
            | Error::Timeout { delivery, .. }
            | Error::Hook { delivery, .. }
            | Error::TokenProvider { delivery, .. } => *delivery,
            Error::MissingCredential { .. }
            | Error::MissingHeader { .. }
            | Error::InvalidArgument { .. }
            | Error::Serialize { .. } => Delivery::NotSent,
        }
    }

    /// The platform's error code (`"RESOURCE.NOT_FOUND"`, ...), when the server sent one.
    #[must_use]
    pub fn code(&self) -> Option<&str> {
        match self {
            Error::Api(api) if !api.code.is_empty() => Some(&api.code),
            _ => None,
        }
    }

    /// The HTTP status of the answer, when one arrived.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(api) => Some(api.status),
            Error::Decode { status, .. } => Some(*status),
            _ => None,
        }
    }

    /// The `X-Request-Id` the call was sent with, when a request was sent.
    #[must_use]
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Api(api) => Some(&api.request_id),
            Error::Transport { request_id, .. }
            | Error::Timeout { request_id, .. }
            | Error::Decode { request_id, .. }
            | Error::PageRepeated { request_id, .. }
            | Error::Hook { request_id, .. } => Some(request_id),
            _ => None,
        }
    }

    /// The body of an answer that could not be decoded ([`Error::Decode`]), byte for byte.
    /// It is kept out of `Display` and `Debug` because it may hold secrets (a login answer's
    /// tokens); whoever calls this decides where it goes, for example
    /// `String::from_utf8_lossy(body)` into a debug log. `None` for every other error.
    #[must_use]
    pub fn raw_body(&self) -> Option<&[u8]> {
        match self {
            Error::Decode { body, .. } => Some(body.as_bytes()),
            _ => None,
        }
    }

    /// The JSON value at the path where decoding failed ([`Error::Decode`]): what the server
    /// sent where the document promised something else, such as the `null` that arrived for a
    /// field the samples always filled. For a missing field it is the object that lacks it.
    /// With [`Error::raw_body`], nothing of the answer is lost: a caller can log it, or read
    /// the value it needs from it. `None` for every other error, and when the body was not
    /// JSON.
    #[must_use]
    pub fn found_value(&self) -> Option<&serde_json::Value> {
        match self {
            Error::Decode { found, .. } => found.get(),
            _ => None,
        }
    }

    /// The [`ApiError`], when the platform answered with an error.
    #[must_use]
    pub fn as_api(&self) -> Option<&ApiError> {
        match self {
            Error::Api(api) => Some(api),
            _ => None,
        }
    }

    pub(crate) fn invalid(message: impl Into<String>) -> Self {
        Error::InvalidArgument {
            message: message.into(),
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(api) => api.fmt(f),
            Error::Transport {
                route, request_id, ..
            } => write!(
                f,
                "{route}: the request could not be completed (request id {request_id})"
            ),
            Error::Timeout {
                route,
                request_id,
                timeout,
                ..
            } => write!(
                f,
                "{route}: no answer within {} ms (request id {request_id})",
                timeout.as_millis()
            ),
            Error::Decode {
                status,
                path,
                message,
                request_id,
                route,
                ..
            } => write!(
                f,
                "{route}: could not decode the HTTP {status} answer at `{path}`: {} \
                 (request id {request_id})",
                OneLine(message)
            ),
            Error::MissingCredential { route } => write!(
                f,
                "{route} requires a bearer token, but none is set \
                 (ClientBuilder::bearer_token or Client::set_bearer_token)"
            ),
            Error::MissingHeader { name, route } => write!(
                f,
                "{route} requires the {name} header, but it is neither configured on the client \
                 nor given for the call"
            ),
            Error::InvalidArgument { message } => {
                write!(f, "invalid argument: {}", OneLine(message))
            }
            Error::Serialize { route, .. } => {
                write!(
                    f,
                    "{route}: the request body could not be serialised to JSON"
                )
            }
            Error::PageRepeated {
                route,
                page,
                request_id,
            } => {
                write!(f, "{route}: the server answered ")?;
                match page {
                    Some(page) => write!(f, "page {page}")?,
                    None => f.write_str("a page")?,
                }
                write!(
                    f,
                    " again instead of the next one, so the walk through the pages stops \
                     (request id {request_id})"
                )
            }
            Error::Hook {
                route, request_id, ..
            } => write!(
                f,
                "{route}: a request hook refused the request (request id {request_id})"
            ),
            Error::TokenProvider { route, .. } => {
                write!(f, "{route}: the token provider gave no token")
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport { source, .. } => Some(source),
            Error::Serialize { source, .. } => Some(source),
            Error::Hook { source, .. } | Error::TokenProvider { source, .. } => {
                Some(source.as_ref())
            }
            _ => None,
        }
    }
}

/// A body kept whole ([`Error::raw_body`], [`Response::body`](super::Response::body)): `Debug`
/// shows only its length, never its bytes.
#[derive(Clone, PartialEq, Eq)]
pub struct RawBody(Box<[u8]>);

impl RawBody {
    pub(crate) fn new(body: &[u8]) -> Self {
        RawBody(body.into())
    }

    /// The bytes of the body.
    #[must_use]
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }
}

impl fmt::Debug for RawBody {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "<{} bytes>", self.0.len())
    }
}

/// The value kept for [`Error::found_value`]: `Debug` shows only its JSON kind.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct FoundValue(pub(crate) Option<Box<serde_json::Value>>);

impl FoundValue {
    /// The value, when the body was JSON.
    #[must_use]
    pub fn get(&self) -> Option<&serde_json::Value> {
        self.0.as_deref()
    }
}

impl fmt::Debug for FoundValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.get() {
            None => return f.write_str("<none>"),
            Some(serde_json::Value::Null) => "null",
            Some(serde_json::Value::Bool(_)) => "a boolean",
            Some(serde_json::Value::Number(_)) => "a number",
            Some(serde_json::Value::String(_)) => "a string",
            Some(serde_json::Value::Array(_)) => "an array",
            Some(serde_json::Value::Object(_)) => "an object",
        };
        write!(f, "<{kind}, see Error::found_value>")
    }
}

impl ApiError {
    /// An error answer built by hand, for tests of code that handles errors (the fields are
    /// public, but the struct is `#[non_exhaustive]` so that new fields are not breaking):
    /// `request_id` and `route` are empty and `data` is `None` until set with the `with_`
    /// methods. `Error::from(ApiError::new(404, "RESOURCE.NOT_FOUND", "Role not found"))` is
    /// what a call answered with HTTP 404 and that code returns.
    #[must_use]
    pub fn new(status: u16, code: impl Into<String>, message: impl Into<String>) -> Self {
        ApiError {
            status,
            code: code.into(),
            message: message.into(),
            request_id: String::new(),
            route: "",
            data: None,
        }
    }

    /// Sets [`route`](ApiError::route).
    #[must_use]
    pub fn with_route(mut self, route: &'static str) -> Self {
        self.route = route;
        self
    }

    /// Sets [`request_id`](ApiError::request_id).
    #[must_use]
    pub fn with_request_id(mut self, request_id: impl Into<String>) -> Self {
        self.request_id = request_id.into();
        self
    }

    /// Sets [`data`](ApiError::data) (field errors and the like).
    #[must_use]
    pub fn with_data(mut self, data: serde_json::Value) -> Self {
        self.data = Some(Box::new(data));
        self
    }
}

/// A serde error message without the values it quotes from the body: serde writes
/// `invalid type: string "tok_123", expected i64` or ``unknown variant `X`, expected ...``;
/// this gives `invalid type: string, expected i64` and `unknown variant, expected ...`. Quoted
/// text after `expected` names what the type wanted and is kept.
pub(crate) fn without_values(message: &str) -> String {
    let (head, tail) = match message.find(", expected") {
        Some(at) => message.split_at(at),
        None => (message, ""),
    };
    let mut out = String::with_capacity(message.len());
    let mut chars = head.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                // Skip to the closing quote, past escaped ones.
                let mut escaped = false;
                for c in chars.by_ref() {
                    match (escaped, c) {
                        (false, '\\') => escaped = true,
                        (false, '"') => break,
                        _ => escaped = false,
                    }
                }
            }
            '`' if !tail.is_empty() => {
                for c in chars.by_ref() {
                    if c == '`' {
                        break;
                    }
                }
            }
            c => out.push(c),
        }
    }
    let mut out = out.split_whitespace().collect::<Vec<_>>().join(" ");
    out.push_str(tail);
    out
}

impl From<ApiError> for Error {
    fn from(api: ApiError) -> Self {
        Error::Api(api)
    }
}

/// Displays text from the server on one line: control characters become spaces.
struct OneLine<'a>(&'a str);

impl fmt::Display for OneLine<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in self.0.chars() {
            if c.is_control() {
                f.write_str(" ")?;
            } else {
                fmt::Write::write_char(f, c)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn timeout(repeatable: bool, delivery: Delivery) -> Error {
        Error::Timeout {
            route: "POST /payouts",
            request_id: String::from("rid-2"),
            timeout: Duration::from_secs(30),
            delivery,
            repeatable,
        }
    }

    #[test]
    fn a_timeout_is_retryable_only_when_the_request_is_safe_to_repeat() {
        let unsafe_post = timeout(false, Delivery::Unknown);
        assert_eq!(unsafe_post.delivery(), Delivery::Unknown);
        assert!(!unsafe_post.is_retryable());
        assert!(!timeout(false, Delivery::Sent).is_retryable());
        assert!(timeout(true, Delivery::Unknown).is_retryable());
        assert_eq!(
            timeout(true, Delivery::Sent).delivery(),
            Delivery::Sent
        );
    }

    #[test]
    fn a_gateway_error_is_retryable_only_for_an_idempotent_method() {
        let answer = |status: u16, route: &'static str| {
            Error::Api(ApiError::new(status, "", "").with_route(route)).is_retryable()
        };
        assert!(answer(502, "GET /balances") && answer(504, "DELETE /keys/{id}"));
        assert!(!answer(502, "POST /withdrawals") && !answer(504, "PATCH /profile"));
        assert!(answer(503, "POST /withdrawals") && answer(429, "POST /withdrawals"));
        assert!(!answer(500, "GET /balances"));
    }

    #[test]
    fn error_stays_small_enough_for_clippy_result_large_err() {
        // clippy::result_large_err fires from 128 bytes on, in every user's crate.
        assert!(std::mem::size_of::<Error>() < 128);
    }

    #[test]
    fn display_is_one_line_and_helpers_read_fields() {
        let error = Error::Api(ApiError {
            status: 404,
            code: String::from("RESOURCE.NOT_FOUND"),
            message: String::from("Role\nnot found"),
            request_id: String::from("rid-1"),
            route: "GET /roles/{id}",
            data: None,
        });
        assert_eq!(
            error.to_string(),
            "GET /roles/{id} failed with HTTP 404 RESOURCE.NOT_FOUND: Role not found \
             (request id rid-1)"
        );
        assert_eq!(error.code(), Some("RESOURCE.NOT_FOUND"));
        assert_eq!(
            (error.status(), error.request_id()),
            (Some(404), Some("rid-1"))
        );
        assert!(!error.is_retryable());
        let missing = Error::MissingHeader {
            name: "X-Workspace-Id",
            route: "GET /x",
        };
        assert_eq!((missing.code(), missing.request_id()), (None, None));
        assert_eq!(missing.delivery(), Delivery::NotSent);
        assert_eq!(error.delivery(), Delivery::Sent);
        assert!(!missing.to_string().contains('\n'));
    }

    #[test]
    fn api_errors_can_be_built_by_hand() {
        let error = Error::from(
            ApiError::new(404, "RESOURCE.NOT_FOUND", "Role not found")
                .with_route("GET /roles/{id}")
                .with_request_id("rid-1")
                .with_data(serde_json::json!({"field": "id"})),
        );
        assert_eq!(
            error.to_string(),
            "GET /roles/{id} failed with HTTP 404 RESOURCE.NOT_FOUND: Role not found \
             (request id rid-1)"
        );
        let api = error.as_api().unwrap();
        assert_eq!(api.data.as_deref(), Some(&serde_json::json!({"field": "id"})));
        assert_eq!(error.raw_body(), None);
    }

    #[test]
    fn serde_messages_lose_the_values_they_quote() {
        for (message, expected) in [
            (
                r#"invalid type: string "tok_SECRET", expected i64"#,
                "invalid type: string, expected i64",
            ),
            (
                r#"invalid type: string "a \" b", expected a boolean"#,
                "invalid type: string, expected a boolean",
            ),
            (
                "unknown variant `SECRET`, expected one of `A`, `B`",
                "unknown variant, expected one of `A`, `B`",
            ),
            ("invalid value: integer `123456`, expected u8", "invalid value: integer, expected u8"),
            ("missing field `createdAt`", "missing field `createdAt`"),
        ] {
            assert_eq!(without_values(message), expected);
        }
    }

    #[test]
    fn raw_bodies_debug_as_their_length() {
        assert_eq!(
            format!("{:?}", RawBody::new(b"{\"token\":\"x\"}")),
            "<13 bytes>"
        );
    }
}
