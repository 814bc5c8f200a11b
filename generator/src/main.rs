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

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Inspect(args) => inspect(&args),
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
