//! The typed model `infer` adds to the IR: named types, one operation per endpoint with its
//! request, success and error types, and the open error-code set. All three emitters read it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::ir::{Api, Json, Response, Span};

/// The inferred model of an API.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Model {
    /// Named types, sorted by name (names are unique).
    pub types: Vec<TypeDef>,
    /// One operation per endpoint, in the same order as [`crate::ir::Api::endpoints`].
    pub operations: Vec<Operation>,
    /// Every error code the document shows, with where it occurs.
    pub error_codes: BTreeMap<String, ErrorCodeInfo>,
    /// Whether the API wraps bodies in the `{version, timestamp, success, code, message, data}`
    /// envelope (true when any sample does).
    pub enveloped: bool,
    /// Whether every dictionary item the samples show has a `description` (so the shared
    /// dictionary item type can require it).
    pub dictionary_description_required: bool,
}

impl Model {
    /// The named types request bodies use, directly or through fields (they get
    /// constructors in Rust and are described as request schemas in OpenAPI).
    pub fn request_types(&self) -> std::collections::BTreeSet<String> {
        self.reachable(
            self.operations
                .iter()
                .filter_map(|op| op.request.as_ref().map(|r| &r.ty))
                .collect(),
        )
    }

    /// The named types success answers use, directly or through fields.
    pub fn response_types(&self) -> std::collections::BTreeSet<String> {
        self.reachable(self.operations.iter().map(|op| &op.success.data).collect())
    }

