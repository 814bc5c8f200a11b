//! One call of one endpoint: [`Call`] collects the path parameters, body and per-call options,
//! checks them against the endpoint's description before anything is sent, then sends with
//! retries and decodes the answer into a [`Response`].

use std::fmt;
use std::future::{Future, IntoFuture};
use std::marker::PhantomData;
use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use percent_encoding::AsciiSet;
use reqwest::header::{self, HeaderMap, HeaderValue};
use serde::de::DeserializeOwned;

use super::client::{Client, Inner, Secret};
use super::endpoint::{Auth, ContextHeader, EndpointSpec, Need, Segment};
use super::error::{Delivery, Error, RawBody, Result};
use super::hooks::{BoxError, Tokens};
use super::pages::{PageLocation, Paging};
use super::{decode, retry};
use super::transfer::{Bytes, FileStream, Multipart};

/// Everything but RFC 3986's unreserved characters (`A-Z a-z 0-9 - . _ ~`) is percent-encoded
/// in a path parameter, so that no value can add a segment, a query or a fragment.
const PATH_SEGMENT: &AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The header that carries the request id.
const REQUEST_ID: &str = "x-request-id";

/// A successful answer whole: the typed value with the status, headers and raw body it came
/// in, and the envelope's metadata, as returned by [`Call::send_with_metadata`] (on the
/// blocking client too). `Debug` shows the headers' names and the body's length only: they
/// may hold secrets.
///
/// ```ignore
/// let response = client.roles().list().send_with_metadata().await?;
/// let limit = response.headers.get("x-ratelimit-remaining");
/// println!("{} roles, HTTP {}, {limit:?}", response.data.len(), response.status);
/// ```
#[derive(Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The envelope's `data` (or the whole body when the answer had no envelope).
    pub data: T,
    /// HTTP status.
    pub status: u16,
    /// The envelope's `code`, such as `"2000"`.
    pub code: Option<String>,
    /// The envelope's `message`, such as `"Success"`.
    pub message: Option<String>,
    /// The envelope's `timestamp`, in milliseconds since the Unix epoch.
    pub timestamp: Option<i64>,
    /// The envelope's `version`, such as `"2.0.0"`.
    pub version: Option<String>,
    /// The `X-Request-Id` the call was sent with.
    pub request_id: String,
    /// The answer's headers (rate limits, `ETag`, the server's request id, a download's
    /// `Content-Type` and `Content-Disposition`, ...).
    pub headers: HeaderMap,
    /// The answer's body as it arrived, byte for byte (`body.as_bytes()`); empty for a
    /// download, whose bytes are the `data`.
    pub body: RawBody,
}

impl<T: fmt::Debug> fmt::Debug for Response<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Response")
            .field("data", &self.data)
            .field("status", &self.status)
            .field("code", &self.code)
            .field("message", &self.message)
            .field("timestamp", &self.timestamp)
            .field("version", &self.version)
            .field("request_id", &self.request_id)
            .field("headers", &self.headers.keys().collect::<Vec<_>>())
            .field("body", &self.body)
            .finish()
    }
}

/// The way the calls of an async [`Client`] are sent: awaited. The default of [`Call`]'s
/// third parameter.
#[derive(Debug, Clone, Copy)]
pub enum Async {}

/// The way the calls of a `blocking::Client` (feature `blocking`) are sent: with `send()`,
/// which blocks until the answer is there.
#[derive(Debug, Clone, Copy)]
pub enum Blocking {}

/// Settings of one call that override the client's; apply them with `Call::options`, or set
/// them one by one with the methods of the same names on `Call`.
#[derive(Clone, Default)]
#[must_use]
pub struct CallOptions {
    timeout: Option<Duration>,
    deadline: Option<Duration>,
    max_retries: Option<u32>,
    idempotency_key: Option<String>,
    request_id: Option<String>,
    workspace_id: Option<String>,
    bearer_token: Option<String>,
    headers: Vec<(String, String)>,
}

impl CallOptions {
    /// No overrides.
    pub fn new() -> Self {
        Self::default()
    }

