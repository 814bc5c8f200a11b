//! The OpenAPI document of the real document, in both versions: every example validates
//! against its own schema (with `$ref`s resolved to the components, and no property the schema
//! does not declare); every endpoint, parameter, header and sample of the input is in it;
//! names agree with the Rust client; the output is byte-identical across runs; the YAML form
//! is equivalent to the JSON; and the CLI flags (`--openapi-version`, `--format yaml`, `-o`)
//! do what they say.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use sdkgen::emit::openapi::{Format, Version};
use sdkgen::infer::Inferred;
use sdkgen::model::{AuthUse, BodyKind, HeaderRole, Publication, TypeKind};
use sdkgen::{Config, Parsed};
use sdkgen_tests::{real_document, repo_root, REAL_DOCUMENT};
use serde_json::{json, Map, Value};

const VERSIONS: [Version; 2] = [Version::V3_1, Version::V3_0];

fn config(version: Version) -> Config {
    Config::new([repo_root().join(REAL_DOCUMENT)]).openapi_version(version)
}

fn render(version: Version, format: Format) -> String {
    config(version)
        .openapi_format(format)
        .render_openapi()
        .expect("the real document renders")
        .0
}

fn document(version: Version) -> Value {
    serde_json::from_str(&render(version, Format::Json)).expect("the document is JSON")
}

fn model() -> (Parsed, Inferred) {
    let parsed = real_document();
    let inferred = sdkgen::infer::infer(&parsed);
    (parsed, inferred)
}

/// Follows a local `$ref` (`#/components/...`).
fn resolve<'a>(doc: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(target) => {
            let pointer = target.strip_prefix('#').expect("local reference");
            let found = doc
                .pointer(pointer)
                .unwrap_or_else(|| panic!("unresolved {target}"));
            resolve(doc, found)
        }
        None => node,
    }
}

// ---------------------------------------------------------------------------------------------
// Examples against their schemas.

/// An OpenAPI schema as a JSON Schema 2020-12 schema: 3.0's `nullable` becomes a type array,
/// `$ref`s point into `$defs`, and every object schema that is not an `allOf`/`anyOf`/`oneOf`
/// branch gets `unevaluatedProperties: false`, so an example property the schema does not
/// declare fails (as Redocly's example rule does).
fn json_schema(node: &Value, branch: bool) -> Value {
    let Value::Object(map) = node else {
        return node.clone();
    };
    let mut out = Map::new();
    for (key, value) in map {
        let converted = match key.as_str() {
            "$ref" => Value::String(
                value
                    .as_str()
                    .expect("string $ref")
                    .replace("#/components/schemas/", "#/$defs/"),
            ),
            "properties" => Value::Object(
                value
                    .as_object()
                    .expect("properties object")
                    .iter()
                    .map(|(k, v)| (k.clone(), json_schema(v, false)))
                    .collect(),
            ),
            "items" | "not" | "additionalProperties" => json_schema(value, false),
            "allOf" | "anyOf" | "oneOf" => Value::Array(
                value
                    .as_array()
                    .expect("schema list")
                    .iter()
                    .map(|v| json_schema(v, true))
                    .collect(),
            ),
            "nullable" | "example" => continue,
            _ => value.clone(),
        };
        out.insert(key.clone(), converted);
    }
    if map.get("nullable") == Some(&Value::Bool(true)) {
        if let Some(Value::String(ty)) = map.get("type") {
            out.insert("type".to_owned(), json!([ty, "null"]));
        } else if map.contains_key("allOf") {
            // 3.0's nullable reference, `{allOf: [$ref], nullable: true}`: the reference or null.
            out = Map::from_iter([(
                "anyOf".to_owned(),
                json!([Value::Object(out), {"type": "null"}]),
            )]);
        }
    }
    let object_like = map.contains_key("properties")
        || ["allOf", "anyOf", "oneOf"]
            .iter()
            .any(|k| map.contains_key(*k));
    if object_like && !branch && !map.contains_key("additionalProperties") {
        out.insert("unevaluatedProperties".to_owned(), Value::Bool(false));
    }
    Value::Object(out)
}

/// Every `(where, schema, example)` in the document: media types and parameters (`example`,
/// `examples.*.value`) and schemas (`example` in 3.0, `examples: [...]` in 3.1).
fn examples(doc: &Value) -> Vec<(String, Value, Value)> {
    fn schema_examples(schema: &Value, at: &str, out: &mut Vec<(String, Value, Value)>) {
        let Some(map) = schema.as_object() else {
            return;
        };
        if let Some(example) = map.get("example") {
            out.push((at.to_owned(), schema.clone(), example.clone()));
        }
        if let Some(Value::Array(list)) = map.get("examples") {
            for (i, example) in list.iter().enumerate() {
                out.push((
                    format!("{at}/examples/{i}"),
                    schema.clone(),
                    example.clone(),
                ));
            }
        }
        if let Some(Value::Object(properties)) = map.get("properties") {
            for (name, property) in properties {
                schema_examples(property, &format!("{at}/properties/{name}"), out);
            }
        }
        for key in ["items", "additionalProperties", "not"] {
            if let Some(inner) = map.get(key) {
                schema_examples(inner, &format!("{at}/{key}"), out);
            }
        }
        for key in ["allOf", "anyOf", "oneOf"] {
            if let Some(Value::Array(list)) = map.get(key) {
                for (i, inner) in list.iter().enumerate() {
                    schema_examples(inner, &format!("{at}/{key}/{i}"), out);
                }
            }
        }
    }
    fn holder_examples(holder: &Value, at: &str, out: &mut Vec<(String, Value, Value)>) {
        let Some(schema) = holder.get("schema") else {
            return;
        };
        schema_examples(schema, &format!("{at}/schema"), out);
        if let Some(example) = holder.get("example") {
            out.push((at.to_owned(), schema.clone(), example.clone()));
        }
        if let Some(Value::Object(named)) = holder.get("examples") {
            for (name, example) in named {
                let value = example.get("value").expect("examples have a value");
                out.push((
                    format!("{at}/examples/{name}"),
                    schema.clone(),
                    value.clone(),
                ));
            }
        }
    }
    let mut out = Vec::new();
    let components = |kind: &str| {
        doc["components"][kind]
            .as_object()
            .cloned()
            .unwrap_or_default()
    };
    for (name, schema) in components("schemas") {
        schema_examples(&schema, &format!("#/components/schemas/{name}"), &mut out);
    }
    for (name, response) in components("responses") {
        for (media, holder) in response["content"].as_object().into_iter().flatten() {
            holder_examples(
                holder,
                &format!("#/components/responses/{name}/{media}"),
                &mut out,
            );
        }
    }
    for (name, parameter) in components("parameters") {
        holder_examples(
            &parameter,
            &format!("#/components/parameters/{name}"),
            &mut out,
        );
    }
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            let at = format!("#/paths/{path}/{method}");
            for (i, parameter) in op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .enumerate()
            {
                holder_examples(parameter, &format!("{at}/parameters/{i}"), &mut out);
            }
            for (media, holder) in op["requestBody"]["content"]
                .as_object()
                .into_iter()
                .flatten()
            {
                holder_examples(holder, &format!("{at}/requestBody/{media}"), &mut out);
            }
            for (status, response) in op["responses"].as_object().expect("responses") {
                for (media, holder) in response["content"].as_object().into_iter().flatten() {
                    holder_examples(
                        holder,
                        &format!("{at}/responses/{status}/{media}"),
                        &mut out,
                    );
                }
            }
        }
    }
    out
}

