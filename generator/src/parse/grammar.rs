//! The line grammar both front ends share: endpoint headings, label lines, table rows and the
//! items they turn a document into. Keeping it in one place is what makes the text and Markdown
//! forms of a document give the same IR.

use std::sync::LazyLock;

use regex::Regex;

use crate::ir::{Method, ParameterLocation, ResponseLabel};
use crate::json::Json;

/// What a document is made of, in order, once a front end has read it.
#[derive(Debug)]
pub(crate) enum Item {
    /// The document title.
    Title { text: String, offset: usize },
    /// A section heading that endpoints belong to.
    Group { name: String, offset: usize },
    /// `METHOD /path`; `also` holds further methods of `POST, PUT /path`.
    Endpoint {
        method: Method,
        also: Vec<Method>,
        path: String,
        offset: usize,
        path_offset: usize,
    },
    /// A line that looks like an endpoint heading but is not one (`get /x`, `FOO /x`,
    /// `GET /a b`): an error at `offset`; what follows it up to the next endpoint or group
    /// belongs to no endpoint.
    BadEndpoint { message: String, offset: usize },
    /// A line (text form) or paragraph (Markdown form) of prose.
    Prose { text: String, offset: usize },
    /// A `Name: rest` label line; `label` is `None` for names sdkgen does not know.
    Label {
        label: Option<Label>,
        line: String,
        rest: String,
        offset: usize,
        rest_offset: usize,
    },
    /// A table row; `header` marks the row above the `|---|` separator.
    Row {
        cells: Vec<(String, usize)>,
        header: bool,
        offset: usize,
    },
    /// A JSON sample, with what its code fence's info string says of it.
    Body(Json, FenceLabel),
    /// A sample that is not JSON (text, XML, an image): its media type.
    RawBody { media_type: String, offset: usize },
    /// What reading a sample found (a JSON dialect read past, a sample that cannot be read):
    /// a warning if the sample belongs to an endpoint (an error under `--strict`).
    SampleNote(crate::diagnostic::Diagnostic),
    /// A heading below an endpoint that is not a label (`#### Request fields`, `#### Examples`):
    /// a section for people. What follows it, up to the next label or heading, is skipped.
    Aside,
    /// The target of a link (Markdown form), as written: an index page's links give the order
    /// of the pages they name.
    Link { target: String },
}

/// The labels sdkgen knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Label {
    /// `Required Headers:` / `Optional Headers:`
    Headers { required: bool },
    /// `Path Parameters:` / `Query Parameters:` (optionally `Required`/`Optional` first);
    /// `Parameters:` without a location takes each row's location from the row (an `In`
    /// column, a name in the path) or from the method.
    Parameters {
        location: Option<ParameterLocation>,
        required: bool,
    },
    /// `Body Parameters:`, `Form Parameters:`: fields of the request body, described for
    /// people; the request sample shows them to sdkgen.
    BodyFields,
    /// `Request Body:`
    RequestBody,
    /// `Success Response:` / `Error Response:`
    Response(ResponseLabel),
    /// `Example:`: the samples that follow are the request or the response by position.
    Example,
    /// `Code: 200 OK` (or `Status:`): the status of the response being described.
    Status,
    /// `Content:`, `Content example:`: the sample of the response being described.
    Content,
    /// A label for people (`Auth required:`, `Condition:`, `Notes:`): nothing of it is read,
    /// and the response being described stays open.
    Remark,
    /// `Shared Headers:`: a table of headers that endpoints name instead of repeating their rows.
    SharedHeaders,
    /// `Response Headers:`: the headers of the response being described.
    ResponseHeaders,
}

impl Label {
    /// Does a JSON sample follow this label?
    pub(crate) fn takes_body(self) -> bool {
        matches!(
            self,
            Label::RequestBody | Label::Response(_) | Label::Example | Label::Content
        )
    }

