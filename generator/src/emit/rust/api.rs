//! `src/api/`: one module per document group, each with a borrowed `…Api` handle, one method
//! per endpoint, and the endpoint descriptions the runtime reads (`static EndpointSpec`s).

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::root::ModuleRoot;
use crate::infer::Inferred;
use crate::ir::{Endpoint, Method, PathPart};
use crate::model::{
    AuthUse, BodyKind, ContextHeader, Evidence, HeaderRole, Operation, PageLocation, PageShape,
    TypeRef,
};
use crate::parse::Parsed;
use crate::rustdoc;
use crate::surface::{Argument, ArgumentSource, RustType, Surface};

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

/// A type of the surface as tokens: the same text the pages and reports show.
pub(super) fn type_tokens(ty: &RustType) -> TokenStream {
    match syn::parse_str::<syn::Type>(&ty.source) {
        Ok(parsed) => quote!(#parsed),
        Err(_) => unreachable!("the surface writes Rust types: {}", ty.source),
    }
}

/// How the call uses an argument: the `Call` builder method that takes it.
fn apply(argument: &Argument) -> TokenStream {
    let arg = format_ident!("{}", argument.name);
    match &argument.source {
        ArgumentSource::PathParam(_) => quote!(.param(#arg)),
        ArgumentSource::Header {
            wire,
            required: true,
        } => quote!(.header(#wire, #arg)),
        ArgumentSource::Header { wire, .. } => quote!(.header_opt(#wire, #arg)),
        ArgumentSource::Query {
            wire,
            required: true,
        } => quote!(.query(#wire, #arg)),
        ArgumentSource::Query { wire, .. } => quote!(.query_opt(#wire, #arg)),
        ArgumentSource::Body { .. } => quote!(.json(#arg)),
        ArgumentSource::Form => quote!(.multipart(#arg)),
    }
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
    if op.success.data == TypeRef::Bytes {
        doc.push(format!(
            " Answers with a file: [`Bytes`] as it came, with its content type and file name. For a large file, [`.stream()`]({}) reads it chunk by chunk.",
            root.join("Call::stream")
        ));
        doc.push(String::new());
    }
    if let Some(paging) = &op.paging {
        let (page, size) = (
            rustdoc::code(&paging.page_param),
            rustdoc::code(&paging.size_param),
        );
        let place = match paging.location {
            PageLocation::Query => "query parameters",
            PageLocation::Body => "fields of the request body",
        };
        doc.push(format!(
            " Answers one page. [`.page(n)`]({}) and [`.page_size(n)`]({}) ask for another page or size (sent as the {place} {page} and {size}); [`.pages()`]({}) and [`.items()`]({}) walk every page. {}",
            root.join("Call::page"),
            root.join("Call::page_size"),
            root.join("Call::pages"),
            root.join("Call::items"),
            paging.source.reason(),
        ));
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
    surface: &Surface,
    group: usize,
    ops: &[&Operation],
    contexts: &BTreeMap<Vec<(ContextHeader, bool)>, String>,
    root: &ModuleRoot,
) -> TokenStream {
    let api = &parsed.api;
    let group_def = &api.groups[group];
    let module = &ops[0].group_module;
    let handle = format_ident!("{}", surface.method(ops[0].endpoint).handle);
    let mut statics = Vec::new();
    let mut methods = Vec::new();
    for op in ops {
        let endpoint = &api.endpoints[op.endpoint];
        let spec = format_ident!("{}", surface.method(op.endpoint).spec);
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
        let method = surface.method(op.endpoint);
        let name = format_ident!("{}", method.name);
        let params = method.arguments.iter().map(|a| {
            let n = format_ident!("{}", a.name);
            let t = type_tokens(&a.ty);
            quote!(#n: #t)
        });
        let applies = method.arguments.iter().map(apply);
        let binary = (op.success.data == TypeRef::Bytes).then(|| quote!(.binary()));
        let paged = op.paging.as_ref().map(|paging| {
            let shape = match paging.shape {
                PageShape::Paginated => quote!(PageShape::Paginated),
                PageShape::Offset => quote!(PageShape::Offset),
            };
            let location = match paging.location {
                PageLocation::Query => quote!(PageLocation::Query),
                PageLocation::Body => quote!(PageLocation::Body),
            };
            let (page, size) = (&paging.page_param, &paging.size_param);
            quote! {
                .paged(Paging {
                    shape: #shape,
                    page_param: #page,
                    size_param: #size,
                    location: #location,
                })
            }
        });
        let data = type_tokens(&method.returns);
        let doc = method_doc(endpoint, op, root);
        // Clippy counts `&self`: a method with more than six arguments is over its limit, and
        // the arguments are the document's (path and query parameters, body), not a choice.
        let allow =
            (method.arguments.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        methods.push(quote! {
            #(#[doc = #doc])*
            #allow
            pub fn #name(&self, #(#params),*) -> Call<'a, #data, M> {
                Call::new(self.client, &#spec)#(#applies)* #binary #paged
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
    /// Does the type name something `types.rs` defines (a struct, enum or generic shape)?
    fn named(ty: &TypeRef) -> bool {
        match ty {
            TypeRef::Named { .. } | TypeRef::Page { .. } | TypeRef::Dictionary { .. } => true,
            TypeRef::Array { item } | TypeRef::Map { value: item } => named(item),
            _ => false,
        }
    }
    let uses_types = ops.iter().any(|op| {
        (op.success.evidence == Evidence::Verified && named(&op.success.data))
            || op
                .request
                .as_ref()
                .is_some_and(|r| r.evidence == Evidence::Verified && named(&r.ty))
    });
    let types_import = uses_types.then(|| {
        quote!(
            use #root::types::*;
        )
    });
    let bytes_import = ops
        .iter()
        .any(|op| op.success.data == TypeRef::Bytes)
        .then(|| quote!(use #root::Bytes;));
    let paging_import = ops
        .iter()
        .any(|op| op.paging.is_some())
        .then(|| quote!(use #root::runtime::__private::{PageLocation, PageShape, Paging};));
    let form_import = ops
        .iter()
        .any(|op| {
            op.request
                .as_ref()
                .is_some_and(|r| r.kind == BodyKind::Multipart)
        })
        .then(|| quote!(use #root::Multipart;));
    quote! {
        #![doc = #module_doc]

        #types_import
        #bytes_import
        #form_import
        #paging_import
        use std::marker::PhantomData;

        use #root::runtime::__private::{Auth, Call, EndpointSpec, Method, Segment};
        use #root::{Async, Client};

        #(#[doc = #handle_doc])*
        ///
        /// `M` is how its calls are sent: [`Async`] (awaited) from a `Client`, `Blocking`
        /// (with `send()`) from a `blocking::Client`.
        #[derive(Debug, Clone, Copy)]
        pub struct #handle<'a, M = Async> {
            client: &'a Client,
            mode: PhantomData<fn() -> M>,
        }

        impl<'a, M> #handle<'a, M> {
            pub(crate) fn new(client: &'a Client) -> Self {
                Self { client, mode: PhantomData }
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
    let surface = Surface::new(api, &inferred.model);
    let mut contexts: BTreeMap<Vec<(ContextHeader, bool)>, String> = BTreeMap::new();
    for op in &inferred.model.operations {
        let list = context_list(op);
        let next = format!("CONTEXT_{}", contexts.len() + 1);
        contexts.entry(list).or_insert(next);
    }
    let mut files = Vec::new();
    let mut modules = Vec::new();
    let mut accessors = Vec::new();
    let mut blocking_accessors = Vec::new();
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
            group_module(parsed, &surface, group, ops, &contexts, root),
        ));
        let m = format_ident!("{}", module);
        let handle = format_ident!("{}", surface.method(op.endpoint).handle);
        let count = ops.len();
        let doc = format!(" The {} endpoints ({count}).", rustdoc::inline(&def.name));
        // A group named "API" is the module `api::api`; the accessor `client.api()` reads
        // better than any renamed one, so the repeated name stays.
        let inception = (module == "api").then(|| quote!(#[allow(clippy::module_inception)]));
        modules.push(quote!(#[doc = #doc] #inception pub mod #m;));
        let accessor = format_ident!("{}", module);
        accessors.push(quote! {
            #[doc = #doc]
            pub fn #accessor(&self) -> #m::#handle<'_> {
                #m::#handle::new(self)
            }
        });
        blocking_accessors.push(quote! {
            #[doc = #doc]
            pub fn #accessor(&self) -> #m::#handle<'_, Blocking> {
                #m::#handle::new(self.as_async())
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
        //! [`Client`]'s accessors, such as `client.roles()` (or a `blocking::Client`'s).

        use #root::runtime::__private::{ContextHeader, Need};
        use #root::Client;
        #[cfg(feature = "blocking")]
        use #root::Blocking;

        #(#modules)*

        impl Client {
            #(#accessors)*
        }

        #[cfg(feature = "blocking")]
        impl #root::blocking::Client {
            #(#blocking_accessors)*
        }

        #(#context_consts)*
    };
    files.push(("src/api/mod.rs".to_owned(), tokens));
    files
}
