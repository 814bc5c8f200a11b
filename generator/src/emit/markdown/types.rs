//! `types.md`: the shared types (the envelope, the error answer, pages, dictionary items) and
//! every type the model inferred, each with its fields and the endpoints that use it.

use super::{
    cell, code, fill, prose, shared_types, table, Context, Page, Slugger, API_ERROR,
    DICTIONARY_ITEM, ENVELOPE,
};
use crate::json::JsonValue;
use crate::model::{PageShape, TypeDef, TypeKind, TypeRef};

const INTRO: &str = include_str!("../../../../templates/markdown/types.md");

/// The types page's headings, in page order.
fn headings(context: &Context) -> Vec<(usize, String)> {
    let mut headings = vec![(1, "Types".to_owned()), (2, "Shared types".to_owned())];
    for name in shared_types(context.inferred) {
        headings.push((3, name.to_owned()));
    }
    headings.push((2, "Domain types".to_owned()));
    for def in &context.inferred.model.types {
        headings.push((3, def.name.clone()));
    }
    headings
}

/// Computes the anchor of every type.
pub(super) fn plan(context: &mut Context) {
    let mut slugger = Slugger::default();
    for (level, text) in headings(context) {
        let anchor = slugger.slug(&text);
        if level == 3 {
            context.links.types.insert(text, anchor);
        }
    }
}

/// A string member of the first success envelope of the document (`version`, `code`, ...).
fn sample_member(context: &Context, key: &str) -> Option<String> {
    context
        .inferred
        .model
        .responses(&context.parsed.api)
        .filter(|(_, outcome)| outcome.enveloped && outcome.success)
        .filter_map(|(r, _)| r.body.as_ref())
        .find_map(|b| match &b.json.get(key)?.value {
            JsonValue::String(s) => Some(s.clone()),
            JsonValue::Number(n) => Some(n.clone()),
            _ => None,
        })
}

/// The envelope's fields, as table rows (Field, Type, Description).
pub(super) fn envelope_rows(context: &Context, from_types: bool) -> Vec<Vec<String>> {
    let errors = super::on_index(&context.links.errors, !from_types);
    let such_as = |key: &str| {
        sample_member(context, key)
            .map(|v| format!(", such as {}", code(&v, true)))
            .unwrap_or_default()
    };
    vec![
        vec![
            "`version`".to_owned(),
            "string".to_owned(),
            format!("The API version{}.", such_as("version")),
        ],
        vec![
            "`timestamp`".to_owned(),
            "integer".to_owned(),
            "When the server answered, in milliseconds since the Unix epoch.".to_owned(),
        ],
        vec![
            "`success`".to_owned(),
            "boolean".to_owned(),
            "`true` for a success, `false` for an error, whatever the HTTP status.".to_owned(),
        ],
        vec![
            "`code`".to_owned(),
            "string".to_owned(),
            format!(
                "A success code{}, or an [error code]({errors}).",
                such_as("code")
            ),
        ],
        vec![
            "`message`".to_owned(),
            "string".to_owned(),
            format!("A short message{}.", such_as("message")),
        ],
        vec![
            "`data`".to_owned(),
            "depends on the endpoint".to_owned(),
            "The payload: each endpoint page gives its type. Usually `null` in an error."
                .to_owned(),
        ],
    ]
}

/// The types page.
pub(super) fn render(context: &Context) -> Result<String, String> {
    let model = &context.inferred.model;
    let mut page = Page::default();
    let planned = headings(context);
    let mut planned = planned.iter();
    let mut heading = |page: &mut Page, markdown: &str| {
        let (level, plain) = planned.next().expect("planned heading");
        page.heading(*level, markdown, plain);
    };
    heading(&mut page, "Types");
    page.block(&super::reflow(&fill(
        INTRO,
        &[
            ("title", &prose(&context.title)),
            ("crate_ident", &context.crate_ident),
        ],
    )?));
    heading(&mut page, "Shared types");
    for name in shared_types(context.inferred) {
        heading(&mut page, name);
        shared_type(context, &mut page, name);
    }
    heading(&mut page, "Domain types");
    for def in &model.types {
        heading(&mut page, &prose(&def.name));
        domain_type(context, &mut page, def);
    }
    Ok(page.finish())
}

