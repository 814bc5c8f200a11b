//! End-to-end tests of the `sdkgen` binary: broken documents derived from the real input must be
//! rejected with exit code 2, nothing on stdout, a `path:line:col: error:` diagnostic pointing at
//! the exact problem (with its source line and a caret), and nothing written to disk.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The real endpoint document (never modified by these tests).
const REAL: &str = include_str!("../../docs-input/partner-web-endpoints.txt");
const REAL_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../docs-input/partner-web-endpoints.txt"
);

/// The file name the documents are written under; diagnostics name it as given on the command
/// line, and the binary runs inside the temp folder, so it is also the diagnostic path.
const DOC: &str = "doc.txt";

/// The first two endpoints of the real document, as lines (index 0 is line 1): lines 1–95 of
/// the real file, the closing `}` of the second endpoint's last sample (line 96, where the real
/// file glues the third endpoint's heading to it), and a declared total that matches.
fn base_lines() -> Vec<String> {
    let mut lines: Vec<String> = REAL.lines().take(95).map(str::to_owned).collect();
    assert_eq!(lines[1], "Total endpoints: 94");
    lines[1] = "Total endpoints: 2".to_owned();
    // The real preamble names the exporter's home directory, which gets its own warning
    // (tested with the real document); these cases count only their own.
    assert!(
        lines[2].starts_with("Source fixtures: /home/"),
        "{}",
        lines[2]
    );
    lines[2] = "Source fixtures: the partner end-to-end suite".to_owned();
    lines.push("}".to_owned());
    // The lines the cases below edit, so a change of the real document is noticed here.
    assert_eq!(lines[5], "POST /web/v1/partner/auth/login/initiate");
    assert_eq!(lines[24], "\"email\": \"partner@slaunchx.test\",");
    assert_eq!(lines[54], "\"data\": null");
    assert_eq!(lines[55], "}POST /web/v1/partner/auth/logout");
    assert_eq!(lines[87], "}Error Response: (HTTP 401)");
    lines
}

fn join(lines: &[String]) -> String {
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Replaces 1-based line `line`, checking what was there.
fn set_line(lines: &mut [String], line: usize, was: &str, now: &str) {
    assert_eq!(lines[line - 1], was, "line {line} of the base document");
    lines[line - 1] = now.to_owned();
}

/// A fresh, empty temp folder unique to this process and test.
fn temp_dir(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sdkgen-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("create temp dir");
    dir
}

/// Every file under `dir` with its content.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("read temp dir") {
            let path = entry.expect("dir entry").path();
            if path.is_dir() {
                files.insert(path.clone(), Vec::new());
                stack.push(path);
            } else {
                let content = std::fs::read(&path).expect("read file");
                files.insert(path, content);
            }
        }
    }
    files
}

fn sdkgen(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .current_dir(dir)
        .output()
        .expect("run sdkgen")
}

/// Writes `content` as `doc.txt` into a fresh temp folder, runs `sdkgen inspect doc.txt` there
/// and checks that the folder is unchanged afterwards. Returns (exit code, stdout, stderr).
fn inspect(test: &str, content: &[u8]) -> (Option<i32>, String, String) {
    inspect_with(test, content, &[])
}

/// [`inspect`] with extra arguments after the file name.
fn inspect_with(test: &str, content: &[u8], extra: &[&str]) -> (Option<i32>, String, String) {
    let dir = temp_dir(test);
    std::fs::write(dir.join(DOC), content).expect("write document");
    let before = snapshot(&dir);
    let mut args = vec!["inspect", DOC];
    args.extend_from_slice(extra);
    let output = sdkgen(&dir, &args);
    assert_eq!(
        snapshot(&dir),
        before,
        "sdkgen must not write anything into the folder"
    );
    let _ = std::fs::remove_dir_all(&dir);
    (
        output.status.code(),
        String::from_utf8(output.stdout).expect("stdout is UTF-8"),
        String::from_utf8(output.stderr).expect("stderr is UTF-8"),
    )
}

