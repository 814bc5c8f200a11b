//! sdkgen reads *endpoint documents* — pages that list every route of an HTTP API with its
//! headers, a sample request and the responses captured by end-to-end tests — into one IR, and
//! emits from it a Rust client crate, an OpenAPI document and Markdown reference pages.
//!
//! # Generating a client from `build.rs`
//!
//! 1. Add sdkgen as a build dependency, and what the generated client uses as dependencies:
//!
//!    ```toml
//!    [build-dependencies]
//!    # Without the default `server` feature (`sdkgen mock`, `sdkgen verify`): no HTTP server
//!    # or client compiled for the build script.
//!    sdkgen = { version = "0.1", default-features = false }
//!
//!    [dependencies]
//!    chrono = { version = "0.4", default-features = false, features = ["serde", "std"] }
//!    futures-core = { version = "0.3", default-features = false }
//!    percent-encoding = "2"
//!    reqwest = { version = "0.12", default-features = false, features = ["json", "rustls-tls"] }
//!    rust_decimal = { version = "1", default-features = false, features = ["serde", "std"] }
//!    serde = { version = "1", features = ["derive"] }
//!    serde_json = { version = "1", features = ["arbitrary_precision"] } # exact money
//!    serde_path_to_error = "0.1"
//!    tokio = { version = "1", features = ["sync", "time"] }
//!    uuid = { version = "1", features = ["v4"] }
//!    ```
//!
//! 2. Generate the client in `build.rs`. It writes `$OUT_DIR/partner.rs` only when its content
//!    changes, and prints `cargo:rerun-if-changed` for every document, so an unchanged document
//!    never reruns the generator. Errors render as `file:line:col: error: ...`:
//!
//!    ```no_run
//!    // build.rs
//!    fn main() -> Result<(), sdkgen::Error> {
//!        sdkgen::build_script(["docs/partner-web-endpoints.txt"], "partner")?;
//!        Ok(())
//!    }
//!    ```
//!
//!    For more control, [`Config`] takes the same settings as the command line:
//!
//!    ```no_run
//!    // build.rs
//!    fn main() -> Result<(), sdkgen::Error> {
//!        sdkgen::Config::new(["docs/"])
//!            .crate_name("partner-web-client")
//!            .version("1.2.0")
//!            .build_script("partner")?;
//!        Ok(())
//!    }
//!    ```
//!
//!    To write or embed the client yourself, as progenitor's `generate_tokens` allows,
//!    [`Config::client_tokens`] returns the same module as a `proc_macro2::TokenStream`
//!    whose paths start at the root you name (`"crate::partner"`), and
//!    [`Config::client_source`] returns it formatted.
//!
//! 3. Include it in the module named in step 2:
//!
//!    ```ignore
//!    // src/lib.rs
//!    pub mod partner {
//!        include!(concat!(env!("OUT_DIR"), "/partner.rs"));
//!    }
//!    ```
//!
//! 4. Call the API:
//!
//!    ```ignore
//!    let client = partner::Client::builder("https://api.partner.test")
//!        .access_code("your-portal-access-code")
//!        .bearer_token("your-token")
//!        .build()?;
//!    let roles = client.roles().list().await?;
//!    ```
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
//! let model = sdkgen::infer::infer(&parsed).model;
//! assert_eq!(model.operations[0].name, "get");
//! # Ok::<(), sdkgen::Report>(())
//! ```
//!
//! Problems come back as a [`Report`] whose `Display` (and `Debug`) renders each one as
//! `path:line:col: error: message` with the source line and a caret, so `build.rs` users and
//! CLI users see the same text.
//!
//! # Phases
//!
//! Reading ([`parse_paths`]) gives the [`ir`]; [`infer`] adds the typed [`model`] (each
//! response's outcome, each header's role, every type) and [`surface`] what the Rust client
//! exposes; [`emit`] renders the crate, the OpenAPI document and the pages from them.
//! [`Config`] runs the phases and puts the files in the output folder (confined to it, locked,
//! never over files sdkgen did not write); [`build_script()`] does the same for `build.rs`.
//! [`diff`] compares two versions of the documents through the same phases and rates each
//! change (`sdkgen diff`).

// The API `build.rs` and embedding users need: `Config` and what it returns, the read-only
// IR and model, what the client exposes, inference and the change report.
pub mod defaults;
pub mod diff;
pub mod emit;
pub mod infer;
pub mod ir;
#[cfg(feature = "server")]
pub mod mock;
pub mod model;
pub mod overrides;
pub mod surface;
#[cfg(feature = "server")]
pub mod verify;

mod build_script;
mod diagnostic;
mod generate;
mod json;
mod json_dialect;
mod parse;
mod rustdoc;
mod sample_names;

// Not part of the API: the `sdkgen` binary and the repository's tests reach into these.
#[doc(hidden)]
pub mod naming;
#[doc(hidden)]
pub mod secret_names;
#[doc(hidden)]
pub mod source;
#[doc(hidden)]
pub mod summary;
#[doc(hidden)]
pub mod write;

use std::path::{Path, PathBuf};

pub use build_script::build_script;
pub use diagnostic::{Diagnostic, Report, Severity};
pub use generate::{Config, Error, Outcome, Outputs, Rendered, Staleness, MANIFEST};
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
