//! Markdown reference pages: an index page (what the API is, base URL, authentication and the
//! shared headers, the envelope, every error code, a table of contents), one page per group
//! with every endpoint, a types page and a headers page (every header, who sets it, and whether
//! the published OpenAPI contract has it: each endpoint's **Request headers** table lists
//! exactly the headers of its OpenAPI operation, from the same decision in the model).
//!
//! The pages are written in sdkgen's own Markdown input form, so that reading them back gives
//! the document they were made from: the index page holds the title, the preamble and the
//! `Shared Headers:` table; each group page has a `## Group` heading and `### METHOD /path`
//! endpoints whose labels, tables and ` ```json ` samples are those of the document. What is
//! there for people only (field tables, response tables, `curl` and Rust examples, notes) sits
//! where the reader skips it: under `####` headings that are not labels, in block quotes, or in
//! code blocks that are not JSON.
//!
//! Anchors are GitHub's: a heading's text, lower-cased, without punctuation, spaces as `-`. An
//! endpoint's anchor comes from its method and path alone, so adding an endpoint never changes
//! another endpoint's anchor.

mod examples;
mod group;
mod headers;
mod index;
mod types;

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::fill;
use super::Files;
use crate::infer::Inferred;
use crate::ir::Json;
use crate::json::JsonValue;
use crate::model::{ApiKeyScheme, PageShape, TypeRef};
use crate::parse::Parsed;
use crate::surface::Surface;

/// Options of the Markdown emitter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkdownOptions {
    /// The Rust client's package name (`partner-web-client`), for the Rust examples.
    pub crate_name: String,
    /// Whether the headers a proxy or the HTTP stack sets are in the published contract, as
    /// [`crate::emit::openapi::OpenApiOptions::transport_headers`] puts them in OpenAPI: the
    /// endpoints' header tables then list them.
    pub transport_headers: bool,
}

/// The index page's file name.
pub const INDEX_PAGE: &str = "index.md";
/// The types page's file name.
pub const TYPES_PAGE: &str = "types.md";
/// The headers page's file name.
pub const HEADERS_PAGE: &str = headers::HEADERS_PAGE;

/// The heading of the index section that holds the `Shared Headers:` table.
const HEADERS_SECTION: &str = "Authentication and shared headers";
/// The heading of the index section on the response envelope.
const ENVELOPE_SECTION: &str = "Response envelope";
/// The heading of the index section on errors.
const ERRORS_SECTION: &str = "Errors";

/// Where things are, so that every page can link to every other: computed before the pages
/// that link to them are written.
#[derive(Debug, Default)]
struct Links {
    /// The page of each group, by group index.
    group_pages: Vec<String>,
    /// `page.md#anchor` of each endpoint, by endpoint index (filled in as group pages are made).
    endpoints: Vec<String>,
    /// The anchor of each type on the types page, by type name (shared types included).
    types: BTreeMap<String, String>,
    /// `index.md#anchor` of the shared headers table.
    headers: String,
    /// `index.md#anchor` of the envelope section.
    envelope: String,
    /// `index.md#anchor` of the errors section.
    errors: String,
    /// `index.md#anchor` of each error code's section, by code.
    error_codes: BTreeMap<String, String>,
}

/// What every page renderer reads.
struct Context<'a> {
    parsed: &'a Parsed,
    inferred: &'a Inferred,
    crate_ident: String,
    title: String,
    links: Links,
    /// The shared headers (computed once: every endpoint section consults them).
    shared: Vec<headers::SharedHeader>,
    /// The credential headers' `apiKey` security schemes.
    api_keys: Vec<ApiKeyScheme>,
    /// Whether the transport headers are in the contract.
    transport_headers: bool,
    /// Each endpoint's index by its `METHOD /path` route (computed once).
    routes: BTreeMap<String, usize>,
    /// What the Rust client exposes, which the pages show beside the wire.
    surface: Surface,
}