/// The three lines a diagnostic at `line:col` renders: headline prefix, source line, caret.
fn assert_diagnostic(stderr: &str, severity: &str, line: usize, col: usize, source: &str) {
    let headline = format!("{DOC}:{line}:{col}: {severity}: ");
    let gutter = " ".repeat(line.to_string().len());
    let rendered = format!(
        "\n{gutter} |\n{line} | {source}\n{gutter} | {}^",
        " ".repeat(col - 1)
    );
    let Some(at) = stderr.find(&headline) else {
        panic!("stderr has no `{headline}`:\n{stderr}");
    };
    let after = &stderr[at..];
    let headline_end = after.find('\n').unwrap_or(after.len());
    assert!(
        after[headline_end..].starts_with(&rendered),
        "after `{}` expected{rendered}\nstderr:\n{stderr}",
        &after[..headline_end]
    );
}

/// Exit code 2, nothing on stdout, and an error at `line:col` over `source`. Returns stderr.
fn assert_rejected(test: &str, content: &[u8], line: usize, col: usize, source: &str) -> String {
    let (code, stdout, stderr) = inspect(test, content);
    assert_eq!(code, Some(2), "exit code; stderr:\n{stderr}");
    assert_eq!(stdout, "", "stdout must stay empty on errors");
    assert_diagnostic(&stderr, "error", line, col, source);
    stderr
}

fn headline_of<'a>(stderr: &'a str, prefix: &str) -> &'a str {
    let at = stderr.find(prefix).expect("headline present");
    let rest = &stderr[at..];
    &rest[..rest.find('\n').unwrap_or(rest.len())]
}

#[test]
fn base_document_is_accepted_without_warnings() {
    let (code, stdout, stderr) = inspect("base", join(&base_lines()).as_bytes());
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    // Reading finds nothing to warn about; inference still names its one guess (the login
    // result's `accountStatus` is only ever `null` there) and the token the logout's 401
    // sample says is required, though its header table lists it as optional.
    assert!(!stderr.contains(": error: "), "{stderr}");
    assert_eq!(stderr.matches(": warning: ").count(), 2, "{stderr}");
    assert!(
        stderr.contains("`InitiateLoginResult.accountStatus`"),
        "{stderr}"
    );
    assert!(
        stderr.contains("`POST /web/v1/partner/auth/logout` lists `Authorization` as optional"),
        "{stderr}"
    );
    assert!(stdout.contains("endpoints:  2, 2 declared"), "{stdout}");
    assert!(
        stdout.contains("warnings:   0 from reading, 2 from type inference"),
        "{stdout}"
    );
}

#[test]
fn malformed_json_in_request_body() {
    // Missing comma after the first member: serde_json stops at the `"` that opens the second
    // member, the first character of the next line.
    let mut lines = base_lines();
    set_line(
        &mut lines,
        25,
        "\"email\": \"partner@slaunchx.test\",",
        "\"email\": \"partner@slaunchx.test\"",
    );
    let stderr = assert_rejected(
        "request-json",
        join(&lines).as_bytes(),
        26,
        1,
        "\"password\": \"DocVerify123!\"",
    );
    assert!(
        headline_of(&stderr, "doc.txt:26:1:").contains("malformed JSON: expected `,` or `}`"),
        "{stderr}"
    );
    assert!(stderr.ends_with("1 error, 0 warnings\n"), "{stderr}");

    // The same mistake in a sample that starts on the label line: the column counts from the
    // start of the line, not from the start of the sample. `Request Body: ` is 14 characters,
    // `{` is column 15, `"email": "a"` columns 16–27, the space 28, the second key's `"` 29.
    let mut lines = base_lines();
    lines.splice(
        22..26,
        ["Request Body: {\"email\": \"a\" \"password\": \"b\"".to_owned()],
    );
    assert_eq!(lines[23], "}Success Response: (HTTP 200)");
    assert_rejected(
        "request-json-inline",
        join(&lines).as_bytes(),
        23,
        29,
        "Request Body: {\"email\": \"a\" \"password\": \"b\"",
    );
}

