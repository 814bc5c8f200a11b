//! Turns the items a front end read into IR nodes: attaches tables, samples and prose to the
//! endpoint and label they belong to, and reports what does not fit.
//!
//! Shared headers: a `Shared Headers:` table (on an index page, or above the endpoints) defines
//! headers once; an endpoint's `Required Headers:` / `Optional Headers:` label may then name
//! them (`X-Request-Id, Authorization`, on the label's line or the lines after it) instead of
//! repeating their rows. Each name becomes the row the shared table gives, in the order named.

use std::sync::LazyLock;

use regex::Regex;

use super::grammar::{self, FenceLabel, FenceRole, Item, Label};
use super::params;
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
    /// A parameter table or list; without a location, each row's own (an `In` column, a name
    /// in the path) or the method's (query for GET, HEAD and DELETE).
    Parameters {
        location: Option<ParameterLocation>,
        required: bool,
    },
    /// A table or list of request body fields: for people; the request sample shows them.
    BodyFields,
    /// A `Response Headers` table: its rows are the headers of the last response.
    ResponseHeaders,
    Request,
    Response(usize),
    /// After a response label without a status (`#### Example Response`): a `Code: 200` line,
    /// the fence's info string or a default of 200 gives the status when the sample comes;
    /// for a success, prose before the sample is the note that no sample exists.
    ResponsePending {
        kind: ResponseLabel,
        offset: usize,
    },
    /// After `Example:`, or under an endpoint before any label: a sample is the request or
    /// the response by its position.
    Positional,
    /// Under a label sdkgen does not know: its rows and samples are skipped.
    Ignore,
    /// A sample was read; nothing else belongs here.
    Done,
    /// Under a `Shared Headers:` label: rows define shared headers.
    SharedHeaders,
    /// In a section for people (see [`Item::Aside`]): everything is skipped up to the next label.
    Aside,
}

/// Where a sample goes.
enum Target {
    Request,
    Example,
    Response(usize),
}

/// Where a sample goes, before a response is made for it.
enum Pending {
    Request,
    /// Another request sample, after the first.
    Example,
    Existing(usize),
    New(ResponseLabel),
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
    /// An `Optional` column: yes means not required.
    optional: Option<usize>,
    type_name: Option<usize>,
    location: Option<usize>,
    /// The header row named the columns (rather than the positional default).
    named: bool,
}

impl Columns {
    const POSITIONAL: Columns = Columns {
        name: 0,
        value: Some(1),
        description: Some(2),
        required: None,
        optional: None,
        type_name: None,
        location: None,
        named: false,
    };

