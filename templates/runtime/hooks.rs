//! Code of yours that runs around every request: request hooks (before each attempt; they can
//! add or change headers, sign the body, or refuse), response hooks (after each attempt; they
//! observe the outcome) and a `TokenProvider` that supplies the bearer token and renews it
//! once when the server says it expired. All are set on the `ClientBuilder`.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::HeaderMap;

/// The error a hook or a token provider fails with: any error type, boxed (`?` converts).
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// A boxed future that is `Send`, as hooks and providers return them once erased.
pub(crate) type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// One attempt of a call, about to be sent, as a request hook sees it: the hook may change
/// its headers and hands it back.
///
/// ```ignore
/// .on_request(|mut request: Request| async move {
///     let signature = sign(request.body().unwrap_or_default());
///     request.headers_mut().insert("x-signature", signature.parse()?);
///     Ok(request)
/// })
/// ```
#[derive(Clone)]
pub struct Request {
    pub(crate) route: &'static str,
    pub(crate) method: reqwest::Method,
    pub(crate) url: reqwest::Url,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) attempt: u32,
    pub(crate) request_id: String,
}

impl Request {
    /// The endpoint, as `"GET /path/{param}"` (the template, not the filled path).
    #[must_use]
    pub fn route(&self) -> &'static str {
        self.route
    }

    /// The HTTP method.
    #[must_use]
    pub fn method(&self) -> &reqwest::Method {
        &self.method
    }

    /// The URL the attempt goes to, path parameters and query filled in.
    #[must_use]
    pub fn url(&self) -> &reqwest::Url {
        &self.url
    }

    /// The headers to send, credentials included (`Authorization` is marked sensitive).
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// The headers to send, to add or change some; what the hook leaves here is sent.
    pub fn headers_mut(&mut self) -> &mut HeaderMap {
        &mut self.headers
    }

    /// The body to send, as bytes (JSON or a multipart form), when the call has one.
    #[must_use]
    pub fn body(&self) -> Option<&[u8]> {
        self.body.as_deref()
    }

    /// Which attempt this is: 1 for the first, 2 for the first retry, ...
    #[must_use]
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The `X-Request-Id` of the call (the same on every attempt).
    #[must_use]
    pub fn request_id(&self) -> &str {
        &self.request_id
    }
}

impl fmt::Debug for Request {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Request")
            .field("route", &self.route)
            .field("attempt", &self.attempt)
            .field("request_id", &self.request_id)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .finish_non_exhaustive()
    }
}

/// What one attempt of a call came back with, as a response hook sees it.
#[derive(Clone)]
pub struct Outcome {
    pub(crate) route: &'static str,
    pub(crate) method: reqwest::Method,
    pub(crate) attempt: u32,
    pub(crate) request_id: String,
    pub(crate) status: Option<u16>,
    pub(crate) headers: HeaderMap,
    pub(crate) elapsed: Duration,
    pub(crate) failure: Option<String>,
}

impl Outcome {
    /// The endpoint, as `"GET /path/{param}"`.
    #[must_use]
    pub fn route(&self) -> &'static str {
        self.route
    }

    /// The HTTP method.
    #[must_use]
    pub fn method(&self) -> &reqwest::Method {
        &self.method
    }

    /// Which attempt this was: 1 for the first, 2 for the first retry, ...
    #[must_use]
    pub fn attempt(&self) -> u32 {
        self.attempt
    }

    /// The `X-Request-Id` of the call.
    #[must_use]
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The HTTP status of the answer; `None` when no answer arrived.
    #[must_use]
    pub fn status(&self) -> Option<u16> {
        self.status
    }

    /// The answer's headers (empty when no answer arrived).
    #[must_use]
    pub fn headers(&self) -> &HeaderMap {
        &self.headers
    }

    /// From sending the attempt to having its answer's body (or its failure).
    #[must_use]
    pub fn elapsed(&self) -> Duration {
        self.elapsed
    }

    /// Why no answer arrived (a timeout, a failure to connect, ...), when none did.
    #[must_use]
    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }
}

impl fmt::Debug for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outcome")
            .field("route", &self.route)
            .field("attempt", &self.attempt)
            .field("request_id", &self.request_id)
            .field("status", &self.status)
            .field("elapsed", &self.elapsed)
            .field("failure", &self.failure)
            .finish_non_exhaustive()
    }
}

