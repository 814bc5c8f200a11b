//! Paths and operations: parameters (path, query, endpoint headers inline; the shared context
//! and request-id headers once under `components/parameters`), security, the request body with
//! its sample, the success response and every documented error with its sample.
//!
//! Which headers are parameters is the model's decision ([`Operation::contract_headers`]),
//! which the pages read too: credentials (the portal access code, `X-API-Key`) are `apiKey`
//! security schemes and `Authorization` the `bearerAuth` scheme, combined in each operation's
//! `security`; `Content-Type` and `Accept` are the media types; proxy headers and `User-Agent`
//! are left out unless [`super::OpenApiOptions::transport_headers`] includes them.

use std::collections::BTreeMap;

use super::node::{Map, Node};
use super::schema::{self, Schemas, EVIDENCE, REDACTED};
use crate::ir::{Endpoint, Json, Origin, ParameterLocation, Response, ResponseLabel};
use crate::model::{
    display_type, ApiKeyScheme, AuthUse, BodyKind, ContextHeader, Evidence, HeaderRole, HeaderUse,
    Model, Operation, Publication, ResponseOutcome, TypeRef,
};
use crate::naming::pascal_ident;
use crate::parse::Parsed;

/// The name of the bearer-token security scheme.
pub const BEARER: &str = crate::model::BEARER_SCHEME;

/// The media type when the document names none.
const JSON: &str = "application/json";

/// The media type of a binary answer (`response = "binary"` in `sdkgen.toml`).
const OCTET_STREAM: &str = "application/octet-stream";

/// The media type of an upload (`request = "multipart"` in `sdkgen.toml`).
const MULTIPART: &str = "multipart/form-data";

/// An example's summary, saying where its sample comes from: `what` is `success sample`,
/// `sample request`, ...; `status` is added as `(HTTP 200)`.
fn sample_summary(origin: Origin, what: &str, status: Option<u16>) -> String {
    let status = status.map_or_else(String::new, |s| format!(" (HTTP {s})"));
    match origin {
        Origin::Config => format!("A {what} from `sdkgen.toml`, not from the document{status}."),
        _ => format!("The document's {what}{status}."),
    }
}

/// Does the operation answer with raw bytes?
fn is_binary(op: &Operation) -> bool {
    op.success.data == TypeRef::Bytes
}

/// Header parameters shared by many operations, defined once under `components/parameters`.
#[derive(Default)]
pub struct SharedParameters {
    /// Definitions by component name.
    pub definitions: BTreeMap<String, Node>,
}

impl SharedParameters {
    /// A reference to the component holding `definition`, added under a name derived from
    /// `base` (numbered when a different definition already took it).
    fn reference(&mut self, base: &str, definition: Node) -> Node {
        let existing = self
            .definitions
            .iter()
            .find(|(_, d)| **d == definition)
            .map(|(n, _)| n.clone());
        let name = match existing {
            Some(name) => name,
            None => {
                let name = std::iter::once(base.to_owned())
                    .chain((2..).map(|i| format!("{base}{i}")))
                    .find(|n| !self.definitions.contains_key(n))
                    .unwrap_or_else(|| base.to_owned());
                self.definitions.insert(name.clone(), definition);
                name
            }
        };
        Node::Object(Map::new().with("$ref", format!("#/components/parameters/{name}")))
    }
}

/// Everything the paths need besides the model.
pub struct Context<'a, 'b> {
    /// The parsed documents.
    pub parsed: &'a Parsed,
    /// The inferred model.
    pub model: &'a Model,
    /// The schema builder.
    pub schemas: &'b mut Schemas<'a>,
    /// Shared header parameters, filled as operations use them.
    pub shared: &'b mut SharedParameters,
    /// Shared error responses, filled as operations use them.
    pub responses: &'b mut SharedResponses,
    /// The credential headers' `apiKey` security schemes.
    pub api_keys: &'a [ApiKeyScheme],
    /// Whether proxy headers and `User-Agent` are parameters.
    pub transport_headers: bool,
}

/// Error responses that several operations give alike, defined once under
/// `components/responses`: one per status, error code and description. 39 operations answer
/// `401 ACCESS.TOKEN_MISSING` with the same message; inlined, each repeated the schema and an
/// example, and generators made a class per copy.
#[derive(Debug, Default)]
pub struct SharedResponses {
    /// The responses, by component name.
    pub definitions: BTreeMap<String, Map>,
    /// The component name of each (status, code, description).
    names: BTreeMap<(u16, String, String), String>,
}

