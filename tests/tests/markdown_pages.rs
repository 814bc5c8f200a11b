//! The Markdown reference pages in `generated-client/docs/`: every link and anchor resolves
//! (anchors computed as GitHub computes them), endpoint anchors do not move when an endpoint is
//! added, the pages read back into the document they were made from with no new warnings, the
//! Rust examples call methods the client has, the examples copy no secret, and every line
//! sdkgen writes fits 80 columns (markdownlint's MD013, which `.markdownlint-cli2.jsonc` leaves
//! to this test).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use sdkgen::Parsed;
use sdkgen_tests::{first_difference, real_document, repo_root, without_positions, REAL_DOCUMENT};

fn docs_dir() -> PathBuf {
    repo_root().join("generated-client").join("docs")
}

/// The pages on disk, by file name.
fn pages() -> BTreeMap<String, String> {
    let mut pages = BTreeMap::new();
    let entries = std::fs::read_dir(docs_dir()).expect("generated-client/docs exists");
    for entry in entries {
        let path = entry.expect("readable folder").path();
        if path.extension().is_some_and(|e| e == "md") {
            let name = path
                .file_name()
                .expect("a file")
                .to_string_lossy()
                .into_owned();
            let text = std::fs::read_to_string(&path).expect("a UTF-8 page");
            pages.insert(name, text);
        }
    }
    assert!(pages.contains_key("index.md") && pages.contains_key("types.md"));
    pages
}

/// GitHub's anchor of a heading's text (github-slugger): lower case; letters, numbers, `-`,
/// `_` and spaces kept, everything else dropped; spaces become `-`.
fn github_slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// The headings of a page: (level, text, anchor), anchors de-duplicated GitHub's way
/// (`x`, `x-1`, `x-2`, ... in page order).
fn headings(markdown: &str) -> Vec<(HeadingLevel, String, String)> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut current: Option<(HeadingLevel, String)> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => current = Some((level, String::new())),
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, heading)) = current.as_mut() {
                    heading.push_str(&text);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, text) = current.take().expect("inside a heading");
                let base = github_slug(&text);
                let mut anchor = base.clone();
                while seen.contains_key(&anchor) {
                    let n = seen.entry(base.clone()).or_insert(0);
                    *n += 1;
                    anchor = format!("{base}-{n}");
                }
                seen.insert(anchor.clone(), 0);
                out.push((level, text, anchor));
            }
            _ => {}
        }
    }
    out
}

/// Every link of a page: (line, target).
fn links(markdown: &str) -> Vec<(usize, String)> {
    Parser::new_ext(markdown, Options::ENABLE_TABLES)
        .into_offset_iter()
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. }) => {
                let line = markdown[..range.start].matches('\n').count() + 1;
                Some((line, dest_url.into_string()))
            }
            _ => None,
        })
        .collect()
}

#[test]
fn anchors_are_computed_as_github_does() {
    let page = "# PARTNER Portal — WEB Chain Endpoints\n\n### POST /web/v1/partner/roles/{roleBizId}\n\n### `ACCESS.TOKEN_MISSING`\n\n#### Examples\n\n#### Examples\n";
    let anchors: Vec<String> = headings(page).into_iter().map(|h| h.2).collect();
    assert_eq!(
        anchors,
        [
            "partner-portal--web-chain-endpoints",
            "post-webv1partnerrolesrolebizid",
            "accesstoken_missing",
            "examples",
            "examples-1"
        ]
    );
}

#[test]
fn every_link_and_anchor_resolves() {
    let pages = pages();
    let anchors: BTreeMap<&str, BTreeSet<String>> = pages
        .iter()
        .map(|(name, text)| {
            let set = headings(text).into_iter().map(|h| h.2).collect();
            (name.as_str(), set)
        })
        .collect();
    let mut problems = Vec::new();
    let mut checked = 0;
    for (name, text) in &pages {
        for (line, target) in links(text) {
            if target.contains("://") || target.starts_with("mailto:") {
                problems.push(format!("{name}:{line}: external link {target}"));
                continue;
            }
            let (file, fragment) = target.split_once('#').unwrap_or((&target, ""));
            let file = if file.is_empty() { name.as_str() } else { file };
            let Some(targets) = anchors.get(file) else {
                problems.push(format!("{name}:{line}: {target}: no page {file}"));
                continue;
            };
            if !fragment.is_empty() && !targets.contains(fragment) {
                problems.push(format!(
                    "{name}:{line}: {target}: no heading #{fragment} in {file}"
                ));
            }
            checked += 1;
        }
    }
    assert!(
        problems.is_empty(),
        "broken links:\n{}",
        problems.join("\n")
    );
    // Every endpoint is linked from the index's table of contents, and more.
    assert!(checked > 500, "only {checked} links checked");
}

