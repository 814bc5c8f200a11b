//! The front end for the Markdown form and for the Markdown API references people write:
//! endpoints as `### GET /x` headings or as a titled section with its route in a code span, a
//! code block or `**URL** :` / `**Method** :` lines; labels in many words (`Example
//! Response`, `**Sample response**`, `Returns:`); samples in fences (their info string may
//! name the role and status), in raw HTTP messages and in `curl -d` commands; front matter
//! and MDX.
//!
//! Only tables and front matter are enabled: heading attributes would turn
//! `### GET /roles/{roleBizId}` into a heading titled `GET /roles/`. Block quotes are notes
//! for people and are skipped, as are sections under a heading below an endpoint that is not a
//! label (`#### Notes`), up to the next label or heading.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::grammar::{self, FenceLabel, FenceRole, Item};
use super::routes::{self, Route};
use crate::diagnostic::{Diagnostic, Severity};
use crate::ir::{Method, ResponseLabel};
use crate::json;
use crate::json_dialect;
use crate::source::SourceFile;

/// Text being collected between a Start and an End event, remembering the source offset of
/// every piece so that any position in the collected text maps back to the source.
#[derive(Default)]
struct Buffer {
    text: String,
    /// `(position in text, source offset)` for every piece pushed, in order.
    pieces: Vec<(usize, usize)>,
    line_starts: Vec<usize>,
    at_line_start: bool,
}

impl Buffer {
    fn start(&mut self) {
        self.text.clear();
        self.pieces.clear();
        self.line_starts.clear();
        self.at_line_start = true;
    }

    fn push(&mut self, text: &str, offset: usize) {
        self.mark(offset);
        self.pieces.push((self.text.len(), offset));
        self.text.push_str(text);
    }

    /// Markup (such as the `**` of a bold label) starts a line where its text does not.
    fn mark(&mut self, offset: usize) {
        if self.at_line_start {
            self.line_starts.push(self.text.len());
            self.pieces.push((self.text.len(), offset));
            self.at_line_start = false;
        }
    }

    fn line_break(&mut self) {
        self.text.push('\n');
        self.at_line_start = true;
    }

    /// The source offset of a position in the collected text.
    fn source_offset(&self, position: usize) -> usize {
        let index = self.pieces.partition_point(|&(at, _)| at <= position);
        match index.checked_sub(1).map(|i| self.pieces[i]) {
            // A position on a line's markup (before its first text piece) maps to the markup.
            Some((at, offset)) => offset + (position - at),
            None => 0,
        }
    }

    /// The source offset of the first piece (the start of the collected text).
    fn first_offset(&self) -> Option<usize> {
        self.pieces.first().map(|&(_, offset)| offset)
    }

    /// The collected lines, trimmed, with the position of each in the collected text.
    fn lines(&self) -> Vec<(&str, usize)> {
        let mut lines = Vec::new();
        for (i, &start) in self.line_starts.iter().enumerate() {
            let end = self
                .line_starts
                .get(i + 1)
                .map_or(self.text.len(), |&next| next);
            let raw = &self.text[start..end];
            let line = raw.trim();
            if !line.is_empty() {
                lines.push((line, start + (raw.len() - raw.trim_start().len())));
            }
        }
        lines
    }
}

/// What a section (the text under a heading, up to the next heading) does with the routes
/// written in its paragraphs and code blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Routes {
    /// Each route line is an endpoint (a group's section listing `GET /x` lines).
    InPlace,
    /// The section has exactly one route: its heading is the endpoint's title
    /// (`### Create a user` over `` `POST /users` ``, or `**URL** :` with `**Method** :`).
    Titled,
    /// The section belongs to an endpoint: a route in it is an example, not an endpoint.
    Ignored,
}

/// A code block being collected.
struct Code {
    info: String,
    /// Where its text starts in the source, once a text event came.
    text_start: Option<usize>,
    text: String,
    /// The end of the block (the closing fence included).
    end: usize,
}

/// Reads a Markdown document into the same items the text front end produces.
/// `own_form`: the document is in sdkgen's own form ([`is_own_form`]).
pub(crate) fn lex(
    file: &SourceFile,
    own_form: bool,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<Item> {
    let mdx = file.path.to_ascii_lowercase().ends_with(".mdx");
    let text = if mdx {
        std::borrow::Cow::Owned(mask_mdx(&file.text))
    } else {
        std::borrow::Cow::Borrowed(file.text.as_str())
    };
    let options = Options::ENABLE_TABLES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let events: Vec<(Event<'_>, Range<usize>)> =
        Parser::new_ext(&text, options).into_offset_iter().collect();
    let plan = plan_sections(&events, own_form, &text);
    let mut lexer = Lexer {
        file,
        diagnostics,
        items: Vec::new(),
        buffer: Buffer::default(),
        endpoint_level: None,
        seen_title: false,
        routes: plan.first,
        plan: plan.by_heading,
        title: None,
        held: Vec::new(),
        route_path: None,
        route_path_level: None,
        section_level: None,
        endpoint_heading: None,
        route_method: None,
        paragraph_start: 0,
        linked: false,
        own_form,
        section_routes: Vec::new(),
        text_route: false,
    };
    lexer.run(events);
    lexer.finish_section();
    lexer.items
}

/// A document in sdkgen's own Markdown form writes its labels as bold lines such as
/// `**Success Response:** (HTTP 200)`: there only those labels are read, and headings below an
/// endpoint are sections for people (the pages sdkgen writes have `#### Parameters`,
/// `#### Examples` sections that must read back to nothing).
static OWN_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?m)^\*\*\[?(?:Success Response|Error Response|Request Body|Required Headers|Optional Headers|Path Parameters|Query Parameters)\b",
    )
    .expect("valid regex")
});

