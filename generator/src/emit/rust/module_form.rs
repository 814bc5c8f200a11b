//! The client as one module, for a crate that includes it (`build.rs` and `include!`, or tokens
//! embedded by the caller): the crate's `src/` files as syntax trees rooted at a
//! [`ModuleRoot`], each `mod name;` replaced by an inline `mod name { ... }` holding its file's
//! items.
//!
//! The generated files come from the token builders the crate form uses, given the root; the
//! runtime is parsed from its templates, which name each other with `super::` only and never
//! through `crate::` (a test below keeps them so). The crate root's inner attributes (the crate
//! docs, `#![forbid(unsafe_code)]`, `#![warn(missing_docs)]`) cannot stand at the top of an
//! `include!`d file and are dropped. A child module's inner attributes (its `//!` docs) become
//! outer attributes of its inline module, after those of its declaration: rustdoc joins them in
//! that order in the crate too, and a module with both styles trips Clippy's
//! `mixed_attributes_style` in the including crate.
//!
//! The crate's cargo features (`blocking`, `tracing`) are the crate's own: the including crate
//! may have features of the same names meaning something else, and not the dependencies they
//! need. So everything under `#[cfg(feature = "...")]` is left out of the module form.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use syn::visit_mut::VisitMut;
use syn::{token, AttrStyle, Item};

use super::{api, runtime_files, types, ModuleRoot, RustOptions};
use crate::infer::Inferred;
use crate::parse::Parsed;

/// The `src/` files by module path below the client's root: `[]` is `lib.rs`, `["api"]` is
/// `api/mod.rs`, `["api", "roles"]` is `api/roles.rs`.
type Sources = BTreeMap<Vec<String>, syn::File>;

/// The module path of a file of `src/` (`src/api/mod.rs` is `api`, `src/api/roles.rs` is
/// `api::roles`, `src/lib.rs` is the root).
fn module_of(path: &str) -> Result<Vec<String>, String> {
    let rest = path
        .strip_prefix("src/")
        .and_then(|p| p.strip_suffix(".rs"))
        .ok_or_else(|| format!("`{path}` is not a Rust file of src/"))?;
    if rest == "lib" {
        return Ok(Vec::new());
    }
    let mut module: Vec<String> = rest.split('/').map(str::to_owned).collect();
    if module.len() > 1 && module.last().is_some_and(|m| m == "mod") {
        module.pop();
    }
    Ok(module)
}

/// Every file of the client's `src/` as a syntax tree, its paths rooted at `root`.
fn sources(
    parsed: &Parsed,
    inferred: &Inferred,
    options: &RustOptions,
    root: &ModuleRoot,
) -> Result<Sources, String> {
    let tree = |path: &str, tokens: TokenStream| {
        syn::parse2::<syn::File>(tokens)
            .map_err(|e| format!("generated {path} does not parse: {e}"))
    };
    let mut sources = Sources::new();
    let lib = super::lib_rs(
        parsed,
        inferred,
        &super::title(parsed),
        &super::example_call(parsed, inferred),
        &super::builder_calls(inferred),
        &super::crate_ident(options),
    );
    sources.insert(Vec::new(), tree("src/lib.rs", lib)?);
    for (name, text) in runtime_files(inferred.model.has_raw_bodies())? {
        let path = format!("src/runtime/{name}");
        let file = syn::parse_file(&text)
            .map_err(|e| format!("templates/runtime/{name} does not parse: {e}"))?;
        sources.insert(module_of(&path)?, file);
    }
    sources.insert(
        vec!["types".to_owned()],
        tree("src/types.rs", types::tokens(inferred, root))?,
    );
    for (path, tokens) in api::render(parsed, inferred, root) {
        sources.insert(module_of(&path)?, tree(&path, tokens)?);
    }
    Ok(sources)
}

/// The client's `src/` as the items of one module at `root`: the file to `include!` in that
/// module, or to embed as tokens.
pub(crate) fn module_file(
    parsed: &Parsed,
    inferred: &Inferred,
    options: &RustOptions,
    root: &ModuleRoot,
) -> Result<syn::File, String> {
    assemble(sources(parsed, inferred, options, root)?)
}

/// Mounts every file into the root file's module tree, without the root's inner attributes.
fn assemble(mut sources: Sources) -> Result<syn::File, String> {
    let mut file = sources
        .remove(&Vec::new())
        .ok_or("the client has no src/lib.rs")?;
    file.attrs.clear();
    file.items = mount(&[], std::mem::take(&mut file.items), &mut sources)?;
    WithoutFeatures.visit_file_mut(&mut file);
    if let Some(module) = sources.keys().next() {
        return Err(format!(
            "the client's module `{}` is declared by no other module",
            module.join("::")
        ));
    }
    Ok(file)
}

