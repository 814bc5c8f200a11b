//! The OpenAPI document (3.1.0 by default, 3.0.3 on request), as JSON or YAML, from the same
//! model as the Rust client: schema names are the Rust type names, `operationId`s are the
//! model's operation ids (the Rust method names in camelCase).
//!
//! What goes where:
//! - `info` from the document title and preamble. Contact, license and server are never
//!   invented: they are written when [`OpenApiOptions`] sets them (from `sdkgen.toml` or the
//!   command line) and left out otherwise; [`OpenApiOptions::unset_metadata`] names what a
//!   publisher should still set.
//! - One tag per document group, in document order; summaries from the method names.
//! - Per operation: path parameters, endpoint headers inline, shared headers (context, request
//!   id) by reference to `components/parameters`, `security` combining the `bearerAuth` scheme
//!   ([`crate::model::AuthUse`]) with an `apiKey` scheme per credential header (the portal
//!   access code, `X-API-Key`: no longer parameters), the request body with its sample, the
//!   success response and every documented error with its sample. Proxy headers and
//!   `User-Agent` are left out of the contract unless [`OpenApiOptions::transport_headers`];
//!   `Content-Type` and `Accept` are the media types. The decision is the model's
//!   ([`crate::model::HeaderUse::publication`]), which the Markdown pages read too. Where the document has no success sample (or no 4xx error), a `2XX`
//!   (`4XX`) range response with the envelope, marked `x-sdkgen-evidence: unknown`, stands in:
//!   no status or example is invented. An error several operations give alike is shared under
//!   `components/responses`.
//! - `components/schemas`: the model's types; `Page`, `OffsetPage` and `DictionaryItem` with
//!   one named specialisation per type argument (`Page<ApiKey>` is `ApiKeyPage`), one named
//!   success envelope per distinct `data` (`RoleListResponse`), `ApiError` and the open
//!   `ErrorCode` (known codes in `x-sdkgen-known-values`, never a closed enum). Each is written
//!   out whole: no `allOf` that merges schemas, no boolean `enum`, which generators turn into
//!   duplicate classes. Components nothing refers to are left out.
//!
//! The output is byte-identical across runs: every object keeps a fixed key order
//! ([`node::Map`]).

pub mod node;
mod operation;
pub mod schema;

use std::collections::BTreeSet;

use node::{Map, Node};
use operation::{Context, SharedParameters, SharedResponses, BEARER};
use schema::Schemas;

use crate::infer::Inferred;
use crate::model::{ApiKeyScheme, AuthUse, Model};
use crate::parse::Parsed;

/// `info.version` when none is given.
pub const DEFAULT_API_VERSION: &str = crate::defaults::VERSION;

/// The OpenAPI version to write.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Version {
    /// OpenAPI 3.1.0 (JSON Schema 2020-12: nullability as type arrays).
    #[default]
    V3_1,
    /// OpenAPI 3.0.3 (`nullable: true`, no siblings beside `$ref`).
    V3_0,
}

impl Version {
    /// The `openapi` field's value.
    pub fn as_str(self) -> &'static str {
        match self {
            Version::V3_1 => "3.1.0",
            Version::V3_0 => "3.0.3",
        }
    }

    /// Parses `3.1`, `3.1.0`, `3.0` or `3.0.3`.
    pub fn parse(text: &str) -> Option<Version> {
        match text.trim() {
            "3.1" | "3.1.0" => Some(Version::V3_1),
            "3.0" | "3.0.3" => Some(Version::V3_0),
            _ => None,
        }
    }
}

impl std::str::FromStr for Version {
    type Err = String;

    fn from_str(text: &str) -> Result<Version, String> {
        Version::parse(text)
            .ok_or_else(|| format!("`{text}` is not a supported OpenAPI version (3.1 or 3.0)"))
    }
}

/// The serialization of the document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub enum Format {
    /// Pretty JSON.
    #[default]
    Json,
    /// Block YAML 1.2, equivalent to the JSON.
    Yaml,
}

