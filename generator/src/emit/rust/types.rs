//! `src/types.rs` of the client: one struct per inferred object type, the generic page and
//! dictionary types, one open enum per code family, and the open `ErrorCode`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::{format_ident, quote};

use super::root::ModuleRoot;
use crate::infer::Inferred;
use crate::model::{Field, Model, OptionalBy, PageShape, TypeDef, TypeKind, TypeRef};
use crate::rustdoc;
use crate::surface::{self, RustType};

pub(super) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// The Rust type of a type expression, as the surface writes it.
pub(super) fn rust_type(ty: &TypeRef) -> TokenStream {
    super::api::type_tokens(&RustType::of(ty))
}

/// Does a type (or an element of it) hold a decimal? Such fields serialize through the
/// runtime's exact-number module.
fn decimal_depth(ty: &TypeRef) -> Option<usize> {
    match ty {
        TypeRef::Decimal => Some(0),
        TypeRef::Array { item } => decimal_depth(item).map(|d| d + 1),
        _ => None,
    }
}

fn field_doc(field: &Field) -> String {
    let mut doc = format!(" {}", rustdoc::code(&field.wire_name));
    if field.secret {
        doc.push_str(". A secret: `Debug` shows it as `\"<redacted>\"`");
    } else if let Some(example) = &field.example {
        let text = example.compact_text();
        if !text.is_empty() && text != "null" && text.len() <= 80 {
            doc.push_str(&format!(", e.g. {}", rustdoc::code(&text)));
        }
        if field.redacted {
            doc.push_str(" (sanitised in the document)");
        }
    }
    doc.push('.');
    if let Some(rule) = field.optional_by {
        doc.push(' ');
        doc.push_str(rule.reason());
    }
    if let Some(guess) = &field.guess {
        // Guesses are sentences of sdkgen's own, with the document's names as code spans.
        doc.push_str(&format!(" Type inferred: {guess}."));
    }
    doc
}

