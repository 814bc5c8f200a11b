//! The [`Client`]: base URL, credentials, context headers and retry settings shared by every
//! call, configured once through a [`ClientBuilder`] and cheap to clone.

use std::fmt;
use std::future::Future;
use std::marker::PhantomData;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};

use super::endpoint::ContextHeader;
use super::error::{Error, Result};
use super::hooks::{BoxError, Hooks, Outcome, Request, TokenProvider};

/// Timeout of one attempt when none is configured.
const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// Time for a whole call, retries included, when none is configured.
const DEFAULT_DEADLINE: Duration = Duration::from_secs(60);
/// Retries of calls that are safe to repeat when none is configured.
const DEFAULT_MAX_RETRIES: u32 = 2;
/// The header that carries a call's idempotency key when none is configured.
const DEFAULT_IDEMPOTENCY_HEADER: &str = "Idempotency-Key";
/// `User-Agent` when none is configured: this crate's name and version.
const DEFAULT_USER_AGENT: &str = concat!(env!("CARGO_PKG_NAME"), "/", env!("CARGO_PKG_VERSION"));
/// Shown by `Debug` in place of a secret.
const REDACTED: &str = "<redacted>";

/// A client of the platform's API. Cloning is cheap: clones share the configuration, the
/// connection pool and the bearer token.
///
/// ```ignore
/// let client = Client::builder(base_url)
///     .access_code("pac_xxx")
///     .workspace_id("ws_123")
///     .build()?;
/// // ... log in, then:
/// client.set_bearer_token(Some(login.access_token));
/// ```
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

/// The shared state behind a [`Client`].
pub(crate) struct Inner {
    pub(crate) base_url: String,
    pub(crate) http: reqwest::Client,
    bearer_token: RwLock<Option<String>>,
    access_code: Option<HeaderValue>,
    workspace_id: Option<HeaderValue>,
    locale: Option<HeaderValue>,
    accept_language: Option<HeaderValue>,
    pub(crate) user_agent: HeaderValue,
    client_fingerprint: Option<HeaderValue>,
    pub(crate) timeout: Duration,
    pub(crate) deadline: Option<Duration>,
    pub(crate) max_retries: u32,
    pub(crate) idempotency_header: HeaderName,
    pub(crate) default_headers: HeaderMap,
    pub(crate) hooks: Hooks,
    /// Held while the token provider renews a token, so that calls rejected together share
    /// one renewal.
    pub(crate) refresh_lock: tokio::sync::Mutex<()>,
}

impl Client {
    /// Starts configuring a client for the API at `base_url`, such as
    /// `"https://api.example.com"`; the URL is checked by [`ClientBuilder::build`].
    pub fn builder(base_url: impl Into<String>) -> ClientBuilder {
        ClientBuilder::new(base_url.into())
    }

    /// Replaces the bearer token used by this client and all its clones from the next call on,
    /// for example after a login or a token refresh; `None` removes it. A
    /// [token provider](ClientBuilder::token_provider), when set, supplies the token instead.
    pub fn set_bearer_token(&self, token: Option<String>) {
        let mut slot = match self.inner.bearer_token.write() {
            Ok(slot) => slot,
            Err(poisoned) => poisoned.into_inner(),
        };
        *slot = token;
    }

    /// Whether a bearer token is currently set.
    #[must_use]
    pub fn has_bearer_token(&self) -> bool {
        self.bearer_token().is_some()
    }

    /// The base URL, without a trailing slash.
    #[must_use]
    pub fn base_url(&self) -> &str {
        &self.inner.base_url
    }

    pub(crate) fn inner(&self) -> &Inner {
        &self.inner
    }

    pub(crate) fn bearer_token(&self) -> Option<String> {
        match self.inner.bearer_token.read() {
            Ok(slot) => slot.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }
}

impl Inner {
    /// The configured value of a context header.
    pub(crate) fn context_value(&self, header: ContextHeader) -> Option<&HeaderValue> {
        match header {
            ContextHeader::AccessCode => self.access_code.as_ref(),
            ContextHeader::WorkspaceId => self.workspace_id.as_ref(),
            ContextHeader::Locale => self.locale.as_ref(),
            ContextHeader::AcceptLanguage => self.accept_language.as_ref(),
            ContextHeader::UserAgent => Some(&self.user_agent),
            ContextHeader::ClientFingerprint => self.client_fingerprint.as_ref(),
        }
    }
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url)
            .field("bearer_token", &Secret(self.has_bearer_token()))
            .field("access_code", &Secret(inner.access_code.is_some()))
            .field("workspace_id", &inner.workspace_id)
            .field("locale", &inner.locale)
            .field("accept_language", &inner.accept_language)
            .field("user_agent", &inner.user_agent)
            .field("client_fingerprint", &inner.client_fingerprint)
            .field("timeout", &inner.timeout)
            .field("deadline", &inner.deadline)
            .field("max_retries", &inner.max_retries)
            .field("idempotency_header", &inner.idempotency_header)
            .field("default_headers", &HeaderNames(&inner.default_headers))
            .field("hooks", &inner.hooks)
            .finish_non_exhaustive()
    }
}

