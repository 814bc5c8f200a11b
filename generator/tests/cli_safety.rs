//! The `sdkgen` binary pointed at folders and pipes it does not control: files it did not write
//! stop `generate` (exit 2) unless `--force`, leftovers of a killed run are reported by
//! `--check`, write failures exit 2 naming the file, a closed standard output ends the run
//! without a panic, and control characters from a document never reach the terminal raw.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

const SHOP: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../tests/fixtures/shapes/shop-api.md"
);
const REAL: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../docs-input/partner-web-endpoints.txt"
);

/// A fresh temp folder for one test, removed when dropped.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Scratch {
        let dir = std::env::temp_dir().join(format!("sdkgen-safety-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("create the temp folder");
        Scratch(dir)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn sdkgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run sdkgen")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn generate_refuses_to_overwrite_a_project_it_did_not_write() {
    let scratch = Scratch::new("foreign");
    let project = scratch.0.join("project");
    std::fs::create_dir_all(project.join("src")).unwrap();
    let own_files = [
        ("Cargo.toml", "[package]\nname = \"mine\"\n"),
        ("README.md", "# Mine\n"),
        ("src/lib.rs", "pub fn mine() {}\n"),
    ];
    for (path, content) in own_files {
        std::fs::write(project.join(path), content).unwrap();
    }

    let output = sdkgen(&scratch.0, &["generate", SHOP, "--out", "project"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    for (path, content) in own_files {
        assert!(
            stderr.contains(&format!("  {path}: a file sdkgen did not write")),
            "{stderr}"
        );
        assert_eq!(
            std::fs::read_to_string(project.join(path)).unwrap(),
            content
        );
    }
    assert!(stderr.contains("--force"), "{stderr}");
    assert!(
        !project.join("openapi.json").exists(),
        "nothing else was written"
    );
    assert!(!project.join(".sdkgen-manifest").exists());

    let output = sdkgen(
        &scratch.0,
        &["generate", SHOP, "--out", "project", "--force"],
    );
    assert!(output.status.success(), "{}", text(&output.stderr));
    let cargo_toml = std::fs::read_to_string(project.join("Cargo.toml")).unwrap();
    assert!(cargo_toml.contains("shop-api-client"), "{cargo_toml}");
    let manifest = std::fs::read_to_string(project.join(".sdkgen-manifest")).unwrap();
    assert!(manifest.lines().any(|l| l == "Cargo.toml"), "owned now");
}

#[test]
fn a_first_run_into_an_empty_folder_needs_no_force() {
    let scratch = Scratch::new("empty");
    std::fs::create_dir_all(scratch.0.join("client")).unwrap();
    let output = sdkgen(&scratch.0, &["generate", SHOP, "--out", "client"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let output = sdkgen(
        &scratch.0,
        &["generate", SHOP, "--out", "client", "--check"],
    );
    assert!(output.status.success(), "{}", text(&output.stdout));
}

#[test]
fn check_reports_what_a_killed_run_left() {
    let scratch = Scratch::new("killed");
    let output = sdkgen(&scratch.0, &["generate", SHOP, "--out", "client"]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    // What a run killed between two renames leaves: its journal and a temporary file.
    let client = scratch.0.join("client");
    std::fs::write(client.join(".sdkgen-journal"), "Cargo.toml\n").unwrap();
    std::fs::write(client.join(".sdkgen-tmp-a1B2c3"), "half").unwrap();

    let output = sdkgen(
        &scratch.0,
        &["generate", SHOP, "--out", "client", "--check"],
    );
    let stdout = text(&output.stdout);
    assert_eq!(output.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("left by a killed run: .sdkgen-journal"),
        "{stdout}"
    );
    assert!(
        stdout.contains("left by a killed run: .sdkgen-tmp-a1B2c3"),
        "{stdout}"
    );

    let output = sdkgen(&scratch.0, &["generate", SHOP, "--out", "client"]);
    let stderr = text(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    assert!(
        stderr.contains("removed .sdkgen-tmp-a1B2c3, left by a killed run"),
        "{stderr}"
    );
    assert!(!client.join(".sdkgen-journal").exists());
    let output = sdkgen(
        &scratch.0,
        &["generate", SHOP, "--out", "client", "--check"],
    );
    assert!(output.status.success(), "{}", text(&output.stdout));
}

#[test]
fn write_failures_exit_2_naming_the_file() {
    let scratch = Scratch::new("write-failure");
    std::fs::write(
        scratch.0.join("client"),
        "a file where the folder should be",
    )
    .unwrap();
    let output = sdkgen(&scratch.0, &["generate", SHOP, "--out", "client"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.starts_with("client: error:"), "{stderr}");

    std::fs::create_dir_all(scratch.0.join("openapi.json")).unwrap();
    let output = sdkgen(&scratch.0, &["openapi", SHOP, "-o", "openapi.json"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("openapi.json: error:"), "{stderr}");
}

#[test]
fn a_closed_stdout_ends_the_run_without_a_panic() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["inspect", "--ir", REAL])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run sdkgen");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut first = [0u8; 1];
    stdout.read_exact(&mut first).expect("the IR starts");
    assert_eq!(&first, b"{");
    drop(stdout); // `| head -c 1`
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .expect("stderr")
        .read_to_string(&mut stderr)
        .expect("read stderr");
    let status = child.wait().expect("sdkgen ends");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(!stderr.contains("Broken pipe"), "{stderr}");
    assert_eq!(status.code(), Some(0));
}

#[test]
fn control_characters_from_a_document_are_escaped_on_the_terminal() {
    let scratch = Scratch::new("controls");
    let document = "Title\nPets\nGET /pets\nList.\nSuccess Response: (HTTP 200)\n\
                    {\"success\": true, \"data\": \u{1b}[2J\u{202e}oops}\n";
    std::fs::write(scratch.0.join("doc.txt"), document).unwrap();
    let output = sdkgen(&scratch.0, &["inspect", "doc.txt"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("\\u{1b}[2J\\u{202e}oops}"), "{stderr}");
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\u{202e}'),
        "{stderr:?}"
    );
}

#[test]
fn a_run_killed_at_any_moment_is_finished_by_the_next_one() {
    let scratch = Scratch::new("kill-9");
    for delay_ms in [2, 8, 15, 25, 40, 60] {
        let _ = std::fs::remove_dir_all(scratch.0.join("client"));
        let mut child = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
            .args(["generate", "-q", REAL, "--out", "client"])
            .current_dir(&scratch.0)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run sdkgen");
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill(); // SIGKILL: no destructor, no cleanup
        let _ = child.wait();

        let output = sdkgen(&scratch.0, &["generate", "-q", REAL, "--out", "client"]);
        assert!(output.status.success(), "{}", text(&output.stderr));
        let output = sdkgen(
            &scratch.0,
            &["generate", REAL, "--out", "client", "--check"],
        );
        assert!(
            output.status.success(),
            "after a kill at {delay_ms} ms: {}",
            text(&output.stdout)
        );
        let leftovers: Vec<_> = std::fs::read_dir(scratch.0.join("client"))
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(".sdkgen-tmp-") || n == ".sdkgen-journal")
            .collect();
        assert!(leftovers.is_empty(), "{leftovers:?}");
    }
}
