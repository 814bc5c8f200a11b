//! The `sdkgen diff` and `sdkgen generate --check` command lines: exit codes, what each flag
//! changes, and that the printed reports are the goldens of `tests/fixtures/diff/`.
//!
//! Exit codes: `diff` exits 0 with a report, 1 when `--fail-on` finds a change at or above its
//! severity, 2 when a document or a flag is wrong; `generate --check` exits 0 when the output
//! folder is fresh and 1 when a file is stale, missing or extra.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("generator/ lives in the repository")
        .to_path_buf()
}

/// Runs the binary in the repository root, so relative paths name the fixtures as the goldens
/// do.
fn sdkgen(args: &[&str]) -> Output {
    sdkgen_in(&repo_root(), args)
}

fn sdkgen_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run sdkgen")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn case(name: &str, file: &str) -> String {
    format!("tests/fixtures/diff/{name}/{file}")
}

fn golden(name: &str, file: &str) -> String {
    std::fs::read_to_string(repo_root().join(case(name, file))).expect("the golden exists")
}

/// `sdkgen diff OLD NEW` of a case, with extra arguments.
fn diff(name: &str, extra: &[&str]) -> Output {
    let (old, new) = (case(name, "old.txt"), case(name, "new.txt"));
    let mut args = vec!["diff", old.as_str(), new.as_str()];
    args.extend_from_slice(extra);
    sdkgen(&args)
}

/// A fresh, empty temp folder unique to this process and test.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-cli-diff-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Every file under `dir` with its content.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                files.insert(path.clone(), std::fs::read(&path).expect("read file"));
            }
        }
    }
    files
}

#[test]
fn diff_prints_the_text_golden_by_default() {
    let output = diff("release", &[]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), golden("release", "expected.txt"));
    let explicit = diff("release", &["--format", "text"]);
    assert_eq!(stdout(&explicit), stdout(&output));
}

