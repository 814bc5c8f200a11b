//! The Markdown form of an endpoint document reads into the same IR as its flattened text form,
//! and the text form survives a CRLF + BOM round trip with every span intact.

use std::path::{Path, PathBuf};

use sdkgen::ir::PathPart;
use sdkgen::Parsed;
use sdkgen_tests::{first_difference, without_positions};
use serde_json::Value;

fn manifest_dir() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn fixture(name: &str) -> PathBuf {
    manifest_dir()
        .join("fixtures")
        .join("markdown-form")
        .join(name)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()))
}

fn parse(path: &str, text: &str) -> Parsed {
    sdkgen::parse_str(path, text)
        .unwrap_or_else(|report| panic!("{path} does not parse:\n{report}"))
}

fn ir_json(parsed: &Parsed) -> Value {
    serde_json::to_value(&parsed.api).expect("the IR serializes")
}

fn assert_same_json(left: &Value, right: &Value, what: &str) {
    if let Some(difference) = first_difference(left, right, "$") {
        panic!("{what}: the IRs differ at {difference}");
    }
    assert_eq!(left, right, "{what}");
}

fn warning_codes(parsed: &Parsed) -> Vec<&'static str> {
    parsed.warnings.iter().map(|w| w.code).collect()
}

#[test]
fn text_and_markdown_forms_give_the_same_ir() {
    let text_path = fixture("subset.txt");
    let markdown_path = fixture("subset.md");
    let text = parse("subset.txt", &read(&text_path));
    let markdown = parse("subset.md", &read(&markdown_path));

    // The subset is a real document: make sure the comparison is not vacuous.
    assert_eq!(text.api.endpoints.len(), 10);
    assert_eq!(
        text.api.declared_total.as_ref().map(|d| d.value),
        Some(text.api.endpoints.len())
    );
    assert_eq!(text.api.groups.len(), 5);

    assert_same_json(
        &without_positions(ir_json(&text)),
        &without_positions(ir_json(&markdown)),
        "subset.txt vs subset.md",
    );
    assert_eq!(
        warning_codes(&text),
        warning_codes(&markdown),
        "the two forms give different warnings:\ntext:\n{:#?}\nmarkdown:\n{:#?}",
        text.warnings,
        markdown.warnings
    );
}

#[test]
fn markdown_heading_keeps_path_parameters() {
    let document = "\
# Example API

## Roles

### GET /web/v1/partner/roles/{roleBizId}

Retrieve roles by ID.

**Success Response:** (HTTP 200)

```json
{\"success\": true, \"data\": {\"bizId\": \"7juRyy9KxbAeHFAi\"}}
```
";
    let parsed = parse("roles.md", document);
    assert_eq!(parsed.api.endpoints.len(), 1);
    let endpoint = &parsed.api.endpoints[0];
    assert_eq!(endpoint.route(), "GET /web/v1/partner/roles/{roleBizId}");
    assert_eq!(endpoint.path.template, "/web/v1/partner/roles/{roleBizId}");
    let params: Vec<&str> = endpoint.path.params().map(|p| p.name.as_str()).collect();
    assert_eq!(params, ["roleBizId"]);
    assert!(matches!(
        endpoint.path.parts.as_slice(),
        [PathPart::Literal(literal), PathPart::Param(_)] if literal == "/web/v1/partner/roles/"
    ));
    // The parameter's span points at its `{` in the heading line.
    let param = endpoint.path.params().next().expect("one parameter");
    let heading = "### GET /web/v1/partner/roles/";
    assert_eq!(
        (param.span.line, param.span.column),
        (5, heading.len() as u32 + 1)
    );

    // The same holds in the hand-written fixture.
    let subset = parse("subset.md", &read(&fixture("subset.md")));
    let by_id = subset
        .api
        .endpoints
        .iter()
        .find(|e| e.route() == "GET /web/v1/partner/roles/{roleBizId}")
        .expect("the fixture documents GET /web/v1/partner/roles/{roleBizId}");
    let params: Vec<&str> = by_id.path.params().map(|p| p.name.as_str()).collect();
    assert_eq!(params, ["roleBizId"]);
}