/// Configures a [`Client`]; made by [`Client::builder`]. `C` is the client it builds: the
/// async [`Client`], or the blocking one (`blocking::Client::builder`, feature `blocking`),
/// with the same settings.
///
/// Context headers (access code, workspace id, locale, `Accept-Language`, client fingerprint)
/// are sent on the calls whose endpoint declares them; `User-Agent` and default headers are
/// sent on every call.
#[must_use = "a ClientBuilder does nothing until `build` is called"]
pub struct ClientBuilder<C = Client> {
    base_url: String,
    access_code: Option<String>,
    bearer_token: Option<String>,
    workspace_id: Option<String>,
    locale: Option<String>,
    accept_language: Option<String>,
    user_agent: Option<String>,
    client_fingerprint: Option<String>,
    timeout: Duration,
    deadline: Duration,
    max_retries: u32,
    idempotency_header: String,
    default_headers: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
    hooks: Hooks,
    builds: PhantomData<fn() -> C>,
}

impl<C> ClientBuilder<C> {
    pub(crate) fn new(base_url: String) -> Self {
        ClientBuilder {
            base_url,
            access_code: None,
            bearer_token: None,
            workspace_id: None,
            locale: None,
            accept_language: None,
            user_agent: None,
            client_fingerprint: None,
            timeout: DEFAULT_TIMEOUT,
            deadline: DEFAULT_DEADLINE,
            max_retries: DEFAULT_MAX_RETRIES,
            idempotency_header: DEFAULT_IDEMPOTENCY_HEADER.to_owned(),
            default_headers: Vec::new(),
            http_client: None,
            hooks: Hooks::default(),
            builds: PhantomData,
        }
    }

    /// The portal access code, sent as `X-PORTAL-ACCESS-CODE`.
    pub fn access_code(mut self, code: impl Into<String>) -> Self {
        self.access_code = Some(code.into());
        self
    }

    /// The bearer token, sent as `Authorization: Bearer <token>`; it can be replaced later
    /// with [`Client::set_bearer_token`].
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// The workspace, sent as `X-Workspace-Id` (a call can override it).
    pub fn workspace_id(mut self, id: impl Into<String>) -> Self {
        self.workspace_id = Some(id.into());
        self
    }

    /// The locale, sent as `X-LOCALE`.
    pub fn locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    /// The preferred languages, sent as `Accept-Language`.
    pub fn accept_language(mut self, languages: impl Into<String>) -> Self {
        self.accept_language = Some(languages.into());
        self
    }

    /// The `User-Agent`, sent on every call; defaults to this crate's name and version.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// The client fingerprint, sent as `X-Client-Hash`.
    pub fn client_fingerprint(mut self, fingerprint: impl Into<String>) -> Self {
        self.client_fingerprint = Some(fingerprint.into());
        self
    }

