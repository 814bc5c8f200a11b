//! `index.md`: the API's title and preamble (as the document gives them, so that reading the
//! pages back gives them too), then what the API is, its base URL, authentication with the
//! `Shared Headers:` table, the response envelope, every error code and where it occurs, and a
//! table of contents.

use std::collections::BTreeMap;

use super::{
    cell, code, count, examples, fence, fill, json_text, prose, table, Context, Page, Slugger,
    ENVELOPE_SECTION, ERRORS_SECTION, HEADERS_SECTION,
};
use crate::ir::{JsonValue, ResponseLabel};
use crate::model::{AuthUse, ContextHeader, Evidence, HeaderRole, BEARER_SCHEME};

const OVERVIEW: &str = include_str!("../../../../templates/markdown/overview.md");
const BASE_URL: &str = include_str!("../../../../templates/markdown/base-url.md");
const HEADERS: &str = include_str!("../../../../templates/markdown/headers.md");
const ENVELOPE: &str = include_str!("../../../../templates/markdown/envelope.md");
const ERRORS: &str = include_str!("../../../../templates/markdown/errors.md");
/// The `Errors` section's text when no answer comes in the envelope.
const ERRORS_UNENVELOPED: &str =
    include_str!("../../../../templates/markdown/errors-unenveloped.md");

/// The index page's headings up to its table of contents, in page order.
fn fixed_headings(context: &Context) -> Vec<(usize, String)> {
    let mut headings = vec![
        (1, context.title.clone()),
        (2, "Overview".to_owned()),
        (2, "Base URL".to_owned()),
        (2, HEADERS_SECTION.to_owned()),
        (2, ENVELOPE_SECTION.to_owned()),
        (2, ERRORS_SECTION.to_owned()),
    ];
    for code in context.inferred.model.error_codes.keys() {
        headings.push((3, code.clone()));
    }
    headings.push((2, "Endpoints".to_owned()));
    headings
}

/// Computes the anchors other pages link to.
pub(super) fn plan(context: &mut Context) {
    let mut slugger = Slugger::default();
    let mut codes = BTreeMap::new();
    for (level, text) in fixed_headings(context) {
        let anchor = slugger.slug(&text);
        match text.as_str() {
            _ if level == 3 => {
                codes.insert(text, format!("{}#{anchor}", super::INDEX_PAGE));
            }
            HEADERS_SECTION => context.links.headers = format!("{}#{anchor}", super::INDEX_PAGE),
            ENVELOPE_SECTION => context.links.envelope = format!("{}#{anchor}", super::INDEX_PAGE),
            ERRORS_SECTION => context.links.errors = format!("{}#{anchor}", super::INDEX_PAGE),
            _ => {}
        }
    }
    context.links.error_codes = codes;
}

/// The common leading path segments of every endpoint (`/web/v1/partner`), if any.
pub(super) fn path_prefix(context: &Context) -> Option<String> {
    let mut endpoints = context.parsed.api.endpoints.iter();
    let first: Vec<&str> = endpoints.next()?.path.template.split('/').collect();
    let mut common = first.len().saturating_sub(1);
    for endpoint in endpoints {
        let segments: Vec<&str> = endpoint.path.template.split('/').collect();
        common = common.min(
            first
                .iter()
                .zip(&segments)
                .take_while(|(a, b)| a == b && !a.contains('{'))
                .count(),
        );
    }
    (common > 1).then(|| first[..common].join("/"))
}

