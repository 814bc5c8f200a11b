//! The pipeline's layering, checked on the source: `parse` → `ir` → `infer` (`model`,
//! `surface`) → `emit`, with the emitters as siblings. Each rule names a folder of
//! `generator/src` and the `crate::` paths its code (tests aside) may not use; a violation
//! names the file and the path.

use std::path::{Path, PathBuf};

use proc_macro2::{Delimiter, TokenStream, TokenTree};

/// (files under this path, forbidden `crate::` path prefixes, allowed exceptions)
const RULES: &[(&str, &[&str], &[&str])] = &[
    (
        "parse",
        &[
            "infer", "model", "surface", "emit", "diff", "generate", "write",
        ],
        &[],
    ),
    (
        "ir.rs",
        &["infer", "model", "surface", "emit", "diff", "parse"],
        &[],
    ),
    (
        "json.rs",
        &["infer", "model", "surface", "emit", "diff", "parse"],
        &[],
    ),
    (
        "rustdoc.rs",
        &["infer", "model", "surface", "emit", "diff", "parse"],
        &[],
    ),
    (
        "model.rs",
        &["infer", "surface", "emit", "diff", "parse", "generate"],
        &[],
    ),
    (
        "infer",
        &["emit", "diff", "surface", "generate", "write"],
        &[],
    ),
    (
        "surface.rs",
        &["infer", "emit", "diff", "parse", "generate"],
        &[],
    ),
    // Emitters and diff read the model: the entry point of inference and its result type
    // are all they may name from `infer`.
    (
        "emit/markdown",
        &["emit::rust", "emit::openapi", "infer", "diff", "write"],
        &["infer::Inferred"],
    ),
    (
        "emit/openapi",
        &["emit::rust", "emit::markdown", "infer", "diff", "write"],
        &["infer::Inferred"],
    ),
    (
        "emit/rust",
        &["emit::markdown", "emit::openapi", "infer", "diff", "write"],
        &["infer::Inferred"],
    ),
    (
        "diff",
        &["emit", "infer", "generate", "write"],
        &["infer::infer", "infer::Inferred"],
    ),
];

fn source_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .expect("the source folder is readable")
        .map(|e| e.expect("a folder entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Is `tokens[i..]` `#[cfg(test)]`?
fn is_cfg_test(tokens: &[TokenTree], i: usize) -> bool {
    matches!(&tokens[i], TokenTree::Punct(p) if p.as_char() == '#')
        && matches!(tokens.get(i + 1), Some(TokenTree::Group(g))
            if g.delimiter() == Delimiter::Bracket
                && g.stream().to_string().replace(' ', "") == "cfg(test)")
}

fn is_path_sep(tokens: &[TokenTree], i: usize) -> bool {
    matches!((tokens.get(i), tokens.get(i + 1)),
        (Some(TokenTree::Punct(a)), Some(TokenTree::Punct(b))) if a.as_char() == ':' && b.as_char() == ':')
}

/// The first two segments after `crate::` at `tokens[i..]` (a `{...}` use tree gives one
/// path per branch).
fn paths_after(tokens: &[TokenTree], i: usize, out: &mut Vec<String>) {
    match tokens.get(i) {
        Some(TokenTree::Ident(first)) => {
            let mut path = first.to_string();
            if is_path_sep(tokens, i + 1) {
                match tokens.get(i + 3) {
                    Some(TokenTree::Ident(second)) => path = format!("{path}::{second}"),
                    Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
                        let inner: Vec<TokenTree> = group.stream().into_iter().collect();
                        for branch in
                            inner.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ','))
                        {
                            if let Some(TokenTree::Ident(second)) = branch.first() {
                                out.push(format!("{path}::{second}"));
                            }
                        }
                        return;
                    }
                    _ => {}
                }
            }
            out.push(path);
        }
        Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Brace => {
            let inner: Vec<TokenTree> = group.stream().into_iter().collect();
            for branch in inner.split(|t| matches!(t, TokenTree::Punct(p) if p.as_char() == ',')) {
                paths_after(branch, 0, out);
            }
        }
        _ => {}
    }
}

/// Every `crate::a::b` path in the tokens, outside `#[cfg(test)]` items.
fn crate_paths(stream: TokenStream, out: &mut Vec<String>) {
    let tokens: Vec<TokenTree> = stream.into_iter().collect();
    let mut i = 0;
    while i < tokens.len() {
        if is_cfg_test(&tokens, i) {
            // Skip the attribute and the item it marks, up to its body or `;`.
            i += 2;
            while i < tokens.len() {
                match &tokens[i] {
                    TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => break,
                    TokenTree::Punct(p) if p.as_char() == ';' => break,
                    _ => i += 1,
                }
            }
            i += 1;
            continue;
        }
        match &tokens[i] {
            TokenTree::Ident(ident) if ident == "crate" && is_path_sep(&tokens, i + 1) => {
                paths_after(&tokens, i + 3, out);
            }
            TokenTree::Group(group) => crate_paths(group.stream(), out),
            _ => {}
        }
        i += 1;
    }
}

fn violations() -> Vec<String> {
    let root = source_dir();
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut found = Vec::new();
    for file in files {
        let relative = file
            .strip_prefix(&root)
            .expect("under src")
            .to_string_lossy()
            .replace('\\', "/");
        // Unit tests kept in files of their own (`write_tests.rs`) build whole pipelines.
        if relative.ends_with("_tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&file).expect("a readable source file");
        let tokens: TokenStream = text
            .parse()
            .unwrap_or_else(|e| panic!("{relative} does not lex: {e}"));
        let mut paths = Vec::new();
        crate_paths(tokens, &mut paths);
        for (scope, forbidden, allowed) in RULES {
            if !(relative == *scope || relative.starts_with(&format!("{scope}/"))) {
                continue;
            }
            for path in &paths {
                let hits =
                    |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}::"));
                if forbidden.iter().any(|f| hits(f)) && !allowed.iter().any(|a| hits(a)) {
                    found.push(format!("{relative}: uses crate::{path}"));
                }
            }
        }
        // An emitter reaching a sibling through `super::super` is the same violation.
        if relative.starts_with("emit/") && text.contains("super::super::") {
            found.push(format!(
                "{relative}: reaches a sibling through super::super"
            ));
        }
    }
    found
}

#[test]
fn phases_import_only_the_layers_below_them() {
    let found = violations();
    assert!(
        found.is_empty(),
        "layering violations:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_scanner_sees_what_it_must() {
    let tokens: TokenStream = "use crate::infer::{is_success, payload};\n\
         use crate::{emit::rust, model};\n\
         fn f() { crate::infer::headers::role_of(\"x\"); }\n\
         /// Docs mention crate::emit::rust, which is text.\n\
         #[cfg(test)] mod tests { use crate::diff::x; }"
        .parse()
        .unwrap();
    let mut paths = Vec::new();
    crate_paths(tokens, &mut paths);
    assert_eq!(
        paths,
        [
            "infer::is_success",
            "infer::payload",
            "emit::rust",
            "model",
            "infer::headers"
        ]
    );
}