#[test]
fn malformed_json_in_response_glued_to_next_heading() {
    // The `data` object of the 401 sample is never closed: the `}` glued to the next heading
    // closes it, and serde_json then finds `P` (line 56, column 2) where `,` or `}` must be.
    let mut lines = base_lines();
    set_line(
        &mut lines,
        55,
        "\"data\": null",
        "\"data\": {\"reason\": \"locked\"",
    );
    let stderr = assert_rejected(
        "response-json-glued",
        join(&lines).as_bytes(),
        56,
        2,
        "}POST /web/v1/partner/auth/logout",
    );
    assert!(
        headline_of(&stderr, "doc.txt:56:2:").contains("malformed JSON: expected `,` or `}`"),
        "{stderr}"
    );
    // Reading resumes at the glued heading: the second endpoint adds no spurious errors.
    assert!(stderr.ends_with("1 error, 0 warnings\n"), "{stderr}");
}

#[test]
fn malformed_json_at_end_of_line_points_at_that_line() {
    // `nul` then a line break: the unexpected byte is the line break ending line 55, so the
    // caret goes just past `"data": nul` (11 characters), not to the start of line 56.
    let mut lines = base_lines();
    set_line(&mut lines, 55, "\"data\": null", "\"data\": nul");
    let stderr = assert_rejected(
        "json-line-end",
        join(&lines).as_bytes(),
        55,
        12,
        "\"data\": nul",
    );
    assert!(
        headline_of(&stderr, "doc.txt:55:12:").contains("malformed JSON: expected ident"),
        "{stderr}"
    );

    // An unterminated string: serde_json stops at the control character (the line break) and
    // reports the last character before it, the `,` in column 32.
    let mut lines = base_lines();
    set_line(
        &mut lines,
        25,
        "\"email\": \"partner@slaunchx.test\",",
        "\"email\": \"partner@slaunchx.test,",
    );
    assert_rejected(
        "json-unterminated-string",
        join(&lines).as_bytes(),
        25,
        32,
        "\"email\": \"partner@slaunchx.test,",
    );
}

#[test]
fn unclosed_brace_in_path_template() {
    // `}` column 1, `GET` 2–4, space 5, `/web/v1/partner/roles/` 6–27, `{` 28.
    let mut lines = base_lines();
    set_line(
        &mut lines,
        56,
        "}POST /web/v1/partner/auth/logout",
        "}GET /web/v1/partner/roles/{roleBizId",
    );
    let stderr = assert_rejected(
        "unclosed-brace",
        join(&lines).as_bytes(),
        56,
        28,
        "}GET /web/v1/partner/roles/{roleBizId",
    );
    assert!(
        headline_of(&stderr, "doc.txt:56:28:").contains("unclosed `{`"),
        "{stderr}"
    );
}

#[test]
fn duplicate_endpoint_points_at_second_occurrence() {
    let mut lines = base_lines();
    set_line(
        &mut lines,
        56,
        "}POST /web/v1/partner/auth/logout",
        "}POST /web/v1/partner/auth/login/initiate",
    );
    let stderr = assert_rejected(
        "duplicate",
        join(&lines).as_bytes(),
        56,
        2,
        "}POST /web/v1/partner/auth/login/initiate",
    );
    let headline = headline_of(&stderr, "doc.txt:56:2:");
    assert!(
        headline.contains("`POST /web/v1/partner/auth/login/initiate` is documented twice"),
        "{headline}"
    );
    assert!(headline.contains("(first at doc.txt:6:1)"), "{headline}");
    assert!(stderr.ends_with("1 error, 0 warnings\n"), "{stderr}");
}

