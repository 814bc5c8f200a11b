//! The Markdown API references people write, in the styles of the corpus listed in
//! `tests/fixtures/real-world/README.md`: each fixture reproduces styles found there (in its own
//! words), and these tests pin what sdkgen reads from it.

use std::path::PathBuf;

use sdkgen::ir::{Api, Endpoint, ParameterLocation, ResponseLabel};
use sdkgen_tests::repo_root;

fn fixture(name: &str) -> PathBuf {
    repo_root().join("tests/fixtures/real-world").join(name)
}

fn read(name: &str) -> sdkgen::Parsed {
    sdkgen::parse_file(fixture(name)).unwrap_or_else(|report| panic!("{name}: {report}"))
}

fn routes(api: &Api) -> Vec<String> {
    api.endpoints.iter().map(Endpoint::route).collect()
}

/// `(status, label, has a JSON body)` of each response.
fn responses(endpoint: &Endpoint) -> Vec<(u16, ResponseLabel, bool)> {
    endpoint
        .responses
        .iter()
        .map(|r| (r.status, r.label, r.body.is_some()))
        .collect()
}

/// `(name, location, stated type, required)` of each parameter.
fn parameter_rows(endpoint: &Endpoint) -> Vec<(&str, ParameterLocation, Option<&str>, bool)> {
    endpoint
        .parameters
        .iter()
        .map(|p| {
            (
                p.name.as_str(),
                p.location,
                p.type_name.as_deref(),
                p.required,
            )
        })
        .collect()
}

fn codes(parsed: &sdkgen::Parsed) -> Vec<&'static str> {
    parsed.warnings.iter().map(|w| w.code).collect()
}

#[test]
fn titled_sections_with_routes_in_code_spans_blocks_and_http_messages() {
    let parsed = read("titled-sections.md");
    let api = &parsed.api;
    // The front matter gives the title; `:wid` and `<int:wid>` are path parameters.
    assert_eq!(
        api.title.as_ref().map(|t| t.text.as_str()),
        Some("Widget Store API")
    );
    assert_eq!(
        routes(api),
        [
            "GET /widgets",
            "PATCH /widgets/{wid}",
            "DELETE /widgets/{wid}",
            "GET /widgets/{wid}/picture"
        ]
    );
    let list = &api.endpoints[0];
    assert_eq!(
        list.description.as_ref().map(|d| d.text.as_str()),
        Some("List widgets")
    );
    // `{page}` after `?` and the list under "Accepts the following query string parameters:".
    assert_eq!(list.path.query[0].name, "page");
    let params = parameter_rows(list);
    assert_eq!(
        params,
        [
            ("page", ParameterLocation::Query, Some("int"), false),
            ("colour", ParameterLocation::Query, Some("string"), false)
        ]
    );
    // The response is the body of a raw HTTP message, its status from the status line; its
    // comment, trailing commas and `...` are warnings at their places.
    assert_eq!(responses(list), [(200, ResponseLabel::Success, true)]);
    let body = list.responses[0].body.as_ref().unwrap().json.to_value();
    assert_eq!(
        body,
        serde_json::json!([{"id": 7, "name": "sprocket", "colour": "red"}])
    );
    let dialect: Vec<(u32, u32)> = parsed
        .warnings
        .iter()
        .filter(|w| w.code == "json-dialect")
        .map(|w| (w.span.line, w.span.column))
        .collect();
    assert_eq!(dialect, [(34, 25), (35, 20), (36, 4), (37, 3)]);
    // "Example request:" and "Returns:" label the PATCH samples; no status means 200, warned.
    let rename = &api.endpoints[1];
    assert!(rename.request.is_some());
    assert_eq!(responses(rename), [(200, ResponseLabel::Success, true)]);
    assert!(codes(&parsed).contains(&"status-assumed"));
    // A `##### 404: Not found` heading is an error response with that status.
    assert_eq!(
        responses(&api.endpoints[2]),
        [(404, ResponseLabel::Error, true)]
    );
}