/// The index page: its sections in page order, each heading taken from the planned ones.
pub(super) fn render(context: &Context) -> Result<String, String> {
    let mut page = Page::default();
    let headings = fixed_headings(context);
    let mut headings = headings.iter();
    let mut heading = |page: &mut Page, markdown: &str| {
        let (level, plain) = headings.next().expect("planned heading");
        page.heading(*level, markdown, plain);
    };

    heading(&mut page, &prose(&context.title));
    for line in &context.parsed.api.preamble {
        page.block(&prose(&line.text));
    }
    heading(&mut page, "Overview");
    page.text(&overview(context)?);
    heading(&mut page, "Base URL");
    page.text(&base_url(context)?);
    heading(&mut page, HEADERS_SECTION);
    page.text(&authentication(context));
    page.text(&fill(HEADERS, &[("headers_page", super::HEADERS_PAGE)])?);
    shared_headers_table(context, &mut page);
    heading(&mut page, ENVELOPE_SECTION);
    envelope(context, &mut page);
    heading(&mut page, ERRORS_SECTION);
    if context.inferred.model.enveloped {
        page.text(ERRORS);
    } else {
        page.text(ERRORS_UNENVELOPED);
    }
    errors(context, &mut page, &mut heading);
    heading(&mut page, "Endpoints");
    endpoints(context, &mut page);
    Ok(page.finish())
}

/// How many groups have at least one endpoint.
fn groups_with_endpoints(context: &Context) -> usize {
    let api = &context.parsed.api;
    (0..api.groups.len())
        .filter(|&g| api.endpoints_in(g).next().is_some())
        .count()
}

/// The `Overview` section: what the API is, how much of it has success evidence, its groups.
fn overview(context: &Context) -> Result<String, String> {
    let api = &context.parsed.api;
    let model = &context.inferred.model;
    let unknown = model
        .operations
        .iter()
        .filter(|op| op.success.evidence == Evidence::Unknown)
        .count();
    let evidence = if unknown == 0 {
        "Every endpoint has a captured success response.".to_owned()
    } else {
        format!(
            "{} of the {} have a sample of a successful response. The other {unknown} have \
             none (the document captured no success fixture, or the sample it labels as the \
             success is an error answer): their pages say so, the type of their {payload} is \
             unknown, and the Rust client returns it as raw JSON (`serde_json::Value`).",
            api.endpoints.len() - unknown,
            count(api.endpoints.len(), "endpoint"),
            payload = if model.enveloped { "`data`" } else { "body" },
        )
    };
    let mut group_list = String::new();
    for (group, def) in api.groups.iter().enumerate() {
        let n = api.endpoints_in(group).count();
        if n == 0 {
            continue;
        }
        group_list.push_str(&format!(
            "- [{}]({}): {}\n",
            prose(&def.name),
            context.links.group_pages[group],
            count(n, "endpoint")
        ));
    }
    fill(
        OVERVIEW,
        &[
            ("title", &prose(&context.title)),
            ("endpoint_count", &count(api.endpoints.len(), "endpoint")),
            (
                "group_count",
                &count(groups_with_endpoints(context), "group"),
            ),
            (
                "path_prefix",
                &path_prefix(context)
                    .as_deref()
                    .map(|p| format!(", all under {}", code(p, false)))
                    .unwrap_or_default(),
            ),
            (
                "envelope",
                if model.enveloped {
                    ", and every response is wrapped in the [response envelope](#response-envelope)"
                } else {
                    ""
                },
            ),
            ("evidence", &evidence),
            ("group_list", group_list.trim_end()),
        ],
    )
}

/// The `Base URL` section: where the paths are rooted and how the Rust client is built.
fn base_url(context: &Context) -> Result<String, String> {
    let (client, env_vars) = examples::client_setup(context);
    fill(
        BASE_URL,
        &[
            (
                "path_prefix",
                &path_prefix(context)
                    .as_deref()
                    .map(|p| format!(" (the paths already start with {})", code(p, false)))
                    .unwrap_or_default(),
            ),
            ("crate_ident", &context.crate_ident),
            ("rust_client", &fence("rust", &client)),
            (
                "env_vars",
                &env_vars
                    .iter()
                    .map(|v| format!(", {}", code(v, false)))
                    .collect::<String>(),
            ),
        ],
    )
}