impl SharedResponses {
    /// A reference to the shared response for `key`, defined by `response` when it is new.
    fn share(&mut self, key: (u16, String, String), response: Map) -> Map {
        let name = match self.names.get(&key) {
            Some(name) => name.clone(),
            None => {
                let base = crate::naming::pascal_ident(&key.1);
                let name = [base.clone(), format!("{base}{}", key.0)]
                    .into_iter()
                    .chain((2..).map(|i| format!("{base}{}_{i}", key.0)))
                    .find(|n| !self.definitions.contains_key(n))
                    .unwrap_or(base);
                self.definitions.insert(name.clone(), response);
                self.names.insert(key, name.clone());
                name
            }
        };
        Map::new().with("$ref", format!("#/components/responses/{name}"))
    }
}

/// The `paths` object: one path item per template, in order of first appearance.
pub fn paths(cx: &mut Context<'_, '_>) -> Map {
    let mut paths = Map::new();
    let api = &cx.parsed.api;
    for op in &cx.model.operations {
        let endpoint = &api.endpoints[op.endpoint];
        let operation = operation(cx, endpoint, op);
        let method = endpoint.method.as_str().to_ascii_lowercase();
        let template = endpoint.path.template.clone();
        match paths.get_mut(&template) {
            Some(Node::Object(item)) => item.insert(method, operation),
            _ => paths.insert(template, Map::new().with(method, operation)),
        }
    }
    paths
}

