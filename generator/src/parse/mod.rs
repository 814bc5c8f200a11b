//! Reading endpoint documents, in their flattened text form or their Markdown form, into the IR.
//!
//! Each front end (`text`, `markdown`) turns a file into the same kind of items; one
//! assembler turns items into IR, and the checks that span files (duplicates, counts) run last.

mod assemble;
mod grammar;
mod markdown;
mod params;
mod private_text;
mod routes;
mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Report, Severity};
use crate::ir::Api;
use crate::source::SourceFile;
use grammar::Item;

/// The two forms an endpoint document comes in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The flattened text form: one line per heading, label or table row.
    Text,
    /// The Markdown form: `#` title, `##` groups, `###` endpoints, GFM tables, JSON fences.
    Markdown,
}

impl Format {
    /// The format of a document: by extension (`.md`, `.markdown` are Markdown, `.txt` is text),
    /// otherwise by content (a first line starting with `#` means Markdown).
    pub fn detect(path: &str, text: &str) -> Format {
        let extension = Path::new(path)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match extension.as_deref() {
            Some("md" | "markdown" | "mdx") => Format::Markdown,
            Some("txt") => Format::Text,
            _ => {
                let first = text
                    .trim_start_matches('\u{feff}')
                    .lines()
                    .find(|l| !l.trim().is_empty());
                if first.is_some_and(|l| l.starts_with('#')) {
                    Format::Markdown
                } else {
                    Format::Text
                }
            }
        }
    }
}

/// A successfully read API and the warnings found on the way.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// The API.
    pub api: Api,
    /// Warnings, sorted by position (errors make the read fail instead).
    pub warnings: Vec<Diagnostic>,
    /// The files read, normalised; [`crate::ir::Span::file`] indexes them. Later phases use
    /// them to point their own diagnostics at the source.
    pub sources: Vec<SourceFile>,
}

/// An input document given by name and content.
#[derive(Debug, Clone)]
pub struct Document {
    /// The path used in diagnostics (and to detect the format).
    pub path: String,
    /// The content.
    pub text: String,
}

/// Reads documents from files or folders: a folder stands for every `.txt`, `.md` and
/// `.markdown` file directly in it, in name order. All files read together form one API.
pub fn read_documents(paths: &[PathBuf]) -> Result<Vec<Document>, Report> {
    let mut documents = Vec::new();
    let mut problems = Vec::new();
    for path in paths {
        if path.is_dir() {
            match document_files(path) {
                Ok(files) if files.is_empty() => problems.push(io_problem(
                    path,
                    "the folder holds no endpoint documents (*.txt, *.md, *.markdown, *.mdx)",
                )),
                Ok(files) => {
                    for file in files {
                        read_one(&file, &mut documents, &mut problems);
                    }
                }
                Err(error) => problems.push(io_problem(path, &format!("cannot read: {error}"))),
            }
        } else {
            read_one(path, &mut documents, &mut problems);
        }
    }
    if problems.is_empty() {
        Ok(documents)
    } else {
        Err(Report::new(problems))
    }
}

fn document_files(dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        let extension = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if path.is_file()
            && matches!(
                extension.as_deref(),
                Some("txt" | "md" | "markdown" | "mdx")
            )
        {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

fn read_one(path: &Path, documents: &mut Vec<Document>, problems: &mut Vec<Diagnostic>) {
    let shown = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => documents.push(Document { path: shown, text }),
            Err(error) => {
                let valid = error.utf8_error().valid_up_to();
                let bytes = error.as_bytes();
                let prefix = String::from_utf8_lossy(&bytes[..valid]);
                let lossy = String::from_utf8_lossy(bytes);
                let file = SourceFile::new(0, shown, &lossy);
                let offset = SourceFile::new(0, "", &prefix).text.len();
                problems.push(
                    Diagnostic::new(
                        Severity::Error,
                        "not-utf8",
                        &file,
                        offset,
                        format!(
                            "the file is not UTF-8 text: invalid byte 0x{:02X}",
                            bytes[valid]
                        ),
                    )
                    .with_hint("endpoint documents are UTF-8 text; re-save the file as UTF-8"),
                );
            }
        },
        Err(error) => problems.push(io_problem(path, &format!("cannot read: {error}"))),
    }
}