    /// The named types `roots` use, directly or through fields.
    fn reachable<'a>(&'a self, mut stack: Vec<&'a TypeRef>) -> std::collections::BTreeSet<String> {
        let mut names = std::collections::BTreeSet::new();
        while let Some(ty) = stack.pop() {
            match ty {
                TypeRef::Named { name } if names.insert(name.clone()) => {
                    if let Some(TypeDef {
                        kind: TypeKind::Struct { fields, .. },
                        ..
                    }) = self.type_named(name)
                    {
                        stack.extend(fields.iter().map(|f| &f.ty));
                    }
                }
                TypeRef::Array { item } | TypeRef::Page { item, .. } => stack.push(item),
                TypeRef::Map { value } => stack.push(value),
                _ => {}
            }
        }
        names
    }

    /// Every documented response of the API with its outcome, in document order.
    pub fn responses<'a>(
        &'a self,
        api: &'a Api,
    ) -> impl Iterator<Item = (&'a Response, &'a ResponseOutcome)> + 'a {
        self.operations.iter().flat_map(move |op| {
            api.endpoints[op.endpoint]
                .responses
                .iter()
                .zip(&op.responses)
        })
    }

    /// Whether some endpoint answers with raw bytes or takes a multipart form: the client then
    /// needs the runtime's `Bytes` and `Multipart`.
    pub fn has_raw_bodies(&self) -> bool {
        self.operations.iter().any(|op| {
            op.success.data == TypeRef::Bytes
                || op
                    .request
                    .as_ref()
                    .is_some_and(|r| r.kind == BodyKind::Multipart)
        })
    }

    /// A sample of `ty` with its secrets replaced by `"<redacted>"`. Where the model knows the
    /// field, the model decides: a field is a secret by its name, by the shape of its samples
    /// or by `secret = true` in `sdkgen.toml`, and `secret = false` shows it. Where it does
    /// not (open values, maps, fields the samples of the type never showed), the rules of
    /// [`crate::secret_names`] decide, at any depth.
    pub fn redact_secrets(&self, ty: &TypeRef, json: &Json) -> Json {
        use crate::ir::JsonValue;
        let by_rules = || crate::secret_names::redacted(json);
        let value = match (ty, &json.value) {
            (TypeRef::Named { name }, JsonValue::Object(members)) => {
                let Some(TypeDef {
                    kind: TypeKind::Struct { fields, .. },
                    ..
                }) = self.type_named(name)
                else {
                    return by_rules();
                };
                let members = members
                    .iter()
                    .map(|member| {
                        let mut member = member.clone();
                        member.value = match fields.iter().find(|f| f.wire_name == member.key) {
                            Some(field)
                                if field.secret && member.value.value != JsonValue::Null =>
                            {
                                Json {
                                    span: member.value.span,
                                    value: JsonValue::String(REDACTED.to_owned()),
                                }
                            }
                            // The model decided this field is no secret (by its name and
                            // samples, or `sdkgen.toml`): its strings stay; what it holds
                            // deeper is decided there.
                            Some(_) if holds_only_scalars(&member.value) => member.value.clone(),
                            Some(field) => self.redact_secrets(&field.ty, &member.value),
                            None => crate::secret_names::redacted(&member.value),
                        };
                        member
                    })
                    .collect();
                JsonValue::Object(members)
            }
            (TypeRef::Array { item }, JsonValue::Array(items)) => {
                JsonValue::Array(items.iter().map(|i| self.redact_secrets(item, i)).collect())
            }
            // The keys of a map are data, never secrets by their name: each value is redacted
            // by the value type.
            (TypeRef::Map { value }, JsonValue::Object(members)) => JsonValue::Object(
                members
                    .iter()
                    .map(|member| {
                        let mut member = member.clone();
                        member.value = self.redact_secrets(value, &member.value);
                        member
                    })
                    .collect(),
            ),
            (TypeRef::Page { item, .. }, JsonValue::Object(members)) => JsonValue::Object(
                members
                    .iter()
                    .map(|member| {
                        let mut member = member.clone();
                        if member.key == "items" {
                            member.value = self
                                .redact_secrets(&TypeRef::array((**item).clone()), &member.value);
                        }
                        member
                    })
                    .collect(),
            ),
            // Enum values are the document's own vocabulary, never secrets.
            (TypeRef::Named { .. }, JsonValue::String(_)) => return json.clone(),
            _ => return by_rules(),
        };
        Json {
            span: json.span,
            value,
        }
    }

    /// A response sample of `op` with its secrets redacted: the envelope's `data` (or the
    /// whole body) of a success by its type ([`Model::redact_secrets`]); the rest of the
    /// envelope, and error samples, by the rules of [`crate::secret_names`].
    pub fn redact_response(&self, op: &Operation, outcome: &ResponseOutcome, json: &Json) -> Json {
        if !outcome.success {
            return crate::secret_names::redacted(json);
        }
        if !outcome.enveloped {
            return self.redact_secrets(&op.success.data, json);
        }
        let mut redacted = json.clone();
        if let crate::ir::JsonValue::Object(members) = &mut redacted.value {
            for member in members.iter_mut() {
                member.value = if member.key == "data" {
                    self.redact_secrets(&op.success.data, &member.value)
                } else {
                    crate::secret_names::redacted(&member.value)
                };
            }
        }
        redacted
    }

    /// Whether some field of the model is a secret.
    pub fn has_secrets(&self) -> bool {
        self.types.iter().any(|t| {
            matches!(&t.kind, TypeKind::Struct { fields, .. } if fields.iter().any(|f| f.secret))
        })
    }

    /// The type with this name.
    pub fn type_named(&self, name: &str) -> Option<&TypeDef> {
        self.types
            .binary_search_by(|t| t.name.as_str().cmp(name))
            .ok()
            .map(|i| &self.types[i])
    }
}

/// Whether a sample is a scalar or a list of scalars.
fn holds_only_scalars(json: &Json) -> bool {
    use crate::ir::JsonValue;
    match &json.value {
        JsonValue::Object(_) => false,
        JsonValue::Array(items) => items
            .iter()
            .all(|i| !matches!(i.value, JsonValue::Object(_) | JsonValue::Array(_))),
        _ => true,
    }
}

/// What examples show instead of a secret field's sample.
pub const REDACTED: &str = crate::secret_names::REDACTED;