/// Replaces each `mod name;` among the items of `module` with `mod name { ... }`, taking the
/// child's file (and, in turn, its children) out of `sources`.
fn mount(module: &[String], items: Vec<Item>, sources: &mut Sources) -> Result<Vec<Item>, String> {
    items
        .into_iter()
        .map(|item| match item {
            Item::Mod(mut declaration) if declaration.content.is_none() => {
                let mut path = module.to_vec();
                path.push(declaration.ident.to_string());
                let child = sources.remove(&path).ok_or_else(|| {
                    format!("the client's module `{}` has no source", path.join("::"))
                })?;
                let items = mount(&path, child.items, sources)?;
                declaration
                    .attrs
                    .extend(child.attrs.into_iter().map(|mut attr| {
                        attr.style = AttrStyle::Outer;
                        attr
                    }));
                declaration.content = Some((token::Brace::default(), items));
                declaration.semi = None;
                Ok(Item::Mod(declaration))
            }
            other => Ok(other),
        })
        .collect()
}

/// Whether an attribute is `#[cfg(...)]` naming a cargo feature anywhere in its predicate.
fn names_a_feature(attr: &syn::Attribute) -> bool {
    attr.path().is_ident("cfg")
        && attr
            .meta
            .require_list()
            .is_ok_and(|list| mentions_feature(list.tokens.clone()))
}

/// Whether `feature` appears among the tokens, at any depth.
fn mentions_feature(tokens: TokenStream) -> bool {
    tokens.into_iter().any(|token| match token {
        proc_macro2::TokenTree::Ident(ident) => ident == "feature",
        proc_macro2::TokenTree::Group(group) => mentions_feature(group.stream()),
        _ => false,
    })
}

fn gated(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(names_a_feature)
}

/// Removes every item, impl item and statement gated on a cargo feature.
struct WithoutFeatures;

impl VisitMut for WithoutFeatures {
    fn visit_file_mut(&mut self, file: &mut syn::File) {
        file.items.retain(|item| !item_gated(item));
        syn::visit_mut::visit_file_mut(self, file);
    }

    fn visit_item_mod_mut(&mut self, module: &mut syn::ItemMod) {
        if let Some((_, items)) = &mut module.content {
            items.retain(|item| !item_gated(item));
        }
        syn::visit_mut::visit_item_mod_mut(self, module);
    }

    fn visit_item_impl_mut(&mut self, block: &mut syn::ItemImpl) {
        block.items.retain(|item| match item {
            syn::ImplItem::Fn(f) => !gated(&f.attrs),
            syn::ImplItem::Const(c) => !gated(&c.attrs),
            syn::ImplItem::Type(t) => !gated(&t.attrs),
            _ => true,
        });
        syn::visit_mut::visit_item_impl_mut(self, block);
    }

    fn visit_block_mut(&mut self, block: &mut syn::Block) {
        block.stmts.retain(|stmt| match stmt {
            syn::Stmt::Local(local) => !gated(&local.attrs),
            syn::Stmt::Item(item) => !item_gated(item),
            syn::Stmt::Expr(expr, _) => !expr_gated(expr),
            syn::Stmt::Macro(mac) => !gated(&mac.attrs),
        });
        syn::visit_mut::visit_block_mut(self, block);
    }
}

fn item_gated(item: &Item) -> bool {
    let attrs = match item {
        Item::Const(i) => &i.attrs,
        Item::Enum(i) => &i.attrs,
        Item::Fn(i) => &i.attrs,
        Item::Impl(i) => &i.attrs,
        Item::Macro(i) => &i.attrs,
        Item::Mod(i) => &i.attrs,
        Item::Static(i) => &i.attrs,
        Item::Struct(i) => &i.attrs,
        Item::Trait(i) => &i.attrs,
        Item::Type(i) => &i.attrs,
        Item::Use(i) => &i.attrs,
        _ => return false,
    };
    gated(attrs)
}

fn expr_gated(expr: &syn::Expr) -> bool {
    let attrs = match expr {
        syn::Expr::Call(e) => &e.attrs,
        syn::Expr::If(e) => &e.attrs,
        syn::Expr::Macro(e) => &e.attrs,
        syn::Expr::MethodCall(e) => &e.attrs,
        syn::Expr::Block(e) => &e.attrs,
        _ => return false,
    };
    gated(attrs)
}

#[cfg(test)]
#[path = "module_form_tests.rs"]
mod tests;
