//! Regeneration through the library (`sdkgen::Config`): only changed files are written, a
//! failed run writes nothing, `check` finds stale, missing and extra files, hand-written files
//! are never touched, and files sdkgen no longer produces are deleted. Each test works in its
//! own temp folder, on the small documents of `tests/fixtures/diff/`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use sdkgen::MANIFEST;
use sdkgen::{Config, Error};
use sdkgen_tests::repo_root;

/// A fresh temp folder for one test; removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(test: &str) -> TempDir {
        let dir =
            std::env::temp_dir().join(format!("sdkgen-regenerate-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the temp folder");
        TempDir(dir)
    }

    fn path(&self) -> &Path {
        &self.0
    }

    fn out(&self) -> PathBuf {
        self.0.join("client")
    }

    /// Writes a document into the temp folder and returns its path.
    fn document(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        std::fs::write(&path, text).expect("write the document");
        path
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// A document of `tests/fixtures/diff/`, such as `release/old.txt`.
fn fixture(relative: &str) -> PathBuf {
    repo_root().join("tests/fixtures/diff").join(relative)
}

fn config(input: &Path, out: &Path) -> Config {
    Config::new([input]).out_dir(out).crate_name("demo-client")
}

/// Every file under `dir`, by relative path, with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let path = entry.expect("a folder entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let relative = path
                    .strip_prefix(dir)
                    .expect("inside the folder")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(relative, std::fs::read(&path).expect("read a file"));
            }
        }
    }
    files
}

/// The files OLD's rendering has and NEW's does not, sorted: what sdkgen no longer produces.
fn dropped(old: &Path, new: &Path) -> Vec<String> {
    let out = Path::new("unused");
    let old = config(old, out).render().expect("OLD renders").files;
    let new = config(new, out).render().expect("NEW renders").files;
    let dropped: Vec<String> = old.into_keys().filter(|f| !new.contains_key(f)).collect();
    assert!(
        dropped.contains(&"src/api/security.rs".to_owned()),
        "the Security group's module: {dropped:?}"
    );
    dropped
}

fn modified(path: &Path) -> SystemTime {
    std::fs::metadata(path)
        .and_then(|m| m.modified())
        .expect("file metadata")
}

#[test]
fn writes_only_files_whose_content_changed() {
    let temp = TempDir::new("only-changed");
    let out = temp.out();
    let (first, rendered) = config(&fixture("field-type-changed/old.txt"), &out)
        .write()
        .expect("first run");
    assert!(first.unchanged.is_empty() && first.removed.is_empty());
    assert_eq!(
        first.written.iter().collect::<BTreeSet<_>>(),
        rendered.files.keys().collect::<BTreeSet<_>>()
    );
    assert!(out.join(MANIFEST).is_file());

    let (again, _) = config(&fixture("field-type-changed/old.txt"), &out)
        .write()
        .expect("second run");
    assert_eq!(again.written, Vec::<String>::new(), "nothing changed");
    assert_eq!(again.unchanged.len(), first.written.len());

    // One field's type changes: the files that show it are written, no other file is.
    let times: BTreeMap<String, SystemTime> = first
        .written
        .iter()
        .map(|f| (f.clone(), modified(&out.join(f))))
        .collect();
    let (edit, _) = config(&fixture("field-type-changed/new.txt"), &out)
        .write()
        .expect("third run");
    for file in ["src/types.rs", "tests/fixtures.json"] {
        assert!(edit.written.contains(&file.to_owned()), "{edit:?}");
    }
    let untouched = |f: &&String| {
        ["Cargo.toml", "README.md", "src/lib.rs"].contains(&f.as_str())
            || ["src/api/", "src/runtime/", "examples/"]
                .iter()
                .any(|p| f.starts_with(p))
    };
    let wrong: Vec<&String> = edit.written.iter().filter(untouched).collect();
    assert!(
        wrong.is_empty(),
        "a response field's type is not in {wrong:?}"
    );
    for file in &edit.unchanged {
        assert_eq!(
            modified(&out.join(file)),
            times[file],
            "{file} was rewritten"
        );
    }
    let leftovers: Vec<String> = snapshot(&out)
        .into_keys()
        .filter(|f| f.contains(".sdkgen-tmp"))
        .collect();
    assert_eq!(
        leftovers,
        Vec::<String>::new(),
        "no temporary files are left"
    );
}

#[test]
fn check_on_fresh_output_is_fresh_and_writes_nothing() {
    let temp = TempDir::new("check-fresh");
    let out = temp.out();
    let input = fixture("release/old.txt");
    config(&input, &out).write().expect("generate");
    let before = snapshot(temp.path());
    let (staleness, _) = config(&input, &out).check().expect("check");
    assert!(staleness.is_fresh(), "{staleness:?}");
    assert_eq!(snapshot(temp.path()), before);
}