    /// Timeout of each attempt, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// Time for the whole call, every attempt and wait included, instead of the client's
    /// (`Duration::MAX` for no limit).
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.deadline = Some(deadline);
        self
    }

    /// Retries of a call that is safe to repeat, instead of the client's (`0` disables them).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// The idempotency key to send, the same on every attempt, in the header named by
    /// `ClientBuilder::idempotency_key_header` (`Idempotency-Key` unless set). It makes a POST
    /// or PATCH safe to retry, so such a call is then retried like a GET. Use one fresh key per
    /// operation (a UUID, say) and keep it to send the operation again later.
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.idempotency_key = Some(key.into());
        self
    }

    /// The `X-Request-Id` to send (on every attempt) instead of a fresh UUID.
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.request_id = Some(id.into());
        self
    }

    /// The `X-Workspace-Id` to send instead of the client's, when the endpoint uses one.
    pub fn workspace_id(mut self, id: impl Into<String>) -> Self {
        self.workspace_id = Some(id.into());
        self
    }

    /// The bearer token to send instead of the client's, when the endpoint uses one.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.bearer_token = Some(token.into());
        self
    }

    /// An extra header; it replaces a client header of the same name.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Adds `other`'s settings to these; those set in `other` win.
    fn merge(&mut self, other: CallOptions) {
        self.timeout = other.timeout.or(self.timeout);
        self.deadline = other.deadline.or(self.deadline);
        self.max_retries = other.max_retries.or(self.max_retries);
        self.idempotency_key = other.idempotency_key.or(self.idempotency_key.take());
        self.request_id = other.request_id.or(self.request_id.take());
        self.workspace_id = other.workspace_id.or(self.workspace_id.take());
        self.bearer_token = other.bearer_token.or(self.bearer_token.take());
        self.headers.extend(other.headers);
    }
}

impl fmt::Debug for CallOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("CallOptions")
            .field("timeout", &self.timeout)
            .field("deadline", &self.deadline)
            .field("max_retries", &self.max_retries)
            .field("idempotency_key", &self.idempotency_key)
            .field("request_id", &self.request_id)
            .field("workspace_id", &self.workspace_id)
            .field("bearer_token", &Secret(self.bearer_token.is_some()))
            .field("headers", &names)
            .finish()
    }
}

/// The request body, serialised when it was given.
pub(super) enum Body {
    None,
    Json(serde_json::Value),
    Failed(serde_json::Error),
    /// A `multipart/form-data` form.
    Form(Multipart),
}

impl Clone for Body {
    /// A copy, for the next page of a walk ([`Call::pages`]). A serialisation failure is
    /// copied as its message, which is all the error shows.
    fn clone(&self) -> Self {
        match self {
            Body::None => Body::None,
            Body::Json(value) => Body::Json(value.clone()),
            Body::Failed(error) => Body::Failed(serde::ser::Error::custom(error)),
            Body::Form(form) => Body::Form(form.clone()),
        }
    }
}

/// A call of one endpoint, answered with a `T`. Nothing is sent until it is awaited:
/// `.await` gives the `T`, [`send_with_metadata`](Call::send_with_metadata) the whole
/// [`Response`] (status, headers, raw body and envelope metadata with the value). The calls
/// of a `blocking::Client` are `Call<'_, T, Blocking>` and are sent with `send()` instead
/// (feature `blocking`). Per-call settings are chained before that:
///
/// ```ignore
/// let role = client.roles().get("role_1").timeout(Duration::from_secs(5)).await?;
/// ```
///
/// The public methods are the per-call settings (`header`, `timeout`, `deadline`,
/// `max_retries`, `idempotency_key`, `request_id`, `workspace_id`, `bearer_token`, `options`),
/// the page setters of a list whose answer is a page (`page`, `page_size`, see
/// [`Paged`](super::Paged)) and the ways to send (awaiting, `send_with_metadata`, and for a
/// page `pages` and `items`). What describes the endpoint's request itself (`new`, `param`,
/// `query`, `json`, `paged`, ...) is `#[doc(hidden)]`: the generated method has already set it, calling
/// it again would change the request the method's signature promises, and it may change in
/// any release.
#[must_use = "a call does nothing until it is awaited"]
pub struct Call<'a, T, M = Async> {
    client: &'a Client,
    spec: &'static EndpointSpec,
    params: Vec<String>,
    query: Vec<(String, String)>,
    body: Body,
    options: CallOptions,
    /// How the answer becomes a `T` when it is not JSON (a download: the body as it came);
    /// `None` for JSON, decoded where the call is awaited. Choosing the JSON decoder only
    /// there keeps its code for every `T` out of this crate's own compile.
    decode: Option<Decoder<T>>,
    /// Where the page number and size go, for an endpoint whose answer is a page.
    paging: Option<Paging>,
    /// The page to ask for (`Call::page`); `None` leaves the server's default.
    pub(super) page: Option<u64>,
    /// The page size to ask for (`Call::page_size`); `None` leaves the server's default.
    pub(super) page_size: Option<u64>,
    /// How it is sent: [`Async`] or [`Blocking`].
    mode: PhantomData<fn() -> M>,
}