/// A type expression.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeRef {
    /// Any JSON value: the document gives no evidence of the shape.
    Any,
    /// No content (HTTP 204, or `data` that is always `null` by design).
    Unit,
    /// `true` / `false`.
    Bool,
    /// A whole number (i64).
    Integer,
    /// A whole number that some sample puts above `i64::MAX`, none below zero (u64).
    Unsigned,
    /// A binary floating-point number (f64).
    Float,
    /// An exact decimal (money-like fields).
    Decimal,
    /// A string.
    String,
    /// An RFC 3339 date-time (nanoseconds kept).
    DateTime,
    /// Raw bytes: a binary response body (`response = "binary"` in `sdkgen.toml`).
    Bytes,
    /// A list.
    Array {
        /// The element type.
        item: Box<TypeRef>,
    },
    /// A JSON object keyed by data (city names, mount paths, ids, dates) rather than by
    /// field names: every value has one type (see `crate::infer::maps`).
    Map {
        /// The type of every value.
        value: Box<TypeRef>,
    },
    /// A type defined in [`Model::types`].
    Named {
        /// Its name.
        name: String,
    },
    /// A page of items: one of the generic page shapes, over an item type.
    Page {
        /// Which page shape.
        shape: PageShape,
        /// The item type.
        item: Box<TypeRef>,
    },
    /// A `{code, value, label, description}` dictionary item whose `code` is the named open enum.
    Dictionary {
        /// The name of the open enum of known codes.
        code: String,
    },
}

impl TypeRef {
    /// A reference to a named type.
    pub fn named(name: impl Into<String>) -> TypeRef {
        TypeRef::Named { name: name.into() }
    }

    /// A list of `item`.
    pub fn array(item: TypeRef) -> TypeRef {
        TypeRef::Array {
            item: Box::new(item),
        }
    }

    /// A map from string keys to `value`.
    pub fn map(value: TypeRef) -> TypeRef {
        TypeRef::Map {
            value: Box::new(value),
        }
    }

    /// A scalar type in words, as the pages and change reports describe it (`date-time`,
    /// `integer (u64)`); `None` for lists, named types, pages and dictionary items.
    pub fn scalar_words(&self) -> Option<&'static str> {
        Some(match self {
            TypeRef::Any => "any JSON value",
            TypeRef::Unit => "no content",
            TypeRef::Bool => "boolean",
            TypeRef::Integer => "integer",
            TypeRef::Unsigned => "integer (u64)",
            TypeRef::Float => "number",
            TypeRef::Decimal => "decimal",
            TypeRef::String => "string",
            TypeRef::DateTime => "date-time",
            TypeRef::Bytes => "bytes",
            TypeRef::Array { .. }
            | TypeRef::Map { .. }
            | TypeRef::Named { .. }
            | TypeRef::Page { .. }
            | TypeRef::Dictionary { .. } => return None,
        })
    }

    /// Does this type (or an element of it) carry no evidence?
    pub fn is_unknown(&self) -> bool {
        match self {
            TypeRef::Any => true,
            TypeRef::Array { item } | TypeRef::Page { item, .. } => item.is_unknown(),
            TypeRef::Map { value } => value.is_unknown(),
            _ => false,
        }
    }
}

/// The generic page shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageShape {
    /// `{items, pagination: {totalPages, totalRecords, currentPage, pageSize, hasNext, empty, paginated}}`
    Paginated,
    /// `{items, total, page, size}`
    Offset,
}

impl PageShape {
    /// The generic type's name.
    pub fn type_name(self) -> &'static str {
        match self {
            PageShape::Paginated => "Page",
            PageShape::Offset => "OffsetPage",
        }
    }
}

/// A named type.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TypeDef {
    /// The Rust (and OpenAPI schema) name, PascalCase, unique.
    pub name: String,
    /// What it is.
    pub kind: TypeKind,
    /// Where it is used, as `METHOD /path` routes (sorted).
    pub used_by: Vec<String>,
    /// The first sample it was inferred from.
    pub span: Span,
}

/// The kinds of named type.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TypeKind {
    /// A JSON object with known fields.
    Struct {
        /// The fields, in the order the samples list them.
        fields: Vec<Field>,
        /// A dictionary item this struct extends (its `code`, `value`, `label` fields), as the
        /// constants endpoints do.
        extends_dictionary: bool,
    },
    /// An open set of string values: the known ones, plus any other string.
    OpenEnum {
        /// The known values, sorted.
        values: Vec<EnumValue>,
    },
}

