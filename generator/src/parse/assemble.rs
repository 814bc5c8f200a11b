//! Turns the items a front end read into IR nodes: attaches tables, samples and prose to the
//! endpoint and label they belong to, and reports what does not fit.
//!
//! Shared headers: a `Shared Headers:` table (on an index page, or above the endpoints) defines
//! headers once; an endpoint's `Required Headers:` / `Optional Headers:` label may then name
//! them (`X-Request-Id, Authorization`, on the label's line or the lines after it) instead of
//! repeating their rows. Each name becomes the row the shared table gives, in the order named.

use std::sync::LazyLock;

use regex::Regex;

use super::grammar::{self, Item, Label};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ir::{
    Api, Body, Declared, Endpoint, Group, Header, Method, Parameter, ParameterLocation, PathParam,
    PathPart, PathTemplate, QueryExample, Response, ResponseLabel, Text,
};
use crate::source::SourceFile;

static TOTAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"^[Tt][Oo][Tt][Aa][Ll] [Ee][Nn][Dd][Pp][Oo][Ii][Nn][Tt][Ss][ \t]*:[ \t]*([0-9]+)[ \t]*$",
    )
    .expect("valid regex")
});

/// Where the next table row or sample goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Context {
    /// Between the endpoint heading and its first label: prose is the description.
    Description,
    Headers {
        required: bool,
    },
    Parameters {
        location: ParameterLocation,
        required: bool,
    },
    Request,
    Response(usize),
    /// After `Success Response:` with neither status nor note: the next prose is the note.
    SuccessNote,
    /// Under a label sdkgen does not know: its rows and samples are skipped.
    Ignore,
    /// A sample was read; nothing else belongs here.
    Done,
    /// Under a `Shared Headers:` label: rows define shared headers.
    SharedHeaders,
    /// In a section for people (see [`Item::Aside`]): everything is skipped up to the next label.
    Aside,
}

/// What the files of one API share while they are assembled one after another.
#[derive(Debug, Default)]
pub(crate) struct Shared {
    /// The rows of `Shared Headers:` tables, by name (first definition wins).
    pub(crate) headers: Vec<Header>,
}

/// The columns of a header or parameter table, from its header row.
#[derive(Debug, Clone, Copy)]
struct Columns {
    name: usize,
    value: Option<usize>,
    description: Option<usize>,
    required: Option<usize>,
}

impl Columns {
    const POSITIONAL: Columns = Columns {
        name: 0,
        value: Some(1),
        description: Some(2),
        required: None,
    };

    fn from_header(cells: &[(String, usize)]) -> Columns {
        let find = |names: &[&str]| {
            cells
                .iter()
                .position(|(cell, _)| names.contains(&cell.to_ascii_lowercase().as_str()))
        };
        let name = find(&["header", "name", "parameter", "field"]);
        let value = find(&["value", "example", "sample", "type"]);
        let description = find(&["description", "notes", "meaning"]);
        match name {
            Some(name) => Columns {
                name,
                value,
                description,
                required: find(&["required"]),
            },
            None => Columns::POSITIONAL,
        }
    }
}

/// Builds IR from one file's items into `api`.
pub(crate) struct Assembler<'a> {
    api: &'a mut Api,
    file: &'a SourceFile,
    diagnostics: &'a mut Vec<Diagnostic>,
    /// Whether this file's prose before the first group is the API's preamble.
    owns_preamble: bool,
    /// The group for endpoints that appear before any group heading in this file.
    fallback_group: String,
    /// The file documents no endpoints (an index or types page): it gives the title, the
    /// preamble and shared headers only, and its sections are not groups.
    endpointless: bool,
    /// Past the first section heading of an endpointless file.
    in_sections: bool,
    shared: &'a mut Shared,
    group: Option<usize>,
    endpoint: Option<Endpoint>,
    context: Context,
    columns: Columns,
    declared_total: Option<Declared<usize>>,
    /// After a line that looks like an endpoint heading but is not one: everything up to the
    /// next endpoint or group is dropped, so no sample moves to the endpoint before it.
    broken: bool,
    /// Group indexes by name, so large documents do not search the group list per endpoint.
    group_lookup: std::collections::HashMap<String, usize>,
}