/// Is this Markdown document written in sdkgen's own form (see [`OWN_FORM`])?
pub(crate) fn is_own_form(text: &str) -> bool {
    OWN_FORM.is_match(text)
}

/// MDX: `import` and `export` lines are code for the site, not text: blanked, so every offset
/// stays where it is. JSX blocks are HTML to the Markdown parser, which skips them.
fn mask_mdx(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_fence = false;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") || trimmed.starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && (line.starts_with("import ") || line.starts_with("export ")) {
            out.extend(line.chars().map(|c| if c == '\n' { '\n' } else { ' ' }));
        } else {
            out.push_str(line);
        }
    }
    out
}

struct Plan {
    /// What the text before the first heading does with routes.
    first: Routes,
    /// By the source offset of each heading.
    by_heading: HashMap<usize, Routes>,
}

/// The first pass: finds, for every section, how many routes its own text writes outside
/// endpoint headings, so that the second pass knows whether a heading is a group, an endpoint's
/// title, or part of an endpoint.
fn plan_sections(events: &[(Event<'_>, Range<usize>)], own_form: bool, source: &str) -> Plan {
    struct Section {
        start: Option<usize>,
        level: HeadingLevel,
        /// The heading itself is a route (`### GET /x`).
        route_heading: bool,
        /// The heading is a label (`#### Response`): a route in it belongs to the section above.
        label_heading: bool,
        routes: usize,
        /// Distinct routes written as code blocks: they count when nothing else names one.
        code_routes: Vec<String>,
        path: bool,
        method: bool,
    }
    let mut sections = vec![Section {
        start: None,
        level: HeadingLevel::H1,
        route_heading: false,
        label_heading: false,
        routes: 0,
        code_routes: Vec::new(),
        path: false,
        method: false,
    }];
    let mut header: Vec<String> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut in_head = false;
    let mut text = String::new();
    let mut first_code_line: Option<String> = None;
    let mut in_code = false;
    let mut linked = false;
    let mut heading: Option<(usize, HeadingLevel)> = None;
    for (event, range) in events {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                text.clear();
                heading = Some((range.start, *level));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, level)) = heading.take() {
                    let line = text.trim();
                    sections.push(Section {
                        start: Some(start),
                        level,
                        route_heading: routes::route_line(line).is_some()
                            || grammar::bad_endpoint_line(line).is_some(),
                        label_heading: grammar::label_heading_in(line, own_form).is_some()
                            || (!own_form && grammar::status_heading(line).is_some()),
                        routes: 0,
                        code_routes: Vec::new(),
                        path: !own_form && path_heading(line).is_some(),
                        method: false,
                    });
                }
            }
            Event::Start(Tag::Paragraph | Tag::Item) => {
                text.clear();
                linked = false;
            }
            Event::Start(Tag::Link { .. }) => linked = true,
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                let section = sections
                    .last_mut()
                    .expect("the first section is always there");
                let lines: Vec<&str> = text.lines().map(str::trim).collect();
                for line in &lines {
                    match routes::route_part(line) {
                        Some(routes::RoutePart::Path(..)) => section.path = true,
                        Some(routes::RoutePart::Method(_)) => section.method = true,
                        None => {}
                    }
                }
                if lines.len() == 1 && !linked && paragraph_route(lines[0]).is_some() {
                    section.routes += 1;
                } else if lines.len() == 1 && !linked && !own_form {
                    let whole = source.get(range.clone()).unwrap_or("");
                    if trailing_code_route(lines[0], whole).is_some() {
                        section.routes += 1;
                    }
                }
                text.clear();
            }
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                first_code_line = None;
            }
            Event::End(TagEnd::CodeBlock) => {
                in_code = false;
                if let Some(line) = first_code_line.take() {
                    if let Some(route) = code_route(&line) {
                        let section = sections.last_mut().expect("always there");
                        let key = route_key(&route);
                        if !section.code_routes.contains(&key) {
                            section.code_routes.push(key);
                        }
                    }
                }
            }
            Event::Text(piece) | Event::Code(piece) => {
                if in_code {
                    if first_code_line.is_none() {
                        first_code_line = piece
                            .lines()
                            .find(|l| !l.trim().is_empty())
                            .map(str::to_owned);
                    }
                } else {
                    text.push_str(piece);
                }
            }
            Event::SoftBreak | Event::HardBreak => text.push('\n'),
            Event::Start(Tag::TableHead) => {
                in_head = true;
                cells.clear();
            }
            Event::Start(Tag::TableRow) => cells.clear(),
            Event::Start(Tag::TableCell) => text.clear(),
            Event::End(TagEnd::TableCell) => cells.push(text.trim().to_owned()),
            Event::End(TagEnd::TableHead) => {
                in_head = false;
                header = std::mem::take(&mut cells);
            }
            Event::End(TagEnd::TableRow) if !in_head => {
                let section = sections.last_mut().expect("always there");
                match routes::table_route(&header, &cells) {
                    Some(routes::TableRoute::Route(..)) => section.routes += 1,
                    Some(routes::TableRoute::Part(routes::RoutePart::Path(..))) => {
                        section.path = true;
                    }
                    Some(routes::TableRoute::Part(routes::RoutePart::Method(_))) => {
                        section.method = true;
                    }
                    None => {}
                }
            }
            _ => {}
        }
    }
    // A route under a label heading counts for the section the label belongs to.
    for index in (1..sections.len()).rev() {
        if sections[index].label_heading {
            let parent = (0..index)
                .rev()
                .find(|&p| p == 0 || sections[p].level < sections[index].level);
            if let Some(parent) = parent.filter(|&p| !sections[p].label_heading) {
                let moved = sections[index].routes;
                sections[index].routes = 0;
                sections[parent].routes += moved;
                if sections[index].path && sections[index].method {
                    sections[index].path = false;
                    sections[index].method = false;
                    sections[parent].routes += 1;
                }
            }
        }
    }
    // A path heading (`` ## `/x` ``) whose method a section below it gives (`### Lists x`
    // over `* Method: GET`): the route is that section's.
    for index in 1..sections.len() {
        if sections[index].method && !sections[index].path {
            let level = sections[index].level;
            let ancestor = (1..index)
                .rev()
                .find(|&p| sections[p].level < level && sections[p].path);
            if ancestor.is_some_and(|a| !sections[a].method) {
                sections[index].path = true;
            }
        }
    }
    let mut kinds: Vec<Routes> = Vec::with_capacity(sections.len());
    let mut by_heading = HashMap::new();
    for (index, section) in sections.iter().enumerate() {
        let ancestors = (0..index)
            .rev()
            .filter(|&p| p > 0 && sections[p].level < section.level);
        let mut under_endpoint = false;
        let mut floor = section.level;
        for p in ancestors {
            if sections[p].level < floor {
                floor = sections[p].level;
                if sections[p].route_heading || kinds[p] == Routes::Titled {
                    under_endpoint = true;
                }
            }
        }
        let mut found = section.routes + usize::from(section.path && section.method);
        if found == 0 {
            found = section.code_routes.len();
        }
        let kind = if section.route_heading || under_endpoint {
            Routes::Ignored
        } else if found == 1 && !section.label_heading && section.start.is_some() {
            Routes::Titled
        } else {
            Routes::InPlace
        };
        kinds.push(kind);
        if let Some(start) = section.start {
            by_heading.insert(start, kind);
        }
    }
    Plan {
        first: kinds[0],
        by_heading,
    }
}