/// A folder under the system temp dir that is removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(prefix: &str) -> TempDir {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let path = std::env::temp_dir().join(format!("{prefix}-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&path)
            .unwrap_or_else(|error| panic!("cannot create {}: {error}", path.display()));
        TempDir(path)
    }

    fn write(&self, name: &str, text: &str) {
        let path = self.0.join(name);
        std::fs::write(&path, text)
            .unwrap_or_else(|error| panic!("cannot write {}: {error}", path.display()));
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

#[test]
fn markdown_split_into_pages_per_group_reads_as_one_api() {
    let dir = TempDir::new("sdkgen-markdown-pages");
    dir.write(
        "index.md",
        "\
# PARTNER Portal — WEB Chain Endpoints

Total endpoints: 3

Sensitive values are sanitized (Bearer {token}, pac_xxx, {sessionId}).
",
    );
    dir.write(
        "auth.md",
        "\
## Auth

### POST /web/v1/partner/auth/login/initiate

Execute auth login initiate.

**Request Body:**

```json
{
  \"email\": \"partner@slaunchx.test\",
  \"password\": \"DocVerify123!\"
}
```

**Success Response:** (HTTP 200)

```json
{\"success\": true, \"data\": {\"sessionId\": \"{sessionId}\"}}
```

### POST /web/v1/partner/auth/logout

Execute auth logout.

**Success Response:** (HTTP 200)

```json
{\"success\": true, \"data\": null}
```
",
    );
    dir.write(
        "roles.md",
        "\
# Roles

### GET /web/v1/partner/roles/{roleBizId}

Retrieve roles by ID.

**Required Headers:**

| Header | Value | Description |
|---|---|---|
| X-Workspace-Id | Workspace ID | |

**Success Response:** (HTTP 200)

```json
{\"success\": true, \"data\": {\"bizId\": \"7juRyy9KxbAeHFAi\"}}
```
",
    );

    let parsed = sdkgen::parse_paths(std::slice::from_ref(&dir.0))
        .unwrap_or_else(|report| panic!("the pages do not parse:\n{report}"));
    let api = &parsed.api;
    assert_eq!(
        api.title.as_ref().map(|t| t.text.as_str()),
        Some("PARTNER Portal — WEB Chain Endpoints")
    );
    assert_eq!(api.declared_total.as_ref().map(|d| d.value), Some(3));
    assert_eq!(api.sources.len(), 3);
    let groups: Vec<&str> = api.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(groups, ["Auth", "Roles"]);
    let routes: Vec<(String, &str)> = api
        .endpoints
        .iter()
        .map(|e| (e.route(), api.groups[e.group].name.as_str()))
        .collect();
    assert_eq!(
        routes,
        [
            (
                "POST /web/v1/partner/auth/login/initiate".to_owned(),
                "Auth"
            ),
            ("POST /web/v1/partner/auth/logout".to_owned(), "Auth"),
            ("GET /web/v1/partner/roles/{roleBizId}".to_owned(), "Roles"),
        ]
    );
    assert!(
        parsed.warnings.is_empty(),
        "unexpected warnings:\n{:#?}",
        parsed.warnings
    );
    let preamble: Vec<&str> = api.preamble.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(
        preamble,
        [
            "Total endpoints: 3",
            "Sensitive values are sanitized (Bearer {token}, pac_xxx, {sessionId})."
        ]
    );
}

#[test]
fn crlf_and_bom_copy_of_the_real_document_gives_the_same_ir() {
    let path = manifest_dir()
        .join("..")
        .join("docs-input")
        .join("partner-web-endpoints.txt");
    let original = read(&path);
    assert!(!original.contains('\r') && !original.starts_with('\u{feff}'));
    let copy = format!("\u{feff}{}", original.replace('\n', "\r\n"));

    let name = "partner-web-endpoints.txt";
    let lf = parse(name, &original);
    let crlf = parse(name, &copy);
    assert!(!lf.api.endpoints.is_empty());

    // Spans included: line and column numbers are those of the original file.
    assert_same_json(&ir_json(&lf), &ir_json(&crlf), "LF vs CRLF + BOM");
    assert_eq!(lf.api, crlf.api);

    let positions = |parsed: &Parsed| -> Vec<(&'static str, u32, u32, String)> {
        parsed
            .warnings
            .iter()
            .map(|w| (w.code, w.span.line, w.span.column, w.message.clone()))
            .collect()
    };
    assert_eq!(positions(&lf), positions(&crlf));
}

/// Markdown written by other hands: labels as `####` headings, the status in parentheses
/// before the colon (`**Success Response (HTTP 200):**`), upper-case and untagged fences,
/// header names in backticks, a `Name | Example` table.
#[test]
fn markdown_label_variants_are_read() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/markdown-variants/headings-and-parentheses.md");
    let parsed = sdkgen::parse_file(&path).expect("the variant parses");
    let api = &parsed.api;
    assert_eq!(api.endpoints.len(), 2);
    let get = &api.endpoints[0];
    assert_eq!(get.headers[0].name, "X-PORTAL-ACCESS-CODE");
    assert_eq!(get.headers[0].value.as_deref(), Some("pac_xxx"));
    let statuses: Vec<u16> = get.responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [200, 404]);
    assert!(get.responses.iter().all(|r| r.body.is_some()));
    let post = &api.endpoints[1];
    assert!(post.request.is_some());
    assert!(post.missing_success.is_some());
    let codes: Vec<&str> = parsed.warnings.iter().map(|w| w.code).collect();
    assert_eq!(codes, ["no-success-fixture"]);
}
