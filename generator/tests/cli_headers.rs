//! `--transport-headers` through the `sdkgen` binary: `openapi`, `markdown` and `generate` put
//! the proxy headers and `User-Agent` in the published contract with it, and leave them out
//! without it; `[openapi] transport_headers` in sdkgen.toml does the same, and a typo in the
//! key is an error that names it.

use std::path::Path;
use std::process::{Command, Output};

const REAL_PATH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../docs-input/partner-web-endpoints.txt"
);

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

/// Runs sdkgen, checks it succeeded, returns its standard output.
fn run(dir: &Path, args: &[&str]) -> String {
    let output = sdkgen(dir, args);
    assert!(output.status.success(), "{}", text(&output.stderr));
    text(&output.stdout)
}

/// The header parameter names of `GET /web/v1/partner/roles`, resolved.
fn roles_list_headers(openapi: &str) -> Vec<String> {
    let doc: serde_json::Value = serde_json::from_str(openapi).expect("JSON");
    doc["paths"]["/web/v1/partner/roles"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .map(|p| match p["$ref"].as_str() {
            Some(target) => {
                let name = target.rsplit('/').next().expect("a name");
                doc["components"]["parameters"][name]["name"].clone()
            }
            None => p["name"].clone(),
        })
        .map(|n| n.as_str().expect("a name").to_owned())
        .collect()
}

#[test]
fn openapi_takes_the_transport_headers_flag() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let without = roles_list_headers(&run(dir.path(), &["openapi", REAL_PATH, "-q"]));
    let with = roles_list_headers(&run(
        dir.path(),
        &["openapi", REAL_PATH, "-q", "--transport-headers"],
    ));
    for name in ["CF-Connecting-IP", "User-Agent"] {
        assert!(!without.iter().any(|n| n == name), "{without:?}");
        assert!(with.iter().any(|n| n == name), "{with:?}");
    }
    assert_eq!(with.len(), without.len() + 5);
}

#[test]
fn markdown_and_generate_take_the_transport_headers_flag() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let row = "| `CF-Connecting-IP` | no | parameter |";
    run(dir.path(), &["markdown", REAL_PATH, "-o", "off", "-q"]);
    run(
        dir.path(),
        &[
            "markdown",
            REAL_PATH,
            "-o",
            "on",
            "-q",
            "--transport-headers",
        ],
    );
    let page = |folder: &str| std::fs::read_to_string(dir.path().join(folder).join("roles.md"));
    assert!(!page("off").expect("written").contains(row));
    assert!(page("on").expect("written").contains(row));
    run(
        dir.path(),
        &[
            "generate",
            REAL_PATH,
            "-o",
            "client",
            "-q",
            "--transport-headers",
        ],
    );
    let client = dir.path().join("client");
    let openapi = std::fs::read_to_string(client.join("openapi.json")).expect("written");
    assert!(roles_list_headers(&openapi).iter().any(|n| n == "Cf-Ray"));
    let roles = std::fs::read_to_string(client.join("docs/roles.md")).expect("written");
    assert!(roles.contains(row));
}

#[test]
fn sdkgen_toml_switches_transport_headers_and_checks_the_key() {
    let dir = tempfile::tempdir().expect("a temp folder");
    let docs = dir.path().join("docs");
    std::fs::create_dir_all(&docs).expect("a docs folder");
    std::fs::copy(REAL_PATH, docs.join("partner-web-endpoints.txt")).expect("copy the document");
    std::fs::write(
        docs.join("sdkgen.toml"),
        "[openapi]\ntransport_headers = true\n",
    )
    .expect("write sdkgen.toml");
    let openapi = run(dir.path(), &["openapi", "docs", "-q"]);
    assert!(roles_list_headers(&openapi)
        .iter()
        .any(|n| n == "X-Forwarded-Proto"));
    // A typo in the key: an error at its position, with the key it meant.
    let config = "[openapi]\ntransport_header = true\n";
    std::fs::write(docs.join("sdkgen.toml"), config).expect("write sdkgen.toml");
    let output = sdkgen(dir.path(), &["generate", "docs", "-o", "client"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("sdkgen.toml:2:1: error:"), "{stderr}");
    assert!(
        stderr.contains("did you mean `transport_headers`?"),
        "{stderr}"
    );
    assert!(!dir.path().join("client").exists());
    // Not a boolean: says what it takes.
    std::fs::write(
        docs.join("sdkgen.toml"),
        "[openapi]\ntransport_headers = \"yes\"\n",
    )
    .expect("write sdkgen.toml");
    let output = sdkgen(dir.path(), &["openapi", "docs"]);
    let stderr = text(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`transport_headers` must be `true` or `false`"),
        "{stderr}"
    );
}