    pub(crate) fn from_name(name: &str) -> Option<Label> {
        let lower = name.trim().to_ascii_lowercase();
        Label::from_exact_name(&lower).or_else(|| {
            // `Sample Payload`, `Response example`: the word that says it is an example.
            let bare = ["example ", "sample ", "an example ", "a sample "]
                .iter()
                .find_map(|p| lower.strip_prefix(p))
                .or_else(|| {
                    [" example", " sample", " examples", " samples"]
                        .iter()
                        .find_map(|s| lower.strip_suffix(s))
                })?;
            Label::from_exact_name(bare).filter(|l| *l != Label::Remark)
        })
    }

    fn from_exact_name(name: &str) -> Option<Label> {
        let name = name.trim().to_ascii_lowercase();
        let name = name.split_whitespace().collect::<Vec<_>>().join(" ");
        let (required, rest) = if let Some(rest) = name.strip_prefix("required ") {
            (Some(true), rest)
        } else if let Some(rest) = name.strip_prefix("optional ") {
            (Some(false), rest)
        } else {
            (None, name.as_str())
        };
        let parameters = |location| Label::Parameters {
            location,
            required: required.unwrap_or(location == Some(ParameterLocation::Path)),
        };
        Some(match rest {
            "headers" | "header" | "request headers" | "header parameters" | "http headers" => {
                Label::Headers {
                    required: required.unwrap_or(true),
                }
            }
            "shared headers" | "common headers" if required.is_none() => Label::SharedHeaders,
            "path parameters" | "path params" | "url parameters" | "url params"
            | "route parameters" | "path variables" | "uri parameters" | "path parameter" => {
                parameters(Some(ParameterLocation::Path))
            }
            "query parameters"
            | "query params"
            | "query string parameters"
            | "query string"
            | "querystring parameters"
            | "query string params"
            | "query parameter"
            | "url query parameters"
            | "query" => parameters(Some(ParameterLocation::Query)),
            "parameters" | "params" | "arguments" | "request parameters" | "parameter"
            | "fields" | "options" | "attributes" | "inputs" => parameters(None),
            "body parameters"
            | "body params"
            | "request body parameters"
            | "form parameters"
            | "json parameters"
            | "data params"
            | "request fields"
            | "body fields"
            | "payload parameters"
            | "request body fields"
            | "data constraints"
            | "body schema"
            | "request schema"
                if required.is_none() || required == Some(true) =>
            {
                Label::BodyFields
            }
            "request body"
            | "request"
            | "body"
            | "request example"
            | "request sample"
            | "example request"
            | "sample request"
            | "request payload"
            | "payload"
            | "post body"
            | "put body"
            | "patch body"
            | "json body"
            | "data example"
            | "request json"
            | "example body"
            | "body example"
            | "sample body"
            | "request data"
            | "example request body"
            | "sample request body"
            | "request body example"
            | "input"
                if required.is_none() || required == Some(true) =>
            {
                Label::RequestBody
            }
            "success response"
            | "successful response"
            | "response"
            | "responses"
            | "example response"
            | "sample response"
            | "response example"
            | "response sample"
            | "returns"
            | "return"
            | "return value"
            | "result"
            | "results"
            | "output"
            | "response body"
            | "success"
            | "response json"
            | "example responses"
            | "sample responses"
            | "response format"
            | "example output"
            | "sample output"
            | "success responses"
            | "successful responses"
            | "example success response"
            | "sample success response"
            | "example response body"
            | "response examples"
                if required.is_none() =>
            {
                Label::Response(ResponseLabel::Success)
            }
            "error response"
            | "failure response"
            | "error responses"
            | "error"
            | "errors"
            | "error example"
            | "example error"
            | "error examples"
            | "failed response"
            | "example error response"
            | "sample error response"
            | "error response example"
                if required.is_none() =>
            {
                Label::Response(ResponseLabel::Error)
            }
            "example" | "examples" | "sample" | "samples" | "usage" | "example usage"
                if required.is_none() =>
            {
                Label::Example
            }
            "response headers" | "response header" | "headers returned" if required.is_none() => {
                Label::ResponseHeaders
            }
            "code" | "status" | "status code" | "http status" | "http code" | "response code"
                if required.is_none() =>
            {
                Label::Status
            }
            "content" | "content example" | "content examples" | "response content"
                if required.is_none() =>
            {
                Label::Content
            }
            "condition"
            | "auth required"
            | "permissions required"
            | "permissions"
            | "notes"
            | "note"
            | "authentication"
            | "authorization"
            | "auth"
            | "scopes"
            | "rate limit"
            | "since"
            | "deprecated"
            | "access"
            | "requires authentication"
            | "remarks"
            | "description"
            | "summary"
            | "see also"
            | "returns type"
            | "content type"
            | "method"
            | "url"
            | "endpoint"
            | "route"
                if required.is_none() =>
            {
                Label::Remark
            }
            _ => return None,
        })
    }
}

static PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?i)^(?:(?:this|the) (?:endpoint|method|api|call) )?(?:accepts|takes|supports|expects|returns|has|uses|responds with)? ?(?:(?:the|these|following|an?|optional|required|example|sample|json|of|with)\b ?)*(.*?)[ \t]*(?:\([^()]*\))?[ \t]*:$",
    )
    .expect("valid regex")
});

/// A short line ending in `:` that introduces a label in words: `Accepts the following query
/// string parameters:`, `Example request:`, `Returns:`, `Response (200):`.
pub(crate) fn phrase_label(line: &str) -> Option<Label> {
    let line = line.trim();
    let words = line.split_whitespace().count();
    if words > 14 || !line.ends_with(':') {
        return None;
    }
    let lower = line.to_ascii_lowercase();
    // `It returns a JSON body like the following:`, `The request body looks like this:`.
    if words > 8 || lower.starts_with("it ") || lower.starts_with("this will ") {
        let says = |w: &str| lower.contains(w);
        return if says("return") || says("respon") || says("reply") || says("result") {
            Some(Label::Response(ResponseLabel::Success))
        } else if says("request") && (says("body") || says("payload") || says("json")) {
            Some(Label::RequestBody)
        } else {
            None
        };
    }
    if let Some((label, _)) = label_line(line).filter(|(l, _)| l.is_some()) {
        return label;
    }
    let captures = PHRASE.captures(line)?;
    let phrase = captures[1].trim().to_ascii_lowercase();
    if phrase.is_empty() && line.to_ascii_lowercase().contains("return") {
        return Some(Label::Response(ResponseLabel::Success));
    }
    let phrase = phrase
        .trim_end_matches(" like this")
        .trim_end_matches(" such as")
        .trim();
    Label::from_name(phrase).filter(|l| *l != Label::Remark)
}

/// What a code fence's info string says of its sample (`json title="Response 200 OK"`,
/// `json 201`, `json request`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct FenceLabel {
    /// The sample's role, when the info string names one.
    pub(crate) role: Option<FenceRole>,
    /// The status, when the info string gives one.
    pub(crate) status: Option<u16>,
}

/// A role a code fence's info string names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum FenceRole {
    /// `request`
    Request,
    /// `response` (or `success`), `error`
    Response(ResponseLabel),
}

/// Reads what follows the language of a code fence's info string.
pub(crate) fn fence_label(info: &str) -> FenceLabel {
    let mut label = FenceLabel::default();
    let words = info
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    for word in words.skip(1) {
        let lower = word.to_ascii_lowercase();
        match lower.as_str() {
            "request" | "req" | "body" | "payload" => label.role = Some(FenceRole::Request),
            "response" | "res" | "resp" | "success" | "reply" | "result" => {
                label
                    .role
                    .get_or_insert(FenceRole::Response(ResponseLabel::Success));
            }
            "error" | "failure" => {
                label.role = Some(FenceRole::Response(ResponseLabel::Error));
            }
            _ => {
                if let Ok(status) = lower.parse::<u16>() {
                    if lower.len() == 3 && (100..=599).contains(&status) {
                        label.status = Some(status);
                        label
                            .role
                            .get_or_insert(FenceRole::Response(ResponseLabel::of_status(status)));
                    }
                }
            }
        }
    }
    label
}