impl Format {
    /// The file extension (`json`, `yaml`).
    pub fn extension(self) -> &'static str {
        match self {
            Format::Json => "json",
            Format::Yaml => "yaml",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(text: &str) -> Result<Format, String> {
        match text.trim().to_ascii_lowercase().as_str() {
            "json" => Ok(Format::Json),
            "yaml" | "yml" => Ok(Format::Yaml),
            _ => Err(format!("`{text}` is not a supported format (json or yaml)")),
        }
    }
}

/// The `info.contact` object; left out when nothing in it is set.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Contact {
    /// Who to contact.
    pub name: Option<String>,
    /// An email address.
    pub email: Option<String>,
    /// A web page.
    pub url: Option<String>,
}

/// Options of the OpenAPI emitter.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenApiOptions {
    /// The OpenAPI version.
    pub version: Version,
    /// JSON or YAML.
    pub format: Format,
    /// `info.version`: the version of the API description (`0.1.0` when `None`;
    /// [`crate::Config`] passes the generated package's version).
    pub api_version: Option<String>,
    /// `info.description`; the document's preamble when `None`.
    pub description: Option<String>,
    /// `info.contact`; left out when empty.
    pub contact: Contact,
    /// `info.license.name`, an SPDX expression or a name ([`crate::Config`] passes the
    /// generated package's license); `info.license` is left out when `None`.
    pub license_name: Option<String>,
    /// `info.license.url`; for an SPDX expression, its SPDX page when `None`.
    pub license_url: Option<String>,
    /// The server's URL (a trailing `/` is dropped); `servers` is left out when `None`.
    pub server_url: Option<String>,
    /// The server's description.
    pub server_description: Option<String>,
    /// Whether the headers a proxy or the HTTP stack sets (`CF-Connecting-IP`,
    /// `X-Forwarded-Proto`, `User-Agent`) are header parameters; left out by default.
    pub transport_headers: bool,
}

/// Metadata a publisher should set that the options leave unset: what it is, and how to set
/// it (`sdkgen.toml` key and command-line flag).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsetMetadata {
    /// The OpenAPI field (`info.license`, `info.contact`, `servers`).
    pub field: &'static str,
    /// How to set it.
    pub how: &'static str,
}

impl OpenApiOptions {
    /// What the document leaves out because nobody set it, and how to set it: sdkgen does not
    /// invent a license, a contact or a server.
    pub fn unset_metadata(&self) -> Vec<UnsetMetadata> {
        let mut unset = Vec::new();
        if self.license_name.is_none() {
            unset.push(UnsetMetadata {
                field: "info.license",
                how: "`[package] license` in sdkgen.toml, or `--license-name`",
            });
        }
        let contact = &self.contact;
        if contact.name.is_none() && contact.email.is_none() && contact.url.is_none() {
            unset.push(UnsetMetadata {
                field: "info.contact",
                how: "`[openapi] contact_name` / `contact_email` in sdkgen.toml, or `--contact-email`",
            });
        }
        if self.server_url.is_none() {
            unset.push(UnsetMetadata {
                field: "servers",
                how: "`[openapi] server_url` in sdkgen.toml, or `--server-url`",
            });
        }
        unset
    }
}

/// The SPDX page of a license: the license's own page for one identifier, the license list
/// for an expression.
fn spdx_url(license: &str) -> String {
    let single = !license.is_empty()
        && license
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+'));
    if single {
        format!("https://spdx.org/licenses/{license}.html")
    } else {
        "https://spdx.org/licenses/".to_owned()
    }
}

