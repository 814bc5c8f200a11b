//! `src/api/`: one module per document group, each with a borrowed `…Api` handle, one method
//! per endpoint, and the endpoint descriptions the runtime reads (`static EndpointSpec`s).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::root::ModuleRoot;
use super::types::{ident, rust_type};
use crate::emit::rustdoc;
use crate::infer::{handle_name, Inferred};
use crate::ir::{Endpoint, Method, ParameterLocation, PathPart};
use crate::model::{AuthUse, ContextHeader, Evidence, HeaderRole, Operation, TypeRef};
use crate::naming::snake_ident;
use crate::parse::Parsed;

fn method_tokens(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(Method::Get),
        Method::Post => quote!(Method::Post),
        Method::Put => quote!(Method::Put),
        Method::Patch => quote!(Method::Patch),
        Method::Delete => quote!(Method::Delete),
        Method::Head => quote!(Method::Head),
        Method::Options => quote!(Method::Options),
    }
}

fn context_tokens(context: ContextHeader) -> TokenStream {
    match context {
        ContextHeader::AccessCode => quote!(ContextHeader::AccessCode),
        ContextHeader::WorkspaceId => quote!(ContextHeader::WorkspaceId),
        ContextHeader::Locale => quote!(ContextHeader::Locale),
        ContextHeader::AcceptLanguage => quote!(ContextHeader::AcceptLanguage),
        ContextHeader::UserAgent => quote!(ContextHeader::UserAgent),
        ContextHeader::ClientFingerprint => quote!(ContextHeader::ClientFingerprint),
    }
}

/// The context headers of an operation, as `(header, need)` source text (a dedupe key too).
fn context_list(op: &Operation) -> Vec<(ContextHeader, bool)> {
    op.headers
        .iter()
        .filter_map(|h| match h.role {
            HeaderRole::Context(c) => Some((c, h.required)),
            _ => None,
        })
        .collect()
}