/// A heading that is a status (`200 OK`, `201 Created`, `404`, `HTTP 400`): the response of
/// that status, success below 400.
pub(crate) fn status_heading(text: &str) -> Option<(Label, usize)> {
    let (status, _) = response_status(text).ok()??;
    Some((Label::Response(ResponseLabel::of_status(status)), 0))
}

static ENDPOINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)[ \t]+(/[^ \t\r\n]*)[ \t]*$")
        .expect("valid regex")
});

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^([A-Za-z][A-Za-z ]{0,39}?)[ \t]*(\([^()\n]{1,40}\))?[ \t]*:(?:[ \t]+|$)")
        .expect("valid regex")
});

static STATUS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\([ \t]*)?(HTTP[ \t]*)?([0-9]+)").expect("valid regex"));

/// `METHOD /path` on its own: the method and the byte offset of the path within `line`.
pub(crate) fn endpoint_line(line: &str) -> Option<(Method, &str, usize)> {
    let captures = ENDPOINT.captures(line)?;
    let method = Method::parse(&captures[1])?;
    let path = captures.get(2)?;
    Some((method, path.as_str(), path.start()))
}

/// What is wrong with a line that looks like an endpoint heading or a status but is not one,
/// and the byte offset within the line that the diagnostic points at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineError {
    /// What is wrong, and what was expected.
    pub(crate) message: String,
    /// Where within the line.
    pub(crate) at: usize,
    /// The word before the path is no HTTP method at all (`FOO /x`), rather than a method
    /// written wrongly: in Markdown such a heading may be a title (`## API /v1`).
    pub(crate) unknown_method: bool,
}

/// Is `line` almost an endpoint heading: `get /x` (a method not in upper case), `FOO /x` (an
/// upper-case word that is no method) or `GET /a b` (white space in the path)? Ordinary prose
/// (`See /docs for more`) is not: only a known method, in any case, or an upper-case word of
/// three letters or more, followed by nothing but a path, counts.
pub(crate) fn bad_endpoint_line(line: &str) -> Option<LineError> {
    if endpoint_line(line).is_some() {
        return None;
    }
    let word_end = line.find([' ', '\t'])?;
    let word = &line[..word_end];
    if word.is_empty() || word.len() > 10 || !word.bytes().all(|b| b.is_ascii_alphabetic()) {
        return None;
    }
    let path_at = word_end + (line[word_end..].len() - line[word_end..].trim_start().len());
    let rest = line[path_at..].trim_end();
    if !rest.starts_with('/') {
        return None;
    }
    let single_token = !rest.contains(char::is_whitespace);
    let known = Method::parse(&word.to_ascii_uppercase()).is_some();
    if word.bytes().all(|b| b.is_ascii_uppercase()) && known {
        let space = rest.find(char::is_whitespace).unwrap_or(0);
        return Some(LineError {
            message: format!(
                "white space in the path of `{word} {}`; expected `METHOD /path` with nothing \
                 after the path",
                &rest[..space]
            ),
            at: path_at + space,
            unknown_method: false,
        });
    }
    if !single_token {
        return None;
    }
    let message = if known {
        format!(
            "the method `{word}` must be written in upper case, as in `{} {rest}`",
            word.to_ascii_uppercase()
        )
    } else if word.len() >= 3 && word.bytes().all(|b| b.is_ascii_uppercase()) {
        format!(
            "unknown HTTP method `{word}`; expected one of GET, POST, PUT, PATCH, DELETE, HEAD, \
             OPTIONS"
        )
    } else {
        return None;
    };
    Some(LineError {
        message,
        at: 0,
        unknown_method: !known,
    })
}

