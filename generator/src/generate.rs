//! The whole job: read documents, infer, emit, and hand the files to [`crate::write`](mod@crate::write), which
//! writes only those whose content changed, never outside the output folder and never over a
//! file sdkgen did not write.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Report};
use crate::emit::{self, Files};
use crate::infer::Inferred;
use crate::overrides::Overrides;
use crate::parse::{self, Parsed};

pub use crate::write::{Outcome, Staleness, WriteOptions, MANIFEST};

/// The folder of the output where the Markdown reference pages go.
pub(crate) const MARKDOWN_DIR: &str = "docs";

/// Everything that can go wrong in a run.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The documents have errors (rendered as `path:line:col: error: ...`).
    Document(Report),
    /// A file could not be read or written.
    Io {
        /// The file.
        path: PathBuf,
        /// What happened.
        source: std::io::Error,
    },
    /// An emitter failed (a bug in sdkgen: please report it).
    Emit(String),
    /// Files are in the way: at paths sdkgen would write there are files it did not write
    /// (the manifest does not own them), folders, or links out of the output folder. Nothing
    /// was written.
    Conflict {
        /// The output folder.
        dir: PathBuf,
        /// Each path in the way, with what is there.
        paths: Vec<String>,
    },
    /// A setting is invalid.
    Config(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Document(report) => write!(f, "{report}"),
            Error::Io { path, source } => write!(f, "{}: error: {source}", path.display()),
            Error::Emit(message) => write!(f, "error: internal emitter failure: {message}"),
            Error::Config(message) => write!(f, "error: {message}"),
            Error::Conflict { dir, paths } => {
                writeln!(
                    f,
                    "{}: error: sdkgen would overwrite {} it did not write; nothing was written:",
                    dir.display(),
                    if paths.len() == 1 { "a file" } else { "files" }
                )?;
                for path in paths {
                    writeln!(f, "  {}", crate::diagnostic::escape_controls(path))?;
                }
                write!(
                    f,
                    "  = hint: move them away, or take them over with `--force` \
                     (`Config::force(true)`); files sdkgen writes are listed in {}",
                    MANIFEST
                )
            }
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Io { source, .. } => Some(source),
            Error::Document(report) => Some(report),
            _ => None,
        }
    }
}

impl From<Report> for Error {
    fn from(report: Report) -> Self {
        Error::Document(report)
    }
}

/// Settings of a generation run; the CLI and `build.rs` both use it.
///
/// ```no_run
/// let (outcome, _rendered) = sdkgen::Config::new(["docs-input/partner-web-endpoints.txt"])
///     .out_dir("generated-client")
///     .crate_name("partner-web-client")
///     .write()?;
/// println!("{} files written", outcome.written.len());
/// # Ok::<(), sdkgen::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    inputs: Vec<PathBuf>,
    out_dir: PathBuf,
    crate_name: Option<String>,
    version: String,
    license: Option<String>,
    openapi: emit::openapi::OpenApiOptions,
    outputs: Outputs,
    force: bool,
    /// `sdkgen.toml`: `None` to look for it beside the documents.
    overrides: Option<PathBuf>,
    /// The settings given here, which `sdkgen.toml` does not override.
    explicit: std::collections::BTreeSet<&'static str>,
    /// Fail on what the reader read past (see [`Config::strict`]).
    strict: bool,
}

/// Which outputs a run produces (all by default; `build.rs` needs only the client).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Outputs {
    /// The Rust client crate.
    pub client: bool,
    /// `openapi.json` (or `.yaml`).
    pub openapi: bool,
    /// The Markdown pages under `docs/`.
    pub markdown: bool,
}

impl Default for Outputs {
    fn default() -> Self {
        Outputs {
            client: true,
            openapi: true,
            markdown: true,
        }
    }
}

/// What a rendering produced, before anything is written.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The files, by path relative to the output folder.
    pub files: Files,
    /// Warnings from reading and inference.
    pub warnings: Vec<Diagnostic>,
    /// The parsed documents.
    pub parsed: Parsed,
    /// The inferred model.
    pub inferred: Inferred,
}

