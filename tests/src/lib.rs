//! Shared helpers for the golden and end-to-end tests: where the repository is, the real
//! document, fixtures, and lookups by route (endpoints, operations) and by name (types, fields).

use std::path::PathBuf;

use sdkgen::ir::{Api, Endpoint, Json, JsonValue};
use sdkgen::model::{Field, Model, Operation, TypeKind};
use sdkgen::Parsed;

/// The repository root (the workspace folder).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives inside the repository")
        .to_path_buf()
}

/// The target folder this test binary was built in (`<target>/<profile>/deps/<test>`), wherever
/// `CARGO_TARGET_DIR` or a Cargo config put it.
pub fn cargo_target_dir() -> PathBuf {
    let exe = std::env::current_exe().expect("the test binary's path");
    exe.ancestors()
        .nth(3)
        .expect("the test binary lives in <target>/<profile>/deps")
        .to_path_buf()
}

/// Runs `cargo ARGS` in `dir` (a generated crate built as a package of its own) with `env`
/// set, sharing this build's target folder so the dependencies are not built again; fails the
/// test with cargo's output when it fails, else returns its standard output.
pub fn cargo_in(dir: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> String {
    let output = std::process::Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", cargo_target_dir())
        .envs(env.iter().copied())
        .output()
        .expect("cargo runs");
    assert!(
        output.status.success(),
        "cargo {} failed:\n{}\n{}",
        args.join(" "),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Checks a generated crate at `dir` as its users would: `cargo clippy --all-targets -D
/// warnings`, then `cargo test --quiet` with `test_args`. The workspace's lock file is copied
/// in first: it pins the dependency versions this build already compiled.
pub fn clippy_and_test(dir: &std::path::Path, test_args: &[&str]) {
    std::fs::copy(repo_root().join("Cargo.lock"), dir.join("Cargo.lock")).expect("lock copied");
    cargo_in(
        dir,
        &["clippy", "--quiet", "--all-targets", "--", "-D", "warnings"],
        &[],
    );
    let mut test = vec!["test", "--quiet"];
    test.extend_from_slice(test_args);
    cargo_in(dir, &test, &[]);
}

/// The real document's path, relative to the repository root.
pub const REAL_DOCUMENT: &str = "docs-input/partner-web-endpoints.txt";

/// The real document's text.
pub fn real_document_text() -> String {
    std::fs::read_to_string(repo_root().join(REAL_DOCUMENT)).expect("the real document is readable")
}

/// The real document, parsed.
pub fn real_document() -> Parsed {
    sdkgen::parse_str(REAL_DOCUMENT, &real_document_text()).expect("the real document parses")
}

/// The endpoint with this `METHOD /path` route.
pub fn endpoint<'a>(api: &'a Api, route: &str) -> &'a Endpoint {
    api.endpoints
        .iter()
        .find(|e| e.route() == route)
        .unwrap_or_else(|| panic!("no endpoint {route}"))
}

/// The index of the endpoint with this `METHOD /path` route (operations share the index).
pub fn endpoint_index(api: &Api, route: &str) -> usize {
    api.endpoints
        .iter()
        .position(|e| e.route() == route)
        .unwrap_or_else(|| panic!("no endpoint {route}"))
}

/// The operation inferred for the endpoint with this `METHOD /path` route.
pub fn operation<'a>(api: &Api, model: &'a Model, route: &str) -> &'a Operation {
    let index = endpoint_index(api, route);
    let op = &model.operations[index];
    assert_eq!(op.endpoint, index, "operations are in endpoint order");
    op
}

/// The fields of the struct with this name.
pub fn struct_fields<'a>(model: &'a Model, name: &str) -> &'a [Field] {
    match model.type_named(name).map(|t| &t.kind) {
        Some(TypeKind::Struct { fields, .. }) => fields,
        Some(other) => panic!("{name} is not a struct: {other:?}"),
        None => panic!("no type {name}"),
    }
}

/// The field with this wire name of the struct with this name.
pub fn field<'a>(model: &'a Model, name: &str, wire: &str) -> &'a Field {
    struct_fields(model, name)
        .iter()
        .find(|f| f.wire_name == wire)
        .unwrap_or_else(|| panic!("{name} has no field {wire}"))
}