fn info(parsed: &Parsed, options: &OpenApiOptions) -> Map {
    let api = &parsed.api;
    let title = api
        .title
        .as_ref()
        .map_or_else(|| "API".to_owned(), |t| t.text.clone());
    let description = match &options.description {
        Some(text) => text.clone(),
        None => {
            let mut parts: Vec<String> = api.preamble.iter().map(|t| t.text.clone()).collect();
            parts.push(format!(
                "Generated by sdkgen from the endpoint document{}: the types come from the \
                 document's samples, and where it shows none the schemas are left open.",
                if api.sources.len() == 1 { "" } else { "s" }
            ));
            parts.join("\n\n")
        }
    };
    let contact = Map::new()
        .with_opt("name", options.contact.name.as_ref())
        .with_opt("email", options.contact.email.as_ref())
        .with_opt("url", options.contact.url.as_ref());
    let license = options.license_name.as_ref().map(|name| {
        let url = options
            .license_url
            .clone()
            .unwrap_or_else(|| spdx_url(name));
        Map::new().with("name", name).with("url", url)
    });
    let mut info = Map::new()
        .with("title", title)
        .with(
            "version",
            options
                .api_version
                .as_deref()
                .unwrap_or(DEFAULT_API_VERSION),
        )
        .with("description", description);
    if !contact.is_empty() {
        info.insert("contact", contact);
    }
    if let Some(license) = license {
        info.insert("license", license);
    }
    info
}

/// The one configured server, if any.
fn servers(options: &OpenApiOptions) -> Option<Node> {
    let url = options.server_url.as_deref()?.trim().trim_end_matches('/');
    let description = options
        .server_description
        .as_deref()
        .unwrap_or("The API server.");
    Some(Node::Array(vec![Node::Object(
        Map::new().with("url", url).with("description", description),
    )]))
}

/// One tag per document group, described by the group's prose, else by its operations'
/// summaries.
fn tags(parsed: &Parsed, inferred: &Inferred) -> Node {
    let api = &parsed.api;
    let tags = api
        .groups
        .iter()
        .enumerate()
        .filter_map(|(index, group)| {
            let summaries: Vec<String> = inferred
                .model
                .operations
                .iter()
                .filter(|op| api.endpoints[op.endpoint].group == index)
                .map(operation::summary)
                .collect();
            (!summaries.is_empty()).then(|| {
                let description = match &group.description {
                    Some(text) => text.text.clone(),
                    None => format!("{}.", summaries.join("; ")),
                };
                Node::Object(
                    Map::new()
                        .with("name", &group.name)
                        .with("description", description),
                )
            })
        })
        .collect();
    Node::Array(tags)
}

/// Every `#/components/{kind}/{name}` reference under `node`.
fn references(node: &Node, out: &mut BTreeSet<String>) {
    node.walk(&mut |n| {
        if let Some(target) = n
            .as_object()
            .and_then(|m| m.get("$ref"))
            .and_then(Node::as_str)
        {
            out.insert(target.to_owned());
        }
    });
}

/// Keeps the components the paths refer to, directly or through other components.
fn prune(paths: &Node, components: &mut Map) {
    let mut reached = BTreeSet::new();
    references(paths, &mut reached);
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue: Vec<String> = reached.iter().cloned().collect();
    while let Some(next) = queue.pop() {
        if !seen.insert(next.clone()) {
            continue;
        }
        let target = next
            .strip_prefix("#/components/")
            .and_then(|rest| rest.split_once('/'))
            .and_then(|(kind, name)| {
                components
                    .get(kind)
                    .and_then(Node::as_object)
                    .and_then(|m| m.get(name))
            });
        if let Some(target) = target {
            let mut found = BTreeSet::new();
            references(target, &mut found);
            queue.extend(found.into_iter().filter(|r| !seen.contains(r)));
        }
    }
    for kind in ["schemas", "parameters"] {
        if let Some(Node::Object(map)) = components.get_mut(kind) {
            map.retain(|name, _| seen.contains(&format!("#/components/{kind}/{name}")));
        }
    }
    components.retain(|_, v| v.as_object().is_none_or(|m| !m.is_empty()));
}