    fn from_header(cells: &[(String, usize)]) -> Columns {
        let find = |names: &[&str]| {
            cells.iter().position(|(cell, _)| {
                let cell = cell.trim().trim_end_matches('?').to_ascii_lowercase();
                names.contains(&cell.as_str())
            })
        };
        let name = find(&[
            "header",
            "name",
            "parameter",
            "field",
            "key",
            "param",
            "argument",
            "attribute",
            "property",
            "parameter name",
            "field name",
            "header name",
            "query parameter",
            "path parameter",
            "option",
        ]);
        let value = find(&[
            "value",
            "example",
            "sample",
            "example value",
            "values",
            "sample value",
        ]);
        let description = find(&[
            "description",
            "notes",
            "meaning",
            "desc",
            "details",
            "comment",
        ]);
        match name {
            Some(name) => Columns {
                name,
                value,
                description,
                required: find(&["required", "mandatory", "req", "req'd", "is required"]),
                optional: find(&["optional"]),
                type_name: find(&["type", "data type", "format", "datatype", "schema"]),
                location: find(&["in", "location", "param type", "parameter type", "kind"]),
                named: true,
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
    /// The further methods of the current endpoint's heading (`POST, PUT /x`).
    also: Vec<Method>,
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
            also: Vec::new(),
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
                also,
                path,
                offset,
                path_offset,
            } => {
                self.start_endpoint(method, &path, offset, path_offset);
                self.also = also;
            }
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
                } else if self.endpoint.is_none()
                    || (label.is_none() && matches!(self.context, Context::Parameters { .. }))
                {
                    // `page (int): the page` in a parameter list is a parameter, not a label.
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
            Item::Body(json, fence) => self.body(json, fence),
            Item::RawBody { media_type, offset } => self.raw_body(media_type, offset),
            Item::SampleNote(diagnostic) => {
                let skipped = matches!(self.context, Context::Ignore | Context::Aside);
                if self.endpoint.is_some() && !skipped {
                    self.diagnostics.push(diagnostic);
                }
            }
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
            Context::ResponsePending {
                kind: ResponseLabel::Success,
                ..
            } if endpoint.missing_success.is_none() => {
                endpoint.missing_success = Some(Text {
                    text: text.to_owned(),
                    span: self.file.span(offset),
                });
            }
            Context::Parameters { location, required } => {
                let parameter = params::list_item(text);
                let located = parameter.as_ref().and_then(|parameter| {
                    location.or_else(|| params::location_of(endpoint, &parameter.name, None))
                });
                if let (Some(parameter), Some(location)) = (parameter, located) {
                    let required = location == ParameterLocation::Path
                        || parameter.required.unwrap_or(required);
                    endpoint.parameters.push(Parameter {
                        location,
                        name: parameter.name,
                        value: parameter.example,
                        description: parameter.description,
                        type_name: parameter.type_name,
                        required,
                        span: self.file.span(offset),
                    });
                }
            }
            Context::Aside
            | Context::BodyFields
            | Context::Positional
            | Context::ResponsePending { .. } => {}
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
            request_examples: Vec::new(),
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
        if label == Some(Label::Remark) {
            // A remark for people (`Condition:`, `Auth required:`) leaves a response open.
            if !matches!(
                self.context,
                Context::ResponsePending { .. } | Context::Response(_)
            ) {
                self.context = Context::Ignore;
            }
            return;
        }
        if label == Some(Label::Status) {
            self.status_label(rest, offset, rest_offset);
            return;
        }
        if label == Some(Label::Content)
            && matches!(
                self.context,
                Context::ResponsePending { .. } | Context::Response(_)
            )
        {
            return;
        }
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
            Some(Label::BodyFields) => Context::BodyFields,
            Some(Label::ResponseHeaders) => Context::ResponseHeaders,
            Some(Label::RequestBody) => Context::Request,
            Some(Label::SharedHeaders) => Context::SharedHeaders,
            Some(Label::Example) => Context::Positional,
            Some(Label::Response(kind)) => self.response_label(kind, rest, offset, rest_offset),
            Some(Label::Content) => Context::ResponsePending {
                kind: ResponseLabel::Success,
                offset,
            },
            Some(Label::Remark | Label::Status) => Context::Ignore,
        };
    }

    /// `Code: 201 CREATED`: the status of the response being described, or of a new response
    /// of the same kind after one that has its sample (`### Or` … `Code: 400`).
    fn status_label(&mut self, rest: &str, offset: usize, rest_offset: usize) {
        let status = match grammar::response_status(rest.trim_matches('`')) {
            Ok(Some((status, _))) => status,
            Ok(None) => return,
            Err(problem) => {
                self.error(
                    "malformed-status",
                    rest_offset + problem.at,
                    problem.message,
                );
                return;
            }
        };
        let span = self.file.span(offset);
        let Some(endpoint) = self.endpoint.as_mut() else {
            return;
        };
        match self.context {
            Context::Response(index) if endpoint.responses[index].body.is_none() => {
                endpoint.responses[index].status = status;
            }
            context => {
                // A response being described keeps its kind unless the status is an error's;
                // after a sample, `Code:` starts another response (`### Or` … `Code: 400`).
                let label = match context {
                    Context::ResponsePending {
                        kind: ResponseLabel::Error,
                        ..
                    } => ResponseLabel::Error,
                    _ => ResponseLabel::of_status(status),
                };
                endpoint
                    .responses
                    .push(Response::labelled(label, status, span));
                self.context = Context::Response(endpoint.responses.len() - 1);
            }
        }
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
                endpoint
                    .responses
                    .push(Response::labelled(kind, status, span));
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
            _ if rest.is_empty() || rest.ends_with(':') => {
                Context::ResponsePending { kind, offset }
            }
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
            // A table with named columns under an endpoint but under no label is a parameter
            // table (`| Name | Type | Required | Description |`).
            let unlabelled = matches!(
                context,
                Context::Description | Context::Positional | Context::Done
            );
            if unlabelled && self.columns.named {
                self.context = Context::Parameters {
                    location: None,
                    required: false,
                };
            }
            return;
        }
        let context = self.context;
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
        // `page` *optional*, `id` (required): the name is the first word.
        let name = params::cell_name(&name);
        let stated_required = cell(columns.required)
            .and_then(|r| params::yes_no(&r))
            .or_else(|| cell(columns.optional).and_then(|o| params::yes_no(&o).map(|y| !y)))
            .or_else(|| cell(columns.description).and_then(|d| params::required_in_words(&d)));
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
            Context::Parameters { location, required } => {
                let stated = cell(columns.location);
                let location = match location {
                    Some(location) => Some(location),
                    None => params::stated_location(stated.as_deref())
                        .unwrap_or_else(|| params::location_of(endpoint, &name, None)),
                };
                // A body field in a parameter table: described for people; the sample shows it.
                let Some(location) = location else {
                    return;
                };
                endpoint.parameters.push(Parameter {
                    location,
                    name,
                    value: cell(columns.value),
                    description: cell(columns.description),
                    type_name: cell(columns.type_name),
                    required: location == ParameterLocation::Path
                        || stated_required.unwrap_or(required),
                    span,
                });
            }
            Context::ResponseHeaders => {
                if let Some(response) = endpoint.responses.last_mut() {
                    response.headers.push(Header {
                        name,
                        value: cell(columns.value),
                        description: cell(columns.description),
                        required: stated_required.unwrap_or(false),
                        span,
                    });
                }
            }
            Context::Ignore | Context::BodyFields => {}
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