fn io_problem(path: &Path, message: &str) -> Diagnostic {
    let file = SourceFile::new(0, path.display().to_string(), "");
    Diagnostic::new(Severity::Error, "io", &file, 0, message)
}

/// Parses documents that together form one API.
pub fn parse_documents(documents: &[Document]) -> Result<Parsed, Report> {
    let files: Vec<SourceFile> = documents
        .iter()
        .enumerate()
        .map(|(i, d)| SourceFile::new(i as u32, d.path.clone(), &d.text))
        .collect();
    let mut diagnostics = Vec::new();
    // Each file's items, and whether it is written by hand (Markdown, not in sdkgen's own
    // form): such a document may show a route twice, as an example after its section.
    let (lexed, lenient): (Vec<Vec<Item>>, Vec<bool>) = files
        .iter()
        .zip(documents)
        .map(
            |(file, document)| match Format::detect(&document.path, &document.text) {
                Format::Text => (text::lex(file, &mut diagnostics), false),
                Format::Markdown => {
                    let own_form = markdown::is_own_form(&file.text);
                    (markdown::lex(file, own_form, &mut diagnostics), !own_form)
                }
            },
        )
        .unzip();

    // The API's title and preamble come from an index page (a file with a title and no
    // endpoints; one named `index` or `readme` first) if there is one, else from the first file
    // with a title.
    let has = |items: &[Item], f: fn(&Item) -> bool| items.iter().any(f);
    let is_title = |i: &Item| matches!(i, Item::Title { .. });
    let is_endpoint = |i: &Item| matches!(i, Item::Endpoint { .. });
    let is_index = |i: &usize| {
        let items = &lexed[*i];
        has(items, is_title) && !has(items, is_endpoint)
    };
    let owner = (0..lexed.len())
        .filter(is_index)
        .find(|&i| is_index_name(&files[i].path))
        .or_else(|| (0..lexed.len()).find(is_index))
        .or_else(|| lexed.iter().position(|items| has(items, is_title)))
        .unwrap_or(0);
    let several = files.len() > 1;
    let rank = reading_order(&files, &lexed, owner);

    let mut api = Api {
        title: None,
        preamble: Vec::new(),
        declared_total: None,
        sources: files.iter().map(|f| f.path.clone()).collect(),
        groups: Vec::new(),
        endpoints: Vec::new(),
    };
    let mut order: Vec<usize> = (0..files.len()).collect();
    order.sort_by_key(|&i| (i != owner, rank[i]));
    let mut shared = assemble::Shared::default();
    let mut lexed: Vec<Option<Vec<Item>>> = lexed.into_iter().map(Some).collect();
    for index in order {
        let items = lexed[index].take().unwrap_or_default();
        // In an API split into one page per group, a page without group headings is its group.
        let fallback = items
            .iter()
            .find_map(|i| match i {
                Item::Title { text, .. } if several && index != owner => Some(text.clone()),
                _ => None,
            })
            .unwrap_or_else(|| "General".to_owned());
        let assembler = assemble::Assembler::new(
            &mut api,
            &files[index],
            &mut diagnostics,
            index == owner,
            fallback,
            &mut shared,
        );
        let declared_total = assembler.run(items);
        if index == owner {
            api.declared_total = declared_total;
        }
    }
    // Endpoints in reading order, then in document order within each file.
    api.endpoints
        .sort_by_key(|e| (rank[e.span.file as usize], e.span.line, e.span.column));
    drop_repeated_routes(&mut api, &files, &lenient, &mut diagnostics);
    check_api(&api, &files, &mut diagnostics);
    check_text(&files, &mut diagnostics);
    let report = Report::new(diagnostics);
    if report.has_errors() {
        return Err(report);
    }
    Ok(Parsed {
        api,
        warnings: report.diagnostics,
        sources: files,
    })
}

/// The codes of the warnings for what the reader read past: under `--strict` each is an error.
pub(crate) const RECOVERED: &[&str] = &[
    crate::json_dialect::DIALECT,
    markdown::UNREADABLE,
    "status-assumed",
    "sample-by-position",
    "route-read-leniently",
];