fn struct_def(def: &TypeDef, fields: &[Field], is_request: bool, root: &ModuleRoot) -> TokenStream {
    let name = ident(&def.name);
    let camel = fields
        .iter()
        .all(|f| f.wire_name == crate::naming::lower_camel(&f.rust_name));
    let rename_all = camel.then(|| quote!(#[serde(rename_all = "camelCase")]));
    let mut doc = if is_request {
        format!(
            " Request body of {}.",
            crate::emit::routes_prose(&def.used_by)
        )
    } else {
        format!(" Returned by {}.", crate::emit::routes_prose(&def.used_by))
    };
    if matches!(
        def.kind,
        TypeKind::Struct {
            extends_dictionary: true,
            ..
        }
    ) {
        doc.push_str(" It extends [`DictionaryItem`] (`code`, `value`, `label`) with more fields.");
    }
    let field_tokens = fields.iter().map(|field| {
        let field_name = ident(&field.rust_name);
        let wire = &field.wire_name;
        let rename = (!camel && field.rust_name != *wire).then(|| quote!(#[serde(rename = #wire)]));
        let optional = !field.required || field.nullable;
        let is_value = field.ty == TypeRef::Any;
        let ty = super::api::type_tokens(&surface::field_type(field));
        let mut attrs = Vec::new();
        match (optional, field.required) {
            (true, false) if is_value => attrs.push(quote!(
                default,
                skip_serializing_if = "serde_json::Value::is_null"
            )),
            (true, false) => attrs.push(quote!(default, skip_serializing_if = "Option::is_none")),
            (true, true) => attrs.push(quote!(default)),
            _ => {}
        }
        if let Some(depth) = decimal_depth(&field.ty) {
            let module = root.join(match (depth, optional) {
                (0, false) => "runtime::decimal",
                (0, true) => "runtime::decimal::option",
                (_, false) => "runtime::decimal::list",
                (_, true) => "runtime::decimal::option_list",
            });
            attrs.push(quote!(with = #module));
        }
        let serde = (!attrs.is_empty()).then(|| quote!(#[serde(#(#attrs),*)]));
        let doc = field_doc(field);
        quote! {
            #[doc = #doc]
            #rename
            #serde
            pub #field_name: #ty
        }
    });
    let constructor = is_request.then(|| constructor(&name, fields));
    let has_secret = fields.iter().any(|f| f.secret);
    // A struct with a secret gets a `Debug` of its own that never shows it.
    let (derive_debug, debug_impl) = if has_secret {
        (quote!(), Some(redacting_debug(&name, fields)))
    } else {
        (quote!(Debug,), None)
    };
    // Request types are built with `new`, so they can gain fields without breaking callers.
    // Response types are only read by callers, and built by their tests: a struct literal.
    let non_exhaustive = is_request.then(|| quote!(#[non_exhaustive]));
    if !is_request {
        doc.push_str(
            " A plain struct with public fields (not `#[non_exhaustive]`): tests build one with \
             a struct literal, and a field the document gains breaks such a literal on purpose.",
        );
    }
    quote! {
        #[doc = #doc]
        #[derive(#derive_debug Clone, PartialEq, serde::Serialize, serde::Deserialize)]
        #rename_all
        #non_exhaustive
        pub struct #name {
            #(#field_tokens,)*
        }
        #debug_impl
        #constructor
    }
}

/// `Debug` as derived, but each secret field shows as `"<redacted>"` (`None` stays `None`, so
/// a reader still sees whether one is set).
fn redacting_debug(name: &Ident, fields: &[Field]) -> TokenStream {
    let title = name.to_string();
    let entries = fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        let label = f.rust_name.trim_start_matches("r#");
        let redacted = crate::model::REDACTED;
        match (f.secret, surface::field_is_option(f)) {
            (false, _) => quote!(.field(#label, &self.#n)),
            (true, false) => quote!(.field(#label, &#redacted)),
            (true, true) => quote!(.field(#label, &self.#n.as_ref().map(|_| #redacted))),
        }
    });
    quote! {
        impl std::fmt::Debug for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(#title)
                    #(#entries)*
                    .finish()
            }
        }
    }
}

/// `new(required...)` plus `with_x(...)` for optional fields of a request type.
fn constructor(name: &Ident, fields: &[Field]) -> TokenStream {
    let required: Vec<&Field> = fields
        .iter()
        .filter(|f| surface::is_constructor_argument(f))
        .collect();
    let args = required.iter().map(|f| {
        let n = ident(&f.rust_name);
        match &f.ty {
            TypeRef::String => quote!(#n: impl Into<String>),
            ty => {
                let ty = rust_type(ty);
                quote!(#n: #ty)
            }
        }
    });
    let inits = fields.iter().map(|f| {
        let n = ident(&f.rust_name);
        match (&f.ty, surface::is_constructor_argument(f)) {
            (TypeRef::String, true) => quote!(#n: #n.into()),
            (_, true) => quote!(#n),
            (TypeRef::Any, false) => quote!(#n: serde_json::Value::Null),
            (_, false) => quote!(#n: None),
        }
    });
    let setters = fields
        .iter()
        .filter(|f| !surface::is_constructor_argument(f))
        .map(|f| {
            let n = ident(&f.rust_name);
            let setter = format_ident!("with_{}", f.rust_name.trim_end_matches('_'));
            let doc = format!(" Sets {}.", rustdoc::code(&f.wire_name));
            let (ty, value) = match &f.ty {
                TypeRef::Any => (rust_type(&f.ty), quote!(value)),
                TypeRef::String => (quote!(impl Into<String>), quote!(Some(value.into()))),
                ty => (rust_type(ty), quote!(Some(value))),
            };
            quote! {
                #[doc = #doc]
                #[must_use]
                pub fn #setter(mut self, value: #ty) -> Self {
                    self.#n = #value;
                    self
                }
            }
        });
    let partial = fields
        .iter()
        .any(|f| f.optional_by == Some(OptionalBy::PartialUpdate));
    let doc = match (required.is_empty(), partial) {
        (true, true) => " An empty partial update: set the fields to change with the `with_` methods.",
        (true, false) => " An empty request: set its fields with the `with_` methods.",
        (false, true) => {
            " Builds the partial update from the fields that identify its target; set the fields to change with the `with_` methods."
        }
        (false, false) => " Builds the request from its required fields (those every sample has).",
    };
    let allow = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let default = required.is_empty().then(|| {
        quote! {
            impl Default for #name {
                fn default() -> Self {
                    Self::new()
                }
            }
        }
    });
    quote! {
        impl #name {
            #[doc = #doc]
            #allow
            pub fn new(#(#args),*) -> Self {
                Self { #(#inits,)* }
            }
            #(#setters)*
        }
        #default
    }
}

/// An open enum: the variants as a plain enum a reader can scan, the wire strings and trait
/// impls through the runtime's `open_enum!`.
fn open_enum_tokens(
    name: &Ident,
    doc: &str,
    values: &[(Ident, String, String)],
    root: &ModuleRoot,
) -> TokenStream {
    let variants = values
        .iter()
        .map(|(variant, _, doc)| quote!(#[doc = #doc] #variant,));
    let wires = values
        .iter()
        .map(|(variant, wire, _)| quote!(#variant => #wire));
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value the document does not show.
            Other(String),
        }

        #root::runtime::open_enum!(#name { #(#wires),* });
    }
}

fn open_enum(
    def: &TypeDef,
    values: &[crate::model::EnumValue],
    family: &str,
    root: &ModuleRoot,
) -> TokenStream {
    let name = ident(&def.name);
    let doc = format!(
        " The `code` of {family} items: an open set. The variants are the codes the document shows; any other code arrives as `Other`. Used by {}.",
        crate::emit::routes_prose(&def.used_by)
    );
    let values: Vec<(Ident, String, String)> = values
        .iter()
        .map(|v| {
            let wire = rustdoc::code(&v.wire);
            let doc = match (&v.label, &v.description) {
                (Some(label), Some(description)) => format!(
                    " {wire}: {} — {}.",
                    rustdoc::inline(label),
                    rustdoc::inline(description)
                ),
                (Some(label), None) => format!(" {wire}: {}.", rustdoc::inline(label)),
                _ => format!(" {wire}."),
            };
            (ident(&v.rust_name), v.wire.clone(), doc)
        })
        .collect();
    open_enum_tokens(&name, &doc, &values, root)
}

fn error_code_enum(model: &Model, root: &ModuleRoot) -> TokenStream {
    let values: Vec<(Ident, String, String)> = model
        .error_codes
        .iter()
        .map(|(code, info)| {
            let statuses: Vec<String> = info.statuses.iter().map(|s| format!("HTTP {s}")).collect();
            let messages: Vec<String> = info.messages.iter().map(|m| rustdoc::inline(m)).collect();
            let doc = format!(
                " {} ({}): {}. Documented for {} endpoint{}.",
                rustdoc::code(code),
                statuses.join(", "),
                messages.join("; "),
                info.operations.len(),
                if info.operations.len() == 1 { "" } else { "s" }
            );
            (ident(&info.rust_name), code.clone(), doc)
        })
        .collect();
    let name = ident("ErrorCode");
    let doc = " The `code` of an API error: an open set. The variants are the codes the document shows; any other code arrives as `Other`.";
    let enum_tokens = open_enum_tokens(&name, doc, &values, root);
    quote! {
        #enum_tokens

        impl #root::ApiError {
            /// The error's code as an [`ErrorCode`].
            pub fn error_code(&self) -> ErrorCode {
                ErrorCode::from(self.code.as_str())
            }
        }

        impl #root::Error {
            /// The platform's error code as an [`ErrorCode`] when the platform answered with an
            /// error (`ApiError::error_code`); `None` for
            /// every other error.
            pub fn error_code(&self) -> Option<ErrorCode> {
                self.as_api().map(#root::ApiError::error_code)
            }
        }
    }
}

fn uses_shape(model: &Model, wanted: &dyn Fn(&TypeRef) -> bool) -> bool {
    fn walk(ty: &TypeRef, wanted: &dyn Fn(&TypeRef) -> bool) -> bool {
        wanted(ty)
            || match ty {
                TypeRef::Array { item } | TypeRef::Page { item, .. } => walk(item, wanted),
                TypeRef::Map { value } => walk(value, wanted),
                _ => false,
            }
    }
    model.operations.iter().any(|op| {
        walk(&op.success.data, wanted) || op.request.as_ref().is_some_and(|r| walk(&r.ty, wanted))
    }) || model.types.iter().any(|t| match &t.kind {
        TypeKind::Struct { fields, .. } => fields.iter().any(|f| walk(&f.ty, wanted)),
        TypeKind::OpenEnum { .. } => false,
    })
}

fn generics(model: &Model, root: &ModuleRoot) -> TokenStream {
    let mut out = TokenStream::new();
    if uses_shape(model, &|t| {
        matches!(
            t,
            TypeRef::Page {
                shape: PageShape::Paginated,
                ..
            }
        )
    }) {
        out.extend(quote! {
            /// A page of items with its pagination block. A plain struct (tests build one with a
            /// struct literal).
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            pub struct Page<T> {
                /// The items of this page (the document's samples are cut to two).
                pub items: Vec<T>,
                /// Where this page sits in the whole result.
                pub pagination: Pagination,
            }

            impl<T: serde::de::DeserializeOwned> #root::Paged for Page<T> {
                type Item = T;

                fn into_items(self) -> Vec<T> {
                    self.items
                }
            }
        });
    }
    if uses_shape(model, &|t| {
        matches!(
            t,
            TypeRef::Page {
                shape: PageShape::Offset,
                ..
            }
        )
    }) {
        out.extend(quote! {
            /// A page of items with offset counters: `{items, total, page, size}`. A plain struct
            /// (tests build one with a struct literal).
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            pub struct OffsetPage<T> {
                /// The items of this page.
                pub items: Vec<T>,
                /// Items in the whole result.
                pub total: i64,
                /// This page's number.
                pub page: i64,
                /// Items per page.
                pub size: i64,
            }

            impl<T: serde::de::DeserializeOwned> #root::Paged for OffsetPage<T> {
                type Item = T;

                fn into_items(self) -> Vec<T> {
                    self.items
                }
            }
        });
    }
    if uses_shape(model, &|t| matches!(t, TypeRef::Dictionary { .. })) {
        let description = if model.dictionary_description_required {
            quote!(pub description: String)
        } else {
            quote!(#[serde(default, skip_serializing_if = "Option::is_none")] pub description: Option<String>)
        };
        out.extend(quote! {
            /// A dictionary item: a coded value with its numeric id, label and description.
            /// `C` is the open set of codes of its family. A plain struct (tests build one with a
            /// struct literal).
            #[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
            pub struct DictionaryItem<C> {
                /// The code, such as `ACTIVE`.
                pub code: C,
                /// The numeric id of the code.
                pub value: i64,
                /// A human label (localised).
                pub label: String,
                /// What the code means.
                #description,
            }
        });
    }
    out
}

/// The tokens of `src/types.rs`, its paths to the runtime rooted at `root`.
pub(super) fn tokens(inferred: &Inferred, root: &ModuleRoot) -> TokenStream {
    let model = &inferred.model;
    let requests = model.request_types();
    let generic = generics(model, root);
    let defs = model.types.iter().map(|def| match &def.kind {
        TypeKind::Struct { fields, .. } => {
            struct_def(def, fields, requests.contains(&def.name), root)
        }
        TypeKind::OpenEnum { values } => {
            let family = def.name.strip_suffix("Code").unwrap_or(&def.name);
            open_enum(def, values, &format!("`{family}`"), root)
        }
    });
    let errors = error_code_enum(model, root);
    quote! {
        //! The types of the API, inferred from the document's samples: one struct per object
        //! shape, generic pages and dictionary items, and the open code sets.

        #generic
        #(#defs)*
        #errors
    }
}