impl<'a> Assembler<'a> {
    pub(crate) fn new(
        api: &'a mut Api,
        file: &'a SourceFile,
        diagnostics: &'a mut Vec<Diagnostic>,
        owns_preamble: bool,
        fallback_group: String,
        shared: &'a mut Shared,
    ) -> Self {
        let api_groups = api
            .groups
            .iter()
            .enumerate()
            .map(|(i, g)| (g.name.clone(), i))
            .collect();
        Assembler {
            api,
            file,
            diagnostics,
            owns_preamble,
            fallback_group,
            endpointless: false,
            in_sections: false,
            shared,
            group: None,
            endpoint: None,
            context: Context::Description,
            columns: Columns::POSITIONAL,
            declared_total: None,
            broken: false,
            group_lookup: api_groups,
        }
    }

    fn text(&self, text: &str, offset: usize) -> Text {
        Text {
            text: text.to_owned(),
            span: self.file.span(offset),
        }
    }

    /// The lines of a preamble paragraph that name no local path or private host (`None` when
    /// none is left); each line left out gets a warning at the place it names. The preamble is
    /// published (OpenAPI `info.description`, the crate docs, the pages), and such a place
    /// tells readers elsewhere nothing while it tells them about the writer's machine.
    fn public_lines(&mut self, text: &str, offset: usize) -> Option<String> {
        let mut kept: Vec<&str> = Vec::new();
        for line in text.lines() {
            let Some(location) = super::private_text::private_location(line) else {
                kept.push(line);
                continue;
            };
            let at = self.file.text[offset..]
                .find(&location.found)
                .map_or(offset, |i| offset + i);
            self.warn(
                "preamble-private-location",
                at,
                format!(
                    "the preamble names {} (`{}`): the line is left out of the OpenAPI \
                     document, the crate docs and the pages",
                    location.kind, location.found
                ),
            )
            .hint = Some(
                "a published document should not point at one machine or network; remove the \
                 line from the document to silence this warning"
                    .to_owned(),
            );
        }
        let kept = kept.join("\n");
        (!kept.trim().is_empty()).then(|| kept.trim().to_owned())
    }