fn warning_codes(warnings: &[sdkgen::Diagnostic]) -> Vec<&'static str> {
    let mut codes: Vec<&'static str> = warnings.iter().map(|w| w.code).collect();
    codes.sort_unstable();
    codes
}

/// The IR's samples (values under a `json` key) with the strings the secret rules catch
/// (`sdkgen::secret_names`: by name, by shape) as the pages show them: `"<redacted>"`. The pages
/// never copy a secret sample, so that is all of it they can give back.
fn with_secrets_redacted(value: serde_json::Value, in_sample: bool) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| {
                    let secret = in_sample
                        && match &value {
                            Value::String(text) => {
                                sdkgen::secret_names::is_secret(Some(&key), text)
                            }
                            Value::Null => false,
                            // A secret name over a number or an object: the typed
                            // redaction replaces the whole value.
                            _ => sdkgen::secret_names::is_secret_name(&key),
                        };
                    let value = if secret {
                        Value::from("<redacted>")
                    } else {
                        with_secrets_redacted(value, in_sample || key == "json")
                    };
                    (key, value)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(|item| with_secrets_redacted(item, in_sample))
                .collect(),
        ),
        other => other,
    }
}

/// The model with the examples of its secret fields as the pages give them back: `"<redacted>"`,
/// which reads back as a placeholder sample.
fn with_secret_examples_redacted(value: serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Object(mut map) => {
            let secret = map.get("secret") == Some(&Value::Bool(true))
                && map.get("example").is_some_and(|example| !example.is_null());
            if secret {
                // `"<redacted>"` reads back as a placeholder.
                map.insert("redacted".to_owned(), Value::Bool(true));
            }
            for (key, value) in map.iter_mut() {
                *value = if secret && key == "example" && !value.is_null() {
                    Value::from("<redacted>")
                } else {
                    with_secret_examples_redacted(value.take())
                };
            }
            Value::Object(map)
        }
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(with_secret_examples_redacted)
                .collect(),
        ),
        other => other,
    }
}

/// Reads `pages` back and checks it gives the IR, the model and the warnings of `original`
/// (its secret samples redacted, as the pages show them).
fn assert_reads_back(original: &Parsed, pages: &Parsed, what: &str) {
    let ir = |parsed: &Parsed| {
        without_positions(serde_json::to_value(&parsed.api).expect("the IR serializes"))
    };
    let expected = with_secrets_redacted(ir(original), false);
    if let Some(difference) = first_difference(&expected, &ir(pages), "$") {
        panic!("{what}: the pages read back differently: {difference}");
    }
    // The preamble lines that name a local path are not on the pages: their warning is the
    // only one the pages cannot give back.
    let mut published = warning_codes(&original.warnings);
    published.retain(|code| *code != "preamble-private-location");
    assert_eq!(
        published,
        warning_codes(&pages.warnings),
        "{what}: reading the pages gives other warnings:\n{:#?}",
        pages.warnings
    );
    let (a, b) = (sdkgen::infer::infer(original), sdkgen::infer::infer(pages));
    let model = |inferred: &sdkgen::infer::Inferred| {
        without_positions(serde_json::to_value(&inferred.model).expect("the model serializes"))
    };
    let expected = with_secret_examples_redacted(model(&a));
    if let Some(difference) = first_difference(&expected, &model(&b), "$") {
        panic!("{what}: the pages infer another model: {difference}");
    }
    assert_eq!(
        warning_codes(&a.warnings),
        warning_codes(&b.warnings),
        "{what}"
    );
}

#[test]
fn generated_pages_read_back_as_the_document() {
    let original = real_document();
    let pages = sdkgen::parse_paths(&[docs_dir()])
        .unwrap_or_else(|report| panic!("generated-client/docs does not parse:\n{report}"));
    assert_eq!(pages.api.endpoints.len(), 94);
    assert_eq!(pages.api.groups.len(), 19);
    assert_reads_back(&original, &pages, "generated-client/docs");
    // Only the warnings the document itself gives.
    let allowed = ["no-success-fixture", "success-label-error-envelope"];
    for warning in &pages.warnings {
        assert!(
            allowed.contains(&warning.code),
            "unexpected warning: {warning}"
        );
    }
    // The title and preamble (compared above) come from the index page.
    assert_eq!(pages.api.preamble[0].span.file, {
        let index = docs_dir().join("index.md").display().to_string();
        pages
            .api
            .sources
            .iter()
            .position(|s| *s == index)
            .expect("index.md is read") as u32
    });
}

