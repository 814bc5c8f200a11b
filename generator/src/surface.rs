//! The Rust surface: what the generated client exposes, computed once from the model — per
//! operation its handle, method name, de-duplicated arguments with their Rust types and where
//! each goes, and its return type; per context header the builder method and environment
//! variable. The Rust emitter renders tokens from these values; the Markdown pages and `diff`
//! read the same ones, so the three cannot disagree.

use crate::ir::{Api, Endpoint, ParameterLocation};
use crate::model::{
    display_type, BodyKind, ContextHeader, Evidence, Field, HeaderRole, Model, Operation, TypeRef,
};
use crate::naming;

/// A Rust type as the generated crate writes it, and as reports show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustType {
    /// Rust source, exactly as the generated crate writes it (`Option<&str>`,
    /// `Vec<chrono::DateTime<chrono::Utc>>`, `&(impl serde::Serialize + ?Sized)`).
    pub source: String,
    /// As the reference pages show it: the source, but an untyped body is `&impl Serialize`.
    pub shown: String,
    /// The short form change reports use, without crate paths (`Option<DateTime>`).
    pub short: String,
}

impl RustType {
    fn same(text: impl Into<String>) -> RustType {
        let text = text.into();
        RustType {
            source: text.clone(),
            shown: text.clone(),
            short: text,
        }
    }

    /// The Rust type of a model type (`Vec<Role>`, `rust_decimal::Decimal`).
    pub fn of(ty: &TypeRef) -> RustType {
        let source = source_text(ty);
        let short = match ty {
            TypeRef::Any | TypeRef::Bytes => source.clone(),
            other => display_type(other),
        };
        RustType {
            shown: source.clone(),
            source,
            short,
        }
    }

    /// `Option<inner>`.
    pub fn option(inner: RustType) -> RustType {
        RustType {
            source: format!("Option<{}>", inner.source),
            shown: format!("Option<{}>", inner.shown),
            short: format!("Option<{}>", inner.short),
        }
    }

    /// `&inner`.
    pub fn reference(inner: RustType) -> RustType {
        RustType {
            source: format!("&{}", inner.source),
            shown: format!("&{}", inner.shown),
            short: format!("&{}", inner.short),
        }
    }

    /// `&str`, or `Option<&str>` when the value is optional.
    fn text(required: bool) -> RustType {
        let text = RustType::same("&str");
        if required {
            text
        } else {
            RustType::option(text)
        }
    }

    /// A query parameter of the type the document states (`int`, `boolean`, `number`), text
    /// otherwise.
    fn query(type_name: Option<&str>, required: bool) -> RustType {
        let scalar = match type_name.map(query_scalar) {
            Some(Some(scalar)) => RustType::same(scalar),
            _ => return RustType::text(required),
        };
        if required {
            scalar
        } else {
            RustType::option(scalar)
        }
    }

    /// A body the document gives no shape for: anything serializable.
    fn any_serializable() -> RustType {
        RustType {
            source: "&(impl serde::Serialize + ?Sized)".to_owned(),
            shown: "&impl Serialize".to_owned(),
            short: "any serializable value".to_owned(),
        }
    }
}

/// The runtime's multipart form, taken by value.
pub fn multipart() -> RustType {
    RustType::same("Multipart")
}

/// A model type as Rust source, with the paths the client's types need.
fn source_text(ty: &TypeRef) -> String {
    match ty {
        TypeRef::Any => "serde_json::Value".to_owned(),
        TypeRef::DateTime => "chrono::DateTime<chrono::Utc>".to_owned(),
        TypeRef::Decimal => "rust_decimal::Decimal".to_owned(),
        TypeRef::Bytes => "Bytes".to_owned(),
        TypeRef::Array { item } => format!("Vec<{}>", source_text(item)),
        // Sorted keys: `Debug`, equality in tests and serialization are deterministic.
        TypeRef::Map { value } => {
            format!("std::collections::BTreeMap<String, {}>", source_text(value))
        }
        TypeRef::Page { shape, item } => format!("{}<{}>", shape.type_name(), source_text(item)),
        other => display_type(other),
    }
}