    fn body(&mut self, json: crate::json::Json, fence: FenceLabel) {
        let span = json.span;
        let body = Body {
            json,
            span,
            origin: crate::ir::Origin::Document,
        };
        let offset = self.file.offset(span);
        match self.sample_target(fence, offset) {
            Some(Target::Request) => {
                if let Some(endpoint) = self.endpoint.as_mut() {
                    endpoint.request = Some(body);
                }
            }
            Some(Target::Response(index)) => {
                if let Some(endpoint) = self.endpoint.as_mut() {
                    endpoint.responses[index].body = Some(body);
                }
            }
            Some(Target::Example) => {
                if let Some(endpoint) = self.endpoint.as_mut() {
                    endpoint.request_examples.push(body);
                }
            }
            None => {}
        }
    }

    /// A sample that is not JSON: the media type of the response being described.
    fn raw_body(&mut self, media_type: String, offset: usize) {
        let open = match self.context {
            Context::ResponsePending { .. } => true,
            Context::Response(index) => self
                .endpoint
                .as_ref()
                .is_some_and(|e| e.responses[index].body.is_none()),
            _ => false,
        };
        if !open {
            return;
        }
        if let Some(Target::Response(index)) = self.sample_target(FenceLabel::default(), offset) {
            if let Some(endpoint) = self.endpoint.as_mut() {
                endpoint.responses[index].media_type = Some(media_type);
            }
        }
    }