/// A folder under the system temp dir that is removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path = std::env::temp_dir().join(format!("sdkgen-pages-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).expect("create a temp dir");
        TempDir(path)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Renders the pages of `document` into a temp folder and reads them back.
fn round_trip(document: &Path, name: &str) -> (Parsed, Parsed) {
    let original = sdkgen::parse_file(document).expect("the document parses");
    let (pages, _) = sdkgen::Config::new([document])
        .crate_name("example-client")
        .render_markdown()
        .expect("the pages render");
    let dir = TempDir::new(name);
    sdkgen::write::write_files(&dir.0, &pages, Default::default()).expect("the pages are written");
    let read = sdkgen::parse_paths(std::slice::from_ref(&dir.0))
        .unwrap_or_else(|report| panic!("the pages of {name} do not parse:\n{report}"));
    (original, read)
}

#[test]
fn every_fixture_document_reads_back_from_its_pages() {
    let fixtures = repo_root().join("tests").join("fixtures");
    let mut documents = Vec::new();
    for folder in ["infer", "markdown-form"] {
        for entry in std::fs::read_dir(fixtures.join(folder)).expect("fixture folder") {
            let path = entry.expect("entry").path();
            if path.extension().is_some_and(|e| e == "txt" || e == "md") {
                documents.push(path);
            }
        }
    }
    documents.sort();
    assert!(documents.len() >= 10);
    for document in documents {
        if sdkgen::parse_file(&document).is_err() {
            continue;
        }
        let name = document
            .file_name()
            .expect("file")
            .to_string_lossy()
            .into_owned();
        let (original, read) = round_trip(&document, &name);
        assert_reads_back(&original, &read, &name);
    }
}

#[test]
fn a_markdown_document_with_parameters_and_queries_reads_back() {
    let dir = TempDir::new("parameters-source");
    let document = dir.0.join("pets.md");
    std::fs::write(
        &document,
        "\
# Pets API

Two endpoints, with a `|` and *emphasis* in the prose.

## Pets

All about pets.
Second line of the group's description.

### GET /pets/{petId}?expand=owner

Fetch one pet (see <https://example.com>).

**Required Headers:**

| Header | Value | Description |
|---|---|---|
| X-Request-Id | Unique request ID | |
| X-Tenant \\| Id | tenant-1 | A header no list can name |

**Optional Headers:**

| Header | Value | Description |
|---|---|---|
| Idempotency-Key | key-1 | Endpoint-specific |
| X-Request-Id | Unique request ID | |

**Path Parameters:**

| Parameter | Value | Description |
|---|---|---|
| petId | 42 | The pet |

**Query Parameters:**

| Name | Example | Description | Required |
|---|---|---|---|
| fields | name,age | Which fields | no |
| version | 2 | API version | yes |

**Success Response:** (HTTP 200)

```json
{\"success\": true, \"data\": {\"name\": \"Rex\", \"tags\": [\"a\", \"b`c\"], \"weight\": 10.50}}
```

**Error Response:** (HTTP 404)

### DELETE /pets/{petId}

**Success Response:** (HTTP 204)
",
    )
    .expect("write the document");
    let (original, read) = round_trip(&document, "parameters");
    assert_eq!(original.api.endpoints[0].parameters.len(), 3);
    assert_reads_back(&original, &read, "pets.md");
}

#[test]
fn endpoint_anchors_do_not_move_when_an_endpoint_is_added() {
    let text = sdkgen_tests::real_document_text();
    let glued = "}POST /web/v1/partner/auth/logout";
    assert!(text.contains(glued));
    let extended = text.replacen(
        glued,
        "}GET /web/v1/partner/auth/a-new-endpoint\nA new endpoint.\nSuccess Response: (HTTP 200)\n\
         {\"success\": true, \"data\": {\"fresh\": true}}POST /web/v1/partner/auth/logout",
        1,
    );
    let dir = TempDir::new("anchors");
    let render = |name: &str, text: &str| {
        let path = dir.0.join(name);
        std::fs::write(&path, text).expect("write the document");
        sdkgen::Config::new([&path])
            .render_markdown()
            .expect("the pages render")
            .0
    };
    let before = render("partner-web-endpoints.txt", &text);
    let after = render("partner-web-endpoints.txt", &extended);
    // Every heading anchor of every page before is still there after, on the same page.
    for (page, markdown) in &before {
        let old: BTreeSet<String> = headings(markdown).into_iter().map(|h| h.2).collect();
        let new: BTreeSet<String> = headings(&after[page]).into_iter().map(|h| h.2).collect();
        let missing: Vec<&String> = old.difference(&new).collect();
        // The `#### Request fields` ... subsections are numbered in page order and are never
        // linked; endpoints, types, error codes and sections keep their anchors.
        let missing: Vec<&&String> = missing
            .iter()
            .filter(|a| {
                !["request-fields", "responses", "examples", "parameters"]
                    .iter()
                    .any(|s| a.starts_with(s))
            })
            .collect();
        assert!(missing.is_empty(), "{page}: anchors gone: {missing:?}");
    }
    let auth = headings(&after["auth.md"]);
    assert!(auth
        .iter()
        .any(|h| h.2 == "get-webv1partnerautha-new-endpoint"));
}

#[test]
fn pages_are_deterministic_lf_and_end_with_a_newline() {
    let config = sdkgen::Config::new([repo_root().join(REAL_DOCUMENT)]);
    let (first, _) = config.render_markdown().expect("renders");
    let (second, _) = config.render_markdown().expect("renders");
    assert_eq!(first, second);
    for (name, text) in &first {
        assert!(!text.contains('\r'), "{name} has a CR");
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"), "{name}");
    }
    // The checked-in pages are these pages.
    assert_eq!(
        first,
        pages(),
        "generated-client/docs is stale: run `sdkgen generate`"
    );
}

/// The fenced code blocks of a page with their language.
fn code_blocks(markdown: &str) -> Vec<(String, String)> {
    let mut blocks = Vec::new();
    let mut current: Option<(String, String)> = None;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info))) => {
                current = Some((info.into_string(), String::new()));
            }
            Event::Text(text) => {
                if let Some((_, body)) = current.as_mut() {
                    body.push_str(&text);
                }
            }
            Event::End(TagEnd::CodeBlock) => blocks.extend(current.take()),
            _ => {}
        }
    }
    blocks
}