impl Config {
    /// A configuration reading these documents (files, or folders of documents) into the
    /// default output folder `generated-client`.
    pub fn new<P: Into<PathBuf>>(inputs: impl IntoIterator<Item = P>) -> Self {
        Config {
            inputs: inputs.into_iter().map(Into::into).collect(),
            out_dir: PathBuf::from(crate::defaults::OUT_DIR),
            crate_name: None,
            version: crate::defaults::VERSION.to_owned(),
            license: None,
            openapi: emit::openapi::OpenApiOptions::default(),
            outputs: Outputs::default(),
            force: false,
            overrides: None,
            explicit: std::collections::BTreeSet::new(),
            strict: false,
        }
    }

    /// Reads overrides from this `sdkgen.toml` instead of the one beside the documents (see
    /// [`crate::overrides`]).
    #[must_use]
    pub fn overrides_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.overrides = Some(path.into());
        self
    }

    /// The `sdkgen.toml` this configuration reads: the one given, else the one in the
    /// documents' folder, if there is one.
    pub fn overrides_path(&self) -> Option<PathBuf> {
        self.overrides
            .clone()
            .or_else(|| Overrides::discover(&self.inputs))
    }

    /// This configuration with the `[package]` and `[openapi]` settings of `sdkgen.toml`
    /// filled in where nothing was set here.
    fn with_settings(&self, overrides: &Overrides) -> Config {
        let mut config = self.clone();
        let unset = |key: &str| !self.explicit.contains(key);
        let package = &overrides.package;
        if let Some(name) = package.name.as_ref().filter(|_| self.crate_name.is_none()) {
            config.crate_name = Some(name.value.clone());
        }
        if let Some(version) = package.version.as_ref().filter(|_| unset("version")) {
            config.version = version.value.clone();
        }
        if let Some(license) = package.license.as_ref().filter(|_| unset("license")) {
            config.license = Some(license.value.clone());
        }
        let openapi = &overrides.openapi;
        if let Some(url) = openapi.server_url.as_ref().filter(|_| unset("server_url")) {
            config.openapi.server_url = Some(url.value.clone());
        }
        if let Some(text) = openapi
            .server_description
            .as_ref()
            .filter(|_| unset("server_description"))
        {
            config.openapi.server_description = Some(text.value.clone());
        }
        if let Some(name) = openapi.contact_name.as_ref().filter(|_| unset("contact")) {
            config.openapi.contact.name = Some(name.value.clone());
        }
        if let Some(email) = openapi.contact_email.as_ref().filter(|_| unset("contact")) {
            config.openapi.contact.email = Some(email.value.clone());
        }
        if let Some(url) = openapi
            .license_url
            .as_ref()
            .filter(|_| unset("license_url"))
        {
            config.openapi.license_url = Some(url.value.clone());
        }
        if let Some(include) = openapi
            .transport_headers
            .as_ref()
            .filter(|_| unset("transport_headers"))
        {
            config.openapi.transport_headers = include.value;
        }
        config
    }

    /// Which outputs to produce (default: all three).
    #[must_use]
    pub fn outputs(mut self, outputs: Outputs) -> Self {
        self.outputs = outputs;
        self
    }

    /// Fail where the reader read past a deviation in a document (JSON comments, trailing
    /// commas, `...`, a sample it cannot read, a status or role taken from a sample's
    /// position, a route written loosely) instead of warning: each becomes an error at its
    /// position. Off by default.
    #[must_use]
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Overwrite files at the paths sdkgen writes even when it did not write them (they are
    /// not in the output folder's manifest), and own them from then on. Off by default: such a
    /// file stops the run before anything is written.
    #[must_use]
    pub fn force(mut self, force: bool) -> Self {
        self.force = force;
        self
    }

    /// The output folder.
    #[must_use]
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = dir.into();
        self
    }

    /// The generated package's name (default: the first document's file name, with
    /// `-endpoints` replaced by `-client`).
    #[must_use]
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The generated package's version (default [`crate::defaults::VERSION`]).
    #[must_use]
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.explicit.insert("version");
        self.version = version.into();
        self
    }

    /// The generated package's license, an SPDX expression. There is no default: without
    /// one the package is marked `publish = false` and the OpenAPI document has no
    /// `info.license`.
    #[must_use]
    pub fn license(mut self, license: impl Into<String>) -> Self {
        self.explicit.insert("license");
        self.license = Some(license.into());
        self
    }

    /// The OpenAPI version of the document (default 3.1.0).
    #[must_use]
    pub fn openapi_version(mut self, version: emit::openapi::Version) -> Self {
        self.openapi.version = version;
        self
    }

    /// The OpenAPI document's format (default JSON); the file in the output folder is
    /// `openapi.json` or `openapi.yaml`.
    #[must_use]
    pub fn openapi_format(mut self, format: emit::openapi::Format) -> Self {
        self.openapi.format = format;
        self
    }

    /// The OpenAPI `info.description` (default: the document's preamble).
    #[must_use]
    pub fn openapi_description(mut self, description: impl Into<String>) -> Self {
        self.openapi.description = Some(description.into());
        self
    }

    /// The OpenAPI `info.contact` (no default: left out unless set).
    #[must_use]
    pub fn openapi_contact(
        mut self,
        name: Option<String>,
        email: Option<String>,
        url: Option<String>,
    ) -> Self {
        self.explicit.insert("contact");
        self.openapi.contact = emit::openapi::Contact { name, email, url };
        self
    }

    /// The OpenAPI `info.license` (default: the package's license, with its SPDX page).
    #[must_use]
    pub fn openapi_license(mut self, name: impl Into<String>, url: Option<String>) -> Self {
        self.explicit.insert("license_url");
        self.openapi.license_name = Some(name.into());
        self.openapi.license_url = url;
        self
    }

    /// The OpenAPI `info.license.url` alone; the name stays the package's license.
    #[must_use]
    pub fn openapi_license_url(mut self, url: impl Into<String>) -> Self {
        self.explicit.insert("license_url");
        self.openapi.license_url = Some(url.into());
        self
    }

    /// The OpenAPI server's description alone (used once [`Config::openapi_server`] or
    /// `sdkgen.toml` sets the URL).
    #[must_use]
    pub fn openapi_server_description(mut self, description: impl Into<String>) -> Self {
        self.explicit.insert("server_description");
        self.openapi.server_description = Some(description.into());
        self
    }

    /// The OpenAPI server (no default: `servers` is left out unless set).
    #[must_use]
    pub fn openapi_server(mut self, url: impl Into<String>, description: Option<String>) -> Self {
        self.explicit.insert("server_url");
        self.explicit.insert("server_description");
        self.openapi.server_url = Some(url.into());
        self.openapi.server_description = description;
        self
    }

    /// Whether the headers a proxy or the HTTP stack sets (`CF-Connecting-IP`, `Cf-Ray`,
    /// `X-Forwarded-Proto`, `User-Agent`) are in the published contract: header parameters in
    /// OpenAPI and rows of the pages' header tables (default: left out, and listed as such;
    /// `[openapi] transport_headers` in `sdkgen.toml`). The Rust client is the same either way.
    #[must_use]
    pub fn transport_headers(mut self, include: bool) -> Self {
        self.explicit.insert("transport_headers");
        self.openapi.transport_headers = include;
        self
    }

    /// The OpenAPI options this configuration renders with.
    pub fn openapi_options(&self) -> emit::openapi::OpenApiOptions {
        let mut options = self.openapi.clone();
        options
            .api_version
            .get_or_insert_with(|| self.version.clone());
        if options.license_name.is_none() {
            options.license_name.clone_from(&self.license);
        }
        options
    }

    /// What the OpenAPI document and the package leave out because nobody set it (license,
    /// contact, server), after `sdkgen.toml`'s settings: what a publisher should set, and how.
    pub fn unset_metadata(&self) -> Result<Vec<emit::openapi::UnsetMetadata>, Error> {
        Ok(self.settled()?.openapi_options().unset_metadata())
    }

    /// Reads, infers and renders only the OpenAPI document; returns its text and the
    /// warnings from reading and inference.
    pub fn render_openapi(&self) -> Result<(String, Vec<Diagnostic>), Error> {
        let (_, parsed, inferred, config) = self.read()?;
        let text = emit::openapi::render(&parsed, &inferred, &config.openapi_options())
            .map_err(Error::Emit)?;
        let warnings = warnings_of(&parsed, &inferred);
        Ok((text, warnings))
    }

    /// Reads, infers and renders only the Markdown reference pages (by file name, without the
    /// `docs/` prefix); returns them and the warnings from reading and inference.
    pub fn render_markdown(&self) -> Result<(Files, Vec<Diagnostic>), Error> {
        let (documents, parsed, inferred, config) = self.read()?;
        let options = emit::markdown::MarkdownOptions {
            crate_name: config.package_name(&documents)?,
            transport_headers: config.openapi.transport_headers,
        };
        let pages = emit::markdown::render(&parsed, &inferred, &options).map_err(Error::Emit)?;
        let warnings = warnings_of(&parsed, &inferred);
        Ok((pages, warnings))
    }

    /// Reads and parses the documents and `sdkgen.toml`, and infers the model: the start of
    /// every render. Returns this configuration with `sdkgen.toml`'s settings filled in.
    fn read(&self) -> Result<(Vec<parse::Document>, Parsed, Inferred, Config), Error> {
        let documents = parse::read_documents(&self.inputs)?;
        let path = self.overrides_path();
        let (parsed, inferred, overrides) = Overrides::load(&documents, path.as_deref())?;
        if self.strict {
            parse::refuse_recovered(&parsed)?;
        }
        let config = match &overrides {
            Some(overrides) => self.with_settings(overrides),
            None => self.clone(),
        };
        Ok((documents, parsed, inferred, config))
    }

    /// Reads the documents and `sdkgen.toml` and infers the model, as every render does.
    pub fn load(&self) -> Result<(Parsed, Inferred), Error> {
        let (_, parsed, inferred, _) = self.read()?;
        Ok((parsed, inferred))
    }

    /// Every file a run reads: the documents, `sdkgen.toml` and the sample files it names
    /// (what `build.rs` reruns on).
    pub fn read_files(&self) -> Vec<PathBuf> {
        let mut files = self.inputs.clone();
        if let Some(path) = self.overrides_path() {
            if let Ok(overrides) = Overrides::read(&path) {
                files.extend(overrides.sample_files());
            }
            files.push(path);
        }
        files
    }

    /// The input paths.
    pub fn inputs(&self) -> &[PathBuf] {
        &self.inputs
    }

    fn package_name(&self, documents: &[parse::Document]) -> Result<String, Error> {
        self.package_name_from(documents.first().map(|d| d.path.as_str()))
    }

    /// The generated package's name for documents read into `parsed`: the one set here or in
    /// `sdkgen.toml`, else derived from the first document's file name.
    pub fn package_name_for(&self, parsed: &Parsed) -> Result<String, Error> {
        self.settled()?
            .package_name_from(parsed.sources.first().map(|s| s.path.as_str()))
    }

    /// This configuration with `sdkgen.toml`'s `[package]` and `[openapi]` settings filled in,
    /// read without the documents (for what needs only the settings).
    fn settled(&self) -> Result<Config, Error> {
        Ok(match self.overrides_path() {
            Some(path) => self.with_settings(&Overrides::read(&path)?),
            None => self.clone(),
        })
    }

    fn package_name_from(&self, first_document: Option<&str>) -> Result<String, Error> {
        let name = match &self.crate_name {
            Some(name) => name.clone(),
            None => {
                let stem = first_document
                    .and_then(|d| {
                        Path::new(d)
                            .file_stem()
                            .map(|s| s.to_string_lossy().into_owned())
                    })
                    .unwrap_or_else(|| "api".to_owned());
                let stem = stem.strip_suffix("-endpoints").unwrap_or(&stem).to_owned();
                format!("{}-client", crate::naming::kebab(&stem))
            }
        };
        let valid = !name.is_empty()
            && name.starts_with(|c: char| c.is_ascii_alphabetic())
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if valid {
            Ok(name)
        } else {
            Err(Error::Config(format!(
                "`{name}` is not a valid package name (letters, digits, `-` and `_`, starting with a letter)"
            )))
        }
    }

    /// The Rust emitter's options for these documents.
    fn rust_options(
        &self,
        documents: &[parse::Document],
    ) -> Result<emit::rust::RustOptions, Error> {
        Ok(emit::rust::RustOptions {
            crate_name: self.package_name(documents)?,
            version: self.version.clone(),
            license: self.license.clone(),
        })
    }

    /// Reads and infers what the Rust client is made from: the parsed documents, the model and
    /// the emitter's options.
    pub(crate) fn read_client(&self) -> Result<(Parsed, Inferred, emit::rust::RustOptions), Error> {
        let (documents, parsed, inferred, config) = self.read()?;
        let options = config.rust_options(&documents)?;
        Ok((parsed, inferred, options))
    }

    /// Reads, infers and emits, in memory.
    pub fn render(&self) -> Result<Rendered, Error> {
        let (documents, parsed, inferred, config) = self.read()?;
        let options = config.rust_options(&documents)?;
        let openapi = config.openapi_options();
        let markdown = emit::markdown::MarkdownOptions {
            crate_name: options.crate_name.clone(),
            transport_headers: openapi.transport_headers,
        };
        let outputs = self.outputs;
        // The three emitters read the same model and share nothing: run them side by side.
        let (client, openapi_file, pages) = std::thread::scope(|scope| {
            let openapi_job = scope.spawn(|| {
                outputs
                    .openapi
                    .then(|| emit::openapi::render(&parsed, &inferred, &openapi))
                    .transpose()
            });
            let markdown_job = scope.spawn(|| {
                outputs
                    .markdown
                    .then(|| emit::markdown::render(&parsed, &inferred, &markdown))
                    .transpose()
            });
            let client = outputs
                .client
                .then(|| emit::rust::render(&parsed, &inferred, &options))
                .transpose();
            (client, openapi_job.join(), markdown_job.join())
        });
        let panicked = |_| Error::Emit("an emitter panicked".to_owned());
        let mut files = client.map_err(Error::Emit)?.unwrap_or_default();
        if let Some(text) = openapi_file.map_err(panicked)?.map_err(Error::Emit)? {
            files.insert(format!("openapi.{}", openapi.format.extension()), text);
        }
        for (page, text) in pages
            .map_err(panicked)?
            .map_err(Error::Emit)?
            .unwrap_or_default()
        {
            files.insert(format!("{MARKDOWN_DIR}/{page}"), text);
        }
        let warnings = warnings_of(&parsed, &inferred);
        Ok(Rendered {
            files,
            warnings,
            parsed,
            inferred,
        })
    }

    /// Renders and writes (see [`crate::write`](mod@crate::write)): only changed files, all renamed into place
    /// after every one is ready; removes files sdkgen owned and no longer produces; stops
    /// before writing anything when a file it did not write is in the way (unless
    /// [`Config::force`]). On any error nothing is written.
    pub fn write(&self) -> Result<(Outcome, Rendered), Error> {
        let rendered = self.render()?;
        let options = WriteOptions { force: self.force };
        let outcome = crate::write::write_files(&self.out_dir, &rendered.files, options)?;
        Ok((outcome, rendered))
    }

    /// Renders and compares with the output folder; writes nothing.
    pub fn check(&self) -> Result<(Staleness, Rendered), Error> {
        let rendered = self.render()?;
        let staleness = crate::write::compare(&self.out_dir, &rendered.files)?;
        Ok((staleness, rendered))
    }
}

/// Warnings from reading and from inference, in that order.
fn warnings_of(parsed: &Parsed, inferred: &Inferred) -> Vec<Diagnostic> {
    let mut warnings = parsed.warnings.clone();
    warnings.extend(inferred.warnings.iter().cloned());
    warnings
}