/// A field of a struct.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    /// The name on the wire, exactly as written.
    pub wire_name: String,
    /// The Rust field name (snake_case, keyword-safe).
    pub rust_name: String,
    /// The field's type.
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// May not be left out: present in every sample of the type, and no rule of
    /// [`OptionalBy`] made it optional.
    pub required: bool,
    /// May be `null`: seen as `null` in some sample, or optional by [`OptionalBy::NameRule`].
    pub nullable: bool,
    /// Why a field every sample had is optional anyway (`None`: the samples decide).
    pub optional_by: Option<OptionalBy>,
    /// A sample value (placeholders such as `{token}` included, see `redacted`).
    pub example: Option<crate::json::Json>,
    /// The example is a sanitised placeholder (`{token}`, `pac_xxx`, `...`), not a real value.
    pub redacted: bool,
    /// How the type was decided when the samples did not show it (`None` when they did).
    pub guess: Option<String>,
    /// A secret: redacted in `Debug` and in examples. Set from the wire name
    /// (`crate::secret_names`), then from `secret` in `sdkgen.toml`.
    pub secret: bool,
}

/// The rules that make a field optional although every sample had it (see
/// `crate::infer::optional_fields`, and the README's decoding policy).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OptionalBy {
    /// A response field whose name says it is often empty (`description`, `remark`,
    /// `deletedAt`, ...): it may be absent or `null`.
    NameRule,
    /// A response field whose every sample value is `""`: it may be absent or `null`.
    EmptyInSamples,
    /// A field of a partial update's request body (a PATCH, or an operation named `update_…`,
    /// `edit_…`, ...) that does not identify the target: it may be left out.
    PartialUpdate,
}

impl OptionalBy {
    /// Why the field is optional, as a sentence for the pages and the crate's docs.
    pub fn reason(self) -> &'static str {
        match self {
            OptionalBy::NameRule => {
                "Every sample has it, but fields named like this are often empty: it may be absent or `null`."
            }
            OptionalBy::EmptyInSamples => {
                "Every sample has it as `\"\"`: it may be absent or `null`."
            }
            OptionalBy::PartialUpdate => {
                "Part of a partial update: left out of the request unless set."
            }
        }
    }
}

/// A known value of an open enum.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EnumValue {
    /// The value on the wire.
    pub wire: String,
    /// The Rust variant name.
    pub rust_name: String,
    /// The label the document gives it, if any.
    pub label: Option<String>,
    /// The description the document gives it, if any.
    pub description: Option<String>,
}

/// How sure the model is of a type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Evidence {
    /// Inferred from a real sample.
    Verified,
    /// No sample shows it: the type is an open JSON value.
    Unknown,
}

/// What `infer` knows about one endpoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    /// Index into [`crate::ir::Api::endpoints`].
    pub endpoint: usize,
    /// The method name within its group (`list`, `get`, `create`, `cancel`, ...), snake_case.
    pub name: String,
    /// The group's module name (snake_case of the group name).
    pub group_module: String,
    /// A unique, URL-safe operation id: `{group_module}_{name}` in camelCase.
    pub operation_id: String,
    /// The request body, if the endpoint takes one.
    pub request: Option<RequestBody>,
    /// The success response.
    pub success: Success,
    /// Every documented error: status and code.
    pub errors: Vec<DocumentedError>,
    /// The outcome of each documented response, in the order of the endpoint's `responses`.
    pub responses: Vec<ResponseOutcome>,
    /// The index (in `responses`) of the sample the success type comes from: the first one
    /// labelled a success whose outcome is one.
    pub success_response: Option<usize>,
    /// The documented headers, in document order, with their roles.
    pub headers: Vec<HeaderUse>,
    /// Whether the bearer token is needed.
    pub auth: AuthUse,
    /// How to ask for one page, when the success answer is a page (`None` otherwise).
    pub paging: Option<Paging>,
}

/// How an operation whose answer is a page is asked for one page: the names of its page
/// number and page size parameters, where they are sent, and why those names (see
/// `crate::infer::paging` for the rules).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Paging {
    /// The page object the operation answers with.
    pub shape: PageShape,
    /// The page number parameter's wire name.
    pub page_param: String,
    /// The page size parameter's wire name.
    pub size_param: String,
    /// Where both are sent.
    pub location: PageLocation,
    /// Why these names.
    pub source: PagingSource,
}