/// Turns the last answer of a call into its value or error. A function pointer is `Send` and
/// `Sync` whatever `T` is, so a call stays `Send` without asking `T` to be.
type Decoder<T> = fn(Answer) -> Result<Response<T>>;

impl<'a, T, M> Call<'a, T, M> {
    /// A call of the endpoint `spec`.
    ///
    /// Hidden: not part of the public API. Generated methods call it to describe their
    /// endpoint's request; it may change in any release.
    #[doc(hidden)]
    pub fn new(client: &'a Client, spec: &'static EndpointSpec) -> Self {
        Call {
            client,
            spec,
            params: Vec::new(),
            query: Vec::new(),
            body: Body::None,
            options: CallOptions::default(),
            decode: None,
            paging: None,
            page: None,
            page_size: None,
            mode: PhantomData,
        }
    }

    /// The endpoint answers with a page: where its page number and size are sent.
    ///
    /// Hidden: not part of the public API. Generated methods call it to describe their
    /// endpoint's request; it may change in any release.
    #[doc(hidden)]
    pub fn paged(mut self, paging: Paging) -> Self {
        self.paging = Some(paging);
        self
    }

    /// The endpoint, as `"GET /path/{param}"`.
    pub(super) fn route(&self) -> &'static str {
        self.spec.route
    }

    /// How the page number and size are sent, when the endpoint answers with a page.
    pub(super) fn paging(&self) -> Option<Paging> {
        self.paging
    }

    /// A copy of this call, to send again for another page.
    pub(super) fn duplicate(&self) -> Self {
        Call {
            client: self.client,
            spec: self.spec,
            params: self.params.clone(),
            query: self.query.clone(),
            body: self.body.clone(),
            options: self.options.clone(),
            decode: self.decode,
            paging: self.paging,
            page: self.page,
            page_size: self.page_size,
            mode: PhantomData,
        }
    }

    /// The same call, sent the other way (a blocking call runs the async one).
    #[cfg(feature = "blocking")]
    pub(super) fn into_mode<N>(self) -> Call<'a, T, N> {
        Call {
            client: self.client,
            spec: self.spec,
            params: self.params,
            query: self.query,
            body: self.body,
            options: self.options,
            decode: self.decode,
            paging: self.paging,
            page: self.page,
            page_size: self.page_size,
            mode: PhantomData,
        }
    }

    /// The value of the next path parameter, in template order.
    ///
    /// Hidden: not part of the public API. Generated methods call it to describe their
    /// endpoint's request; it may change in any release.
    #[doc(hidden)]
    pub fn param(mut self, value: impl fmt::Display) -> Self {
        self.params.push(value.to_string());
        self
    }

    /// A query parameter.
    ///
    /// Hidden: not part of the public API. Generated methods call it to describe their
    /// endpoint's request; it may change in any release.
    #[doc(hidden)]
    pub fn query(mut self, name: impl Into<String>, value: impl fmt::Display) -> Self {
        self.query.push((name.into(), value.to_string()));
        self
    }

    /// A query parameter, sent only when it is `Some`.
    ///
    /// Hidden: not part of the public API. Generated methods call it to describe their
    /// endpoint's request; it may change in any release.
    #[doc(hidden)]
    pub fn query_opt(self, name: impl Into<String>, value: Option<impl fmt::Display>) -> Self {
        match value {
            Some(value) => self.query(name, value),
            None => self,
        }
    }

    /// The JSON request body. It is serialised now; a failure is reported as
    /// [`Error::Serialize`] when the call is awaited.
    ///
    /// Hidden: not part of the public API. Generated methods call it to describe their
    /// endpoint's request; it may change in any release.
    #[doc(hidden)]
    pub fn json<B: serde::Serialize + ?Sized>(mut self, body: &B) -> Self {
        self.body = match serde_json::to_value(body) {
            Ok(value) => Body::Json(value),
            Err(error) => Body::Failed(error),
        };
        self
    }

    /// The `multipart/form-data` request body.
    ///
    /// Hidden: not part of the public API. Generated methods call it to describe their
    /// endpoint's request; it may change in any release.
    #[doc(hidden)]
    pub fn multipart(mut self, form: Multipart) -> Self {
        self.body = Body::Form(form);
        self
    }

    /// An extra header for this call; it replaces a client header of the same name.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.options.headers.push((name.into(), value.into()));
        self
    }

    /// An extra header, sent only when it is `Some`.
    pub fn header_opt(self, name: impl Into<String>, value: Option<impl Into<String>>) -> Self {
        match value {
            Some(value) => self.header(name, value),
            None => self,
        }
    }

    /// Timeout of each attempt of this call, instead of the client's.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.options.timeout = Some(timeout);
        self
    }

    /// Time for the whole call, every attempt and wait included, instead of the client's
    /// (`Duration::MAX` for no limit). Each attempt's timeout is cut to what is left of it.
    pub fn deadline(mut self, deadline: Duration) -> Self {
        self.options.deadline = Some(deadline);
        self
    }

    /// Retries of this call if it is safe to repeat (an idempotent method, or an
    /// [idempotency key](Call::idempotency_key)), instead of the client's (`0` disables them).
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.options.max_retries = Some(retries);
        self
    }

    /// The idempotency key of this call, sent on every attempt in the header named by
    /// `ClientBuilder::idempotency_key_header` (`Idempotency-Key` unless set). A POST or PATCH
    /// is retried only when it has one; without one it is sent exactly once. Use one fresh key
    /// per operation (a UUID, say), and the same key to send that operation again later:
    ///
    /// ```ignore
    /// let key = uuid::Uuid::new_v4().to_string();
    /// let payout = client.payouts().create(&request).idempotency_key(&key).await?;
    /// ```
    pub fn idempotency_key(mut self, key: impl Into<String>) -> Self {
        self.options.idempotency_key = Some(key.into());
        self
    }

    /// The `X-Request-Id` to send (on every attempt) instead of a fresh UUID.
    pub fn request_id(mut self, id: impl Into<String>) -> Self {
        self.options.request_id = Some(id.into());
        self
    }

    /// The `X-Workspace-Id` to send instead of the client's, when the endpoint uses one.
    pub fn workspace_id(mut self, id: impl Into<String>) -> Self {
        self.options.workspace_id = Some(id.into());
        self
    }

    /// The bearer token to send instead of the client's, when the endpoint uses one.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.options.bearer_token = Some(token.into());
        self
    }

    /// Applies a set of [`CallOptions`]; the settings given there win over earlier ones.
    pub fn options(mut self, options: CallOptions) -> Self {
        self.options.merge(options);
        self
    }
}