/// The operation's summary, from its name in the client: `initiate_login` is "Initiate
/// login"; a one-word name takes the group's resource (`roles.list` is "List roles",
/// `roles.get` "Get role", `withdrawals.cancel` "Cancel withdrawal"). Unlike the document's
/// first sentence, it is short, unique and says what the call does.
pub(super) fn summary(op: &Operation) -> String {
    let group_words = op.group_module.replace('_', " ");
    let words = match op.name.as_str() {
        "list" => format!("list {group_words}"),
        // Self-contained verbs, as the crate's type names treat them.
        name @ ("login" | "logout" | "register") => name.to_owned(),
        verb if !verb.contains('_') => {
            format!("{verb} {}", crate::naming::singular(&group_words))
        }
        name => name.replace('_', " "),
    };
    let mut chars = words.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn description(endpoint: &Endpoint, op: &Operation) -> String {
    let mut parts: Vec<String> = Vec::new();
    match &endpoint.description {
        Some(text) => parts.push(text.text.clone()),
        None => parts.push(format!("`{}`.", endpoint.route())),
    }
    if op.success.evidence == Evidence::Unknown {
        let said = endpoint
            .missing_success
            .as_ref()
            .map(|t| format!(" (it says: \"{}\")", t.text))
            .unwrap_or_default();
        parts.push(format!(
            "**Unknown response type.** The document captured no successful response for this \
             endpoint{said}, so the success payload is an open schema."
        ));
    }
    if let Some(error) = op.errors.iter().find(|e| e.labelled_success) {
        parts.push(format!(
            "The sample labelled as the success response is an error (HTTP {}, `success: \
             false`); it is listed with the error responses.",
            error.status
        ));
    }
    match op.auth {
        AuthUse::Required => parts.push("Needs a bearer token.".to_owned()),
        AuthUse::Optional => parts
            .push("The bearer token is optional: it is sent when the caller has one.".to_owned()),
        AuthUse::None => {}
    }
    parts.join("\n\n")
}

fn operation(cx: &mut Context<'_, '_>, endpoint: &Endpoint, op: &Operation) -> Map {
    let group = &cx.parsed.api.groups[endpoint.group].name;
    let mut map = Map::new()
        .with("tags", vec![Node::from(group)])
        .with("summary", summary(op))
        .with("description", description(endpoint, op))
        .with("operationId", &op.operation_id);
    let parameters = parameters(cx, endpoint, op);
    if !parameters.is_empty() {
        map.insert("parameters", parameters);
    }
    if let Some(body) = request_body(cx, endpoint, op) {
        map.insert("requestBody", body);
    }
    map.insert("responses", responses(cx, endpoint, op));
    let security: Vec<Node> = op
        .security(cx.api_keys)
        .into_iter()
        .map(|schemes| {
            let mut requirement = Map::new();
            for scheme in schemes {
                requirement.insert(scheme, Node::Array(Vec::new()));
            }
            Node::Object(requirement)
        })
        .collect();
    map.insert("security", security);
    map
}

/// A value cell that describes the value (`Unique request ID`, `Locale`) rather than showing
/// one (`pac_xxx`, `en-US,en;q=0.9`, `https`, `ACTIVE`).
fn describes_value(value: &str) -> bool {
    value.contains(char::is_whitespace)
        || (value.starts_with(|c: char| c.is_uppercase())
            && value.chars().all(char::is_alphabetic)
            && value.chars().skip(1).any(char::is_lowercase))
}

fn sentence(text: &str) -> String {
    let text = text.trim();
    if text.ends_with(['.', '!', '?']) {
        text.to_owned()
    } else {
        format!("{text}.")
    }
}

/// A `header` or `query` parameter from a description cell and a value cell.
fn plain_parameter(
    name: &str,
    location: &str,
    required: bool,
    description: Option<&str>,
    value: Option<&str>,
    note: Option<&str>,
) -> Map {
    let mut text: Vec<String> = Vec::new();
    if let Some(description) = description.filter(|d| !d.trim().is_empty()) {
        text.push(sentence(description));
    }
    let value = value.map(str::trim).filter(|v| !v.is_empty());
    let example = match value {
        Some(v) if describes_value(v) => {
            if !text.iter().any(|t| t.eq_ignore_ascii_case(&sentence(v))) {
                text.push(sentence(v));
            }
            None
        }
        other => other,
    };
    if text.is_empty() {
        text.push(format!("The `{name}` {location} parameter."));
    }
    if let Some(note) = note {
        text.push(note.to_owned());
    }
    let mut map = Map::new()
        .with("name", name)
        .with("in", location)
        .with("description", text.join(" "))
        .with("required", required)
        .with("schema", Map::new().with("type", "string"));
    if let Some(example) = example {
        let hidden = insert_example(&mut map, name, example);
        if !hidden && crate::json::is_placeholder_text(example) {
            map.insert(REDACTED, true);
        }
    }
    map
}

/// Sets a parameter's `example`: the value, or `"<redacted>"` marked `x-sdkgen-redacted` when
/// the secret rules catch it (by the parameter's name or the value's shape). Returns whether
/// it was redacted.
fn insert_example(map: &mut Map, name: &str, example: &str) -> bool {
    let secret = crate::secret_names::is_secret(Some(name), example);
    if secret {
        map.insert("example", crate::secret_names::REDACTED);
        map.insert(REDACTED, true);
    } else {
        map.insert("example", example);
    }
    secret
}

fn role_note(role: HeaderRole) -> Option<&'static str> {
    match role {
        HeaderRole::Context(ContextHeader::WorkspaceId) => {
            Some("Client context: the workspace the call acts in, set on the client or per call.")
        }
        HeaderRole::Context(_) => Some("Client context: set once on the client for every call."),
        HeaderRole::RequestId => {
            Some("A fresh id for every call (the client generates one; a call may set its own).")
        }
        HeaderRole::Proxy => Some(
            "Set by the proxy or CDN in front of the API, not by callers: the document lists it \
             among the required headers because the server receives it on every call.",
        ),
        _ => None,
    }
}

fn header_parameter(cx: &mut Context<'_, '_>, header: &HeaderUse) -> Option<Node> {
    let note = role_note(header.role);
    match header.role {
        // `Authorization` is the security scheme; `Content-Type` and `Accept` are the media
        // types of the body and the responses (OpenAPI ignores header parameters so named).
        // The caller of this function only passes parameters ([`Publication::Parameter`]).
        HeaderRole::Authorization | HeaderRole::Transport => None,
        HeaderRole::Endpoint => Some(Node::Object(plain_parameter(
            &header.wire_name,
            "header",
            header.required,
            header.description.as_deref(),
            header.value.as_deref(),
            note,
        ))),
        HeaderRole::Proxy => {
            let mut definition = plain_parameter(
                &header.wire_name,
                "header",
                false,
                header.description.as_deref(),
                header.value.as_deref(),
                note,
            );
            definition.insert("x-sdkgen-role", "proxy");
            let base = pascal_ident(&header.param_name);
            Some(cx.shared.reference(&base, Node::Object(definition)))
        }
        HeaderRole::Context(_) | HeaderRole::RequestId => {
            let definition = plain_parameter(
                &header.wire_name,
                "header",
                header.required,
                header.description.as_deref(),
                header.value.as_deref(),
                note,
            );
            let mut base = pascal_ident(&header.param_name);
            if !header.required {
                base.push_str("Optional");
            }
            Some(cx.shared.reference(&base, Node::Object(definition)))
        }
    }
}

