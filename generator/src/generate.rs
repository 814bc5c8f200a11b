//! The whole job: read documents, infer, emit, and write the files — only those whose content
//! changed, each atomically, and nothing at all when anything fails. A manifest in the output
//! folder lists the files sdkgen owns, so files it no longer produces are removed while files
//! it did not write are never touched.

use std::collections::BTreeSet;
use std::fmt;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Report};
use crate::emit::{self, Files};
use crate::infer::{self, Inferred};
use crate::parse::{self, Parsed};

/// The manifest of owned files, relative to the output folder.
pub const MANIFEST: &str = ".sdkgen-manifest";

/// The folder of the output where the Markdown reference pages go.
pub const MARKDOWN_DIR: &str = "docs";

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

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.to_path_buf(),
        source,
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
    license: String,
    openapi: emit::openapi::OpenApiOptions,
    outputs: Outputs,
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

/// What [`Config::write`] did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Files created or changed.
    pub written: Vec<String>,
    /// Files left as they were (their content was already right).
    pub unchanged: Vec<String>,
    /// Files sdkgen owned before and no longer produces, now removed.
    pub removed: Vec<String>,
}

/// How the output folder differs from a fresh generation.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Staleness {
    /// Files whose content differs, with a short diff each.
    pub stale: Vec<(String, String)>,
    /// Files that should exist and do not.
    pub missing: Vec<String>,
    /// Files sdkgen owns that it would no longer produce.
    pub extra: Vec<String>,
}

impl Staleness {
    /// Is everything fresh?
    pub fn is_fresh(&self) -> bool {
        self.stale.is_empty() && self.missing.is_empty() && self.extra.is_empty()
    }
}

impl Config {
    /// A configuration reading these documents (files, or folders of documents) into the
    /// default output folder `generated-client`.
    pub fn new<P: Into<PathBuf>>(inputs: impl IntoIterator<Item = P>) -> Self {
        Config {
            inputs: inputs.into_iter().map(Into::into).collect(),
            out_dir: PathBuf::from("generated-client"),
            crate_name: None,
            version: "0.1.0".to_owned(),
            license: "MIT OR Apache-2.0".to_owned(),
            openapi: emit::openapi::OpenApiOptions::default(),
            outputs: Outputs::default(),
        }
    }

