//! The intermediate representation: what an endpoint document says, as pure data.
//!
//! The parser fills it in, `infer` adds types to it, and every emitter reads it. Wire names are
//! kept exactly as written, and every node carries the [`Span`] it came from.

use serde::Serialize;

pub use crate::json::{Json, JsonMember, JsonValue};
pub use crate::source::Span;

/// A whole API: one or more documents read together.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Api {
    /// The document title (the first line of a text document, the `#` heading of a Markdown one).
    pub title: Option<Text>,
    /// The lines between the title and the first group (counts, sanitization notes, ...).
    pub preamble: Vec<Text>,
    /// The endpoint count the preamble declares (`Total endpoints: 94`), if any.
    pub declared_total: Option<Declared<usize>>,
    /// The files read, in order; [`Span::file`] indexes this list.
    pub sources: Vec<String>,
    /// The groups, in order of first appearance.
    pub groups: Vec<Group>,
    /// Every endpoint, in document order.
    pub endpoints: Vec<Endpoint>,
}

impl Api {
    /// The endpoints of one group, in document order.
    pub fn endpoints_in(&self, group: usize) -> impl Iterator<Item = &Endpoint> {
        self.endpoints.iter().filter(move |e| e.group == group)
    }
}

/// A line or paragraph of prose, with where it starts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Text {
    /// The text, trimmed; paragraphs keep their line breaks.
    pub text: String,
    /// Where the text starts.
    pub span: Span,
}

/// A value the document states, with where it states it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Declared<T> {
    /// The value.
    pub value: T,
    /// Where it is stated.
    pub span: Span,
}

/// A section of the document (`Auth`, `API Keys`, ...) that endpoints belong to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Group {
    /// The group's name as written.
    pub name: String,
    /// Prose under the group heading, if any.
    pub description: Option<Text>,
    /// Where the group heading is.
    pub span: Span,
}

/// An HTTP method.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "UPPERCASE")]
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
    /// Every method, in the order they are tried when reading a document.
    pub const ALL: [Method; 7] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
        Method::Options,
    ];

    /// The method as written on the wire.
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

    /// Parses an upper-case method name.
    pub fn parse(text: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.as_str() == text)
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One route of the API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Endpoint {
    /// Index into [`Api::groups`].
    pub group: usize,
    /// The HTTP method.
    pub method: Method,
    /// The path template.
    pub path: PathTemplate,
    /// The description under the endpoint heading.
    pub description: Option<Text>,
    /// Header rows from the `Required Headers` and `Optional Headers` tables, in document order.
    pub headers: Vec<Header>,
    /// Rows of `Path Parameters` and `Query Parameters` tables, where the document has them.
    pub parameters: Vec<Parameter>,
    /// The sample request body, if the document shows one.
    pub request: Option<Body>,
    /// Further request samples (a second `curl -d` example of the same route): inference
    /// types the request body from all of them.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub request_examples: Vec<Body>,
    /// Response samples in document order, as labelled (`Success Response`, `Error Response`).
    pub responses: Vec<Response>,
    /// The document's explicit statement that no success fixture exists
    /// (`No successful E2E fixture captured for this endpoint.`).
    pub missing_success: Option<Text>,
    /// Where the endpoint heading (its method) is.
    pub span: Span,
}

impl Endpoint {
    /// The first response labelled as a success, if any.
    pub fn success(&self) -> Option<&Response> {
        self.responses
            .iter()
            .find(|r| r.label == ResponseLabel::Success)
    }

    /// The responses labelled as errors.
    pub fn errors(&self) -> impl Iterator<Item = &Response> {
        self.responses
            .iter()
            .filter(|r| r.label == ResponseLabel::Error)
    }

    /// `METHOD /path`, as the document writes it.
    pub fn route(&self) -> String {
        format!("{} {}", self.method, self.path.template)
    }
}

/// A path template such as `/web/v1/partner/roles/{roleBizId}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathTemplate {
    /// The template as written, without any query string, its parameters written `{name}`
    /// (a document's `:name`, `<name>` or `[name]` become `{name}`).
    pub template: String,
    /// The template split into literal text and parameters.
    pub parts: Vec<PathPart>,
    /// A query string written after `?` in the heading, split into name/example pairs.
    pub query: Vec<QueryExample>,
    /// Where the path starts.
    pub span: Span,
}

impl PathTemplate {
    /// The parameters, in order.
    pub fn params(&self) -> impl Iterator<Item = &PathParam> {
        self.parts.iter().filter_map(|p| match p {
            PathPart::Param(param) => Some(param),
            PathPart::Literal(_) => None,
        })
    }