impl<M> Call<'_, Bytes, M> {
    /// The endpoint answers with a file: a 2xx body is returned as it came, with its
    /// `Content-Type` and file name, and `Accept: */*` is sent (a per-call `Accept` header set
    /// later wins). Error answers are still read from their envelope.
    ///
    /// Hidden: not part of the public API. Generated methods call it to describe their
    /// endpoint's request; it may change in any release.
    #[doc(hidden)]
    pub fn binary(mut self) -> Self {
        self.decode = Some(Answer::decode_file);
        let accept = (header::ACCEPT.as_str().to_owned(), String::from("*/*"));
        self.options.headers.insert(0, accept);
        self
    }
}

impl Call<'_, Bytes> {
    /// Sends the call and returns the file as a stream, for files too large to hold in
    /// memory: the answer's status and headers have arrived, its body is read chunk by chunk
    /// with [`FileStream::chunk`]. Retries happen as for any call, until a success arrives;
    /// the per-attempt timeout also covers reading the body, so give a large file a longer
    /// one (`.timeout(...)`).
    ///
    /// ```ignore
    /// let mut file = client.files().download("f_1").stream().await?;
    /// let mut out = std::fs::File::create(file.file_name().unwrap_or("download"))?;
    /// while let Some(chunk) = file.chunk().await? {
    ///     std::io::Write::write_all(&mut out, &chunk)?;
    /// }
    /// ```
    ///
    /// # Errors
    ///
    /// As for awaiting the call: checks that fail before sending, transport failures and
    /// timeouts (after the retries), and error answers (read from their envelope).
    pub async fn stream(self) -> Result<FileStream> {
        let client = self.client;
        let (mut prepared, token) = self.prepare()?;
        prepared.stream_success = true;
        let (mut raw, prepared) = deliver(client, prepared, token).await?;
        match raw.unread.take() {
            Some(response) => Ok(FileStream::new(
                response,
                &raw.headers,
                prepared.route,
                prepared.request_id,
                prepared.repeatable,
            )),
            None => Err(decode::file_error(&raw, prepared.route, prepared.request_id)),
        }
    }
}

