//! Property tests: whatever the input, `sdkgen::parse_str` must not panic, and when it fails its
//! report must hold at least one error, every diagnostic pointing inside the input (with the
//! source line it names being the line at that position).
//!
//! Inputs are arbitrary bytes, truncations of the real document, and the real document (and a
//! Markdown rendering of some of its endpoints) with byte ranges deleted or duplicated and JSON
//! and table punctuation inserted.

use std::fmt::Write as _;
use std::sync::LazyLock;

use proptest::prelude::*;
use sdkgen::ir::{Endpoint, Json, JsonValue, ResponseLabel};
use sdkgen::source::{SourceFile, Span};
use sdkgen::{Diagnostic, Report, Severity};

/// The number of cases of a property, times `SDKGEN_FUZZ_SCALE` (default 1) for longer runs.
fn config(cases: u32) -> ProptestConfig {
    let scale = std::env::var("SDKGEN_FUZZ_SCALE")
        .ok()
        .and_then(|s| s.parse::<u32>().ok())
        .unwrap_or(1);
    ProptestConfig::with_cases(cases.saturating_mul(scale.max(1)))
}

const REAL: &str = include_str!("../../docs-input/partner-web-endpoints.txt");

/// Checks one position against the normalised input (`file`): line within the text (or just
/// past its end), column within that line (or just past its end).
fn check_span(
    file: &SourceFile,
    line_count: usize,
    span: Span,
    what: &str,
) -> Result<(), TestCaseError> {
    prop_assert_eq!(span.file, 0, "{}: file index", what);
    prop_assert!(
        span.line >= 1 && span.line as usize <= line_count + 1,
        "{}: line {} outside 1..={}",
        what,
        span.line,
        line_count + 1
    );
    let width = file.line_text(span.line).chars().count();
    prop_assert!(
        span.column >= 1 && span.column as usize <= width + 1,
        "{}: column {} outside 1..={} of line {} {:?}",
        what,
        span.column,
        width + 1,
        span.line,
        file.line_text(span.line)
    );
    Ok(())
}

/// Parses `text` as `path` and checks the invariants of the result.
fn check(path: &str, text: &str) -> Result<(), TestCaseError> {
    let file = SourceFile::new(0, path, text);
    let line_count = file.text.lines().count();
    let check_diagnostics = |report: &Report| -> Result<(), TestCaseError> {
        for diagnostic in &report.diagnostics {
            let what = diagnostic.headline();
            prop_assert_eq!(&diagnostic.path, path);
            check_span(&file, line_count, diagnostic.span, &what)?;
            // A long line (a one-line sample) is shown cut around the column, `…` marking
            // each cut; a short one whole.
            let line = file.line_text(diagnostic.span.line);
            let shown = diagnostic.source_line.as_str();
            let inner = shown.strip_prefix('…').unwrap_or(shown);
            let inner = inner.strip_suffix('…').unwrap_or(inner);
            prop_assert!(
                shown == line || (line.len() > 480 && line.contains(inner)),
                "{}: the source line shown is not the line of the position",
                what
            );
            check_anchor(&file, diagnostic)?;
            // Rendering must not panic either.
            let _ = diagnostic.to_string();
        }
        prop_assert!(
            report
                .diagnostics
                .windows(2)
                .all(|w| w[0].span <= w[1].span),
            "diagnostics are not sorted by position"
        );
        Ok(())
    };
    match sdkgen::parse_str(path, text) {
        Ok(parsed) => {
            let report = Report::new(parsed.warnings.clone());
            prop_assert!(!report.has_errors(), "errors among the warnings");
            prop_assert!(
                parsed
                    .warnings
                    .iter()
                    .all(|w| w.severity == Severity::Warning),
                "errors among the warnings"
            );
            check_diagnostics(&report)?;
            prop_assert!(!parsed.api.endpoints.is_empty(), "Ok without endpoints");
            for endpoint in &parsed.api.endpoints {
                check_endpoint(&file, line_count, endpoint)?;
            }
            let inferred = sdkgen::infer::infer(&parsed);
            let _ = sdkgen::summary::render(&parsed, &inferred);
        }
        Err(report) => {
            prop_assert!(report.has_errors(), "Err without an error diagnostic");
            check_diagnostics(&report)?;
            let _ = report.to_string();
        }
    }
    Ok(())
}

