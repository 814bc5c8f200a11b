//! One page per group: a `## Group` heading and, for every endpoint, a `### METHOD /path`
//! section in sdkgen's Markdown input form (description, header labels, parameter tables, the
//! request sample, the response samples), with sections for people in between: notes in block
//! quotes, and `####` headings that are not labels (request headers as the OpenAPI contract
//! has them, pages, request fields, responses, examples).

use super::{
    cell, code, examples, fence, json_text, prose, table, Context, Page, API_ERROR, ENVELOPE,
};
use crate::ir::{Endpoint, Header, Origin, Parameter, ParameterLocation, Response, ResponseLabel};
use crate::model::{
    BodyKind, Evidence, Field, HeaderRole, Operation, PageLocation, ResponseOutcome, TypeKind,
    TypeRef, REDACTED,
};

/// The column a list of header names is wrapped at.
const LINE: usize = 80;

/// A group's page, and the anchor of each of its endpoints (by endpoint index).
pub(super) fn render(context: &Context, group: usize) -> (String, Vec<(usize, String)>) {
    let api = &context.parsed.api;
    let def = &api.groups[group];
    let mut page = Page::default();
    page.heading(
        1,
        &format!("[{}]({})", prose(&context.title), super::INDEX_PAGE),
        &context.title,
    );
    page.heading(2, &prose(&def.name), &def.name);
    if let Some(description) = &def.description {
        page.block(&prose(&description.text));
    }
    let mut anchors = Vec::new();
    for (index, endpoint) in api.endpoints.iter().enumerate() {
        if endpoint.group != group {
            continue;
        }
        let anchor = endpoint_section(context, &mut page, index);
        anchors.push((index, anchor));
    }
    (page.finish(), anchors)
}

/// The heading text of an endpoint: its route, with the query string the document wrote.
fn heading_text(endpoint: &Endpoint) -> String {
    let mut text = endpoint.route();
    if !endpoint.path.query.is_empty() {
        let query: Vec<String> = endpoint
            .path
            .query
            .iter()
            .map(|q| format!("{}={}", q.name, q.example))
            .collect();
        text.push('?');
        text.push_str(&query.join("&"));
    }
    text
}

fn endpoint_section(context: &Context, page: &mut Page, index: usize) -> String {
    let endpoint = &context.parsed.api.endpoints[index];
    let op = &context.inferred.model.operations[index];
    let heading = heading_text(endpoint);
    let anchor = page.heading(3, &prose(&heading), &heading);
    if let Some(description) = &endpoint.description {
        page.block(&prose(&description.text));
    }
    if let Some(note) = evidence_note(endpoint, op) {
        page.block(&note);
    }
    super::headers::request_headers(context, page, op);
    header_labels(context, page, endpoint, op);
    parameters(context, page, endpoint, op);
    paging(page, op);
    let multipart = op
        .request
        .as_ref()
        .is_some_and(|r| r.kind == BodyKind::Multipart);
    if let Some(request) = &endpoint.request {
        let json = match &op.request {
            Some(r) => context.inferred.model.redact_secrets(&r.ty, &request.json),
            None => request.json.clone(),
        };
        if request.origin == Origin::Config {
            page.block(&config_label("request body", None));
            page.block(&fence(CONFIG_FENCE, &json_text(&json)));
        } else {
            page.block("**Request Body:**");
            page.block(&fence("json", &json_text(&json)));
        }
    }
    if endpoint.request.is_some() || multipart {
        page.heading(4, "Request fields", "Request fields");
        page.text(&request_fields(context, op));
    }
    page.heading(4, "Responses", "Responses");
    page.block(&responses_table(context, op));
    let first_error = endpoint
        .responses
        .iter()
        .position(|r| r.label == ResponseLabel::Error)
        .unwrap_or(endpoint.responses.len());
    for (i, (response, outcome)) in endpoint.responses.iter().zip(&op.responses).enumerate() {
        if i == first_error {
            missing_success(page, endpoint);
        }
        response_sample(context, page, op, response, outcome);
    }
    if first_error == endpoint.responses.len() {
        missing_success(page, endpoint);
    }
    page.heading(4, "Examples", "Examples");
    page.block(&fence("sh", &examples::curl(context, index)));
    page.block(&fence("rust", &examples::rust(context, index)));
    anchor
}

