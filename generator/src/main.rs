//! The `sdkgen` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

#[macro_use]
mod output;

// sdkgen allocates many small strings and token trees; mimalloc keeps that fast (measured in
// BENCHMARKS.md). Only the binary uses it: the library leaves the allocator to its users.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Generate a typed Rust client, an OpenAPI document and Markdown reference pages from
/// endpoint documents.
#[derive(Debug, Parser)]
#[command(name = "sdkgen", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Generate the client crate (with its tests and example) from endpoint documents.
    Generate(GenerateArgs),
    /// Read endpoint documents and print what sdkgen understood: endpoints, groups, samples
    /// and warnings.
    Inspect(InspectArgs),
    /// Write the OpenAPI document alone (to standard output unless `-o` is given).
    Openapi(OpenapiArgs),
    /// Write the Markdown reference pages alone: an index page, one page per group and a types
    /// page. The pages are endpoint documents themselves (`sdkgen inspect` reads them back into
    /// the same endpoints), so this also turns a flattened text document into Markdown.
    Markdown(MarkdownArgs),
    /// Compare two versions of the documents: every change with its check id, wire severity
    /// and effect on the generated crate, and the crate's suggested next version.
    Diff(DiffArgs),
    /// Write a commented `sdkgen.toml` beside the documents that lists what they cannot
    /// show: endpoints without success evidence, shapeless request bodies, guessed fields.
    Init(InitArgs),
    /// Serve the documents as a mock server: every endpoint answers with its documented
    /// samples, after checking the documented headers, the token and the request body.
    /// `Prefer: code=404` or `Prefer: example=NAME` picks another documented sample (`--list`
    /// prints the names). Stops on Ctrl-C.
    #[cfg(feature = "server")]
    Mock(MockArgs),
    /// Replay the documented requests against a running service and compare each answer with
    /// the document: status, envelope outcome and body, reported with `sdkgen diff`'s check
    /// ids. Only requests that change nothing (GET, or `safe = true` in sdkgen.toml) unless
    /// `--allow-writes`.
    #[cfg(feature = "server")]
    Verify(VerifyArgs),
}

#[cfg(feature = "server")]
#[derive(Debug, clap::Args)]
struct VerifyArgs {
    /// Documents to read (text or Markdown); a folder stands for every document in it.
    #[arg(value_name = "FILE", default_value = sdkgen::defaults::INPUT_DIR)]
    inputs: Vec<PathBuf>,
    /// The running service, such as `https://staging.example.com`.
    #[arg(long, value_name = "URL")]
    base_url: String,
    /// Also send requests that may change state (POST, PUT, PATCH, DELETE): use a disposable
    /// test account.
    #[arg(long)]
    allow_writes: bool,
    /// A path parameter's value, as `name=value` (repeatable; wins over `[verify.params]`).
    #[arg(long = "param", value_name = "NAME=VALUE")]
    params: Vec<String>,
    /// A header to send, as `Name: value` (repeatable), such as the access code.
    #[arg(long = "header", short = 'H', value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// The bearer token to send where the document needs one.
    #[arg(
        long,
        value_name = "TOKEN",
        env = "SDKGEN_VERIFY_TOKEN",
        hide_env_values = true
    )]
    token: Option<String>,
    /// How to print the report.
    #[arg(long, value_enum, default_value = "text")]
    format: VerifyFormat,
    /// Exit with status 1 when a finding at or above this wire severity is found.
    #[arg(long, value_enum, value_name = "SEVERITY", default_value = "breaking")]
    fail_on: FailOn,
    /// Write each observed body to DIR as `<operationId>.json`, for `success_sample` in
    /// sdkgen.toml.
    #[arg(long, value_name = "DIR")]
    record: Option<PathBuf>,
    /// Seconds each request may take.
    #[arg(long, value_name = "SECONDS", default_value_t = 30)]
    timeout: u64,
    /// The `sdkgen.toml` to apply (default: the one in the documents' folder, if any).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[cfg(feature = "server")]
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum VerifyFormat {
    /// For people.
    Text,
    /// For tools (`sdkgen-verify/1`).
    Json,
    /// JUnit XML, for CI test reports.
    Junit,
    /// For a pull request comment.
    Markdown,
}