/// A paragraph's line that is a route: the whole line (`GET /users`, `` `POST /users` ``,
/// `Endpoint: GET /x`), with no remark unless a label introduced it. The route, and the byte
/// offset within the line where the route's text starts.
fn paragraph_route(line: &str) -> Option<(Route, usize)> {
    let (rest, at) = routes::after_route_label(line);
    let route = routes::route_line(rest)?.ok()?;
    (route.remark.is_none() || route.separated || at > 0).then_some((route, at))
}

/// A heading that is only a path (`` ## `/api/v1/notes` ``): the path of the section's route,
/// whose method a `Method:` line gives.
fn path_heading(text: &str) -> Option<&str> {
    let text = text.trim();
    (text.starts_with('/') && !text.contains(char::is_whitespace)).then_some(text)
}

/// A route's method and path with parameter names erased, to see the same route twice.
fn route_key(route: &Route) -> String {
    let (path, _) = super::params::brace_params(route.path.split('?').next().unwrap_or(""));
    let mut shape = String::new();
    let mut depth = 0;
    for c in path.chars() {
        match c {
            '{' => {
                depth += 1;
                shape.push('{');
            }
            '}' => {
                depth -= 1;
                shape.push('}');
            }
            _ if depth > 0 => {}
            c => shape.push(c),
        }
    }
    format!("{} {}", route.methods[0], shape.trim_end_matches('/'))
}

