//! Headers on the pages: `headers.md` (every header the document names, who sets it, whether
//! the published OpenAPI contract has it, and the switch that puts the transport headers in
//! it), each endpoint's **Request headers** table, and the headers the index page's
//! `Shared Headers:` table defines once.
//!
//! What the contract holds is the model's decision ([`Operation::contract_headers`]), which the
//! OpenAPI emitter reads too: so an endpoint's table lists exactly the headers of its OpenAPI
//! operation (parameters, `apiKey` schemes, `Authorization` for `bearerAuth`), required or
//! optional as there.

use super::{code, fill, prose, table, Context, Page};
use crate::model::{
    ApiKeyScheme, ContextHeader, HeaderRole, HeaderUse, Operation, Publication, BEARER_SCHEME,
};

const PAGE: &str = include_str!("../../../../templates/markdown/headers-page.md");

/// The headers page's file name.
pub const HEADERS_PAGE: &str = "headers.md";

/// The heading of the headers page's section on the switch.
const TRANSPORT_SECTION: &str = "Including transport headers";
/// The heading of the headers page's section on the document's own header lists.
const LISTS_SECTION: &str = "The document's header lists";

/// The heading of an endpoint's contract table: not a label, so the page reader skips it.
pub(super) const REQUEST_HEADERS: &str = "Request headers";

/// A header shared by endpoints: its first row, and how many endpoints document it.
#[derive(Debug)]
pub(super) struct SharedHeader {
    pub(super) name: String,
    pub(super) value: Option<String>,
    pub(super) description: Option<String>,
}

/// The headers that go in the index's `Shared Headers:` table: every documented header the
/// client, the transport or a proxy sets (all but endpoint-specific ones), by first
/// appearance. A name that can not be listed after a label (a space in it, say) stays in its
/// endpoints' tables.
pub(super) fn shared_headers(context: &Context) -> Vec<SharedHeader> {
    let mut shared: Vec<SharedHeader> = Vec::new();
    for op in &context.inferred.model.operations {
        for header in &context.parsed.api.endpoints[op.endpoint].headers {
            let role = op.header_role(&header.name).unwrap_or(HeaderRole::Endpoint);
            if role == HeaderRole::Endpoint
                || !listable(&header.name)
                || shared.iter().any(|s| s.name == header.name)
            {
                continue;
            }
            shared.push(SharedHeader {
                name: header.name.clone(),
                value: header.value.clone(),
                description: header.description.clone(),
            });
        }
    }
    shared
}

/// Can this header name be listed after a header label (`X-Request-Id, Authorization`)?
fn listable(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// The role of a contract or left-out header (`Authorization` when only the operation's
/// [`crate::model::AuthUse`] names it).
fn role_of(header: Option<&HeaderUse>) -> HeaderRole {
    header.map_or(HeaderRole::Authorization, |h| h.role)
}

/// Who sets a header: the caller (a credential, or per call), the client (once, or per call),
/// the HTTP stack, or a proxy.
fn set_by(role: HeaderRole, publication: Publication) -> &'static str {
    match (publication, role) {
        (Publication::ApiKey | Publication::Bearer, _) | (_, HeaderRole::Authorization) => {
            "the caller: a credential"
        }
        (_, HeaderRole::Context(ContextHeader::UserAgent) | HeaderRole::Transport) => {
            "the HTTP stack"
        }
        (_, HeaderRole::Context(_)) => "the client, once",
        (_, HeaderRole::RequestId) => "the client, per call",
        (_, HeaderRole::Proxy) => "the proxy or CDN",
        (_, HeaderRole::Endpoint) => "the caller, per call",
    }
}

/// How the Rust client sets a header; `argument` is an endpoint header's method argument.
fn rust_client(role: HeaderRole, argument: Option<String>) -> String {
    match role {
        HeaderRole::Context(header) => {
            let note = match header {
                ContextHeader::WorkspaceId => "; a call can override it",
                ContextHeader::UserAgent => "; defaults to the crate's name",
                _ => "",
            };
            let method = crate::surface::ContextSetting::of(header).builder_method;
            format!("`ClientBuilder::{method}`{note}")
        }
        HeaderRole::RequestId => "fresh for every call (`Call::request_id` sets one)".to_owned(),
        HeaderRole::Authorization => {
            "`ClientBuilder::bearer_token`, `Client::set_bearer_token`".to_owned()
        }
        HeaderRole::Transport => "the HTTP transport".to_owned(),
        HeaderRole::Proxy => "`ClientBuilder::default_header`".to_owned(),
        HeaderRole::Endpoint => argument.unwrap_or_else(|| "a method argument".to_owned()),
    }
}