/// A GitHub alert when the endpoint has no success evidence.
fn evidence_note(endpoint: &Endpoint, op: &Operation) -> Option<String> {
    if op.success.evidence == Evidence::Verified {
        return None;
    }
    // Only an enveloped answer has a `data`; without the envelope the body is the payload.
    let payload = if op.success.enveloped {
        "`data`"
    } else {
        "the body"
    };
    let mislabelled = op.errors.iter().find(|e| e.labelled_success);
    let text = match (mislabelled, &endpoint.missing_success) {
        (Some(error), _) => format!(
            "**No success evidence.** The sample the document labels as the success \
             response (HTTP {}) is an error: its envelope says `success: false`{}. So the \
             type of {payload} is unknown, and the Rust method returns it as raw JSON \
             (`serde_json::Value`).",
            error.status,
            if error.code.is_empty() {
                String::new()
            } else {
                format!(" with code {}", code(&error.code, false))
            }
        ),
        (None, Some(_)) => format!(
            "**No success fixture.** The document captured no successful response for this \
             endpoint, so the type of {payload} is unknown: the Rust method returns it as raw \
             JSON (`serde_json::Value`)."
        ),
        (None, None) => format!(
            "**No success response.** The document shows no successful response for this \
             endpoint, so the type of {payload} is unknown: the Rust method returns it as raw \
             JSON (`serde_json::Value`)."
        ),
    };
    let body = super::reflow(&text);
    let quoted: Vec<String> = std::iter::once("> [!WARNING]".to_owned())
        .chain(body.lines().map(|l| format!("> {l}")))
        .collect();
    Some(quoted.join("\n"))
}

/// Splits a list into runs of consecutive items with the same key.
fn runs<T, K: PartialEq>(items: &[T], key: impl Fn(&T) -> K) -> Vec<&[T]> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=items.len() {
        if i == items.len() || key(&items[i]) != key(&items[start]) {
            out.push(&items[start..i]);
            start = i;
        }
    }
    out
}

/// The header labels, as the document wrote them (so that the page reads back into it): for
/// each run of required or optional rows, the leading rows that equal a shared header are
/// named (linking to the shared table), the rest are a table.
fn header_labels(context: &Context, page: &mut Page, endpoint: &Endpoint, op: &Operation) {
    let shared = &context.shared;
    let is_shared = |header: &Header| {
        shared.iter().any(|s| {
            s.name == header.name && s.value == header.value && s.description == header.description
        })
    };
    let arguments = &context.surface.method(op.endpoint).arguments;
    for run in runs(&endpoint.headers, |h| h.required) {
        let label = if run[0].required {
            "Required Headers"
        } else {
            "Optional Headers"
        };
        let named = run.iter().take_while(|h| is_shared(h)).count();
        let (listed, rest) = run.split_at(named);
        if listed.is_empty() {
            page.block(&format!("**{label}:**"));
        } else {
            let names: Vec<String> = listed.iter().map(|h| code(&h.name, false)).collect();
            let first = format!("**[{label}]({}):**", context.links.headers);
            page.block(&wrap_list(&first, &names));
        }
        if !rest.is_empty() {
            let rows: Vec<Vec<String>> = rest
                .iter()
                .map(|h| {
                    let name = if is_shared(h) {
                        format!("[{}]({})", code(&h.name, true), context.links.headers)
                    } else {
                        code(&h.name, true)
                    };
                    let argument = arguments
                        .iter()
                        .find(|a| a.header() == Some(h.name.as_str()))
                        .map(|a| code(&a.shown(), true))
                        .unwrap_or_else(|| match op.header_role(&h.name) {
                            Some(HeaderRole::Endpoint) | None => String::new(),
                            Some(_) => "set by the client".to_owned(),
                        });
                    vec![
                        name,
                        published_value(&h.name, h.value.as_deref()),
                        h.description.as_deref().map(cell).unwrap_or_default(),
                        argument,
                    ]
                })
                .collect();
            page.block(&table(
                &["Header", "Value", "Description", "Rust argument"],
                &rows,
            ));
        }
    }
}

