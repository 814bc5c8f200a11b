//! `sdkgen.toml`: what the samples cannot show, stated once beside the documents and applied on
//! every run — package and OpenAPI settings, per-endpoint samples, names and body kinds, type
//! renames and field facts. It is read and checked like a document (errors at
//! `sdkgen.toml:line:col`, with the nearest valid name suggested).
//!
//! Samples are evidence: [`Overrides::attach`] adds them to the IR before inference, so they
//! are typed, validated and replayed like the document's own. The rest is applied to the
//! inferred model by [`Overrides::apply`].

mod apply;
mod read;
mod scaffold;

use std::path::{Path, PathBuf};

pub use read::parse;
pub use scaffold::scaffold;

use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::infer::Inferred;
use crate::parse::Parsed;
use crate::source::SourceFile;

/// The file name sdkgen looks for in the documents' folder.
pub const FILE_NAME: &str = "sdkgen.toml";

/// A value and where `sdkgen.toml` says it (a byte offset into the file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    /// The value.
    pub value: T,
    /// Where the value is written.
    pub offset: usize,
}

/// `[package]`: the generated crate's name, version and license (command-line flags win).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PackageSettings {
    /// `name`.
    pub name: Option<Setting<String>>,
    /// `version`.
    pub version: Option<Setting<String>>,
    /// `license` (an SPDX expression).
    pub license: Option<Setting<String>>,
}

/// `[openapi]`: what the OpenAPI document says about the API's servers and owners.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenApiSettings {
    /// `server_url`.
    pub server_url: Option<Setting<String>>,
    /// `server_description`.
    pub server_description: Option<Setting<String>>,
    /// `contact_name`.
    pub contact_name: Option<Setting<String>>,
    /// `contact_email`.
    pub contact_email: Option<Setting<String>>,
    /// `license_url`.
    pub license_url: Option<Setting<String>>,
    /// `transport_headers`: put the headers a proxy or the HTTP stack sets (`CF-Connecting-IP`,
    /// `User-Agent`) in the OpenAPI document and the pages' header tables.
    pub transport_headers: Option<Setting<bool>>,
}

/// A sample given in `sdkgen.toml`: a file beside it, or JSON text written inline.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sample {
    /// `"samples/recharge.json"`, resolved against the folder of `sdkgen.toml`.
    File {
        /// The file.
        path: PathBuf,
        /// The setting that names it.
        setting: Setting<String>,
    },
    /// `'{"id": 1}'`.
    Inline(Setting<String>),
}

/// What an endpoint answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResponseKind {
    /// JSON, in the envelope when the API uses one (the default).
    Json,
    /// Raw bytes (a download).
    Binary,
    /// No content.
    Empty,
}

/// What an endpoint takes as its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestKind {
    /// JSON (the default).
    Json,
    /// A `multipart/form-data` form (an upload).
    Multipart,
    /// No body.
    None,
}

/// Whether an endpoint needs the bearer token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Auth {
    /// The call fails before sending without a token.
    Required,
    /// The token is sent when set.
    Optional,
    /// No token is sent.
    None,
}

/// `[endpoints."METHOD /path"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointOverride {
    /// The route, as the document writes it.
    pub route: Setting<String>,
    /// `method`: the Rust method name (the OpenAPI `operationId` and the pages follow).
    pub method: Option<Setting<String>>,
    /// `success_sample`: a success body (the envelope, as the API sends it).
    pub success_sample: Option<Sample>,
    /// `request_sample`: a request body.
    pub request_sample: Option<Sample>,
    /// `response`.
    pub response: Option<Setting<ResponseKind>>,
    /// `request`.
    pub request: Option<Setting<RequestKind>>,
    /// `auth`.
    pub auth: Option<Setting<Auth>>,
    /// `page_param`: the page number parameter of an endpoint that answers with a page.
    pub page_param: Option<Setting<String>>,
    /// `size_param`: the page size parameter of an endpoint that answers with a page.
    pub size_param: Option<Setting<String>>,
    /// `safe`: `sdkgen verify` may send it without `--allow-writes` (it changes nothing).
    pub safe: Option<Setting<bool>>,
}

/// `[verify]`: what `sdkgen verify` sends.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VerifySettings {
    /// `[verify.params]`: path parameter values by name, in file order.
    pub params: Vec<(String, Setting<String>)>,
}

/// `[types.Name]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TypeOverride {
    /// The inferred name.
    pub name: Setting<String>,
    /// `rename`: the name to give it instead.
    pub rename: Option<Setting<String>>,
}

/// A field type `sdkgen.toml` may state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldType {
    /// `string`
    String,
    /// `integer`
    Integer,
    /// `number`
    Number,
    /// `decimal`
    Decimal,
    /// `boolean`
    Boolean,
    /// `date-time`
    DateTime,
    /// A named type of the model.
    Named(String),
}

impl FieldType {
    /// The scalar names, as written in `sdkgen.toml`.
    pub const SCALARS: [&'static str; 6] = [
        "string",
        "integer",
        "number",
        "decimal",
        "boolean",
        "date-time",
    ];