/// Where an operation reads its page number and size.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PageLocation {
    /// Query parameters.
    Query,
    /// Top-level fields of the JSON request body.
    Body,
}

/// Why a page parameter has its name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PagingSource {
    /// The endpoint documents a query parameter (in a table or the heading's query string)
    /// with a page number or page size name.
    QueryParameters,
    /// The endpoint's request sample has a page number or page size field.
    RequestSample,
    /// Nothing shows the request's names, so they are the page object's own counters
    /// (`currentPage`/`pageSize`, `page`/`size`): an API that says which page it answered
    /// usually takes the same names to be asked for one.
    PageFields,
    /// `page_param`/`size_param` in `sdkgen.toml`.
    Override,
}

impl PagingSource {
    /// Why the names were chosen, as a sentence for the crate's docs and the pages.
    pub fn reason(self) -> &'static str {
        match self {
            PagingSource::QueryParameters => "The document lists them as query parameters.",
            PagingSource::RequestSample => "The request sample has these fields.",
            PagingSource::PageFields => {
                "The document shows no request parameters for paging, so the names are the page object's own counters (an API that says which page it answered usually takes the same names); `page_param` and `size_param` in `sdkgen.toml` set others."
            }
            PagingSource::Override => "Set by `page_param`/`size_param` in `sdkgen.toml`.",
        }
    }
}

impl Operation {
    /// The payload of the success sample of `endpoint` (the IR endpoint this operation is for):
    /// `None` when there is no success sample or its envelope has no `data`.
    pub fn success_payload<'a>(&self, endpoint: &'a crate::ir::Endpoint) -> Option<&'a Json> {
        let index = self.success_response?;
        self.responses[index].payload(&endpoint.responses[index])
    }

    /// The role of a header this operation documents, by name (case-insensitive).
    pub fn header_role(&self, name: &str) -> Option<HeaderRole> {
        self.headers
            .iter()
            .find(|h| h.wire_name.eq_ignore_ascii_case(name))
            .map(|h| h.role)
    }
}

/// A request body.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RequestBody {
    /// Its type (`Any` when the sample is `{}`: the schema is unknown, not empty).
    #[serde(rename = "type")]
    pub ty: TypeRef,
    /// Verified from a non-empty sample, or unknown.
    pub evidence: Evidence,
    /// How the body is sent.
    pub kind: BodyKind,
}

/// How a request body is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BodyKind {
    /// As JSON (`application/json`).
    #[default]
    Json,
    /// As a `multipart/form-data` form (an upload; `request = "multipart"` in `sdkgen.toml`).
    Multipart,
}

/// The success response of an operation.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Success {
    /// The HTTP status of the success sample (`None` when there is no success evidence).
    pub status: Option<u16>,
    /// The type of `data` (`Unit` for HTTP 204, `Any` when unknown).
    pub data: TypeRef,
    /// Whether a real success sample backs the type.
    pub evidence: Evidence,
    /// Whether `data` may be `null` in a success.
    pub nullable: bool,
    /// Whether the success answer comes in the envelope (`data` is then its payload). An
    /// endpoint without a success sample is assumed to follow the API's envelope.
    pub enveloped: bool,
}

/// What one documented response is, decided once when the model is built.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ResponseOutcome {
    /// HTTP status.
    pub status: u16,
    /// A success or an error: the envelope's `success` flag decides, else a 2xx status (a body
    /// that is not an envelope may have a `success` field of its own: that is data).
    pub success: bool,
    /// The body is the `{version, timestamp, success, code, message, data}` envelope.
    pub enveloped: bool,
    /// The envelope's `code`, when it is a string.
    pub code: Option<String>,
    /// The envelope's `message`, when it is a string.
    pub message: Option<String>,
}

impl ResponseOutcome {
    /// The payload of `response` (the IR response this outcome is for): the envelope's `data`
    /// (`None` when the envelope has none), or the whole body.
    pub fn payload<'a>(&self, response: &'a Response) -> Option<&'a Json> {
        let body = &response.body.as_ref()?.json;
        if self.enveloped {
            body.get("data")
        } else {
            Some(body)
        }
    }
}