/// A `Name: rest` line: the label (if known), and the byte offset of `rest` within `line`.
///
/// A parenthesis before the colon (`Success Response (HTTP 200):`) belongs to the rest, where
/// the status is read from.
pub(crate) fn label_line(line: &str) -> Option<(Option<Label>, usize)> {
    let captures = LABEL.captures(line)?;
    let rest_at = match captures.get(2) {
        Some(parenthesis) => parenthesis.start(),
        None => captures.get(0)?.end(),
    };
    Some((Label::from_name(&captures[1]), rest_at))
}

/// The label names sdkgen's own forms use: in a document written in them, a heading with any
/// other name below an endpoint (`#### Parameters`, `#### Examples` on the pages sdkgen
/// writes) is a section for people, as it always was.
const OWN_LABELS: &[&str] = &[
    "headers",
    "shared headers",
    "common headers",
    "path parameters",
    "path params",
    "query parameters",
    "query params",
    "request body",
    "request",
    "body",
    "success response",
    "successful response",
    "response",
    "error response",
    "failure response",
];

/// [`label_heading`] restricted to [`OWN_LABELS`] when `own_form` is set.
pub(crate) fn label_heading_in(text: &str, own_form: bool) -> Option<(Label, usize)> {
    let found = label_heading(text)?;
    if own_form {
        let name_end = text
            .find(|c: char| !(c.is_ascii_alphabetic() || c == ' '))
            .unwrap_or(text.len());
        let name = text[..name_end].trim().to_ascii_lowercase();
        let name = name
            .strip_prefix("required ")
            .or_else(|| name.strip_prefix("optional "))
            .unwrap_or(&name);
        if !OWN_LABELS.contains(&name) {
            return None;
        }
    }
    Some(found)
}

/// Like [`label_line`], for a Markdown heading such as `#### Request Body` (colon optional).
pub(crate) fn label_heading(text: &str) -> Option<(Label, usize)> {
    if let Some((Some(label), rest)) = label_line(text) {
        return Some((label, rest));
    }
    let name_end = text
        .find(|c: char| !(c.is_ascii_alphabetic() || c == ' '))
        .unwrap_or(text.len());
    let label = Label::from_name(&text[..name_end])?;
    Some((
        label,
        name_end + (text.len() - name_end - text[name_end..].trim_start().len()),
    ))
}

/// Can this text directly follow a JSON sample on the same line (`}POST /x`, `nullError Response:`)?
/// `rest` may run on past the line; only the line's remainder is looked at.
pub(crate) fn may_follow_sample(rest: &str) -> bool {
    let line = rest.split('\n').next().unwrap_or(rest);
    endpoint_line(line.trim_end()).is_some() || label_line(line).is_some()
}

/// The status code at the start of a response label's rest (`(HTTP 200)`, `HTTP 200`, `200`),
/// and what follows it; `Ok(None)` when the rest does not start with a status at all (`No
/// successful E2E fixture captured`). A status is exactly three digits from 100 to 599 and an
/// opened parenthesis must be closed; anything else is an error with its byte offset in `rest`.
pub(crate) fn response_status(rest: &str) -> Result<Option<(u16, &str)>, LineError> {
    let Some(captures) = STATUS.captures(rest) else {
        return Ok(None);
    };
    let open = captures.get(1).is_some();
    let digits = captures.get(3).expect("the digits group always takes part");
    let text = digits.as_str();
    let status = match text.parse::<u16>() {
        Ok(status) if text.len() == 3 && (100..=599).contains(&status) => status,
        // Bare digits without `(` or `HTTP` are prose (`2 fixtures were lost`), not a status.
        _ if !open && captures.get(2).is_none() => return Ok(None),
        _ => {
            return Err(LineError {
                unknown_method: false,
                message: format!(
                    "`{text}` is not an HTTP status; expected exactly three digits from 100 to \
                     599, as in `(HTTP 404)`"
                ),
                at: digits.start(),
            })
        }
    };
    let mut end = captures.get(0).expect("whole match").end();
    if open {
        let after = &rest[end..];
        let closing = after.len() - after.trim_start().len();
        if !after[closing..].starts_with(')') {
            return Err(LineError {
                unknown_method: false,
                message: format!("unclosed `(` after the status {status}; expected `)`"),
                at: end + closing,
            });
        }
        end += closing + 1;
    }
    Ok(Some((status, rest[end..].trim())))
}