/// Under `--strict`: the warnings for what the reader read past, as errors.
pub(crate) fn refuse_recovered(parsed: &Parsed) -> Result<(), Report> {
    let errors: Vec<Diagnostic> = parsed
        .warnings
        .iter()
        .filter(|w| RECOVERED.contains(&w.code))
        .cloned()
        .map(|mut w| {
            w.severity = Severity::Error;
            w
        })
        .collect();
    if errors.is_empty() {
        Ok(())
    } else {
        Err(Report::new(errors))
    }
}

/// Is this the file name of an index page (`index.md`, `README.md`, any extension)?
fn is_index_name(path: &str) -> bool {
    Path::new(path)
        .file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.eq_ignore_ascii_case("index") || s.eq_ignore_ascii_case("readme"))
}

/// The rank of each file in reading order. When the owner links to other files (an index page's
/// table of contents), the owner comes first, then the files it links, in the order it first
/// names them, then the others in the order given; otherwise the files keep the order given.
fn reading_order(files: &[SourceFile], lexed: &[Vec<Item>], owner: usize) -> Vec<usize> {
    let mut order = vec![owner];
    let base = Path::new(&files[owner].path)
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    for item in &lexed[owner] {
        let Item::Link { target } = item else {
            continue;
        };
        let target = target.split(['#', '?']).next().unwrap_or("");
        if target.is_empty() || target.contains("://") {
            continue;
        }
        let wanted = normalise(&base.join(target));
        let found = files
            .iter()
            .position(|f| normalise(Path::new(&f.path)) == wanted);
        if let Some(index) = found.filter(|i| !order.contains(i)) {
            order.push(index);
        }
    }
    if order.len() == 1 {
        return (0..files.len()).collect();
    }
    for index in 0..files.len() {
        if !order.contains(&index) {
            order.push(index);
        }
    }
    let mut rank = vec![0; files.len()];
    for (position, &index) in order.iter().enumerate() {
        rank[index] = position;
    }
    rank
}

/// A path without `.` components and with `a/..` folded, for comparing link targets with the
/// paths documents were read from.
fn normalise(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir if out.file_name().is_some() => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// Lines that almost name an endpoint: an HTTP method word in any case near a path or URL,
/// with their file and line, headings first.
fn near_misses(files: &[SourceFile]) -> Vec<(String, usize, String)> {
    static METHOD: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"(?i)\b(get|post|put|patch|delete|head|options)\b[^/\n]{0,40}(/|https?:)",
        )
        .expect("valid regex")
    });
    let mut found: Vec<(bool, String, usize, String)> = Vec::new();
    for file in files {
        for (index, line) in file.text.lines().enumerate() {
            let trimmed = line.trim();
            if trimmed.len() > 200 || !METHOD.is_match(trimmed) {
                continue;
            }
            let heading = trimmed.starts_with('#');
            found.push((!heading, file.path.clone(), index + 1, trimmed.to_owned()));
        }
    }
    found.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    found
        .into_iter()
        .map(|(_, path, line, text)| (path, line, text))
        .collect()
}

/// Warns about every bidirectional control character of the documents, at its position: such
/// characters can make text read in another order than it is stored, and rustc rejects them in
/// comments, so the generated docs show them as `\u{…}` escapes.
fn check_text(files: &[SourceFile], diagnostics: &mut Vec<Diagnostic>) {
    for file in files {
        for (offset, c) in file
            .text
            .char_indices()
            .filter(|(_, c)| crate::source::is_bidi_control(*c))
        {
            diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    "bidi-control",
                    file,
                    offset,
                    format!(
                        "bidirectional control character U+{:04X}: generated docs show it as `\\u{{{:x}}}`",
                        c as u32, c as u32
                    ),
                )
                .with_hint("remove it unless the text really needs it"),
            );
        }
    }
}

/// `path:line:column` of a span, as diagnostics name a place.
fn position(files: &[SourceFile], span: crate::source::Span) -> String {
    format!(
        "{}:{}:{}",
        files[span.file as usize].path, span.line, span.column
    )
}

