//! Tests of the output-folder writer: confinement, ownership, the lock, and what failed and
//! killed runs leave (with faults injected at each rename).

use super::*;

/// A fresh folder for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("sdkgen-write-{}-{test}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn out(&self) -> PathBuf {
        self.0.join("out")
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

fn files(entries: &[(&str, &str)]) -> Files {
    entries
        .iter()
        .map(|(path, text)| ((*path).to_owned(), (*text).to_owned()))
        .collect()
}

/// Every file and link under `dir` (relative path → content, or `-> target` for a link).
fn snapshot(dir: &Path) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let relative = path
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let kind = entry.file_type().unwrap();
            if kind.is_symlink() {
                let link = fs::read_link(&path).unwrap();
                found.insert(relative, format!("-> {}", link.display()));
            } else if kind.is_dir() {
                stack.push(path);
            } else {
                found.insert(relative, fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    found
}

const FORCE: WriteOptions = WriteOptions { force: true };

#[test]
fn confined_accepts_relative_paths_inside_and_refuses_the_rest() {
    for good in ["Cargo.toml", "src/api/roles.rs", "docs/index.md", "a..b/c"] {
        assert!(confined(good).is_ok(), "{good}");
    }
    for (bad, why) in [
        ("", "empty"),
        ("../x", ".."),
        ("src/../../x", ".."),
        ("/tmp/x", "absolute"),
        ("./x", "`.`"),
        ("a\\..\\b", "backslash"),
        (MANIFEST, "bookkeeping"),
        (JOURNAL, "bookkeeping"),
        (".sdkgen-tmp-abc", "bookkeeping"),
        ("src/.sdkgen-tmp-abc", "bookkeeping"),
    ] {
        let error = confined(bad).expect_err(bad);
        assert!(error.contains(why), "{bad}: {error}");
    }
}

#[test]
fn manifest_entries_outside_the_folder_are_never_removed() {
    let scratch = Scratch::new("manifest-outside");
    let out = scratch.out();
    fs::create_dir_all(&out).unwrap();
    let victim = scratch.0.join("victim.txt");
    fs::write(&victim, "keep me").unwrap();
    let absolute = scratch.0.join("absolute.txt");
    fs::write(&absolute, "keep me too").unwrap();
    fs::write(
        out.join(MANIFEST),
        format!("../victim.txt\n{}\nold.txt\n", absolute.display()),
    )
    .unwrap();
    fs::write(out.join("old.txt"), "generated before").unwrap();

    let outcome = write_files(&out, &files(&[("a.txt", "A")]), WriteOptions::default()).unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(fs::read_to_string(&absolute).unwrap(), "keep me too");
    assert_eq!(outcome.removed, ["old.txt"], "the entry inside still works");
    assert_eq!(outcome.warnings.len(), 2, "{:?}", outcome.warnings);
    assert!(outcome.warnings[0].contains("`../victim.txt`: it contains `..`"));
    assert!(outcome.warnings[1].contains("it is absolute"));
    assert!(outcome.warnings[0].contains(".sdkgen-manifest:1:"));
}

#[test]
fn an_unreadable_manifest_is_an_error_naming_it() {
    let scratch = Scratch::new("manifest-binary");
    let out = scratch.out();
    fs::create_dir_all(&out).unwrap();
    fs::write(out.join(MANIFEST), b"\xff\xfe not text").unwrap();
    let error = write_files(&out, &files(&[("a.txt", "A")]), FORCE).unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.contains(".sdkgen-manifest: error: not UTF-8"),
        "{shown}"
    );
    assert!(!out.join("a.txt").exists());
}