fn parameters(cx: &mut Context<'_, '_>, endpoint: &Endpoint, op: &Operation) -> Vec<Node> {
    let mut out = Vec::new();
    for param in endpoint.path.params() {
        let row = endpoint
            .parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Path && p.name == param.name);
        let description = row
            .and_then(|r| r.description.clone())
            .unwrap_or_else(|| format!("The `{}` of the resource, in the path.", param.name));
        let mut map = plain_parameter(
            &param.name,
            "path",
            true,
            Some(&description),
            row.and_then(|r| r.value.as_deref()),
            None,
        );
        map.insert("required", true);
        out.push(Node::Object(map));
    }
    for contract in op.contract_headers(cx.transport_headers) {
        if let (Publication::Parameter, Some(header)) = (contract.publication, contract.header) {
            if let Some(parameter) = header_parameter(cx, header) {
                out.push(parameter);
            }
        }
    }
    let mut query_names: Vec<&str> = Vec::new();
    for row in endpoint
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query)
    {
        if query_names.contains(&row.name.as_str()) {
            continue;
        }
        query_names.push(&row.name);
        let mut map = plain_parameter(
            &row.name,
            "query",
            row.required,
            row.description.as_deref(),
            row.value.as_deref(),
            None,
        );
        // The type the document states (`int`, `boolean`), as the client's argument has it.
        let stated = row
            .type_name
            .as_deref()
            .and_then(crate::surface::query_scalar);
        let schema = match stated {
            Some("i64") => Some(Map::new().with("type", "integer").with("format", "int64")),
            Some("bool") => Some(Map::new().with("type", "boolean")),
            Some("f64") => Some(Map::new().with("type", "number")),
            _ => None,
        };
        if let Some(schema) = schema {
            map.insert("schema", schema);
            // A text example no longer fits the schema.
            if let Some(example) = row.value.as_deref() {
                if serde_json::from_str::<serde_json::Value>(example.trim())
                    .map_or(true, |v| v.is_string())
                {
                    map.remove("example");
                }
            }
        }
        out.push(Node::Object(map));
    }
    for example in &endpoint.path.query {
        if query_names.contains(&example.name.as_str()) {
            continue;
        }
        query_names.push(&example.name);
        let mut map = plain_parameter(
            &example.name,
            "query",
            false,
            Some(&format!(
                "The `{}` query parameter (the document's heading shows it with an example).",
                example.name
            )),
            None,
            None,
        );
        // A secret name is redacted even without a value, as a secret-named header is.
        if !example.example.is_empty() || crate::secret_names::is_secret_name(&example.name) {
            insert_example(&mut map, &example.name, &example.example);
        }
        out.push(Node::Object(map));
    }
    out
}

/// The media type a transport header names (`Content-Type` for the body, `Accept` for the
/// responses), or JSON.
fn media_type(op: &Operation, header: &str) -> String {
    op.headers
        .iter()
        .find(|h| h.role == HeaderRole::Transport && h.wire_name.eq_ignore_ascii_case(header))
        .and_then(|h| h.value.as_deref())
        .map(str::trim)
        .filter(|v| v.contains('/') && !v.contains(char::is_whitespace))
        .unwrap_or(JSON)
        .to_owned()
}

fn example(summary: String, json: &Json) -> Node {
    let mut map = Map::new()
        .with("summary", summary)
        .with("value", Node::from(json));
    if json.has_placeholder() {
        map.insert(REDACTED, true);
    }
    Node::Object(map)
}

