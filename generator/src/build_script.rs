//! `build.rs` support: generate the client as one module file in `OUT_DIR`, tell Cargo to rerun
//! only when a document changes, and leave the file untouched when its content is the same.
//!
//! The crate's files (`src/lib.rs`, `src/api/*.rs`, `src/runtime/*.rs`, `src/types.rs`) are
//! inlined into one file whose paths are rooted at the module the user includes it in.

use std::path::{Path, PathBuf};

use crate::emit::Files;
use crate::generate::{Config, Error};

/// Reads `OUT_DIR`, as Cargo sets it for build scripts.
fn out_dir() -> Result<PathBuf, Error> {
    std::env::var_os("OUT_DIR")
        .map(PathBuf::from)
        .ok_or_else(|| {
            Error::Config("OUT_DIR is not set: call this from a build script (build.rs)".to_owned())
        })
}

/// Every document file an input stands for (a folder: its documents, and the folder itself, so
/// that adding a document reruns the build script too).
fn watched(inputs: &[PathBuf]) -> Vec<PathBuf> {
    let mut paths = Vec::new();
    for input in inputs {
        paths.push(input.clone());
        if let Ok(entries) = std::fs::read_dir(input) {
            let mut files: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            files.sort();
            paths.extend(files);
        }
    }
    paths
}

impl Config {
    /// Generates the client into `$OUT_DIR/{module}.rs` for `include!`, prints
    /// `cargo:rerun-if-changed` for every document, and writes the file only when its content
    /// changed. Returns the file's path.
    ///
    /// `module` is the path of the module the file is included in, relative to the crate root
    /// (`"partner"` for `pub mod partner { include!(...) }` in `lib.rs`).
    pub fn build_script(&self, module: &str) -> Result<PathBuf, Error> {
        for path in watched(self.inputs()) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        let out_dir = out_dir()?;
        let client_only = crate::generate::Outputs {
            client: true,
            openapi: false,
            markdown: false,
        };
        let rendered = self.clone().outputs(client_only).render()?;
        let source = single_file(&rendered.files, module)?;
        let path = out_dir.join(format!("{}.rs", module.replace("::", "_")));
        crate::generate::write_files(
            &out_dir,
            &Files::from([(format!("{}.rs", module.replace("::", "_")), source)]),
        )?;
        Ok(path)
    }
}

/// The one-liner for `build.rs`: generates the client for `documents` into
/// `$OUT_DIR/{module}.rs`. See [`Config::build_script`] for the options.
pub fn build_script<P: Into<PathBuf>>(
    documents: impl IntoIterator<Item = P>,
    module: &str,
) -> Result<PathBuf, Error> {
    Config::new(documents).build_script(module)
}

/// Inlines the crate's `src/` files into one module file rooted at `crate::{module}`.
pub fn single_file(files: &Files, module: &str) -> Result<String, Error> {
    let valid = !module.is_empty()
        && module.split("::").all(|part| {
            !part.is_empty() && part.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        });
    if !valid {
        return Err(Error::Config(format!(
            "`{module}` is not a module path such as `partner` or `clients::partner`"
        )));
    }
    let lib = files
        .get("src/lib.rs")
        .ok_or_else(|| Error::Emit("the crate has no src/lib.rs".to_owned()))?;
    // Inner attributes and inner docs cannot stand at the top of an included file.
    let lib: String = lib
        .lines()
        .filter(|line| {
            let line = line.trim_start();
            !line.starts_with("#![") && !line.starts_with("//!")
        })
        .map(|line| format!("{line}\n"))
        .collect();
    let inlined = inline_modules(&lib, Path::new("src"), files)?;
    Ok(inlined.replace("crate::", &format!("crate::{module}::")))
}

/// Replaces each `mod name;` line of a file in `dir` with `mod name { <its file> }`.
fn inline_modules(source: &str, dir: &Path, files: &Files) -> Result<String, Error> {
    let mut out = String::with_capacity(source.len());
    for line in source.lines() {
        let trimmed = line.trim();
        let declaration = trimmed
            .strip_suffix(';')
            .and_then(|d| d.rsplit_once("mod "))
            .filter(|(visibility, name)| {
                matches!(visibility.trim(), "" | "pub" | "pub(crate)")
                    && !name.is_empty()
                    && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
            });
        let Some((visibility, name)) = declaration else {
            out.push_str(line);
            out.push('\n');
            continue;
        };
        let flat = dir.join(format!("{name}.rs"));
        let nested = dir.join(name).join("mod.rs");
        let key = |p: &Path| p.to_string_lossy().replace('\\', "/");
        let (child_dir, child) = if let Some(text) = files.get(&key(&flat)) {
            (dir.join(name), text)
        } else if let Some(text) = files.get(&key(&nested)) {
            (dir.join(name), text)
        } else {
            return Err(Error::Emit(format!(
                "module `{name}` has no file in {}",
                dir.display()
            )));
        };
        // The declaration's outer docs describe the module; its own `//!` lines would make the
        // inlined module carry both styles.
        let child: String = child
            .lines()
            .filter(|l| !l.trim_start().starts_with("//!"))
            .map(|l| format!("{l}\n"))
            .collect();
        let body = inline_modules(&child, &child_dir, files)?;
        let visibility = visibility.trim();
        let header = if visibility.is_empty() {
            format!("mod {name} {{")
        } else {
            format!("{visibility} mod {name} {{")
        };
        out.push_str(&format!("{header}\n{body}}}\n"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inlines_nested_modules_and_roots_paths() {
        let files = Files::from([
            (
                "src/lib.rs".to_owned(),
                "#![forbid(unsafe_code)]\n//! Docs.\npub mod api;\nmod runtime;\n".to_owned(),
            ),
            (
                "src/api/mod.rs".to_owned(),
                "//! Api.\npub mod roles;\nuse crate::runtime::X;\n".to_owned(),
            ),
            (
                "src/api/roles.rs".to_owned(),
                "pub fn get() {}\n".to_owned(),
            ),
            (
                "src/runtime/mod.rs".to_owned(),
                "pub struct X;\n".to_owned(),
            ),
        ]);
        let single = single_file(&files, "partner").unwrap();
        assert!(!single.contains("#!["), "{single}");
        assert!(single.contains("pub mod api {\npub mod roles {\npub fn get() {}\n}\nuse crate::partner::runtime::X;\n}"), "{single}");
        assert!(
            single.contains("mod runtime {\npub struct X;\n}"),
            "{single}"
        );
        assert!(single_file(&files, "not a path").is_err());
    }

    #[test]
    fn out_dir_is_required() {
        if std::env::var_os("OUT_DIR").is_none() {
            let error = Config::new(["x.txt"]).build_script("api").unwrap_err();
            assert!(error.to_string().contains("OUT_DIR is not set"));
        }
    }
}