/// The scheme name of a credential header.
fn scheme_name<'a>(context: &'a Context, header: &str) -> &'a str {
    ApiKeyScheme::of(&context.api_keys, header).map_or("apiKey", |s| s.name.as_str())
}

/// What the contract has for a header, in a few words (the endpoint tables' column).
fn in_openapi(context: &Context, name: &str, publication: Publication) -> String {
    match publication {
        Publication::ApiKey => format!("`{}` scheme", scheme_name(context, name)),
        Publication::Bearer => format!("`{BEARER_SCHEME}` scheme"),
        _ => "parameter".to_owned(),
    }
}

/// What the contract has for a header, for the headers page.
fn in_contract(
    context: &Context,
    name: &str,
    role: HeaderRole,
    publication: Publication,
) -> String {
    match publication {
        Publication::Parameter => match role {
            HeaderRole::Endpoint => "yes: a header parameter".to_owned(),
            _ => "yes: a header parameter, defined once under `components/parameters`".to_owned(),
        },
        Publication::ApiKey => format!(
            "yes: the `{}` security scheme (`apiKey`, in the header)",
            scheme_name(context, name)
        ),
        Publication::Bearer => format!("yes: the `{BEARER_SCHEME}` security scheme"),
        Publication::MediaType if name.eq_ignore_ascii_case("content-type") => {
            "no: the request body's media type says it".to_owned()
        }
        Publication::MediaType if name.eq_ignore_ascii_case("accept") => {
            "no: the responses' media type says it".to_owned()
        }
        Publication::MediaType => "no: the HTTP stack sets it".to_owned(),
        Publication::LeftOut if role == HeaderRole::Authorization => {
            "no: `sdkgen.toml` says the endpoints take no token".to_owned()
        }
        Publication::LeftOut => {
            format!("no, unless [included](#{})", super::slug(TRANSPORT_SECTION))
        }
    }
}

/// Why an endpoint's contract leaves a header out, in a few words.
fn left_out_reason(header: &HeaderUse, publication: Publication) -> &'static str {
    match (publication, header.role) {
        (_, HeaderRole::Authorization) => "`auth = \"none\"` in `sdkgen.toml`",
        (_, HeaderRole::Proxy) => "set by the proxy or CDN",
        (Publication::MediaType, _)
            if ["content-type", "accept"]
                .iter()
                .any(|n| header.wire_name.eq_ignore_ascii_case(n)) =>
        {
            "the media types say them"
        }
        _ => "set by the HTTP stack",
    }
}

/// An endpoint's **Request headers**: the contract's headers in a table (required or optional
/// as OpenAPI has them), and one line naming the headers it leaves out, with a link to
/// the headers page. Nothing when the endpoint has neither.
pub(super) fn request_headers(context: &Context, page: &mut Page, op: &Operation) {
    let contract = op.contract_headers(context.transport_headers);
    let left_out = op.left_out_headers(context.transport_headers);
    if contract.is_empty() && left_out.is_empty() {
        return;
    }
    page.heading(4, REQUEST_HEADERS, REQUEST_HEADERS);
    let arguments = &context.surface.method(op.endpoint).arguments;
    if contract.is_empty() {
        page.text("The OpenAPI operation has no header.");
    } else {
        let rows: Vec<Vec<String>> = contract
            .iter()
            .map(|h| {
                let argument = arguments
                    .iter()
                    .find(|a| a.header() == Some(h.wire_name))
                    .map(|a| code(&a.shown(), true));
                vec![
                    code(h.wire_name, true),
                    if h.required { "yes" } else { "no" }.to_owned(),
                    in_openapi(context, h.wire_name, h.publication),
                    rust_client(role_of(h.header), argument),
                ]
            })
            .collect();
        page.block(&table(
            &["Header", "Required", "In OpenAPI", "Rust client"],
            &rows,
        ));
    }
    if !left_out.is_empty() {
        // Runs of one reason, in the order the reasons first appear.
        let mut reasons: Vec<(&str, Vec<String>)> = Vec::new();
        for (header, publication) in &left_out {
            let reason = left_out_reason(header, *publication);
            let name = code(&header.wire_name, false);
            match reasons.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, names)) => names.push(name),
                None => reasons.push((reason, vec![name])),
            }
        }
        let parts: Vec<String> = reasons
            .iter()
            .map(|(reason, names)| format!("{} ({reason})", names.join(", ")))
            .collect();
        let list = match parts.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => parts.join(""),
        };
        page.text(&format!(
            "The OpenAPI contract leaves out {list}; [Headers]({HEADERS_PAGE}) says why."
        ));
    }
    page.text(&format!(
        "As the endpoint document [lists]({HEADERS_PAGE}#{}) them:",
        super::slug(LISTS_SECTION)
    ));
}