/// The pages, by file name: `index.md`, `types.md` and one page per group.
pub fn render(
    parsed: &Parsed,
    inferred: &Inferred,
    options: &MarkdownOptions,
) -> Result<Files, String> {
    let title = parsed
        .api
        .title
        .as_ref()
        .map_or_else(|| "API".to_owned(), |t| t.text.clone());
    let mut context = Context {
        parsed,
        inferred,
        crate_ident: options.crate_name.replace('-', "_"),
        title,
        links: Links::default(),
        shared: Vec::new(),
        routes: parsed
            .api
            .endpoints
            .iter()
            .enumerate()
            .map(|(i, e)| (e.route(), i))
            .collect(),
        surface: Surface::new(&parsed.api, &inferred.model),
        api_keys: inferred.model.api_key_schemes(),
        transport_headers: options.transport_headers,
    };
    context.shared = headers::shared_headers(&context);
    context.links.group_pages = group_pages(parsed);
    context.links.endpoints = vec![String::new(); parsed.api.endpoints.len()];
    index::plan(&mut context);
    types::plan(&mut context);

    let mut files = Files::new();
    for group in 0..parsed.api.groups.len() {
        if parsed.api.endpoints_in(group).next().is_none() {
            continue;
        }
        let (page, anchors) = group::render(&context, group);
        for (endpoint, anchor) in anchors {
            context.links.endpoints[endpoint] =
                format!("{}#{anchor}", context.links.group_pages[group]);
        }
        files.insert(context.links.group_pages[group].clone(), page);
    }
    files.insert(INDEX_PAGE.to_owned(), index::render(&context)?);
    files.insert(TYPES_PAGE.to_owned(), types::render(&context)?);
    files.insert(HEADERS_PAGE.to_owned(), headers::render(&context)?);
    Ok(files)
}

/// A page file name per group: the group's name in kebab case (`API Keys` → `api-keys.md`),
/// never `index`, `types` or `headers`, unique.
fn group_pages(parsed: &Parsed) -> Vec<String> {
    let mut taken: std::collections::BTreeSet<String> =
        ["index".to_owned(), "types".to_owned(), "headers".to_owned()].into();
    let mut pages = Vec::new();
    for group in &parsed.api.groups {
        let base = crate::naming::kebab(&group.name)
            .chars()
            .filter(|c| c.is_alphanumeric() || *c == '-')
            .collect::<String>();
        let base = if base.is_empty() {
            "group".to_owned()
        } else {
            base
        };
        let mut name = base.clone();
        let mut n = 2;
        while taken.contains(&name) {
            name = format!("{base}-{n}");
            n += 1;
        }
        taken.insert(name.clone());
        pages.push(format!("{name}.md"));
    }
    pages
}

/// GitHub's heading anchors: lower case, punctuation and symbols dropped, spaces turned into
/// `-`; a repeated anchor gets `-1`, `-2`, ... in page order.
#[derive(Debug, Default)]
struct Slugger {
    seen: BTreeMap<String, usize>,
}

impl Slugger {
    fn slug(&mut self, text: &str) -> String {
        let base = slug(text);
        let mut candidate = base.clone();
        while self.seen.contains_key(&candidate) {
            let count = self.seen.entry(base.clone()).or_insert(0);
            *count += 1;
            candidate = format!("{base}-{count}");
        }
        self.seen.insert(candidate.clone(), 0);
        candidate
    }
}

/// The anchor of a heading's text, before de-duplication.
pub fn slug(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | ' '))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// A page being written: blocks separated by one blank line, headings with their anchors.
#[derive(Debug, Default)]
struct Page {
    out: String,
    slugger: Slugger,
}

impl Page {
    /// A heading; `text` is Markdown, `plain` the text GitHub makes its anchor from. Returns
    /// the anchor.
    fn heading(&mut self, level: usize, text: &str, plain: &str) -> String {
        self.block(&format!("{} {text}", "#".repeat(level)));
        self.slugger.slug(plain)
    }

