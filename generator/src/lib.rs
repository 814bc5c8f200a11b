//! sdkgen reads *endpoint documents* — pages that list every route of an HTTP API with its
//! headers, a sample request and the responses captured by end-to-end tests — into one IR, and
//! emits from it a Rust client crate, an OpenAPI document and Markdown reference pages.
//!
//! # Reading a document
//!
//! ```
//! let text = "\
//! Example API
//! Pets
//! GET /pets/{petId}
//! Fetch one pet.
//! Success Response: (HTTP 200)
//! {\"success\": true, \"data\": {\"name\": \"Rex\"}}";
//! let parsed = sdkgen::parse_str("pets.txt", text)?;
//! let endpoint = &parsed.api.endpoints[0];
//! assert_eq!(endpoint.route(), "GET /pets/{petId}");
//! assert_eq!(parsed.api.groups[endpoint.group].name, "Pets");
//! # Ok::<(), sdkgen::Report>(())
//! ```
//!
//! Problems come back as a [`Report`] whose `Display` (and `Debug`) renders each one as
//! `path:line:col: error: message` with the source line and a caret, so `build.rs` users and
//! CLI users see the same text.

pub mod diagnostic;
pub mod emit;
pub mod generate;
pub mod infer;
pub mod ir;
pub mod json;
pub mod model;
pub mod naming;
pub mod parse;
pub mod source;
pub mod summary;

use std::path::{Path, PathBuf};

pub use diagnostic::{Diagnostic, Report, Severity};
pub use generate::{Config, Error, Outcome, Rendered, Staleness};
pub use parse::{Document, Format, Parsed};

/// Parses one document given as text; `path` names it in diagnostics and picks the format
/// (`.md` is Markdown, anything else is sniffed; see [`Format::detect`]).
pub fn parse_str(path: &str, text: &str) -> Result<Parsed, Report> {
    parse::parse_documents(&[Document {
        path: path.to_owned(),
        text: text.to_owned(),
    }])
}

/// Reads and parses one document file.
pub fn parse_file(path: impl AsRef<Path>) -> Result<Parsed, Report> {
    parse_paths(&[path.as_ref().to_path_buf()])
}

/// Reads and parses files and folders (every `.txt`, `.md`, `.markdown` file in a folder) that
/// together form one API; a Markdown API may be split into one page per group.
pub fn parse_paths(paths: &[PathBuf]) -> Result<Parsed, Report> {
    let documents = parse::read_documents(paths)?;
    parse::parse_documents(&documents)
}