/// What a method argument carries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ArgumentSource {
    /// A `{name}` of the path, by its name in the template.
    PathParam(String),
    /// An endpoint-specific header; `required` means `&str` rather than `Option<&str>`.
    Header {
        /// The header name as documented.
        wire: String,
        /// Whether the header is required.
        required: bool,
    },
    /// A query parameter; `required` means `&str` rather than `Option<&str>`.
    Query {
        /// The parameter name as documented.
        wire: String,
        /// Whether the parameter is required.
        required: bool,
    },
    /// The request body, with its request type when the document shows one.
    Body {
        /// The body's model type, when a sample shows it.
        typed: Option<TypeRef>,
    },
    /// The request body as a `multipart/form-data` form (the runtime's `Multipart`).
    Form,
}

/// An argument of a generated method.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Argument {
    /// Its name: snake_case, unique within the method.
    pub name: String,
    /// Its Rust type.
    pub ty: RustType,
    /// What it carries.
    pub source: ArgumentSource,
}

impl Argument {
    /// The header it sets, if it is an endpoint header.
    pub fn header(&self) -> Option<&str> {
        match &self.source {
            ArgumentSource::Header { wire, .. } => Some(wire),
            _ => None,
        }
    }

    /// The path parameter it fills, if it is one.
    pub fn path_param(&self) -> Option<&str> {
        match &self.source {
            ArgumentSource::PathParam(wire) => Some(wire),
            _ => None,
        }
    }

    /// The query parameter it sets, if it is one.
    pub fn query(&self) -> Option<&str> {
        match &self.source {
            ArgumentSource::Query { wire, .. } => Some(wire),
            _ => None,
        }
    }

    /// `name: Type`, as the reference pages show it.
    pub fn shown(&self) -> String {
        format!("{}: {}", self.name, self.ty.shown)
    }
}

/// The generated method of one operation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Method {
    /// The group module, which is also the `Client` accessor (`roles`).
    pub accessor: String,
    /// The group's handle type (`RolesApi`).
    pub handle: String,
    /// The method name (`list`).
    pub name: String,
    /// The name of the endpoint's `static EndpointSpec` (`LIST`).
    pub spec: String,
    /// The arguments, in order: path parameters, endpoint headers, query parameters, body.
    pub arguments: Vec<Argument>,
    /// What the call resolves to: the success `data` type.
    pub returns: RustType,
}

impl Method {
    /// `roles().list()`: how a caller reaches the method from the client.
    pub fn call_path(&self) -> String {
        format!("{}().{}()", self.accessor, self.name)
    }

    /// The body argument (JSON or a multipart form), if the method takes one.
    pub fn body(&self) -> Option<&Argument> {
        self.arguments
            .iter()
            .find(|a| matches!(a.source, ArgumentSource::Body { .. } | ArgumentSource::Form))
    }
}

/// How a client sets a context header once for every call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContextSetting {
    /// The header.
    pub header: ContextHeader,
    /// The `ClientBuilder` method that sets it (`access_code`).
    pub builder_method: &'static str,
    /// The environment variable the examples read it from (`PORTAL_ACCESS_CODE`); `None` for
    /// `User-Agent`, which the client sets itself.
    pub variable: Option<&'static str>,
    /// A sample value for examples (`your-portal-access-code`, `en-US`).
    pub example: &'static str,
}

impl ContextSetting {
    /// Every context header's setting, in the order examples call the builder methods.
    pub fn all() -> impl Iterator<Item = ContextSetting> {
        [
            ContextHeader::AccessCode,
            ContextHeader::WorkspaceId,
            ContextHeader::Locale,
            ContextHeader::AcceptLanguage,
            ContextHeader::UserAgent,
            ContextHeader::ClientFingerprint,
        ]
        .into_iter()
        .map(ContextSetting::of)
    }