/// A route in a code span that ends a line of prose, as in a list of methods:
/// ``- Get one entry `GET /entries/{id}/` ``. `source` is the paragraph's source text, which
/// must show the route in backticks. The route and its byte offset in `line`.
fn trailing_code_route(line: &str, source: &str) -> Option<(Route, usize)> {
    static TRAILING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:^|[^A-Za-z])((?:GET|POST|PUT|PATCH|DELETE) /[^ \t`]*)$")
            .expect("valid regex")
    });
    let found = TRAILING.captures(line.trim_end())?.get(1)?;
    if !source.contains(&format!("`{}`", found.as_str())) {
        return None;
    }
    let route = routes::route_line(found.as_str())?.ok()?;
    Some((route, found.start()))
}

/// The first line of a code block that is a route (`GET /users`, `POST /users HTTP/1.1`).
fn code_route(line: &str) -> Option<Route> {
    let route = routes::route_line(line.trim())?.ok()?;
    route.remark.is_none().then_some(route)
}

struct Lexer<'f, 'd> {
    file: &'f SourceFile,
    diagnostics: &'d mut Vec<Diagnostic>,
    items: Vec<Item>,
    buffer: Buffer,
    endpoint_level: Option<HeadingLevel>,
    seen_title: bool,
    /// What the current section does with routes.
    routes: Routes,
    plan: HashMap<usize, Routes>,
    /// The heading of a [`Routes::Titled`] section, until its route is read.
    title: Option<(String, usize)>,
    /// What the section said before its route was read: it follows the endpoint.
    held: Vec<Item>,
    /// `**URL** : /x` of the current section, with its offset.
    route_path: Option<(String, usize)>,
    /// The level of the path heading that gave [`Lexer::route_path`], if one did.
    route_path_level: Option<HeadingLevel>,
    /// The level of the current section's heading.
    section_level: Option<HeadingLevel>,
    /// The level of the heading the current endpoint belongs to (hand-written documents).
    endpoint_heading: Option<HeadingLevel>,
    /// `**Method** : POST` of the current section.
    route_method: Option<Method>,
    paragraph_start: usize,
    /// The paragraph holds a link: a route in it refers to an endpoint documented elsewhere.
    linked: bool,
    /// The document is written in sdkgen's own Markdown form (see [`OWN_FORM`]).
    own_form: bool,
    /// The routes read in the current section (see [`route_key`]).
    section_routes: Vec<String>,
    /// The current section named a route outside a code block: a route in a code block below
    /// it is an example request.
    text_route: bool,
}

impl Lexer<'_, '_> {
    fn push(&mut self, item: Item) {
        if self.title.is_some() {
            self.held.push(item);
        } else {
            self.items.push(item);
        }
    }

    fn warn(&mut self, code: &'static str, offset: usize, message: String) {
        self.diagnostics.push(Diagnostic::new(
            Severity::Warning,
            code,
            self.file,
            offset,
            message,
        ));
    }

    /// Ends a section: a title whose route never came is a group after all.
    fn finish_section(&mut self) {
        if let Some((text, offset)) = self.title.take() {
            self.items.push(Item::Group { name: text, offset });
            self.items.append(&mut self.held);
        }
        self.route_method = None;
        self.section_routes.clear();
        self.text_route = false;
    }

    /// An endpoint from a route found at `offset` (the route's text) in the source.
    fn endpoint(&mut self, route: Route, offset: usize) {
        if let Some(note) = &route.note {
            let message = format!("`{} {}`: {note}", route.methods[0], route.path);
            self.warn("route-read-leniently", offset, message);
        }
        let key = route_key(&route);
        if self.section_routes.contains(&key) {
            return;
        }
        if self.title.is_none() && self.endpoint_heading.is_none() {
            // A route written in a section's text: what is below the section belongs to it.
            self.endpoint_heading = self.section_level;
        }
        self.section_routes.push(key);
        let mut methods = route.methods.into_iter();
        let Some(method) = methods.next() else {
            return;
        };
        self.items.push(Item::Endpoint {
            method,
            also: methods.collect(),
            path: route.path,
            offset,
            path_offset: offset + route.path_at,
        });
        if let Some((title, title_offset)) = self.title.take() {
            self.items.push(Item::Prose {
                text: title,
                offset: title_offset,
            });
        }
        if let Some(remark) = route.remark {
            self.items.push(Item::Prose {
                text: remark,
                offset,
            });
        }
        self.items.append(&mut self.held);
    }

    fn run(&mut self, events: Vec<(Event<'_>, Range<usize>)>) {
        let mut heading_start = 0;
        let mut row: Vec<(String, usize)> = Vec::new();
        let mut row_offset = 0;
        let mut cell_offset = 0;
        let mut code: Option<Code> = None;
        let mut in_table_head = false;
        let mut quote_depth = 0usize;
        let mut in_metadata = false;
        let mut table_header: Vec<String> = Vec::new();
        let mut html: Option<Range<usize>> = None;
        for (event, range) in events {
            // Block quotes are notes for people: nothing in them is read.
            match &event {
                Event::Start(Tag::BlockQuote(_)) => {
                    quote_depth += 1;
                    continue;
                }
                Event::End(TagEnd::BlockQuote(_)) => {
                    quote_depth = quote_depth.saturating_sub(1);
                    continue;
                }
                _ if quote_depth > 0 => continue,
                _ => {}
            }
            match event {
                Event::Start(Tag::MetadataBlock(_)) => in_metadata = true,
                Event::End(TagEnd::MetadataBlock(_)) => in_metadata = false,
                Event::Text(text) if in_metadata => self.front_matter(&text, range.start),
                Event::Start(Tag::Heading { .. }) => {
                    self.buffer.start();
                    heading_start = range.start;
                }
                Event::End(TagEnd::Heading(level)) => self.heading(level, heading_start),
                Event::Start(Tag::Paragraph | Tag::Item) => {
                    self.buffer.start();
                    self.paragraph_start = range.start;
                    self.linked = false;
                }
                Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                    self.paragraph(range.end);
                    self.buffer.start();
                }
                Event::Start(Tag::TableHead) => {
                    in_table_head = true;
                    row.clear();
                    row_offset = range.start;
                }
                Event::Start(Tag::TableRow) => {
                    row.clear();
                    row_offset = range.start;
                }
                Event::Start(Tag::TableCell) => {
                    self.buffer.start();
                    cell_offset = range.start;
                }
                Event::End(TagEnd::TableCell) => {
                    let offset = self.buffer.first_offset().unwrap_or(cell_offset);
                    row.push((self.buffer.text.trim().to_owned(), offset));
                }
                Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                    let cells = std::mem::take(&mut row);
                    if in_table_head {
                        table_header = cells.iter().map(|(c, _)| c.clone()).collect();
                    } else if self.table_route(&table_header, &cells) {
                        continue;
                    }
                    self.push(Item::Row {
                        cells,
                        header: in_table_head,
                        offset: row_offset,
                    });
                    in_table_head = false;
                }
                Event::Start(Tag::CodeBlock(kind)) => {
                    let info = match &kind {
                        CodeBlockKind::Fenced(info) => info.to_string(),
                        CodeBlockKind::Indented => String::new(),
                    };
                    code = Some(Code {
                        info,
                        text_start: None,
                        text: String::new(),
                        end: range.end,
                    });
                }
                Event::End(TagEnd::CodeBlock) => {
                    if let Some(block) = code.take() {
                        self.code_block(block);
                    }
                }
                Event::Text(text) | Event::Code(text) => match code.as_mut() {
                    Some(block) => {
                        block.text_start.get_or_insert(range.start);
                        block.text.push_str(&text);
                    }
                    None => {
                        self.buffer.push(&text, range.start);
                    }
                },
                Event::Start(Tag::HtmlBlock) => html = Some(range.clone()),
                Event::Html(_) => {
                    if let Some(block) = html.as_mut() {
                        block.end = block.end.max(range.end);
                    }
                }
                Event::End(TagEnd::HtmlBlock) => {
                    if let Some(block) = html.take() {
                        self.html_block(block.start, block.end.max(range.end));
                    }
                }
                Event::Start(Tag::Image { dest_url, .. }) => {
                    self.push(Item::RawBody {
                        media_type: image_type(&dest_url).to_owned(),
                        offset: range.start,
                    });
                }
                Event::Start(Tag::Link { dest_url, .. }) => {
                    self.linked = true;
                    self.buffer.mark(range.start);
                    self.push(Item::Link {
                        target: dest_url.into_string(),
                    });
                }
                Event::Start(Tag::Strong | Tag::Emphasis) => self.buffer.mark(range.start),
                Event::SoftBreak | Event::HardBreak => self.buffer.line_break(),
                _ => {}
            }
        }
    }

    /// YAML front matter: its `title:` is the document's title; the rest is for the site.
    fn front_matter(&mut self, text: &str, offset: usize) {
        let mut at = offset;
        for line in text.split_inclusive('\n') {
            let value = line
                .strip_prefix("title:")
                .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\'').to_owned());
            if let Some(value) = value.filter(|v| !v.is_empty()) {
                if !self.seen_title {
                    self.seen_title = true;
                    self.items.push(Item::Title {
                        text: value,
                        offset: at,
                    });
                }
            }
            at += line.len();
        }
    }

    fn heading(&mut self, level: HeadingLevel, heading_start: usize) {
        let text = self.buffer.text.trim().to_owned();
        let offset = self.buffer.first_offset().unwrap_or(heading_start);
        self.finish_section();
        self.routes = self
            .plan
            .get(&heading_start)
            .copied()
            .unwrap_or(Routes::InPlace);
        // A path heading's path waits for its method in the sections below it.
        if self.route_path_level.is_none_or(|l| level <= l) {
            self.route_path = None;
            self.route_path_level = None;
        }
        if let Some(path) = path_heading(&text).filter(|_| !self.own_form) {
            self.route_path = Some((path.to_owned(), self.buffer.source_offset(0)));
            self.route_path_level = Some(level);
        }
        self.section_level = Some(level);
        // In a document written by hand, endpoints sit at several levels: what is below one is
        // decided by the level of the current endpoint's heading.
        let current = if self.own_form {
            self.endpoint_level
        } else {
            self.endpoint_heading
        };
        if self.routes == Routes::Titled {
            self.endpoint_level.get_or_insert(level);
            self.endpoint_heading = Some(level);
            self.title = Some((text, offset));
            return;
        }
        // Below an endpoint, a heading such as `#### GET /a for example` is a section for people.
        let route_level = current.is_none_or(|l| level <= l);
        match routes::route_line(&text).filter(|_| route_level) {
            Some(Ok(route)) => {
                self.endpoint_level.get_or_insert(level);
                self.endpoint_heading = Some(level);
                let position = self.buffer.source_offset(0);
                self.endpoint(route, position);
                return;
            }
            Some(Err(bad)) => {
                self.endpoint_level.get_or_insert(level);
                self.items.push(Item::BadEndpoint {
                    message: bad.message,
                    offset: self.buffer.source_offset(bad.at),
                });
                return;
            }
            _ => {}
        }
        let endpoint_level = self.endpoint_level;
        let below_endpoint = current.is_some_and(|e| level > e);
        if !below_endpoint {
            self.endpoint_heading = None;
        }
        if let Some(bad) = grammar::bad_endpoint_line(&text).filter(|bad| {
            // Only where an endpoint heading could be: below an endpoint, a heading such as
            // `#### GET /a b` is a section for people; and a word that is no method only at the
            // endpoints' own level, so `## API /v1` stays a group title.
            bad.unknown_method
                && level >= HeadingLevel::H3
                && endpoint_level.is_none_or(|l| level == l)
        }) {
            self.endpoint_level.get_or_insert(level);
            self.items.push(Item::BadEndpoint {
                message: bad.message,
                offset: offset + bad.at,
            });
        } else if level == HeadingLevel::H1 && !self.seen_title {
            self.seen_title = true;
            self.items.push(Item::Title { text, offset });
        } else if let Some((label, rest_at)) = grammar::label_heading_in(&text, self.own_form)
            .or_else(|| grammar::status_heading(&text).filter(|_| below_endpoint && !self.own_form))
            .filter(|(l, _)| below_endpoint || *l == grammar::Label::SharedHeaders)
        {
            let rest_offset = offset + rest_at;
            self.items
                .push(label_item(Some(label), &text, rest_at, offset, rest_offset));
        } else if below_endpoint {
            // A section for people (`#### Request fields`): skipped up to the next label.
            self.items.push(Item::Aside);
        } else if !text.is_empty() && path_heading(&text).is_none() {
            // A path heading (`` ## `/x` ``) names a route, not a group.
            self.items.push(Item::Group { name: text, offset });
        }
    }

    fn paragraph(&mut self, end: usize) {
        let lines: Vec<(String, usize)> = self
            .buffer
            .lines()
            .into_iter()
            .map(|(line, position)| (line.to_owned(), position))
            .collect();
        let whole = self.file.text[self.paragraph_start..end.min(self.file.text.len())].trim();
        // A paragraph that is all bold (`**Sample response**`) is a label heading in disguise.
        let bold = (whole.starts_with("**") || whole.starts_with("__"))
            && (whole.trim_end_matches(':').ends_with("**")
                || whole.trim_end_matches(':').ends_with("__"));
        let single = lines.len() == 1;
        for (line, position) in lines {
            let offset = self.buffer.source_offset(position);
            if self.routes != Routes::Ignored {
                if let Some(part) = routes::route_part(&line) {
                    self.route_part(part, offset);
                    continue;
                }
                if single && !self.linked {
                    let found = paragraph_route(&line)
                        .or_else(|| trailing_code_route(&line, whole).filter(|_| !self.own_form));
                    if let Some((route, at)) = found {
                        let start = self.buffer.source_offset(position + at);
                        self.text_route = true;
                        self.endpoint(route, start);
                        continue;
                    }
                }
            } else if routes::route_part(&line).is_some() {
                // `**URL** : /x` under an endpoint heading repeats the heading.
                continue;
            }
            // In a document written by hand, `The api is:` is prose, not an unknown label.
            let label_line =
                grammar::label_line(&line).filter(|(label, _)| label.is_some() || self.own_form);
            if let Some((label, rest_at)) = label_line {
                let rest_offset = self.buffer.source_offset(position + rest_at);
                let takes_body = label.is_some_and(|l| l.takes_body());
                self.push(label_item(label, &line, rest_at, offset, rest_offset));
                let rest = line[rest_at..].trim();
                // An inline sample: `**Request Body:** `{}``.
                if takes_body && rest.starts_with('`') {
                    let inline = rest.trim_matches('`');
                    if json::starts_value(inline) {
                        if let Some(at) = self.file.text[offset..].find(inline) {
                            let start = offset + at;
                            self.sample(start, start + inline.len(), FenceLabel::default(), true);
                        }
                    }
                }
            } else if let Some(label) = grammar::phrase_label(&line).filter(|_| !self.own_form) {
                self.push(label_item(Some(label), &line, line.len(), offset, offset));
            } else if let Some((label, rest_at)) =
                grammar::label_heading(line.trim_end_matches(':'))
                    .filter(|_| bold && single && !self.own_form)
            {
                let rest_offset = self.buffer.source_offset(position + rest_at);
                self.push(label_item(Some(label), &line, rest_at, offset, rest_offset));
            } else {
                self.push(Item::Prose { text: line, offset });
            }
        }
    }

    /// A table row that names a route (or half of one): read as the route, not as a row.
    fn table_route(&mut self, header: &[String], cells: &[(String, usize)]) -> bool {
        if self.routes == Routes::Ignored || self.own_form {
            return false;
        }
        let texts: Vec<String> = cells.iter().map(|(c, _)| c.clone()).collect();
        match routes::table_route(header, &texts) {
            Some(routes::TableRoute::Route(mut route, column)) => {
                let offset = cells[column].1;
                // The path starts the cell: the route's own offset within `METHOD path` is
                // not a source position.
                route.path_at = 0;
                self.text_route = true;
                self.endpoint(route, offset);
                true
            }
            Some(routes::TableRoute::Part(part)) => {
                let offset = cells.get(1).map_or(0, |c| c.1);
                let part = match part {
                    routes::RoutePart::Path(path, _) => routes::RoutePart::Path(path, 0),
                    method => method,
                };
                self.route_part(part, offset);
                true
            }
            None => false,
        }
    }

    fn route_part(&mut self, part: routes::RoutePart, offset: usize) {
        match part {
            routes::RoutePart::Path(path, at) => {
                self.route_path = Some((path, offset + at));
                self.route_path_level = None;
            }
            routes::RoutePart::Method(method) => self.route_method = Some(method),
        }
        self.text_route = true;
        if let (Some((path, path_offset)), Some(method)) = (&self.route_path, self.route_method) {
            let route = Route {
                methods: vec![method],
                path: path.clone(),
                path_at: 0,
                remark: None,
                note: None,
                separated: false,
            };
            let offset = *path_offset;
            // A path heading's path serves every section below it (`### Get` and `### Set`).
            if self.route_path_level.is_none() {
                self.route_path = None;
            }
            self.route_method = None;
            self.endpoint(route, offset);
        }
    }

    fn code_block(&mut self, block: Code) {
        let Some(start) = block.text_start else {
            return;
        };
        // `json`, `json title="…"`, `{.http .apirequest}`.
        let lang = block
            .info
            .trim_start_matches(['{', '.', ' '])
            .split(|c: char| c.is_whitespace() || c == '}' || c == ',' || c == '.')
            .next()
            .unwrap_or("")
            .to_ascii_lowercase();
        // A JSON-RPC twin of an HTTP request (`title="JSON-RPC Request"`) is another API.
        if block.info.to_ascii_lowercase().contains("rpc") {
            return;
        }
        let fence = grammar::fence_label(&block.info);
        let first_line = block
            .text
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        let lead = block.text.len() - block.text.trim_start().len();
        // A route written as a code block: an endpoint, and in an HTTP message its body.
        let example = self.text_route || self.routes == Routes::Ignored;
        if let Some(route) = code_route(first_line).filter(|_| !example) {
            let at = start + lead;
            self.endpoint(route, at);
        }
        match lang.as_str() {
            "json" | "jsonc" | "json5" | "js" | "javascript" | "" | "text" | "txt" | "http"
            | "plain" | "plaintext" | "yaml" | "yml" | "xml" | "html" => {}
            "sh" | "bash" | "shell" | "console" | "curl" | "zsh" | "terminal" | "cmd" => {
                self.curl_body(&block, start);
                return;
            }
            _ => return,
        }
        if let Some((kind, body_at)) = http_message(&block.text, lang == "http") {
            let mut label = fence;
            label.role = Some(kind.0);
            label.status = kind.1.or(label.status);
            let body_start = start + body_at;
            if body_start < block.end && json::starts_value(block.text[body_at..].trim_start()) {
                let skipped =
                    block.text[body_at..].len() - block.text[body_at..].trim_start().len();
                self.sample(body_start + skipped, block.end, label, false);
            }
            return;
        }
        let trimmed = block.text.trim_start();
        let json_lang = matches!(lang.as_str(), "json" | "jsonc" | "json5");
        if json_dialect::starts_sample(trimmed) && !matches!(lang.as_str(), "xml" | "html") {
            // An untagged block that is no JSON value (config, prose) is no sample.
            let strict = json_lang || trimmed.starts_with(['{', '[']);
            self.sample(start + lead, block.end, fence, strict);
        } else if !trimmed.is_empty() && !json_lang && !lang.is_empty() {
            if let Some(media_type) = media_type(&lang) {
                self.push(Item::RawBody {
                    media_type: media_type.to_owned(),
                    offset: start,
                });
            }
        }
    }

    /// A terminal transcript in HTML (`<pre><code>curl … -d '{…}'` and the JSON it printed):
    /// the command's body is a request sample, the output a response sample.
    fn html_block(&mut self, start: usize, end: usize) {
        let end = end.min(self.file.text.len());
        let raw = &self.file.text[start..end];
        if !raw.contains("<pre") {
            return;
        }
        let limit = raw
            .find("</code>")
            .or_else(|| raw.find("</pre>"))
            .unwrap_or(raw.len());
        let block = Code {
            info: String::new(),
            text_start: Some(start),
            text: raw[..limit].to_owned(),
            end: start + limit,
        };
        self.curl_body(&block, start);
        // The output: the first line after the command that starts a JSON value.
        let mut at = raw.find('\n').map_or(limit, |n| n + 1);
        while at < limit {
            let line_end = raw[at..limit].find('\n').map_or(limit, |n| at + n + 1);
            let line = raw[at..line_end].trim_start();
            if line.starts_with(['{', '[']) {
                let offset = start + line_end - raw[at..line_end].trim_start().len();
                let output = FenceLabel {
                    role: Some(FenceRole::Response(ResponseLabel::Success)),
                    status: None,
                };
                self.sample(offset, start + limit, output, false);
                return;
            }
            at = line_end;
        }
    }

    /// A `curl` command's `-d '{...}'` body: the request sample.
    fn curl_body(&mut self, block: &Code, start: usize) {
        if !block.text.contains("curl") {
            return;
        }
        for flag in ["--data-raw ", "--data-binary ", "--data ", "-d "] {
            let Some(at) = block.text.find(flag) else {
                continue;
            };
            let after = &block.text[at + flag.len()..];
            let quote = after.chars().next();
            let Some(quote @ ('\'' | '"')) = quote else {
                continue;
            };
            let body = &after[1..];
            let Some(close) = body.find(quote) else {
                continue;
            };
            if quote == '"' && body[..close].contains('\\') {
                continue;
            }
            if json::starts_value(body.trim_start()) {
                let skipped = body.len() - body.trim_start().len();
                let body_start = start + at + flag.len() + 1 + skipped;
                let limit = start + at + flag.len() + 1 + close;
                let label = FenceLabel {
                    role: Some(FenceRole::Request),
                    status: None,
                };
                self.sample(body_start, limit, label, false);
            }
            return;
        }
    }

    /// Reads the sample at `offset` (up to `limit`, where the code block or code span ends).
    /// A sample that cannot be read is skipped with a warning if `strict` (it was meant as
    /// JSON), silently otherwise.
    fn sample(&mut self, offset: usize, limit: usize, fence: FenceLabel, strict: bool) {
        match json_dialect::read_sample(self.file, offset, limit) {
            Ok(recovered) => {
                let after = self.file.text[recovered.end..limit].trim_start();
                let closed = after.is_empty()
                    || after.starts_with("```")
                    || after.starts_with("~~~")
                    || after.starts_with('`')
                    || after.starts_with(['\'', '"']);
                if !closed {
                    let at = limit - after.len();
                    let diagnostic = Diagnostic::new(
                        Severity::Warning,
                        UNREADABLE,
                        self.file,
                        at,
                        "unexpected text after the JSON sample: the sample is skipped",
                    )
                    .with_hint("a code block holds exactly one JSON value");
                    self.push(Item::SampleNote(diagnostic));
                    return;
                }
                for warning in recovered.warnings {
                    self.push(Item::SampleNote(warning));
                }
                self.push(Item::Body(recovered.json, fence));
            }
            Err(mut diagnostic) if strict => {
                diagnostic.severity = Severity::Warning;
                diagnostic.code = UNREADABLE;
                diagnostic.message = format!("{}; the sample is skipped", diagnostic.message);
                self.push(Item::SampleNote(diagnostic));
            }
            Err(_) => {}
        }
    }
}