/// `first` followed by `items` separated by commas, wrapped at [`LINE`] columns.
fn wrap_list(first: &str, items: &[String]) -> String {
    let mut out = first.to_owned();
    let mut line_len = out.len();
    for (i, item) in items.iter().enumerate() {
        let piece = if i + 1 < items.len() {
            format!("{item},")
        } else {
            item.clone()
        };
        if line_len + 1 + piece.len() > LINE {
            out.push('\n');
            line_len = 0;
        } else {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(&piece);
        line_len += piece.len();
    }
    out
}

/// The document's parameter tables, and a table of the path parameters it does not describe.
fn parameters(context: &Context, page: &mut Page, endpoint: &Endpoint, op: &Operation) {
    let arguments = &context.surface.method(op.endpoint).arguments;
    let argument_of = |location: ParameterLocation, name: &str| {
        arguments
            .iter()
            .find(|a| {
                (location == ParameterLocation::Path && a.path_param() == Some(name))
                    || (location == ParameterLocation::Query && a.query() == Some(name))
            })
            .map(|a| code(&a.shown(), true))
            .unwrap_or_default()
    };
    for run in runs(&endpoint.parameters, |p| (p.location, p.required)) {
        let label = match (run[0].location, run[0].required) {
            (ParameterLocation::Path, _) => "Path Parameters",
            (ParameterLocation::Query, true) => "Required Query Parameters",
            (ParameterLocation::Query, false) => "Query Parameters",
        };
        page.block(&format!("**{label}:**"));
        let rows: Vec<Vec<String>> = run
            .iter()
            .map(|p: &Parameter| {
                vec![
                    code(&p.name, true),
                    published_value(&p.name, p.value.as_deref()),
                    p.description.as_deref().map(cell).unwrap_or_default(),
                    argument_of(p.location, &p.name),
                ]
            })
            .collect();
        page.block(&table(
            &["Parameter", "Value", "Description", "Rust argument"],
            &rows,
        ));
    }
    let undescribed: Vec<Vec<String>> = endpoint
        .path
        .params()
        .filter(|param| {
            !endpoint
                .parameters
                .iter()
                .any(|p| p.location == ParameterLocation::Path && p.name == param.name)
        })
        .map(|param| {
            vec![
                code(&param.name, true),
                "path".to_owned(),
                "string".to_owned(),
                "yes".to_owned(),
                argument_of(ParameterLocation::Path, &param.name),
            ]
        })
        .collect();
    if !undescribed.is_empty() {
        page.heading(4, "Parameters", "Parameters");
        page.block(&table(
            &["Parameter", "In", "Type", "Required", "Rust argument"],
            &undescribed,
        ));
    }
}

/// How a list whose answer is a page is asked for another page, and walked.
fn paging(page: &mut Page, op: &Operation) {
    let Some(paging) = &op.paging else {
        return;
    };
    let place = match paging.location {
        PageLocation::Query => "query",
        PageLocation::Body => "request body",
    };
    page.heading(4, "Pages", "Pages");
    page.text(&format!(
        "The answer is one page (`{}`). In Rust, `.page(n)` and `.page_size(n)` on the call ask \
         for another page or size, and `.pages()` and `.items()` walk every page, one request \
         each, stopping after the last; a server that answers the same page again stops the \
         walk with `Error::PageRepeated`.",
        crate::model::display_type(&op.success.data)
    ));
    let rows = [
        (&paging.page_param, "page number", "`.page(n)`"),
        (&paging.size_param, "page size", "`.page_size(n)`"),
    ]
    .map(|(name, what, setter)| {
        vec![
            code(name, true),
            place.to_owned(),
            what.to_owned(),
            setter.to_owned(),
        ]
    });
    page.block(&table(&["Parameter", "In", "What", "Rust setter"], &rows));
    page.text(paging.source.reason());
}

/// What the request body is: its fields, or why they are unknown.
fn request_fields(context: &Context, op: &Operation) -> String {
    let Some(request) = &op.request else {
        return "The endpoint takes no request body.".to_owned();
    };
    if request.kind == BodyKind::Multipart {
        return "The body is a `multipart/form-data` upload (`request = \"multipart\"` in \
                `sdkgen.toml`): text fields and files, which the Rust method takes as a \
                `Multipart` form."
            .to_owned();
    }
    match (&request.evidence, &request.ty) {
        (Evidence::Unknown, _) | (_, TypeRef::Any) => "The sample is `{}`: the document shows \
             no fields, so the body's type is unknown, and the Rust method takes any value that \
             serializes to JSON."
            .to_owned(),
        (Evidence::Verified, TypeRef::Named { name }) => {
            match context.inferred.model.type_named(name).map(|t| &t.kind) {
                Some(TypeKind::Struct { fields, .. }) => format!(
                    "The body is a {}:\n\n{}",
                    context.type_link(name, false),
                    fields_table(context, fields, false)
                ),
                _ => format!("The body is a {}.", context.type_link(name, false)),
            }
        }
        (Evidence::Verified, other) => {
            format!("The body is {}.", context.type_markdown(other, false))
        }
    }
}

/// A table of struct fields: name, type, required, nullable, description, example.
pub(super) fn fields_table(context: &Context, fields: &[Field], from_types: bool) -> String {
    let rows: Vec<Vec<String>> = fields
        .iter()
        .map(|field| {
            vec![
                code(&field.wire_name, true),
                context.type_markdown(&field.ty, from_types),
                yes_no(field.required),
                yes_no(field.nullable),
                field_description(context, field),
                match &field.example {
                    Some(_) if field.secret => code(&format!("\"{REDACTED}\""), true),
                    example => example
                        .as_ref()
                        .map(|v| code(&super::example_text(v), true))
                        .unwrap_or_default(),
                },
            ]
        })
        .collect();
    table(
        &[
            "Field",
            "Type",
            "Required",
            "Nullable",
            "Description",
            "Example",
        ],
        &rows,
    )
}

/// The value cell of a header or parameter row: the document's value, or `<redacted>` when
/// the secret rules catch it (by the name or by the value's shape).
fn published_value(name: &str, value: Option<&str>) -> String {
    match value {
        Some(value) if crate::secret_names::is_secret(Some(name), value) => {
            cell(crate::secret_names::REDACTED)
        }
        Some(value) => cell(value),
        None => String::new(),
    }
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

/// What the model knows about a field beyond its type.
fn field_description(context: &Context, field: &Field) -> String {
    let mut parts: Vec<String> = Vec::new();
    match &field.ty {
        TypeRef::DateTime => parts.push("An RFC 3339 date-time.".to_owned()),
        TypeRef::Decimal => parts.push("An exact decimal.".to_owned()),
        TypeRef::Named { name } => {
            if let Some(TypeKind::OpenEnum { values }) =
                context.inferred.model.type_named(name).map(|t| &t.kind)
            {
                let known: Vec<String> = values.iter().map(|v| code(&v.wire, true)).collect();
                parts.push(format!("One of {}, or another code.", known.join(", ")));
            }
        }
        _ => {}
    }
    if let Some(guess) = &field.guess {
        parts.push(format!(
            "Type inferred: {}.",
            guess.trim_end_matches('.').replace('|', "\\|")
        ));
    }
    if let Some(rule) = field.optional_by {
        parts.push(rule.reason().to_owned());
    }
    if field.redacted {
        parts.push("The sample value is a placeholder.".to_owned());
    }
    if field.secret {
        parts.push(
            "A secret (by its name, the shape of its samples or `sdkgen.toml`): examples and `Debug` never show it."
                .to_owned(),
        );
    }
    parts.join(" ")
}

/// What an operation returns, for tables: the type of `data`, or why it is unknown.
pub(super) fn returns(context: &Context, op: &Operation) -> String {
    match op.success.evidence {
        Evidence::Unknown => "unknown (raw JSON)".to_owned(),
        Evidence::Verified => {
            let ty = context.type_markdown(&op.success.data, false);
            if op.success.nullable && !matches!(op.success.data, TypeRef::Any | TypeRef::Unit) {
                format!("{ty}, or `null`")
            } else {
                ty
            }
        }
    }
}

/// The responses: status, meaning, schema.
fn responses_table(context: &Context, op: &Operation) -> String {
    let wrap = |data: String| {
        if op.success.enveloped && !matches!(op.success.data, TypeRef::Unit) {
            format!("{} with `data`: {data}", context.type_link(ENVELOPE, false))
        } else {
            data
        }
    };
    let mut rows = Vec::new();
    let status = op
        .success
        .status
        .map_or_else(|| "—".to_owned(), |s| s.to_string());
    let meaning = match op.success.evidence {
        Evidence::Verified => "Success".to_owned(),
        Evidence::Unknown => "Success (the document has no sample of it)".to_owned(),
    };
    rows.push(vec![status, meaning, wrap(returns(context, op))]);
    for error in &op.errors {
        let mut meaning = String::from("Error");
        if !error.code.is_empty() {
            meaning.push(' ');
            meaning.push_str(&match context.links.error_codes.get(&error.code) {
                Some(link) => format!("[{}]({link})", code(&error.code, true)),
                None => code(&error.code, true),
            });
        }
        if !error.message.is_empty() {
            meaning.push_str(": ");
            meaning.push_str(&cell(&error.message));
        }
        if error.labelled_success {
            meaning.push_str(" (labelled a success by the document)");
        }
        rows.push(vec![
            error.status.to_string(),
            meaning,
            context.type_link(API_ERROR, false),
        ]);
    }
    table(&["Status", "Meaning", "Schema"], &rows)
}

/// `**Success Response:** <the document's note>`, when it has one.
fn missing_success(page: &mut Page, endpoint: &Endpoint) {
    if let Some(note) = &endpoint.missing_success {
        page.block(&format!("**Success Response:** {}", prose(&note.text)));
    }
}

/// A response label and its sample.
fn response_sample(
    context: &Context,
    page: &mut Page,
    op: &Operation,
    response: &Response,
    outcome: &ResponseOutcome,
) {
    if let Some(body) = response
        .body
        .as_ref()
        .filter(|b| b.origin == Origin::Config)
    {
        let what = if outcome.success {
            "success response"
        } else {
            "error response"
        };
        page.block(&config_label(what, Some(response.status)));
        let json = context
            .inferred
            .model
            .redact_response(op, outcome, &body.json);
        page.block(&fence(CONFIG_FENCE, &json_text(&json)));
        return;
    }
    let label = match response.label {
        ResponseLabel::Success => "Success Response",
        ResponseLabel::Error => "Error Response",
    };
    let mut line = format!("**{label}:** (HTTP {})", response.status);
    if let Some(code_text) = outcome.code.as_deref().filter(|_| !outcome.success) {
        let shown = match context.links.error_codes.get(code_text) {
            Some(link) => format!("[{}]({link})", code(code_text, false)),
            None => code(code_text, false),
        };
        if response.label == ResponseLabel::Success {
            line.push_str(&format!(
                ", though its envelope says `success: false` ({shown})"
            ));
        } else {
            line.push_str(&format!(" {shown}"));
        }
    }
    page.block(&line);
    if let Some(body) = &response.body {
        let json = context
            .inferred
            .model
            .redact_response(op, outcome, &body.json);
        page.block(&fence("json", &json_text(&json)));
    }
}

/// The fence of a sample `sdkgen.toml` gives: not `json`, so that reading the pages back
/// (`sdkgen inspect docs/`) does not take it for a sample of the document.
const CONFIG_FENCE: &str = "jsonc";

/// The line above a sample from `sdkgen.toml`: a sentence, not a `Label:` line, so that the
/// page reader sees prose.
fn config_label(what: &str, status: Option<u16>) -> String {
    let status = status.map_or_else(String::new, |s| format!(" (HTTP {s})"));
    format!("A {what}{status} from `sdkgen.toml`, not from the document:")
}