    /// The setting of a context header.
    pub fn of(header: ContextHeader) -> ContextSetting {
        let (builder_method, variable, example) = match header {
            ContextHeader::AccessCode => (
                "access_code",
                Some("PORTAL_ACCESS_CODE"),
                "your-portal-access-code",
            ),
            ContextHeader::WorkspaceId => {
                ("workspace_id", Some("WORKSPACE_ID"), "your-workspace-id")
            }
            ContextHeader::Locale => ("locale", Some("LOCALE"), "en-US"),
            ContextHeader::AcceptLanguage => ("accept_language", Some("ACCEPT_LANGUAGE"), "en-US"),
            ContextHeader::ClientFingerprint => (
                "client_fingerprint",
                Some("CLIENT_HASH"),
                "your-client-fingerprint",
            ),
            ContextHeader::UserAgent => ("user_agent", None, "sdkgen"),
        };
        ContextSetting {
            header,
            builder_method,
            variable,
            example,
        }
    }
}

/// The client's surface: one [`Method`] per operation, in the model's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Surface {
    /// The methods, parallel to [`Model::operations`].
    pub methods: Vec<Method>,
}

impl Surface {
    /// The surface of the client generated for `api` and its model.
    pub fn new(api: &Api, model: &Model) -> Surface {
        let methods = model
            .operations
            .iter()
            .map(|op| Method::of(&api.endpoints[op.endpoint], op))
            .collect();
        Surface { methods }
    }

    /// The method of the operation at `index` in [`Model::operations`].
    pub fn method(&self, index: usize) -> &Method {
        &self.methods[index]
    }
}

/// The Rust type a method returns for an operation's success.
pub fn return_type(op: &Operation) -> RustType {
    match op.success.evidence {
        Evidence::Unknown => RustType::of(&TypeRef::Any),
        Evidence::Verified => {
            let ty = RustType::of(&op.success.data);
            if op.success.nullable && !matches!(op.success.data, TypeRef::Any | TypeRef::Unit) {
                RustType::option(ty)
            } else {
                ty
            }
        }
    }
}

impl Method {
    /// The method of one operation (`endpoint` is the IR endpoint it is for).
    pub fn of(endpoint: &Endpoint, op: &Operation) -> Method {
        Method {
            accessor: op.group_module.clone(),
            handle: naming::handle_name(&op.group_module),
            name: op.name.clone(),
            spec: naming::shouty(&op.name),
            arguments: arguments(endpoint, op),
            returns: return_type(op),
        }
    }
}

/// Is a struct field an `Option` in the generated crate? When some sample lacks it or has it
/// `null` — except a JSON value, which holds `null` itself.
pub fn field_is_option(field: &Field) -> bool {
    (!field.required || field.nullable) && field.ty != TypeRef::Any
}

/// The Rust type of a struct field in the generated crate.
pub fn field_type(field: &Field) -> RustType {
    let ty = RustType::of(&field.ty);
    if field_is_option(field) {
        RustType::option(ty)
    } else {
        ty
    }
}

/// Is a field an argument of its request type's `new` (present and non-null in every
/// sample)? The others get `with_` setters.
pub fn is_constructor_argument(field: &Field) -> bool {
    field.required && !field.nullable
}

