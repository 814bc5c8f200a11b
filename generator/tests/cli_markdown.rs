//! End-to-end tests of `sdkgen markdown`: the pages land in `-o DIR`, `--crate-name` reaches
//! the Rust examples, `--quiet` silences warnings, stale pages are removed while other files are
//! kept, and `sdkgen inspect` reads the pages back into the same API as the document.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const REAL_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../docs-input/partner-web-endpoints.txt"
);

/// A fresh, empty temp folder unique to this process and test.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-cli-md-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

fn sdkgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .output()
        .expect("the sdkgen binary runs")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn path(dir: &Path) -> &str {
    dir.to_str().expect("a UTF-8 temp path")
}

fn pages_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("the output folder exists")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    names
}

#[test]
fn markdown_writes_the_pages_into_the_out_folder() {
    let dir = temp_dir("out").join("docs");
    let output = sdkgen(&["markdown", REAL_PATH, "-o", path(&dir)]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(
        text(&output.stdout).contains("22 pages written, 0 unchanged, 0 removed"),
        "{}",
        text(&output.stdout)
    );
    // Warnings are printed (without --quiet): the document's own.
    assert!(text(&output.stderr).contains("no success fixture"));
    let pages = pages_in(&dir);
    assert_eq!(pages.len(), 22);
    for page in [
        "index.md",
        "types.md",
        "headers.md",
        "auth.md",
        "api-keys.md",
    ] {
        assert!(pages.contains(&page.to_owned()), "{pages:?}");
    }
    // The same pages `sdkgen generate` writes into generated-client/docs.
    let checked_in = Path::new(env!("CARGO_MANIFEST_DIR")).join("../generated-client/docs");
    for page in &pages {
        let written = std::fs::read_to_string(dir.join(page)).expect("a page");
        let expected = std::fs::read_to_string(checked_in.join(page)).expect("a checked-in page");
        assert_eq!(
            written, expected,
            "{page} differs from generated-client/docs"
        );
    }
    // A second run leaves every page as it was.
    let again = sdkgen(&["markdown", REAL_PATH, "-o", path(&dir), "--quiet"]);
    assert!(text(&again.stdout).contains("0 pages written, 22 unchanged, 0 removed"));
    let _ = std::fs::remove_dir_all(dir.parent().expect("temp dir"));
}

#[test]
fn markdown_needs_an_out_folder() {
    let output = sdkgen(&["markdown", REAL_PATH]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("--out <DIR>"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn crate_name_reaches_the_rust_examples() {
    let dir = temp_dir("crate-name");
    let output = sdkgen(&[
        "markdown",
        REAL_PATH,
        "-o",
        path(&dir),
        "--crate-name",
        "acme-partner",
        "-q",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let auth = std::fs::read_to_string(dir.join("auth.md")).expect("auth.md");
    assert!(auth.contains("use acme_partner::{InitiateLoginRequest, InitiateLoginResult};"));
    assert!(!auth.contains("partner_web_client"));
    let index = std::fs::read_to_string(dir.join("index.md")).expect("index.md");
    assert!(index.contains("use acme_partner::Client;"));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn quiet_prints_no_warnings() {
    let dir = temp_dir("quiet");
    let output = sdkgen(&["markdown", REAL_PATH, "-o", path(&dir), "--quiet"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(text(&output.stderr), "");
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn pages_sdkgen_no_longer_writes_are_removed_and_others_kept() {
    let dir = temp_dir("stale");
    let document = dir.join("pets.txt");
    let two_groups = "\
Pets API
Dogs
GET /dogs
Success Response: (HTTP 200)
{\"success\": true, \"data\": []}
Cats
GET /cats
Success Response: (HTTP 200)
{\"success\": true, \"data\": []}
";
    std::fs::write(&document, two_groups).expect("write the document");
    let out = dir.join("docs");
    let first = sdkgen(&["markdown", path(&document), "-o", path(&out), "-q"]);
    assert_eq!(first.status.code(), Some(0), "{}", text(&first.stderr));
    assert_eq!(
        pages_in(&out),
        ["cats.md", "dogs.md", "headers.md", "index.md", "types.md"]
    );
    std::fs::write(out.join("notes.md"), "# Mine\n").expect("write a file of our own");
    let one_group = two_groups.split("Cats\n").next().expect("the dogs");
    std::fs::write(&document, one_group).expect("rewrite the document");
    let second = sdkgen(&["markdown", path(&document), "-o", path(&out), "-q"]);
    assert!(
        text(&second.stdout).contains("1 removed"),
        "{}",
        text(&second.stdout)
    );
    assert_eq!(
        pages_in(&out),
        ["dogs.md", "headers.md", "index.md", "notes.md", "types.md"]
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn inspect_reads_the_pages_back_into_the_same_api() {
    let dir = temp_dir("inspect");
    let output = sdkgen(&["markdown", REAL_PATH, "-o", path(&dir), "-q"]);
    assert_eq!(output.status.code(), Some(0));
    let summary = |input: &str| {
        let output = sdkgen(&["inspect", input]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        // Everything but the list of files read.
        text(&output.stdout)
            .lines()
            .filter(|l| !l.trim_start().starts_with("files:"))
            .collect::<Vec<_>>()
            .join("\n")
    };
    // The document's preamble names a local path, which is warned about and left off the
    // pages: the one warning the pages cannot give back.
    let document =
        summary(REAL_PATH).replace("warnings:   51 from reading", "warnings:   50 from reading");
    assert!(
        document.contains("warnings:   50 from reading"),
        "{document}"
    );
    assert_eq!(document, summary(path(&dir)));
    let _ = std::fs::remove_dir_all(&dir);
}