fn check_examples(version: Version) {
    let count = check_examples_of(&document(version));
    // Shared error responses (`components/responses`) show one example for many operations.
    assert!(count > 250, "only {count} examples found");
}

/// Validates every example of `doc`; returns how many there are.
fn check_examples_of(doc: &Value) -> usize {
    let defs: Map<String, Value> = doc["components"]["schemas"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(k, v)| (k.clone(), json_schema(v, false)))
        .collect();
    let all = examples(doc);
    let mut failures = Vec::new();
    for (at, schema, example) in &all {
        let mut root = match json_schema(schema, false) {
            Value::Object(map) => map,
            other => panic!("{at}: schema is not an object: {other}"),
        };
        root.insert("$defs".to_owned(), Value::Object(defs.clone()));
        root.insert(
            "$schema".to_owned(),
            json!("https://json-schema.org/draft/2020-12/schema"),
        );
        let validator = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft202012)
            .should_validate_formats(true)
            .should_ignore_unknown_formats(true)
            .build(&Value::Object(root))
            .unwrap_or_else(|e| panic!("{at}: the schema does not compile: {e}"));
        let errors: Vec<String> = validator
            .iter_errors(example)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        if !errors.is_empty() {
            failures.push(format!("{at}: {}", errors.join("; ")));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} examples do not validate:\n{}",
        failures.len(),
        all.len(),
        failures.join("\n")
    );
    all.len()
}

#[test]
fn every_example_validates_against_its_schema_3_1() {
    check_examples(Version::V3_1);
}

#[test]
fn every_example_validates_against_its_schema_3_0() {
    check_examples(Version::V3_0);
}

#[test]
fn an_undeclared_property_in_an_example_is_caught() {
    // The strictness above is real: a sample with one extra field fails.
    let doc = document(Version::V3_1);
    let defs: Map<String, Value> = doc["components"]["schemas"]
        .as_object()
        .expect("schemas")
        .iter()
        .map(|(k, v)| (k.clone(), json_schema(v, false)))
        .collect();
    let media = &doc["paths"]["/web/v1/partner/auth/login/initiate"]["post"]["responses"]["200"]
        ["content"]["application/json"];
    let mut root = json_schema(&media["schema"], false);
    root["$defs"] = Value::Object(defs);
    let validator = jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .build(&root)
        .expect("compiles");
    let mut sample = media["examples"]["success"]["value"].clone();
    assert!(validator.is_valid(&sample));
    sample["data"]["undeclared"] = json!(1);
    assert!(!validator.is_valid(&sample));
    let mut sample = media["examples"]["success"]["value"].clone();
    sample["data"]["expiresIn"] = json!("soon");
    assert!(!validator.is_valid(&sample));
}

// ---------------------------------------------------------------------------------------------
// Nothing of the input is lost.

