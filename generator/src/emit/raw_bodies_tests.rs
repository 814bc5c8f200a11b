//! The three emitters on what only `sdkgen.toml` can say: a binary response, a multipart
//! request, secret fields and samples from the file itself, on
//! `tests/fixtures/overrides/files/` (a document and its `sdkgen.toml`).

use serde_json::Value;

use crate::generate::{Config, Rendered};
use crate::parse::{parse_documents, Document};
use crate::surface::Surface;

fn rendered() -> Rendered {
    let folder = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/overrides/files"
    );
    Config::new([folder])
        .out_dir("unused")
        .render()
        .expect("the fixture renders")
}

fn openapi(rendered: &Rendered) -> Value {
    serde_json::from_str(&rendered.files["openapi.json"]).expect("openapi.json is JSON")
}

/// Secret sample values of the fixture, which no output but the client's tests may show.
const SECRETS: [&str; 2] = ["fixture-pa55word", "sk_live_123"];

#[test]
fn methods_return_bytes_and_take_forms() {
    let rendered = rendered();
    let surface = Surface::new(&rendered.parsed.api, &rendered.inferred.model);
    let by_name = |name: &str| {
        surface
            .methods
            .iter()
            .find(|m| m.call_path() == name)
            .unwrap_or_else(|| panic!("no method {name}"))
    };
    let download = by_name("files().download()");
    assert_eq!(download.returns.source, "Bytes");
    let upload = by_name("files().upload()");
    let shown: Vec<String> = upload.arguments.iter().map(|a| a.shown()).collect();
    assert_eq!(shown, ["form: Multipart"]);
    assert_eq!(
        upload.body().map(|b| b.ty.short.as_str()),
        Some("Multipart")
    );
    let files = &rendered.files["src/api/files.rs"];
    assert!(
        files.contains("pub fn download(&self, file_id: &str) -> Call<'a, Bytes, M>"),
        "{files}"
    );
    assert!(files.contains(".binary()"), "{files}");
    assert!(files.contains("pub fn upload(&self, form: Multipart) -> Call<'a, File, M>"));
    assert!(files.contains(".multipart(form)"));
    assert!(!files.contains("serde_json::Value"));
    let lib = &rendered.files["src/lib.rs"];
    assert!(
        lib.contains("pub use runtime::{Bytes, FileStream, Multipart};"),
        "{lib}"
    );
    assert!(rendered.files.contains_key("src/runtime/transfer.rs"));
    assert!(rendered.files.contains_key("tests/transfer.rs"));
    assert!(!rendered
        .files
        .values()
        .any(|text| text.contains("// sdkgen:")));
}

#[test]
fn secret_fields_are_redacted_in_debug_and_every_example() {
    let rendered = rendered();
    let types = &rendered.files["src/types.rs"];
    let debug = types
        .split("impl std::fmt::Debug for Key {")
        .nth(1)
        .expect("Key has a hand-written Debug");
    assert!(
        debug.contains(".field(\"secret\", &\"<redacted>\")"),
        "{debug}"
    );
    assert!(debug.contains(".field(\"label\", &self.label)"), "{debug}");
    assert!(!types.contains("#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]\n#[serde(rename_all = \"camelCase\")]\n#[non_exhaustive]\npub struct Key "));
    for (path, text) in &rendered.files {
        if path.starts_with("tests/") || path.starts_with("examples/") {
            continue; // replay and tour send the samples as the document shows them
        }
        for secret in SECRETS {
            assert!(!text.contains(secret), "{path} shows {secret}");
        }
    }
    let doc = openapi(&rendered);
    let schemas = &doc["components"]["schemas"];
    let password = &schemas["CreateKeyRequest"]["properties"]["password"];
    assert_eq!(password["format"], "password");
    assert_eq!(password["writeOnly"], true);
    let secret = &schemas["Key"]["properties"]["secret"];
    assert_eq!(secret["format"], "password");
    assert_eq!(secret.get("writeOnly"), None, "a response field is read");
    assert_eq!(secret["examples"][0], "<redacted>");
    let keys = &rendered.files["docs/keys.md"];
    assert!(keys.contains("\"password\": \"<redacted>\""), "{keys}");
    assert!(keys.contains("\"secret\": \"<redacted>\""), "{keys}");
}

#[test]
fn openapi_describes_files_forms_and_where_samples_come_from() {
    let rendered = rendered();
    let doc = openapi(&rendered);
    let paths = &doc["paths"];
    let download = &paths["/api/v1/files/{fileId}/content"]["get"]["responses"];
    let schema = &download["200"]["content"]["application/octet-stream"]["schema"];
    assert_eq!(
        (&schema["type"], &schema["format"]),
        (&"string".into(), &"binary".into())
    );
    assert!(download["404"]["content"]["application/json"].is_object());
    let upload = &paths["/api/v1/files"]["post"]["requestBody"]["content"];
    assert_eq!(upload["multipart/form-data"]["schema"]["type"], "object");
    assert_eq!(upload.as_object().map(|o| o.len()), Some(1));
    let sample = &paths["/api/v1/files/{fileId}"]["get"]["responses"]["200"]["content"]
        ["application/json"]["examples"]["success"];
    let summary = sample["summary"].as_str().unwrap_or_default();
    assert!(
        summary.contains("`sdkgen.toml`, not from the document"),
        "{summary}"
    );
    let document_sample = &paths["/api/v1/keys"]["post"]["responses"]["200"]["content"]
        ["application/json"]["examples"]["success"]["summary"];
    assert_eq!(document_sample, "The document's success sample (HTTP 200).");
}

#[test]
fn pages_label_config_samples_and_reading_them_back_ignores_them() {
    let rendered = rendered();
    let files = &rendered.files["docs/files.md"];
    assert!(
        files.contains(
            "A success response (HTTP 200) from `sdkgen.toml`, not from the document:\n\n```jsonc\n"
        ),
        "{files}"
    );
    assert!(files.contains("`multipart/form-data` upload"), "{files}");
    assert!(files.contains("| 200 | Success | bytes |"), "{files}");
    let pages: Vec<Document> = rendered
        .files
        .iter()
        .filter(|(path, _)| path.starts_with("docs/"))
        .map(|(path, text)| Document {
            path: path.clone(),
            text: text.clone(),
        })
        .collect();
    let reread = parse_documents(&pages).expect("the pages read back");
    let route = |api: &crate::ir::Api, route: &str| {
        api.endpoints
            .iter()
            .find(|e| e.route() == route)
            .cloned()
            .unwrap_or_else(|| panic!("no {route}"))
    };
    // The document shows only an error for it; the success came from sdkgen.toml.
    let metadata = route(&reread.api, "GET /api/v1/files/{fileId}");
    assert_eq!(metadata.success(), None);
    assert_eq!(metadata.responses.len(), 1);
    // Everything the document itself shows comes back.
    for original in &rendered.parsed.api.endpoints {
        let again = route(&reread.api, &original.route());
        let documented = original
            .responses
            .iter()
            .filter(|r| {
                r.body
                    .as_ref()
                    .is_none_or(|b| b.origin != crate::ir::Origin::Config)
            })
            .count();
        assert_eq!(again.responses.len(), documented, "{}", original.route());
        assert_eq!(again.request.is_some(), original.request.is_some());
    }
}