fn path_segments(endpoint: &Endpoint) -> Vec<TokenStream> {
    endpoint
        .path
        .parts
        .iter()
        .filter_map(|part| match part {
            PathPart::Literal(text) => {
                let text = text.trim_matches('/');
                (!text.is_empty()).then(|| quote!(Segment::Literal(#text)))
            }
            PathPart::Param(param) => {
                let name = &param.name;
                Some(quote!(Segment::Param(#name)))
            }
        })
        .collect()
}

/// The Rust type a method returns for an operation's success.
pub(super) fn data_type(op: &Operation) -> TokenStream {
    match op.success.evidence {
        Evidence::Unknown => quote!(serde_json::Value),
        Evidence::Verified => {
            let ty = rust_type(&op.success.data);
            if op.success.nullable && !matches!(op.success.data, TypeRef::Any | TypeRef::Unit) {
                quote!(Option<#ty>)
            } else {
                ty
            }
        }
    }
}

/// The arguments of a method, in order: path parameters, endpoint headers, query parameters,
/// body. Each is `(name, type, how the call uses it)`.
pub(super) struct Argument {
    pub(super) name: String,
    pub(super) ty: TokenStream,
    pub(super) apply: TokenStream,
    pub(super) kind: ArgumentKind,
}

/// What a method argument carries, for code that shows or makes calls (the fixture tests,
/// the tour, the Markdown pages).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ArgumentKind {
    /// A `{name}` of the path, by its name in the template.
    PathParam(String),
    /// An endpoint-specific header; `required` means `&str` rather than `Option<&str>`.
    Header { wire: String, required: bool },
    /// A query parameter; `required` means `&str` rather than `Option<&str>`.
    Query { wire: String, required: bool },
    /// The request body, with its named request type when it has one.
    Body { typed: Option<String> },
}

pub(super) fn arguments(endpoint: &Endpoint, op: &Operation) -> Vec<Argument> {
    let mut args = Vec::new();
    let mut taken: Vec<String> = Vec::new();
    // Two wire names may give one argument name (`{self}` and `{Self}`): see `crate::naming`.
    let mut unique = |name: String| {
        let candidate = crate::naming::unique(&name, |n| taken.iter().any(|t| t == n));
        taken.push(candidate.clone());
        candidate
    };
    for param in endpoint.path.params() {
        let name = unique(snake_ident(&param.name));
        let arg = format_ident!("{}", name);
        args.push(Argument {
            name,
            ty: quote!(&str),
            apply: quote!(.param(#arg)),
            kind: ArgumentKind::PathParam(param.name.clone()),
        });
    }
    for header in op.headers.iter().filter(|h| h.role == HeaderRole::Endpoint) {
        let name = unique(header.param_name.clone());
        let arg = format_ident!("{}", name);
        let wire = &header.wire_name;
        let (ty, apply) = if header.required {
            (quote!(&str), quote!(.header(#wire, #arg)))
        } else {
            (quote!(Option<&str>), quote!(.header_opt(#wire, #arg)))
        };
        args.push(Argument {
            name,
            ty,
            apply,
            kind: ArgumentKind::Header {
                wire: wire.clone(),
                required: header.required,
            },
        });
    }
    // Query parameters: the documented table's rows, then names only seen in a query string
    // written in the heading (`GET /orders?page=1`), which are optional.
    let mut queries: Vec<(&str, bool)> = endpoint
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query)
        .map(|p| (p.name.as_str(), p.required))
        .collect();
    for example in &endpoint.path.query {
        if !queries.iter().any(|(name, _)| *name == example.name) {
            queries.push((example.name.as_str(), false));
        }
    }
    for (wire, required) in queries {
        let name = unique(snake_ident(wire));
        let arg = format_ident!("{}", name);
        let (ty, apply) = if required {
            (quote!(&str), quote!(.query(#wire, #arg)))
        } else {
            (quote!(Option<&str>), quote!(.query_opt(#wire, #arg)))
        };
        args.push(Argument {
            name,
            ty,
            apply,
            kind: ArgumentKind::Query {
                wire: wire.to_owned(),
                required,
            },
        });
    }
    if let Some(request) = &op.request {
        let name = unique("body".to_owned());
        let arg = format_ident!("{}", name);
        let (ty, typed) = match (&request.evidence, &request.ty) {
            (Evidence::Verified, TypeRef::Named { name }) => {
                let n = ident(name);
                (quote!(&#n), Some(name.clone()))
            }
            (Evidence::Verified, other) if !matches!(other, TypeRef::Any) => {
                let t = rust_type(other);
                (quote!(&#t), None)
            }
            _ => (quote!(&(impl serde::Serialize + ?Sized)), None),
        };
        args.push(Argument {
            name,
            ty,
            apply: quote!(.json(#arg)),
            kind: ArgumentKind::Body { typed },
        });
    }
    args
}

fn method_doc(endpoint: &Endpoint, op: &Operation, root: &ModuleRoot) -> Vec<String> {
    let mut doc = Vec::new();
    match &endpoint.description {
        Some(text) => doc.extend(rustdoc::prose(&text.text)),
        None => doc.push(format!(" Calls {}.", rustdoc::code(&endpoint.route()))),
    }
    doc.push(String::new());
    doc.push(format!(" {}", rustdoc::code(&endpoint.route())));
    doc.push(String::new());
    if op.success.evidence == Evidence::Unknown {
        doc.push(" **Unknown response type.** The document captured no successful response for this endpoint, so its data is returned as raw JSON (`serde_json::Value`).".to_owned());
        doc.push(String::new());
    }
    match op.auth {
        AuthUse::Required => doc.push(
            " Needs a bearer token: without one the call fails before anything is sent.".to_owned(),
        ),
        AuthUse::Optional => doc.push(" Sends the bearer token when one is set.".to_owned()),
        AuthUse::None => {}
    }
    let required_context: Vec<String> = op
        .headers
        .iter()
        .filter(|h| matches!(h.role, HeaderRole::Context(ContextHeader::WorkspaceId)) && h.required)
        .map(|h| rustdoc::code(&h.wire_name))
        .collect();
    if !required_context.is_empty() {
        doc.push(format!(
            " Needs {} (the client's or the call's workspace id).",
            required_context.join(", ")
        ));
    }
    if !op.errors.is_empty() {
        doc.push(String::new());
        doc.push(" # Errors".to_owned());
        doc.push(String::new());
        doc.push(format!(
            " [`Error::Api`]({}) when the API answers with an error; the document shows:",
            root.join("Error::Api")
        ));
        doc.push(String::new());
        for error in &op.errors {
            let code = if error.code.is_empty() {
                "(no code)".to_owned()
            } else {
                rustdoc::code(&error.code)
            };
            doc.push(format!(
                " - HTTP {} {code}: {}",
                error.status,
                rustdoc::inline(&error.message)
            ));
        }
    }
    doc
}

fn group_module(
    parsed: &Parsed,
    group: usize,
    ops: &[&Operation],
    contexts: &BTreeMap<Vec<(ContextHeader, bool)>, String>,
    root: &ModuleRoot,
) -> TokenStream {
    let api = &parsed.api;
    let group_def = &api.groups[group];
    let module = &ops[0].group_module;
    let handle = format_ident!("{}", handle_name(module));
    let mut statics = Vec::new();
    let mut methods = Vec::new();
    for op in ops {
        let endpoint = &api.endpoints[op.endpoint];
        let spec = format_ident!("{}", crate::naming::shouty(&op.name));
        let method = method_tokens(endpoint.method);
        let segments = path_segments(endpoint);
        let auth = match op.auth {
            AuthUse::Required => quote!(Auth::Required),
            AuthUse::Optional => quote!(Auth::Optional),
            AuthUse::None => quote!(Auth::None),
        };
        let context = format_ident!("{}", contexts[&context_list(op)]);
        let route = endpoint.route();
        statics.push(quote! {
            static #spec: EndpointSpec = EndpointSpec {
                method: #method,
                path: &[#(#segments),*],
                auth: #auth,
                context: super::#context,
                route: #route,
            };
        });
        let name = format_ident!("{}", op.name);
        let args = arguments(endpoint, op);
        let params = args.iter().map(|a| {
            let n = format_ident!("{}", a.name);
            let t = &a.ty;
            quote!(#n: #t)
        });
        let applies = args.iter().map(|a| &a.apply);
        let data = data_type(op);
        let doc = method_doc(endpoint, op, root);
        methods.push(quote! {
            #(#[doc = #doc])*
            pub fn #name(&self, #(#params),*) -> Call<'a, #data> {
                Call::new(self.client, &#spec)#(#applies)*
            }
        });
    }
    let group_name = rustdoc::inline(&group_def.name);
    let module_doc = format!(" {group_name} endpoints: `client.{module}()`.");
    // The description's first paragraph continues the sentence; its fences interrupt it.
    let handle_doc = match &group_def.description {
        Some(d) => {
            let mut lines = rustdoc::prose(&d.text);
            match lines.first_mut() {
                Some(first) if !first.trim_start().starts_with(['`', '~']) => {
                    *first = format!(" The {group_name} endpoints.{first}");
                }
                _ => lines.insert(0, format!(" The {group_name} endpoints.")),
            }
            lines
        }
        None => vec![format!(" The {group_name} endpoints of the API.")],
    };
    let uses_types = ops.iter().any(|op| {
        let named = |ty: &TypeRef| !matches!(ty, TypeRef::Any | TypeRef::Unit | TypeRef::Bool | TypeRef::Integer | TypeRef::Unsigned | TypeRef::Float | TypeRef::String | TypeRef::Decimal | TypeRef::DateTime)
            && !matches!(ty, TypeRef::Array { item } if matches!(**item, TypeRef::Any | TypeRef::Unit | TypeRef::Bool | TypeRef::Integer | TypeRef::Unsigned | TypeRef::Float | TypeRef::String | TypeRef::Decimal | TypeRef::DateTime));
        (op.success.evidence == Evidence::Verified && named(&op.success.data))
            || op.request.as_ref().is_some_and(|r| r.evidence == Evidence::Verified && named(&r.ty))
    });
    let types_import = uses_types.then(|| {
        quote!(
            use #root::types::*;
        )
    });
    quote! {
        #![doc = #module_doc]

        #types_import
        use #root::runtime::__private::{Auth, Call, EndpointSpec, Method, Segment};
        use #root::Client;

        #(#[doc = #handle_doc])*
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a> {
            client: &'a Client,
        }

        impl<'a> #handle<'a> {
            pub(crate) fn new(client: &'a Client) -> Self {
                Self { client }
            }

            #(#methods)*
        }

        #(#statics)*
    }
}

/// The tokens of `src/api/mod.rs` and of one `src/api/<group>.rs` per group, by path, their
/// paths rooted at `root`.
pub(super) fn render(
    parsed: &Parsed,
    inferred: &Inferred,
    root: &ModuleRoot,
) -> Vec<(String, TokenStream)> {
    let api = &parsed.api;
    let mut contexts: BTreeMap<Vec<(ContextHeader, bool)>, String> = BTreeMap::new();
    for op in &inferred.model.operations {
        let list = context_list(op);
        let next = format!("CONTEXT_{}", contexts.len() + 1);
        contexts.entry(list).or_insert(next);
    }
    let mut files = Vec::new();
    let mut modules = Vec::new();
    let mut accessors = Vec::new();
    let mut by_group: Vec<Vec<&Operation>> = vec![Vec::new(); api.groups.len()];
    for op in &inferred.model.operations {
        by_group[api.endpoints[op.endpoint].group].push(op);
    }
    for (group, def) in api.groups.iter().enumerate() {
        let ops = &by_group[group];
        let Some(op) = ops.first() else {
            continue;
        };
        let module = op.group_module.clone();
        files.push((
            format!("src/api/{module}.rs"),
            group_module(parsed, group, ops, &contexts, root),
        ));
        let m = format_ident!("{}", module);
        let handle = format_ident!("{}", handle_name(&module));
        let count = ops.len();
        let doc = format!(" The {} endpoints ({count}).", rustdoc::inline(&def.name));
        modules.push(quote!(#[doc = #doc] pub mod #m;));
        let accessor = format_ident!("{}", module);
        accessors.push(quote! {
            #[doc = #doc]
            pub fn #accessor(&self) -> #m::#handle<'_> {
                #m::#handle::new(self)
            }
        });
    }
    let context_consts = contexts.iter().map(|(list, name)| {
        let name = format_ident!("{}", name);
        let entries = list.iter().map(|(header, required)| {
            let h = context_tokens(*header);
            let need = if *required {
                quote!(Need::Required)
            } else {
                quote!(Need::Optional)
            };
            quote!((#h, #need))
        });
        quote!(const #name: &[(ContextHeader, Need)] = &[#(#entries),*];)
    });
    let tokens = quote! {
        //! The endpoints, one module per group of the document; reach them through the
        //! [`Client`]'s accessors, such as `client.roles()`.

        use #root::runtime::__private::{ContextHeader, Need};
        use #root::Client;

        #(#modules)*

        impl Client {
            #(#accessors)*
        }

        #(#context_consts)*
    };
    files.push(("src/api/mod.rs".to_owned(), tokens));
    files
}
