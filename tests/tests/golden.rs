//! The checked-in `generated-client/` is exactly what sdkgen generates from `docs-input/`, and
//! generation is deterministic.

use sdkgen::Config;
use sdkgen_tests::repo_root;

fn config() -> Config {
    let root = repo_root();
    Config::new([root.join("docs-input")]).out_dir(root.join("generated-client"))
}

#[test]
fn generated_client_is_fresh() {
    let (staleness, _) = config().check().expect("the documents generate");
    assert!(
        staleness.is_fresh(),
        "generated-client/ is out of date; run `cargo run -p sdkgen -- generate`.\nstale: {:?}\nmissing: {:?}\nextra: {:?}",
        staleness.stale.iter().map(|(p, d)| format!("{p}: {d}")).collect::<Vec<_>>(),
        staleness.missing,
        staleness.extra
    );
}

#[test]
fn generation_is_deterministic() {
    let first = config().render().expect("renders").files;
    for _ in 0..4 {
        assert_eq!(config().render().expect("renders").files, first);
    }
}

#[test]
fn generated_files_are_lf_and_marked() {
    let files = config().render().expect("renders").files;
    for (path, contents) in &files {
        assert!(!contents.contains('\r'), "{path} has CR");
        assert!(contents.ends_with('\n'), "{path} lacks a final newline");
        let hand_written = path.starts_with("src/runtime/")
            || path.starts_with("tests/runtime")
            || path.starts_with("tests/transfer")
            || path.starts_with("tests/pages")
            || path.starts_with("tests/client")
            || path.starts_with("tests/tracing")
            || path.starts_with("tests/support");
        if !hand_written && (path.ends_with(".rs") || path.ends_with(".toml")) {
            assert!(
                contents.contains("@generated"),
                "{path} lacks the @generated header"
            );
        }
    }
}

#[test]
fn crate_name_and_version_options_reach_the_crate() {
    let files = config()
        .crate_name("acme-partner")
        .version("2.3.4")
        .license("Apache-2.0")
        .render()
        .expect("renders")
        .files;
    let manifest = &files["Cargo.toml"];
    assert!(manifest.contains("name = \"acme-partner\""), "{manifest}");
    assert!(manifest.contains("version = \"2.3.4\""), "{manifest}");
    assert!(manifest.contains("license = \"Apache-2.0\""), "{manifest}");
    assert!(!manifest.contains("publish"), "{manifest}");
    assert!(files["tests/fixtures.rs"].contains("use acme_partner::*;"));
    // Without a license none is chosen for the package, and it cannot be published by
    // accident.
    let manifest = &config().render().expect("renders").files["Cargo.toml"];
    assert!(!manifest.contains("license ="), "{manifest}");
    assert!(manifest.contains("\npublish = false\n"), "{manifest}");
    assert!(config().crate_name("not valid!").render().is_err());
}

#[test]
fn outputs_option_selects_what_is_rendered() {
    let all = config().render().expect("renders").files;
    assert!(all.contains_key("openapi.json"));
    assert!(all.keys().any(|k| k.starts_with("docs/")));
    assert!(all.contains_key("src/lib.rs"));
    let client_only = config()
        .outputs(sdkgen::Outputs {
            client: true,
            openapi: false,
            markdown: false,
        })
        .render()
        .expect("renders")
        .files;
    assert!(!client_only.contains_key("openapi.json"));
    assert!(!client_only.keys().any(|k| k.starts_with("docs/")));
    assert_eq!(client_only["src/lib.rs"], all["src/lib.rs"]);
    let pages_only = config()
        .outputs(sdkgen::Outputs {
            client: false,
            openapi: false,
            markdown: true,
        })
        .render()
        .expect("renders")
        .files;
    assert!(
        pages_only.keys().all(|k| k.starts_with("docs/")),
        "{:?}",
        pages_only.keys()
    );
}
