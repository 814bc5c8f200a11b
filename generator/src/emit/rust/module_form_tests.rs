//! Tests of the module form: it parses, every path to a generated item (in code, in `use`
//! trees, in doc links and in `serde(with = "...")` strings) starts at the root it was given,
//! each of its modules holds exactly what the crate's file holds, and the runtime templates
//! never name the crate root.

use std::path::PathBuf;

use proc_macro2::{TokenStream, TokenTree};
use quote::ToTokens;
use syn::visit::Visit;
use syn::{AttrStyle, Item, UseTree};

use super::super::RUNTIME;
use super::{module_file, ModuleRoot, RustOptions};
use crate::emit::rust_source;

fn options() -> RustOptions {
    RustOptions {
        crate_name: "partner-web-client".to_owned(),
        version: "1.0.0".to_owned(),
        license: Some("MIT".to_owned()),
    }
}

/// The real document, parsed and inferred.
fn real() -> (crate::Parsed, crate::infer::Inferred) {
    let path = PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../docs-input/partner-web-endpoints.txt"
    ));
    let parsed = crate::parse_paths(&[path]).expect("the real document parses");
    let inferred = crate::infer::infer(&parsed);
    (parsed, inferred)
}

fn module_form(root: &str) -> syn::File {
    let (parsed, inferred) = real();
    let root = ModuleRoot::parse(root).unwrap();
    module_file(&parsed, &inferred, &options(), &root).expect("the module form builds")
}

/// The paths that start at `crate`, as module names, found by walking a syntax tree: paths in
/// code (a `pub(crate)` visibility names no item and is skipped), `use` trees, the targets of
/// doc links and `serde(with = "...")` module paths.
#[derive(Default)]
struct CratePaths {
    code: Vec<String>,
    uses: Vec<String>,
    doc_links: Vec<String>,
    serde_with: Vec<String>,
}

impl CratePaths {
    fn of(file: &syn::File) -> Self {
        let mut paths = CratePaths::default();
        paths.visit_file(file);
        paths
    }

    fn all(&self) -> impl Iterator<Item = &String> {
        self.code
            .iter()
            .chain(&self.uses)
            .chain(&self.doc_links)
            .chain(&self.serde_with)
    }
}

fn crate_rooted(path: String) -> Option<String> {
    (path == "crate" || path.starts_with("crate::")).then_some(path)
}

/// Every path of a `use` tree, joined with `::`.
fn use_paths(tree: &UseTree) -> Vec<String> {
    match tree {
        UseTree::Path(p) => use_paths(&p.tree)
            .into_iter()
            .map(|rest| format!("{}::{rest}", p.ident))
            .collect(),
        UseTree::Name(n) => vec![n.ident.to_string()],
        UseTree::Rename(r) => vec![r.ident.to_string()],
        UseTree::Glob(_) => vec!["*".to_owned()],
        UseTree::Group(g) => g.items.iter().flat_map(use_paths).collect(),
    }
}

/// The targets of the Markdown links of a doc string: `[text](target)` and `[text]: target`.
fn link_targets(doc: &str) -> Vec<String> {
    let mut targets = Vec::new();
    for (start, _) in doc.match_indices("](") {
        let rest = &doc[start + 2..];
        targets.push(rest[..rest.find(')').unwrap_or(rest.len())].to_owned());
    }
    for (start, _) in doc.match_indices("]: ") {
        let rest = &doc[start + 3..];
        targets.push(rest.split_whitespace().next().unwrap_or("").to_owned());
    }
    targets
}

impl<'ast> Visit<'ast> for CratePaths {
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let names: Vec<String> = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.code.extend(crate_rooted(names.join("::")));
        syn::visit::visit_path(self, path);
    }

    fn visit_vis_restricted(&mut self, _: &'ast syn::VisRestricted) {}

    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.uses
            .extend(use_paths(&item.tree).into_iter().filter_map(crate_rooted));
        for attr in &item.attrs {
            self.visit_attribute(attr);
        }
    }

    fn visit_attribute(&mut self, attr: &'ast syn::Attribute) {
        if attr.path().is_ident("doc") {
            if let syn::Meta::NameValue(syn::MetaNameValue {
                value:
                    syn::Expr::Lit(syn::ExprLit {
                        lit: syn::Lit::Str(doc),
                        ..
                    }),
                ..
            }) = &attr.meta
            {
                self.doc_links.extend(
                    link_targets(&doc.value())
                        .into_iter()
                        .filter_map(crate_rooted),
                );
            }
        } else if attr.path().is_ident("serde") {
            attr.parse_nested_meta(|meta| {
                if meta.input.peek(syn::Token![=]) {
                    let value: syn::LitStr = meta.value()?.parse()?;
                    if meta.path.is_ident("with") {
                        self.serde_with.extend(crate_rooted(value.value()));
                    }
                }
                Ok(())
            })
            .expect("serde attributes parse");
        }
        syn::visit::visit_attribute(self, attr);
    }
}