/// One header of the headers page: where it first appears and how the endpoints use it.
struct Entry<'a> {
    name: &'a str,
    role: HeaderRole,
    publication: Publication,
    required_on: usize,
    optional_on: usize,
    left_out_on: usize,
}

/// The headers page.
pub(super) fn render(context: &Context) -> Result<String, String> {
    let model = &context.inferred.model;
    let total = model.operations.len();
    let mut entries: Vec<Entry<'_>> = Vec::new();
    for op in &model.operations {
        let contract = op.contract_headers(context.transport_headers);
        let left_out = op.left_out_headers(context.transport_headers);
        let rows = contract
            .iter()
            .map(|h| {
                (
                    h.wire_name,
                    role_of(h.header),
                    h.publication,
                    Some(h.required),
                )
            })
            .chain(
                left_out
                    .iter()
                    .map(|(h, p)| (h.wire_name.as_str(), h.role, *p, None)),
            );
        for (name, role, publication, required) in rows {
            let index = match entries
                .iter()
                .position(|e| e.name.eq_ignore_ascii_case(name))
            {
                Some(index) => index,
                None => {
                    entries.push(Entry {
                        name,
                        role,
                        publication,
                        required_on: 0,
                        optional_on: 0,
                        left_out_on: 0,
                    });
                    entries.len() - 1
                }
            };
            let entry = &mut entries[index];
            match required {
                Some(true) => entry.required_on += 1,
                Some(false) => entry.optional_on += 1,
                None => entry.left_out_on += 1,
            }
            if publication.is_published() {
                entry.publication = publication;
            }
        }
    }
    // Credentials, then parameters, then what the contract leaves out; first appearance within.
    entries.sort_by_key(|e| match e.publication {
        Publication::ApiKey | Publication::Bearer => 0,
        Publication::Parameter => 1,
        Publication::LeftOut => 2,
        Publication::MediaType => 3,
    });
    let rows: Vec<Vec<String>> = entries
        .iter()
        .map(|e| {
            let endpoints = match (e.required_on, e.optional_on) {
                (0, 0) if e.left_out_on == total => format!("documented on all {total}"),
                (0, 0) => format!("documented on {}", e.left_out_on),
                (r, 0) if r == total => format!("all {total}, required"),
                (0, o) if o == total => format!("all {total}, optional"),
                (r, 0) => format!("{r}, required"),
                (0, o) => format!("{o}, optional"),
                (r, o) => format!("{}: {r} required, {o} optional", r + o),
            };
            vec![
                code(e.name, true),
                set_by(e.role, e.publication).to_owned(),
                in_contract(context, e.name, e.role, e.publication),
                rust_client(e.role, None),
                endpoints,
            ]
        })
        .collect();
    let header_table = if rows.is_empty() {
        "The document names no header.".to_owned()
    } else {
        table(
            &[
                "Header",
                "Set by",
                "In the OpenAPI contract",
                "Rust client",
                "Endpoints",
            ],
            &rows,
        )
    };
    let mut credentials: Vec<String> = Vec::new();
    if model
        .operations
        .iter()
        .any(|op| op.auth != crate::model::AuthUse::None)
    {
        credentials.push(format!("the bearer token is `{BEARER_SCHEME}`"));
    }
    for scheme in &context.api_keys {
        credentials.push(format!(
            "{} is `{}` (`apiKey`)",
            code(&scheme.header, false),
            scheme.name
        ));
    }
    let credentials = if credentials.is_empty() {
        String::new()
    } else {
        format!(
            "Credentials are security schemes, not parameters: {}. An operation's `security` \
             asks for the schemes it needs together, and also lists the combinations without \
             a scheme it can be called without. ",
            credentials.join(", ")
        )
    };
    let proxies: Vec<String> = entries
        .iter()
        .filter(|e| e.role == HeaderRole::Proxy)
        .map(|e| code(e.name, false))
        .collect();
    let proxies = if proxies.is_empty() {
        "such as `CF-Connecting-IP` and `X-Forwarded-For`".to_owned()
    } else {
        proxies.join(", ")
    };
    let state = if context.transport_headers {
        "included"
    } else {
        "left out"
    };
    let mut page = Page::default();
    page.text(&fill(
        PAGE,
        &[
            ("title", &prose(&context.title)),
            ("credentials", &credentials),
            ("table", &header_table),
            ("proxy_headers", &proxies),
            ("state", state),
        ],
    )?);
    Ok(page.finish())
}
