//! The front end for the Markdown form: `#` title, `##` groups, `###` endpoint headings, bold
//! labels, GFM tables and fenced JSON samples, read with pulldown-cmark.
//!
//! Only tables are enabled: heading attributes would turn `### GET /roles/{roleBizId}` into a
//! heading titled `GET /roles/`.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::grammar::{self, Item};
use crate::diagnostic::{Diagnostic, Severity};
use crate::json;
use crate::source::SourceFile;

/// Text being collected between a Start and an End event, with the source offset of each line.
#[derive(Default)]
struct Buffer {
    text: String,
    line_offsets: Vec<(usize, usize)>,
    at_line_start: bool,
}

impl Buffer {
    fn start(&mut self) {
        self.text.clear();
        self.line_offsets.clear();
        self.at_line_start = true;
    }

    fn push(&mut self, text: &str, offset: usize) {
        if self.at_line_start {
            self.line_offsets.push((self.text.len(), offset));
            self.at_line_start = false;
        }
        self.text.push_str(text);
    }

    fn mark(&mut self, offset: usize) {
        if self.at_line_start {
            self.line_offsets.push((self.text.len(), offset));
            self.at_line_start = false;
        }
    }

    fn line_break(&mut self) {
        self.text.push('\n');
        self.at_line_start = true;
    }

    /// The collected lines with their source offsets.
    fn lines(&self) -> Vec<(&str, usize)> {
        let mut lines = Vec::new();
        for (i, &(start, offset)) in self.line_offsets.iter().enumerate() {
            let end = self
                .line_offsets
                .get(i + 1)
                .map_or(self.text.len(), |&(next, _)| next);
            let line = self.text[start..end].trim();
            if !line.is_empty() {
                lines.push((line, offset));
            }
        }
        lines
    }
}

