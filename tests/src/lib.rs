//! Shared helpers for the golden and end-to-end tests: where the repository is, the real
//! document, and lookups by route.

use std::path::PathBuf;

use sdkgen::ir::{Api, Endpoint};
use sdkgen::Parsed;

/// The repository root (the workspace folder).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests/ lives inside the repository")
        .to_path_buf()
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