#[test]
fn the_rest_api_docs_template_one_page_per_endpoint() {
    let parsed = sdkgen::parse_paths(&[fixture("rest-template")]).expect("reads");
    let api = &parsed.api;
    assert_eq!(
        routes(api),
        ["POST /api/gadgets/", "GET /api/gadgets/{pk}/"]
    );
    let create = &api.endpoints[0];
    // `**Data constraints**` describes the body for people; `**Data example**` is the sample.
    let request = create.request.as_ref().unwrap().json.to_value();
    assert_eq!(request, serde_json::json!({"label": "Kitchen timer"}));
    // `## Success Response` / `**Code** : 201` / `**Content example**`, and the same for errors.
    assert_eq!(
        responses(create),
        [
            (201, ResponseLabel::Success, true),
            (400, ResponseLabel::Error, true)
        ]
    );
    assert!(parsed.warnings.is_empty(), "{:#?}", parsed.warnings);
}

#[test]
fn routes_and_parameters_in_tables_mdx_and_key_value_rows() {
    let parsed = read("tables.mdx");
    let api = &parsed.api;
    assert_eq!(
        api.title.as_ref().map(|t| t.text.as_str()),
        Some("Sessions")
    );
    assert_eq!(
        routes(api),
        [
            "PUT /session/create",
            "GET /session/info/{uuid}",
            "POST /api/login"
        ]
    );
    // `### Sample Payload` and `### Sample Response` headings.
    assert!(api.endpoints[0].request.is_some());
    assert_eq!(
        responses(&api.endpoints[0]),
        [(200, ResponseLabel::Success, true)]
    );
    // `| Name | Type | Required | Description |` with no label: the path names `uuid`, the
    // rest of a GET's table is its query.
    let read_session = parameter_rows(&api.endpoints[1]);
    assert_eq!(
        read_session,
        [
            ("uuid", ParameterLocation::Path, Some("string"), true),
            ("stale", ParameterLocation::Query, Some("boolean"), false)
        ]
    );
    // `|Endpoint|/api/login|` and `|Method|POST|` rows, then `Body:`.
    assert!(api.endpoints[2].request.is_some());
}

#[test]
fn path_headings_with_a_method_bullet_below() {
    let parsed = read("path-headings.md");
    let api = &parsed.api;
    assert_eq!(
        routes(api),
        ["GET /api/v2/notes/counts", "POST /api/v2/notes/{id}/pin"]
    );
    // The sub-heading is the description; a path heading is no group.
    assert_eq!(
        api.endpoints[0]
            .description
            .as_ref()
            .map(|d| d.text.as_str()),
        Some("Counts notes per folder.")
    );
    assert!(api.groups.iter().all(|g| !g.name.starts_with('/')));
    // `* Example response:` labels the sample; folders keyed by name are a map.
    assert_eq!(
        responses(&api.endpoints[0]),
        [(200, ResponseLabel::Success, true)]
    );
    let model = sdkgen::infer::infer(&parsed).model;
    let op = &model.operations[0];
    assert!(
        matches!(op.success.data, sdkgen::model::TypeRef::Map { .. }),
        "{:?}",
        op.success.data
    );
}

#[test]
fn strict_turns_what_was_read_past_into_errors() {
    let config = sdkgen::Config::new([fixture("titled-sections.md")]);
    assert!(config.clone().load().is_ok());
    let Err(error) = config.strict(true).load() else {
        panic!("--strict refuses the JSON dialect");
    };
    let shown = error.to_string();
    assert!(shown.contains("titled-sections.md:34:25"), "{shown}");
    assert!(shown.contains("`//` comment"), "{shown}");
}

#[test]
fn a_sample_that_cannot_be_read_is_skipped_with_a_warning_not_an_abort() {
    let text = "# T\n\n## Things\n\n### GET /a\n\nResponse:\n\n```json\n{\"a\": ...}\n```\n\n### GET /b\n\nResponse (200):\n\n```json\n{\"b\": 1}\n```\n";
    let parsed = sdkgen::parse_str("a.md", text).expect("the other endpoint is read");
    let unreadable = parsed
        .warnings
        .iter()
        .find(|w| w.code == "unreadable-sample")
        .expect("a warning for the sample");
    assert_eq!(unreadable.span.line, 10);
    assert_eq!(
        responses(&parsed.api.endpoints[1]),
        [(200, ResponseLabel::Success, true)]
    );
    // An untagged block after a line ending in `:` that is no JSON is no sample at all.
    let config = text.replace("{\"a\": ...}", "port = 8080");
    let parsed = sdkgen::parse_str("a.md", &config.replace("```json\nport", "```\nport")).unwrap();
    assert!(!codes(&parsed).contains(&"unreadable-sample"));
}