    /// How long one attempt may take, from connecting to the end of the body; 30 s unless
    /// set. A call can override it. The [deadline](ClientBuilder::deadline) can cut it short.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// How long a whole call may take, every attempt and every wait between attempts
    /// included; 60 s unless set (`Duration::MAX` for no limit). A call can override it. Each
    /// attempt's timeout is cut to what is left of it, and no retry starts when its wait would
    /// end past it: the call then fails with the last answer or error.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// How many times a call that is safe to repeat is retried after a failure to connect, a
    /// timeout, a lost connection, or HTTP 429/502/503/504; 2 unless set (so at most 3
    /// attempts, all within the [deadline](ClientBuilder::deadline)). A call can override it.
    ///
    /// Safe to repeat means an idempotent method (GET, HEAD, OPTIONS, PUT, DELETE) or a call
    /// with an idempotency key (`Call::idempotency_key`). A POST or PATCH without a key is
    /// never retried: it is sent exactly once.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = retries;
        self
    }

    /// The header that carries a call's idempotency key (`Call::idempotency_key`);
    /// `Idempotency-Key` unless set. Checked by [`build`](ClientBuilder::build).
    pub fn idempotency_key_header(mut self, name: impl Into<String>) -> Self {
        self.idempotency_header = name.into();
        self
    }

    /// A header sent on every call, such as `CF-Connecting-IP`; a header of the same name
    /// set for one call replaces it. Checked by [`build`](ClientBuilder::build).
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.default_headers.push((name.into(), value.into()));
        self
    }

    /// The `reqwest` client to send with (to share a connection pool or set a proxy). Its own
    /// timeout is replaced by this builder's per-attempt timeout.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Runs `hook` before every attempt of every call (retries included), after the client
    /// has set its headers: the hook gets the [`Request`] and hands it back, with headers
    /// added or changed as it likes. Hooks run in the order they were added. A hook that
    /// fails fails the call with [`Error::Hook`], before that attempt is sent.
    ///
    /// ```ignore
    /// .on_request(|mut request: Request| async move {
    ///     request.headers_mut().insert("x-tenant", "acme".parse()?);
    ///     Ok(request)
    /// })
    /// ```
    pub fn on_request<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(Request) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = std::result::Result<Request, BoxError>> + Send + 'static,
    {
        self.hooks.request.push(Arc::new(move |request| Box::pin(hook(request))));
        self
    }

    /// Runs `hook` after every attempt of every call with its [`Outcome`]: the status and
    /// headers of the answer, or why none arrived, and how long it took. Hooks run in the
    /// order they were added, and the call goes on when they are done.
    pub fn on_response<F, Fut>(mut self, hook: F) -> Self
    where
        F: Fn(Outcome) -> Fut + Send + Sync + 'static,
        Fut: Future<Output = ()> + Send + 'static,
    {
        self.hooks.response.push(Arc::new(move |outcome| Box::pin(hook(outcome))));
        self
    }

    /// Where the bearer token comes from: `provider` is asked for it on every call that
    /// sends one, and renews it once when a call is rejected with HTTP 401 because the token
    /// expired or is invalid (see [`TokenProvider`]); the call is then sent once more. It
    /// replaces [`bearer_token`](ClientBuilder::bearer_token); a call's own
    /// `Call::bearer_token` still wins, and is never renewed.
    pub fn token_provider(mut self, provider: impl TokenProvider) -> Self {
        self.hooks.tokens = Some(Arc::new(provider));
        self
    }

    /// The envelope codes of a 401 that mean the token must be renewed, exactly. Unless set,
    /// a 401 asks for a new token when its code says the token expired or is invalid
    /// (`ACCESS.TOKEN_EXPIRED`, `invalid_token`, ...: a code with `EXPIRED`, `INVALID` or
    /// `REVOKED` in it) or its `WWW-Authenticate` header says `error="invalid_token"`.
    pub fn token_rejected_codes<I, S>(mut self, codes: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        self.hooks.token_rejected_codes = Some(codes.into_iter().map(Into::into).collect());
        self
    }

    /// Checks the settings and makes the async client that a blocking client wraps too.
    fn build_async(self) -> Result<Client> {
        let base_url = check_base_url(&self.base_url)?;
        let idempotency_header = header_name(&self.idempotency_header)?;
        let mut default_headers = HeaderMap::new();
        for (name, value) in &self.default_headers {
            let name = header_name(name)?;
            let value = header_value(name.as_str(), value)?;
            default_headers.append(name, value);
        }
        let context = |header: ContextHeader, value: &Option<String>| {
            value
                .as_deref()
                .map(|value| context_value(header, value))
                .transpose()
        };
        let user_agent = self.user_agent.as_deref().unwrap_or(DEFAULT_USER_AGENT);
        let user_agent = context_value(ContextHeader::UserAgent, user_agent)?;
        if let Some(token) = &self.bearer_token {
            super::call::bearer_value(token)?;
        }
        let http = match self.http_client {
            Some(http) => http,
            None => reqwest::Client::builder().build().map_err(|e| {
                Error::invalid(format!("the HTTP client could not be created: {e}"))
            })?,
        };
        Ok(Client {
            inner: Arc::new(Inner {
                base_url,
                http,
                bearer_token: RwLock::new(self.bearer_token),
                access_code: context(ContextHeader::AccessCode, &self.access_code)?,
                workspace_id: context(ContextHeader::WorkspaceId, &self.workspace_id)?,
                locale: context(ContextHeader::Locale, &self.locale)?,
                accept_language: context(ContextHeader::AcceptLanguage, &self.accept_language)?,
                user_agent,
                client_fingerprint: context(
                    ContextHeader::ClientFingerprint,
                    &self.client_fingerprint,
                )?,
                timeout: self.timeout,
                deadline: Some(self.deadline).filter(|&deadline| deadline != Duration::MAX),
                max_retries: self.max_retries,
                idempotency_header,
                default_headers,
                hooks: self.hooks,
                refresh_lock: tokio::sync::Mutex::new(()),
            }),
        })
    }
}

