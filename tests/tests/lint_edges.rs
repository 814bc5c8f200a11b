//! Edge cases found by generating real Markdown references (`tests/fixtures/shapes/lint-edges-api.md`):
//! a document with no error sample, a group named "API" (the module `api::api`), a method with
//! seven parameters, and floats whose samples are whole numbers (`2`, re-serialized as `2.0`)
//! in an answer and in a request. The generated crate passes clippy with warnings denied and
//! replays its own fixtures.

use sdkgen::Config;
use sdkgen_tests::{clippy_and_test, repo_root};

#[test]
fn lint_edge_cases_generate_a_crate_that_passes_clippy_and_replays_its_fixtures() {
    let out = std::env::temp_dir().join(format!("sdkgen-lint-edges-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&out);
    Config::new([repo_root().join("tests/fixtures/shapes/lint-edges-api.md")])
        .out_dir(&out)
        .crate_name("greenhouse-client")
        .write()
        .expect("the document generates");
    let api = std::fs::read_to_string(out.join("src/api/mod.rs")).unwrap();
    assert!(api.contains("pub mod api;"), "{api}");
    clippy_and_test(&out, &["--test", "fixtures"]);
    let _ = std::fs::remove_dir_all(&out);
}