#[cfg(feature = "server")]
#[derive(Debug, clap::Args)]
struct MockArgs {
    /// Documents to read (text or Markdown); a folder stands for every document in it.
    #[arg(value_name = "FILE", default_value = sdkgen::defaults::INPUT_DIR)]
    inputs: Vec<PathBuf>,
    /// The port to listen on; 0 picks a free one (printed on standard output).
    #[arg(long, default_value_t = 4010)]
    port: u16,
    /// The address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Print every endpoint with the names of its samples (for `Prefer: example=NAME`), and
    /// exit.
    #[arg(long)]
    list: bool,
    /// Do not log one line per request on standard error.
    #[arg(long, short)]
    quiet: bool,
    /// The `sdkgen.toml` to apply (default: the one in the documents' folder, if any); its
    /// `success_sample`s are served too.
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct InitArgs {
    /// Documents to read (text or Markdown); a folder stands for every document in it.
    #[arg(value_name = "FILE", default_value = sdkgen::defaults::INPUT_DIR)]
    inputs: Vec<PathBuf>,
    /// Where to write it (default: `sdkgen.toml` in the documents' folder); `-` for standard
    /// output. An existing file is never overwritten.
    #[arg(long, short, value_name = "FILE")]
    out: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct MarkdownArgs {
    /// Fail on what sdkgen reads past in a document: JSON comments, trailing commas and
    /// `...`, a sample it cannot read, a status or role guessed from a sample's position.
    #[arg(long)]
    strict: bool,
    /// Documents to read (text or Markdown); a folder stands for every document in it. All
    /// files given together form one API.
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<PathBuf>,
    /// The folder to write the pages to; pages sdkgen wrote there before and no longer
    /// writes are removed, other files are left alone.
    #[arg(long, short, value_name = "DIR")]
    out: PathBuf,
    /// The Rust client's package name, for the examples (default: from the first document's
    /// file name).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// Do not print warnings.
    #[arg(long, short)]
    quiet: bool,
    /// Overwrite files in DIR that sdkgen did not write (see `sdkgen generate --force`).
    #[arg(long)]
    force: bool,
    /// The `sdkgen.toml` to apply (default: the one in the documents' folder, if any).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// List the headers a proxy or the HTTP stack sets (`CF-Connecting-IP`, `User-Agent`) in
    /// the endpoints' header tables, as `sdkgen openapi --transport-headers` puts them in the
    /// OpenAPI document (default: `[openapi] transport_headers` in sdkgen.toml, else left out).
    #[arg(long)]
    transport_headers: bool,
}

#[derive(Debug, clap::Args)]
struct DiffArgs {
    /// The old documents: a file, or a folder of documents.
    #[arg(value_name = "OLD")]
    old: PathBuf,
    /// The new documents: a file, or a folder of documents.
    #[arg(value_name = "NEW")]
    new: PathBuf,
    /// How to print the report (JSON shape: see the README).
    #[arg(long, value_enum, default_value = "text")]
    format: DiffFormat,
    /// Exit with status 1 when a change at or above this wire severity is found.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    fail_on: Option<FailOn>,
    /// The generated crate's current version, from which the next one is suggested.
    #[arg(long, value_name = "X.Y.Z", default_value = sdkgen::defaults::VERSION)]
    current_version: String,
    /// OLD's `sdkgen.toml` (default: the one in OLD's folder, if any).
    #[arg(long, value_name = "FILE")]
    old_config: Option<PathBuf>,
    /// NEW's `sdkgen.toml` (default: the one in NEW's folder, if any).
    #[arg(long, value_name = "FILE")]
    new_config: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum DiffFormat {
    /// For people.
    Text,
    /// For tools.
    Json,
    /// For a CHANGELOG or a pull request comment.
    Markdown,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FailOn {
    /// Breaking changes.
    Breaking,
    /// Breaking and possibly breaking changes.
    PossiblyBreaking,
}

/// The OpenAPI document's settings, shared by `generate` and `openapi`.
#[derive(Debug, clap::Args)]
struct OpenApiSettings {
    /// The OpenAPI version: 3.1 (3.1.0) or 3.0 (3.0.3).
    #[arg(long, value_name = "VERSION", default_value = "3.1")]
    openapi_version: sdkgen::emit::openapi::Version,
    /// `info.description` (default: the document's preamble).
    #[arg(long, value_name = "TEXT")]
    description: Option<String>,
    /// `info.contact.name` (default: `[openapi] contact_name` in sdkgen.toml; no contact is
    /// invented).
    #[arg(long, value_name = "NAME")]
    contact_name: Option<String>,
    /// `info.contact.email`.
    #[arg(long, value_name = "EMAIL")]
    contact_email: Option<String>,
    /// `info.contact.url`.
    #[arg(long, value_name = "URL")]
    contact_url: Option<String>,
    /// `info.license.name` (default: the package license; without one there is no
    /// `info.license`).
    #[arg(long, value_name = "NAME")]
    license_name: Option<String>,
    /// `info.license.url` (default: the license's SPDX page).
    #[arg(long, value_name = "URL")]
    license_url: Option<String>,
    /// The server's base URL (default: `[openapi] server_url` in sdkgen.toml; without one
    /// there is no `servers`).
    #[arg(long, value_name = "URL")]
    server_url: Option<String>,
    /// The server's description.
    #[arg(long, value_name = "TEXT")]
    server_description: Option<String>,
    /// Put the headers a proxy or the HTTP stack sets (`CF-Connecting-IP`, `X-Forwarded-Proto`,
    /// `User-Agent`) in the published contract as header parameters (default: `[openapi]
    /// transport_headers` in sdkgen.toml, else left out).
    #[arg(long)]
    transport_headers: bool,
}

impl OpenApiSettings {
    fn apply(&self, mut config: sdkgen::Config) -> sdkgen::Config {
        config = config.openapi_version(self.openapi_version);
        if self.contact_name.is_some() || self.contact_email.is_some() || self.contact_url.is_some()
        {
            config = config.openapi_contact(
                self.contact_name.clone(),
                self.contact_email.clone(),
                self.contact_url.clone(),
            );
        }
        if let Some(description) = &self.description {
            config = config.openapi_description(description);
        }
        if let Some(name) = &self.license_name {
            config = config.openapi_license(name, self.license_url.clone());
        } else if let Some(url) = &self.license_url {
            config = config.openapi_license_url(url);
        }
        if let Some(url) = &self.server_url {
            config = config.openapi_server(url, self.server_description.clone());
        } else if let Some(description) = &self.server_description {
            config = config.openapi_server_description(description);
        }
        if self.transport_headers {
            config = config.transport_headers(true);
        }
        config
    }
}

#[derive(Debug, clap::Args)]
struct OpenapiArgs {
    /// Fail on what sdkgen reads past in a document: JSON comments, trailing commas and
    /// `...`, a sample it cannot read, a status or role guessed from a sample's position.
    #[arg(long)]
    strict: bool,
    /// Documents to read (text or Markdown); a folder stands for every document in it. All
    /// files given together form one API.
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<PathBuf>,
    /// Where to write the document (default: standard output).
    #[arg(long, short, value_name = "OUT")]
    out: Option<PathBuf>,
    /// JSON or YAML.
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    format: sdkgen::emit::openapi::Format,
    /// `info.version`: the API description's version (default: `[package] version` in
    /// sdkgen.toml, else 0.1.0).
    #[arg(long, value_name = "X.Y.Z")]
    api_version: Option<String>,
    /// The `sdkgen.toml` to apply (default: the one in the documents' folder, if any).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(flatten)]
    settings: OpenApiSettings,
    /// Do not print warnings.
    #[arg(long, short)]
    quiet: bool,
}

#[derive(Debug, clap::Args)]
struct InspectArgs {
    /// Fail on what sdkgen reads past in a document: JSON comments, trailing commas and
    /// `...`, a sample it cannot read, a status or role guessed from a sample's position.
    #[arg(long)]
    strict: bool,
    /// Documents to read (text or Markdown); a folder stands for every document in it. All
    /// files given together form one API.
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<PathBuf>,
    /// Print the IR as JSON instead of the summary.
    #[arg(long)]
    ir: bool,
    /// The `sdkgen.toml` to apply (default: the one in the documents' folder, if any).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
}

#[derive(Debug, clap::Args)]
struct GenerateArgs {
    /// Fail on what sdkgen reads past in a document: JSON comments, trailing commas and
    /// `...`, a sample it cannot read, a status or role guessed from a sample's position.
    #[arg(long)]
    strict: bool,
    /// Documents to read (text or Markdown); a folder stands for every document in it.
    #[arg(value_name = "FILE", default_value = sdkgen::defaults::INPUT_DIR)]
    inputs: Vec<PathBuf>,
    /// The output folder.
    #[arg(long, short, value_name = "DIR", default_value = sdkgen::defaults::OUT_DIR)]
    out: PathBuf,
    /// Write nothing; exit 1 listing every file that is stale, missing or extra, and what a
    /// killed run left behind.
    #[arg(long)]
    check: bool,
    /// Overwrite files at the paths sdkgen writes even if it did not write them (they are not
    /// in the folder's `.sdkgen-manifest`), and own them from then on. Without it such files
    /// stop the run before anything is written.
    #[arg(long)]
    force: bool,
    /// The generated package's name (default: from the first document's file name).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// The generated package's version (default: `[package] version` in sdkgen.toml, else
    /// 0.1.0).
    #[arg(long = "version", value_name = "X.Y.Z")]
    crate_version: Option<String>,
    /// The generated package's license, an SPDX expression (default: `[package] license` in
    /// sdkgen.toml; without one the package is `publish = false`).
    #[arg(long, value_name = "SPDX")]
    license: Option<String>,
    /// The `sdkgen.toml` to apply (default: the one in the documents' folder, if any).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// The OpenAPI document's format in the output folder: `openapi.json` or `openapi.yaml`.
    #[arg(long, value_name = "FORMAT", default_value = "json")]
    openapi_format: sdkgen::emit::openapi::Format,
    #[command(flatten)]
    openapi: OpenApiSettings,
    /// Do not print warnings.
    #[arg(long, short)]
    quiet: bool,
    /// Do not write the OpenAPI document.
    #[arg(long)]
    no_openapi: bool,
    /// Do not write the Markdown reference pages.
    #[arg(long)]
    no_docs: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Generate(args) => generate(&args),
        Command::Inspect(args) => inspect(&args),
        Command::Openapi(args) => openapi(&args),
        Command::Markdown(args) => markdown(&args),
        Command::Diff(args) => diff(&args),
        Command::Init(args) => init(&args),
        #[cfg(feature = "server")]
        Command::Mock(args) => mock(&args),
        #[cfg(feature = "server")]
        Command::Verify(args) => verify(&args),
    };
    if code == ExitCode::SUCCESS && output::stdout_failed() {
        return ExitCode::from(1);
    }
    code
}

fn diff(args: &DiffArgs) -> ExitCode {
    use sdkgen::diff::{Version, WireSeverity};
    let current: Version = match args.current_version.parse() {
        Ok(version) => version,
        Err(message) => {
            errln!("error: --current-version: {message}");
            return ExitCode::from(2);
        }
    };
    let (old, new) = (
        std::slice::from_ref(&args.old),
        std::slice::from_ref(&args.new),
    );
    let old_config = args
        .old_config
        .clone()
        .or_else(|| sdkgen::overrides::Overrides::discover(old));
    let new_config = args
        .new_config
        .clone()
        .or_else(|| sdkgen::overrides::Overrides::discover(new));
    let report =
        match sdkgen::diff::diff_paths_with(old, old_config.as_deref(), new, new_config.as_deref())
        {
            Ok(report) => report,
            Err(report) => {
                errln!("{report}");
                return ExitCode::from(2);
            }
        };
    match args.format {
        DiffFormat::Text => out!("{}", report.to_text(current)),
        DiffFormat::Markdown => out!("{}", report.to_markdown(current)),
        DiffFormat::Json => out!("{}", report.to_json(current)),
    }
    let threshold = args.fail_on.map(|f| match f {
        FailOn::Breaking => WireSeverity::Breaking,
        FailOn::PossiblyBreaking => WireSeverity::PossiblyBreaking,
    });
    match threshold {
        Some(threshold) if report.reaches(threshold) => {
            errln!("error: changes at or above `{threshold}` found (--fail-on {threshold})");
            ExitCode::from(1)
        }
        _ => ExitCode::SUCCESS,
    }
}

fn openapi(args: &OpenapiArgs) -> ExitCode {
    let mut config = args
        .settings
        .apply(sdkgen::Config::new(args.inputs.iter().cloned()).openapi_format(args.format))
        .strict(args.strict);
    if let Some(version) = &args.api_version {
        config = config.version(version);
    }
    if let Some(path) = &args.config {
        config = config.overrides_file(path);
    }
    match config.render_openapi() {
        Ok((text, warnings)) => {
            if !args.quiet {
                for warning in &warnings {
                    errln!("{}", warning.headline());
                }
                print_unset_metadata(&config);
            }
            match &args.out {
                None => {
                    out!("{text}");
                    ExitCode::SUCCESS
                }
                Some(path) => match sdkgen::write::write_file_if_changed(path, &text) {
                    Ok(written) => {
                        let what = if written { "written" } else { "unchanged" };
                        errln!("{}: {what}", path.display());
                        ExitCode::SUCCESS
                    }
                    Err(error) => fail(&error),
                },
            }
        }
        Err(error) => fail(&error),
    }
}

/// Notes on what the OpenAPI document and the package leave out because nobody set it: sdkgen
/// invents no license, contact or server, so a publisher learns here what to set.
fn print_unset_metadata(config: &sdkgen::Config) {
    let Ok(unset) = config.unset_metadata() else {
        return;
    };
    for item in unset {
        errln!(
            "note: `{}` is left out because nobody set it (sdkgen does not invent it); set it with {}",
            item.field,
            item.how
        );
    }
}

fn markdown(args: &MarkdownArgs) -> ExitCode {
    let mut config = sdkgen::Config::new(args.inputs.iter().cloned()).strict(args.strict);
    if let Some(name) = &args.crate_name {
        config = config.crate_name(name);
    }
    if let Some(path) = &args.config {
        config = config.overrides_file(path);
    }
    if args.transport_headers {
        config = config.transport_headers(true);
    }
    let options = sdkgen::write::WriteOptions { force: args.force };
    let result = config.render_markdown().and_then(|(pages, warnings)| {
        sdkgen::write::write_files(&args.out, &pages, options).map(|outcome| (outcome, warnings))
    });
    match result {
        Ok((outcome, warnings)) => {
            if !args.quiet {
                for warning in &warnings {
                    errln!("{}", warning.headline());
                }
            }
            report_outcome(&outcome);
            outln!(
                "{}: {} pages written, {} unchanged, {} removed",
                args.out.display(),
                outcome.written.len(),
                outcome.unchanged.len(),
                outcome.removed.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

fn generate(args: &GenerateArgs) -> ExitCode {
    let mut config = sdkgen::Config::new(args.inputs.iter().cloned())
        .strict(args.strict)
        .out_dir(&args.out)
        .force(args.force)
        .openapi_format(args.openapi_format)
        .outputs(sdkgen::Outputs {
            client: true,
            openapi: !args.no_openapi,
            markdown: !args.no_docs,
        });
    config = args.openapi.apply(config);
    if let Some(name) = &args.crate_name {
        config = config.crate_name(name);
    }
    if let Some(version) = &args.crate_version {
        config = config.version(version);
    }
    if let Some(license) = &args.license {
        config = config.license(license);
    }
    if let Some(path) = &args.config {
        config = config.overrides_file(path);
    }
    let print_warnings = |warnings: &[sdkgen::Diagnostic]| {
        if !args.quiet && !warnings.is_empty() {
            errln!(
                "{} warnings (the first line of each; `sdkgen inspect` shows them in full):",
                warnings.len()
            );
            for warning in warnings {
                errln!("  {}", warning.headline());
            }
        }
    };
    if args.check {
        let checked = config.check().inspect(|(staleness, _)| {
            for warning in &staleness.warnings {
                errln!("warning: {warning}");
            }
        });
        return match checked {
            Ok((staleness, _)) if staleness.is_fresh() => {
                outln!("{} is fresh", args.out.display());
                ExitCode::SUCCESS
            }
            Ok((staleness, _)) => {
                for (path, diff) in &staleness.stale {
                    outln!("stale:   {path}\n{diff}");
                }
                for path in &staleness.missing {
                    outln!("missing: {path}");
                }
                for path in &staleness.extra {
                    outln!("extra:   {path}");
                }
                for path in &staleness.interrupted {
                    outln!("left by a killed run: {path}");
                }
                outln!(
                    "{} is out of date: run `sdkgen generate` to refresh it",
                    args.out.display()
                );
                ExitCode::from(1)
            }
            Err(error) => fail(&error),
        };
    }
    match config.write() {
        Ok((outcome, rendered)) => {
            print_warnings(&rendered.warnings);
            if !args.quiet {
                print_unset_metadata(&config);
            }
            report_outcome(&outcome);
            outln!(
                "{}: {} files written, {} unchanged, {} removed",
                args.out.display(),
                outcome.written.len(),
                outcome.unchanged.len(),
                outcome.removed.len()
            );
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

/// Prints what a write recovered from a killed run and the warnings about the folder.
fn report_outcome(outcome: &sdkgen::Outcome) {
    for path in &outcome.recovered {
        errln!("removed {path}, left by a killed run");
    }
    for warning in &outcome.warnings {
        errln!("warning: {warning}");
    }
}

/// Every failure exits with status 2; status 1 means "stale" (`generate --check`) or "changes
/// found" (`diff --fail-on`).
fn fail(error: &sdkgen::Error) -> ExitCode {
    errln!("{error}");
    ExitCode::from(2)
}

fn inspect(args: &InspectArgs) -> ExitCode {
    let mut config = sdkgen::Config::new(args.inputs.iter().cloned()).strict(args.strict);
    if let Some(path) = &args.config {
        config = config.overrides_file(path);
    }
    match config.load() {
        Ok((parsed, inferred)) => {
            for warning in parsed.warnings.iter().chain(&inferred.warnings) {
                errln!("{warning}\n");
            }
            if args.ir {
                let ir = serde_json::json!({ "api": parsed.api, "model": inferred.model });
                match serde_json::to_string_pretty(&ir) {
                    Ok(json) => outln!("{json}"),
                    Err(error) => {
                        errln!("error: cannot serialize the IR: {error}");
                        return ExitCode::from(2);
                    }
                }
            } else {
                out!("{}", sdkgen::summary::render(&parsed, &inferred));
            }
            ExitCode::SUCCESS
        }
        Err(error) => fail(&error),
    }
}

#[cfg(feature = "server")]
fn mock(args: &MockArgs) -> ExitCode {
    let mut config = sdkgen::Config::new(args.inputs.iter().cloned());
    if let Some(path) = &args.config {
        config = config.overrides_file(path);
    }
    let (parsed, inferred) = match config.load() {
        Ok(loaded) => loaded,
        Err(error) => return fail(&error),
    };
    let mock = sdkgen::mock::Mock::new(&parsed, &inferred);
    if args.list {
        for route in mock.routes() {
            outln!("{}: {}", route.route, route.sample_names());
        }
        return ExitCode::SUCCESS;
    }
    let options = sdkgen::mock::server::ServeOptions {
        host: args.host.clone(),
        port: args.port,
        log: !args.quiet,
    };
    let endpoints = mock.routes().len();
    let served = sdkgen::mock::server::serve(mock, &options, |address| {
        outln!("sdkgen mock: {endpoints} endpoints on http://{address} (Ctrl-C stops)");
    });
    match served {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            errln!(
                "error: the mock cannot listen on {}:{}: {error}",
                args.host,
                args.port
            );
            ExitCode::from(2)
        }
    }
}

#[cfg(feature = "server")]
fn verify(args: &VerifyArgs) -> ExitCode {
    let mut config = sdkgen::Config::new(args.inputs.iter().cloned());
    if let Some(path) = &args.config {
        config = config.overrides_file(path);
    }
    let (parsed, inferred) = match config.load() {
        Ok(loaded) => loaded,
        Err(error) => return fail(&error),
    };
    let mut options = sdkgen::verify::VerifyOptions {
        base_url: args.base_url.clone(),
        allow_writes: args.allow_writes,
        token: args.token.clone(),
        record: args.record.clone(),
        timeout_secs: args.timeout,
        ..Default::default()
    };
    if let Some(path) = config.overrides_path() {
        match sdkgen::overrides::Overrides::read(&path) {
            Ok(overrides) => {
                for (name, value) in overrides.verify.params {
                    options.params.insert(name, value.value);
                }
                options.safe = overrides
                    .endpoints
                    .iter()
                    .filter(|e| e.safe.as_ref().is_some_and(|s| s.value))
                    .map(|e| e.route.value.clone())
                    .collect();
            }
            Err(report) => {
                errln!("{report}");
                return ExitCode::from(2);
            }
        }
    }
    for param in &args.params {
        let Some((name, value)) = param.split_once('=') else {
            errln!("error: `--param {param}`: expected NAME=VALUE");
            return ExitCode::from(2);
        };
        options
            .params
            .insert(name.trim().to_owned(), value.to_owned());
    }
    for header in &args.headers {
        let Some((name, value)) = header.split_once(':') else {
            errln!("error: `--header {header}`: expected `Name: value`");
            return ExitCode::from(2);
        };
        options
            .headers
            .push((name.trim().to_owned(), value.trim().to_owned()));
    }
    let report = match sdkgen::verify::verify(&parsed, &inferred, &options) {
        Ok(report) => report,
        Err(error) => {
            errln!("error: {error}");
            return ExitCode::from(2);
        }
    };
    let format = match args.format {
        VerifyFormat::Text => sdkgen::verify::Format::Text,
        VerifyFormat::Json => sdkgen::verify::Format::Json,
        VerifyFormat::Junit => sdkgen::verify::Format::Junit,
        VerifyFormat::Markdown => sdkgen::verify::Format::Markdown,
    };
    out!("{}", report.render(format));
    let threshold = match args.fail_on {
        FailOn::Breaking => sdkgen::diff::WireSeverity::Breaking,
        FailOn::PossiblyBreaking => sdkgen::diff::WireSeverity::PossiblyBreaking,
    };
    if report.reaches(threshold) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn init(args: &InitArgs) -> ExitCode {
    let config = sdkgen::Config::new(args.inputs.iter().cloned());
    let (parsed, inferred) = match config.load() {
        Ok(loaded) => loaded,
        Err(error) => return fail(&error),
    };
    let crate_name = config
        .package_name_for(&parsed)
        .unwrap_or_else(|_| "api-client".to_owned());
    let text = sdkgen::overrides::scaffold(&parsed.api, &inferred.model, &crate_name);
    let path = match &args.out {
        Some(path) if path.as_os_str() == "-" => {
            out!("{text}");
            return ExitCode::SUCCESS;
        }
        Some(path) => path.clone(),
        None => match args.inputs.first() {
            Some(first) if first.is_dir() => first.join(sdkgen::overrides::FILE_NAME),
            Some(first) => first
                .parent()
                .unwrap_or(std::path::Path::new("."))
                .join(sdkgen::overrides::FILE_NAME),
            None => PathBuf::from(sdkgen::overrides::FILE_NAME),
        },
    };
    // Never over a file that is there: it is someone's statement of facts.
    let file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let result = file.and_then(|mut file| std::io::Write::write_all(&mut file, text.as_bytes()));
    match result {
        Ok(()) => {
            outln!("{}: written (every entry commented out)", path.display());
            ExitCode::SUCCESS
        }
        Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {
            errln!(
                "{}: error: the file exists; sdkgen init never overwrites it (print a fresh scaffold with `-o -`)",
                path.display()
            );
            ExitCode::from(2)
        }
        Err(error) => {
            errln!("{}: error: {error}", path.display());
            ExitCode::from(2)
        }
    }
}