impl ClientBuilder<Client> {
    /// Checks the settings and makes the client.
    ///
    /// # Errors
    ///
    /// [`Error::InvalidArgument`] when the base URL is not an absolute `http` or `https` URL
    /// (or has a query or fragment), when a header name or value cannot be sent over HTTP, or
    /// when the default HTTP client cannot be created.
    pub fn build(self) -> Result<Client> {
        self.build_async()
    }
}

#[cfg(feature = "blocking")]
impl ClientBuilder<super::blocking::Client> {
    /// Checks the settings and makes the blocking client.
    ///
    /// # Errors
    ///
    /// As for the async client's `build`.
    pub fn build(self) -> Result<super::blocking::Client> {
        self.build_async().map(super::blocking::Client::from_async)
    }
}

impl<C> fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self
            .default_headers
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("bearer_token", &Secret(self.bearer_token.is_some()))
            .field("access_code", &Secret(self.access_code.is_some()))
            .field("workspace_id", &self.workspace_id)
            .field("locale", &self.locale)
            .field("accept_language", &self.accept_language)
            .field("user_agent", &self.user_agent)
            .field("client_fingerprint", &self.client_fingerprint)
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("max_retries", &self.max_retries)
            .field("idempotency_header", &self.idempotency_header)
            .field("default_headers", &names)
            .field("http_client", &self.http_client.is_some())
            .field("hooks", &self.hooks)
            .finish()
    }
}

/// Parses and normalises the base URL: absolute `http`/`https` with a host, no query or
/// fragment, no trailing slash.
fn check_base_url(raw: &str) -> Result<String> {
    let bad = |why: &str| Error::invalid(format!("base URL `{raw}` {why}"));
    let url = reqwest::Url::parse(raw.trim()).map_err(|e| bad(&format!("is not a URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(bad("must start with http:// or https://"));
    }
    if !matches!(url.host_str(), Some(host) if !host.is_empty()) {
        return Err(bad("has no host"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // Not `bad`: the message must not repeat the credentials.
        return Err(Error::invalid("the base URL must not contain credentials"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(bad("must not have a query or a fragment"));
    }
    Ok(url.as_str().trim_end_matches('/').to_owned())
}

/// Checks a header name given as text.
pub(crate) fn header_name(name: &str) -> Result<HeaderName> {
    HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| Error::invalid(format!("`{name}` is not a valid HTTP header name")))
}

/// Checks a header value; the error names the header but never shows the value.
pub(crate) fn header_value(name: &str, value: &str) -> Result<HeaderValue> {
    HeaderValue::from_str(value).map_err(|_| {
        Error::invalid(format!(
            "the value of header {name} contains characters HTTP cannot carry"
        ))
    })
}

fn context_value(header: ContextHeader, value: &str) -> Result<HeaderValue> {
    let mut value = header_value(header.header_name(), value)?;
    value.set_sensitive(header == ContextHeader::AccessCode);
    Ok(value)
}

/// Debug-prints `<redacted>` for a secret that is set, `None` otherwise.
pub(crate) struct Secret(pub(crate) bool);

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(if self.0 { REDACTED } else { "None" })
    }
}

/// Debug-prints the names of headers only: their values may be secrets.
struct HeaderNames<'a>(&'a HeaderMap);

impl fmt::Debug for HeaderNames<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.keys()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_urls_are_checked_and_trimmed() {
        assert_eq!(
            check_base_url("https://api.example.com/").unwrap(),
            "https://api.example.com"
        );
        assert_eq!(
            check_base_url("http://127.0.0.1:8080/gw//").unwrap(),
            "http://127.0.0.1:8080/gw"
        );
        for bad in [
            "",
            "api.example.com",
            "ftp://example.com",
            "https://x.y/?a=1",
            "https://x.y/#f",
            "http://",
            "https://user:pw@x.y",
        ] {
            assert!(
                matches!(check_base_url(bad), Err(Error::InvalidArgument { .. })),
                "{bad}"
            );
        }
    }
}
