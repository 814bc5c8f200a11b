//! A hostile document (`tests/fixtures/hostile/hostile-api.txt`: keywords, std and runtime
//! names and names that differ only in case as groups, keys and parameters; digits first;
//! non-ASCII; bidirectional controls; code fences, HTML, links and `"]; //` in the title, prose,
//! labels, header values and error messages; a 1 MB description) generates a crate that passes
//! clippy with warnings denied, its tests and doctests, and rustdoc with warnings denied —
//! built as its own package, outside this workspace, as `other_shapes.rs` does.

use std::path::{Path, PathBuf};

use sdkgen::Config;
use sdkgen_tests::{cargo_in, repo_root};

/// The fixture with its markers filled: bidirectional controls (kept out of the checked-in
/// file, where they would hide what it says) and a description of over 1 MB.
fn hostile_document() -> String {
    let text = std::fs::read_to_string(repo_root().join("tests/fixtures/hostile/hostile-api.txt"))
        .expect("the hostile fixture is readable");
    let mut big = String::new();
    let mut n = 0;
    while big.len() < 1 << 20 {
        n += 1;
        big.push_str(&format!(
            "\n```rust\nfn main() {{ panic!(\"big {n}\"); }}\n```\nLine {n}: [x] <b> `t` \"]; // \u{202e}.\n"
        ));
    }
    text.replace("@@RLO@@", "\u{202e}")
        .replace("@@LRI@@", "\u{2066}")
        .replace("@@PDI@@", "\u{2069}")
        .replace("@@BIG@@", &big)
}

/// Every doc comment line of the generated Rust files that opens a code block must open a
/// `text` block: nothing from the document can become a doctest.
fn assert_no_doctest_from_the_document(out: &Path, files: &[String]) {
    // The runtime and its tests are copied from templates/, not made from the document.
    let from_document = |p: &&String| {
        p.ends_with(".rs") && !p.starts_with("src/runtime/") && !p.starts_with("tests/runtime")
    };
    for path in files.iter().filter(from_document) {
        let source = std::fs::read_to_string(out.join(path)).expect("generated file readable");
        let mut open: Option<String> = None;
        for line in source.lines() {
            let Some(doc) = line
                .trim_start()
                .strip_prefix("///")
                .or_else(|| line.trim_start().strip_prefix("//!"))
            else {
                continue;
            };
            let doc = doc.trim_start();
            let fence: String = doc.chars().take_while(|c| *c == '`' || *c == '~').collect();
            if fence.len() < 3 {
                continue;
            }
            match &open {
                Some(opened) if doc.trim_end() == opened.as_str() => open = None,
                Some(_) => {}
                None => {
                    let info = &doc[fence.len()..];
                    // sdkgen's own examples are `no_run`; everything else must be text.
                    assert!(
                        info == "text" || info == "no_run",
                        "{path}: the doc line {doc:?} opens a code block"
                    );
                    open = Some(fence);
                }
            }
        }
    }
}

#[test]
fn a_hostile_document_generates_a_crate_that_compiles_lints_tests_and_documents_clean() {
    let dir = std::env::temp_dir().join(format!("sdkgen-hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp folder");
    let document: PathBuf = dir.join("hostile-api.txt");
    std::fs::write(&document, hostile_document()).expect("document written");
    let out = dir.join("client");
    let (outcome, rendered) = Config::new([&document])
        .out_dir(&out)
        .crate_name("hostile-client")
        .write()
        .expect("the hostile document generates");

    // `self` and `Self` are two modules; the second group is renamed, with a warning.
    for module in [
        "self_",
        "self_2",
        "type_",
        "crate_",
        "super_",
        "option",
        "n3d_models",
    ] {
        assert!(
            outcome.written.contains(&format!("src/api/{module}.rs")),
            "no module {module}: {:?}",
            outcome.written
        );
    }
    let warnings: Vec<String> = rendered
        .warnings
        .iter()
        .map(|d| {
            format!(
                "{}:{}: {}: {}",
                d.span.line, d.span.column, d.code, d.message
            )
        })
        .collect();
    let has = |needle: &str| warnings.iter().any(|w| w.contains(needle));
    assert!(
        has("1:66: bidi-control: bidirectional control character U+202E"),
        "{warnings:#?}"
    );
    assert!(has(
        "name-collision: the group `Self` would be the module `self_`"
    ));
    assert!(has("name-collision: the type `Option` would shadow"));
    assert!(has(
        "name-collision: `Items.user_id` would be the field `user_id`"
    ));

    // No type takes a name of the prelude or of the runtime.
    let model = &rendered.inferred.model;
    for def in &model.types {
        assert!(
            !sdkgen::naming::is_reserved_type(&def.name),
            "a type is named {}",
            def.name
        );
    }

    // Nothing in the crate's sources, manifest or README shows a bidirectional control as it
    // is (the Markdown pages keep the document's text, so that they read back into it).
    for path in outcome
        .written
        .iter()
        .filter(|p| p.ends_with(".rs") || p.ends_with(".toml") || *p == "README.md")
    {
        let text = std::fs::read_to_string(out.join(path)).expect("generated file readable");
        assert!(
            !text.chars().any(sdkgen::source::is_bidi_control),
            "{path} holds a bidirectional control"
        );
    }
    assert_no_doctest_from_the_document(&out, &outcome.written);

    // The workspace's lock file pins the same dependency versions it already built.
    std::fs::copy(repo_root().join("Cargo.lock"), out.join("Cargo.lock")).expect("lock copied");
    // The title's `"` and `\` reach the package description intact.
    let metadata = cargo_in(
        &out,
        &[
            "metadata",
            "--no-deps",
            "--format-version",
            "1",
            "--offline",
        ],
        &[],
    );
    let metadata: serde_json::Value = serde_json::from_str(&metadata).expect("metadata is JSON");
    let description = metadata["packages"][0]["description"]
        .as_str()
        .expect("a description");
    assert!(
        description.starts_with("Typed async client for the Hostile \"Portal\" \\ API — ```rust"),
        "{description}"
    );
    cargo_in(
        &out,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
        &[],
    );
    // Unit, fixture-replay and doc tests: a fence of the document would run here.
    cargo_in(&out, &["test", "--quiet"], &[]);
    cargo_in(
        &out,
        &["doc", "--no-deps", "--quiet"],
        &[("RUSTDOCFLAGS", "-D warnings")],
    );
    let _ = std::fs::remove_dir_all(&dir);
}