fn request_body(cx: &mut Context<'_, '_>, endpoint: &Endpoint, op: &Operation) -> Option<Map> {
    let request = op.request.as_ref()?;
    if request.kind == BodyKind::Multipart {
        let schema = Map::new().with("type", "object").with(
            "description",
            "The form's fields and files, as `sdkgen.toml` states (`request = \"multipart\"`).",
        );
        return Some(
            Map::new()
                .with(
                    "description",
                    "A `multipart/form-data` upload: text fields and files.",
                )
                .with("required", true)
                .with(
                    "content",
                    Map::new().with(MULTIPART, Map::new().with("schema", schema)),
                ),
        );
    }
    let (schema, description) = match request.evidence {
        Evidence::Unknown => (
            Node::Object(
                Map::new()
                    .with("type", "object")
                    .with(
                        "description",
                        "The document's sample is `{}`: the fields are unknown.",
                    )
                    .with(EVIDENCE, "unknown"),
            ),
            "The request body. Its fields are unknown: the document's sample is `{}`.".to_owned(),
        ),
        Evidence::Verified => (
            cx.schemas.schema(&request.ty),
            format!("The request body (`{}`).", display_type(&request.ty)),
        ),
    };
    let mut media = Map::new().with("schema", schema);
    if let Some(body) = &endpoint.request {
        let summary = sample_summary(body.origin, "sample request", None);
        let json = cx.model.redact_secrets(&request.ty, &body.json);
        media.insert(
            "examples",
            Map::new().with("sample", example(summary, &json)),
        );
    }
    Some(
        Map::new()
            .with("description", description)
            .with("required", true)
            .with(
                "content",
                Map::new().with(media_type(op, "Content-Type"), media),
            ),
    )
}

/// The schema of a successful answer: the envelope with `data` narrowed, or the data itself
/// when the API has no envelope.
fn success_schema(cx: &mut Context<'_, '_>, op: &Operation) -> Node {
    let data = match (op.success.evidence, &op.success.data) {
        (Evidence::Verified, TypeRef::Bytes) => Node::Object(
            Map::new()
                .with("type", "string")
                .with("format", "binary")
                .with("description", "The file, as raw bytes."),
        ),
        (Evidence::Unknown, _) => schema::unknown(
            "The document captured no successful response for this endpoint: the payload is \
             unknown.",
        ),
        (Evidence::Verified, TypeRef::Unit) => {
            Node::Object(Map::new().with("description", "No data: the samples carry none."))
        }
        (Evidence::Verified, ty) => {
            let schema = cx.schemas.schema(ty);
            if op.success.nullable {
                cx.schemas.nullable(schema)
            } else {
                schema
            }
        }
    };
    if !op.success.enveloped {
        return data;
    }
    let stem = match (op.success.evidence, &op.success.data) {
        (Evidence::Unknown, _) => "Untyped".to_owned(),
        (Evidence::Verified, TypeRef::Any) => "Value".to_owned(),
        (Evidence::Verified, ty) => schema::envelope_stem(ty, op.success.nullable),
    };
    cx.schemas.success_envelope(&stem, data)
}

fn error_schema(cx: &Context<'_, '_>) -> Node {
    if cx.model.enveloped {
        schema::reference("ApiError")
    } else {
        schema::unknown("An error answer; the document shows no error envelope.")
    }
}

/// The responses of one status: their samples become named examples of one response.
struct StatusGroup<'a> {
    status: u16,
    /// Samples whose envelope (or status) says success, with their outcomes.
    successes: Vec<(&'a Response, &'a ResponseOutcome)>,
    /// Samples that are errors, with their outcomes.
    errors: Vec<(&'a Response, &'a ResponseOutcome)>,
}

/// What a hand-written document says of a response beyond its sample: the media type of a
/// body that is not JSON (an image, text) and the response's headers (a `Response Headers`
/// table).
fn documented_extras(op: &Operation, group: &StatusGroup<'_>, built: &mut Map) {
    let shown = group.successes.iter().chain(&group.errors).map(|(r, _)| *r);
    let media = shown.clone().find_map(|r| r.media_type.as_deref());
    if let (Some(media), TypeRef::Bytes) = (media, &op.success.data) {
        let schema = Map::new().with("type", "string").with("format", "binary");
        built.insert(
            "content",
            Map::new().with(media, Map::new().with("schema", schema)),
        );
    }
    let mut headers = Map::new();
    for header in shown.flat_map(|r| &r.headers) {
        let mut map = Map::new().with("schema", Map::new().with("type", "string"));
        if let Some(description) = header.description.as_deref() {
            map.insert("description", description);
        }
        headers.insert(header.name.clone(), map);
    }
    if !headers.is_empty() {
        built.insert("headers", headers);
    }
}