#[test]
fn no_endpoints_at_all() {
    let text = "Partner Portal\nThese pages will list the partner endpoints.\n";
    let stderr = assert_rejected("no-endpoints", text.as_bytes(), 1, 1, "Partner Portal");
    assert!(
        headline_of(&stderr, "doc.txt:1:1:").contains("no endpoints found"),
        "{stderr}"
    );
}

#[test]
fn not_utf8_points_at_first_invalid_byte() {
    let stderr = assert_rejected(
        "not-utf8",
        b"Title\nAuth\nGET /x\n\xff\xfe",
        4,
        1,
        "\u{fffd}\u{fffd}",
    );
    assert!(
        headline_of(&stderr, "doc.txt:4:1:").contains("not UTF-8 text: invalid byte 0xFF"),
        "{stderr}"
    );

    // Mid-line, after multi-byte characters: the column counts characters, not bytes
    // (`Description:` 1–12, space 13, `ü` 14, space 15, `ok` 16–17, space 18, `—` 19, space 20).
    let stderr = assert_rejected(
        "not-utf8-mid-line",
        "Title\nAuth\nGET /x\nDescription: ü ok \u{2014} "
            .bytes()
            .chain(*b"\xc3(bad\n")
            .collect::<Vec<u8>>()
            .as_slice(),
        4,
        21,
        "Description: ü ok \u{2014} \u{fffd}(bad",
    );
    assert!(
        headline_of(&stderr, "doc.txt:4:21:").contains("invalid byte 0xC3"),
        "{stderr}"
    );
}

#[test]
fn several_problems_are_all_reported_in_position_order() {
    let mut lines = base_lines();
    // 26:1 — malformed request body (found while reading).
    set_line(
        &mut lines,
        25,
        "\"email\": \"partner@slaunchx.test\",",
        "\"email\": \"partner@slaunchx.test\"",
    );
    // 56:2 — duplicate route (found last, when the whole API is checked).
    set_line(
        &mut lines,
        56,
        "}POST /web/v1/partner/auth/logout",
        "}POST /web/v1/partner/auth/login/initiate",
    );
    // 88:18 — error response without a status (found while assembling): `}` column 1,
    // `Error Response: ` 2–17, the rest at 18.
    set_line(
        &mut lines,
        88,
        "}Error Response: (HTTP 401)",
        "}Error Response: see below",
    );
    let (code, stdout, stderr) = inspect("several", join(&lines).as_bytes());
    assert_eq!(code, Some(2), "stderr:\n{stderr}");
    assert_eq!(stdout, "");
    assert_diagnostic(&stderr, "error", 26, 1, "\"password\": \"DocVerify123!\"");
    assert_diagnostic(
        &stderr,
        "error",
        56,
        2,
        "}POST /web/v1/partner/auth/login/initiate",
    );
    assert_diagnostic(&stderr, "error", 88, 18, "}Error Response: see below");
    let positions: Vec<usize> = [
        "doc.txt:26:1: error:",
        "doc.txt:56:2: error:",
        "doc.txt:88:18: error:",
    ]
    .iter()
    .map(|h| stderr.find(h).expect("headline"))
    .collect();
    assert!(
        positions.windows(2).all(|w| w[0] < w[1]),
        "diagnostics must be sorted by position:\n{stderr}"
    );
    assert_eq!(stderr.matches(": error: ").count(), 3, "{stderr}");
    assert!(stderr.ends_with("3 errors, 0 warnings\n"), "{stderr}");
}