/// The diagnostic code of a sample that cannot be read (an error under `--strict`).
pub(crate) const UNREADABLE: &str = "unreadable-sample";

/// A raw HTTP message in a code block: `POST /x HTTP/1.1` or `HTTP/1.1 200 OK`, headers, a
/// blank line and the body. Its role and status, and where its body starts in the text.
fn http_message(text: &str, http_fence: bool) -> Option<((FenceRole, Option<u16>), usize)> {
    let first = text.lines().find(|l| !l.trim().is_empty())?.trim();
    let role = if let Some(status_line) = first.strip_prefix("HTTP/") {
        let status = status_line
            .split_whitespace()
            .nth(1)
            .and_then(|s| s.parse::<u16>().ok())
            .filter(|s| (100..=599).contains(s));
        let label = ResponseLabel::of_status(status.unwrap_or(200));
        (FenceRole::Response(label), status)
    } else if (first.contains(" HTTP/") || http_fence) && code_route(first).is_some() {
        (FenceRole::Request, None)
    } else {
        return None;
    };
    // Header lines, then a blank line or (as documents often write it) the body at once.
    let mut at = text.find(first).unwrap_or(0) + first.len();
    for line in text[at..].split_inclusive('\n').skip(1) {
        let trimmed = line.trim();
        if trimmed.is_empty() || trimmed.starts_with(['{', '[']) {
            let lead = if trimmed.is_empty() { line.len() } else { 0 };
            return Some((role, at + 1 + lead));
        }
        let header = trimmed
            .split_once(':')
            .is_some_and(|(name, _)| !name.is_empty() && !name.contains(' '));
        if !header {
            return None;
        }
        at += line.len();
    }
    None
}