/// Diagnostics whose position is defined by what they are about must point at it.
fn check_anchor(file: &SourceFile, diagnostic: &Diagnostic) -> Result<(), TestCaseError> {
    let text = at(file, diagnostic.span);
    let text_form = sdkgen::Format::detect(&diagnostic.path, &file.text) == sdkgen::Format::Text;
    let expected: &[&str] = match diagnostic.code {
        "bad-path" => &["{", "}"],
        "success-label-error-envelope" => &["false"],
        "endpoint-count" => &["total endpoints"],
        "duplicate-endpoint" if text_form => {
            &["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"]
        }
        _ => return Ok(()),
    };
    // Labels match case-insensitively; methods are upper case both in `expected` and the text.
    let head: String = text.chars().take(20).collect::<String>().to_lowercase();
    prop_assert!(
        expected.iter().any(|e| head.starts_with(&e.to_lowercase())),
        "{}: expected the position to be on one of {:?}, found {:?}",
        diagnostic.headline(),
        expected,
        text.chars().take(20).collect::<String>()
    );
    Ok(())
}

/// A path as written (up to white space) with its `:name`, `<name>` and `[name]` parameters
/// written `{name}`, as the IR's template writes them.
fn braced(text: &str) -> String {
    let written = text.split(char::is_whitespace).next().unwrap_or("");
    let mut out = String::new();
    let mut rest = written;
    while let Some(c) = rest.chars().next() {
        let segment_start = out.is_empty() || out.ends_with('/');
        let ident_len = |s: &str| {
            s.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(s.len())
        };
        if c == ':' && segment_start && ident_len(&rest[1..]) > 0 {
            let len = ident_len(&rest[1..]);
            out.push_str(&format!("{{{}}}", &rest[1..1 + len]));
            rest = &rest[1 + len..];
        } else if (c == '<' || (c == '[' && segment_start)) && rest.contains(['>', ']']) {
            let close = rest.find(if c == '<' { '>' } else { ']' }).unwrap_or(0);
            let inner = &rest[1..close];
            let name = inner.rsplit(':').next().unwrap_or(inner);
            out.push_str(&format!("{{{name}}}"));
            rest = &rest[close + 1..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// The text at a span.
fn at(file: &SourceFile, span: Span) -> &str {
    &file.text[file.offset(span)..]
}

/// Checks the spans of an endpoint: inside the input, and on the text they stand for.
fn check_endpoint(
    file: &SourceFile,
    line_count: usize,
    endpoint: &Endpoint,
) -> Result<(), TestCaseError> {
    let route = endpoint.route();
    check_span(file, line_count, endpoint.span, &route)?;
    check_span(file, line_count, endpoint.path.span, &route)?;
    prop_assert!(
        braced(at(file, endpoint.path.span)).starts_with(&endpoint.path.template),
        "{}: the path span {:?} is not on the path",
        route,
        endpoint.path.span
    );
    for param in endpoint.path.params() {
        check_span(file, line_count, param.span, &route)?;
        prop_assert!(
            braced(at(file, param.span)).starts_with(&format!("{{{}}}", param.name)),
            "{}: the span {:?} of `{{{}}}` is not on it",
            route,
            param.span,
            param.name
        );
    }
    for response in &endpoint.responses {
        check_span(file, line_count, response.span, &route)?;
        if let Some(body) = &response.body {
            check_span(file, line_count, body.span, &route)?;
            check_json(file, line_count, &body.json, &route)?;
        }
    }
    if let Some(body) = &endpoint.request {
        check_span(file, line_count, body.span, &route)?;
        check_json(file, line_count, &body.json, &route)?;
    }
    Ok(())
}

/// Every node of a sample must point at the first character of its value, every member at the
/// `"` of its key.
fn check_json(
    file: &SourceFile,
    line_count: usize,
    json: &Json,
    route: &str,
) -> Result<(), TestCaseError> {
    check_span(file, line_count, json.span, route)?;
    let text = at(file, json.span);
    let starts = match &json.value {
        JsonValue::Null => text.starts_with("null"),
        JsonValue::Bool(b) => text.starts_with(if *b { "true" } else { "false" }),
        JsonValue::Number(n) => text.starts_with(n.as_str()),
        JsonValue::String(_) => text.starts_with('"'),
        JsonValue::Array(items) => {
            for item in items {
                check_json(file, line_count, item, route)?;
            }
            text.starts_with('[')
        }
        JsonValue::Object(members) => {
            for member in members {
                check_span(file, line_count, member.span, route)?;
                prop_assert!(
                    at(file, member.span).starts_with('"'),
                    "{}: the span {:?} of key `{}` is not on its `\"`",
                    route,
                    member.span,
                    member.key
                );
                check_json(file, line_count, &member.value, route)?;
            }
            text.starts_with('{')
        }
    };
    prop_assert!(
        starts,
        "{}: the span {:?} of a sample node is not on its value",
        route,
        json.span
    );
    Ok(())
}

/// The names each input is parsed under: text form, Markdown form, and sniffed from the content.
const PATHS: [&str; 3] = ["doc.txt", "doc.md", "doc"];

fn check_all_paths(text: &str) -> Result<(), TestCaseError> {
    for path in PATHS {
        check(path, text)?;
    }
    Ok(())
}

/// The largest char boundary at or below `index`.
fn floor_boundary(text: &str, mut index: usize) -> usize {
    index = index.min(text.len());
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

/// An edit of a document's bytes; positions are fractions of the length, so a strategy does
/// not need to know the document.
#[derive(Debug, Clone)]
enum Mutation {
    /// Delete `len` bytes at `at`.
    Delete { at: f64, len: usize },
    /// Insert a copy of the `len` bytes at `from` at `at`.
    Duplicate { from: f64, len: usize, at: f64 },
    /// Insert one punctuation character at `at`.
    Insert { at: f64, byte: u8 },
}

const PUNCTUATION: &[u8] = b"{}[]\":,|\n";

fn mutation() -> impl Strategy<Value = Mutation> {
    let fraction = 0.0..1.0f64;
    prop_oneof![
        (fraction.clone(), 1..200usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (fraction.clone(), 1..400usize, fraction.clone())
            .prop_map(|(from, len, at)| Mutation::Duplicate { from, len, at }),
        (fraction, proptest::sample::select(PUNCTUATION))
            .prop_map(|(at, byte)| Mutation::Insert { at, byte }),
    ]
}

fn position(bytes: &[u8], fraction: f64) -> usize {
    ((bytes.len() as f64 * fraction) as usize).min(bytes.len())
}

/// Applies the edits to the bytes of `text`; the result may split UTF-8 sequences, so it is
/// converted back lossily, as a reader of a damaged file would.
fn mutate(text: &str, mutations: &[Mutation]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for mutation in mutations {
        match *mutation {
            Mutation::Delete { at, len } => {
                let at = position(&bytes, at);
                let end = (at + len).min(bytes.len());
                bytes.drain(at..end);
            }
            Mutation::Duplicate { from, len, at } => {
                let from = position(&bytes, from);
                let end = (from + len).min(bytes.len());
                let copy = bytes[from..end].to_vec();
                let at = position(&bytes, at);
                bytes.splice(at..at, copy);
            }
            Mutation::Insert { at, byte } => {
                let at = position(&bytes, at);
                bytes.insert(at, byte);
            }
        }
    }
    String::from_utf8_lossy(&bytes).into_owned()
}

/// The first lines of the real document: its first few endpoints, cut at the end of a line
/// that ends a sample (so the prefix is a complete document). Mutation tests use it to stay fast.
static REAL_PREFIX: LazyLock<String> = LazyLock::new(|| {
    let lines: Vec<&str> = REAL.lines().collect();
    let cut = (300..lines.len())
        .find(|&i| lines[i].starts_with("}POST") || lines[i].starts_with("}GET"))
        .expect("a glued heading after line 300");
    let mut prefix = lines[..cut].join("\n");
    prefix.push_str("\n}\n");
    prefix
});

fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

fn json_fence(out: &mut String, json: &sdkgen::ir::Json) {
    let pretty = serde_json::to_string_pretty(json).expect("JSON");
    let _ = write!(out, "```json\n{pretty}\n```\n\n");
}

/// A Markdown rendering of a few endpoints of the real document: the first ones, and the first
/// with a path parameter, without a success fixture, and with a `success: false` success sample.
static MARKDOWN: LazyLock<String> = LazyLock::new(|| {
    let parsed = sdkgen::parse_str("partner-web-endpoints.txt", REAL).expect("real document");
    let api = &parsed.api;
    let endpoints = &api.endpoints;
    let mut chosen: Vec<usize> = (0..4).collect();
    let picks: [&dyn Fn(&Endpoint) -> bool; 3] = [
        &|e| e.path.params().next().is_some(),
        &|e| e.missing_success.is_some(),
        &|e| {
            e.responses.iter().any(|r| {
                r.label == ResponseLabel::Success
                    && r.body
                        .as_ref()
                        .and_then(|b| b.json.get("success"))
                        .is_some_and(|s| s.to_value() == serde_json::Value::Bool(false))
            })
        },
    ];
    for pick in picks {
        if let Some(index) = endpoints.iter().position(pick) {
            if !chosen.contains(&index) {
                chosen.push(index);
            }
        }
    }
    chosen.sort_unstable();

    let mut out = String::new();
    let title = api.title.as_ref().map_or("API", |t| t.text.as_str());
    let _ = write!(out, "# {title}\n\nTotal endpoints: {}\n\n", chosen.len());
    let mut group = None;
    for &index in &chosen {
        let endpoint = &endpoints[index];
        if group != Some(endpoint.group) {
            group = Some(endpoint.group);
            let _ = write!(out, "## {}\n\n", api.groups[endpoint.group].name);
        }
        let _ = write!(out, "### {}\n\n", endpoint.route());
        if let Some(description) = &endpoint.description {
            let _ = write!(out, "{}\n\n", description.text);
        }
        for required in [true, false] {
            let headers: Vec<_> = endpoint
                .headers
                .iter()
                .filter(|h| h.required == required)
                .collect();
            if headers.is_empty() {
                continue;
            }
            let label = if required { "Required" } else { "Optional" };
            let _ = write!(
                out,
                "**{label} Headers:**\n\n| Header | Value | Description |\n|---|---|---|\n"
            );
            for header in headers {
                let _ = writeln!(
                    out,
                    "| {} | {} | {} |",
                    escape_cell(&header.name),
                    escape_cell(header.value.as_deref().unwrap_or("")),
                    escape_cell(header.description.as_deref().unwrap_or(""))
                );
            }
            out.push('\n');
        }
        if let Some(request) = &endpoint.request {
            out.push_str("**Request Body:**\n\n");
            json_fence(&mut out, &request.json);
        }
        if let Some(note) = &endpoint.missing_success {
            let _ = write!(out, "**Success Response:** {}\n\n", note.text);
        }
        for response in &endpoint.responses {
            let label = match response.label {
                ResponseLabel::Success => "Success",
                ResponseLabel::Error => "Error",
            };
            let _ = write!(out, "**{label} Response:** (HTTP {})\n\n", response.status);
            if let Some(body) = &response.body {
                json_fence(&mut out, &body.json);
            }
        }
    }
    out
});

#[test]
fn the_unmutated_inputs_parse() {
    let real = sdkgen::parse_str("doc.txt", REAL).expect("real document");
    assert_eq!(real.api.endpoints.len(), 94);
    let prefix = sdkgen::parse_str("doc.txt", &REAL_PREFIX).expect("prefix of the real document");
    assert!(prefix.api.endpoints.len() >= 5);

    let markdown = &*MARKDOWN;
    for path in ["doc.md", "doc"] {
        let parsed =
            sdkgen::parse_str(path, markdown).unwrap_or_else(|r| panic!("{r}\n{markdown}"));
        assert!(parsed.api.endpoints.len() >= 6, "{markdown}");
        assert!(parsed.warnings.iter().all(|w| w.code != "endpoint-count"));
        assert!(parsed
            .api
            .endpoints
            .iter()
            .any(|e| e.path.params().next().is_some()));
        assert!(parsed.api.endpoints.iter().any(|e| e.request.is_some()));
    }
    check_all_paths(REAL).expect("invariants hold for the real document");
    check_all_paths(markdown).expect("invariants hold for the Markdown document");
}

/// Found by `samples_round_trip_with_exact_spans`: a bare scalar sample glued to the next
/// endpoint heading (`nullGET /b`) was rejected unless the heading was the last line.
#[test]
fn scalar_sample_glued_to_a_heading_that_is_not_the_last_line() {
    let text =
        "T\nG\nGET /a\nSuccess Response: (HTTP 200)\nnullGET /b\nSuccess Response: (HTTP 200)\n1\n";
    let parsed = sdkgen::parse_str("doc.txt", text).unwrap_or_else(|r| panic!("{r}"));
    let routes: Vec<String> = parsed.api.endpoints.iter().map(Endpoint::route).collect();
    assert_eq!(routes, ["GET /a", "GET /b"]);
    let b = &parsed.api.endpoints[1];
    assert_eq!((b.span.line, b.span.column), (5, 5));
    check_all_paths(text).expect("invariants");
}

/// Pieces of both document forms, so that random sequences of them hit the grammar more often
/// than random bytes do.
const TOKENS: &[&str] = &[
    "\n",
    "\n",
    " ",
    "\t",
    "\r",
    "\u{feff}",
    "Title\n",
    "Auth\n",
    "# ",
    "## ",
    "### ",
    "GET /a/{id}\n",
    "POST /b\n",
    "}POST /c",
    "Request Body:",
    "Success Response: (HTTP 200)\n",
    "Error Response: (HTTP 404)",
    "Success Response: none\n",
    "Required Headers:\n",
    "Path Parameters:\n",
    "Total endpoints: 3\n",
    "Rate Limits: 10\n",
    "| Header | Value |\n",
    "|---|---|\n",
    "| X-Id | 1 |\n",
    "```json\n",
    "```\n",
    "**",
    "`",
    "{",
    "}",
    "[",
    "]",
    "\"",
    "\"k\": ",
    ":",
    ",",
    "null",
    "true",
    "-1.5e3",
    "0",
    "\\",
    "\\u00",
    "中文",
    "—",
    "é",
];

fn token_soup() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            4 => proptest::sample::select(TOKENS).prop_map(str::to_owned),
            1 => any::<char>().prop_map(String::from),
        ],
        0..120,
    )
    .prop_map(|pieces| pieces.concat())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..1024)) {
        check_all_paths(&String::from_utf8_lossy(&bytes))?;
    }
}

proptest! {
    #![proptest_config(config(512))]

    #[test]
    fn token_sequences(text in token_soup()) {
        check_all_paths(&text)?;
    }
}

proptest! {
    #![proptest_config(config(128))]

    #[test]
    fn truncations_of_the_real_document(fraction in 0.0..1.0f64) {
        let end = floor_boundary(REAL, (REAL.len() as f64 * fraction) as usize);
        check("doc.txt", &REAL[..end])?;
    }

    #[test]
    fn truncations_of_the_markdown_document(fraction in 0.0..1.0f64) {
        let markdown = &*MARKDOWN;
        let end = floor_boundary(markdown, (markdown.len() as f64 * fraction) as usize);
        check("doc.md", &markdown[..end])?;
        check("doc", &markdown[..end])?;
    }
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn mutations_of_the_real_document(
        mutations in proptest::collection::vec(mutation(), 1..6)
    ) {
        check_all_paths(&mutate(&REAL_PREFIX, &mutations))?;
    }

    #[test]
    fn mutations_of_the_markdown_document(
        mutations in proptest::collection::vec(mutation(), 1..6)
    ) {
        let text = mutate(&MARKDOWN, &mutations);
        check("doc.md", &text)?;
        check("doc", &text)?;
    }
}

/// Arbitrary JSON values, with multi-byte characters and document punctuation in strings.
fn json_value() -> impl Strategy<Value = serde_json::Value> {
    use serde_json::Value;
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        "[a-zA-Z0-9 é中—{}:,\\[\\]\"\\\\/|#*`]{0,12}".prop_map(Value::String),
    ];
    leaf.prop_recursive(3, 24, 4, |inner| {
        prop_oneof![
            proptest::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            proptest::collection::btree_map("[a-z中é]{1,6}", inner, 0..4)
                .prop_map(|members| Value::Object(members.into_iter().collect())),
        ]
    })
}