impl<T: DeserializeOwned> Call<'_, T> {
    /// Sends the call and returns the value with everything the answer came with: HTTP
    /// status, headers, raw body, the envelope's metadata and the request id (see
    /// [`Response`]).
    ///
    /// # Errors
    ///
    /// Any [`Error`]: checks that fail before sending, transport failures and timeouts (after
    /// the retries), error answers, and bodies that do not decode into `T`.
    pub async fn send_with_metadata(self) -> Result<Response<T>> {
        let decode = self.decode;
        Answer::decode(self.exchange().await?, decode)
    }
}

impl<'a, T, M> Call<'a, T, M> {
    /// Sends the request (with retries); the answer is decoded by the caller. Neither this nor
    /// its future depends on `T`, so that awaiting a call needs no `T: Send` or `T: 'a`.
    pub(super) fn exchange(self) -> Exchange<'a> {
        let client = self.client;
        #[cfg(feature = "tracing")]
        let span = call_span(self.spec);
        let prepared = self.prepare();
        #[cfg(feature = "tracing")]
        if let Ok((prepared, _)) = &prepared {
            span.record("request_id", prepared.request_id.as_str());
        }
        let exchange = async move {
            let (prepared, token) = prepared?;
            let (raw, prepared) = deliver(client, prepared, token).await?;
            Ok(Answer {
                raw,
                route: prepared.route,
                request_id: prepared.request_id,
            })
        };
        #[cfg(feature = "tracing")]
        let exchange = tracing::Instrument::instrument(exchange, span);
        Box::pin(exchange)
    }

    /// Checks everything that can be checked without the server and builds the request; the
    /// bearer token is still to be asked for when it comes from the token provider.
    fn prepare(mut self) -> Result<(retry::Prepared, Token)> {
        let spec = self.spec;
        let inner = self.client.inner();
        self.apply_paging()?;
        let form_type = match &self.body {
            Body::Form(form) => Some(form.content_type()),
            _ => None,
        };
        let body = match self.body {
            Body::None => None,
            Body::Json(value) => {
                Some(
                    serde_json::to_vec(&value).map_err(|source| Error::Serialize {
                        route: spec.route,
                        source,
                    })?,
                )
            }
            Body::Failed(source) => {
                return Err(Error::Serialize {
                    route: spec.route,
                    source,
                });
            }
            Body::Form(form) => Some(form.encode()),
        };
        let url = build_url(self.client.base_url(), spec, &self.params, &self.query)?;

        let options = self.options;
        let mut headers = inner.default_headers.clone();
        headers.insert(header::ACCEPT, HeaderValue::from_static("application/json"));
        headers.insert(header::USER_AGENT, inner.user_agent.clone());
        for &(context, _) in spec.context {
            let value = match (context, &options.workspace_id) {
                (ContextHeader::WorkspaceId, Some(id)) => {
                    Some(super::client::header_value(context.header_name(), id)?)
                }
                _ => inner.context_value(context).cloned(),
            };
            if let Some(value) = value {
                headers.insert(super::client::header_name(context.header_name())?, value);
            }
        }
        let token = match spec.auth {
            Auth::None => Token::None,
            Auth::Required | Auth::Optional => match options.bearer_token {
                Some(token) => Token::Fixed(token),
                None if inner.hooks.tokens.is_some() => Token::Provided,
                None => self.client.bearer_token().map_or(Token::None, Token::Fixed),
            },
        };
        if let Token::Fixed(token) = &token {
            headers.insert(header::AUTHORIZATION, bearer_value(token)?);
        }
        for (name, value) in &options.headers {
            let name = super::client::header_name(name)?;
            let value = super::client::header_value(name.as_str(), value)?;
            headers.insert(name, value);
        }
        if body.is_some() {
            headers.insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            );
        }
        if let Some(form_type) = form_type {
            headers.insert(
                header::CONTENT_TYPE,
                super::client::header_value("Content-Type", &form_type)?,
            );
        }
        if let Some(key) = &options.idempotency_key {
            let name = &inner.idempotency_header;
            if key.is_empty() {
                return Err(Error::invalid(format!(
                    "the idempotency key of {} is empty",
                    spec.route
                )));
            }
            headers.insert(name, super::client::header_value(name.as_str(), key)?);
        }
        let request_id = options
            .request_id
            .unwrap_or_else(|| uuid::Uuid::new_v4().to_string());
        headers.insert(
            REQUEST_ID,
            super::client::header_value(REQUEST_ID, &request_id)?,
        );

        check_required(spec, &headers, matches!(token, Token::Provided))?;
        let deadline = options.deadline.or(inner.deadline);
        let prepared = retry::Prepared {
            method: spec.method.to_reqwest(),
            repeatable: spec.method.is_idempotent() || options.idempotency_key.is_some(),
            url,
            headers,
            body,
            timeout: options.timeout.unwrap_or(inner.timeout),
            deadline: deadline.and_then(|deadline| Instant::now().checked_add(deadline)),
            max_retries: options.max_retries.unwrap_or(inner.max_retries),
            request_id,
            route: spec.route,
            stream_success: false,
        };
        Ok((prepared, token))
    }
}