#[test]
fn unknown_label_is_a_warning_with_position() {
    let mut lines = base_lines();
    lines.insert(7, "Rate Limits: 10 per second".to_owned());
    assert_eq!(lines[6], "Execute auth login initiate.");
    let (code, stdout, stderr) = inspect("unknown-label", join(&lines).as_bytes());
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    assert!(stdout.contains("endpoints:  2, 2 declared"), "{stdout}");
    assert_diagnostic(&stderr, "warning", 8, 1, "Rate Limits: 10 per second");
    assert!(
        headline_of(&stderr, "doc.txt:8:1:").contains("unknown label `Rate Limits:`"),
        "{stderr}"
    );
    assert!(!stderr.contains(": error: "), "{stderr}");
    assert!(!stderr.contains("stray text"), "{stderr}");
    // What follows the unknown label is skipped only up to the next known label: the headers
    // table under `Required Headers:` is still read.
    let (code, ir, _) = inspect_with("unknown-label-ir", join(&lines).as_bytes(), &["--ir"]);
    assert_eq!(code, Some(0));
    let ir: serde_json::Value = serde_json::from_str(&ir).expect("IR is JSON");
    let headers = ir["api"]["endpoints"][0]["headers"]
        .as_array()
        .expect("headers array");
    assert_eq!(headers.len(), 12);
}

#[test]
fn declared_total_disagreeing_is_a_warning_at_that_line() {
    let mut lines = base_lines();
    set_line(&mut lines, 2, "Total endpoints: 2", "Total endpoints: 5");
    let (code, stdout, stderr) = inspect("total", join(&lines).as_bytes());
    assert_eq!(code, Some(0), "stderr:\n{stderr}");
    assert!(stdout.contains("endpoints:  2, 5 declared"), "{stdout}");
    assert_diagnostic(&stderr, "warning", 2, 1, "Total endpoints: 5");
    assert!(
        headline_of(&stderr, "doc.txt:2:1:")
            .contains("the document declares 5 endpoints, but 2 were read"),
        "{stderr}"
    );
}

#[test]
fn inspect_real_document_prints_summary_and_warnings() {
    let output = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["inspect", REAL_PATH])
        .output()
        .expect("run sdkgen");
    let stdout = String::from_utf8(output.stdout).expect("utf-8");
    let stderr = String::from_utf8(output.stderr).expect("utf-8");
    assert_eq!(output.status.code(), Some(0), "stderr:\n{stderr}");
    assert!(stdout.contains("endpoints:  94"), "{stdout}");
    assert!(stdout.contains("groups:     19"), "{stdout}");
    assert!(stderr.contains(": warning: "), "{stderr}");
    assert!(!stderr.contains(": error: "), "{stderr}");
    assert!(stderr.contains("has no success fixture"), "{stderr}");
    assert!(stderr.contains("has `success: false`"), "{stderr}");
    // Warnings point into the document, with a caret line under each.
    let warnings = stderr.matches(": warning: ").count();
    assert!(warnings > 0);
    assert_eq!(
        stderr.matches("partner-web-endpoints.txt:").count(),
        warnings
    );
    let counts: Vec<usize> = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("warnings:"))
        .expect("a warnings line")
        .split_whitespace()
        .filter_map(|w| w.parse().ok())
        .collect();
    assert_eq!(counts.iter().sum::<usize>(), warnings, "{stdout}");
}

#[test]
fn inspect_ir_is_valid_json() {
    let output = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(["inspect", REAL_PATH, "--ir"])
        .output()
        .expect("run sdkgen");
    assert_eq!(output.status.code(), Some(0));
    let ir: serde_json::Value = serde_json::from_slice(&output.stdout).expect("IR is valid JSON");
    let endpoints = ir["api"]["endpoints"].as_array().expect("endpoints array");
    assert_eq!(endpoints.len(), 94);
    assert_eq!(
        ir["api"]["groups"].as_array().expect("groups array").len(),
        19
    );
    let operations = ir["model"]["operations"]
        .as_array()
        .expect("operations array");
    assert_eq!(operations.len(), 94);
    assert!(ir["model"]["types"]
        .as_array()
        .is_some_and(|t| !t.is_empty()));
    assert_eq!(
        endpoints[0]["path"]["template"],
        "/web/v1/partner/auth/login/initiate"
    );
}