fn responses(cx: &mut Context<'_, '_>, endpoint: &Endpoint, op: &Operation) -> Map {
    let mut groups: Vec<StatusGroup<'_>> = Vec::new();
    for (response, outcome) in endpoint.responses.iter().zip(&op.responses) {
        let index = match groups.iter().position(|g| g.status == response.status) {
            Some(index) => index,
            None => {
                groups.push(StatusGroup {
                    status: response.status,
                    successes: Vec::new(),
                    errors: Vec::new(),
                });
                groups.len() - 1
            }
        };
        if outcome.success {
            groups[index].successes.push((response, outcome));
        } else {
            groups[index].errors.push((response, outcome));
        }
    }
    let accept = media_type(op, "Accept");
    // Each response with its sort key: the status class, then exact statuses before the range.
    let mut entries: Vec<((u16, u16), String, Map)> = Vec::new();
    let status = op.success.status.unwrap_or(200);
    if is_binary(op)
        && !groups
            .iter()
            .any(|g| !g.successes.is_empty() || g.status == status)
    {
        let content = Map::new().with(
            OCTET_STREAM,
            Map::new().with("schema", success_schema(cx, op)),
        );
        let response = Map::new()
            .with(
                "description",
                format!("Success (HTTP {status}): the file, as raw bytes (`response = \"binary\"` in `sdkgen.toml`)."),
            )
            .with("content", content);
        entries.push(((status / 100, status), status.to_string(), response));
    } else if !groups.iter().any(|g| !g.successes.is_empty()) {
        let content = Map::new().with(&accept, Map::new().with("schema", success_schema(cx, op)));
        let response = Map::new()
            .with(
                "description",
                "Success. The document captured no successful response for this endpoint, so \
                 the status and the payload are unknown.",
            )
            .with("content", content)
            .with(EVIDENCE, "unknown");
        entries.push(((2, u16::MAX), "2XX".to_owned(), response));
    }
    for group in &groups {
        let mut built = response(cx, op, group, &accept);
        documented_extras(op, group, &mut built);
        // One error with a code, and nothing else at that status: shared when alike.
        if let ([], [(_, outcome)]) = (group.successes.as_slice(), group.errors.as_slice()) {
            let code = outcome.code.clone().unwrap_or_default();
            let description = built
                .get("description")
                .and_then(Node::as_str)
                .unwrap_or_default()
                .to_owned();
            if !code.is_empty() && !is_binary(op) {
                built = cx.responses.share((group.status, code, description), built);
            }
        }
        entries.push((
            (group.status / 100, group.status),
            group.status.to_string(),
            built,
        ));
    }
    if !groups
        .iter()
        .any(|g| !g.errors.is_empty() && (400..500).contains(&g.status))
    {
        let description = if cx.model.enveloped {
            "A client error. The document shows no 4xx response for this endpoint; errors \
             come in the API's error envelope."
        } else {
            "A client error. The document shows no 4xx response for this endpoint, nor any \
             error envelope."
        };
        let response = Map::new()
            .with("description", description)
            .with(
                "content",
                Map::new().with(&accept, Map::new().with("schema", error_schema(cx))),
            )
            .with(EVIDENCE, "unknown");
        entries.push(((4, u16::MAX), "4XX".to_owned(), response));
    }
    entries.sort_by_key(|(order, _, _)| *order);
    let mut map = Map::new();
    for (_, key, response) in entries {
        map.insert(key, response);
    }
    map
}

