//! `sdkgen.toml` reaches every output: the wallet fixture (`tests/fixtures/overrides/wallet/`)
//! uses every key, and each test checks one of them in the Rust crate, the OpenAPI document
//! and the pages rendered from it.

use std::path::PathBuf;
use std::sync::LazyLock;

use sdkgen::{Config, Rendered};
use serde_json::Value;

fn wallet() -> PathBuf {
    sdkgen_tests::repo_root().join("tests/fixtures/overrides/wallet")
}

static RENDERED: LazyLock<Rendered> = LazyLock::new(|| {
    Config::new([wallet()])
        .render()
        .unwrap_or_else(|error| panic!("the wallet fixture renders:\n{error}"))
});

fn file(path: &str) -> &'static str {
    RENDERED
        .files
        .get(path)
        .unwrap_or_else(|| panic!("{path} is generated"))
}

fn openapi() -> Value {
    serde_json::from_str(file("openapi.json")).expect("openapi.json is JSON")
}

/// The signature line of a generated method.
fn signature(module: &str, method: &str) -> String {
    let source = file(&format!("src/api/{module}.rs"));
    let start = source
        .find(&format!("pub fn {method}("))
        .unwrap_or_else(|| panic!("{module}::{method} is generated"));
    let end = source[start..]
        .find('{')
        .map_or(source.len(), |e| start + e);
    source[start..end]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn samples_from_sdkgen_toml_type_the_methods() {
    // No success fixture in the document: the sample file types the answer.
    let get = signature("recharges", "get_recharge");
    assert_eq!(
        get,
        "pub fn get_recharge(&self, biz_id: &str) -> Call<'a, Recharges, M>"
    );
    // `{}` in the document: the inline request sample types the body, the inline success
    // sample the answer.
    let create = signature("recharges", "create_recharges");
    assert!(
        create.contains("body: &CreateRechargesRequest")
            && create.ends_with("Call<'a, CreateRechargesResult, M>"),
        "{create}"
    );
    for method in [&get, &create] {
        assert!(!method.contains("serde_json::Value"), "{method}");
    }
    let types = file("src/types.rs");
    assert!(types.contains("pub struct Recharges {"));
    assert!(
        types.contains("pub amount: rust_decimal::Decimal,"),
        "money from the sample"
    );
    assert!(types.contains("pub created_at: chrono::DateTime<chrono::Utc>,"));
    // The generated fixture tests replay them.
    let fixtures = file("tests/fixtures.json");
    assert!(fixtures.contains("rc_1") && fixtures.contains("rc_2"));
}

#[test]
fn the_renamed_method_reaches_rust_openapi_and_the_pages() {
    assert_eq!(
        signature("recharges", "set_default_workspace"),
        "pub fn set_default_workspace( &self, body: &UpdateWorkspacesDefaultRequest, ) -> Call<'a, (), M>"
    );
    let document = openapi();
    assert_eq!(
        document["paths"]["/v1/workspaces/default"]["put"]["operationId"],
        "rechargesSetDefaultWorkspace"
    );
    assert_eq!(
        document["paths"]["/v1/recharges/{bizId}"]["get"]["operationId"],
        "rechargesGetRecharge"
    );
    let page = file("docs/recharges.md");
    assert!(
        page.contains("client.recharges().set_default_workspace(&body)"),
        "{page}"
    );
    assert!(
        page.contains("client.recharges().get_recharge(\"<bizId>\")"),
        "{page}"
    );
}

#[test]
fn the_renamed_type_reaches_rust_openapi_and_the_pages() {
    assert!(file("src/types.rs").contains("pub struct LoginChallenge {"));
    assert!(!file("src/types.rs").contains("InitiateLoginResult"));
    assert_eq!(
        signature("login", "initiate"),
        "pub fn initiate(&self, body: &InitiateLoginRequest) -> Call<'a, LoginChallenge, M>"
    );
    let document = openapi();
    let schemas = document["components"]["schemas"]
        .as_object()
        .expect("schemas");
    assert!(schemas.contains_key("LoginChallenge"));
    assert!(!schemas.contains_key("InitiateLoginResult"));
    assert!(file("docs/types.md").contains("## LoginChallenge"));
    assert!(file("docs/login.md").contains("LoginChallenge"));
}

#[test]
fn field_facts_make_optional_and_nullable_fields() {
    let types = file("src/types.rs");
    // Seen only as `null`: typed as a string by sdkgen.toml, and nullable.
    assert!(
        types.contains("pub account_remark: Option<String>,"),
        "the nullable string field"
    );
    // Only in sdkgen.toml's second sample: its evidence merged with the document's.
    assert!(types.contains("pub nickname: Option<String>,"), "{types}");
    // Present in every sample, but optional by sdkgen.toml.
    assert!(
        types.contains("pub email: Option<String>,"),
        "the optional field"
    );
    let document = openapi();
    let profile = &document["components"]["schemas"]["Profile"];
    let required: Vec<&str> = profile["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(!required.contains(&"email"), "{required:?}");
    assert!(required.contains(&"displayName"), "{required:?}");
    let remark = &profile["properties"]["accountRemark"];
    assert!(remark.to_string().contains("\"string\""), "{remark}");
    assert!(remark.to_string().contains("null"), "{remark}");
}

#[test]
fn auth_overrides_reach_the_endpoint_descriptions() {
    let login = file("src/api/login.rs");
    assert!(login.contains("auth: Auth::None"), "{login}");
    let files = file("src/api/files.rs");
    let download = files
        .split("static ")
        .find(|s| s.starts_with("DOWNLOAD"))
        .expect("the download endpoint's description");
    assert!(download.contains("auth: Auth::Required"), "{download}");
    let document = openapi();
    let initiate = &document["paths"]["/v1/auth/login/initiate"]["post"];
    assert!(
        initiate.get("security").is_none()
            || initiate["security"].as_array().is_some_and(|s| s
                .iter()
                .all(|r| r.as_object().is_some_and(|o| o.is_empty()))),
        "{initiate:#}"
    );
}

#[test]
fn package_and_openapi_settings_apply() {
    let manifest = file("Cargo.toml");
    assert!(manifest.contains("name = \"wallet-client\""), "{manifest}");
    assert!(manifest.contains("version = \"0.3.0\""), "{manifest}");
    assert!(manifest.contains("license = \"Apache-2.0\""), "{manifest}");
    let document = openapi();
    assert_eq!(document["servers"][0]["url"], "https://api.wallet.example");
    assert_eq!(document["info"]["contact"]["email"], "api@wallet.example");
    assert_eq!(document["info"]["version"], "0.3.0");
    assert_eq!(document["info"]["license"]["name"], "Apache-2.0");
}

#[test]
fn the_answered_warnings_are_gone() {
    let codes: Vec<&str> = RENDERED.warnings.iter().map(|w| w.code).collect();
    assert!(codes.is_empty(), "{:#?}", RENDERED.warnings);
}

#[test]
fn without_sdkgen_toml_the_same_document_is_untyped() {
    let scratch = tempfile::tempdir().expect("a temp folder");
    let document = scratch.path().join("wallet-endpoints.txt");
    std::fs::copy(wallet().join("wallet-endpoints.txt"), &document).expect("copy");
    let rendered = Config::new([document]).render().expect("renders");
    let source = &rendered.files["src/api/recharges.rs"];
    assert!(
        source.contains("-> Call<'a, serde_json::Value, M>"),
        "{source}"
    );
    assert!(!source.contains("fn get_recharge("), "{source}");
}

#[test]
fn build_scripts_rerun_on_sdkgen_toml_and_its_sample_files() {
    let files = Config::new([wallet()]).read_files();
    assert!(files.contains(&wallet().join("sdkgen.toml")), "{files:?}");
    assert!(
        files.contains(&wallet().join("samples/recharge.json")),
        "{files:?}"
    );
}

#[test]
fn binary_and_multipart_endpoints_take_and_return_raw_bodies() {
    assert_eq!(
        signature("files", "download"),
        "pub fn download(&self, biz_id: &str) -> Call<'a, Bytes, M>"
    );
    // `POST /v1/files` says "Upload a file.": the description's verb names it.
    assert_eq!(
        signature("files", "upload"),
        "pub fn upload(&self, form: Multipart) -> Call<'a, File, M>"
    );
    let document = openapi();
    let download = &document["paths"]["/v1/files/{bizId}/download"]["get"]["responses"]["200"];
    assert!(
        download["content"]["application/octet-stream"].is_object(),
        "{download:#}"
    );
    let upload = &document["paths"]["/v1/files"]["post"]["requestBody"]["content"];
    assert!(upload["multipart/form-data"].is_object(), "{upload:#}");
    assert!(file("docs/files.md").contains("bytes"));
}

#[test]
fn the_secret_field_is_redacted_everywhere_but_the_replayed_samples() {
    let types = file("src/types.rs");
    assert!(
        types.contains(".field(\"api_secret\", &\"<redacted>\")"),
        "Debug redacts it"
    );
    for path in [
        "openapi.json",
        "docs/profile.md",
        "docs/index.md",
        "docs/types.md",
    ] {
        assert!(
            !file(path).contains("sk_live_abc123") && !file(path).contains("sk_live_def456"),
            "{path} shows the secret sample"
        );
    }
    let document = openapi();
    assert_eq!(
        document["components"]["schemas"]["Profile"]["properties"]["apiSecret"]["format"],
        "password"
    );
}

#[test]
fn samples_from_sdkgen_toml_are_marked_as_such() {
    let document = openapi();
    let examples = &document["paths"]["/v1/recharges/{bizId}"]["get"]["responses"]["200"]
        ["content"]["application/json"]["examples"];
    let summaries: Vec<&str> = examples
        .as_object()
        .expect("examples")
        .values()
        .filter_map(|e| e["summary"].as_str())
        .collect();
    assert!(
        summaries.iter().any(|s| s.contains("sdkgen.toml")),
        "{summaries:?}"
    );
    assert!(file("docs/recharges.md").contains("from `sdkgen.toml`, not from the document"));
}

/// The crate generated with sdkgen.toml builds, passes clippy and replays every sample,
/// including the ones sdkgen.toml gives — built as its own package, outside this workspace.
#[test]
fn the_wallet_crate_builds_and_replays_its_samples() {
    let scratch = tempfile::tempdir().expect("a temp folder");
    let out = scratch.path().join("wallet-client");
    Config::new([wallet()])
        .out_dir(&out)
        .write()
        .expect("the wallet client is written");
    sdkgen_tests::clippy_and_test(&out, &[]);
}

/// `tests/fixtures/overrides/evidence/`: the setting each heuristic's warning names switches it
/// back: `auth = "optional"` over a 401 that says the token is required, `response = "json"`
/// over a `/download` path, `request = "json"` over an `/upload` path; and the heuristics do
/// not warn about what `sdkgen.toml` settles.
#[test]
fn the_settings_a_heuristic_names_switch_it_back() {
    use sdkgen::model::{AuthUse, BodyKind, TypeRef};

    let folder = sdkgen_tests::repo_root().join("tests/fixtures/overrides/evidence");
    let (parsed, inferred) = Config::new([folder]).load().expect("the fixture loads");
    let model = &inferred.model;
    let op = |r: &str| sdkgen_tests::operation(&parsed.api, model, r);
    assert_eq!(op("GET /v1/reports").auth, AuthUse::Optional);
    // Only the one `sdkgen.toml` settles is switched back.
    assert_eq!(op("GET /v1/reports/summary").auth, AuthUse::Required);
    let download = op("GET /v1/reports/{reportId}/download");
    assert_eq!(download.success.data, TypeRef::Any);
    assert!(download.success.enveloped);
    let upload = op("POST /v1/reports/upload")
        .request
        .as_ref()
        .expect("a body");
    assert_eq!((upload.kind, &upload.ty), (BodyKind::Json, &TypeRef::Any));

    let codes: Vec<&str> = inferred.warnings.iter().map(|w| w.code).collect();
    assert_eq!(
        codes,
        ["auth-from-error-sample", "header-from-error-sample"],
        "{:#?}",
        inferred.warnings
    );
    assert!(inferred.warnings[0]
        .message
        .contains("`GET /v1/reports/summary`"));

    let rendered =
        Config::new([sdkgen_tests::repo_root().join("tests/fixtures/overrides/evidence")])
            .render()
            .expect("renders");
    let reports = &rendered.files["src/api/reports.rs"];
    assert!(
        !reports.contains("Bytes") && !reports.contains("Multipart"),
        "{reports}"
    );
}

/// `tests/fixtures/overrides/optional/`: the rules that make a field optional although every
/// sample has it (a name that is often empty, a value that is always `""`, a partial update's
/// non-identifying fields), each pinned back by `sdkgen.toml`; without the file the rules
/// decide alone.
#[test]
fn the_optional_field_rules_and_their_pins() {
    use sdkgen::model::{Model, OptionalBy};

    let folder = sdkgen_tests::repo_root().join("tests/fixtures/overrides/optional");
    let field = |model: &Model, ty: &str, wire: &str| {
        let def = model
            .type_named(ty)
            .unwrap_or_else(|| panic!("{ty} exists"));
        let sdkgen::model::TypeKind::Struct { fields, .. } = &def.kind else {
            panic!("{ty} is a struct")
        };
        let f = fields
            .iter()
            .find(|f| f.wire_name == wire)
            .expect("the field");
        (f.required, f.nullable, f.optional_by)
    };

    // Without sdkgen.toml (the document alone, in a folder without one): the rules alone.
    let scratch = tempfile::tempdir().expect("a temp folder");
    let doc = scratch.path().join("notes-api.txt");
    std::fs::copy(folder.join("notes-api.txt"), &doc).expect("copy");
    let (_, plain) = Config::new([&doc]).load().expect("the document loads");
    let plain = &plain.model;
    assert_eq!(field(plain, "Note", "title"), (true, false, None));
    assert_eq!(field(plain, "Note", "summary"), (true, false, None));
    assert_eq!(
        field(plain, "Note", "remark"),
        (false, true, Some(OptionalBy::NameRule))
    );
    assert_eq!(
        field(plain, "Note", "deletedAt"),
        (false, true, Some(OptionalBy::NameRule))
    );
    assert_eq!(
        field(plain, "Note", "referrer"),
        (false, true, Some(OptionalBy::EmptyInSamples))
    );
    assert_eq!(
        field(plain, "UpdateNoteRequest", "noteId"),
        (true, false, None)
    );
    for wire in ["title", "remark", "pinned"] {
        assert_eq!(
            field(plain, "UpdateNoteRequest", wire),
            (false, false, Some(OptionalBy::PartialUpdate)),
            "{wire}"
        );
    }

    // With it: each pin wins over its rule.
    let (_, pinned) = Config::new([&folder]).load().expect("the fixture loads");
    let pinned = &pinned.model;
    assert_eq!(field(pinned, "Note", "remark"), (true, false, None));
    assert_eq!(field(pinned, "Note", "summary"), (true, true, None));
    assert_eq!(
        field(pinned, "UpdateNoteRequest", "title"),
        (true, false, None)
    );
    assert_eq!(
        field(pinned, "UpdateNoteRequest", "remark").2,
        Some(OptionalBy::PartialUpdate)
    );

    // And the crate says so: strict fields are plain, the rest `Option`, with the reason.
    let rendered = Config::new([&folder]).render().expect("renders");
    let types = &rendered.files["src/types.rs"];
    assert!(types.contains("pub remark: String,"), "{types}");
    assert!(types.contains("pub deleted_at: Option<"), "{types}");
    assert!(
        types.contains("fields named like this are often empty"),
        "{types}"
    );
    assert!(
        types.contains("pub fn new(note_id: impl Into<String>, title: impl Into<String>) -> Self"),
        "{types}"
    );
    assert!(
        types.contains("pub fn with_remark(mut self, value: impl Into<String>) -> Self"),
        "{types}"
    );
    let plain = Config::new([&doc]).render().expect("renders");
    let plain_types = &plain.files["src/types.rs"];
    assert!(
        plain_types.contains("pub fn new(note_id: impl Into<String>) -> Self"),
        "{plain_types}"
    );
    let openapi: Value = serde_json::from_str(&rendered.files["openapi.json"]).expect("JSON");
    let note = &openapi["components"]["schemas"]["Note"];
    let required: Vec<&str> = note["required"]
        .as_array()
        .expect("required")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        required.contains(&"remark") && !required.contains(&"deletedAt"),
        "{required:?}"
    );
}

#[test]
fn transport_headers_put_the_gateway_header_in_openapi_and_the_pages() {
    // `[openapi] transport_headers = true`: the proxy header the profile endpoint documents is
    // an optional header parameter, defined once, and the page's table lists it the same way.
    let doc = openapi();
    let parameters = doc["paths"]["/v1/profile"]["get"]["parameters"]
        .as_array()
        .expect("parameters")
        .clone();
    let forwarded = parameters
        .iter()
        .filter_map(|p| p["$ref"].as_str())
        .map(|target| &doc["components"]["parameters"][target.rsplit('/').next().unwrap()])
        .find(|p| p["name"] == "X-Forwarded-For")
        .expect("X-Forwarded-For is a parameter");
    assert_eq!(forwarded["required"], Value::Bool(false));
    let page = file("docs/profile.md");
    assert!(
        page.contains("| `X-Forwarded-For` | no | parameter |"),
        "{page}"
    );
    // Without the switch, both leave it out.
    let off = Config::new([wallet()])
        .transport_headers(false)
        .render()
        .expect("renders");
    assert!(!off.files["openapi.json"].contains("X-Forwarded-For"));
    let page = off.files["docs/profile.md"].replace('\n', " ");
    assert!(page.contains("leaves out `X-Forwarded-For` (set by the proxy or CDN)"));
}
