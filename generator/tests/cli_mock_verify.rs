//! `sdkgen mock` and `sdkgen verify` through the binary: the mock prints where it listens and
//! logs each request, `--list` names the samples, and each option of `verify` has its effect
//! (`--param`, `-H`, `--token`, `--allow-writes`, `--format`, `--fail-on`, `[verify.params]`
//! and `safe = true` in sdkgen.toml).
#![cfg(feature = "server")]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

const REAL_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../docs-input/partner-web-endpoints.txt"
);

fn sdkgen(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sdkgen"))
        .args(args)
        .output()
        .expect("run sdkgen")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A running `sdkgen mock` on a free port, stopped when dropped.
struct Running {
    child: Child,
    url: String,
}

impl Running {
    fn start(document: &Path) -> Running {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sdkgen"))
            .args(["mock", "--port", "0", "-q"])
            .arg(document)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start sdkgen mock");
        let stdout = child.stdout.take().expect("its output");
        let mut line = String::new();
        BufReader::new(stdout)
            .read_line(&mut line)
            .expect("the first line");
        let url = line
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {line:?}"))
            .to_owned();
        Running { child, url }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const HEADERS: &[&str] = &[
    "-H",
    "X-PORTAL-ACCESS-CODE: pac_test",
    "-H",
    "X-Workspace-Id: ws_1",
    "-H",
    "X-Client-Hash: hash",
    "-H",
    "X-LOCALE: en-US",
    "-H",
    "Accept-Language: en-US",
];

fn verify(mock: &Running, document: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["verify", "--base-url", mock.url.as_str()];
    let document = document.to_str().expect("a UTF-8 path");
    args.push(document);
    args.extend_from_slice(extra);
    sdkgen(&args)
}

#[test]
fn mock_list_names_every_endpoints_samples() {
    let output = sdkgen(&["mock", "--list", REAL_PATH]);
    assert!(output.status.success(), "{}", text(&output.stderr));
    let out = text(&output.stdout);
    assert_eq!(out.lines().count(), 94);
    assert!(
        out.contains(
            "GET /web/v1/partner/roles: success (HTTP 200), 401-ACCESS.TOKEN_MISSING (HTTP 401)"
        ),
        "{out}"
    );
}

#[test]
fn verify_options_choose_what_is_sent_and_how_it_is_reported() {
    let real = Path::new(REAL_PATH);
    let mock = Running::start(real);

    // Without credentials, what needs them is listed as not checked, with how to give them.
    let bare = text(&verify(&mock, real, &[]).stdout);
    assert!(bare.contains("a bearer token (`--token`)"), "{bare}");
    let with = |extra: &[&str]| {
        let mut args: Vec<&str> = HEADERS.to_vec();
        args.extend_from_slice(extra);
        let output = verify(&mock, real, &args);
        assert!(output.status.success(), "{}", text(&output.stderr));
        text(&output.stdout)
    };
    let checked = |out: &str| -> usize {
        let first = out.lines().next().unwrap_or_default();
        first
            .split(": ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|n| n.parse().ok())
            .unwrap_or(0)
    };
    let gets = with(&["--token", "t"]);
    let gets_and_param = with(&["--token", "t", "--param", "roleBizId=r_1"]);
    assert!(
        checked(&gets_and_param) > checked(&gets),
        "{gets}\n{gets_and_param}"
    );
    assert!(
        gets.contains("no value for the path parameter `roleBizId`"),
        "{gets}"
    );
    assert!(gets.contains("only with --allow-writes"), "{gets}");
    let writes = with(&["--token", "t", "--allow-writes"]);
    assert!(checked(&writes) > checked(&gets), "{writes}");
    let markdown = with(&["--token", "t", "--format", "markdown"]);
    assert!(markdown.starts_with("## sdkgen verify"), "{markdown}");
    let junit = with(&["--token", "t", "--format", "junit"]);
    assert!(junit.starts_with("<?xml"), "{junit}");

    // sdkgen.toml: `[verify.params]` gives a path parameter, `safe = true` sends a POST.
    let project = tempfile::tempdir().expect("a temporary folder");
    let document = project.path().join("partner-web-endpoints.txt");
    std::fs::copy(real, &document).expect("copied");
    std::fs::write(
        project.path().join("sdkgen.toml"),
        "[verify.params]\nroleBizId = \"r_1\"\n\n[endpoints.\"POST /web/v1/partner/auth/token/refresh\"]\nsafe = true\n",
    )
    .expect("written");
    let mut args: Vec<&str> = HEADERS.to_vec();
    args.extend_from_slice(&["--token", "t"]);
    let configured = text(&verify(&mock, &document, &args).stdout);
    assert!(!configured.contains("`roleBizId`"), "{configured}");
    assert!(
        !configured.contains("POST /web/v1/partner/auth/token/refresh:"),
        "{configured}"
    );
}

#[test]
fn fail_on_sets_the_exit_status() {
    let real = Path::new(REAL_PATH);
    let original = std::fs::read_to_string(real).expect("the document");
    let folder = tempfile::tempdir().expect("a temporary folder");
    let mut args: Vec<&str> = HEADERS.to_vec();
    args.extend_from_slice(&["--token", "t"]);

    // The success status changes from 200 to 201: possibly breaking, not breaking.
    let status_changed = folder.path().join("status.txt");
    let success =
        "Success Response: (HTTP 200)\n{\n\"version\": \"2.0.0\",\n\"timestamp\": 1774885031204,";
    std::fs::write(
        &status_changed,
        original.replacen(success, &success.replace("200", "201"), 1),
    )
    .expect("written");
    let mock = Running::start(&status_changed);
    let output = verify(&mock, real, &args);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stdout));
    assert!(
        text(&output.stdout).contains("success.status-changed"),
        "{}",
        text(&output.stdout)
    );
    let mut strict = args.clone();
    strict.extend_from_slice(&["--fail-on", "possibly-breaking"]);
    assert_eq!(verify(&mock, real, &strict).status.code(), Some(1));
    drop(mock);

    // A field's type changes: breaking, so the default fails.
    let type_changed = folder.path().join("type.txt");
    std::fs::write(
        &type_changed,
        original.replacen("\"maxSessions\": 3,", "\"maxSessions\": \"3\",", 1),
    )
    .expect("written");
    let mock = Running::start(&type_changed);
    let output = verify(&mock, real, &args);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output.stdout));
    assert!(text(&output.stdout).contains("response.field-type-changed"));

    let output = sdkgen(&["verify", "--base-url", "ftp://x", REAL_PATH]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        text(&output.stderr).contains("must start with http:// or https://"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn over_http_the_mock_checks_headers_and_bodies_and_honours_prefer() {
    let mock = Running::start(Path::new(REAL_PATH));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime");
    let client = reqwest::Client::new();
    let send = |method: &str, path: &str, headers: &[(&str, &str)], body: Option<&str>| {
        let mut request = client.request(
            method.parse().expect("a method"),
            format!("{}{path}", mock.url),
        );
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request
                .header("Content-Type", "application/json")
                .body(body.to_owned());
        }
        runtime.block_on(async {
            let response = request.send().await.expect("an answer");
            let status = response.status().as_u16();
            let bytes = response.bytes().await.expect("a body");
            let body: serde_json::Value = serde_json::from_slice(&bytes).expect("a JSON answer");
            (status, body)
        })
    };
    let mut full: Vec<(&str, &str)> = HEADERS
        .chunks(2)
        .map(|pair| pair[1].split_once(": ").expect("Name: value"))
        .collect();
    full.push(("Authorization", "Bearer t"));
    let roles = "/web/v1/partner/roles";
    assert_eq!(send("GET", roles, &full, None).0, 200);
    let without_token: Vec<(&str, &str)> = full
        .iter()
        .copied()
        .filter(|(n, _)| *n != "Authorization")
        .collect();
    let (status, body) = send("GET", roles, &without_token, None);
    assert_eq!(
        (status, body["code"].as_str()),
        (401, Some("ACCESS.TOKEN_MISSING")),
        "the document's own 401"
    );
    let without_workspace: Vec<(&str, &str)> = full
        .iter()
        .copied()
        .filter(|(n, _)| *n != "X-Workspace-Id")
        .collect();
    let (status, body) = send("GET", roles, &without_workspace, None);
    assert_eq!(status, 400);
    assert!(
        body["message"]
            .as_str()
            .unwrap_or_default()
            .contains("X-Workspace-Id"),
        "{body}"
    );
    let mut prefer = full.clone();
    prefer.push(("Prefer", "code=401"));
    assert_eq!(
        send("GET", roles, &prefer, None).1["code"],
        "ACCESS.TOKEN_MISSING"
    );
    let (status, body) = send(
        "POST",
        "/web/v1/partner/recharges/quote",
        &full,
        Some(r#"{"channelBizId": 5, "amount": 1}"#),
    );
    assert_eq!(status, 400);
    assert_eq!(body["data"]["path"], "body.channelBizId", "{body}");
    assert_eq!(send("GET", "/web/v1/partner/nowhere", &full, None).0, 404);
}