#[test]
fn check_reports_a_stale_file_with_a_short_diff() {
    let temp = TempDir::new("check-stale");
    let out = temp.out();
    let input = fixture("release/old.txt");
    config(&input, &out).write().expect("generate");
    let types = out.join("src/types.rs");
    let text = std::fs::read_to_string(&types).expect("types.rs");
    std::fs::write(&types, text.replacen("pub struct", "pub(crate) struct", 1)).expect("edit");
    let before = snapshot(temp.path());
    let (staleness, _) = config(&input, &out).check().expect("check");
    assert_eq!(staleness.missing, Vec::<String>::new());
    assert_eq!(staleness.extra, Vec::<String>::new());
    let [(path, diff)] = staleness.stale.as_slice() else {
        panic!("one stale file: {staleness:?}");
    };
    assert_eq!(path, "src/types.rs");
    assert!(diff.contains("-pub(crate) struct"), "{diff}");
    assert!(diff.contains("+pub struct"), "{diff}");
    assert_eq!(snapshot(temp.path()), before, "check writes nothing");
    // The input changing makes files stale too.
    let (staleness, _) = config(&fixture("release/new.txt"), &out)
        .check()
        .expect("check");
    assert!(!staleness.is_fresh());
    assert_eq!(snapshot(temp.path()), before, "check writes nothing");
}

#[test]
fn check_reports_a_missing_file() {
    let temp = TempDir::new("check-missing");
    let out = temp.out();
    let input = fixture("release/old.txt");
    config(&input, &out).write().expect("generate");
    std::fs::remove_file(out.join("src/lib.rs")).expect("remove");
    let (staleness, _) = config(&input, &out).check().expect("check");
    assert_eq!(staleness.missing, ["src/lib.rs"]);
    assert!(staleness.stale.is_empty() && staleness.extra.is_empty());
    // On an empty folder every file is missing, the manifest included.
    let empty = temp.path().join("empty");
    let (staleness, rendered) = config(&input, &empty).check().expect("check");
    assert_eq!(staleness.missing.len(), rendered.files.len() + 1);
    assert!(staleness.missing.contains(&MANIFEST.to_owned()));
    assert!(!empty.exists(), "check creates nothing");
}

#[test]
fn check_reports_an_extra_file() {
    let temp = TempDir::new("check-extra");
    let out = temp.out();
    // OLD has a Security group; NEW does not.
    config(&fixture("endpoint-removed/old.txt"), &out)
        .write()
        .expect("generate");
    assert!(out.join("src/api/security.rs").is_file());
    let before = snapshot(temp.path());
    let (staleness, _) = config(&fixture("endpoint-removed/new.txt"), &out)
        .check()
        .expect("check");
    let dropped = dropped(
        &fixture("endpoint-removed/old.txt"),
        &fixture("endpoint-removed/new.txt"),
    );
    assert_eq!(staleness.extra, dropped);
    assert!(staleness.missing.is_empty());
    assert_eq!(snapshot(temp.path()), before, "check deletes nothing");
}

#[test]
fn a_file_no_longer_generated_is_deleted_on_the_next_run() {
    let temp = TempDir::new("removed");
    let out = temp.out();
    config(&fixture("endpoint-removed/old.txt"), &out)
        .write()
        .expect("generate");
    let (outcome, _) = config(&fixture("endpoint-removed/new.txt"), &out)
        .write()
        .expect("regenerate");
    let dropped = dropped(
        &fixture("endpoint-removed/old.txt"),
        &fixture("endpoint-removed/new.txt"),
    );
    assert_eq!(outcome.removed, dropped);
    let manifest = std::fs::read_to_string(out.join(MANIFEST)).expect("manifest");
    for file in &dropped {
        assert!(!out.join(file).exists(), "{file} is deleted");
        assert!(!manifest.lines().any(|l| l == file), "{manifest}");
    }
    let (staleness, _) = config(&fixture("endpoint-removed/new.txt"), &out)
        .check()
        .expect("check");
    assert!(staleness.is_fresh(), "{staleness:?}");
}