    /// Which outputs to produce (default: all three).
    #[must_use]
    pub fn outputs(mut self, outputs: Outputs) -> Self {
        self.outputs = outputs;
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

    /// The generated package's version (default `0.1.0`).
    #[must_use]
    pub fn version(mut self, version: impl Into<String>) -> Self {
        self.version = version.into();
        self
    }

    /// The generated package's license, an SPDX expression (default `MIT OR Apache-2.0`).
    #[must_use]
    pub fn license(mut self, license: impl Into<String>) -> Self {
        self.license = license.into();
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

    /// The OpenAPI `info.contact` (default: the name `API maintainers`).
    #[must_use]
    pub fn openapi_contact(
        mut self,
        name: impl Into<String>,
        email: Option<String>,
        url: Option<String>,
    ) -> Self {
        self.openapi.contact = emit::openapi::Contact {
            name: name.into(),
            email,
            url,
        };
        self
    }

    /// The OpenAPI `info.license` (default: the package's license, with its SPDX page).
    #[must_use]
    pub fn openapi_license(mut self, name: impl Into<String>, url: Option<String>) -> Self {
        self.openapi.license_name = Some(name.into());
        self.openapi.license_url = url;
        self
    }

    /// The OpenAPI server (default: the placeholder
    /// [`emit::openapi::DEFAULT_SERVER_URL`], described as one).
    #[must_use]
    pub fn openapi_server(mut self, url: impl Into<String>, description: Option<String>) -> Self {
        self.openapi.server_url = url.into();
        self.openapi.server_description = description;
        self
    }

    /// The OpenAPI options this configuration renders with.
    pub fn openapi_options(&self) -> emit::openapi::OpenApiOptions {
        let mut options = self.openapi.clone();
        options
            .api_version
            .get_or_insert_with(|| self.version.clone());
        options
            .license_name
            .get_or_insert_with(|| self.license.clone());
        options
    }

    /// Reads, infers and renders only the OpenAPI document; returns its text and the
    /// warnings from reading and inference.
    pub fn render_openapi(&self) -> Result<(String, Vec<Diagnostic>), Error> {
        let (_, parsed, inferred) = self.read()?;
        let text = emit::openapi::render(&parsed, &inferred, &self.openapi_options())
            .map_err(Error::Emit)?;
        let warnings = warnings_of(&parsed, &inferred);
        Ok((text, warnings))
    }

    /// Reads, infers and renders only the Markdown reference pages (by file name, without the
    /// [`MARKDOWN_DIR`] prefix); returns them and the warnings from reading and inference.
    pub fn render_markdown(&self) -> Result<(Files, Vec<Diagnostic>), Error> {
        let (documents, parsed, inferred) = self.read()?;
        let options = emit::markdown::MarkdownOptions {
            crate_name: self.package_name(&documents)?,
        };
        let pages = emit::markdown::render(&parsed, &inferred, &options).map_err(Error::Emit)?;
        let warnings = warnings_of(&parsed, &inferred);
        Ok((pages, warnings))
    }

    /// Reads and parses the documents and infers the model: the start of every render.
    fn read(&self) -> Result<(Vec<parse::Document>, Parsed, Inferred), Error> {
        let documents = parse::read_documents(&self.inputs)?;
        let parsed = parse::parse_documents(&documents)?;
        let inferred = infer::infer(&parsed);
        Ok((documents, parsed, inferred))
    }

    /// The input paths.
    pub fn inputs(&self) -> &[PathBuf] {
        &self.inputs
    }

    fn package_name(&self, documents: &[parse::Document]) -> Result<String, Error> {
        let name = match &self.crate_name {
            Some(name) => name.clone(),
            None => {
                let stem = documents
                    .first()
                    .and_then(|d| {
                        Path::new(&d.path)
                            .file_stem()
                            .map(|s| s.to_string_lossy().into_owned())
                    })
                    .unwrap_or_else(|| "api".to_owned());
                let stem = stem.strip_suffix("-endpoints").unwrap_or(&stem).to_owned();
                format!("{}-client", heck::ToKebabCase::to_kebab_case(stem.as_str()))
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

    /// Reads, infers and emits, in memory.
    pub fn render(&self) -> Result<Rendered, Error> {
        let (documents, parsed, inferred) = self.read()?;
        let options = emit::rust::RustOptions {
            crate_name: self.package_name(&documents)?,
            version: self.version.clone(),
            license: self.license.clone(),
        };
        let openapi = self.openapi_options();
        let markdown = emit::markdown::MarkdownOptions {
            crate_name: options.crate_name.clone(),
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

    /// Renders and writes: only changed files, each atomically; removes files sdkgen owned and
    /// no longer produces. On any error nothing is written.
    pub fn write(&self) -> Result<(Outcome, Rendered), Error> {
        let rendered = self.render()?;
        let outcome = write_files(&self.out_dir, &rendered.files)?;
        Ok((outcome, rendered))
    }

    /// Renders and compares with the output folder; writes nothing.
    pub fn check(&self) -> Result<(Staleness, Rendered), Error> {
        let rendered = self.render()?;
        let staleness = compare(&self.out_dir, &rendered.files)?;
        Ok((staleness, rendered))
    }
}

/// Warnings from reading and from inference, in that order.
fn warnings_of(parsed: &Parsed, inferred: &Inferred) -> Vec<Diagnostic> {
    let mut warnings = parsed.warnings.clone();
    warnings.extend(inferred.warnings.iter().cloned());
    warnings
}

fn manifest_entries(out_dir: &Path) -> Result<BTreeSet<String>, Error> {
    let path = out_dir.join(MANIFEST);
    match std::fs::read_to_string(&path) {
        Ok(text) => Ok(text
            .lines()
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_owned)
            .collect()),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(BTreeSet::new()),
        Err(error) => Err(io(&path)(error)),
    }
}

fn manifest_text(files: &Files) -> String {
    let mut text = format!(
        "# {}\n# Files sdkgen owns in this folder; others are never touched.\n",
        emit::GENERATED_HEADER
    );
    for path in files.keys() {
        text.push_str(path);
        text.push('\n');
    }
    text
}

/// Writes `contents` to `path` through a temporary file and a rename, so a reader never sees
/// half a file; does nothing when the content is already right.
fn write_atomically(path: &Path, contents: &str) -> Result<bool, Error> {
    if std::fs::read(path).ok().as_deref() == Some(contents.as_bytes()) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(io(parent))?;
    }
    let file_name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = path.with_file_name(format!(".{file_name}.sdkgen-tmp"));
    std::fs::write(&temporary, contents).map_err(io(&temporary))?;
    std::fs::rename(&temporary, path).map_err(|source| {
        let _ = std::fs::remove_file(&temporary);
        Error::Io {
            path: path.to_path_buf(),
            source,
        }
    })?;
    Ok(true)
}

/// Writes rendered files into `out_dir` (see [`Config::write`]).
pub fn write_files(out_dir: &Path, files: &Files) -> Result<Outcome, Error> {
    let owned_before = manifest_entries(out_dir)?;
    let mut outcome = Outcome::default();
    // Large APIs produce thousands of files: write them from as many threads as there are cores.
    let entries: Vec<(&String, &String)> = files.iter().collect();
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = entries.len().div_ceil(threads).max(1);
    let results: Vec<Result<Vec<(String, bool)>, Error>> = std::thread::scope(|scope| {
        let jobs: Vec<_> = entries
            .chunks(chunk)
            .map(|part| {
                scope.spawn(move || {
                    part.iter()
                        .map(|(relative, contents)| {
                            write_atomically(&out_dir.join(relative), contents)
                                .map(|written| ((*relative).clone(), written))
                        })
                        .collect()
                })
            })
            .collect();
        jobs.into_iter()
            .map(|job| {
                job.join()
                    .unwrap_or_else(|_| Err(Error::Emit("a writer thread panicked".to_owned())))
            })
            .collect()
    });
    for result in results {
        for (relative, written) in result? {
            if written {
                outcome.written.push(relative);
            } else {
                outcome.unchanged.push(relative);
            }
        }
    }
    for relative in owned_before.iter().filter(|p| !files.contains_key(*p)) {
        let path = out_dir.join(relative);
        match std::fs::remove_file(&path) {
            Ok(()) => outcome.removed.push(relative.clone()),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(io(&path)(error)),
        }
    }
    write_atomically(&out_dir.join(MANIFEST), &manifest_text(files))?;
    Ok(outcome)
}

fn short_diff(old: &str, new: &str) -> String {
    let old_lines: Vec<&str> = old.lines().collect();
    let new_lines: Vec<&str> = new.lines().collect();
    let first = old_lines
        .iter()
        .zip(&new_lines)
        .position(|(a, b)| a != b)
        .unwrap_or(old_lines.len().min(new_lines.len()));
    let mut diff = format!("first difference at line {}:\n", first + 1);
    for line in old_lines.iter().skip(first).take(3) {
        diff.push_str(&format!("-{line}\n"));
    }
    for line in new_lines.iter().skip(first).take(3) {
        diff.push_str(&format!("+{line}\n"));
    }
    diff
}

/// Compares rendered files with `out_dir` (see [`Config::check`]).
pub fn compare(out_dir: &Path, files: &Files) -> Result<Staleness, Error> {
    let mut staleness = Staleness::default();
    let mut expected = files.clone();
    expected.insert(MANIFEST.to_owned(), manifest_text(files));
    for (relative, contents) in &expected {
        let path = out_dir.join(relative);
        match std::fs::read_to_string(&path) {
            Ok(actual) if actual == *contents => {}
            Ok(actual) => staleness
                .stale
                .push((relative.clone(), short_diff(&actual, contents))),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                staleness.missing.push(relative.clone())
            }
            Err(error) => return Err(io(&path)(error)),
        }
    }
    for relative in manifest_entries(out_dir)? {
        if !expected.contains_key(&relative) && out_dir.join(&relative).exists() {
            staleness.extra.push(relative);
        }
    }
    Ok(staleness)
}