/// An error response the document shows for an operation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentedError {
    /// HTTP status.
    pub status: u16,
    /// The envelope `code` (empty when the body has none).
    pub code: String,
    /// The envelope `message`.
    pub message: String,
    /// The sample was labelled `Success Response` but its envelope says `success: false`.
    pub labelled_success: bool,
}

/// Where an error code occurs.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct ErrorCodeInfo {
    /// The Rust variant name of the code in the open `ErrorCode` enum.
    pub rust_name: String,
    /// HTTP statuses it comes with.
    pub statuses: Vec<u16>,
    /// Messages seen with it.
    pub messages: Vec<String>,
    /// Operation ids that document it.
    pub operations: Vec<String>,
}

/// A short Rust-like rendering of a type, for summaries and diagnostics
/// (`Vec<Role>`, `Page<ApiKey>`, `DictionaryItem<RoleTypeCode>`, `Value`).
pub fn display_type(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Any => "Value".to_owned(),
        TypeRef::Unit => "()".to_owned(),
        TypeRef::Bool => "bool".to_owned(),
        TypeRef::Integer => "i64".to_owned(),
        TypeRef::Unsigned => "u64".to_owned(),
        TypeRef::Float => "f64".to_owned(),
        TypeRef::Decimal => "Decimal".to_owned(),
        TypeRef::String => "String".to_owned(),
        TypeRef::DateTime => "DateTime".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::Array { item } => format!("Vec<{}>", display_type(item)),
        TypeRef::Map { value } => format!("BTreeMap<String, {}>", display_type(value)),
        TypeRef::Named { name } => name.clone(),
        TypeRef::Page { shape, item } => format!("{}<{}>", shape.type_name(), display_type(item)),
        TypeRef::Dictionary { code } => format!("DictionaryItem<{code}>"),
    }
}

/// What a documented header is for: the rule that decides who supplies it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HeaderRole {
    /// Client-level context, configured once on the client.
    Context(ContextHeader),
    /// `X-Request-Id`: generated fresh for every call (overridable per call).
    RequestId,
    /// `Authorization`: the bearer token.
    Authorization,
    /// `Content-Type`, `Accept`: set by the transport.
    Transport,
    /// Injected by a proxy or CDN in front of the API (`CF-Connecting-IP`, `X-Forwarded-Proto`,
    /// ...): never demanded of the caller; can be set as a default header.
    Proxy,
    /// Specific to the endpoint: a method parameter.
    Endpoint,
}

/// Client-level context headers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContextHeader {
    /// `X-PORTAL-ACCESS-CODE`
    AccessCode,
    /// `X-Workspace-Id`
    WorkspaceId,
    /// `X-LOCALE`
    Locale,
    /// `Accept-Language`
    AcceptLanguage,
    /// `User-Agent`
    UserAgent,
    /// `X-Client-Hash`
    ClientFingerprint,
}

/// A header an operation documents, with its role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderUse {
    /// The header name as written.
    pub wire_name: String,
    /// Who supplies it.
    pub role: HeaderRole,
    /// From the `Required Headers` table.
    pub required: bool,
    /// The parameter name for [`HeaderRole::Endpoint`] headers (`X-SC-Session-Id` →
    /// `sc_session_id`).
    pub param_name: String,
    /// The document's value cell (a sample or a description of the value).
    pub value: Option<String>,
    /// The document's description cell.
    pub description: Option<String>,
}

/// Whether an operation needs the bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AuthUse {
    /// No `Authorization` row.
    None,
    /// In the optional headers: sent when set.
    Optional,
    /// In the required headers: calling without a token fails before sending.
    Required,
}

/// The name of the bearer-token security scheme of the published contract.
pub const BEARER_SCHEME: &str = "bearerAuth";

/// Where a documented header goes in the published contract: the OpenAPI document and the
/// Markdown pages both read this one decision ([`HeaderUse::publication`]), so they say the
/// same about every header.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Publication {
    /// A header parameter (shared ones defined once under `components/parameters`).
    Parameter,
    /// A credential the caller holds: an `apiKey` security scheme in the header.
    ApiKey,
    /// `Authorization`: the `bearerAuth` security scheme.
    Bearer,
    /// `Content-Type`, `Accept`, `Content-Length`: the HTTP stack sets them and the media
    /// types say them; never a header parameter (OpenAPI ignores parameters so named).
    MediaType,
    /// Not in the contract: a proxy or CDN in front of the API sets it, or the HTTP stack
    /// (`User-Agent`, which a browser cannot set); included, as a parameter, only on request
    /// (`[openapi] transport_headers = true`, `--transport-headers`). Also an `Authorization`
    /// row of an operation `sdkgen.toml` says takes no token (`auth = "none"`).
    LeftOut,
}