fn shared_type(context: &Context, page: &mut Page, name: &str) {
    let model = &context.inferred.model;
    let columns = ["Field", "Type", "Description"];
    let row = |field: &str, ty: String, description: &str| {
        vec![code(field, true), ty, description.to_owned()]
    };
    match name {
        ENVELOPE => {
            page.block(&super::reflow(&format!(
                "The wrapper of every response body; `data` is the endpoint's payload. See \
                 [Response envelope]({}).",
                context.links.envelope
            )));
            page.block(&table(&columns, &envelope_rows(context, true)));
        }
        API_ERROR => {
            let mut rows = envelope_rows(context, true);
            rows[2][2] = "`false`.".to_owned();
            rows[3][2] = format!("The error code: see [Errors]({}).", context.links.errors);
            rows[4][2] = match context.inferred.model.error_codes.values().next() {
                Some(info) if !info.messages.is_empty() => {
                    format!(
                        "What went wrong, such as {}.",
                        code(&info.messages[0], true)
                    )
                }
                _ => "What went wrong.".to_owned(),
            };
            rows[5][1] = "any JSON value".to_owned();
            rows[5][2] = "Usually `null`; details of the error when there are any.".to_owned();
            let answer = if model.enveloped {
                "An error answer: an envelope with `success: false`."
            } else {
                "An error answer: a response with an error status (the API wraps no answer in \
                 an envelope, so `code`, `message` and `data` are read from the body's own \
                 fields of those names, when it has them)."
            };
            page.block(&super::reflow(&format!(
                "{answer} The Rust client returns it as `Error::Api(ApiError)`, with the HTTP \
                 `status`, the `code` (and `error_code()`, an `ErrorCode`), the `message`, the \
                 `request_id` the call was sent with, the `route` and the `data`."
            )));
            page.block(&table(&columns, &rows));
        }
        _ if name == PageShape::Paginated.type_name() => {
            page.text("`Page<T>`: a page of items of type `T`, with its pagination block.");
            page.block(&table(
                &columns,
                &[
                    row(
                        "items",
                        "array of `T`".to_owned(),
                        "The items of this page (the document's samples are cut to two).",
                    ),
                    row(
                        "pagination",
                        context.type_link("Pagination", true),
                        "Where this page sits in the whole result.",
                    ),
                ],
            ));
        }
        _ if name == PageShape::Offset.type_name() => {
            page.text("`OffsetPage<T>`: a page of items of type `T`, with offset counters.");
            page.block(&table(
                &columns,
                &[
                    row(
                        "items",
                        "array of `T`".to_owned(),
                        "The items of this page.",
                    ),
                    row("total", "integer".to_owned(), "Items in the whole result."),
                    row("page", "integer".to_owned(), "This page's number."),
                    row("size", "integer".to_owned(), "Items per page."),
                ],
            ));
        }
        DICTIONARY_ITEM => {
            page.text(
                "`DictionaryItem<C>`: a coded value with its numeric id, label and description; \
                 `C` is the open set of codes of its family.",
            );
            let description = if model.dictionary_description_required {
                "What the code means."
            } else {
                "What the code means (not every sample has it)."
            };
            page.block(&table(
                &columns,
                &[
                    row(
                        "code",
                        "`C`".to_owned(),
                        "The code, such as `ACTIVE`: one of the family's known codes, or another.",
                    ),
                    row("value", "integer".to_owned(), "The numeric id of the code."),
                    row("label", "string".to_owned(), "A human label (localised)."),
                    row("description", "string".to_owned(), description),
                ],
            ));
        }
        _ => {}
    }
}

/// Is `name` the type itself, or the item type, of `ty` (not a type nested in a struct)?
fn is_outer(ty: &TypeRef, name: &str) -> bool {
    match ty {
        TypeRef::Named { name: n } => n == name,
        TypeRef::Array { item } | TypeRef::Page { item, .. } | TypeRef::Map { value: item } => {
            is_outer(item, name)
        }
        TypeRef::Dictionary { code } => code == name,
        _ => false,
    }
}

/// Where a type is used, with links to the endpoints: the request body of some, returned by
/// others, inside other types for the rest.
fn used_by(context: &Context, def: &TypeDef) -> String {
    let routes = context.endpoints_by_route();
    let model = &context.inferred.model;
    let (mut request, mut returned, mut inside) = (Vec::new(), Vec::new(), Vec::new());
    for route in &def.used_by {
        let Some(&endpoint) = routes.get(route) else {
            inside.push(code(route, false));
            continue;
        };
        let op = &model.operations[endpoint];
        let link = context.endpoint_link(endpoint);
        if op
            .request
            .as_ref()
            .is_some_and(|r| is_outer(&r.ty, &def.name))
        {
            request.push(link);
        } else if is_outer(&op.success.data, &def.name) {
            returned.push(link);
        } else {
            inside.push(link);
        }
    }
    let mut sentences = Vec::new();
    if !request.is_empty() {
        sentences.push(format!("The request body of {}.", request.join(", ")));
    }
    if !returned.is_empty() {
        sentences.push(format!("Returned by {}.", returned.join(", ")));
    }
    if !inside.is_empty() {
        let what = if sentences.is_empty() {
            "Used"
        } else {
            "Also used"
        };
        sentences.push(format!(
            "{what}, inside other types, by {}.",
            inside.join(", ")
        ));
    }
    sentences.join(" ")
}

fn domain_type(context: &Context, page: &mut Page, def: &TypeDef) {
    let used = used_by(context, def);
    match &def.kind {
        TypeKind::Struct {
            fields,
            extends_dictionary,
        } => {
            let mut intro = String::new();
            if *extends_dictionary {
                intro.push_str(&format!(
                    "A {} with more fields. ",
                    context.type_link(DICTIONARY_ITEM, true)
                ));
            }
            intro.push_str(&used);
            if !intro.trim().is_empty() {
                page.text(intro.trim());
            }
            page.block(&super::group::fields_table(context, fields, true));
        }
        TypeKind::OpenEnum { values } => {
            page.block(&super::reflow(&format!(
                "An open set of codes: the values below, which the document shows, or any \
                 other string (the Rust enum's `Other`). {used}"
            )));
            let rows: Vec<Vec<String>> = values
                .iter()
                .map(|v| {
                    vec![
                        code(&v.wire, true),
                        v.label.as_deref().map(cell).unwrap_or_default(),
                        v.description.as_deref().map(cell).unwrap_or_default(),
                        code(&v.rust_name, true),
                    ]
                })
                .collect();
            page.block(&table(&["Value", "Label", "Description", "Rust"], &rows));
        }
    }
}