    fn parse(text: &str) -> FieldType {
        match text {
            "string" => FieldType::String,
            "integer" => FieldType::Integer,
            "number" => FieldType::Number,
            "decimal" => FieldType::Decimal,
            "boolean" => FieldType::Boolean,
            "date-time" => FieldType::DateTime,
            other => FieldType::Named(other.to_owned()),
        }
    }
}

/// `[fields."Type.wireName"]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldOverride {
    /// `Type.wireName`.
    pub path: Setting<String>,
    /// `type`.
    pub ty: Option<Setting<FieldType>>,
    /// `nullable`: may be `null`.
    pub nullable: Option<Setting<bool>>,
    /// `optional`: may be absent.
    pub optional: Option<Setting<bool>>,
    /// `secret`: never shown (redacted in `Debug` and in examples).
    pub secret: Option<Setting<bool>>,
}

/// The content of `sdkgen.toml`.
#[derive(Debug, Clone)]
pub struct Overrides {
    /// The file, for diagnostics.
    pub source: SourceFile,
    /// `[package]`.
    pub package: PackageSettings,
    /// `[openapi]`.
    pub openapi: OpenApiSettings,
    /// `[endpoints."METHOD /path"]`, in file order.
    pub endpoints: Vec<EndpointOverride>,
    /// `[types.Name]`, in file order.
    pub types: Vec<TypeOverride>,
    /// `[fields."Type.wireName"]`, in file order.
    pub fields: Vec<FieldOverride>,
    /// `[verify]`.
    pub verify: VerifySettings,
}

impl Overrides {
    /// Reads `path`.
    pub fn read(path: &Path) -> Result<Overrides, Report> {
        let unreadable = |message: String| {
            let file = SourceFile::new(0, path.display().to_string(), "");
            Report::new(vec![Diagnostic::new(
                Severity::Error,
                "config-unreadable",
                &file,
                0,
                message,
            )])
        };
        let bytes =
            std::fs::read(path).map_err(|error| unreadable(format!("cannot read: {error}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| unreadable("not UTF-8 text: sdkgen.toml must be UTF-8".to_owned()))?;
        parse(path, &text)
    }

    /// The `sdkgen.toml` beside the documents: in the folder given as input (or the folder of
    /// the first document given as a file), when there is one.
    pub fn discover(inputs: &[PathBuf]) -> Option<PathBuf> {
        let first = inputs.first()?;
        let folder = if first.is_dir() {
            first.clone()
        } else {
            first.parent()?.to_path_buf()
        };
        let candidate = folder.join(FILE_NAME);
        candidate.is_file().then_some(candidate)
    }

    /// Parses `documents` and infers their model with `sdkgen.toml` at `path` (if any) applied:
    /// its samples join the IR before inference, the rest is applied to the model.
    pub fn load(
        documents: &[crate::parse::Document],
        path: Option<&Path>,
    ) -> Result<(Parsed, Inferred, Option<Overrides>), Report> {
        let mut parsed = crate::parse::parse_documents(documents)?;
        let Some(path) = path else {
            let inferred = crate::infer::infer(&parsed);
            return Ok((parsed, inferred, None));
        };
        let overrides = Overrides::read(path)?;
        overrides.attach(&mut parsed)?;
        let mut inferred = crate::infer::infer_settled(&parsed, &overrides.settled(&parsed));
        overrides.apply(&parsed, &mut inferred.model)?;
        overrides.drop_answered_warnings(&mut parsed.warnings, &mut inferred.warnings);
        Ok((parsed, inferred, Some(overrides)))
    }

    /// Drops the warnings `sdkgen.toml` answers: a missing success fixture where it gives a
    /// success sample or the response kind, a guessed type where it states the field's type or
    /// the endpoint's response.
    fn drop_answered_warnings(&self, read: &mut Vec<Diagnostic>, inferred: &mut Vec<Diagnostic>) {
        let answered_routes: Vec<String> = self
            .endpoints
            .iter()
            .filter(|e| e.success_sample.is_some() || e.response.is_some())
            .map(|e| format!("`{}`", e.route.value))
            .collect();
        read.retain(|w| {
            !(w.code == "no-success-fixture"
                && answered_routes
                    .iter()
                    .any(|r| w.message.starts_with(r.as_str())))
        });
        let typed_fields: Vec<String> = self
            .fields
            .iter()
            .filter(|f| f.ty.is_some())
            .map(|f| format!("`{}`:", f.path.value))
            .collect();
        inferred.retain(|w| {
            let field = typed_fields
                .iter()
                .any(|f| w.message.starts_with(f.as_str()));
            let data = answered_routes
                .iter()
                .any(|r| w.message.starts_with(&format!("the success `data` of {r}")));
            !(field || data)
        });
    }

    /// The sample files it names.
    pub fn sample_files(&self) -> Vec<PathBuf> {
        self.endpoints
            .iter()
            .flat_map(|e| [&e.success_sample, &e.request_sample])
            .filter_map(|s| match s {
                Some(Sample::File { path, .. }) => Some(path.clone()),
                _ => None,
            })
            .collect()
    }

    /// An error at `offset` of `sdkgen.toml`.
    pub(crate) fn error(&self, offset: usize, code: &'static str, message: String) -> Diagnostic {
        Diagnostic::new(Severity::Error, code, &self.source, offset, message)
    }
}