    /// A block (paragraph, table, list, fence), followed by a blank line.
    fn block(&mut self, text: &str) {
        if text.trim().is_empty() {
            return;
        }
        self.out.push_str(text.trim_end_matches('\n'));
        self.out.push_str("\n\n");
    }

    /// Prose sdkgen writes, wrapped at 80 columns (see [`reflow`]).
    fn text(&mut self, markdown: &str) {
        self.block(&reflow(markdown));
    }

    /// The page's text: LF line ends, one final newline.
    fn finish(self) -> String {
        let mut text = self.out.trim_end().to_owned();
        text.push('\n');
        text
    }
}

/// A table: a header row, the `---` row and the rows, cells given as Markdown.
fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let line = |cells: &[String]| {
        let mut line = String::from("|");
        for cell in cells {
            if cell.is_empty() {
                line.push_str(" |");
            } else {
                line.push_str(&format!(" {cell} |"));
            }
        }
        line
    };
    let head: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    let mut out = line(&head);
    out.push('\n');
    out.push_str(&line(&vec!["---".to_owned(); header.len()]));
    for row in rows {
        out.push('\n');
        out.push_str(&line(row));
    }
    out
}

/// What sdkgen's Markdown reader collects from a paragraph: its text and code, with soft and
/// hard breaks as new lines; `None` when the Markdown is not one paragraph.
fn read_paragraph(markdown: &str) -> Option<String> {
    let mut text = String::new();
    let mut paragraphs = 0;
    for event in Parser::new_ext(markdown, Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Paragraph) => paragraphs += 1,
            Event::End(TagEnd::Paragraph) => {}
            Event::Start(Tag::Strong | Tag::Emphasis | Tag::Link { .. })
            | Event::End(TagEnd::Strong | TagEnd::Emphasis | TagEnd::Link) => {}
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            _ => return None,
        }
    }
    (paragraphs == 1).then_some(text)
}

/// What the reader collects from the one cell of a one-column table row.
fn read_cell(markdown: &str) -> Option<String> {
    let document = format!("| x |\n| --- |\n| {markdown} |\n");
    let mut text = String::new();
    let mut in_body = false;
    for event in Parser::new_ext(&document, Options::ENABLE_TABLES) {
        match event {
            Event::End(TagEnd::TableHead) => in_body = true,
            Event::Text(t) | Event::Code(t) if in_body => text.push_str(&t),
            Event::Start(Tag::TableCell) if in_body && !text.is_empty() => return None,
            _ => {}
        }
    }
    Some(text)
}

/// Every ASCII punctuation character escaped with a backslash.
fn escape_all(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

static URL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    regex::Regex::new(r"https?://[^ \t\n<>`]*[^ \t\n<>`.,;:!?)\]'\x22]").expect("valid regex")
});

/// Bare URLs as autolinks (`<https://...>`): they render as links, and read back as the URL.
fn autolinks(text: &str) -> String {
    URL.replace_all(text, "<$0>").into_owned()
}

/// Prose from the document as Markdown that renders, and reads back, as exactly `text`: as is
/// (URLs as autolinks) when that already holds, else with its punctuation escaped. Lines stay
/// lines.
fn prose(text: &str) -> String {
    let plain = text.lines().map(str::trim).collect::<Vec<_>>().join("\n");
    let linked = autolinks(&plain);
    if read_paragraph(&linked).as_deref() == Some(plain.as_str()) {
        return linked;
    }
    plain.lines().map(escape_all).collect::<Vec<_>>().join("\n")
}

/// Text from the document for a table cell (as [`prose`], with `|` escaped).
fn cell(text: &str) -> String {
    let plain = autolinks(&text.replace('|', "\\|"));
    if read_cell(&plain).as_deref() == Some(text) {
        return plain;
    }
    escape_all(text)
}

