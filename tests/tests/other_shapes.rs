//! A document of another shape than the real one (Markdown form; PUT, PATCH and DELETE; query
//! parameters and an idempotency header; floats, decimals, nested lists, keywords, digits,
//! hyphens and non-ASCII field names; scalar and unenveloped bodies; a top-level array request)
//! generates a client crate that builds, passes clippy with warnings denied and replays its own
//! fixtures — built as its own package, outside this workspace.

use sdkgen::Config;
use sdkgen_tests::{clippy_and_test, repo_root};

#[test]
fn another_shape_generates_a_crate_that_builds_and_replays_its_fixtures() {
    let out = std::env::temp_dir().join(format!("sdkgen-other-shapes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    let (outcome, rendered) = Config::new([repo_root().join("tests/fixtures/shapes/shop-api.md")])
        .out_dir(&out)
        .crate_name("shop-client")
        .write()
        .expect("the document generates");
    assert!(outcome.written.contains(&"src/api/catalog.rs".to_owned()));
    let types: Vec<&str> = rendered
        .inferred
        .model
        .types
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(
        types,
        [
            "Check",
            "Health",
            "Product",
            "ProductUpdated",
            "UpdateProductRequest",
            "UpdateSettingsRequest"
        ]
    );
    clippy_and_test(&out, &[]);
    let _ = std::fs::remove_dir_all(&out);
}
