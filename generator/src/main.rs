//! The `sdkgen` command line: a thin layer over the library.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

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
}

#[derive(Debug, clap::Args)]
struct InspectArgs {
    /// Documents to read (text or Markdown); a folder stands for every document in it. All
    /// files given together form one API.
    #[arg(required = true, value_name = "FILE")]
    inputs: Vec<PathBuf>,
    /// Print the IR as JSON instead of the summary.
    #[arg(long)]
    ir: bool,
}

#[derive(Debug, clap::Args)]
struct GenerateArgs {
    /// Documents to read (text or Markdown); a folder stands for every document in it.
    #[arg(value_name = "FILE", default_value = "docs-input")]
    inputs: Vec<PathBuf>,
    /// The output folder.
    #[arg(long, short, value_name = "DIR", default_value = "generated-client")]
    out: PathBuf,
    /// Write nothing; exit 1 listing every file that is stale, missing or extra.
    #[arg(long)]
    check: bool,
    /// The generated package's name (default: from the first document's file name).
    #[arg(long, value_name = "NAME")]
    crate_name: Option<String>,
    /// The generated package's version.
    #[arg(long = "version", value_name = "X.Y.Z", default_value = "0.1.0")]
    crate_version: String,
    /// Do not print warnings.
    #[arg(long, short)]
    quiet: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Generate(args) => generate(&args),
        Command::Inspect(args) => inspect(&args),
    }
}

fn generate(args: &GenerateArgs) -> ExitCode {
    let mut config = sdkgen::Config::new(args.inputs.iter().cloned())
        .out_dir(&args.out)
        .version(&args.crate_version);
    if let Some(name) = &args.crate_name {
        config = config.crate_name(name);
    }
    let print_warnings = |warnings: &[sdkgen::Diagnostic]| {
        if !args.quiet && !warnings.is_empty() {
            eprintln!(
                "{} warnings (the first line of each; `sdkgen inspect` shows them in full):",
                warnings.len()
            );
            for warning in warnings {
                eprintln!("  {}", warning.headline());
            }
        }
    };
    if args.check {
        return match config.check() {
            Ok((staleness, _)) if staleness.is_fresh() => {
                println!("{} is fresh", args.out.display());
                ExitCode::SUCCESS
            }
            Ok((staleness, _)) => {
                for (path, diff) in &staleness.stale {
                    println!("stale:   {path}\n{diff}");
                }
                for path in &staleness.missing {
                    println!("missing: {path}");
                }
                for path in &staleness.extra {
                    println!("extra:   {path}");
                }
                println!(
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
            println!(
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

fn fail(error: &sdkgen::Error) -> ExitCode {
    eprintln!("{error}");
    match error {
        sdkgen::Error::Document(_) | sdkgen::Error::Config(_) => ExitCode::from(2),
        _ => ExitCode::from(1),
    }
}

fn inspect(args: &InspectArgs) -> ExitCode {
    match sdkgen::parse_paths(&args.inputs) {
        Ok(parsed) => {
            let inferred = sdkgen::infer::infer(&parsed);
            for warning in parsed.warnings.iter().chain(&inferred.warnings) {
                eprintln!("{warning}\n");
            }
            if args.ir {
                let ir = serde_json::json!({ "api": parsed.api, "model": inferred.model });
                match serde_json::to_string_pretty(&ir) {
                    Ok(json) => println!("{json}"),
                    Err(error) => {
                        eprintln!("error: cannot serialize the IR: {error}");
                        return ExitCode::from(1);
                    }
                }
            } else {
                print!("{}", sdkgen::summary::render(&parsed, &inferred));
            }
            ExitCode::SUCCESS
        }
        Err(report) => {
            eprintln!("{report}");
            ExitCode::from(2)
        }
    }
}