fn check_coverage(version: Version) {
    let doc = document(version);
    let (parsed, inferred) = model();
    let api = &parsed.api;
    let model = &inferred.model;
    let tags: Vec<&str> = doc["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .map(|t| {
            assert!(t["description"].as_str().is_some_and(|d| !d.is_empty()));
            t["name"].as_str().expect("tag name")
        })
        .collect();
    let groups: Vec<&str> = api.groups.iter().map(|g| g.name.as_str()).collect();
    assert_eq!(tags, groups, "one tag per group, in document order");
    let mut operation_ids = std::collections::BTreeSet::new();
    let mut count = 0;
    for op in &model.operations {
        let endpoint = &api.endpoints[op.endpoint];
        let route = endpoint.route();
        let item = &doc["paths"][&endpoint.path.template];
        let operation = &item[endpoint.method.as_str().to_ascii_lowercase()];
        assert!(operation.is_object(), "{route} is missing");
        count += 1;
        assert_eq!(operation["operationId"], json!(op.operation_id), "{route}");
        assert!(
            operation_ids.insert(op.operation_id.clone()),
            "{route}: operationId repeats"
        );
        assert!(op
            .operation_id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-'));
        assert_eq!(
            operation["tags"],
            json!([api.groups[endpoint.group].name]),
            "{route}"
        );
        assert!(
            !operation["summary"].as_str().unwrap_or_default().is_empty(),
            "{route}"
        );
        if let Some(text) = &endpoint.description {
            assert!(
                operation["description"]
                    .as_str()
                    .unwrap_or_default()
                    .contains(&text.text),
                "{route}: description"
            );
        }
        let parameters: Vec<&Value> = operation["parameters"]
            .as_array()
            .map(|list| list.iter().map(|p| resolve(&doc, p)).collect())
            .unwrap_or_default();
        let find = |name: &str, location: &str| {
            parameters
                .iter()
                .find(|p| p["name"] == json!(name) && p["in"] == json!(location))
                .copied()
        };
        for param in endpoint.path.params() {
            let p = find(&param.name, "path").unwrap_or_else(|| panic!("{route}: {}", param.name));
            assert_eq!(
                p["required"],
                json!(true),
                "{route}: path parameters are required"
            );
        }
        for row in &endpoint.parameters {
            let location = format!("{:?}", row.location).to_ascii_lowercase();
            assert!(
                find(&row.name, &location).is_some(),
                "{route}: {}",
                row.name
            );
        }
        for query in &endpoint.path.query {
            assert!(
                find(&query.name, "query").is_some(),
                "{route}: ?{}",
                query.name
            );
        }
        let mut media_types: Vec<&String> = Vec::new();
        if let Some(content) = operation["requestBody"]["content"].as_object() {
            media_types.extend(content.keys());
        }
        for response in operation["responses"]
            .as_object()
            .expect("responses")
            .values()
        {
            if let Some(content) = response["content"].as_object() {
                media_types.extend(content.keys());
            }
        }
        let parameters = operation["parameters"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        let header_parameter = |name: &str| {
            parameters.iter().find(|p| {
                resolve(&doc, p)["in"] == json!("header") && resolve(&doc, p)["name"] == json!(name)
            })
        };
        let security: Vec<&Map<String, Value>> = operation["security"]
            .as_array()
            .expect("security")
            .iter()
            .map(|r| r.as_object().expect("a security requirement"))
            .collect();
        for header in &op.headers {
            let what = format!("{route}: header {}", header.wire_name);
            match header.publication(false) {
                Publication::Bearer => {}
                Publication::MediaType => {
                    assert!(header_parameter(&header.wire_name).is_none(), "{what}");
                    let value = header
                        .value
                        .as_deref()
                        .expect("transport headers have a value");
                    assert!(media_types.iter().any(|m| *m == value), "{what}: {value}");
                }
                Publication::LeftOut => {
                    assert!(
                        header_parameter(&header.wire_name).is_none(),
                        "{what}: left out"
                    );
                }
                Publication::ApiKey => {
                    assert!(
                        header_parameter(&header.wire_name).is_none(),
                        "{what}: a scheme"
                    );
                    let (name, scheme) = doc["components"]["securitySchemes"]
                        .as_object()
                        .expect("security schemes")
                        .iter()
                        .find(|(_, s)| s["name"] == json!(header.wire_name))
                        .unwrap_or_else(|| panic!("{what}: no scheme"));
                    assert_eq!(
                        (&scheme["type"], &scheme["in"]),
                        (&json!("apiKey"), &json!("header")),
                        "{what}"
                    );
                    let with = security.iter().filter(|r| r.contains_key(name)).count();
                    if header.required {
                        assert_eq!(with, security.len(), "{what}: in every alternative");
                    } else {
                        assert!(0 < with && with < security.len(), "{what}: optional");
                    }
                }
                Publication::Parameter if header.role == HeaderRole::Endpoint => {
                    let raw = header_parameter(&header.wire_name)
                        .unwrap_or_else(|| panic!("{what}: inline"));
                    assert_eq!(raw["in"], json!("header"), "{what}");
                    assert_eq!(raw["required"], json!(header.required), "{what}");
                }
                Publication::Parameter => {
                    let reference = header_parameter(&header.wire_name)
                        .unwrap_or_else(|| panic!("{what}: missing"));
                    assert!(
                        reference["$ref"]
                            .as_str()
                            .is_some_and(|r| r.starts_with("#/components/parameters/")),
                        "{what}: shared headers are referenced"
                    );
                    let p = resolve(&doc, reference);
                    assert_eq!(p["required"], json!(header.required), "{what}");
                    assert!(p["description"].as_str().is_some_and(|d| !d.is_empty()));
                }
            }
        }
        let with_bearer = security
            .iter()
            .filter(|r| r.contains_key("bearerAuth"))
            .count();
        match op.auth {
            AuthUse::None => assert_eq!(with_bearer, 0, "{route}"),
            AuthUse::Optional => {
                assert!(0 < with_bearer && with_bearer < security.len(), "{route}")
            }
            AuthUse::Required => assert_eq!(with_bearer, security.len(), "{route}"),
        }
        let multipart = op
            .request
            .as_ref()
            .is_some_and(|r| r.kind == BodyKind::Multipart);
        if multipart {
            // A form (`POST /files/upload`, by its path): its `{}` sample is no form example.
            let content = &operation["requestBody"]["content"];
            assert!(content["multipart/form-data"].is_object(), "{route}");
        } else if let Some(body) = &endpoint.request {
            let content = &operation["requestBody"]["content"];
            let sample = content
                .as_object()
                .expect("request content")
                .values()
                .find_map(|m| m["examples"]["sample"]["value"].as_object())
                .expect("request sample");
            // Secret fields (by name or `sdkgen.toml`) show `"<redacted>"`.
            let expected = match &op.request {
                Some(request) => model.redact_secrets(&request.ty, &body.json),
                None => body.json.clone(),
            };
            assert_eq!(
                &Value::Object(sample.clone()),
                &expected.to_value(),
                "{route}"
            );
        }
        let responses = operation["responses"].as_object().expect("responses");
        for (response, outcome) in endpoint.responses.iter().zip(&op.responses) {
            let body = response.body.as_ref().map(|b| &b.json);
            let key = response.status.to_string();
            let documented = responses
                .get(&key)
                .unwrap_or_else(|| panic!("{route}: HTTP {key} is missing"));
            if response.status == 204 {
                assert!(
                    documented.get("content").is_none(),
                    "{route}: 204 has no content"
                );
                continue;
            }
            let Some(body) = body else { continue };
            let body = model.redact_response(op, outcome, body).to_value();
            // A shared error response (`components/responses`) shows the first operation's
            // sample: the others differ from it only in their `timestamp`.
            let (documented, shared) = match documented["$ref"].as_str() {
                Some(reference) => {
                    let name = reference
                        .strip_prefix("#/components/responses/")
                        .expect("a response reference");
                    (&doc["components"]["responses"][name], true)
                }
                None => (documented, false),
            };
            let without_timestamp = |v: &Value| {
                let mut v = v.clone();
                if let Some(map) = v.as_object_mut() {
                    map.remove("timestamp");
                }
                v
            };
            let found = documented["content"]
                .as_object()
                .into_iter()
                .flatten()
                .flat_map(|(_, m)| m["examples"].as_object().into_iter().flatten())
                .any(|(_, e)| {
                    e["value"] == body
                        || shared && without_timestamp(&e["value"]) == without_timestamp(&body)
                });
            assert!(found, "{route}: the HTTP {key} sample is not an example");
        }
        let has_success = responses.keys().any(|k| k.starts_with('2'));
        assert!(has_success, "{route}: no 2xx response");
        assert!(
            responses.keys().any(|k| k.starts_with('4')),
            "{route}: no 4xx response"
        );
        if op.success.status.is_none() {
            assert_eq!(
                responses["2XX"]["x-sdkgen-evidence"],
                json!("unknown"),
                "{route}: no success sample is a 2XX range marked unknown"
            );
            assert!(
                responses["2XX"]["content"]
                    .as_object()
                    .into_iter()
                    .flatten()
                    .all(|(_, m)| m.get("examples").is_none() && m.get("example").is_none()),
                "{route}: no invented example"
            );
        }
    }
    assert_eq!(count, api.endpoints.len());
    let paths = doc["paths"].as_object().expect("paths");
    let operations: usize = paths
        .values()
        .map(|i| i.as_object().expect("item").len())
        .sum();
    assert_eq!(
        operations,
        api.endpoints.len(),
        "no operation besides the document's"
    );
    for def in &model.types {
        assert!(
            doc["components"]["schemas"].get(&def.name).is_some(),
            "the type {} is not a schema",
            def.name
        );
    }
    let known = doc["components"]["schemas"]["ErrorCode"]["x-sdkgen-known-values"]
        .as_array()
        .expect("known error codes")
        .clone();
    let codes: Vec<Value> = model.error_codes.keys().map(|c| json!(c)).collect();
    assert_eq!(known, codes);
}

#[test]
fn every_endpoint_parameter_header_and_sample_is_in_the_3_1_document() {
    check_coverage(Version::V3_1);
}

#[test]
fn every_endpoint_parameter_header_and_sample_is_in_the_3_0_document() {
    check_coverage(Version::V3_0);
}

// ---------------------------------------------------------------------------------------------
// Shape rules.

#[test]
fn names_agree_with_the_rust_client() {
    let files = Config::new([repo_root().join(REAL_DOCUMENT)])
        .render()
        .expect("renders")
        .files;
    let types_rs = &files["src/types.rs"];
    let doc: Value = serde_json::from_str(&files["openapi.json"]).expect("openapi.json is JSON");
    assert_eq!(doc["openapi"], json!("3.1.0"), "the default is 3.1.0");
    let (parsed, inferred) = model();
    for def in &inferred.model.types {
        let rust = match def.kind {
            TypeKind::Struct { .. } => format!("pub struct {} {{", def.name),
            TypeKind::OpenEnum { .. } => format!("pub enum {} {{", def.name),
        };
        assert!(types_rs.contains(&rust), "{rust}");
    }
    for generic in ["Page", "OffsetPage", "DictionaryItem"] {
        if doc["components"]["schemas"].get(generic).is_some() {
            assert!(
                types_rs.contains(&format!("pub struct {generic}<")),
                "{generic}"
            );
        }
    }
    // `Page<ApiKey>` is `ApiKeyPage`: `Page` written out whole with `items` narrowed.
    let page = &doc["components"]["schemas"]["ApiKeyPage"];
    assert_eq!(
        page["properties"]["items"]["items"]["$ref"],
        json!("#/components/schemas/ApiKey")
    );
    assert_eq!(
        page["properties"]["pagination"],
        doc["components"]["schemas"]["Page"]["properties"]["pagination"]
    );
    // Each success envelope is named after its `data`: `roles.list` answers a `RoleListResponse`.
    let list = &doc["paths"]["/web/v1/partner/roles"]["get"]["responses"]["200"];
    assert_eq!(
        list["content"]["application/json"]["schema"]["$ref"],
        json!("#/components/schemas/RoleListResponse")
    );
    let envelope = &doc["components"]["schemas"]["RoleListResponse"];
    assert_eq!(
        envelope["properties"]["data"]["items"]["$ref"],
        json!("#/components/schemas/Role")
    );
    for op in &inferred.model.operations {
        let module = &files[&format!("src/api/{}.rs", op.group_module)];
        assert!(
            module.contains(&format!("pub async fn {}(", op.name))
                || module.contains(&format!("pub fn {}(", op.name)),
            "{}: no Rust method {}",
            op.operation_id,
            op.name
        );
    }
    let _ = parsed;
}

/// Every node of a document, with its JSON pointer.
fn walk<'a>(node: &'a Value, at: String, out: &mut Vec<(String, &'a Value)>) {
    out.push((at.clone(), node));
    match node {
        Value::Object(map) => {
            for (k, v) in map {
                walk(v, format!("{at}/{k}"), out);
            }
        }
        Value::Array(list) => {
            for (i, v) in list.iter().enumerate() {
                walk(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn nullability_is_written_per_version() {
    let v31 = document(Version::V3_1);
    let v30 = document(Version::V3_0);
    let field = |doc: &Value, name: &str, field: &str| {
        doc["components"]["schemas"][name]["properties"][field].clone()
    };
    // A nullable scalar: a type array in 3.1, `nullable: true` in 3.0.
    let mut scalar = None;
    for (name, schema) in v31["components"]["schemas"].as_object().expect("schemas") {
        for (key, property) in schema["properties"].as_object().into_iter().flatten() {
            if property["type"]
                .as_array()
                .is_some_and(|t| t.contains(&json!("null")))
            {
                scalar = Some((name.clone(), key.clone()));
            }
        }
    }
    let (name, key) = scalar.expect("some nullable scalar field");
    assert_eq!(field(&v30, &name, &key)["nullable"], json!(true));
    assert!(field(&v30, &name, &key)["type"].is_string());
    // A nullable reference: `anyOf` with a null branch (3.0: typed, `nullable`, `enum: [null]`,
    // since `nullable` beside a reference does not reach the referenced schema).
    let status = field(&v31, "InitiateLoginResult", "accountStatus");
    assert_eq!(status["anyOf"][1], json!({"type": "null"}));
    let status = field(&v30, "InitiateLoginResult", "accountStatus");
    assert_eq!(
        status["anyOf"][1],
        json!({"type": "object", "nullable": true, "enum": [null]})
    );
    let mut nodes = Vec::new();
    walk(&v30, String::new(), &mut nodes);
    for (at, node) in &nodes {
        if let Some(map) = node.as_object().filter(|m| m.contains_key("$ref")) {
            assert_eq!(map.len(), 1, "{at}: 3.0 allows no siblings beside $ref");
        }
        assert!(
            node.get("examples").is_none_or(|e| e.is_object()),
            "{at}: 3.0 schema examples"
        );
    }
    let mut nodes = Vec::new();
    walk(&v31, String::new(), &mut nodes);
    for (at, node) in &nodes {
        assert!(node.get("nullable").is_none(), "{at}: no `nullable` in 3.1");
        if node == &&json!({"type": "null"}) {
            assert!(
                at.contains("/anyOf/"),
                "{at}: a bare null type outside a nullable $ref"
            );
        }
    }
}

#[test]
fn formats_unknown_evidence_and_the_open_error_code() {
    let doc = document(Version::V3_1);
    let schemas = &doc["components"]["schemas"];
    let mut nodes = Vec::new();
    walk(&doc, String::new(), &mut nodes);
    let formats: std::collections::BTreeSet<String> = nodes
        .iter()
        .filter_map(|(_, n)| n.get("format").and_then(Value::as_str).map(str::to_owned))
        .collect();
    for format in ["int64", "decimal", "date-time"] {
        assert!(formats.contains(format), "no `{format}` in {formats:?}");
    }
    for (at, node) in &nodes {
        if node.get("format") == Some(&json!("decimal")) {
            assert_eq!(node["type"], json!("number"), "{at}");
        }
        if node.get("type") == Some(&json!("array")) {
            assert!(node.get("items").is_some(), "{at}: arrays have items");
        }
    }
    let error_code = &schemas["ErrorCode"];
    assert_eq!(error_code["type"], json!("string"));
    assert!(
        error_code.get("enum").is_none(),
        "the error code is an open set"
    );
    // The error envelope is written out whole: every envelope property, `code` an `ErrorCode`.
    for property in ["version", "timestamp", "success", "code", "message", "data"] {
        assert!(
            schemas["ApiError"]["properties"].get(property).is_some(),
            "{property}"
        );
    }
    assert_eq!(
        schemas["ApiError"]["properties"]["code"]["$ref"],
        json!("#/components/schemas/ErrorCode")
    );
    // A `{}` request sample is an open schema marked unknown.
    let verify = &doc["paths"]["/web/v1/partner/security/mfa/otp/verify"]["post"];
    let body = &verify["requestBody"]["content"]["application/json"];
    assert_eq!(body["schema"]["x-sdkgen-evidence"], json!("unknown"));
    assert_eq!(body["examples"]["sample"]["value"], json!({}));
    // Sanitised placeholders are marked.
    let session = &schemas["InitiateLoginResult"]["properties"]["sessionId"];
    assert_eq!(session["x-sdkgen-redacted"], json!(true));
    // Nothing is invented: no server, contact or license unless someone sets them.
    assert!(doc.get("servers").is_none(), "{}", doc["servers"]);
    assert!(doc["info"].get("contact").is_none());
    assert!(doc["info"].get("license").is_none());
    // No component is unused.
    let text = doc.to_string();
    for kind in ["schemas", "parameters"] {
        for name in doc["components"][kind]
            .as_object()
            .expect("components")
            .keys()
        {
            let reference = format!("\"#/components/{kind}/{name}\"");
            assert!(text.contains(&reference), "{kind}/{name} is unused");
        }
    }
}

#[test]
fn info_settings_reach_the_document() {
    let text = config(Version::V3_1)
        .openapi_description("Partner API.")
        .openapi_contact(
            Some("Partner team".to_owned()),
            Some("partner@slaunchx.test".to_owned()),
            Some("https://partner.slaunchx.test".to_owned()),
        )
        .openapi_license("Apache-2.0", None)
        .openapi_server("https://api.slaunchx.test/", Some("Production.".to_owned()))
        .version("2.0.0")
        .render_openapi()
        .expect("renders")
        .0;
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    let info = &doc["info"];
    assert_eq!(info["title"], json!("PARTNER Portal — WEB Chain Endpoints"));
    assert_eq!(info["version"], json!("2.0.0"));
    assert_eq!(info["description"], json!("Partner API."));
    assert_eq!(
        info["contact"],
        json!({"name": "Partner team", "email": "partner@slaunchx.test", "url": "https://partner.slaunchx.test"})
    );
    assert_eq!(
        info["license"],
        json!({"name": "Apache-2.0", "url": "https://spdx.org/licenses/Apache-2.0.html"})
    );
    assert_eq!(
        doc["servers"],
        json!([{"url": "https://api.slaunchx.test", "description": "Production."}])
    );
    // By default the description is the preamble.
    let doc = document(Version::V3_1);
    assert!(doc["info"]["description"]
        .as_str()
        .expect("description")
        .starts_with("Total endpoints: 94"));
}

#[test]
fn a_license_url_or_server_description_alone_invents_nothing() {
    let text = config(Version::V3_1)
        .license("Apache-2.0")
        .openapi_license_url("https://example.test/license")
        .openapi_server_description("Staging.")
        .render_openapi()
        .expect("renders")
        .0;
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        doc["info"]["license"],
        json!({"name": "Apache-2.0", "url": "https://example.test/license"}),
        "the name stays the package's license"
    );
    assert!(
        doc.get("servers").is_none(),
        "a description without a URL invents no server"
    );
    // A server URL alone gets a plain description; a contact email alone is the contact.
    let text = config(Version::V3_1)
        .openapi_server("https://api.partner.test", None)
        .openapi_contact(None, Some("api@partner.test".to_owned()), None)
        .render_openapi()
        .expect("renders")
        .0;
    let doc: Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(
        doc["servers"],
        json!([{"url": "https://api.partner.test", "description": "The API server."}])
    );
    assert_eq!(doc["info"]["contact"], json!({"email": "api@partner.test"}));
    assert!(doc["info"].get("license").is_none());
}

#[test]
fn unset_metadata_is_named_with_how_to_set_it() {
    let fields = |config: sdkgen::Config| -> Vec<&'static str> {
        config
            .unset_metadata()
            .expect("reads")
            .into_iter()
            .map(|m| m.field)
            .collect()
    };
    assert_eq!(
        fields(config(Version::V3_1)),
        ["info.license", "info.contact", "servers"]
    );
    assert_eq!(
        fields(
            config(Version::V3_1)
                .license("MIT")
                .openapi_server("https://api.partner.test", None)
        ),
        ["info.contact"]
    );
    // The command line says it on standard error, with the key and the flag; stated, silent.
    let output = Command::new(sdkgen_binary())
        .args(["openapi", REAL_DOCUMENT])
        .current_dir(repo_root())
        .output()
        .expect("sdkgen runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    for expected in [
        "note: `info.license` is left out because nobody set it (sdkgen does not invent it); set it with `[package] license` in sdkgen.toml, or `--license-name`",
        "note: `info.contact` is left out",
        "note: `servers` is left out",
        "`[openapi] server_url` in sdkgen.toml, or `--server-url`",
    ] {
        assert!(stderr.contains(expected), "{expected}\n{stderr}");
    }
    let output = Command::new(sdkgen_binary())
        .args([
            "openapi",
            "--license-name",
            "MIT",
            "--contact-email",
            "api@partner.test",
            "--server-url",
            "https://api.partner.test",
            REAL_DOCUMENT,
        ])
        .current_dir(repo_root())
        .output()
        .expect("sdkgen runs");
    assert!(output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("note:"), "{stderr}");
    let doc: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(doc["info"]["license"]["name"], "MIT");
}

// ---------------------------------------------------------------------------------------------
// Stable output, YAML.

#[test]
fn output_is_byte_identical_across_runs() {
    for version in VERSIONS {
        for format in [Format::Json, Format::Yaml] {
            let first = render(version, format);
            let second = render(version, format);
            assert!(
                first == second,
                "{version:?} {format:?} differs between runs"
            );
        }
    }
}

/// `value` with numbers as `i64`, `u64` or `f64`, as YAML reads them: a workspace build turns
/// on serde_json's `arbitrary_precision` (the generated client needs it), under which a parsed
/// `2.50` stays `2.50` and would not equal YAML's `2.5`.
fn plain_numbers(value: Value) -> Value {
    match value {
        Value::Number(n) => match (n.as_i64(), n.as_u64(), n.as_f64()) {
            (Some(i), _, _) => json!(i),
            (_, Some(u), _) => json!(u),
            (_, _, Some(f)) => json!(f),
            _ => Value::Number(n),
        },
        Value::Array(items) => Value::Array(items.into_iter().map(plain_numbers).collect()),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| (k, plain_numbers(v)))
                .collect(),
        ),
        other => other,
    }
}

fn yaml_to_json(yaml: &saphyr::YamlOwned) -> Value {
    use saphyr::{ScalarOwned, YamlOwned};
    match yaml {
        YamlOwned::Value(ScalarOwned::Null) => Value::Null,
        YamlOwned::Value(ScalarOwned::Boolean(b)) => Value::Bool(*b),
        YamlOwned::Value(ScalarOwned::Integer(i)) => json!(i),
        YamlOwned::Value(ScalarOwned::FloatingPoint(f)) => json!(f.into_inner()),
        YamlOwned::Value(ScalarOwned::String(s)) => Value::String(s.clone()),
        YamlOwned::Sequence(items) => Value::Array(items.iter().map(yaml_to_json).collect()),
        YamlOwned::Mapping(map) => Value::Object(
            map.iter()
                .map(|(k, v)| match k {
                    YamlOwned::Value(ScalarOwned::String(key)) => (key.clone(), yaml_to_json(v)),
                    other => panic!("a non-string key: {other:?}"),
                })
                .collect(),
        ),
        other => panic!("unexpected YAML node {other:?}"),
    }
}

#[test]
fn yaml_is_equivalent_to_json() {
    use saphyr::LoadableYamlNode;
    for version in VERSIONS {
        let json: Value = serde_json::from_str(&render(version, Format::Json)).expect("JSON");
        let yaml = render(version, Format::Yaml);
        let docs = saphyr::YamlOwned::load_from_str(&yaml).expect("the YAML parses");
        assert_eq!(docs.len(), 1);
        assert_eq!(
            plain_numbers(yaml_to_json(&docs[0])),
            plain_numbers(json.clone()),
            "{version:?}: YAML and JSON differ"
        );
        let key_order = |text: &str| {
            text.lines()
                .filter(|l| !l.starts_with(' ') && !l.starts_with('-') && !l.starts_with('}'))
                .filter_map(|l| l.split(':').next())
                .map(|k| {
                    k.trim_matches(|c| c == '"' || c == ' ' || c == '{')
                        .to_owned()
                })
                .filter(|k| !k.is_empty())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            key_order(&yaml),
            ["openapi", "info", "tags", "paths", "components"]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The command line.

/// The `sdkgen` binary, built (once per test run) from the current sources.
fn sdkgen_binary() -> &'static Path {
    static BINARY: OnceLock<PathBuf> = OnceLock::new();
    BINARY.get_or_init(|| {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let build = Command::new(cargo)
            .args(["build", "--quiet", "-p", "sdkgen", "--bin", "sdkgen"])
            .current_dir(repo_root())
            .output()
            .expect("cargo runs");
        assert!(
            build.status.success(),
            "cargo build -p sdkgen failed:\n{}",
            String::from_utf8_lossy(&build.stderr)
        );
        // The test binary is target/<profile>/deps/openapi-<hash>; the tool is beside deps/.
        let exe = std::env::current_exe().expect("the test's path");
        let dir = exe
            .parent()
            .and_then(Path::parent)
            .expect("target/<profile>");
        let binary = dir.join(format!("sdkgen{}", std::env::consts::EXE_SUFFIX));
        assert!(binary.exists(), "{} was not built", binary.display());
        binary
    })
}

fn run(args: &[&str]) -> (String, String) {
    let output = Command::new(sdkgen_binary())
        .args(args)
        .current_dir(repo_root())
        .output()
        .expect("sdkgen runs");
    let stdout = String::from_utf8(output.stdout).expect("UTF-8");
    let stderr = String::from_utf8(output.stderr).expect("UTF-8");
    assert!(output.status.success(), "sdkgen {args:?} failed:\n{stderr}");
    (stdout, stderr)
}

#[test]
fn cli_prints_the_3_1_json_document_by_default() {
    let (stdout, _) = run(&["openapi", "--quiet", REAL_DOCUMENT]);
    assert_eq!(stdout, render(Version::V3_1, Format::Json));
    let doc: Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    assert_eq!(doc["openapi"], json!("3.1.0"));
}

#[test]
fn cli_openapi_version_flag_selects_3_0() {
    let (stdout, _) = run(&["openapi", "-q", "--openapi-version", "3.0", REAL_DOCUMENT]);
    let doc: Value = serde_json::from_str(&stdout).expect("stdout is JSON");
    assert_eq!(doc["openapi"], json!("3.0.3"));
    assert_eq!(stdout, render(Version::V3_0, Format::Json));
}

#[test]
fn cli_format_flag_writes_yaml() {
    let (stdout, _) = run(&["openapi", "-q", "--format", "yaml", REAL_DOCUMENT]);
    assert!(
        stdout.starts_with("---\nopenapi: \"3.1.0\"\n"),
        "{}",
        &stdout[..40]
    );
    assert!(
        serde_json::from_str::<Value>(&stdout).is_err(),
        "YAML, not JSON"
    );
    assert_eq!(stdout, render(Version::V3_1, Format::Yaml));
}

#[test]
fn cli_out_flag_writes_the_file_and_nothing_to_stdout() {
    let dir = std::env::temp_dir().join(format!("sdkgen-openapi-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let out = dir.join("partner.yaml");
    let out_text = out.to_str().expect("UTF-8 path");
    let (stdout, _) = run(&[
        "openapi",
        "-q",
        "--openapi-version",
        "3.0",
        "--format",
        "yaml",
        "-o",
        out_text,
        REAL_DOCUMENT,
    ]);
    assert_eq!(stdout, "", "with -o nothing goes to stdout");
    let written = std::fs::read_to_string(&out).expect("the file is written");
    assert_eq!(written, render(Version::V3_0, Format::Yaml));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_generate_takes_the_openapi_flags() {
    let dir = std::env::temp_dir().join(format!("sdkgen-openapi-generate-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let out = dir.to_str().expect("UTF-8 path");
    run(&[
        "generate",
        "-q",
        "--out",
        out,
        "--openapi-version",
        "3.0",
        "--openapi-format",
        "yaml",
        "--server-url",
        "https://api.slaunchx.test",
        REAL_DOCUMENT,
    ]);
    assert!(!dir.join("openapi.json").exists());
    let yaml = std::fs::read_to_string(dir.join("openapi.yaml")).expect("openapi.yaml written");
    assert!(yaml.starts_with("---\nopenapi: \"3.0.3\"\n"));
    assert!(yaml.contains("url: \"https://api.slaunchx.test\""));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn cli_help_and_bad_values() {
    let (help, _) = run(&["openapi", "--help"]);
    for flag in [
        "--openapi-version",
        "--format",
        "--out",
        "--server-url",
        "--contact-name",
    ] {
        assert!(help.contains(flag), "{flag} is not in the help:\n{help}");
    }
    for args in [
        ["openapi", "--openapi-version", "2.0", REAL_DOCUMENT],
        ["openapi", "--format", "xml", REAL_DOCUMENT],
    ] {
        let output = Command::new(sdkgen_binary())
            .args(args)
            .current_dir(repo_root())
            .output()
            .expect("sdkgen runs");
        assert_eq!(output.status.code(), Some(2), "{args:?} is a usage error");
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn generate_writes_openapi_json_into_the_client_folder() {
    let files = config(Version::V3_1).render().expect("renders").files;
    assert_eq!(files["openapi.json"], render(Version::V3_1, Format::Json));
    let files = config(Version::V3_0)
        .openapi_format(Format::Yaml)
        .render()
        .expect("renders")
        .files;
    assert!(!files.contains_key("openapi.json"));
    assert_eq!(files["openapi.yaml"], render(Version::V3_0, Format::Yaml));
}

// ---------------------------------------------------------------------------------------------
// A small document with the cases the real one lacks.

const EDGE_CASES: &str = "tests/fixtures/openapi/edge-cases.txt";

fn edge_cases(version: Version) -> Value {
    let text = Config::new([repo_root().join(EDGE_CASES)])
        .openapi_version(version)
        .render_openapi()
        .expect("the edge cases render")
        .0;
    serde_json::from_str(&text).expect("JSON")
}

#[test]
fn edge_cases_examples_validate_in_both_versions() {
    for version in VERSIONS {
        let count = check_examples_of(&edge_cases(version));
        assert!(count >= 8, "{version:?}: only {count} examples");
    }
}

#[test]
fn an_error_answered_with_the_success_status_shares_its_response() {
    for version in VERSIONS {
        let doc = edge_cases(version);
        let ok = &doc["paths"]["/things"]["get"]["responses"]["200"]["content"]["application/json"];
        let any_of = ok["schema"]["anyOf"]
            .as_array()
            .expect("anyOf of success and error");
        assert_eq!(any_of.len(), 2);
        assert_eq!(any_of[1]["$ref"], json!("#/components/schemas/ApiError"));
        let names: Vec<&String> = ok["examples"]
            .as_object()
            .expect("examples")
            .keys()
            .collect();
        assert_eq!(
            names,
            ["THING.LIMIT", "success"],
            "(serde_json sorts the keys)"
        );
    }
}

#[test]
fn query_parameters_endpoint_headers_and_ranges() {
    let doc = edge_cases(Version::V3_1);
    let list = &doc["paths"]["/things"]["get"];
    let parameter = |op: &Value, name: &str| -> Value {
        op["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .map(|p| resolve(&doc, p).clone())
            .find(|p| p["name"] == json!(name))
            .unwrap_or_else(|| panic!("no parameter {name}"))
    };
    let status = parameter(list, "status");
    assert_eq!(
        (&status["in"], &status["required"], &status["example"]),
        (&json!("query"), &json!(true), &json!("ACTIVE"))
    );
    assert_eq!(parameter(list, "page")["required"], json!(false));
    assert_eq!(parameter(list, "sort")["example"], json!("name"));
    let get = &doc["paths"]["/things/{thingId}"]["get"];
    // `X-Trace-Token` is a secret by its name: a security scheme, not a parameter.
    assert!(get["parameters"]
        .as_array()
        .expect("parameters")
        .iter()
        .all(|p| resolve(&doc, p)["name"] != json!("X-Trace-Token")));
    assert_eq!(
        doc["components"]["securitySchemes"]["traceToken"],
        json!({"type": "apiKey", "in": "header", "name": "X-Trace-Token",
               "description": "Trace token. Sent in the `X-Trace-Token` header."})
    );
    let key = parameter(get, "Idempotency-Key");
    assert_eq!(key["required"], json!(false));
    assert!(
        key.get("example").is_none(),
        "`Unique key` describes the value"
    );
    assert_eq!(key["description"], json!("Unique key."));
    // Optional bearer token, required trace token: two alternatives, both with the token.
    assert_eq!(
        get["security"],
        json!([{"traceToken": []}, {"bearerAuth": [], "traceToken": []}])
    );
    // Only 2xx: a 4XX range marked unknown stands in for the missing error.
    assert_eq!(
        get["responses"]["4XX"]["x-sdkgen-evidence"],
        json!("unknown")
    );
    let delete = &doc["paths"]["/things/delete"]["post"];
    assert!(delete["responses"]["204"].get("content").is_none());
    assert_eq!(delete["security"], json!([]));
    let import = &doc["paths"]["/things/import"]["post"];
    let keys: Vec<&String> = import["responses"]
        .as_object()
        .expect("responses")
        .keys()
        .collect();
    assert_eq!(keys, ["2XX", "4XX", "500"]);
    // In the text, the responses come in status order, each range after its exact statuses.
    let text = Config::new([repo_root().join(EDGE_CASES)])
        .render_openapi()
        .expect("renders")
        .0;
    let import_at = text
        .find("\"operationId\": \"thingsImport\"")
        .expect("import");
    let position = |key: &str| {
        text[import_at..]
            .find(&format!("\"{key}\": {{"))
            .expect(key)
    };
    assert!(position("2XX") < position("4XX") && position("4XX") < position("500"));
    // The page of `Thing` is a named specialisation of `OffsetPage`, written out whole.
    let page = &doc["components"]["schemas"]["ThingOffsetPage"];
    assert_eq!(
        page["properties"]["items"]["items"]["$ref"],
        json!("#/components/schemas/Thing")
    );
}

#[test]
fn every_fixture_document_gives_valid_examples_and_equivalent_yaml() {
    use saphyr::LoadableYamlNode;
    let mut documents: Vec<PathBuf> = std::fs::read_dir(repo_root().join("tests/fixtures/infer"))
        .expect("the inference fixtures")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt" || e == "md"))
        .collect();
    documents.sort();
    documents.push(repo_root().join("tests/fixtures/markdown-form/subset.md"));
    documents.push(repo_root().join(EDGE_CASES));
    for path in documents {
        for version in VERSIONS {
            let config = Config::new([path.clone()]).openapi_version(version);
            let json = config.clone().render_openapi().expect("renders").0;
            let doc: Value = serde_json::from_str(&json).expect("JSON");
            check_examples_of(&doc);
            let yaml = config
                .openapi_format(Format::Yaml)
                .render_openapi()
                .expect("renders")
                .0;
            let loaded = saphyr::YamlOwned::load_from_str(&yaml).expect("the YAML parses");
            assert_eq!(
                plain_numbers(yaml_to_json(&loaded[0])),
                plain_numbers(doc.clone()),
                "{}: {version:?}",
                path.display()
            );
        }
    }
}

/// What trips other teams' generators is absent, in both versions: no `allOf` that merges
/// schemas (only the one-element wrapper that carries `nullable` or a description beside a
/// reference in 3.0), no boolean `enum`, every JSON answer a named schema, and the errors many
/// operations share defined once under `components/responses`.
#[test]
fn the_structure_generators_read_cleanly() {
    for version in [Version::V3_1, Version::V3_0] {
        let doc = document(version);
        let mut nodes = Vec::new();
        walk(&doc, String::new(), &mut nodes);
        for (at, node) in &nodes {
            if let Some(all_of) = node.get("allOf").and_then(Value::as_array) {
                assert_eq!(
                    all_of.len(),
                    1,
                    "{version:?} {at}: an allOf that merges schemas"
                );
            }
            if let Some(values) = node.get("enum").and_then(Value::as_array) {
                assert!(
                    !values.iter().any(Value::is_boolean),
                    "{version:?} {at}: a boolean enum"
                );
            }
        }
        let mut inline = Vec::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, op) in item.as_object().expect("item") {
                for (status, response) in op["responses"].as_object().expect("responses") {
                    let json = &response["content"]["application/json"]["schema"];
                    if json.is_object() && json.get("$ref").is_none() {
                        inline.push(format!("{method} {path} {status}"));
                    }
                }
            }
        }
        assert!(
            inline.is_empty(),
            "{version:?}: inline answer schemas: {inline:?}"
        );
        let shared = doc["components"]["responses"]
            .as_object()
            .expect("shared responses");
        assert!(
            shared.contains_key("AccessTokenMissing"),
            "{:?}",
            shared.keys()
        );
        let uses = doc
            .to_string()
            .matches("#/components/responses/AccessTokenMissing")
            .count();
        assert_eq!(
            uses, 39,
            "{version:?}: the operations whose 401 says the token is missing"
        );
    }
}

#[test]
fn maps_validate_in_both_versions() {
    // Objects keyed by data are `additionalProperties` schemas; every example of a document
    // full of them validates, keys and all.
    for version in VERSIONS {
        let (text, _) = Config::new([repo_root().join("tests/fixtures/shapes/maps-api.md")])
            .openapi_version(version)
            .render_openapi()
            .expect("the maps fixture renders");
        let doc: Value = serde_json::from_str(&text).expect("JSON");
        assert!(text.contains("additionalProperties"));
        assert!(check_examples_of(&doc) >= 8);
    }
}