/// Merges the second and later sections of a route in hand-written documents into the first,
/// with a warning: their samples and parameters join the first section's.
fn drop_repeated_routes(
    api: &mut Api,
    files: &[SourceFile],
    lenient: &[bool],
    diagnostics: &mut Vec<Diagnostic>,
) {
    let mut first_of: BTreeMap<(crate::ir::Method, String), usize> = BTreeMap::new();
    let mut kept: Vec<crate::ir::Endpoint> = Vec::with_capacity(api.endpoints.len());
    for endpoint in std::mem::take(&mut api.endpoints) {
        let key = (endpoint.method, endpoint.path.shape());
        let repeat = first_of
            .get(&key)
            .copied()
            .filter(|_| lenient[endpoint.span.file as usize]);
        let Some(index) = repeat else {
            first_of.entry(key).or_insert(kept.len());
            kept.push(endpoint);
            continue;
        };
        let first = &mut kept[index];
        let file = &files[endpoint.span.file as usize];
        let first_at = position(files, first.span);
        diagnostics.push(
            Diagnostic::new(
                Severity::Warning,
                "repeated-endpoint",
                file,
                file.offset(endpoint.span),
                format!(
                    "`{}` is documented again (first at {first_at}); its samples and \
                     parameters are added to the first section",
                    endpoint.route()
                ),
            )
            .with_hint("document each route once, or write the example as a code block"),
        );
        let crate::ir::Endpoint {
            request,
            request_examples,
            responses,
            parameters,
            ..
        } = endpoint;
        for body in request.into_iter().chain(request_examples) {
            if first.request.is_none() {
                first.request = Some(body);
            } else {
                first.request_examples.push(body);
            }
        }
        if responses
            .iter()
            .any(|r| r.label == crate::ir::ResponseLabel::Success)
        {
            first.missing_success = None;
        }
        first.responses.extend(responses);
        for parameter in parameters {
            if !first.parameters.iter().any(|p| p.name == parameter.name) {
                first.parameters.push(parameter);
            }
        }
    }
    api.endpoints = kept;
}

/// Checks that need the whole API: at least one endpoint, no route twice, declared counts.
fn check_api(api: &Api, files: &[SourceFile], diagnostics: &mut Vec<Diagnostic>) {
    if api.endpoints.is_empty() {
        if let Some(file) = files.first() {
            let candidates = near_misses(files);
            let hint = match candidates.first() {
                None => "is this an endpoint document?".to_owned(),
                Some(_) => {
                    let shown: Vec<String> = candidates
                        .iter()
                        .take(5)
                        .map(|(path, line, text)| format!("{path}:{line}: {text}"))
                        .collect();
                    format!(
                        "{} line(s) almost name an endpoint; the closest:\n  {}",
                        candidates.len(),
                        shown.join("\n  ")
                    )
                }
            };
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    "no-endpoints",
                    file,
                    0,
                    "no endpoints found: expected a line such as `GET /path` (text form), \
                     a heading such as `### GET /path`, or a section whose route is written \
                     as `` `GET /path` `` or as `**URL:** /path` with `**Method:** GET` \
                     (Markdown)",
                )
                .with_hint(hint),
            );
        }
    }
    let mut seen: BTreeMap<(crate::ir::Method, String), &crate::ir::Endpoint> = BTreeMap::new();
    for endpoint in &api.endpoints {
        let key = (endpoint.method, endpoint.path.shape());
        if let Some(first) = seen.get(&key) {
            let file = &files[endpoint.span.file as usize];
            let first_at = position(files, first.span);
            diagnostics.push(
                Diagnostic::new(
                    Severity::Error,
                    "duplicate-endpoint",
                    file,
                    file.offset(endpoint.span),
                    format!(
                        "`{}` is documented twice (first at {first_at})",
                        endpoint.route()
                    ),
                )
                .with_hint("each method and path may appear once; merge the two sections"),
            );
        } else {
            seen.insert(key, endpoint);
        }
    }
    if let Some(total) = &api.declared_total {
        if total.value != api.endpoints.len() {
            let file = &files[total.span.file as usize];
            diagnostics.push(
                Diagnostic::new(
                    Severity::Warning,
                    "endpoint-count",
                    file,
                    file.offset(total.span),
                    format!(
                        "the document declares {} endpoints, but {} were read",
                        total.value,
                        api.endpoints.len()
                    ),
                )
                .with_hint("an endpoint heading may be malformed, or the count is out of date"),
            );
        }
    }
}