    /// Where a sample at `offset` goes: by its fence's label, the label above it, or (with a
    /// warning) its position. `None` (with a warning where it was meant for an endpoint) when
    /// it goes nowhere.
    fn sample_target(&mut self, fence: FenceLabel, offset: usize) -> Option<Target> {
        let context = self.context;
        let endpoint = self.endpoint.as_ref()?;
        if matches!(context, Context::Aside | Context::Ignore) {
            return None;
        }
        if context == Context::BodyFields {
            // `**Data constraints**` over a sample with placeholder values: a further example
            // of the request (placeholders are no evidence of a type).
            return Some(Target::Example);
        }
        let route = endpoint.route();
        let takes_body = matches!(endpoint.method, Method::Post | Method::Put | Method::Patch);
        let fresh = endpoint.request.is_none() && endpoint.responses.is_empty();
        let open_response = |index: usize| endpoint.responses[index].body.is_none();
        let (target, by_position) = match (fence.role, context) {
            (Some(FenceRole::Request), _) if endpoint.request.is_none() => {
                (Pending::Request, false)
            }
            (Some(FenceRole::Request), _) => (Pending::Example, false),
            (Some(FenceRole::Response(_)), Context::Response(index)) if open_response(index) => {
                (Pending::Existing(index), false)
            }
            (Some(FenceRole::Response(kind)), _) => (Pending::New(kind), false),
            (None, Context::Request) if endpoint.request.is_none() => (Pending::Request, false),
            (None, Context::Response(index)) if open_response(index) => {
                (Pending::Existing(index), false)
            }
            (None, Context::ResponsePending { kind, .. }) => (Pending::New(kind), false),
            (None, Context::Description | Context::Positional) if takes_body && fresh => {
                (Pending::Request, true)
            }
            (None, Context::Description | Context::Positional) => {
                (Pending::New(ResponseLabel::Success), true)
            }
            _ => {
                self.warn(
                    "stray-sample",
                    offset,
                    format!(
                        "a second sample for the same label in `{route}` is ignored: sdkgen \
                         reads one sample per label"
                    ),
                )
                .hint = Some(
                    "label each sample (`Request Body:`, `Success Response: (HTTP 200)`), or \
                     name it in the fence's info string (```json 404)"
                        .to_owned(),
                );
                self.context = Context::Done;
                return None;
            }
        };
        let status = fence.status;
        let target = match target {
            Pending::Request => {
                if by_position {
                    self.warn(
                        "sample-by-position",
                        offset,
                        format!(
                            "a sample under `{route}` without a label is read as its request \
                             body: it is the first sample of a {} endpoint",
                            endpoint.method
                        ),
                    )
                    .hint = Some("label it `Request Body:` to silence this warning".to_owned());
                }
                self.context = if by_position {
                    Context::Positional
                } else {
                    Context::Done
                };
                Target::Request
            }
            Pending::Example => Target::Example,
            Pending::Existing(index) => {
                self.context = Context::Done;
                Target::Response(index)
            }
            Pending::New(kind) => {
                let label_offset = match context {
                    Context::ResponsePending { offset, .. } => offset,
                    _ => offset,
                };
                let status = match status {
                    Some(status) => status,
                    None => {
                        let assumed = if kind == ResponseLabel::Error {
                            400
                        } else {
                            200
                        };
                        let how = if by_position {
                            "without a label is read as its response"
                        } else {
                            "has no status"
                        };
                        self.warn(
                            "status-assumed",
                            offset,
                            format!("a response sample of `{route}` {how}: read as HTTP {assumed}"),
                        )
                        .hint = Some(
                            "give the status in the label, as in `Response (HTTP 201):`, or in \
                             the fence's info string (```json 201)"
                                .to_owned(),
                        );
                        assumed
                    }
                };
                let span = self.file.span(label_offset);
                let endpoint = self.endpoint.as_mut()?;
                if kind == ResponseLabel::Success {
                    endpoint.missing_success = None;
                }
                endpoint
                    .responses
                    .push(Response::labelled(kind, status, span));
                self.context = if by_position {
                    Context::Positional
                } else {
                    Context::Done
                };
                Target::Response(endpoint.responses.len() - 1)
            }
        };
        Some(target)
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
        // `POST, PUT /x`: one endpoint per method, each with what the section documents.
        let also = std::mem::take(&mut self.also);
        let copy = (!also.is_empty()).then(|| endpoint.clone());
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
        for (method, mut copy) in also.into_iter().zip(std::iter::repeat_n(copy, usize::MAX)) {
            let Some(mut endpoint) = copy.take() else {
                break;
            };
            endpoint.method = method;
            self.endpoint = Some(endpoint);
            self.finish_endpoint();
        }
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
    fn path_template(&mut self, raw: &str, raw_offset: usize) -> PathTemplate {
        let (written, query) = raw.split_once('?').unwrap_or((raw, ""));
        // `:id` and `<id>` are written `{id}`; `at` maps a byte of the result to the source.
        let (template, origin) = params::brace_params(written);
        let template = template.as_str();
        let at = |i: usize| raw_offset + origin.get(i).copied().unwrap_or(written.len());
        let offset = raw_offset;
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut open: Option<usize> = None;
        let mut seen: Vec<String> = Vec::new();
        for (i, c) in template.char_indices() {
            match (c, open) {
                ('{', Some(_)) => {
                    self.error("bad-path", at(i), "`{` inside a path parameter".to_owned());
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
                            at(start),
                            format!("`{{{name}}}` is not a valid path parameter name"),
                        )
                        .hint = Some("write a name such as `{roleBizId}`".to_owned());
                        continue;
                    }
                    if seen.iter().any(|s| s == name) {
                        self.error(
                            "bad-path",
                            at(start),
                            format!("path parameter `{{{name}}}` appears twice"),
                        );
                    }
                    seen.push(name.to_owned());
                    if !literal.is_empty() {
                        parts.push(PathPart::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(PathPart::Param(PathParam {
                        name: name.to_owned(),
                        span: self.file.span(at(start)),
                    }));
                }
                ('}', None) => {
                    self.error("bad-path", at(i), "`}` without a matching `{`".to_owned());
                }
                (_, Some(_)) => {}
                (c, None) => literal.push(c),
            }
        }
        if let Some(start) = open {
            self.error(
                "bad-path",
                at(start),
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
