//! The Rust client crate: `Cargo.toml`, `README.md`, `src/lib.rs`, the runtime copied from
//! `templates/runtime`, the types, one module per group, the fixture-replay tests and the
//! `tour` example; and the same `src/` as one module for another crate to include
//! (`module_file`).
//!
//! The `src/` files are built as tokens whose paths to generated items start at a
//! [`ModuleRoot`]: `crate` for the crate, `crate::partner` for the module form.

mod api;
mod fixtures;
mod guide;
mod module_form;
mod root;
mod types;

use proc_macro2::TokenStream;
use quote::quote;

pub(crate) use module_form::module_file;
pub use root::ModuleRoot;

use super::{rust_file, Files};
use crate::infer::Inferred;
use crate::model::{Evidence, TypeRef};
use crate::parse::Parsed;
use crate::rustdoc;

/// Options of the Rust emitter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RustOptions {
    /// The package name (`partner-web-client`).
    pub crate_name: String,
    /// The package version.
    pub version: String,
    /// The package license (SPDX expression); without one the package is `publish = false`.
    pub license: Option<String>,
}

/// The result of an emitter thread (a panic becomes an error).
fn joined<T>(result: std::thread::Result<Result<T, String>>) -> Result<T, String> {
    result.unwrap_or_else(|_| Err("a Rust emitter thread panicked".to_owned()))
}

/// The runtime sources, copied verbatim into `src/runtime/`.
const RUNTIME: &[(&str, &str)] = &[
    (
        "mod.rs",
        include_str!("../../../../templates/runtime/mod.rs"),
    ),
    (
        "blocking.rs",
        include_str!("../../../../templates/runtime/blocking.rs"),
    ),
    (
        "call.rs",
        include_str!("../../../../templates/runtime/call.rs"),
    ),
    (
        "client.rs",
        include_str!("../../../../templates/runtime/client.rs"),
    ),
    (
        "decode.rs",
        include_str!("../../../../templates/runtime/decode.rs"),
    ),
    (
        "endpoint.rs",
        include_str!("../../../../templates/runtime/endpoint.rs"),
    ),
    (
        "error.rs",
        include_str!("../../../../templates/runtime/error.rs"),
    ),
    (
        "hooks.rs",
        include_str!("../../../../templates/runtime/hooks.rs"),
    ),
    (
        "pages.rs",
        include_str!("../../../../templates/runtime/pages.rs"),
    ),
    (
        "retry.rs",
        include_str!("../../../../templates/runtime/retry.rs"),
    ),
    (
        "values.rs",
        include_str!("../../../../templates/runtime/values.rs"),
    ),
    (
        "transfer.rs",
        include_str!("../../../../templates/runtime/transfer.rs"),
    ),
];

/// Runtime files only a client with raw bodies (downloads or uploads) gets.
const TRANSFER_ONLY: &[&str] = &["transfer.rs"];

/// What a template marks as needed only by some clients: lines between `// sdkgen: if
/// transfer` and `// sdkgen: end if` are for a client whose API has a binary response or a
/// multipart request ([`crate::model::Model::has_raw_bodies`]). The markers themselves are
/// never emitted, so a client without such endpoints gets exactly the unmarked text.
pub(crate) fn select(name: &str, text: &str, transfer: bool) -> Result<String, String> {
    let mut out = String::with_capacity(text.len());
    let mut inside = false;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        match line.trim() {
            "// sdkgen: if transfer" if !inside => inside = true,
            "// sdkgen: end if" if inside => inside = false,
            marker if marker.starts_with("// sdkgen:") => {
                return Err(format!(
                    "{name}:{}: unexpected or unknown marker `{marker}`",
                    number + 1
                ));
            }
            _ if inside && !transfer => {}
            _ => out.push_str(line),
        }
    }
    if inside {
        return Err(format!("{name}: `// sdkgen: if transfer` is never closed"));
    }
    Ok(out)
}

/// The runtime's files for a client, by name, with the marked parts kept or dropped.
pub(crate) fn runtime_files(transfer: bool) -> Result<Vec<(&'static str, String)>, String> {
    RUNTIME
        .iter()
        .filter(|(name, _)| transfer || !TRANSFER_ONLY.contains(name))
        .map(|(name, text)| {
            Ok((
                *name,
                select(&format!("templates/runtime/{name}"), text, transfer)?,
            ))
        })
        .collect()
}