/// The arguments of a method, in order: path parameters, endpoint headers, query parameters
/// (the documented table's rows, then names only seen in a query string written in the
/// heading, which are optional), body. Two wire names may give one argument name (`{self}`
/// and `{Self}`): the later one is numbered, by the rules of [`crate::naming`].
fn arguments(endpoint: &Endpoint, op: &Operation) -> Vec<Argument> {
    let mut args: Vec<Argument> = Vec::new();
    let mut push = |wanted: String, ty: RustType, source: ArgumentSource| {
        let name = naming::unique(&wanted, |n| args.iter().any(|a| a.name == n));
        args.push(Argument { name, ty, source });
    };
    for param in endpoint.path.params() {
        push(
            naming::snake_ident(&param.name),
            RustType::text(true),
            ArgumentSource::PathParam(param.name.clone()),
        );
    }
    for header in op.headers.iter().filter(|h| h.role == HeaderRole::Endpoint) {
        push(
            header.param_name.clone(),
            RustType::text(header.required),
            ArgumentSource::Header {
                wire: header.wire_name.clone(),
                required: header.required,
            },
        );
    }
    let mut queries: Vec<(&str, bool, Option<&str>)> = endpoint
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query)
        .map(|p| (p.name.as_str(), p.required, p.type_name.as_deref()))
        .collect();
    for example in &endpoint.path.query {
        if !queries.iter().any(|(name, ..)| *name == example.name) {
            queries.push((example.name.as_str(), false, None));
        }
    }
    // The page number and size are the call's `.page(n)` and `.page_size(n)`.
    let paging = op
        .paging
        .as_ref()
        .filter(|p| p.location == crate::model::PageLocation::Query);
    queries
        .retain(|(name, ..)| paging.is_none_or(|p| *name != p.page_param && *name != p.size_param));
    for (wire, required, type_name) in queries {
        push(
            naming::snake_ident(wire),
            RustType::query(type_name, required),
            ArgumentSource::Query {
                wire: wire.to_owned(),
                required,
            },
        );
    }
    if let Some(request) = op
        .request
        .as_ref()
        .filter(|r| r.kind == BodyKind::Multipart)
    {
        debug_assert_eq!(request.ty, TypeRef::Any);
        push("form".to_owned(), multipart(), ArgumentSource::Form);
    } else if let Some(request) = &op.request {
        let typed = (request.evidence == Evidence::Verified && request.ty != TypeRef::Any)
            .then(|| request.ty.clone());
        let ty = match &typed {
            Some(ty) => RustType::reference(RustType::of(ty)),
            None => RustType::any_serializable(),
        };
        push("body".to_owned(), ty, ArgumentSource::Body { typed });
    }
    args
}

/// The Rust scalar of a query parameter's stated type (`int` → `i64`, `boolean` → `bool`,
/// `float` → `f64`); `None` for text and for types it does not know.
pub fn query_scalar(type_name: &str) -> Option<&'static str> {
    let word = type_name
        .trim()
        .trim_matches('`')
        .split([' ', '(', '<', '['])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    match word.as_str() {
        "int" | "integer" | "int32" | "int64" | "long" | "i32" | "i64" | "uint" | "u32" | "u64" => {
            Some("i64")
        }
        "bool" | "boolean" => Some("bool"),
        "number" | "float" | "double" | "decimal" | "numeric" => Some("f64"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_in_each_form() {
        let ty = RustType::option(RustType::of(&TypeRef::array(TypeRef::DateTime)));
        assert_eq!(ty.source, "Option<Vec<chrono::DateTime<chrono::Utc>>>");
        assert_eq!(ty.shown, ty.source);
        assert_eq!(ty.short, "Option<Vec<DateTime>>");
        let any = RustType::any_serializable();
        assert_eq!(any.shown, "&impl Serialize");
        assert!(syn::parse_str::<syn::Type>(&any.source).is_ok());
        assert_eq!(RustType::of(&TypeRef::Any).short, "serde_json::Value");
    }

    #[test]
    fn arguments_are_unique_and_in_order() {
        let parsed = crate::parse_str(
            "a.txt",
            "API\nThings\nPOST /things/{self}/{Self}?page=1\nRequired Headers:\n| Header | Value |\n|---|---|\n| X-Trace-Id | abc |\nRequest Body:\n{\"name\": \"x\"}\nSuccess Response: (HTTP 200)\n{\"success\": true, \"data\": null}\n",
        )
        .unwrap();
        let model = crate::infer::infer(&parsed).model;
        let surface = Surface::new(&parsed.api, &model);
        let method = surface.method(0);
        let names: Vec<&str> = method.arguments.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["self_", "self_2", "trace_id", "page", "body"]);
        let types: Vec<&str> = method
            .arguments
            .iter()
            .map(|a| a.ty.source.as_str())
            .collect();
        assert_eq!(types[..4], ["&str", "&str", "&str", "Option<&str>"]);
        assert!(types[4].starts_with('&'), "{types:?}");
        assert_eq!(method.call_path(), format!("things().{}()", method.name));
        assert_eq!(method.handle, "ThingsApi");
    }
}