/// The `Shared Headers:` table, when any header is shared: each header's first row, which the
/// endpoint pages name instead of repeating it (who sets each one, and whether the OpenAPI
/// contract has it, is on the headers page).
fn shared_headers_table(context: &Context, page: &mut Page) {
    let shared = &context.shared;
    if shared.is_empty() {
        return;
    }
    page.block("**Shared Headers:**");
    let rows: Vec<Vec<String>> = shared
        .iter()
        .map(|h| {
            vec![
                code(&h.name, true),
                h.value.as_deref().map(cell).unwrap_or_default(),
                h.description.as_deref().map(cell).unwrap_or_default(),
            ]
        })
        .collect();
    page.block(&table(&["Header", "Value", "Description"], &rows));
}

/// The `Response envelope` section: its fields and the smallest success sample, or a line
/// saying there is none.
fn envelope(context: &Context, page: &mut Page) {
    if context.inferred.model.enveloped {
        page.text(ENVELOPE);
        page.block(&table(
            &["Field", "Type", "Description"],
            &super::types::envelope_rows(context, false),
        ));
        if let Some(sample) = smallest_success_sample(context) {
            page.block("The smallest success sample of the document:");
            page.block(&fence("json", &sample));
        }
    } else {
        page.text(
            "The responses are not wrapped in an envelope: each endpoint page gives the type \
             of its body.",
        );
    }
}

/// The `Endpoints` section: the table of contents, a heading and a table per group.
fn endpoints(context: &Context, page: &mut Page) {
    let api = &context.parsed.api;
    let model = &context.inferred.model;
    page.text(&format!(
        "{} in {}; each group's page has every endpoint's headers, samples, types and \
         examples.",
        count(api.endpoints.len(), "endpoint"),
        count(groups_with_endpoints(context), "group")
    ));
    for (group, def) in api.groups.iter().enumerate() {
        let endpoints: Vec<usize> = (0..api.endpoints.len())
            .filter(|&i| api.endpoints[i].group == group)
            .collect();
        if endpoints.is_empty() {
            continue;
        }
        let page_name = &context.links.group_pages[group];
        page.heading(
            3,
            &format!("[{}]({page_name})", prose(&def.name)),
            &def.name,
        );
        if let Some(description) = &def.description {
            page.block(&prose(&description.text));
        }
        let rows: Vec<Vec<String>> = endpoints
            .iter()
            .map(|&i| {
                let op = &model.operations[i];
                vec![
                    context.endpoint_link(i),
                    code(&format!("{}().{}", op.group_module, op.name), true),
                    super::group::returns(context, op),
                ]
            })
            .collect();
        page.block(&table(&["Endpoint", "Rust method", "Returns"], &rows));
    }
}

/// The paragraph on the bearer token, the access code and the workspace.
fn authentication(context: &Context) -> String {
    let model = &context.inferred.model;
    let total = model.operations.len();
    let by_auth = |auth: AuthUse| model.operations.iter().filter(|op| op.auth == auth).count();
    let (required, optional, none) = (
        by_auth(AuthUse::Required),
        by_auth(AuthUse::Optional),
        by_auth(AuthUse::None),
    );
    let mut text = String::new();
    if required + optional > 0 {
        text.push_str(&format!(
            "**Bearer token.** `Authorization: Bearer <token>`: {required} of the {total} \
             endpoints require it, {optional} send it when it is set, and {none} do not \
             document it. The Rust client takes it with `ClientBuilder::bearer_token`, or \
             later (after logging in) with `Client::set_bearer_token`; a call that requires \
             a token fails before sending anything when none is set. In OpenAPI it is the \
             `{BEARER_SCHEME}` security scheme.\n\n"
        ));
    }
    let context_users = |wanted: ContextHeader| {
        model
            .operations
            .iter()
            .filter(|op| {
                op.headers
                    .iter()
                    .any(|h| h.role == HeaderRole::Context(wanted))
            })
            .count()
    };
    let access = context_users(ContextHeader::AccessCode);
    if access > 0 {
        let scheme = context
            .api_keys
            .iter()
            .find(|s| s.header.eq_ignore_ascii_case("X-PORTAL-ACCESS-CODE"))
            .map(|s| {
                format!(
                    " In OpenAPI it is the `{}` security scheme (`apiKey`).",
                    s.name
                )
            })
            .unwrap_or_default();
        text.push_str(&format!(
            "**Portal access code.** `X-PORTAL-ACCESS-CODE`, documented on {access} of the \
             {total} endpoints, identifies the portal. The Rust client takes it with \
             `ClientBuilder::access_code`.{scheme}\n\n"
        ));
    }
    let workspace = context_users(ContextHeader::WorkspaceId);
    if workspace > 0 {
        text.push_str(&format!(
            "**Workspace.** `X-Workspace-Id`, documented on {workspace} endpoints, selects \
             the workspace a call acts on: `ClientBuilder::workspace_id` sets it for every \
             call, `CallOptions::workspace_id` for one.\n\n"
        ));
    }
    text
}