/// One status's response: the success, the errors, or (an API that answers errors with the
/// success status) both, as `anyOf` of the two schemas.
fn response(
    cx: &mut Context<'_, '_>,
    op: &Operation,
    group: &StatusGroup<'_>,
    accept: &str,
) -> Map {
    let mut lines: Vec<String> = Vec::new();
    let mut examples = Map::new();
    if !group.successes.is_empty() {
        let data = match op.success.evidence {
            _ if is_binary(op) => "the file, as raw bytes".to_owned(),
            Evidence::Verified if op.success.enveloped => {
                format!("`data` is `{}`", display_type(&op.success.data))
            }
            Evidence::Verified => format!("the body is `{}`", display_type(&op.success.data)),
            Evidence::Unknown => "the payload is unknown".to_owned(),
        };
        lines.push(format!("Success (HTTP {}): {data}", group.status));
        // A file's sample is no example of its bytes: the schema says what it is.
        let bodies = group
            .successes
            .iter()
            .filter(|_| !is_binary(op))
            .filter_map(|(r, outcome)| Some((r.body.as_ref()?, *outcome)));
        for (i, (body, outcome)) in bodies.enumerate() {
            let name = match i {
                0 => "success".to_owned(),
                n => format!("success{}", n + 1),
            };
            let summary = sample_summary(body.origin, "success sample", Some(group.status));
            let json = cx.model.redact_response(op, outcome, &body.json);
            examples.insert(name, example(summary, &json));
        }
    }
    for &(sample, outcome) in &group.errors {
        let code = outcome.code.clone().unwrap_or_default();
        let message = outcome.message.clone().unwrap_or_default();
        let mut line = match (code.is_empty(), message.is_empty()) {
            (true, true) => format!("Error (HTTP {})", group.status),
            (true, false) => format!("Error (HTTP {}): {message}", group.status),
            (false, true) => format!("Error (HTTP {}) `{code}`", group.status),
            (false, false) => format!("Error (HTTP {}) `{code}`: {message}", group.status),
        };
        if sample.label == ResponseLabel::Success {
            line.push_str(" (captured under the `Success Response` label)");
        }
        if let Some(body) = &sample.body {
            let base = if code.is_empty() {
                "error".to_owned()
            } else {
                code
            };
            let name = std::iter::once(base.clone())
                .chain((2..).map(|i| format!("{base}-{i}")))
                .find(|n| !examples.contains_key(n))
                .unwrap_or(base);
            let json = crate::secret_names::redacted(&body.json);
            examples.insert(name, example(format!("{line}."), &json));
        }
        if !lines.contains(&line) {
            lines.push(line);
        }
    }
    let description = format!("{}.", lines.join("; "));
    let no_content = if group.errors.is_empty() {
        group.status == 204
    } else {
        group.successes.is_empty() && examples.is_empty()
    };
    if no_content {
        let description = if group.status == 204 {
            "Success (HTTP 204): no content.".to_owned()
        } else {
            description
        };
        return Map::new().with("description", description);
    }
    if is_binary(op) {
        // The file and the error envelope are different media types of one status.
        let mut content = Map::new();
        if !group.successes.is_empty() {
            content.insert(
                OCTET_STREAM,
                Map::new().with("schema", success_schema(cx, op)),
            );
        }
        if !group.errors.is_empty() {
            let mut media = Map::new().with("schema", error_schema(cx));
            if !examples.is_empty() {
                media.insert("examples", examples);
            }
            content.insert(accept, media);
        }
        return Map::new()
            .with("description", description)
            .with("content", content);
    }
    let schema = match (group.successes.is_empty(), group.errors.is_empty()) {
        (false, true) => success_schema(cx, op),
        (true, false) => error_schema(cx),
        _ => Node::Object(Map::new().with("anyOf", vec![success_schema(cx, op), error_schema(cx)])),
    };
    let mut media = Map::new().with("schema", schema);
    if !examples.is_empty() {
        media.insert("examples", examples);
    }
    Map::new()
        .with("description", description)
        .with("content", Map::new().with(accept, media))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_cells_that_describe_rather_than_show() {
        for (cell, describes) in [
            ("Unique request ID", true),
            ("Locale", true),
            ("Client fingerprint", true),
            ("pac_xxx", false),
            ("en-US,en;q=0.9", false),
            ("https", false),
            ("ACTIVE", false),
            ("application/json", false),
        ] {
            assert_eq!(describes_value(cell), describes, "{cell}");
        }
    }

    #[test]
    fn summaries_come_from_the_operation_names() {
        let parsed = crate::parse_str(
            "t.txt",
            "T\nThings\nGET /things\nList things. Sorted by name.\nSuccess Response: (HTTP 200)\n{\"success\": true, \"data\": []}\nPOST /things/{id}/archive\nExecute things archive.\nSuccess Response: (HTTP 200)\n{\"success\": true, \"data\": null}",
        )
        .expect("parses");
        let model = crate::infer::infer(&parsed).model;
        let summaries: Vec<String> = model.operations.iter().map(summary).collect();
        assert_eq!(summaries, ["List things", "Archive thing"]);
    }
}