fn render_json(value: &serde_json::Value, pretty: bool) -> String {
    if pretty {
        serde_json::to_string_pretty(value).expect("JSON")
    } else {
        serde_json::to_string(value).expect("JSON")
    }
}

/// Two endpoints whose samples are `request` and `success`, in the text form (the second
/// heading glued to the first endpoint's last sample, as in the real document) or in Markdown.
fn samples_document(
    markdown: bool,
    request: &serde_json::Value,
    success: &serde_json::Value,
    pretty: bool,
) -> String {
    let (request, success) = (render_json(request, pretty), render_json(success, pretty));
    if markdown {
        format!(
            "# Samples API\n\nTotal endpoints: 2\n\n## Samples\n\n### POST /samples/{{sampleId}}\n\n\
             Create a sample.\n\n**Request Body:**\n\n```json\n{request}\n```\n\n\
             **Success Response:** (HTTP 200)\n\n```json\n{success}\n```\n\n\
             ### GET /samples\n\n**Success Response:** (HTTP 200)\n\n```json\n{success}\n```\n"
        )
    } else {
        format!(
            "Samples API\nTotal endpoints: 2\nSamples\nPOST /samples/{{sampleId}}\nCreate a sample.\n\
             Request Body:\n{request}Success Response: (HTTP 200)\n{success}GET /samples\n\
             Success Response: (HTTP 200)\n{success}\n"
        )
    }
}