#[test]
fn diff_format_json_prints_the_json_golden() {
    let output = diff("release", &["--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), golden("release", "expected.json"));
    let output = diff("endpoint-removed", &["--format", "json"]);
    assert_eq!(stdout(&output), golden("endpoint-removed", "expected.json"));
}

#[test]
fn diff_format_markdown_prints_the_markdown_golden() {
    let output = diff("release", &["--format", "markdown"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(stdout(&output), golden("release", "expected.md"));
}

#[test]
fn diff_fail_on_breaking() {
    // Breaking changes only: exit 1, the report still printed.
    let output = diff("endpoint-removed", &["--fail-on", "breaking"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output), golden("endpoint-removed", "expected.txt"));
    assert!(
        stderr(&output).contains("--fail-on breaking"),
        "{}",
        stderr(&output)
    );
    // Possibly breaking is below the threshold.
    let output = diff("error-code-added", &["--fail-on", "breaking"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    // Without the flag a breaking change is only reported.
    assert_eq!(diff("endpoint-removed", &[]).status.code(), Some(0));
}

#[test]
fn diff_fail_on_possibly_breaking() {
    let output = diff("error-code-added", &["--fail-on", "possibly-breaking"]);
    assert_eq!(output.status.code(), Some(1));
    let output = diff("endpoint-removed", &["--fail-on", "possibly-breaking"]);
    assert_eq!(output.status.code(), Some(1));
    // Compatible changes and no changes pass.
    let output = diff("endpoint-added", &["--fail-on", "possibly-breaking"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let output = diff("unchanged", &["--fail-on", "possibly-breaking"]);
    assert_eq!(output.status.code(), Some(0));
    // Anything else is refused by the argument parser.
    let output = diff("unchanged", &["--fail-on", "compatible-ish"]);
    assert_eq!(output.status.code(), Some(2));
}

#[test]
fn diff_current_version_sets_the_suggestion() {
    let json = |output: Output| -> serde_json::Value {
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        serde_json::from_str(&stdout(&output)).expect("JSON")
    };
    let default = json(diff("endpoint-removed", &["--format", "json"]));
    assert_eq!(default["version"]["current"], "0.1.0");
    assert_eq!(default["version"]["suggested"], "0.2.0");
    let stable = json(diff(
        "endpoint-removed",
        &["--format", "json", "--current-version", "1.4.2"],
    ));
    assert_eq!(stable["version"]["current"], "1.4.2");
    assert_eq!(stable["version"]["suggested"], "2.0.0");
    let minor = json(diff(
        "endpoint-added",
        &["--format", "json", "--current-version", "1.4.2"],
    ));
    assert_eq!(minor["version"]["suggested"], "1.5.0");
    let text = diff("endpoint-added", &["--current-version", "1.4.2"]);
    assert!(
        stdout(&text).contains("suggested crate version: 1.5.0 (from 1.4.2: minor change)"),
        "{}",
        stdout(&text)
    );
    let bad = diff("endpoint-added", &["--current-version", "1.4"]);
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(stdout(&bad), "");
    assert!(
        stderr(&bad).contains("--current-version"),
        "{}",
        stderr(&bad)
    );
}

#[test]
fn diff_of_folders_and_broken_documents() {
    let dir = temp_dir("folders");
    for side in ["old", "new"] {
        std::fs::create_dir_all(dir.join(side)).expect("create side");
        let text = std::fs::read(repo_root().join(case("endpoint-added", &format!("{side}.txt"))))
            .expect("read case");
        std::fs::write(dir.join(side).join("api.txt"), text).expect("write side");
    }
    let output = sdkgen_in(&dir, &["diff", "old", "new"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("[compatible] endpoint.added"),
        "{}",
        stdout(&output)
    );

    // A broken NEW: exit 2, nothing on stdout, the error at its position.
    let text = std::fs::read_to_string(dir.join("new/api.txt")).expect("read");
    std::fs::write(
        dir.join("new/api.txt"),
        text.replacen("\"expiresIn\": 300,", "\"expiresIn\": 300,,", 1),
    )
    .expect("break it");
    let output = sdkgen_in(&dir, &["diff", "old", "new"]);
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(stdout(&output), "");
    assert!(
        stderr(&output).contains("new/api.txt:"),
        "{}",
        stderr(&output)
    );
    // A missing OLD.
    let output = sdkgen_in(&dir, &["diff", "nowhere", "old"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("nowhere"), "{}", stderr(&output));
    let _ = std::fs::remove_dir_all(&dir);
}

/// Generates the `release` case's OLD document into a temp folder; returns (folder, output).
fn generated(test: &str) -> (PathBuf, PathBuf) {
    let dir = temp_dir(test);
    let input = repo_root().join(case("release", "old.txt"));
    let out = dir.join("client");
    let output = sdkgen_in(
        &dir,
        &[
            "generate",
            input.to_str().expect("UTF-8 path"),
            "--out",
            "client",
            "--quiet",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    (dir, out)
}

fn check(dir: &Path, document: &str) -> Output {
    let input = repo_root().join(case("release", document));
    sdkgen_in(
        dir,
        &[
            "generate",
            input.to_str().expect("UTF-8 path"),
            "--out",
            "client",
            "--check",
        ],
    )
}

#[test]
fn generate_check_fresh_exits_0() {
    let (dir, _) = generated("check-fresh");
    let before = snapshot(&dir);
    let output = check(&dir, "old.txt");
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    assert!(stdout(&output).contains("client is fresh"));
    assert_eq!(snapshot(&dir), before, "--check writes nothing");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn generate_check_stale_missing_and_extra_exit_1() {
    let (dir, out) = generated("check-stale");
    let types = out.join("src/types.rs");
    let text = std::fs::read_to_string(&types).expect("types.rs");
    std::fs::write(&types, text.replacen("pub struct", "pub(crate) struct", 1)).expect("edit");
    std::fs::remove_file(out.join("src/lib.rs")).expect("remove lib.rs");
    // A file sdkgen owns (it is in the manifest) that it would no longer produce.
    let manifest = out.join(".sdkgen-manifest");
    let mut listed = std::fs::read_to_string(&manifest).expect("manifest");
    listed.push_str("src/api/gone.rs\n");
    std::fs::write(&manifest, listed).expect("manifest");
    std::fs::write(out.join("src/api/gone.rs"), "// old output\n").expect("gone.rs");
    let before = snapshot(&dir);

    let output = check(&dir, "old.txt");
    let printed = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{printed}");
    assert!(printed.contains("stale:   src/types.rs\n"), "{printed}");
    assert!(
        printed.contains("-pub(crate) struct"),
        "the short diff:\n{printed}"
    );
    assert!(printed.contains("stale:   .sdkgen-manifest\n"), "{printed}");
    assert!(printed.contains("missing: src/lib.rs\n"), "{printed}");
    assert!(printed.contains("extra:   src/api/gone.rs\n"), "{printed}");
    assert!(printed.contains("run `sdkgen generate`"), "{printed}");
    assert_eq!(snapshot(&dir), before, "--check writes nothing");

    // A changed document makes the folder stale too.
    let (fresh_dir, _) = generated("check-stale-input");
    let output = check(&fresh_dir, "new.txt");
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stdout(&output).contains("stale:   src/types.rs"),
        "{}",
        stdout(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&fresh_dir);
}

#[test]
fn generate_with_broken_input_writes_nothing_and_exits_2() {
    let (dir, _) = generated("broken");
    let text = std::fs::read_to_string(repo_root().join(case("release", "new.txt"))).expect("read");
    std::fs::write(
        dir.join("broken.txt"),
        text.replacen("\"riskLevel\": \"LOW\"", "\"riskLevel\": LOW", 1),
    )
    .expect("write");
    let before = snapshot(&dir);
    for extra in [&[][..], &["--check"][..]] {
        let mut args = vec!["generate", "broken.txt", "--out", "client"];
        args.extend_from_slice(extra);
        let output = sdkgen_in(&dir, &args);
        assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
        assert!(
            stderr(&output).contains("broken.txt:"),
            "{}",
            stderr(&output)
        );
        assert_eq!(snapshot(&dir), before, "byte for byte as it was");
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn generate_version_crate_name_and_quiet_flags() {
    let dir = temp_dir("flags");
    let input = repo_root().join(case("release", "old.txt"));
    let input = input.to_str().expect("UTF-8 path");
    let output = sdkgen_in(
        &dir,
        &[
            "generate",
            input,
            "--out",
            "named",
            "--crate-name",
            "acme-partner",
            "--version",
            "2.3.4",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(
        stderr(&output).contains("warnings"),
        "the document has warnings, printed without --quiet: {}",
        stderr(&output)
    );
    let manifest = std::fs::read_to_string(dir.join("named/Cargo.toml")).expect("Cargo.toml");
    assert!(manifest.contains("name = \"acme-partner\""), "{manifest}");
    assert!(manifest.contains("version = \"2.3.4\""), "{manifest}");
    // The same version is the OpenAPI document's `info.version`.
    let openapi = std::fs::read_to_string(dir.join("named/openapi.json")).expect("openapi.json");
    let openapi: serde_json::Value = serde_json::from_str(&openapi).expect("JSON");
    assert_eq!(openapi["info"]["version"], "2.3.4");
    let quiet = sdkgen_in(&dir, &["generate", input, "--out", "quiet", "--quiet"]);
    assert_eq!(quiet.status.code(), Some(0));
    assert_eq!(stderr(&quiet), "", "--quiet prints no warnings");
    let default = std::fs::read_to_string(dir.join("quiet/Cargo.toml")).expect("Cargo.toml");
    assert!(default.contains("version = \"0.1.0\""), "{default}");
    assert!(default.contains("name = \"old-client\""), "{default}");
    let openapi = std::fs::read_to_string(dir.join("quiet/openapi.json")).expect("openapi.json");
    let openapi: serde_json::Value = serde_json::from_str(&openapi).expect("JSON");
    assert_eq!(openapi["info"]["version"], "0.1.0");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn generate_no_openapi_and_no_docs_flags_skip_those_outputs() {
    let dir = temp_dir("outputs");
    let input = repo_root().join(case("release", "old.txt"));
    let input = input.to_str().expect("UTF-8 path");
    let output = sdkgen_in(&dir, &["generate", input, "--out", "all", "-q"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.join("all/openapi.json").exists());
    assert!(dir.join("all/docs/index.md").exists());
    let output = sdkgen_in(
        &dir,
        &[
            "generate",
            input,
            "--out",
            "lean",
            "-q",
            "--no-openapi",
            "--no-docs",
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(dir.join("lean/src/lib.rs").exists());
    assert!(!dir.join("lean/openapi.json").exists());
    assert!(!dir.join("lean/docs").exists());
    let _ = std::fs::remove_dir_all(&dir);
}