/// Where a call's bearer token comes from.
enum Token {
    /// It sends none.
    None,
    /// A fixed one: the call's, or the client's.
    Fixed(String),
    /// The client's token provider, asked when the call is sent.
    Provided,
}

/// Sends a prepared request with retries. With a token from the provider, asks for it first,
/// and after a 401 that says the token expired or is invalid renews it once and sends once
/// more. Returns the last answer and the request as last sent.
async fn deliver(
    client: &Client,
    mut prepared: retry::Prepared,
    token: Token,
) -> Result<(retry::Raw, retry::Prepared)> {
    let inner = client.inner();
    let tokens = match (token, &inner.hooks.tokens) {
        (Token::Provided, Some(tokens)) => Some(tokens.as_ref()),
        _ => None,
    };
    let Some(tokens) = tokens else {
        let raw = retry::send(&inner.http, &inner.hooks, &prepared).await?;
        return Ok((raw, prepared));
    };
    let provider_failed = |delivery, source| Error::TokenProvider {
        route: prepared.route,
        delivery,
        source,
    };
    let sent = tokens
        .token()
        .await
        .map_err(|source| provider_failed(Delivery::NotSent, source))?;
    prepared
        .headers
        .insert(header::AUTHORIZATION, bearer_value(&sent)?);
    let raw = retry::send(&inner.http, &inner.hooks, &prepared).await?;
    if !decode::rejects_token(&raw, inner.hooks.token_rejected_codes.as_deref()) {
        return Ok((raw, prepared));
    }
    let fresh = renew(inner, tokens, &sent)
        .await
        .map_err(|source| Error::TokenProvider {
            route: prepared.route,
            delivery: Delivery::Sent,
            source,
        })?;
    #[cfg(feature = "tracing")]
    tracing::debug!(
        route = prepared.route,
        request_id = %prepared.request_id,
        "the server rejected the token: sending once more with a renewed one"
    );
    prepared
        .headers
        .insert(header::AUTHORIZATION, bearer_value(&fresh)?);
    let raw = retry::send(&inner.http, &inner.hooks, &prepared).await?;
    Ok((raw, prepared))
}

/// A token to replace `rejected`: the provider's current one if another call has renewed it
/// meanwhile, else a renewed one. One renewal at a time per client.
async fn renew(
    inner: &Inner,
    tokens: &dyn Tokens,
    rejected: &str,
) -> std::result::Result<String, BoxError> {
    let _renewing = inner.refresh_lock.lock().await;
    let current = tokens.token().await?;
    if current != rejected {
        return Ok(current);
    }
    tokens.refresh(rejected).await
}

/// The span of one call: the route template and method, and the request id once known;
/// never the filled path, a header value or a body.
#[cfg(feature = "tracing")]
fn call_span(spec: &EndpointSpec) -> tracing::Span {
    tracing::info_span!(
        "call",
        route = spec.route,
        http.request.method = spec.method.to_reqwest().as_str(),
        request_id = tracing::field::Empty,
    )
}