/// Could this line be a section heading (short, no sentence punctuation at its end)?
pub(crate) fn heading_like(line: &str) -> bool {
    let line = line.trim();
    !line.is_empty()
        && line.chars().count() <= 80
        && !line.ends_with(['.', ':', ',', ';'])
        && !line.starts_with(['|', '{', '[', '"'])
}

static HEADER_NAME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$").expect("valid regex"));

/// A comma-separated list of header names (`X-Request-Id, Authorization`, backticks allowed) with
/// the byte offset of each name within `text`; `None` when `text` is anything else.
pub(crate) fn header_names(text: &str) -> Option<Vec<(&str, usize)>> {
    let body = text.trim_end();
    let body = body.strip_suffix(',').unwrap_or(body);
    let mut names = Vec::new();
    let mut at = 0;
    for piece in body.split(',') {
        let leading = piece.len() - piece.trim_start().len();
        let name = piece.trim().trim_matches('`');
        if !HEADER_NAME.is_match(name) {
            return None;
        }
        let backtick = usize::from(piece.trim_start().starts_with('`'));
        names.push((name, at + leading + backtick));
        at += piece.len() + 1;
    }
    Some(names)
}

/// Splits a `| a | b |` table row into trimmed cells with their byte offsets within `line`.
/// `\|` is an escaped pipe inside a cell.
pub(crate) fn table_cells(line: &str) -> Vec<(String, usize)> {
    let trimmed_end = line.trim_end();
    let Some(body_start) = trimmed_end.find('|').map(|i| i + 1) else {
        return Vec::new();
    };
    let mut cells = Vec::new();
    let mut cell = String::new();
    let mut cell_start = body_start;
    let mut chars = trimmed_end[body_start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        match c {
            '\\' if chars.peek().is_some_and(|&(_, next)| next == '|') => {
                cell.push('|');
                chars.next();
            }
            '|' => {
                cells.push(trim_cell(&cell, cell_start, line));
                cell.clear();
                cell_start = body_start + i + 1;
            }
            _ => cell.push(c),
        }
    }
    if !cell.trim().is_empty() {
        cells.push(trim_cell(&cell, cell_start, line));
    }
    cells
}

fn trim_cell(cell: &str, start: usize, line: &str) -> (String, usize) {
    let leading = cell.len() - cell.trim_start().len();
    let offset = (start + leading).min(line.len());
    (cell.trim().to_owned(), offset)
}