/// `crate ::` pairs anywhere in tokens, macro bodies included (`$crate::` too).
fn crate_tokens(tokens: TokenStream) -> usize {
    let tokens: Vec<TokenTree> = tokens.into_iter().collect();
    let mut found = 0;
    for (i, token) in tokens.iter().enumerate() {
        match token {
            TokenTree::Group(group) => found += crate_tokens(group.stream()),
            TokenTree::Ident(ident) if ident == "crate" => {
                if matches!(tokens.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':') {
                    found += 1;
                }
            }
            _ => {}
        }
    }
    found
}

#[test]
fn module_form_parses_and_every_path_starts_at_its_root() {
    for root in ["crate::partner", "crate::clients::shop"] {
        let file = module_form(root);
        let tokens = file.to_token_stream();
        let reparsed: syn::File = syn::parse2(tokens).expect("the module form parses");
        assert!(
            reparsed.attrs.is_empty(),
            "no inner attribute may open an included file"
        );
        let paths = CratePaths::of(&reparsed);
        let prefix = format!("{root}::");
        let stray: Vec<&String> = paths.all().filter(|p| !p.starts_with(&prefix)).collect();
        assert!(
            stray.is_empty(),
            "{root}: paths not below the root: {stray:?}"
        );
        // Each kind of path is there to check: code (`open_enum!`, `impl ApiError`), `use`
        // trees, doc links (`Error::Api`) and the decimal fields' `serde(with)`.
        assert!(
            paths.code.contains(&format!("{root}::runtime::open_enum"))
                && paths.code.contains(&format!("{root}::ApiError")),
            "{:?}",
            paths.code
        );
        assert!(
            paths.uses.contains(&format!("{root}::Client")),
            "{:?}",
            paths.uses
        );
        assert!(
            paths.doc_links.contains(&format!("{root}::Error::Api")),
            "{:?}",
            paths.doc_links
        );
        assert!(
            paths
                .serde_with
                .iter()
                .all(|p| p.starts_with(&format!("{root}::runtime::decimal")))
                && !paths.serde_with.is_empty(),
            "{:?}",
            paths.serde_with
        );
    }
}

/// The modules whose attributes mix inner and outer ones.
#[derive(Default)]
struct AttrStyles {
    mixed: Vec<String>,
}

impl<'ast> Visit<'ast> for AttrStyles {
    fn visit_item_mod(&mut self, m: &'ast syn::ItemMod) {
        let inner = m
            .attrs
            .iter()
            .any(|a| matches!(a.style, AttrStyle::Inner(_)));
        let outer = m.attrs.iter().any(|a| matches!(a.style, AttrStyle::Outer));
        if inner && outer {
            self.mixed.push(m.ident.to_string());
        }
        syn::visit::visit_item_mod(self, m);
    }
}

/// The doc strings of a module, in order.
fn docs(m: &syn::ItemMod) -> Vec<String> {
    m.attrs
        .iter()
        .filter(|a| a.path().is_ident("doc"))
        .map(|a| match &a.meta.require_name_value().unwrap().value {
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(doc),
                ..
            }) => doc.value(),
            other => panic!("{}", other.to_token_stream()),
        })
        .collect()
}