impl<T, M> Call<'_, T, M> {
    /// Puts the page number and size, when set, where the endpoint reads them: the query (a
    /// value set there replaces one of the same name) or the JSON body's top level.
    fn apply_paging(&mut self) -> Result<()> {
        let values = [(self.page, "page"), (self.page_size, "page size")];
        if values.iter().all(|(value, _)| value.is_none()) {
            return Ok(());
        }
        let Some(paging) = self.paging else {
            return Err(Error::invalid(format!(
                "{} does not answer with a page: it takes no page number or size",
                self.spec.route
            )));
        };
        for (value, what) in values {
            let Some(value) = value else { continue };
            let name = if what == "page" {
                paging.page_param
            } else {
                paging.size_param
            };
            match paging.location {
                PageLocation::Query => {
                    self.query.retain(|(n, _)| n != name);
                    self.query.push((name.to_owned(), value.to_string()));
                }
                PageLocation::Body => {
                    if matches!(self.body, Body::None) {
                        self.body = Body::Json(serde_json::Value::Object(serde_json::Map::new()));
                    }
                    match &mut self.body {
                        Body::Json(serde_json::Value::Object(object)) => {
                            object.insert(name.to_owned(), value.into());
                        }
                        Body::Failed(_) => {}
                        _ => {
                            return Err(Error::invalid(format!(
                                "the {what} of {} goes in a JSON object body, and the body is \
                                 not one",
                                self.spec.route
                            )));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

/// The exchange with the server, which does not depend on the answer's type.
pub(super) type Exchange<'a> = Pin<Box<dyn Future<Output = Result<Answer>> + Send + 'a>>;

/// The last answer of a call, not decoded yet.
pub(super) struct Answer {
    raw: retry::Raw,
    route: &'static str,
    request_id: String,
}

impl Answer {
    /// The answer as a `T`: by `decoder` when the call has one, else as JSON.
    fn decode<T: DeserializeOwned>(self, decoder: Option<Decoder<T>>) -> Result<Response<T>> {
        match decoder {
            Some(decoder) => decoder(self),
            None => decode::decode(&self.raw, self.route, self.request_id),
        }
    }

    /// A page, as JSON: its value, the `data` it was decoded from (whose counters and items
    /// the walk reads), and the request id.
    pub(super) fn decode_page<T: DeserializeOwned>(self) -> Result<(T, serde_json::Value, String)> {
        let (response, data) = decode::decode_with_data(&self.raw, self.route, self.request_id)?;
        Ok((response.data, data, response.request_id))
    }

    /// A file.
    fn decode_file(self) -> Result<Response<Bytes>> {
        decode::decode_file(self.raw, self.route, self.request_id)
    }
}

/// The future of an awaited `Call`: sends the request, then decodes the answer into `T`. It
/// is `Send` whatever `T` is.
#[must_use = "futures do nothing unless polled"]
pub struct CallFuture<'a, T> {
    exchange: Exchange<'a>,
    decode: Option<Decoder<T>>,
}

impl<T: DeserializeOwned> Future for CallFuture<'_, T> {
    type Output = Result<T>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Result<T>> {
        let decode = self.decode;
        self.exchange
            .as_mut()
            .poll(cx)
            .map(|answer| Ok(Answer::decode(answer?, decode)?.data))
    }
}

impl<T> fmt::Debug for CallFuture<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CallFuture").finish_non_exhaustive()
    }
}

impl<'a, T: DeserializeOwned> IntoFuture for Call<'a, T> {
    type Output = Result<T>;
    type IntoFuture = CallFuture<'a, T>;

    fn into_future(self) -> CallFuture<'a, T> {
        let decode = self.decode;
        CallFuture {
            exchange: self.exchange(),
            decode,
        }
    }
}

impl<T, M> fmt::Debug for Call<'_, T, M> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Call")
            .field("route", &self.spec.route)
            .field("params", &self.params)
            .field("query", &self.query)
            .field("has_body", &!matches!(self.body, Body::None))
            .field("options", &self.options)
            .finish_non_exhaustive()
    }
}

/// `Authorization: Bearer <token>`, marked sensitive.
pub(crate) fn bearer_value(token: &str) -> Result<HeaderValue> {
    let mut value = super::client::header_value("Authorization", &format!("Bearer {token}"))?;
    value.set_sensitive(true);
    Ok(value)
}

/// Fails when the endpoint needs a credential or context header that the request lacks
/// (`provided`: the token provider will give the credential).
fn check_required(spec: &EndpointSpec, headers: &HeaderMap, provided: bool) -> Result<()> {
    if spec.auth == Auth::Required && !provided && !headers.contains_key(header::AUTHORIZATION) {
        return Err(Error::MissingCredential { route: spec.route });
    }
    for &(context, need) in spec.context {
        let name = context.header_name();
        if need == Need::Required && !headers.contains_key(super::client::header_name(name)?) {
            return Err(Error::MissingHeader {
                name,
                route: spec.route,
            });
        }
    }
    Ok(())
}