/// Supplies the bearer token of every call that sends one, and renews it when the server
/// rejects it. Set with `ClientBuilder::token_provider`; it replaces the builder's fixed
/// `bearer_token`.
///
/// On an HTTP 401 whose answer says the token expired or is invalid, the call asks for a
/// new token once and is sent once more with it. Calls that were rejected together share one
/// renewal: a call whose rejected token is no longer [`token`](TokenProvider::token)'s answer
/// retries with the current one without calling [`refresh`](TokenProvider::refresh).
///
/// ```ignore
/// struct Session { token: std::sync::RwLock<String> }
///
/// impl TokenProvider for Session {
///     async fn token(&self) -> Result<String, BoxError> {
///         Ok(self.token.read().map_err(|_| "poisoned")?.clone())
///     }
///     async fn refresh(&self, _rejected: &str) -> Result<String, BoxError> {
///         let fresh = log_in_again().await?;
///         *self.token.write().map_err(|_| "poisoned")? = fresh.clone();
///         Ok(fresh)
///     }
/// }
/// ```
pub trait TokenProvider: Send + Sync + 'static {
    /// The token to send now.
    fn token(&self) -> impl Future<Output = Result<String, BoxError>> + Send;

    /// A new token, after the server rejected `rejected` as expired or invalid; from then on
    /// [`token`](TokenProvider::token) should answer it.
    fn refresh(&self, rejected: &str) -> impl Future<Output = Result<String, BoxError>> + Send;
}

/// A shared provider, so that the caller can keep a handle on it.
impl<P: TokenProvider> TokenProvider for Arc<P> {
    fn token(&self) -> impl Future<Output = Result<String, BoxError>> + Send {
        P::token(self)
    }

    fn refresh(&self, rejected: &str) -> impl Future<Output = Result<String, BoxError>> + Send {
        P::refresh(self, rejected)
    }
}

/// A [`TokenProvider`] behind a pointer: its futures boxed.
pub(crate) trait Tokens: Send + Sync {
    fn token(&self) -> BoxFuture<'_, Result<String, BoxError>>;
    fn refresh<'a>(&'a self, rejected: &'a str) -> BoxFuture<'a, Result<String, BoxError>>;
}

impl<P: TokenProvider> Tokens for P {
    fn token(&self) -> BoxFuture<'_, Result<String, BoxError>> {
        Box::pin(TokenProvider::token(self))
    }

    fn refresh<'a>(&'a self, rejected: &'a str) -> BoxFuture<'a, Result<String, BoxError>> {
        Box::pin(TokenProvider::refresh(self, rejected))
    }
}

/// A request hook, erased.
pub(crate) type RequestHook =
    Arc<dyn Fn(Request) -> BoxFuture<'static, Result<Request, BoxError>> + Send + Sync>;

/// A response hook, erased.
pub(crate) type ResponseHook = Arc<dyn Fn(Outcome) -> BoxFuture<'static, ()> + Send + Sync>;

/// The hooks and token provider of a client.
#[derive(Clone, Default)]
pub(crate) struct Hooks {
    pub(crate) request: Vec<RequestHook>,
    pub(crate) response: Vec<ResponseHook>,
    pub(crate) tokens: Option<Arc<dyn Tokens>>,
    /// Exact envelope codes that mean "renew the token"; `None` for the default rule
    /// ([`super::decode::rejects_token`]).
    pub(crate) token_rejected_codes: Option<Arc<[String]>>,
}

impl Hooks {
    /// Runs the request hooks in the order they were added.
    pub(crate) async fn before(&self, mut request: Request) -> Result<Request, BoxError> {
        for hook in &self.request {
            request = hook(request).await?;
        }
        Ok(request)
    }

    /// Runs the response hooks in the order they were added.
    pub(crate) async fn after(&self, outcome: &Outcome) {
        for hook in &self.response {
            hook(outcome.clone()).await;
        }
    }
}

impl fmt::Debug for Hooks {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Hooks")
            .field("request", &self.request.len())
            .field("response", &self.response.len())
            .field("token_provider", &self.tokens.is_some())
            .finish()
    }
}