    /// The route with every parameter name erased (`/roles/{}`), used to find duplicates.
    pub fn shape(&self) -> String {
        self.parts
            .iter()
            .map(|p| match p {
                PathPart::Literal(text) => text.as_str(),
                PathPart::Param(_) => "{}",
            })
            .collect()
    }
}

/// A piece of a path template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PathPart {
    /// Literal text, including slashes.
    Literal(String),
    /// A `{name}` placeholder.
    Param(PathParam),
}

/// A `{name}` placeholder in a path template.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PathParam {
    /// The name between the braces, as written.
    pub name: String,
    /// Where the `{` is.
    pub span: Span,
}

/// A `name=value` pair from a query string written in an endpoint heading.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct QueryExample {
    /// The parameter name.
    pub name: String,
    /// The example value (may be empty).
    pub example: String,
}

/// A row of a header table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Header {
    /// The header name as written (`X-PORTAL-ACCESS-CODE`, `cf-ipcountry`, ...).
    pub name: String,
    /// The `Value` cell: a sample value or a description of the value (`pac_xxx`, `Unique request ID`).
    pub value: Option<String>,
    /// The `Description` cell.
    pub description: Option<String>,
    /// From the `Required Headers` table (true) or the `Optional Headers` table (false).
    pub required: bool,
    /// Where the row starts.
    pub span: Span,
}

/// Where a documented parameter goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ParameterLocation {
    /// A `{name}` in the path.
    Path,
    /// A query string parameter.
    Query,
}

/// A row of a `Path Parameters` or `Query Parameters` table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Parameter {
    /// Path or query.
    pub location: ParameterLocation,
    /// The name as written.
    pub name: String,
    /// The example or value cell.
    pub value: Option<String>,
    /// The description cell.
    pub description: Option<String>,
    /// The type the document states (a `Type` column, `(int)` after a name in a list).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub type_name: Option<String>,
    /// Whether the parameter is required (path parameters always are).
    pub required: bool,
    /// Where the row starts.
    pub span: Span,
}

/// A JSON sample (request or response body) and where it is.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Body {
    /// The parsed sample, every node with its span.
    pub json: Json,
    /// Where the sample starts.
    pub span: Span,
    /// Whether the document or `sdkgen.toml` gives it.
    #[serde(skip_serializing_if = "Origin::is_document")]
    pub origin: Origin,
}

/// Where a sample comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The endpoint document.
    #[default]
    Document,
    /// `sdkgen.toml` (a `success_sample` or `request_sample`).
    Config,
}

impl Origin {
    /// Is this the document?
    pub fn is_document(&self) -> bool {
        *self == Origin::Document
    }
}

/// What the label above a response sample says it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ResponseLabel {
    /// `Success Response:`
    Success,
    /// `Error Response:`
    Error,
}

impl ResponseLabel {
    /// What a status says when nothing else does: an error from 400 up, else a success.
    pub fn of_status(status: u16) -> ResponseLabel {
        if status >= 400 {
            ResponseLabel::Error
        } else {
            ResponseLabel::Success
        }
    }
}

/// A captured response: its label, HTTP status and body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// What the label says; `infer` decides the real outcome from the envelope.
    pub label: ResponseLabel,
    /// The HTTP status from `(HTTP 200)`.
    pub status: u16,
    /// The body; `None` when the document shows none.
    pub body: Option<Body>,
    /// The media type of a body that is not JSON (`text/plain`, `image/png`), which the
    /// document shows as a code block in another language or as an image.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// The headers the document says the response carries (a `Response Headers` table).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub headers: Vec<Header>,
    /// Where the label is.
    pub span: Span,
}

impl Response {
    /// A response the document labels, before its sample (if any) is read.
    pub fn labelled(label: ResponseLabel, status: u16, span: Span) -> Response {
        Response {
            label,
            status,
            body: None,
            media_type: None,
            headers: Vec::new(),
            span,
        }
    }
}

/// The `success` flag of the platform's `{version, timestamp, success, code, message, data}`
/// envelope, when `body` is one: an object with a boolean `success` and a `data` or `code`
/// beside it (a bare `{success, latencyMs}` is data, not an envelope). This is the one place
/// the envelope is recognised; `infer` records each response's outcome from it in the model.
pub fn envelope_flag(body: &Json) -> Option<bool> {
    if !matches!(body.value, JsonValue::Object(_))
        || (body.get("data").is_none() && body.get("code").is_none())
    {
        return None;
    }
    match body.get("success").map(|s| &s.value) {
        Some(JsonValue::Bool(flag)) => Some(*flag),
        _ => None,
    }
}
