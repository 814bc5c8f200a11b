//! Endpoints described as data: the generator emits one `static` [`EndpointSpec`] per endpoint,
//! and the runtime reads it to build, check and send the request, so that the generated method
//! body stays a single expression.

/// HTTP method of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `POST`
    Post,
    /// `PUT`
    Put,
    /// `PATCH`
    Patch,
    /// `DELETE`
    Delete,
    /// `HEAD`
    Head,
    /// `OPTIONS`
    Options,
}

impl Method {
    /// The method's name as sent on the wire, such as `"GET"`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
            Method::Options => "OPTIONS",
        }
    }

    /// Whether sending the request twice has the same effect as sending it once (GET, HEAD,
    /// OPTIONS, PUT, DELETE). Only these, and calls with an idempotency key, are retried
    /// automatically.
    #[must_use]
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Post => reqwest::Method::POST,
            Method::Put => reqwest::Method::PUT,
            Method::Patch => reqwest::Method::PATCH,
            Method::Delete => reqwest::Method::DELETE,
            Method::Head => reqwest::Method::HEAD,
            Method::Options => reqwest::Method::OPTIONS,
        }
    }
}

/// One piece of an endpoint's path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Segment {
    /// Fixed text, sent as is; may span several segments (`"web/v1/partner/roles"`), with no
    /// leading or trailing `/`.
    Literal(&'static str),
    /// A path parameter, named as in the template (`"roleBizId"`). Its value comes from the
    /// call and is percent-encoded as exactly one path segment.
    Param(&'static str),
}

/// Whether an endpoint needs the client's bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Auth {
    /// A bearer token must be set; without one the call fails before sending.
    Required,
    /// The bearer token is sent when one is set.
    Optional,
    /// The bearer token is never sent.
    None,
}

/// A header that the client configures once and endpoints declare they need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ContextHeader {
    /// `X-PORTAL-ACCESS-CODE`, the portal access code.
    AccessCode,
    /// `X-Workspace-Id`.
    WorkspaceId,
    /// `X-LOCALE`.
    Locale,
    /// `Accept-Language`.
    AcceptLanguage,
    /// `User-Agent` (always configured: it has a default, and is sent on every call).
    UserAgent,
    /// `X-Client-Hash`, the client fingerprint.
    ClientFingerprint,
}

impl ContextHeader {
    /// The header's name on the wire, such as `"X-Workspace-Id"`.
    #[must_use]
    pub fn header_name(self) -> &'static str {
        match self {
            ContextHeader::AccessCode => "X-PORTAL-ACCESS-CODE",
            ContextHeader::WorkspaceId => "X-Workspace-Id",
            ContextHeader::Locale => "X-LOCALE",
            ContextHeader::AcceptLanguage => "Accept-Language",
            ContextHeader::UserAgent => "User-Agent",
            ContextHeader::ClientFingerprint => "X-Client-Hash",
        }
    }
}

/// Whether an endpoint needs a [`ContextHeader`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Need {
    /// The call fails before sending when the header is not configured.
    Required,
    /// The header is sent when configured.
    Optional,
}

/// Everything the runtime needs to know about one endpoint.
///
/// ```text
/// static GET_ROLE: EndpointSpec = EndpointSpec {
///     method: Method::Get,
///     path: &[Segment::Literal("web/v1/partner/roles"), Segment::Param("roleBizId")],
///     auth: Auth::Required,
///     context: &[(ContextHeader::WorkspaceId, Need::Required)],
///     route: "GET /web/v1/partner/roles/{roleBizId}",
/// };
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EndpointSpec {
    /// HTTP method.
    pub method: Method,
    /// Path template below the base URL, in order.
    pub path: &'static [Segment],
    /// Whether the bearer token is needed.
    pub auth: Auth,
    /// Context headers the endpoint uses. A header not listed here is not sent (except
    /// `User-Agent`, sent on every call); use a default header to send one everywhere.
    pub context: &'static [(ContextHeader, Need)],
    /// Method and path template, as `"GET /web/v1/partner/roles/{roleBizId}"`; used in errors.
    pub route: &'static str,
}