/// The shortest success sample, as text.
fn smallest_success_sample(context: &Context) -> Option<String> {
    let model = &context.inferred.model;
    let api = &context.parsed.api;
    model
        .operations
        .iter()
        .flat_map(|op| {
            api.endpoints[op.endpoint]
                .responses
                .iter()
                .zip(&op.responses)
                .map(move |(r, outcome)| (op, r, outcome))
        })
        .filter(|(_, r, outcome)| {
            r.label == ResponseLabel::Success && outcome.enveloped && outcome.success
        })
        .filter_map(|(op, r, outcome)| Some((op, r.body.as_ref()?, outcome)))
        .filter(|(_, b, _)| {
            b.json
                .get("data")
                .is_some_and(|d| d.value != JsonValue::Null)
        })
        .map(|(op, b, outcome)| json_text(&model.redact_response(op, outcome, &b.json)))
        .min_by_key(|text| (text.len(), text.clone()))
}

/// The error codes table and a section per code listing where it occurs.
fn errors(context: &Context, page: &mut Page, heading: &mut impl FnMut(&mut Page, &str)) {
    let model = &context.inferred.model;
    if model.error_codes.is_empty() {
        page.block("The document shows no error codes.");
        return;
    }
    let by_id: BTreeMap<&str, usize> = model
        .operations
        .iter()
        .map(|op| (op.operation_id.as_str(), op.endpoint))
        .collect();
    let rows: Vec<Vec<String>> = model
        .error_codes
        .iter()
        .map(|(code_text, info)| {
            let anchor = &context.links.error_codes[code_text];
            let anchor = anchor.split_once('#').map_or("", |(_, a)| a);
            vec![
                format!("[{}](#{anchor})", code(code_text, true)),
                info.statuses
                    .iter()
                    .map(u16::to_string)
                    .collect::<Vec<_>>()
                    .join(", "),
                info.messages
                    .iter()
                    .map(|m| cell(m))
                    .collect::<Vec<_>>()
                    .join("; "),
                code(&format!("ErrorCode::{}", info.rust_name), true),
                info.operations.len().to_string(),
            ]
        })
        .collect();
    page.block(&table(
        &["Code", "HTTP status", "Message", "Rust", "Endpoints"],
        &rows,
    ));
    let no_code = model
        .operations
        .iter()
        .filter(|op| op.errors.iter().any(|e| e.code.is_empty()))
        .count();
    if no_code > 0 {
        page.text(&format!(
            "{} show an error answer without a code.",
            count(no_code, "endpoint")
        ));
    }
    for (code_text, info) in &model.error_codes {
        heading(page, &prose(code_text));
        let statuses = info
            .statuses
            .iter()
            .map(|s| format!("HTTP {s}"))
            .collect::<Vec<_>>()
            .join(", ");
        let messages = info
            .messages
            .iter()
            .map(|m| prose(m))
            .collect::<Vec<_>>()
            .join("; ");
        page.text(&format!(
            "{statuses}: {}. Documented on {}:",
            messages.trim_end_matches('.'),
            count(info.operations.len(), "endpoint")
        ));
        let list: Vec<String> = info
            .operations
            .iter()
            .filter_map(|id| by_id.get(id.as_str()))
            .map(|&endpoint| format!("- {}", context.endpoint_link(endpoint)))
            .collect();
        page.block(&list.join("\n"));
    }
}