/// A fixture document under `tests/fixtures/`, parsed (`relative` like `infer/floats.txt`).
pub fn fixture(relative: &str) -> Parsed {
    let path = repo_root().join("tests").join("fixtures").join(relative);
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|error| panic!("cannot read {}: {error}", path.display()));
    sdkgen::parse_str(&format!("tests/fixtures/{relative}"), &text)
        .unwrap_or_else(|report| panic!("{relative} does not parse:\n{report}"))
}

/// The `data` of an enveloped sample (`{version, timestamp, success, code, message, data}`),
/// or the whole sample when it is not enveloped. `None` when an envelope has no `data`.
pub fn sample_payload(body: &Json) -> Option<&Json> {
    let flag = matches!(
        body.get("success").map(|s| &s.value),
        Some(JsonValue::Bool(_))
    );
    let enveloped = flag && (body.get("data").is_some() || body.get("code").is_some());
    if enveloped {
        body.get("data")
    } else {
        Some(body)
    }
}

/// A JSON value with every `span` key (at any depth) and the top-level `sources` key removed,
/// for comparing IRs or models read from different files or forms.
pub fn without_positions(mut value: serde_json::Value) -> serde_json::Value {
    fn strip(value: &mut serde_json::Value) {
        match value {
            serde_json::Value::Object(map) => {
                map.remove("span");
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    if let serde_json::Value::Object(map) = &mut value {
        map.remove("sources");
    }
    strip(&mut value);
    value
}

/// The first place where two JSON values differ, as `path: what differs`.
pub fn first_difference(
    left: &serde_json::Value,
    right: &serde_json::Value,
    path: &str,
) -> Option<String> {
    use serde_json::Value;
    match (left, right) {
        (Value::Object(a), Value::Object(b)) => {
            let keys: std::collections::BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            keys.into_iter()
                .find_map(|key| match (a.get(key), b.get(key)) {
                    (Some(x), Some(y)) => first_difference(x, y, &format!("{path}.{key}")),
                    (Some(x), None) => Some(format!("{path}.{key}: only on the left ({x})")),
                    (None, _) => Some(format!("{path}.{key}: only on the right")),
                })
        }
        (Value::Array(a), Value::Array(b)) => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (x, y))| first_difference(x, y, &format!("{path}[{i}]")))
            .or_else(|| {
                (a.len() != b.len())
                    .then(|| format!("{path}: {} items against {}", a.len(), b.len()))
            }),
        _ => (left != right).then(|| format!("{path}: {left} against {right}")),
    }
}

/// Every value the redaction rules catch in the document: strings by name or shape in every
/// sample (`sdkgen::secret_names::secret_values`), and header, parameter and query values by
/// the same rules.
pub fn caught_secrets(parsed: &sdkgen::Parsed) -> std::collections::BTreeSet<String> {
    let mut caught = std::collections::BTreeSet::new();
    for endpoint in &parsed.api.endpoints {
        let bodies = endpoint
            .request
            .iter()
            .chain(endpoint.responses.iter().filter_map(|r| r.body.as_ref()));
        for body in bodies {
            sdkgen::secret_names::secret_values(&body.json, &mut caught);
        }
        let named_values = endpoint
            .headers
            .iter()
            .filter_map(|h| Some((&h.name, h.value.as_ref()?)))
            .chain(
                endpoint
                    .parameters
                    .iter()
                    .filter_map(|p| Some((&p.name, p.value.as_ref()?))),
            )
            .chain(endpoint.path.query.iter().map(|q| (&q.name, &q.example)));
        for (name, value) in named_values {
            if sdkgen::secret_names::is_secret(Some(name), value) {
                caught.insert(value.clone());
            }
        }
    }
    caught
}

/// Every file sdkgen publishes for `config`: the crate, `openapi.json` and the pages as
/// rendered, plus the OpenAPI document in the other version and format combinations (3.1
/// YAML, 3.0 JSON and YAML), by path.
pub fn published_files(config: &sdkgen::Config) -> std::collections::BTreeMap<String, String> {
    use sdkgen::emit::openapi::{Format, Version};
    let mut published = config.render().expect("renders").files;
    for (version, format) in [
        (Version::V3_1, Format::Yaml),
        (Version::V3_0, Format::Json),
        (Version::V3_0, Format::Yaml),
    ] {
        let (text, _) = config
            .clone()
            .openapi_version(version)
            .openapi_format(format)
            .render_openapi()
            .expect("renders");
        published.insert(
            format!("openapi-{}.{}", version.as_str(), format.extension()),
            text,
        );
    }
    published
}