/// The media type a fence's language names, for a sample that is not JSON.
fn media_type(lang: &str) -> Option<&'static str> {
    Some(match lang {
        "xml" => "application/xml",
        "html" => "text/html",
        "text" | "txt" | "plain" | "plaintext" => "text/plain",
        "csv" => "text/csv",
        "yaml" | "yml" => "application/yaml",
        "m3u8" | "hls" => "application/vnd.apple.mpegurl",
        _ => return None,
    })
}

/// The media type of an image by its file name.
fn image_type(url: &str) -> &'static str {
    let name = url
        .split(['?', '#'])
        .next()
        .unwrap_or(url)
        .to_ascii_lowercase();
    match name.rsplit('.').next() {
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("svg") => "image/svg+xml",
        Some("webp") => "image/webp",
        _ => "application/octet-stream",
    }
}

fn label_item(
    label: Option<grammar::Label>,
    line: &str,
    rest_at: usize,
    offset: usize,
    rest_offset: usize,
) -> Item {
    Item::Label {
        label,
        line: line.to_owned(),
        rest: line[rest_at.min(line.len())..].trim().to_owned(),
        offset,
        rest_offset,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn label_rest_positions_skip_the_markup() {
        let text = "# T\n\n## G\n\n### GET /a\n\n**Success Response:** No fixture.\n\n**Error Response:** oops\n";
        let report = crate::parse_str("a.md", text).unwrap_err();
        let error = &report.diagnostics[1];
        assert_eq!(error.code, "missing-status");
        assert_eq!((error.span.line, error.span.column), (9, 21));
        let warning = &report.diagnostics[0];
        assert_eq!(warning.code, "no-success-fixture");
        assert_eq!((warning.span.line, warning.span.column), (7, 23));
    }

    /// The errors reading `text` as `a.md` gives: (code, line, column).
    fn errors_of(text: &str) -> Vec<(&'static str, u32, u32)> {
        let report = crate::parse_str("a.md", text).unwrap_err();
        report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.code, d.span.line, d.span.column))
            .collect()
    }

    #[test]
    fn near_miss_endpoint_headings_are_read_or_reported() {
        let text = "# T\n\n## G\n\n### get /a\n\n**Success Response:** (HTTP 200)\n\n```json\n{}\n```\n\n### GET /b /c\n\n### GET /d - Get a d\n\n#### GET /not an endpoint\n\n**Success Response:** (HTTP 200)\n\n```json\n{}\n```\n";
        // Only a path with white space inside it is an error.
        assert_eq!(errors_of(text), [("malformed-endpoint", 13, 11)]);
        let fixed = text.replace("### GET /b /c\n", "");
        let parsed = crate::parse_str("a.md", &fixed).expect("the rest is read");
        let routes: Vec<String> = parsed.api.endpoints.iter().map(|e| e.route()).collect();
        // `get` is read as GET (with a warning); the remark is the description; below the
        // endpoint `GET /d`, `#### GET /not an endpoint` is a section for people.
        assert_eq!(routes, ["GET /a", "GET /d"]);
        assert_eq!(
            parsed.api.endpoints[1]
                .description
                .as_ref()
                .map(|d| d.text.as_str()),
            Some("Get a d")
        );
        assert!(parsed
            .warnings
            .iter()
            .any(|w| w.code == "route-read-leniently" && w.span.line == 5));
    }

    #[test]
    fn a_title_with_a_path_is_no_almost_endpoint_but_an_unknown_method_heading_is() {
        let text = "# REST /api

## API /v1

### GET /a

**Success Response:** (HTTP 200)

```json
{}
```

### FETCH /b
";
        let errors = errors_of(text);
        assert_eq!(errors, [("malformed-endpoint", 13, 5)]);
        let groups = crate::parse_str("a.md", &text.replace("### FETCH /b\n", ""))
            .expect("the titles are titles")
            .api
            .groups;
        assert_eq!(groups[0].name, "API /v1");
    }
}