/// A code span holding `text` exactly; `in_table` escapes `|` as a table cell needs.
fn code(text: &str, in_table: bool) -> String {
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    let body = if in_table {
        text.replace('|', "\\|")
    } else {
        text.to_owned()
    };
    format!("{ticks}{pad}{body}{pad}{ticks}")
}

/// A fenced code block in `language`, with a fence longer than any backtick run inside.
fn fence(language: &str, body: &str) -> String {
    let longest = body.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let ticks = "`".repeat((longest + 1).max(3));
    format!(
        "{ticks}{language}\n{}\n{ticks}",
        body.trim_end_matches('\n')
    )
}

/// A JSON sample, pretty-printed with two-space indents; numbers keep their exact text.
fn json_text(json: &Json) -> String {
    json_text_indented(json, "  ")
}

/// A JSON sample, pretty-printed with `unit` as the indent.
fn json_text_indented(json: &Json, unit: &str) -> String {
    fn write(out: &mut String, json: &Json, indent: usize, unit: &str) {
        let pad = |n: usize| unit.repeat(n);
        match &json.value {
            JsonValue::Null => out.push_str("null"),
            JsonValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            JsonValue::Number(n) => out.push_str(n),
            JsonValue::String(s) => out.push_str(&json_string(s)),
            JsonValue::Array(items) if items.is_empty() => out.push_str("[]"),
            JsonValue::Array(items) => {
                out.push_str("[\n");
                for (i, item) in items.iter().enumerate() {
                    out.push_str(&pad(indent + 1));
                    write(out, item, indent + 1, unit);
                    out.push_str(if i + 1 < items.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push(']');
            }
            JsonValue::Object(members) if members.is_empty() => out.push_str("{}"),
            JsonValue::Object(members) => {
                out.push_str("{\n");
                for (i, member) in members.iter().enumerate() {
                    out.push_str(&pad(indent + 1));
                    out.push_str(&json_string(&member.key));
                    out.push_str(": ");
                    write(out, &member.value, indent + 1, unit);
                    out.push_str(if i + 1 < members.len() { ",\n" } else { "\n" });
                }
                out.push_str(&pad(indent));
                out.push('}');
            }
        }
    }
    let mut out = String::new();
    write(&mut out, json, 0, unit);
    out
}

fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.escape_default()))
}

/// A short one-line rendering of a sample value, for the Example column of a field table.
fn example_text(value: &Json) -> String {
    const LIMIT: usize = 48;
    let text = value.compact_text();
    if text.chars().count() <= LIMIT {
        return text;
    }
    let cut: String = text.chars().take(LIMIT - 1).collect();
    format!("{cut}…")
}

impl Context<'_> {
    /// A link to a type on the types page (`from_types` when the link is on that page).
    fn type_link(&self, name: &str, from_types: bool) -> String {
        let page = if from_types { "" } else { TYPES_PAGE };
        match self.links.types.get(name) {
            Some(anchor) => format!("[{}]({page}#{anchor})", code(name, false)),
            None => code(name, false),
        }
    }

    /// A type as Markdown, with links to the types page: `array of [`Role`](types.md#role)`.
    fn type_markdown(&self, ty: &TypeRef, from_types: bool) -> String {
        match ty {
            TypeRef::Array { item } => format!("array of {}", self.type_markdown(item, from_types)),
            TypeRef::Map { value } => {
                format!("map of string to {}", self.type_markdown(value, from_types))
            }
            TypeRef::Named { name } => self.type_link(name, from_types),
            TypeRef::Page { shape, item } => format!(
                "{} of {}",
                self.type_link(shape.type_name(), from_types),
                self.type_markdown(item, from_types)
            ),
            TypeRef::Dictionary { code } => format!(
                "{} of {}",
                self.type_link(DICTIONARY_ITEM, from_types),
                self.type_link(code, from_types)
            ),
            scalar => scalar.scalar_words().unwrap_or_default().to_owned(),
        }
    }

    /// The link to an endpoint's section (`auth.md#post-…`), with the route as its text.
    fn endpoint_link(&self, endpoint: usize) -> String {
        let route = self.parsed.api.endpoints[endpoint].route();
        format!(
            "[{}]({})",
            code(&route, false),
            self.links.endpoints[endpoint]
        )
    }

    /// Each endpoint's index, by its `METHOD /path` route.
    fn endpoints_by_route(&self) -> &BTreeMap<String, usize> {
        &self.routes
    }
}