impl Publication {
    /// Is the header in the published contract (a parameter or a security scheme)?
    pub fn is_published(self) -> bool {
        matches!(
            self,
            Publication::Parameter | Publication::ApiKey | Publication::Bearer
        )
    }
}

impl HeaderUse {
    /// Is it a credential the caller holds, sent as an `apiKey` security scheme: the portal
    /// access code, or any header but `Authorization` whose name says it is a secret
    /// ([`crate::secret_names::is_secret_name`]: `X-API-Key`, `X-Access-Token`)?
    pub fn is_credential(&self) -> bool {
        match self.role {
            HeaderRole::Context(ContextHeader::AccessCode) => true,
            HeaderRole::Authorization | HeaderRole::Transport | HeaderRole::Proxy => false,
            _ => crate::secret_names::is_secret_name(&self.wire_name),
        }
    }

    /// Does the HTTP stack or a proxy set it rather than the caller (proxy and CDN headers,
    /// `User-Agent`, `Content-Type`, `Accept`)?
    pub fn is_transport(&self) -> bool {
        matches!(
            self.role,
            HeaderRole::Proxy
                | HeaderRole::Transport
                | HeaderRole::Context(ContextHeader::UserAgent)
        )
    }

    /// Where the header goes in the published contract; `include_transport` puts the proxy
    /// headers and `User-Agent` in it as parameters. `Authorization` is the bearer scheme
    /// here; [`Operation::contract_headers`] also weighs the operation's [`AuthUse`].
    pub fn publication(&self, include_transport: bool) -> Publication {
        match self.role {
            _ if self.is_credential() => Publication::ApiKey,
            HeaderRole::Authorization => Publication::Bearer,
            HeaderRole::Transport => Publication::MediaType,
            _ if self.is_transport() && !include_transport => Publication::LeftOut,
            _ => Publication::Parameter,
        }
    }

    /// Is the header in the published contract (see [`HeaderUse::publication`])?
    pub fn published(&self, include_transport: bool) -> bool {
        self.publication(include_transport).is_published()
    }

    /// Does the contract require it: as the document says, except proxy headers, which a
    /// proxy adds and callers never have to send.
    pub fn contract_required(&self) -> bool {
        self.required && self.role != HeaderRole::Proxy
    }
}

/// A header of an operation's published contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContractHeader<'a> {
    /// The header name as written (`Authorization` when only the error samples or
    /// `sdkgen.toml` say the operation takes a token).
    pub wire_name: &'a str,
    /// Whether the contract requires it (for a security scheme: whether every alternative of
    /// the operation's `security` has it).
    pub required: bool,
    /// A parameter or a security scheme.
    pub publication: Publication,
    /// The documented header (`None` for an `Authorization` the header table leaves out).
    pub header: Option<&'a HeaderUse>,
}