/// The envelope fields every envelope sample of the document has, in envelope order.
fn envelope_required(parsed: &Parsed, model: &Model) -> Vec<String> {
    let envelopes: Vec<&crate::ir::Json> = model
        .responses(&parsed.api)
        .filter(|(_, outcome)| outcome.enveloped)
        .filter_map(|(r, _)| r.body.as_ref().map(|b| &b.json))
        .collect();
    ["version", "timestamp", "success", "code", "message", "data"]
        .into_iter()
        .filter(|key| envelopes.iter().all(|b| b.get(key).is_some()))
        .map(str::to_owned)
        .collect()
}

/// An `apiKey` security scheme: the credential header, described by the document's cell.
fn api_key_scheme(scheme: &ApiKeyScheme) -> Map {
    let mut description: Vec<String> = Vec::new();
    if let Some(text) = scheme.description.as_deref().map(str::trim) {
        if !text.is_empty() {
            let end = if text.ends_with(['.', '!', '?']) {
                ""
            } else {
                "."
            };
            description.push(format!("{text}{end}"));
        }
    }
    description.push(format!("Sent in the `{}` header.", scheme.header));
    Map::new()
        .with("type", "apiKey")
        .with("in", "header")
        .with("name", &scheme.header)
        .with("description", description.join(" "))
}

/// The OpenAPI document as a tree.
pub fn document(
    parsed: &Parsed,
    inferred: &Inferred,
    options: &OpenApiOptions,
) -> Result<Node, String> {
    let model = &inferred.model;
    let mut schemas = Schemas::new(model, options.version);
    schemas.set_envelope_required(envelope_required(parsed, model));
    let mut shared = SharedParameters::default();
    let mut shared_responses = SharedResponses::default();
    let api_keys = model.api_key_schemes();
    let paths = {
        let mut cx = Context {
            parsed,
            model,
            schemas: &mut schemas,
            shared: &mut shared,
            responses: &mut shared_responses,
            api_keys: &api_keys,
            transport_headers: options.transport_headers,
        };
        operation::paths(&mut cx)
    };
    let requests = model.request_types();
    let mut schema_map = Map::new();
    for (name, schema) in schemas.components(&requests) {
        schema_map.insert(name, schema);
    }
    let mut parameter_map = Map::new();
    for (name, definition) in shared.definitions {
        parameter_map.insert(name, definition);
    }
    let mut response_map = Map::new();
    for (name, response) in shared_responses.definitions {
        response_map.insert(name, response);
    }
    let mut components = Map::new()
        .with("schemas", schema_map)
        .with("responses", response_map)
        .with("parameters", parameter_map);
    let mut security_schemes = Map::new();
    if model.operations.iter().any(|op| op.auth != AuthUse::None) {
        security_schemes.insert(
            BEARER,
            Map::new()
                .with("type", "http")
                .with("scheme", "bearer")
                .with("bearerFormat", "JWT")
                .with(
                    "description",
                    "The JWT access token, sent as `Authorization: Bearer <token>`.",
                ),
        );
    }
    for scheme in &api_keys {
        security_schemes.insert(&scheme.name, api_key_scheme(scheme));
    }
    if !security_schemes.is_empty() {
        components.insert("securitySchemes", security_schemes);
    }
    let paths = Node::Object(paths);
    prune(&paths, &mut components);
    let mut document = Map::new()
        .with("openapi", options.version.as_str())
        .with("info", info(parsed, options));
    if let Some(servers) = servers(options) {
        document.insert("servers", servers);
    }
    document.insert("tags", tags(parsed, inferred));
    document.insert("paths", paths);
    if !components.is_empty() {
        document.insert("components", components);
    }
    Ok(Node::Object(document))
}

/// The OpenAPI document as text, in the options' format.
pub fn render(
    parsed: &Parsed,
    inferred: &Inferred,
    options: &OpenApiOptions,
) -> Result<String, String> {
    let document = document(parsed, inferred, options)?;
    match options.format {
        Format::Json => document.to_json(),
        Format::Yaml => document.to_yaml(),
    }
}