const CARGO_TOML: &str = include_str!("../../../../templates/client/Cargo.toml.tmpl");
const README: &str = include_str!("../../../../templates/client/README.md.tmpl");
const RUNTIME_TESTS: &str = include_str!("../../../../templates/tests/runtime.rs");
const TEST_SUPPORT: &str = include_str!("../../../../templates/tests/support.rs");
const TRANSFER_TESTS: &str = include_str!("../../../../templates/tests/transfer.rs");
const PAGES_TESTS: &str = include_str!("../../../../templates/tests/pages.rs");
const CLIENT_TESTS: &str = include_str!("../../../../templates/tests/client.rs");
const TRACING_TESTS: &str = include_str!("../../../../templates/tests/tracing.rs");

/// The package manifest: the template (a TOML document) with the package's name, version,
/// license and description set through a TOML serializer, so any text is escaped for TOML.
fn cargo_toml(options: &RustOptions, title: &str) -> Result<String, String> {
    let mut manifest: toml_edit::DocumentMut = CARGO_TOML
        .parse()
        .map_err(|e| format!("templates/client/Cargo.toml.tmpl is not TOML: {e}"))?;
    let package = manifest
        .get_mut("package")
        .and_then(toml_edit::Item::as_table_mut)
        .ok_or("templates/client/Cargo.toml.tmpl has no [package] table")?;
    // Controls and bidirectional controls are shown as escapes, as in the docs.
    let title: String = title
        .chars()
        .map(|c| {
            if c.is_control() || crate::source::is_bidi_control(c) {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect();
    for (key, value) in [
        ("name", options.crate_name.clone()),
        ("version", options.version.clone()),
        (
            "description",
            format!("Typed async client for the {title}."),
        ),
    ] {
        package[key] = toml_edit::value(value);
    }
    match &options.license {
        Some(license) => package["license"] = toml_edit::value(license.clone()),
        None => {
            // sdkgen does not choose a license for someone else's API client: without one
            // the package cannot be published by accident.
            package.remove("license");
            package["publish"] = toml_edit::value(false);
            if let Some(mut key) = package.key_mut("publish") {
                key.leaf_decor_mut().set_prefix(
                    "# No license was given (`[package] license` in sdkgen.toml, or `--license`):\n\
                     # set one to publish this package.\n",
                );
            }
        }
    }
    Ok(manifest.to_string())
}

/// The crate's files, by path relative to the crate folder.
pub fn render(
    parsed: &Parsed,
    inferred: &Inferred,
    options: &RustOptions,
) -> Result<Files, String> {
    let mut files = Files::new();
    let crate_ident = crate_ident(options);
    let title = title(parsed);
    let example = example_call(parsed, inferred);
    let builder = builder_calls(inferred);
    let readme_builder: String = builder.lines().map(|l| format!("    {l}\n")).collect();
    let readme_title = rustdoc::inline(&title);
    let pages = pages_call(parsed, inferred);
    let guide = guide::render(&guide::GuideInput {
        crate_ident: &crate_ident,
        builder: &builder,
        call: example
            .strip_prefix("client.")
            .and_then(|call| call.strip_suffix(".await?")),
        pages: pages
            .as_ref()
            .map(|(call, page_type)| (call.as_str(), page_type.as_str())),
    });
    let values = [
        ("builder", readme_builder.as_str()),
        ("crate_name", options.crate_name.as_str()),
        ("crate_ident", crate_ident.as_str()),
        ("title", readme_title.as_str()),
        ("example", example.as_str()),
        ("client_guide", guide.as_str()),
    ];
    files.insert("Cargo.toml".to_owned(), cargo_toml(options, &title)?);
    files.insert("README.md".to_owned(), super::fill(README, &values)?);
    files.insert(
        "rustfmt.toml".to_owned(),
        format!(
            "# {}\n# sdkgen formats this crate itself (prettyplease); rustfmt leaves it as generated.\ndisable_all_formatting = true\n",
            super::GENERATED_HEADER
        ),
    );
    let transfer = inferred.model.has_raw_bodies();
    for (name, source) in runtime_files(transfer)? {
        files.insert(format!("src/runtime/{name}"), source);
    }
    files.insert(
        "src/lib.rs".to_owned(),
        rust_file({
            let mut lib = lib_rs(parsed, inferred, &title, &example, &builder, &crate_ident);
            lib.extend(readme_doctests());
            lib
        })?,
    );
    // Types, endpoint modules and tests are independent: format them on separate threads.
    // (Tokens cannot cross threads, so each thread builds its own and returns text.)
    let root = ModuleRoot::crate_root();
    let (types_rs, api_files, test_files) = std::thread::scope(|scope| {
        let types_job = scope.spawn(|| rust_file(types::tokens(inferred, &root)));
        let tests_job = scope.spawn(|| fixtures::render(parsed, inferred, &crate_ident));
        let api_files: Result<Vec<(String, String)>, String> = api::render(parsed, inferred, &root)
            .into_iter()
            .map(|(path, tokens)| Ok((path, rust_file(tokens)?)))
            .collect();
        (
            joined(types_job.join()),
            api_files,
            joined(tests_job.join()),
        )
    });
    files.insert("src/types.rs".to_owned(), types_rs?);
    for (path, contents) in api_files? {
        files.insert(path, contents);
    }
    files.insert(
        "tests/runtime.rs".to_owned(),
        RUNTIME_TESTS.replace("partner_web_client", &crate_ident),
    );
    for (path, text) in [
        ("tests/pages.rs", PAGES_TESTS),
        ("tests/client.rs", CLIENT_TESTS),
        ("tests/tracing.rs", TRACING_TESTS),
    ] {
        files.insert(
            path.to_owned(),
            text.replace("partner_web_client", &crate_ident),
        );
    }
    files.insert(
        "tests/support/mod.rs".to_owned(),
        select("templates/tests/support.rs", TEST_SUPPORT, transfer)?
            .replace("partner_web_client", &crate_ident),
    );
    if transfer {
        files.insert(
            "tests/transfer.rs".to_owned(),
            TRANSFER_TESTS.replace("partner_web_client", &crate_ident),
        );
    }
    for (path, contents) in test_files? {
        files.insert(path, contents);
    }
    Ok(files)
}

/// The crate name as an identifier (`partner_web_client`).
fn crate_ident(options: &RustOptions) -> String {
    options.crate_name.replace('-', "_")
}

/// The document's title, or `API`.
fn title(parsed: &Parsed) -> String {
    parsed
        .api
        .title
        .as_ref()
        .map_or_else(|| "API".to_owned(), |t| t.text.clone())
}

/// The builder calls an example needs: every client-level setting some endpoint requires.
fn builder_calls(inferred: &Inferred) -> String {
    use crate::model::{AuthUse, ContextHeader, HeaderRole};
    let ops = &inferred.model.operations;
    let required = |context: ContextHeader| {
        ops.iter().any(|op| {
            op.headers
                .iter()
                .any(|h| h.role == HeaderRole::Context(context) && h.required)
        })
    };
    // User-Agent has a default: examples need not set it.
    let mut calls: Vec<String> = crate::surface::ContextSetting::all()
        .filter(|s| s.variable.is_some() && required(s.header))
        .map(|s| format!(".{}(\"{}\")", s.builder_method, s.example))
        .collect();
    if ops.iter().any(|op| op.auth != AuthUse::None) {
        calls.push(".bearer_token(\"your-token\")".to_owned());
    }
    calls.iter().map(|c| format!("    {c}\n")).collect()
}

/// A call a reader can copy: the first GET with a verified, parameterless success.
fn example_call(parsed: &Parsed, inferred: &Inferred) -> String {
    let op = inferred
        .model
        .operations
        .iter()
        .find(|op| {
            let endpoint = &parsed.api.endpoints[op.endpoint];
            endpoint.method == crate::ir::Method::Get
                && op.success.evidence == Evidence::Verified
                && endpoint.path.params().next().is_none()
                && !matches!(op.success.data, TypeRef::Unit)
                && !op
                    .headers
                    .iter()
                    .any(|h| h.role == crate::model::HeaderRole::Endpoint && h.required)
                // A required query parameter is an argument too.
                && crate::surface::Method::of(endpoint, op).arguments.is_empty()
        })
        .or_else(|| {
            // Else the first method that takes no argument (none: the example shows no call).
            inferred.model.operations.iter().find(|op| {
                crate::surface::Method::of(&parsed.api.endpoints[op.endpoint], op)
                    .arguments
                    .is_empty()
            })
        });
    match op {
        Some(op) => format!(
            "client.{}.await?",
            crate::surface::Method::of(&parsed.api.endpoints[op.endpoint], op).call_path()
        ),
        None => "client.base_url()".to_owned(),
    }
}

/// The list to show pages with: the first method whose answer is a page and that takes no
/// argument (a typed one first), as its call path (`security().list_sessions_history()`) and
/// its answer's type (`Page<SessionHistoryEntry>`).
fn pages_call(parsed: &Parsed, inferred: &Inferred) -> Option<(String, String)> {
    let candidates = inferred.model.operations.iter().filter(|op| {
        op.paging.is_some()
            && crate::surface::Method::of(&parsed.api.endpoints[op.endpoint], op)
                .arguments
                .is_empty()
    });
    let typed = |op: &&crate::model::Operation| !op.success.data.is_unknown();
    let op = candidates
        .clone()
        .find(typed)
        .or(candidates.clone().next())?;
    Some((
        crate::surface::Method::of(&parsed.api.endpoints[op.endpoint], op).call_path(),
        crate::model::display_type(&op.success.data),
    ))
}

/// The crate docs' `# Pages` section, when some list answers with a page: how to ask for
/// another page and walk them all. Empty when there is none.
fn pages_doc(parsed: &Parsed, inferred: &Inferred, crate_ident: &str) -> Vec<String> {
    let Some((call, page_type)) = pages_call(parsed, inferred) else {
        return Vec::new();
    };
    vec![
        "# Pages".to_owned(),
        String::new(),
        format!(
            "A list whose answer is a page (`{page_type}`) takes `.page(n)` and `.page_size(n)`; \
             `.items()` walks the items of every page and `.pages()` the pages, one request each, \
             with the call's retries and deadline per page. The walk stops after the last page, and \
             a server that answers the same page again ends it with [`Error::PageRepeated`]. Both \
             are `futures_core::Stream`s; `next()` reads them without a stream library:"
        ),
        String::new(),
        "```no_run".to_owned(),
        format!("# async fn run(client: {crate_ident}::Client) -> Result<(), {crate_ident}::Error> {{"),
        format!("let mut items = client.{call}.page_size(50).items();"),
        "while let Some(item) = items.next().await {".to_owned(),
        "    println!(\"{:?}\", item?);".to_owned(),
        "}".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
        "```".to_owned(),
        String::new(),
    ]
}

/// The README's examples as doctests of the crate (`cargo test --doc --features
/// blocking,tracing`): they use both features, so they are compiled only with both on. Not in
/// the module form, whose including crate has no README beside it.
fn readme_doctests() -> TokenStream {
    quote! {
        /// The README's examples, compiled and checked as doctests.
        #[cfg(all(doctest, feature = "blocking", feature = "tracing"))]
        #[doc = include_str!("../README.md")]
        pub struct ReadmeDoctests;
    }
}

/// The tokens of `src/lib.rs`: the crate docs and attributes (inner attributes), the module
/// declarations and the re-exports.
fn lib_rs(
    parsed: &Parsed,
    inferred: &Inferred,
    title: &str,
    example: &str,
    builder: &str,
    crate_ident: &str,
) -> TokenStream {
    let api = &parsed.api;
    let mut doc = vec![format!(
        " A typed async client for the {}.",
        rustdoc::inline(title)
    )];
    doc.push(String::new());
    for line in &api.preamble {
        doc.push(format!(" {}", rustdoc::inline(&line.text)));
        doc.push(String::new());
    }
    let unknown = inferred
        .model
        .operations
        .iter()
        .filter(|op| op.success.evidence == Evidence::Unknown)
        .count();
    doc.extend(
        [
            "# Example".to_owned(),
            String::new(),
            "```no_run".to_owned(),
            format!("use {crate_ident}::Client;"),
            String::new(),
            "# async fn run() -> Result<(), Box<dyn std::error::Error>> {".to_owned(),
            "let client = Client::builder(\"https://api.test.invalid\")".to_owned(),
        ]
        .into_iter()
        .chain(builder.lines().map(str::to_owned))
        .chain([
            "    .build()?;".to_owned(),
            format!("let data = {example};"),
            "println!(\"{data:?}\");".to_owned(),
            "# Ok(())".to_owned(),
            "# }".to_owned(),
            "```".to_owned(),
            String::new(),
        ])
        .chain(pages_doc(parsed, inferred, crate_ident))
        .chain([
            "# Evidence".to_owned(),
            String::new(),
            format!(
                "Types come from the samples in the document. {unknown} of the {} endpoints have no \
                 successful sample; their methods return raw JSON (`serde_json::Value`) and say so in \
                 their documentation.",
                api.endpoints.len()
            ),
        ])
        .map(|l| if l.is_empty() { l } else { format!(" {l}") }),
    );
    let doc = doc.iter();
    let transfer = inferred.model.has_raw_bodies().then(|| {
        quote!(
            pub use runtime::{Bytes, FileStream, Multipart};
        )
    });
    quote! {
        #(#![doc = #doc])*
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]

        pub mod api;
        mod runtime;
        pub mod types;

        pub use runtime::{hooks, ApiError, Async, Blocking, Call, CallOptions, Client, ClientBuilder, Delivery, Error, FoundValue, Items, Paged, Pages, RawBody, Response, Result};
        #[cfg(feature = "blocking")]
        pub use runtime::blocking;
        #transfer
        /// The HTTP client the crate is built on (its `Client` takes a configured one), at the
        /// version the crate uses.
        pub use reqwest;
        /// The `Decimal` of money fields, at the version the crate uses.
        pub use rust_decimal;
        /// The date and time types of timestamp fields, at the version the crate uses.
        pub use chrono;
        pub use types::*;
        #[doc(hidden)]
        pub use runtime::__private;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_parts_are_kept_or_dropped_and_markers_never_emitted() {
        let text = "a\n// sdkgen: if transfer\nb\n  // sdkgen: end if\nc\n";
        assert_eq!(select("t", text, false).unwrap(), "a\nc\n");
        assert_eq!(select("t", text, true).unwrap(), "a\nb\nc\n");
        let unclosed = select("t", "// sdkgen: if transfer\nb\n", true).unwrap_err();
        assert!(unclosed.contains("never closed"), "{unclosed}");
        let unknown = select("t", "x\n// sdkgen: if other\n", true).unwrap_err();
        assert!(unknown.starts_with("t:2:"), "{unknown}");
    }

    #[test]
    fn without_raw_bodies_the_runtime_is_its_unmarked_text() {
        let plain = runtime_files(false).unwrap();
        assert!(plain.iter().all(|(name, text)| *name != "transfer.rs"
            && !text.contains("sdkgen:")
            && !text.contains("Multipart")));
        let full = runtime_files(true).unwrap();
        assert_eq!(full.len(), plain.len() + 1);
        let call = &full.iter().find(|(n, _)| *n == "call.rs").unwrap().1;
        assert!(call.contains("pub fn multipart(") && call.contains("pub fn binary("));
        assert!(!call.contains("sdkgen:"));
        for (name, text) in &full {
            syn::parse_file(text).unwrap_or_else(|e| panic!("{name}: {e}"));
        }
    }

    #[test]
    fn calls_hide_exactly_the_methods_that_describe_the_request() {
        let full = runtime_files(true).unwrap();
        let call = &full.iter().find(|(n, _)| *n == "call.rs").unwrap().1;
        let file = syn::parse_file(call).unwrap();
        let mut hidden = Vec::new();
        for item in &file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let syn::Type::Path(ty) = &*block.self_ty else {
                continue;
            };
            if ty.path.segments.last().unwrap().ident != "Call" {
                continue;
            }
            for item in &block.items {
                let syn::ImplItem::Fn(method) = item else {
                    continue;
                };
                if !matches!(method.vis, syn::Visibility::Public(_)) {
                    continue;
                }
                let attrs = method.attrs.iter().map(|a| quote!(#a).to_string());
                let attrs: Vec<String> = attrs.collect();
                if attrs.iter().any(|a| a.contains("doc (hidden)")) {
                    hidden.push(method.sig.ident.to_string());
                    assert!(attrs
                        .iter()
                        .any(|a| a.contains("not part of the public API")));
                } else {
                    let doc = attrs.join(" ");
                    assert!(!doc.contains("generated code"), "{}", method.sig.ident);
                }
            }
        }
        hidden.sort();
        let expected = [
            "binary",
            "json",
            "multipart",
            "new",
            "paged",
            "param",
            "query",
            "query_opt",
        ];
        assert_eq!(hidden, expected);
    }
}