impl Operation {
    /// The headers of the operation's published contract, in document order: its parameters
    /// and security schemes; `Authorization` when it takes a bearer token ([`AuthUse`], which
    /// the error samples and `sdkgen.toml` decide too: required only when the token is),
    /// first when its table leaves it out.
    pub fn contract_headers(&self, include_transport: bool) -> Vec<ContractHeader<'_>> {
        let mut out = Vec::new();
        let documented = self
            .headers
            .iter()
            .any(|h| h.role == HeaderRole::Authorization);
        if self.auth != AuthUse::None && !documented {
            out.push(ContractHeader {
                wire_name: "Authorization",
                required: self.auth == AuthUse::Required,
                publication: Publication::Bearer,
                header: None,
            });
        }
        for header in &self.headers {
            let publication = self.publication_of(header, include_transport);
            if !publication.is_published() {
                continue;
            }
            let required = match publication {
                Publication::Bearer => self.auth == AuthUse::Required,
                _ => header.contract_required(),
            };
            out.push(ContractHeader {
                wire_name: &header.wire_name,
                required,
                publication,
                header: Some(header),
            });
        }
        out
    }

    /// The documented headers the published contract leaves out, in document order, with
    /// why ([`Publication::MediaType`] or [`Publication::LeftOut`]).
    pub fn left_out_headers(&self, include_transport: bool) -> Vec<(&HeaderUse, Publication)> {
        self.headers
            .iter()
            .map(|h| (h, self.publication_of(h, include_transport)))
            .filter(|(_, p)| !p.is_published())
            .collect()
    }

    /// A header's publication in this operation: an `Authorization` row is left out when the
    /// operation takes no token (`auth = "none"` in `sdkgen.toml`).
    fn publication_of(&self, header: &HeaderUse, include_transport: bool) -> Publication {
        match header.publication(include_transport) {
            Publication::Bearer if self.auth == AuthUse::None => Publication::LeftOut,
            publication => publication,
        }
    }

    /// The operation's `security` alternatives (the array ORs them, each ANDs its schemes):
    /// every combination of the bearer scheme and the credential headers, each scheme in all
    /// of them when required, with and without it when optional; `[]` without credentials.
    pub fn security(&self, schemes: &[ApiKeyScheme]) -> Vec<Vec<String>> {
        let mut factors: Vec<(String, bool)> = Vec::new();
        if self.auth != AuthUse::None {
            factors.push((BEARER_SCHEME.to_owned(), self.auth == AuthUse::Required));
        }
        for header in &self.headers {
            if header.publication(false) == Publication::ApiKey {
                if let Some(scheme) = ApiKeyScheme::of(schemes, &header.wire_name) {
                    if !factors.iter().any(|(n, _)| *n == scheme.name) {
                        factors.push((scheme.name.clone(), header.contract_required()));
                    }
                }
            }
        }
        if factors.is_empty() {
            return Vec::new();
        }
        let mut alternatives: Vec<Vec<String>> = vec![Vec::new()];
        for (name, required) in factors {
            alternatives = alternatives
                .into_iter()
                .flat_map(|without| {
                    let mut with = without.clone();
                    with.push(name.clone());
                    if required {
                        vec![with]
                    } else {
                        vec![without, with]
                    }
                })
                .collect();
        }
        alternatives
    }
}

/// An `apiKey` security scheme of the published contract: a credential header
/// ([`HeaderUse::is_credential`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKeyScheme {
    /// The scheme's name: the header's in camelCase without its `X-`
    /// (`X-PORTAL-ACCESS-CODE` → `portalAccessCode`), numbered when taken.
    pub name: String,
    /// The header, as first written.
    pub header: String,
    /// The document's description cell of its first row.
    pub description: Option<String>,
}

impl ApiKeyScheme {
    /// The scheme of a header name (case-insensitive).
    pub fn of<'a>(schemes: &'a [ApiKeyScheme], header: &str) -> Option<&'a ApiKeyScheme> {
        schemes
            .iter()
            .find(|s| s.header.eq_ignore_ascii_case(header))
    }
}

impl Model {
    /// The `apiKey` security schemes, one per credential header name (case-insensitive), in
    /// order of first appearance.
    pub fn api_key_schemes(&self) -> Vec<ApiKeyScheme> {
        let mut schemes: Vec<ApiKeyScheme> = Vec::new();
        for header in self.operations.iter().flat_map(|op| &op.headers) {
            if !header.is_credential() || ApiKeyScheme::of(&schemes, &header.wire_name).is_some() {
                continue;
            }
            let wanted = crate::naming::lower_camel(header.param_name.trim_end_matches('_'));
            let wanted = if wanted.is_empty() {
                "apiKey".to_owned()
            } else {
                wanted
            };
            let name = crate::naming::unique(&wanted, |n| {
                n == BEARER_SCHEME || schemes.iter().any(|s| s.name == n)
            });
            schemes.push(ApiKeyScheme {
                name,
                header: header.wire_name.clone(),
                description: header.description.clone(),
            });
        }
        schemes
    }
}