#[test]
fn hand_written_files_survive_regeneration() {
    let temp = TempDir::new("hand-written");
    let out = temp.out();
    config(&fixture("endpoint-removed/old.txt"), &out)
        .write()
        .expect("generate");
    let mine = [
        ("tests/my_test.rs", "#[test]\nfn mine() {}\n"),
        ("NOTES.md", "my notes\n"),
        // Next to generated files, in a folder sdkgen writes to.
        ("src/api/extra_helpers.rs", "// hand-written\n"),
    ];
    for (path, text) in mine {
        std::fs::write(out.join(path), text).expect("write a hand-written file");
    }
    // A regeneration that writes, and one that deletes a file sdkgen owned.
    config(&fixture("endpoint-removed/new.txt"), &out)
        .write()
        .expect("regenerate");
    config(&fixture("endpoint-added/new.txt"), &out)
        .write()
        .expect("regenerate");
    for (path, text) in mine {
        assert_eq!(
            std::fs::read_to_string(out.join(path)).ok().as_deref(),
            Some(text),
            "{path} must be left as it was"
        );
    }
    let (staleness, _) = config(&fixture("endpoint-added/new.txt"), &out)
        .check()
        .expect("check");
    assert!(
        staleness.is_fresh(),
        "hand-written files are not extra: {staleness:?}"
    );
}

#[test]
fn a_failed_run_leaves_the_output_byte_for_byte() {
    let temp = TempDir::new("failed-run");
    let out = temp.out();
    let good = fixture("release/old.txt");
    config(&good, &out).write().expect("generate");
    std::fs::write(out.join("NOTES.md"), "mine\n").expect("a hand-written file");
    let before = snapshot(&out);

    // Malformed JSON in a sample of a document that otherwise changed a lot.
    let text = std::fs::read_to_string(fixture("release/new.txt")).expect("read");
    let broken = temp.document(
        "broken.txt",
        &text.replacen("\"riskLevel\": \"LOW\"", "\"riskLevel\": LOW", 1),
    );
    match config(&broken, &out).write() {
        Err(Error::Document(report)) => assert!(report.has_errors()),
        other => panic!("a document error, got {other:?}"),
    }
    assert_eq!(snapshot(&out), before);

    // A document that is missing, and a setting that is invalid.
    let missing = temp.path().join("nowhere.txt");
    assert!(config(&missing, &out).write().is_err());
    assert_eq!(snapshot(&out), before);
    let invalid = Config::new([&good]).out_dir(&out).crate_name("not a name!");
    assert!(matches!(invalid.write(), Err(Error::Config(_))));
    assert_eq!(snapshot(&out), before);

    // Into a folder that does not exist yet: it is not even created.
    let fresh = temp.path().join("fresh");
    assert!(config(&broken, &fresh).write().is_err());
    assert!(!fresh.exists());
}

/// The loop a maintainer runs: edit the document, `sdkgen diff`, then `sdkgen generate`. The
/// report names the one change where it is, and regeneration rewrites only what shows it.
#[test]
fn editing_the_real_document_then_diff_then_generate() {
    let temp = TempDir::new("real-edit");
    let out = temp.out();
    let text = sdkgen_tests::real_document_text();
    let old = temp.document("old.txt", &text);
    let edited = text.replacen("\"expiresIn\": 300,", "\"expiresIn\": \"300s\",", 1);
    assert_ne!(edited, text);
    let new = temp.document("new.txt", &edited);
    let line = edited
        .lines()
        .position(|l| l == "\"expiresIn\": \"300s\",")
        .expect("the edited line")
        + 1;

    let report = sdkgen::diff::diff_paths(std::slice::from_ref(&old), std::slice::from_ref(&new))
        .expect("both read");
    let [change] = report.changes.as_slice() else {
        panic!("one change: {}", report.to_text(Default::default()));
    };
    assert_eq!(change.check, sdkgen::diff::Check::ResponseFieldTypeChanged);
    assert_eq!(change.route, "POST /web/v1/partner/auth/login/initiate");
    assert_eq!(change.location.as_deref(), Some("data.expiresIn"));
    assert_eq!(
        change.source,
        Some(format!("{}:{line}:1", new.display())),
        "the source position is the edited line"
    );

    config(&old, &out).write().expect("generate OLD");
    let (outcome, _) = config(&new, &out).write().expect("generate NEW");
    assert!(
        outcome.written.contains(&"src/types.rs".to_owned()),
        "{outcome:?}"
    );
    assert!(outcome.removed.is_empty(), "{outcome:?}");
    let unrelated: Vec<&String> = outcome
        .written
        .iter()
        .filter(|f| {
            ["Cargo.toml", "README.md", "src/lib.rs"].contains(&f.as_str())
                || ["src/api/", "src/runtime/", "examples/"]
                    .iter()
                    .any(|p| f.starts_with(p))
        })
        .collect();
    assert!(unrelated.is_empty(), "{unrelated:?}");
    let types = std::fs::read_to_string(out.join("src/types.rs")).expect("types.rs");
    assert!(
        types.contains("pub expires_in: String,"),
        "the new type is generated"
    );
}