#[cfg(unix)]
#[test]
fn a_link_at_a_target_is_replaced_not_followed() {
    let scratch = Scratch::new("symlink-target");
    let out = scratch.out();
    fs::create_dir_all(&out).unwrap();
    let victim = scratch.0.join("victim.txt");
    fs::write(&victim, "keep me").unwrap();
    std::os::unix::fs::symlink(&victim, out.join("a.txt")).unwrap();
    // The temporary name earlier versions used, planted as a link.
    std::os::unix::fs::symlink(&victim, out.join(".a.txt.sdkgen-tmp")).unwrap();
    fs::write(out.join(MANIFEST), "a.txt\n").unwrap();

    write_files(
        &out,
        &files(&[("a.txt", "generated")]),
        WriteOptions::default(),
    )
    .unwrap();
    assert_eq!(fs::read_to_string(&victim).unwrap(), "keep me");
    assert!(!fs::symlink_metadata(out.join("a.txt"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "generated");
}

#[cfg(unix)]
#[test]
fn a_linked_folder_inside_the_output_is_refused() {
    let scratch = Scratch::new("symlink-folder");
    let out = scratch.out();
    let elsewhere = scratch.0.join("elsewhere");
    fs::create_dir_all(&out).unwrap();
    fs::create_dir_all(&elsewhere).unwrap();
    std::os::unix::fs::symlink(&elsewhere, out.join("src")).unwrap();
    fs::write(out.join(MANIFEST), "src/lib.rs\n").unwrap();

    let error = write_files(&out, &files(&[("src/lib.rs", "x")]), FORCE).unwrap_err();
    assert!(
        error.to_string().contains("`src` is a symbolic link"),
        "{error}"
    );
    assert!(
        fs::read_dir(&elsewhere).unwrap().next().is_none(),
        "nothing written there"
    );

    // Removing a file no longer generated does not go through the link either.
    fs::write(elsewhere.join("old.rs"), "keep").unwrap();
    fs::write(out.join(MANIFEST), "src/old.rs\n").unwrap();
    let outcome = write_files(&out, &files(&[("a.txt", "A")]), FORCE).unwrap();
    assert!(elsewhere.join("old.rs").exists());
    assert!(outcome
        .warnings
        .iter()
        .any(|w| w.contains("not removing `src/old.rs`")));
}

#[test]
fn files_sdkgen_did_not_write_stop_the_run_unless_forced() {
    let scratch = Scratch::new("ownership");
    let out = scratch.out();
    fs::create_dir_all(out.join("src")).unwrap();
    fs::write(out.join("Cargo.toml"), "[package]\nname = \"mine\"\n").unwrap();
    fs::write(out.join("src/lib.rs"), "// my code").unwrap();
    fs::write(out.join("README.md"), "same").unwrap();
    let before = snapshot(&out);
    let generated = files(&[
        ("Cargo.toml", "generated"),
        ("README.md", "same"),
        ("src/lib.rs", "generated"),
        ("src/new.rs", "generated"),
    ]);

    let error = write_files(&out, &generated, WriteOptions::default()).unwrap_err();
    let Error::Conflict { paths, .. } = &error else {
        panic!("{error}");
    };
    assert_eq!(
        paths,
        &[
            "Cargo.toml: a file sdkgen did not write is there",
            "src/lib.rs: a file sdkgen did not write is there"
        ],
        "a file with the right content already is no conflict"
    );
    assert!(error.to_string().contains("--force"));
    assert_eq!(
        snapshot(&out),
        before,
        "nothing written, not even the new file"
    );

    let outcome = write_files(&out, &generated, FORCE).unwrap();
    assert_eq!(outcome.written, ["Cargo.toml", "src/lib.rs", "src/new.rs"]);
    // Owned now: the next run needs no force.
    let changed = files(&[("Cargo.toml", "changed"), ("README.md", "same")]);
    let outcome = write_files(&out, &changed, WriteOptions::default()).unwrap();
    assert_eq!(outcome.removed, ["src/lib.rs", "src/new.rs"]);
}

#[test]
fn a_folder_in_the_way_is_a_conflict_even_when_forced() {
    let scratch = Scratch::new("folder-in-the-way");
    let out = scratch.out();
    fs::create_dir_all(out.join("a.txt")).unwrap();
    let error = write_files(&out, &files(&[("a.txt", "A")]), FORCE).unwrap_err();
    assert!(
        error.to_string().contains("a.txt: a folder is there"),
        "{error}"
    );
}

#[test]
fn a_failed_rename_puts_every_file_back() {
    let scratch = Scratch::new("fail-rename");
    let out = scratch.out();
    let first = files(&[("a.txt", "A1"), ("b/b.txt", "B1"), ("d.txt", "D1")]);
    write_files(&out, &first, WriteOptions::default()).unwrap();
    let before = snapshot(&out);

    let second = files(&[
        ("a.txt", "A2"),
        ("b/b.txt", "B2"),
        ("c/new.txt", "C2"),
        ("d.txt", "D2"),
    ]);
    FAULT.with(|f| f.set(Some(Fault::FailRename(2))));
    let error = write_files(&out, &second, WriteOptions::default()).unwrap_err();
    FAULT.with(|f| f.set(None));
    assert!(
        error.to_string().contains("c/new.txt: error: test fault"),
        "{error}"
    );
    assert_eq!(
        snapshot(&out),
        before,
        "old content back, new files and folders gone"
    );
}

#[test]
fn a_killed_run_is_reported_by_check_and_cleaned_up_by_the_next_run() {
    let scratch = Scratch::new("killed");
    let out = scratch.out();
    let first = files(&[("a.txt", "A1")]);
    write_files(&out, &first, WriteOptions::default()).unwrap();

    let second = files(&[("a.txt", "A2"), ("n/new.txt", "N2"), ("z.txt", "Z2")]);
    FAULT.with(|f| f.set(Some(Fault::KillAfter(2))));
    assert!(write_files(&out, &second, WriteOptions::default()).is_err());
    FAULT.with(|f| f.set(None));
    let left = snapshot(&out);
    assert!(left.contains_key(JOURNAL));
    assert_eq!(
        left.keys().filter(|k| k.starts_with(TEMP_PREFIX)).count(),
        1
    );

    // The first generation again: `n/new.txt` was written by the killed run and is extra.
    let staleness = compare(&out, &first).unwrap();
    assert!(!staleness.is_fresh());
    assert_eq!(staleness.extra, ["n/new.txt"]);
    assert_eq!(
        staleness.interrupted.len(),
        2,
        "{:?}",
        staleness.interrupted
    );
    assert_eq!(staleness.interrupted[0], JOURNAL);
    assert!(staleness.interrupted[1].starts_with(TEMP_PREFIX));

    let outcome = write_files(&out, &first, WriteOptions::default()).unwrap();
    assert_eq!(outcome.recovered.len(), 1);
    assert_eq!(outcome.removed, ["n/new.txt"], "owned through the journal");
    let after = snapshot(&out);
    assert_eq!(
        after.keys().collect::<Vec<_>>(),
        [MANIFEST, "a.txt"],
        "no temporary file, no journal"
    );
    assert!(compare(&out, &first).unwrap().is_fresh());
}

#[test]
fn a_run_killed_while_writing_its_journal_leaves_nothing_behind_for_long() {
    let scratch = Scratch::new("killed-journal");
    let out = scratch.out();
    let first = files(&[("a.txt", "A1")]);
    write_files(&out, &first, WriteOptions::default()).unwrap();
    // The journal's own temporary file, with no journal yet.
    fs::write(out.join(".sdkgen-tmp-Zz9"), "a.txt\n").unwrap();
    let staleness = compare(&out, &first).unwrap();
    assert_eq!(staleness.interrupted, [".sdkgen-tmp-Zz9"]);
    let outcome = write_files(&out, &first, WriteOptions::default()).unwrap();
    assert_eq!(outcome.recovered, [".sdkgen-tmp-Zz9"]);
    assert!(compare(&out, &first).unwrap().is_fresh());
}

#[test]
fn a_second_writer_waits_for_the_lock() {
    let scratch = Scratch::new("lock");
    let out = scratch.out();
    fs::create_dir_all(&out).unwrap();
    let held = lock(&out, true).unwrap();
    let (sender, receiver) = std::sync::mpsc::channel();
    let writer = {
        let out = out.clone();
        std::thread::spawn(move || {
            let result = write_files(&out, &files(&[("a.txt", "A")]), WriteOptions::default());
            sender.send(()).unwrap();
            result
        })
    };
    let waited = receiver.recv_timeout(std::time::Duration::from_millis(300));
    assert!(
        waited.is_err(),
        "the writer finished while the lock was held"
    );
    assert!(!out.join("a.txt").exists());
    drop(held);
    writer.join().unwrap().unwrap();
    assert_eq!(fs::read_to_string(out.join("a.txt")).unwrap(), "A");
}

#[test]
fn concurrent_writers_never_tear_a_file() {
    let scratch = Scratch::new("concurrent");
    let out = scratch.out();
    let big = |c: char| -> Files {
        (0..20)
            .map(|i| (format!("f{i}.txt"), c.to_string().repeat(200_000)))
            .collect()
    };
    let (one, two) = (big('a'), big('b'));
    std::thread::scope(|scope| {
        for _ in 0..3 {
            scope.spawn(|| write_files(&out, &one, WriteOptions::default()).unwrap());
            scope.spawn(|| write_files(&out, &two, WriteOptions::default()).unwrap());
        }
    });
    for i in 0..20 {
        let text = fs::read_to_string(out.join(format!("f{i}.txt"))).unwrap();
        let first = text.chars().next().unwrap();
        assert!(
            text.chars().all(|c| c == first),
            "f{i}.txt holds both runs' bytes"
        );
    }
    let snapshot = snapshot(&out);
    assert!(!snapshot
        .keys()
        .any(|k| k.starts_with(TEMP_PREFIX) || k == JOURNAL));
}

#[cfg(unix)]
#[test]
fn written_files_have_the_usual_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new("permissions");
    let out = scratch.out();
    write_files(&out, &files(&[("a.txt", "A")]), WriteOptions::default()).unwrap();
    let mode = fs::metadata(out.join("a.txt"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(
        mode & 0o644,
        0o644,
        "readable by all, as `fs::write` makes it: {mode:o}"
    );
}

#[test]
fn write_file_if_changed_leaves_an_unchanged_file_alone() {
    let scratch = Scratch::new("one-file");
    let path = scratch.0.join("deep/openapi.json");
    assert!(write_file_if_changed(&path, "{}").unwrap());
    assert!(!write_file_if_changed(&path, "{}").unwrap());
    assert!(write_file_if_changed(&path, "{ }").unwrap());
    assert_eq!(fs::read_to_string(&path).unwrap(), "{ }");
}