#[test]
fn rust_examples_call_the_generated_methods_and_curl_examples_hold_no_secrets() {
    let api_dir = repo_root().join("generated-client").join("src").join("api");
    let mut calls = 0;
    for (name, markdown) in pages() {
        for (language, body) in code_blocks(&markdown) {
            assert!(
                language == "json" || !body.contains("DocVerify123!"),
                "{name}: a {language} example copies the sample password"
            );
            if language == "sh" {
                assert!(body.starts_with("curl "), "{name}: {body}");
                for line in body.lines().filter(|l| l.contains("Authorization")) {
                    assert!(line.contains("Bearer $TOKEN"), "{name}: {line}");
                }
            }
            if language != "rust" || name == "index.md" {
                continue;
            }
            let compact: String = body.split_whitespace().collect();
            let call = compact
                .split("client.")
                .nth(1)
                .unwrap_or_else(|| panic!("{name}: no call in {body}"));
            let (module, rest) = call.split_once("().").expect("client.group().method(");
            let method = rest.split('(').next().expect("a method");
            let source = std::fs::read_to_string(api_dir.join(format!("{module}.rs")))
                .unwrap_or_else(|_| panic!("{name}: no module {module} for {body}"));
            assert!(
                source.contains(&format!("pub fn {method}(")),
                "{name}: `{module}().{method}` is not a method of the client"
            );
            calls += 1;
        }
    }
    assert_eq!(calls, 94, "one Rust example per endpoint");
}

#[test]
fn lines_sdkgen_writes_fit_80_columns() {
    // Prose copied from the document keeps its lines (the reader maps each line back).
    let original = real_document();
    let api = &original.api;
    let mut verbatim: Vec<String> = api.preamble.iter().map(|t| t.text.clone()).collect();
    for text in api
        .endpoints
        .iter()
        .filter_map(|e| e.description.as_ref().or(e.missing_success.as_ref()))
        .chain(api.groups.iter().filter_map(|g| g.description.as_ref()))
    {
        verbatim.extend(text.text.lines().map(str::to_owned));
    }
    let mut long = Vec::new();
    for (name, markdown) in pages() {
        let mut in_fence = false;
        for (number, line) in markdown.lines().enumerate() {
            if line.starts_with("```") {
                in_fence = !in_fence;
                continue;
            }
            if in_fence || line.starts_with('|') || line.starts_with('#') {
                continue;
            }
            let chars: Vec<char> = line.chars().collect();
            // MD013: too long only when there is a space past column 80.
            if chars.len() <= 80 || !chars[80..].contains(&' ') {
                continue;
            }
            let copied = verbatim
                .iter()
                .any(|v| line.contains(v.as_str()) && chars.len() - v.chars().count() <= 80);
            if !copied {
                long.push(format!("{name}:{}: {line}", number + 1));
            }
        }
    }
    assert!(
        long.is_empty(),
        "lines longer than 80 columns:\n{}",
        long.join("\n")
    );
}