/// The shared dictionary item type's name (as the Rust client calls it).
const DICTIONARY_ITEM: &str = "DictionaryItem";
/// The response envelope's name on the types page.
const ENVELOPE: &str = "Envelope";
/// The error answer's name (as the Rust client calls it).
const API_ERROR: &str = "ApiError";

/// The shared (generic) types the model uses, in the order the types page lists them.
fn shared_types(inferred: &Inferred) -> Vec<&'static str> {
    let mut uses_page = [false, false];
    let mut uses_dictionary = false;
    let mut visit = |ty: &TypeRef| {
        fn walk(ty: &TypeRef, page: &mut [bool; 2], dictionary: &mut bool) {
            match ty {
                TypeRef::Page { shape, item } => {
                    page[usize::from(*shape == PageShape::Offset)] = true;
                    walk(item, page, dictionary);
                }
                TypeRef::Array { item } | TypeRef::Map { value: item } => {
                    walk(item, page, dictionary)
                }
                TypeRef::Dictionary { .. } => *dictionary = true,
                _ => {}
            }
        }
        walk(ty, &mut uses_page, &mut uses_dictionary);
    };
    let model = &inferred.model;
    for op in &model.operations {
        visit(&op.success.data);
        if let Some(request) = &op.request {
            visit(&request.ty);
        }
    }
    for def in &model.types {
        if let crate::model::TypeKind::Struct { fields, .. } = &def.kind {
            for field in fields {
                visit(&field.ty);
            }
        }
    }
    let mut names = Vec::new();
    if model.enveloped {
        names.push(ENVELOPE);
    }
    names.push(API_ERROR);
    if uses_page[0] {
        names.push(PageShape::Paginated.type_name());
    }
    if uses_page[1] {
        names.push(PageShape::Offset.type_name());
    }
    if uses_dictionary {
        names.push(DICTIONARY_ITEM);
    }
    names
}

/// A link target on the index page, as written from the index page itself (`#anchor`) or
/// from another page (`index.md#anchor`).
fn on_index(link: &str, from_index: bool) -> String {
    match link.split_once('#') {
        Some((_, anchor)) if from_index => format!("#{anchor}"),
        _ => link.to_owned(),
    }
}

/// Wraps the paragraphs and list items of a Markdown skeleton at 80 columns; headings, tables,
/// code blocks and quotes are left as they are. A line never starts with what would make it
/// a list item, a heading or a quote, and code spans are not split.
fn reflow(markdown: &str) -> String {
    // Blocks are separated by blank lines, except inside code fences.
    let mut raw_blocks: Vec<String> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    let mut fence: Option<String> = None;
    for line in markdown.trim().lines() {
        let trimmed = line.trim_start();
        match &fence {
            Some(open) => {
                if trimmed.starts_with(open.as_str()) && trimmed.trim_matches('`').is_empty() {
                    fence = None;
                }
                current.push(line);
                continue;
            }
            None if trimmed.starts_with("```") => {
                let ticks = trimmed.chars().take_while(|&c| c == '`').count();
                fence = Some("`".repeat(ticks));
            }
            None if line.trim().is_empty() => {
                if !current.is_empty() {
                    raw_blocks.push(current.join("\n"));
                    current.clear();
                }
                continue;
            }
            None => {}
        }
        current.push(line);
    }
    if !current.is_empty() {
        raw_blocks.push(current.join("\n"));
    }
    let mut blocks = Vec::new();
    for block in &raw_blocks {
        let block = block.as_str();
        let verbatim = ["```", "|", "#", ">", "    "]
            .iter()
            .any(|p| block.starts_with(p));
        if verbatim {
            blocks.push(block.to_owned());
        } else if block.lines().all(|l| l.starts_with("- ")) {
            let items: Vec<String> = block.lines().map(|l| wrap(&l[2..], "- ", "  ")).collect();
            blocks.push(items.join("\n"));
        } else {
            let joined = block.lines().map(str::trim).collect::<Vec<_>>().join(" ");
            blocks.push(wrap(&joined, "", ""));
        }
    }
    blocks.join("\n\n")
}