#[test]
fn help_for_every_subcommand() {
    let dir = temp_dir("help");
    let top = sdkgen(&dir, &["--help"]);
    assert_eq!(top.status.code(), Some(0));
    let top = String::from_utf8(top.stdout).expect("utf-8");
    assert!(top.contains("Usage: sdkgen"), "{top}");
    assert!(top.contains("inspect"), "{top}");

    let inspect = sdkgen(&dir, &["inspect", "--help"]);
    assert_eq!(inspect.status.code(), Some(0));
    let inspect = String::from_utf8(inspect.stdout).expect("utf-8");
    assert!(inspect.contains("Usage: sdkgen inspect"), "{inspect}");
    assert!(inspect.contains("<FILE>"), "{inspect}");
    assert!(inspect.contains("--ir"), "{inspect}");

    // `inspect` without a file is a usage error, not a crash.
    let missing = sdkgen(&dir, &["inspect"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(missing.stdout.is_empty());
    let _ = std::fs::remove_dir_all(&dir);
}

/// Exit 2, exactly one error, at `line:col` over `source`, whose headline contains `message`.
fn assert_one_error(test: &str, lines: &[String], line: usize, col: usize, message: &str) {
    let source = &lines[line - 1];
    let stderr = assert_rejected(test, join(lines).as_bytes(), line, col, source);
    let headline = headline_of(&stderr, &format!("doc.txt:{line}:{col}: error: "));
    assert!(headline.contains(message), "{headline}");
    assert_eq!(stderr.matches(": error: ").count(), 1, "{stderr}");
}

#[test]
fn lower_case_method_of_the_first_endpoint_is_an_error_not_preamble() {
    let mut lines = base_lines();
    set_line(
        &mut lines,
        6,
        "POST /web/v1/partner/auth/login/initiate",
        "post /web/v1/partner/auth/login/initiate",
    );
    assert_one_error(
        "lower-case-method",
        &lines,
        6,
        1,
        "the method `post` must be written in upper case, as in `POST /web/v1/partner/auth/login/initiate`",
    );
}

#[test]
fn unknown_method_glued_to_a_sample_is_an_error() {
    let mut lines = base_lines();
    set_line(
        &mut lines,
        56,
        "}POST /web/v1/partner/auth/logout",
        "}FOO /web/v1/partner/auth/logout",
    );
    assert_one_error("unknown-method", &lines, 56, 2, "unknown HTTP method `FOO`");
}

#[test]
fn space_in_an_endpoint_path_is_an_error_and_keeps_its_samples_apart() {
    // `}` 1, `POST` 2–5, space 6, `/web/v1/partner/auth/log` 7–30, the space 31. Without the
    // check the line was prose and its samples went to the endpoint above (a second success
    // sample there, no error).
    let mut lines = base_lines();
    set_line(
        &mut lines,
        56,
        "}POST /web/v1/partner/auth/logout",
        "}POST /web/v1/partner/auth/log out",
    );
    assert_one_error(
        "space-in-path",
        &lines,
        56,
        31,
        "white space in the path of `POST /web/v1/partner/auth/log`",
    );
}

#[test]
fn status_of_four_digits_is_an_error() {
    // `}` 1, `Error Response: ` 2–17, `(` 18, `HTTP` 19–22, space 23, `4041` from 24.
    let mut lines = base_lines();
    set_line(
        &mut lines,
        88,
        "}Error Response: (HTTP 401)",
        "}Error Response: (HTTP 4041)",
    );
    assert_one_error(
        "four-digit-status",
        &lines,
        88,
        24,
        "`4041` is not an HTTP status; expected exactly three digits",
    );
}

#[test]
fn unclosed_status_parenthesis_is_an_error() {
    let mut lines = base_lines();
    set_line(
        &mut lines,
        88,
        "}Error Response: (HTTP 401)",
        "}Error Response: (HTTP 401",
    );
    assert_one_error(
        "unclosed-status",
        &lines,
        88,
        27,
        "unclosed `(` after the status 401; expected `)`",
    );
}