#[test]
fn module_form_nests_the_crate_modules_inline() {
    let file = module_form("crate::partner");
    let modules: Vec<String> = file
        .items
        .iter()
        .filter_map(|item| match item {
            Item::Mod(m) => Some(m.ident.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(modules, ["api", "runtime", "types"]);
    let mut styles = AttrStyles::default();
    styles.visit_file(&file);
    assert!(styles.mixed.is_empty(), "{:?}", styles.mixed);
    for item in &file.items {
        let Item::Mod(m) = item else { continue };
        let (_, items) = m.content.as_ref().expect("an inline module");
        assert!(!docs(m).is_empty(), "`{}` keeps its file's docs", m.ident);
        for child in items {
            let Item::Mod(child) = child else { continue };
            assert!(
                child.content.is_some() && child.semi.is_none(),
                "`{}::{}` is inline",
                m.ident,
                child.ident
            );
            if m.ident == "api" {
                // The declaration's docs, then the file's `//!` docs.
                let docs = docs(child);
                assert!(
                    docs.len() == 2
                        && docs[0].contains(" endpoints (")
                        && docs[1].contains(&format!("`client.{}()`", child.ident)),
                    "{docs:?}"
                );
            }
        }
    }
    let source = rust_source(&file);
    assert!(source.contains("\npub mod api {\n"), "{source}");
    assert!(source.contains("    pub mod roles {\n"), "{source}");
    assert!(
        !source.contains("#![") && !source.contains("//!"),
        "{source}"
    );
}

#[test]
fn the_crate_root_module_form_is_the_crate_files_mounted() {
    let (parsed, inferred) = real();
    let files = super::super::render(&parsed, &inferred, &options()).unwrap();
    let mut sources = super::Sources::new();
    for (path, text) in files.iter().filter(|(path, _)| path.starts_with("src/")) {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{path}: {e}"));
        sources.insert(super::module_of(path).unwrap(), file);
    }
    assert!(
        sources.len() > super::runtime_files(false).unwrap().len() + 3,
        "{} files",
        sources.len()
    );
    let mounted = super::assemble(sources).expect("the crate's files mount");
    assert_eq!(
        prettyplease::unparse(&module_form("crate")),
        prettyplease::unparse(&mounted)
    );
}

#[test]
fn module_form_text_is_its_tree_formatted() {
    let file = module_form("crate::clients::shop");
    let text = rust_source(&file);
    let reread = syn::parse_file(&text).expect("the formatted module form parses");
    // Spacing items apart adds blank lines between items only, never inside a literal.
    assert_eq!(prettyplease::unparse(&reread), prettyplease::unparse(&file));
    assert!(text.starts_with("// This file is @generated by sdkgen."));
    // A blank line after a doc comment would detach it (and trip Clippy in the including crate).
    let lines: Vec<&str> = text.lines().collect();
    for pair in lines.windows(2) {
        assert!(
            !(pair[0].trim_start().starts_with("///") && pair[1].is_empty()),
            "blank line after `{}`",
            pair[0]
        );
    }
}

#[test]
fn runtime_templates_never_name_the_crate_root() {
    for (name, text) in RUNTIME {
        let file = syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        let paths = CratePaths::of(&file);
        let found: Vec<&String> = paths.all().collect();
        assert!(
            found.is_empty(),
            "templates/runtime/{name} names the crate root, which is not the client's root in \
             the module form; use `super::` paths: {found:?}"
        );
        assert_eq!(
            crate_tokens(file.to_token_stream()),
            0,
            "templates/runtime/{name} has `crate::` in tokens (a macro body?)"
        );
    }
}

#[test]
fn path_checks_see_every_kind_of_crate_path() {
    let file: syn::File = syn::parse_quote! {
        use crate::a::{b, c::*};
        pub(crate) struct S {
            /// See [`T`](crate::x::T) and [u].
            ///
            /// [u]: crate::y::U
            #[serde(default, with = "crate::z", rename = "s")]
            f: crate::w::V,
        }
        macro_rules! m { () => { $crate::q!() } }
    };
    let paths = CratePaths::of(&file);
    assert_eq!(paths.uses, ["crate::a::b", "crate::a::c::*"]);
    assert_eq!(paths.code, ["crate::w::V"]);
    assert_eq!(paths.doc_links, ["crate::x::T", "crate::y::U"]);
    assert_eq!(paths.serde_with, ["crate::z"]);
    // `crate::a`, `crate::w`, `$crate::q` (the visibility's `crate)` is no path).
    assert_eq!(crate_tokens(file.to_token_stream()), 3);
}
