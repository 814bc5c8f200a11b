//! Times each phase of sdkgen on the real document (and on any documents named in
//! `SDKGEN_BENCH_DOCS`, a `:`-separated list, such as the synthesized large ones).
//!
//! Run with `cargo bench -p sdkgen --bench pipeline`; criterion reports medians and spreads.

// criterion's macros generate undocumented public functions.
#![allow(missing_docs)]

use std::hint::black_box;
use std::path::PathBuf;

use criterion::{criterion_group, criterion_main, Criterion};

fn documents() -> Vec<(String, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut paths = vec![root.join("docs-input/partner-web-endpoints.txt")];
    if let Ok(extra) = std::env::var("SDKGEN_BENCH_DOCS") {
        paths.extend(
            extra
                .split(':')
                .filter(|p| !p.is_empty())
                .map(PathBuf::from),
        );
    }
    paths
        .into_iter()
        .map(|path| {
            let name = path
                .file_name()
                .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
            (name, text)
        })
        .collect()
}

fn phases(c: &mut Criterion) {
    for (name, text) in documents() {
        let mut group = c.benchmark_group(name.clone());
        if text.len() > 2_000_000 {
            group.sample_size(10);
        }
        group.bench_function("parse", |b| {
            b.iter(|| sdkgen::parse_str(&name, black_box(&text)).expect("the document parses"))
        });
        let parsed = sdkgen::parse_str(&name, &text).expect("the document parses");
        group.bench_function("infer", |b| {
            b.iter(|| sdkgen::infer::infer(black_box(&parsed)))
        });
        let inferred = sdkgen::infer::infer(&parsed);
        let options = sdkgen::emit::rust::RustOptions {
            crate_name: "bench-client".to_owned(),
            version: "0.1.0".to_owned(),
            license: Some("MIT".to_owned()),
        };
        group.bench_function("emit_rust", |b| {
            b.iter(|| {
                sdkgen::emit::rust::render(black_box(&parsed), &inferred, &options)
                    .expect("the crate renders")
            })
        });
        let openapi = sdkgen::emit::openapi::OpenApiOptions::default();
        group.bench_function("emit_openapi", |b| {
            b.iter(|| {
                sdkgen::emit::openapi::render(black_box(&parsed), &inferred, &openapi)
                    .expect("the OpenAPI document renders")
            })
        });
        let markdown = sdkgen::emit::markdown::MarkdownOptions {
            crate_name: "bench-client".to_owned(),
            transport_headers: false,
        };
        group.bench_function("emit_markdown", |b| {
            b.iter(|| {
                sdkgen::emit::markdown::render(black_box(&parsed), &inferred, &markdown)
                    .expect("the pages render")
            })
        });
        let path = std::env::temp_dir().join(format!("sdkgen-bench-{}", std::process::id()));
        std::fs::create_dir_all(&path).expect("a temporary folder");
        let document = path.join(&name);
        std::fs::write(&document, &text).expect("the document is written");
        let config = sdkgen::Config::new([document]).out_dir(path.join("out"));
        group.bench_function("generate_in_memory", |b| {
            b.iter(|| config.render().expect("the document renders"))
        });
        group.finish();
        let _ = std::fs::remove_dir_all(&path);
    }
}

criterion_group!(benches, phases);
criterion_main!(benches);