/// Wraps one paragraph at 80 columns (see [`reflow`]).
fn wrap(text: &str, first_prefix: &str, prefix: &str) -> String {
    const WIDTH: usize = 80;
    // Words, with code spans kept whole.
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut in_code: Option<usize> = None;
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            match in_code {
                Some(open) if open == run => in_code = None,
                None => in_code = Some(run),
                _ => {}
            }
            current.extend(std::iter::repeat_n('`', run));
            i += run;
            continue;
        }
        if c == ' ' && in_code.is_none() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
        } else {
            current.push(c);
        }
        i += 1;
    }
    if !current.is_empty() {
        words.push(current);
    }
    let starts_block = |word: &str| {
        word.starts_with(['-', '+', '*', '>', '#', '=', '|'])
            || word.starts_with("```")
            || (word
                .trim_end_matches(['.', ')'])
                .chars()
                .all(|c| c.is_ascii_digit())
                && word.ends_with(['.', ')']))
    };
    let mut out = String::from(first_prefix);
    let mut width = first_prefix.chars().count();
    let mut line_has_word = false;
    for word in words {
        let len = word.chars().count();
        if line_has_word && width + 1 + len > WIDTH && !starts_block(&word) {
            out.push('\n');
            out.push_str(prefix);
            width = prefix.chars().count();
        } else if line_has_word {
            out.push(' ');
            width += 1;
        }
        out.push_str(&word);
        width += len;
        line_has_word = true;
    }
    out
}

/// `1 endpoint`, `2 endpoints`.
fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_are_githubs() {
        let mut slugger = Slugger::default();
        assert_eq!(
            slugger.slug("POST /web/v1/partner/roles/{roleBizId}"),
            "post-webv1partnerrolesrolebizid"
        );
        assert_eq!(
            slugger.slug("PARTNER Portal — WEB Chain Endpoints"),
            "partner-portal--web-chain-endpoints"
        );
        assert_eq!(slugger.slug("ACCESS.TOKEN_MISSING"), "accesstoken_missing");
        assert_eq!(slugger.slug("Request fields"), "request-fields");
        assert_eq!(slugger.slug("Request fields"), "request-fields-1");
        assert_eq!(slugger.slug("Request fields"), "request-fields-2");
    }

    #[test]
    fn prose_reads_back_as_written() {
        for text in [
            "Execute auth login initiate.",
            "Sensitive values are sanitized (Bearer {token}, pac_xxx, {sessionId}).",
            "a *b* `c` <d> [e](f) \\ g",
            "- not a list",
            "# not a heading",
            "1. not a list\nsecond line",
        ] {
            let markdown = prose(text);
            assert_eq!(
                read_paragraph(&markdown).as_deref(),
                Some(text),
                "{markdown}"
            );
        }
        assert_eq!(prose("pac_xxx and {token}"), "pac_xxx and {token}");
        assert_eq!(
            prose("Fetch one (see https://example.com/a?b=1)."),
            "Fetch one (see <https://example.com/a?b=1>)."
        );
        for text in ["a | b", "en-US,en;q=0.9", "*x*", "see https://example.com."] {
            assert_eq!(read_cell(&cell(text)).as_deref(), Some(text));
        }
        assert_eq!(code("a`b", false), "``a`b``");
        assert_eq!(fence("json", "{}"), "```json\n{}\n```");
    }
}