/// Joins the base URL, the literal segments and the percent-encoded parameters.
fn build_url(
    base_url: &str,
    spec: &EndpointSpec,
    params: &[String],
    query: &[(String, String)],
) -> Result<reqwest::Url> {
    let expected = spec
        .path
        .iter()
        .filter(|segment| matches!(segment, Segment::Param(_)))
        .count();
    if params.len() != expected {
        return Err(Error::invalid(format!(
            "{} takes {expected} path parameter(s), {} given",
            spec.route,
            params.len()
        )));
    }
    let mut url = String::from(base_url);
    let mut values = params.iter();
    for segment in spec.path {
        match *segment {
            Segment::Literal(text) => {
                let text = text.trim_matches('/');
                if !text.is_empty() {
                    url.push('/');
                    url.push_str(text);
                }
            }
            Segment::Param(name) => {
                let value = values.next().map_or("", String::as_str);
                if matches!(value, "" | "." | "..") {
                    return Err(Error::invalid(format!(
                        "path parameter `{name}` of {} must not be empty, `.` or `..` \
                         (got {value:?})",
                        spec.route
                    )));
                }
                url.push('/');
                url.extend(percent_encoding::utf8_percent_encode(value, PATH_SEGMENT));
            }
        }
    }
    // A route documented with a trailing slash keeps it: servers (Django's, for one) answer
    // `/tags` and `/tags/` differently.
    if spec.route.ends_with('/') && !url.ends_with('/') {
        url.push('/');
    }
    let mut url = reqwest::Url::parse(&url)
        .map_err(|e| Error::invalid(format!("URL of {} is invalid: {e}", spec.route)))?;
    if !query.is_empty() {
        url.query_pairs_mut().extend_pairs(query);
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::super::endpoint::Method;
    use super::*;

    static ITEM: EndpointSpec = EndpointSpec {
        method: Method::Get,
        path: &[
            Segment::Literal("/web/v1/items/"),
            Segment::Param("id"),
            Segment::Literal("history"),
        ],
        auth: Auth::None,
        context: &[],
        route: "GET /web/v1/items/{id}/history",
    };

    fn url(value: &str) -> Result<String> {
        build_url("http://h:1/api", &ITEM, &[value.to_owned()], &[]).map(String::from)
    }

    #[test]
    fn a_trailing_slash_of_the_route_is_kept() {
        static TAGS: EndpointSpec = EndpointSpec {
            method: Method::Get,
            path: &[Segment::Literal("/v1/tags/")],
            auth: Auth::None,
            context: &[],
            route: "GET /v1/tags/",
        };
        let url = build_url("http://h:1/api", &TAGS, &[], &[]).unwrap();
        assert_eq!(url.as_str(), "http://h:1/api/v1/tags/");
        assert_eq!(
            build_url("http://h:1/api", &ITEM, &["7".to_owned()], &[]).unwrap().as_str(),
            "http://h:1/api/web/v1/items/7/history"
        );
    }

    #[test]
    fn parameters_are_one_segment() {
        let cases = [
            ("a/b", "a%2Fb"),
            ("a?b", "a%3Fb"),
            ("a#b", "a%23b"),
            ("100%", "100%25"),
            ("a b+c", "a%20b%2Bc"),
            ("é", "%C3%A9"),
            ("...", "..."),
            ("A-z_0.9~", "A-z_0.9~"),
            ("%2e%2e", "%252e%252e"),
        ];
        for (value, encoded) in cases {
            assert_eq!(
                url(value).unwrap(),
                format!("http://h:1/api/web/v1/items/{encoded}/history")
            );
        }
        for value in ["", ".", ".."] {
            assert!(
                matches!(url(value), Err(Error::InvalidArgument { .. })),
                "{value:?}"
            );
        }
    }

    #[test]
    fn parameter_count_and_query_are_checked() {
        assert!(build_url("http://h", &ITEM, &[], &[]).is_err());
        let query = [("q".to_owned(), "a&b c".to_owned())];
        let url = build_url("http://h", &ITEM, &["1".to_owned()], &query).unwrap();
        assert_eq!(url.as_str(), "http://h/web/v1/items/1/history?q=a%26b+c");
    }
}