proptest! {
    #![proptest_config(config(256))]

    /// Samples come back exactly, with every node's span on its value (multi-byte characters
    /// before a node must not shift it).
    #[test]
    fn samples_round_trip_with_exact_spans(
        request in json_value(),
        success in json_value(),
        pretty in any::<bool>(),
        markdown in any::<bool>(),
    ) {
        let text = samples_document(markdown, &request, &success, pretty);
        let path = if markdown { "doc.md" } else { "doc.txt" };
        let parsed = match sdkgen::parse_str(path, &text) {
            Ok(parsed) => parsed,
            Err(report) => return Err(TestCaseError::fail(format!("{report}\n{text}"))),
        };
        prop_assert!(parsed.warnings.is_empty(), "{:?}", parsed.warnings);
        let endpoints = &parsed.api.endpoints;
        prop_assert_eq!(endpoints.len(), 2);
        let request_json = endpoints[0].request.as_ref().map(|b| b.json.to_value());
        prop_assert_eq!(request_json.as_ref(), Some(&request));
        for endpoint in endpoints {
            let body = endpoint.success().and_then(|r| r.body.as_ref());
            let body = body.map(|b| b.json.to_value());
            prop_assert_eq!(body.as_ref(), Some(&success));
        }
        check(path, &text)?;
    }
}

proptest! {
    #![proptest_config(config(32))]

    #[test]
    fn mutations_of_the_whole_real_document(
        mutations in proptest::collection::vec(mutation(), 1..4)
    ) {
        check("doc.txt", &mutate(REAL, &mutations))?;
    }
}