/// Is this row the `|---|:---:|` separator under a table header?
pub(crate) fn is_separator_row(cells: &[(String, usize)]) -> bool {
    !cells.is_empty()
        && cells.iter().all(|(cell, _)| {
            let inner = cell.trim_matches(':');
            !inner.is_empty() && inner.chars().all(|c| c == '-')
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_endpoint_lines() {
        assert_eq!(
            endpoint_line("GET /web/v1/partner/roles/{roleBizId}"),
            Some((Method::Get, "/web/v1/partner/roles/{roleBizId}", 4))
        );
        assert_eq!(endpoint_line("GET  /a ").map(|e| e.2), Some(5));
        assert!(endpoint_line("GET roles").is_none());
        assert!(endpoint_line("FETCH /a").is_none());
    }

    #[test]
    fn recognises_lines_that_are_almost_endpoints() {
        let at = |line: &str| bad_endpoint_line(line).map(|e| e.at);
        assert_eq!(at("get /x"), Some(0));
        assert_eq!(at("Delete /x/{id}"), Some(0));
        assert_eq!(at("FOO /x"), Some(0));
        assert_eq!(at("GET /a b"), Some(6));
        assert_eq!(at("POST  /a\tb c"), Some(8));
        assert!(bad_endpoint_line("FOO /x")
            .is_some_and(|e| e.message.contains("unknown HTTP method `FOO`")));
        assert!(bad_endpoint_line("get /x").is_some_and(|e| e.message.contains("`GET /x`")));
        // Prose and real endpoints are not.
        for line in [
            "GET /a",
            "See /docs for more",
            "get /x and then /y",
            "Auth",
            "GET roles",
            "A /b",
            "URL /x",
        ] {
            let expected = (line == "URL /x").then_some(0);
            assert_eq!(at(line), expected, "{line}");
        }
    }

    #[test]
    fn recognises_labels() {
        assert_eq!(
            label_line("Success Response: (HTTP 200)"),
            Some((Some(Label::Response(ResponseLabel::Success)), 18))
        );
        assert_eq!(
            label_line("Required Headers:"),
            Some((Some(Label::Headers { required: true }), 17))
        );
        assert_eq!(label_line("Rate Limits: 10/s"), Some((None, 13)));
        assert_eq!(
            label_line("Success Response (HTTP 200):"),
            Some((Some(Label::Response(ResponseLabel::Success)), 17))
        );
        assert_eq!(label_line("https://x"), None);
        assert_eq!(
            label_heading("Request Body"),
            Some((Label::RequestBody, 12))
        );
        assert_eq!(
            label_heading("Success Response (HTTP 201)"),
            Some((Label::Response(ResponseLabel::Success), 17))
        );
        assert_eq!(response_status("(HTTP 204)"), Ok(Some((204, ""))));
        assert_eq!(
            response_status("HTTP 201 Created"),
            Ok(Some((201, "Created")))
        );
        assert_eq!(response_status("( HTTP 404 ) x"), Ok(Some((404, "x"))));
        assert_eq!(response_status("No successful E2E fixture"), Ok(None));
        assert_eq!(response_status("2 fixtures were lost"), Ok(None));
        assert_eq!(response_status("(HTTP 4041)").map_err(|e| e.at), Err(6));
        assert_eq!(response_status("(HTTP 40)").map_err(|e| e.at), Err(6));
        assert_eq!(response_status("HTTP 600").map_err(|e| e.at), Err(5));
        assert_eq!(response_status("(HTTP 200").map_err(|e| e.at), Err(9));
        assert_eq!(response_status("(HTTP 200 OK)").map_err(|e| e.at), Err(10));
        assert!(may_follow_sample(
            "GET /a\nSuccess Response: (HTTP 200)\n{}"
        ));
        assert!(may_follow_sample("Error Response: (HTTP 404)\n{}"));
        assert!(!may_follow_sample("able\nGET /a"));
    }

    #[test]
    fn reads_lists_of_header_names() {
        assert_eq!(
            header_names("X-Request-Id, `Authorization`,"),
            Some(vec![("X-Request-Id", 0), ("Authorization", 15)])
        );
        assert_eq!(header_names("Cf-Ray"), Some(vec![("Cf-Ray", 0)]));
        assert_eq!(header_names("see the table below"), None);
        assert_eq!(header_names("A,, B"), None);
        assert_eq!(
            label_line("Shared Headers:"),
            Some((Some(Label::SharedHeaders), 15))
        );
    }

    #[test]
    fn splits_table_rows_with_two_or_three_cells() {
        let cells = table_cells("| X-SC-Session-Id | Secure channel session ID |");
        assert_eq!(
            cells,
            vec![
                ("X-SC-Session-Id".to_owned(), 2),
                ("Secure channel session ID".to_owned(), 20)
            ]
        );
        let cells = table_cells("| X-Request-Id | Unique request ID | |");
        assert_eq!(cells.len(), 3);
        assert_eq!(cells[2].0, "");
        assert_eq!(table_cells(r"| a \| b | c")[0].0, "a | b");
        assert!(is_separator_row(&table_cells("|---|:--:|")));
        assert!(!is_separator_row(&table_cells("| a |")));
    }
}