    fn warn(&mut self, code: &'static str, offset: usize, message: String) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::new(
            Severity::Warning,
            code,
            self.file,
            offset,
            message,
        ));
        self.diagnostics.last_mut().expect("just pushed")
    }

    fn error(&mut self, code: &'static str, offset: usize, message: String) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic::new(
            Severity::Error,
            code,
            self.file,
            offset,
            message,
        ));
        self.diagnostics.last_mut().expect("just pushed")
    }

    /// Consumes the items of the file; returns the endpoint count its preamble declares.
    pub(crate) fn run(mut self, items: Vec<Item>) -> Option<Declared<usize>> {
        self.endpointless = !items.iter().any(|i| matches!(i, Item::Endpoint { .. }));
        for item in items {
            self.item(item);
        }
        self.finish_endpoint();
        self.declared_total
    }

    fn item(&mut self, item: Item) {
        if self.broken
            && !matches!(
                item,
                Item::Endpoint { .. } | Item::Group { .. } | Item::BadEndpoint { .. }
            )
        {
            return;
        }
        self.broken = false;
        match item {
            Item::BadEndpoint { message, offset } => {
                self.finish_endpoint();
                self.broken = true;
                self.error("malformed-endpoint", offset, message).hint = Some(
                    "an endpoint heading is an upper-case HTTP method, one space and a path \
                     without spaces, as in `GET /roles/{roleBizId}`"
                        .to_owned(),
                );
            }
            Item::Title { text, offset } => {
                if self.api.title.is_none() && self.owns_preamble {
                    self.api.title = Some(self.text(&text, offset));
                }
            }
            Item::Group { name, offset } => {
                self.finish_endpoint();
                self.context = Context::Description;
                if self.endpointless {
                    self.in_sections = true;
                } else {
                    self.group = Some(self.group_index(&name, offset));
                }
            }
            Item::Endpoint {
                method,
                path,
                offset,
                path_offset,
            } => self.start_endpoint(method, &path, offset, path_offset),
            Item::Prose { text, offset } => self.prose(&text, offset),
            Item::Label {
                label,
                line,
                rest,
                offset,
                rest_offset,
            } => {
                if label == Some(Label::SharedHeaders) {
                    self.finish_endpoint();
                    self.context = Context::SharedHeaders;
                    self.columns = Columns::POSITIONAL;
                } else if self.endpoint.is_none() {
                    self.prose(&line, offset);
                } else if self.context == Context::Aside && label.is_none() {
                    // An unknown label in a section for people is just its text.
                } else {
                    self.label(label, &line, &rest, offset, rest_offset);
                    if let Context::Headers { required } = self.context {
                        if !rest.is_empty() {
                            self.shared_header_names(&rest, rest_offset, required);
                        }
                    }
                }
            }
            Item::Row {
                cells,
                header,
                offset,
            } => self.row(cells, header, offset),
            Item::Body(json) => self.body(json),
            Item::Aside => {
                if self.endpoint.is_some() {
                    self.context = Context::Aside;
                }
            }
            Item::Link { .. } => {}
        }
    }

    /// The group of what comes next: the last group heading, or this file's fallback group.
    fn current_group(&mut self, offset: usize) -> usize {
        if let Some(group) = self.group {
            return group;
        }
        let name = self.fallback_group.clone();
        let group = self.group_index(&name, offset);
        self.group = Some(group);
        group
    }

    fn group_index(&mut self, name: &str, offset: usize) -> usize {
        if let Some(&index) = self.group_lookup.get(name) {
            return index;
        }
        self.api.groups.push(Group {
            name: name.to_owned(),
            description: None,
            span: self.file.span(offset),
        });
        let index = self.api.groups.len() - 1;
        self.group_lookup.insert(name.to_owned(), index);
        index
    }

    fn prose(&mut self, text: &str, offset: usize) {
        if self.endpoint.is_some() {
            if let Context::Headers { required } = self.context {
                if !self.shared.headers.is_empty() && grammar::header_names(text).is_some() {
                    self.shared_header_names(text, offset, required);
                    return;
                }
            }
        }
        let Some(endpoint) = self.endpoint.as_mut() else {
            if self.in_sections || (self.endpointless && !self.owns_preamble) {
                // The sections of an index or types page are for people.
                return;
            }
            if self.group.is_none() && self.owns_preamble {
                if let Some(total) = TOTAL.captures(text).and_then(|c| c[1].parse().ok()) {
                    self.declared_total = Some(Declared {
                        value: total,
                        span: self.file.span(offset),
                    });
                }
                if let Some(kept) = self.public_lines(text, offset) {
                    let line = self.text(&kept, offset);
                    self.api.preamble.push(line);
                }
            } else {
                let group = self.current_group(offset);
                let span = self.file.span(offset);
                append(&mut self.api.groups[group].description, text, span);
            }
            return;
        };
        match self.context {
            Context::Description => {
                let span = self.file.span(offset);
                append(&mut endpoint.description, text, span);
            }
            Context::SuccessNote => {
                endpoint.missing_success = Some(Text {
                    text: text.to_owned(),
                    span: self.file.span(offset),
                });
                self.context = Context::Done;
            }
            Context::Aside => {}
            _ => {
                let route = endpoint.route();
                self.warn(
                    "stray-text",
                    offset,
                    format!("text in `{route}` that is not under any known label is ignored"),
                )
                .hint = Some(
                    "descriptions go right under the endpoint heading, before its first label"
                        .to_owned(),
                );
            }
        }
    }

    fn start_endpoint(&mut self, method: Method, path: &str, offset: usize, path_offset: usize) {
        self.finish_endpoint();
        let group = self.current_group(offset);
        let path = self.path_template(path, path_offset);
        self.endpoint = Some(Endpoint {
            group,
            method,
            path,
            description: None,
            headers: Vec::new(),
            parameters: Vec::new(),
            request: None,
            responses: Vec::new(),
            missing_success: None,
            span: self.file.span(offset),
        });
        self.context = Context::Description;
    }

    fn label(
        &mut self,
        label: Option<Label>,
        line: &str,
        rest: &str,
        offset: usize,
        rest_offset: usize,
    ) {
        self.columns = Columns::POSITIONAL;
        self.context = match label {
            None => {
                let name = line.split(':').next().unwrap_or(line).trim().to_owned();
                self.warn(
                    "unknown-label",
                    offset,
                    format!("unknown label `{name}:`; what follows it is skipped"),
                )
                .hint = Some(
                    "known labels: Required Headers, Optional Headers, Path Parameters, \
                     Query Parameters, Request Body, Success Response, Error Response"
                        .to_owned(),
                );
                Context::Ignore
            }
            Some(Label::Headers { required }) => Context::Headers { required },
            Some(Label::Parameters { location, required }) => {
                Context::Parameters { location, required }
            }
            Some(Label::RequestBody) => Context::Request,
            Some(Label::SharedHeaders) => Context::SharedHeaders,
            Some(Label::Response(kind)) => self.response_label(kind, rest, offset, rest_offset),
        };
    }

    fn response_label(
        &mut self,
        kind: ResponseLabel,
        rest: &str,
        offset: usize,
        rest_offset: usize,
    ) -> Context {
        let span = self.file.span(offset);
        let Some(endpoint) = self.endpoint.as_mut() else {
            return Context::Ignore;
        };
        match super::grammar::response_status(rest) {
            Ok(Some((status, _))) => {
                endpoint.responses.push(Response {
                    label: kind,
                    status,
                    body: None,
                    span,
                });
                return Context::Response(endpoint.responses.len() - 1);
            }
            Ok(None) => {}
            Err(problem) => {
                self.error(
                    "malformed-status",
                    rest_offset + problem.at,
                    problem.message,
                );
                return Context::Ignore;
            }
        }
        match kind {
            ResponseLabel::Success if rest.is_empty() => Context::SuccessNote,
            ResponseLabel::Success => {
                endpoint.missing_success = Some(Text {
                    text: rest.to_owned(),
                    span: self.file.span(rest_offset),
                });
                Context::Done
            }
            ResponseLabel::Error => {
                self.error(
                    "missing-status",
                    rest_offset,
                    "expected the HTTP status of the error response, as in `(HTTP 400)`".to_owned(),
                );
                Context::Ignore
            }
        }
    }

    fn row(&mut self, cells: Vec<(String, usize)>, header: bool, offset: usize) {
        let context = self.context;
        if context == Context::Aside {
            return;
        }
        if context != Context::SharedHeaders && self.endpoint.is_none() {
            return;
        }
        if header {
            self.columns = Columns::from_header(&cells);
            return;
        }
        let cell = |index: Option<usize>| {
            index
                .and_then(|i| cells.get(i))
                .map(|(c, _)| c.trim().to_owned())
                .filter(|c| !c.is_empty())
        };
        let columns = self.columns;
        let Some(name) = cell(Some(columns.name)) else {
            self.warn(
                "empty-row",
                offset,
                "table row without a name in its first column is ignored".to_owned(),
            );
            return;
        };
        let stated_required = cell(columns.required).map(|r| {
            matches!(
                r.to_ascii_lowercase().as_str(),
                "yes" | "true" | "required" | "y"
            )
        });
        let span = self.file.span(offset);
        if context == Context::SharedHeaders {
            if !self.shared.headers.iter().any(|h| h.name == name) {
                self.shared.headers.push(Header {
                    name,
                    value: cell(columns.value),
                    description: cell(columns.description),
                    required: stated_required.unwrap_or(true),
                    span,
                });
            }
            return;
        }
        let Some(endpoint) = self.endpoint.as_mut() else {
            return;
        };
        match context {
            Context::Headers { required } => endpoint.headers.push(Header {
                name,
                value: cell(columns.value),
                description: cell(columns.description),
                required: stated_required.unwrap_or(required),
                span,
            }),
            Context::Parameters { location, required } => endpoint.parameters.push(Parameter {
                location,
                name,
                value: cell(columns.value),
                description: cell(columns.description),
                required: location == ParameterLocation::Path
                    || stated_required.unwrap_or(required),
                span,
            }),
            Context::Ignore => {}
            _ => {
                self.warn(
                    "stray-table",
                    offset,
                    "table row outside a header or parameter table is ignored".to_owned(),
                )
                .hint = Some(
                    "put tables under `Required Headers:`, `Optional Headers:`, \
                     `Path Parameters:` or `Query Parameters:`"
                        .to_owned(),
                );
            }
        }
    }

    fn body(&mut self, json: crate::json::Json) {
        let context = self.context;
        let Some(endpoint) = self.endpoint.as_mut() else {
            return;
        };
        let span = json.span;
        let body = Body {
            json,
            span,
            origin: crate::ir::Origin::Document,
        };
        if context == Context::Aside {
            return;
        }
        match context {
            Context::Request if endpoint.request.is_none() => endpoint.request = Some(body),
            Context::Response(index) => endpoint.responses[index].body = Some(body),
            Context::Ignore => {}
            _ => {
                let offset = self.file.offset(span);
                self.warn(
                    "stray-sample",
                    offset,
                    "JSON sample without a `Request Body:` or response label is ignored".to_owned(),
                );
            }
        }
        self.context = Context::Done;
    }

    /// Adds the shared headers a header label names (`X-Request-Id, Authorization`) to the
    /// current endpoint, in order; names the shared table does not define are reported.
    fn shared_header_names(&mut self, text: &str, offset: usize, required: bool) {
        let Some(names) = grammar::header_names(text) else {
            return;
        };
        if self.shared.headers.is_empty() {
            // No shared table: the text after the label is a remark, as it always was.
            return;
        }
        for (name, at) in names {
            let found = self
                .shared
                .headers
                .iter()
                .find(|h| h.name == name)
                .or_else(|| {
                    self.shared
                        .headers
                        .iter()
                        .find(|h| h.name.eq_ignore_ascii_case(name))
                })
                .cloned();
            match (found, self.endpoint.as_mut()) {
                (Some(shared), Some(endpoint)) => endpoint.headers.push(Header {
                    name: name.to_owned(),
                    value: shared.value,
                    description: shared.description,
                    required,
                    span: self.file.span(offset + at),
                }),
                (None, Some(_)) => {
                    self.warn(
                        "unknown-shared-header",
                        offset,
                        format!("`{name}` is not in the shared headers table; it is ignored"),
                    )
                    .hint = Some(
                        "add a row for it to the `Shared Headers:` table, or give the endpoint \
                         a header table with its row"
                            .to_owned(),
                    );
                }
                (_, None) => {}
            }
        }
    }

    fn finish_endpoint(&mut self) {
        let Some(endpoint) = self.endpoint.take() else {
            return;
        };
        let route = endpoint.route();
        if endpoint.success().is_none() {
            let (span, message) = match &endpoint.missing_success {
                Some(note) => (
                    note.span,
                    format!("`{route}` has no success fixture: {}", note.text),
                ),
                None => (
                    endpoint.span,
                    format!("`{route}` documents no success response"),
                ),
            };
            self.push_at(
                span,
                Severity::Warning,
                "no-success-fixture",
                message,
                Some("its success type is unknown: the client returns raw JSON for it".to_owned()),
            );
        }
        // A `Success Response` whose envelope says `success: false` is an error: say so.
        let error_envelopes: Vec<(u16, crate::source::Span)> = endpoint
            .responses
            .iter()
            .filter(|r| r.label == ResponseLabel::Success)
            .filter_map(|r| {
                let body = &r.body.as_ref()?.json;
                let flag = body.get("success")?;
                (crate::ir::envelope_flag(body) == Some(false)).then_some((r.status, flag.span))
            })
            .collect();
        for (status, span) in error_envelopes {
            let message = format!(
                "the `Success Response` (HTTP {status}) of `{route}` has `success: false` in its envelope"
            );
            self.push_at(span, Severity::Warning, "success-label-error-envelope", message, Some(
                "the envelope decides: this sample is treated as an error, and the endpoint has no success evidence".to_owned(),
            ));
        }
        self.api.endpoints.push(endpoint);
    }

    fn push_at(
        &mut self,
        span: crate::source::Span,
        severity: Severity,
        code: &'static str,
        message: String,
        hint: Option<String>,
    ) {
        let offset = self.file.offset(span);
        let mut diagnostic = Diagnostic::new(severity, code, self.file, offset, message);
        diagnostic.hint = hint;
        self.diagnostics.push(diagnostic);
    }

    /// Splits `/roles/{roleBizId}?page=1` into literal parts, parameters and query examples,
    /// reporting unbalanced or empty braces and repeated names.
    fn path_template(&mut self, raw: &str, offset: usize) -> PathTemplate {
        let (template, query) = raw.split_once('?').unwrap_or((raw, ""));
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut open: Option<usize> = None;
        let mut seen: Vec<String> = Vec::new();
        for (i, c) in template.char_indices() {
            match (c, open) {
                ('{', Some(_)) => {
                    self.error(
                        "bad-path",
                        offset + i,
                        "`{` inside a path parameter".to_owned(),
                    );
                }
                ('{', None) => open = Some(i),
                ('}', Some(start)) => {
                    open = None;
                    let name = &template[start + 1..i];
                    let valid = !name.is_empty()
                        && name
                            .chars()
                            .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.'));
                    if !valid {
                        self.error(
                            "bad-path",
                            offset + start,
                            format!("`{{{name}}}` is not a valid path parameter name"),
                        )
                        .hint = Some("write a name such as `{roleBizId}`".to_owned());
                        continue;
                    }
                    if seen.iter().any(|s| s == name) {
                        self.error(
                            "bad-path",
                            offset + start,
                            format!("path parameter `{{{name}}}` appears twice"),
                        );
                    }
                    seen.push(name.to_owned());
                    if !literal.is_empty() {
                        parts.push(PathPart::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(PathPart::Param(PathParam {
                        name: name.to_owned(),
                        span: self.file.span(offset + start),
                    }));
                }
                ('}', None) => {
                    self.error(
                        "bad-path",
                        offset + i,
                        "`}` without a matching `{`".to_owned(),
                    );
                }
                (_, Some(_)) => {}
                (c, None) => literal.push(c),
            }
        }
        if let Some(start) = open {
            self.error(
                "bad-path",
                offset + start,
                "unclosed `{` in path template".to_owned(),
            )
            .hint =
                Some("close the parameter name with `}`, as in `/roles/{roleBizId}`".to_owned());
        }
        if !literal.is_empty() {
            parts.push(PathPart::Literal(literal));
        }
        let query = query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (name, example) = pair.split_once('=').unwrap_or((pair, ""));
                QueryExample {
                    name: name.to_owned(),
                    example: example.to_owned(),
                }
            })
            .collect();
        PathTemplate {
            template: template.to_owned(),
            parts,
            query,
            span: self.file.span(offset),
        }
    }
}

fn append(target: &mut Option<Text>, text: &str, span: crate::source::Span) {
    match target {
        Some(existing) => {
            existing.text.push('\n');
            existing.text.push_str(text);
        }
        None => {
            *target = Some(Text {
                text: text.to_owned(),
                span,
            })
        }
    }
}