#[test]
fn no_endpoints_names_the_lines_that_almost_name_one() {
    let text = "# T\n\nSome prose.\n\n## Users\n\nCall get on /users to list them.\n\n### fetch: GET users/{id}\n";
    let report = sdkgen::parse_str("a.md", text).unwrap_err();
    let error = &report.diagnostics[0];
    assert_eq!(error.code, "no-endpoints");
    let hint = error.hint.as_deref().unwrap_or("");
    assert!(hint.contains("a.md:7: Call get on /users"), "{hint}");
}

#[test]
fn stated_parameter_types_type_the_client_argument_and_the_openapi_schema() {
    let parsed = read("tables.mdx");
    let model = sdkgen::infer::infer(&parsed).model;
    let surface = sdkgen::surface::Surface::new(&parsed.api, &model);
    let method = surface.method(1);
    let types: Vec<(&str, &str)> = method
        .arguments
        .iter()
        .map(|a| (a.name.as_str(), a.ty.source.as_str()))
        .collect();
    assert_eq!(types, [("uuid", "&str"), ("stale", "Option<bool>")]);
    let (openapi, _) = sdkgen::Config::new([fixture("tables.mdx")])
        .render_openapi()
        .expect("renders");
    let document: serde_json::Value = serde_json::from_str(&openapi).expect("JSON");
    let parameters = &document["paths"]["/session/info/{uuid}"]["get"]["parameters"];
    let stale = parameters
        .as_array()
        .and_then(|all| all.iter().find(|p| p["name"] == "stale"))
        .expect("the stale parameter");
    assert_eq!(stale["schema"]["type"], "boolean");
}

#[test]
fn a_picture_answer_is_bytes_of_its_media_type_with_its_headers() {
    let parsed = read("titled-sections.md");
    let picture = sdkgen_tests::endpoint(&parsed.api, "GET /widgets/{wid}/picture");
    let response = &picture.responses[0];
    assert_eq!(response.media_type.as_deref(), Some("image/png"));
    let headers: Vec<&str> = response.headers.iter().map(|h| h.name.as_str()).collect();
    assert_eq!(headers, ["ETag"]);
    let model = sdkgen::infer::infer(&parsed).model;
    let index = sdkgen_tests::endpoint_index(&parsed.api, "GET /widgets/{wid}/picture");
    assert_eq!(
        model.operations[index].success.data,
        sdkgen::model::TypeRef::Bytes
    );
    let (openapi, _) = sdkgen::Config::new([fixture("titled-sections.md")])
        .render_openapi()
        .expect("renders");
    let document: serde_json::Value = serde_json::from_str(&openapi).expect("JSON");
    let ok = &document["paths"]["/widgets/{wid}/picture"]["get"]["responses"]["200"];
    assert!(ok["content"]["image/png"].is_object(), "{ok:#}");
    assert!(ok["headers"]["ETag"]["description"]
        .as_str()
        .is_some_and(|d| d.contains("version")));
}

#[test]
fn every_success_example_of_an_endpoint_types_its_answer() {
    let text = "# T\n\n## Config\n\n### GET /config/{path}\n\nResponse (200):\n\n```json\n{\"apps\": {\"http\": 1}}\n```\n\nResponse (200):\n\n```json\n[\":443\"]\n```\n\n### GET /things\n\nExample response:\n\n```json\n{\"id\": 1, \"name\": \"a\"}\n```\n\nExample response:\n\n```json\n{\"id\": 2}\n```\n";
    let parsed = sdkgen::parse_str("a.md", text).expect("reads");
    let model = sdkgen::infer::infer(&parsed).model;
    // An object in one example and a list in another: any JSON value, not the first's type.
    assert_eq!(
        model.operations[0].success.data,
        sdkgen::model::TypeRef::Any
    );
    // `name` is in one example only: optional.
    let sdkgen::model::TypeRef::Named { name } = &model.operations[1].success.data else {
        panic!("{:?}", model.operations[1].success.data);
    };
    let fields = sdkgen_tests::struct_fields(&model, name);
    let optional: Vec<(&str, bool)> = fields
        .iter()
        .map(|f| (f.wire_name.as_str(), !f.required))
        .collect();
    assert_eq!(optional, [("id", false), ("name", true)]);
}