/// Reads a Markdown document into the same items the text front end produces.
pub(crate) fn lex(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Vec<Item> {
    let mut items = Vec::new();
    let mut buffer = Buffer::default();
    let mut heading_start = 0;
    let mut endpoint_level: Option<HeadingLevel> = None;
    let mut seen_title = false;
    let mut row: Vec<(String, usize)> = Vec::new();
    let mut row_offset = 0;
    let mut cell_offset = 0;
    let mut code: Option<(usize, bool)> = None;
    let mut depth_in_table_head = false;
    let mut expect_body = false;

    for (event, range) in Parser::new_ext(&file.text, Options::ENABLE_TABLES).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => {
                buffer.start();
                heading_start = range.start;
            }
            Event::End(TagEnd::Heading(level)) => {
                expect_body = false;
                let text = buffer.text.trim().to_owned();
                let offset = buffer
                    .line_offsets
                    .first()
                    .map_or(heading_start, |&(_, o)| o);
                if let Some((method, path, path_at)) = grammar::endpoint_line(&text) {
                    endpoint_level.get_or_insert(level);
                    items.push(Item::Endpoint {
                        method,
                        path: path.to_owned(),
                        offset,
                        path_offset: offset + path_at,
                    });
                } else if level == HeadingLevel::H1 && !seen_title {
                    seen_title = true;
                    items.push(Item::Title { text, offset });
                } else if let Some((label, rest_at)) = endpoint_level
                    .filter(|&l| level > l)
                    .and_then(|_| grammar::label_heading(&text))
                {
                    expect_body = label.takes_body();
                    items.push(label_item(Some(label), &text, rest_at, offset));
                } else if endpoint_level.is_some_and(|l| level > l) {
                    items.push(Item::Prose { text, offset });
                } else if !text.is_empty() {
                    items.push(Item::Group { name: text, offset });
                }
            }
            Event::Start(Tag::Paragraph | Tag::Item) => buffer.start(),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                for (line, offset) in buffer.lines() {
                    if let Some((label, rest_at)) = grammar::label_line(line) {
                        expect_body = label.is_none_or(|l| l.takes_body());
                        items.push(label_item(label, line, rest_at, offset));
                        let rest = line[rest_at..].trim();
                        // An inline sample: `**Request Body:** `{}``.
                        if expect_body && rest.starts_with('`') && json::starts_value(&rest[1..]) {
                            let inline = rest.trim_matches('`');
                            if let Some(at) = file.text[offset..].find(inline) {
                                let start = offset + at;
                                let limit = start + inline.len();
                                read_body(file, start, limit, &mut items, diagnostics);
                                expect_body = false;
                            }
                        }
                    } else {
                        items.push(Item::Prose {
                            text: line.to_owned(),
                            offset,
                        });
                    }
                }
                buffer.start();
            }
            Event::Start(Tag::TableHead) => {
                depth_in_table_head = true;
                row.clear();
                row_offset = range.start;
            }
            Event::Start(Tag::TableRow) => {
                row.clear();
                row_offset = range.start;
            }
            Event::Start(Tag::TableCell) => {
                buffer.start();
                cell_offset = range.start;
            }
            Event::End(TagEnd::TableCell) => {
                let offset = buffer.line_offsets.first().map_or(cell_offset, |&(_, o)| o);
                row.push((buffer.text.trim().to_owned(), offset));
            }
            Event::End(TagEnd::TableHead | TagEnd::TableRow) => {
                items.push(Item::Row {
                    cells: std::mem::take(&mut row),
                    header: depth_in_table_head,
                    offset: row_offset,
                });
                depth_in_table_head = false;
            }
            Event::Start(Tag::CodeBlock(kind)) => {
                let is_json = match &kind {
                    CodeBlockKind::Fenced(info) => {
                        let lang = info.split_whitespace().next().unwrap_or("");
                        lang.is_empty() || lang.eq_ignore_ascii_case("json")
                    }
                    CodeBlockKind::Indented => true,
                };
                code = Some((range.end, expect_body && is_json));
            }
            Event::End(TagEnd::CodeBlock) => code = None,
            Event::Text(text) | Event::Code(text) => match code {
                Some((block_end, true)) => {
                    code = Some((block_end, false));
                    expect_body = false;
                    let skipped = text.len() - text.trim_start().len();
                    if !text.trim().is_empty() {
                        let start = range.start + skipped;
                        read_body(file, start, block_end, &mut items, diagnostics);
                    }
                }
                Some((_, false)) => {}
                None => buffer.push(&text, range.start),
            },
            Event::Start(Tag::Strong | Tag::Emphasis | Tag::Link { .. }) => {
                buffer.mark(range.start);
            }
            Event::SoftBreak | Event::HardBreak => buffer.line_break(),
            _ => {}
        }
    }
    items
}

fn label_item(label: Option<grammar::Label>, line: &str, rest_at: usize, offset: usize) -> Item {
    Item::Label {
        label,
        line: line.to_owned(),
        rest: line[rest_at..].trim().to_owned(),
        offset,
        rest_offset: offset + rest_at,
    }
}

/// Reads the JSON sample at `offset` of the source; anything but white space (or the closing
/// fence) after it is an error.
fn read_body(
    file: &SourceFile,
    offset: usize,
    limit: usize,
    items: &mut Vec<Item>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match json::read_value(file, offset, limit, &|_| false) {
        Ok((value, end)) => {
            let after = file.text[end..limit].trim_start();
            let closed = after.is_empty()
                || after.starts_with("```")
                || after.starts_with("~~~")
                || after.starts_with('`');
            if !closed {
                let at = limit - after.len();
                diagnostics.push(
                    Diagnostic::new(
                        Severity::Error,
                        "malformed-json",
                        file,
                        at,
                        "unexpected text after the JSON sample",
                    )
                    .with_hint("a code block holds exactly one JSON value"),
                );
            }
            items.push(Item::Body(value));
        }
        Err(diagnostic) => diagnostics.push(diagnostic),
    }
}
