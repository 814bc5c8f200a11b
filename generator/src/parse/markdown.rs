//! The front end for the Markdown form: `#` title, `##` groups, `###` endpoint headings, bold
//! labels, GFM tables and fenced JSON samples, read with pulldown-cmark.
//!
//! Only tables are enabled: heading attributes would turn `### GET /roles/{roleBizId}` into a
//! heading titled `GET /roles/`.
//!
//! What is written for people rather than for sdkgen is skipped: block quotes (GitHub alerts
//! such as `> [!NOTE]` included), code blocks in other languages than JSON (`sh`, `rust`), and
//! sections under a heading below an endpoint that is not a label (`#### Request fields`,
//! `#### Examples`), up to the next label or heading.

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use super::grammar::{self, Item};
use crate::diagnostic::{Diagnostic, Severity};
use crate::json;
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
    let mut quote_depth = 0usize;

    for (event, range) in Parser::new_ext(&file.text, Options::ENABLE_TABLES).into_offset_iter() {
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
            Event::Start(Tag::Heading { .. }) => {
                buffer.start();
                heading_start = range.start;
            }
            Event::End(TagEnd::Heading(level)) => {
                expect_body = false;
                let text = buffer.text.trim().to_owned();
                let offset = buffer.first_offset().unwrap_or(heading_start);
                if let Some((method, path, path_at)) = grammar::endpoint_line(&text) {
                    endpoint_level.get_or_insert(level);
                    items.push(Item::Endpoint {
                        method,
                        path: path.to_owned(),
                        offset,
                        path_offset: offset + path_at,
                    });
                } else if let Some(bad) = grammar::bad_endpoint_line(&text).filter(|bad| {
                    if bad.unknown_method {
                        level >= HeadingLevel::H3 && endpoint_level.is_none_or(|l| level == l)
                    } else {
                        endpoint_level.is_none_or(|l| level <= l)
                    }
                }) {
                    // Only where an endpoint heading could be: below an endpoint, a heading such
                    // as `#### GET /a b` is a section for people; and a word that is no method
                    // only at the endpoints' own level, so `## API /v1` stays a group title.
                    endpoint_level.get_or_insert(level);
                    items.push(Item::BadEndpoint {
                        message: bad.message,
                        offset: offset + bad.at,
                    });
                } else if level == HeadingLevel::H1 && !seen_title {
                    seen_title = true;
                    items.push(Item::Title { text, offset });
                } else if let Some((label, rest_at)) =
                    grammar::label_heading(&text).filter(|(l, _)| {
                        // Below an endpoint any label; elsewhere only `Shared Headers`.
                        endpoint_level.is_some_and(|e| level > e)
                            || *l == grammar::Label::SharedHeaders
                    })
                {
                    expect_body = label.takes_body();
                    let rest_offset = offset + rest_at;
                    items.push(label_item(Some(label), &text, rest_at, offset, rest_offset));
                } else if endpoint_level.is_some_and(|l| level > l) {
                    // A section for people (`#### Request fields`): skipped up to the next label.
                    items.push(Item::Aside);
                } else if !text.is_empty() {
                    items.push(Item::Group { name: text, offset });
                }
            }
            Event::Start(Tag::Paragraph | Tag::Item) => buffer.start(),
            Event::End(TagEnd::Paragraph | TagEnd::Item) => {
                for (line, position) in buffer.lines() {
                    let offset = buffer.source_offset(position);
                    if let Some((label, rest_at)) = grammar::label_line(line) {
                        expect_body = label.is_none_or(|l| l.takes_body());
                        let rest_offset = buffer.source_offset(position + rest_at);
                        items.push(label_item(label, line, rest_at, offset, rest_offset));
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
                let offset = buffer.first_offset().unwrap_or(cell_offset);
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
            Event::Start(Tag::Link { dest_url, .. }) => {
                buffer.mark(range.start);
                items.push(Item::Link {
                    target: dest_url.into_string(),
                });
            }
            Event::Start(Tag::Strong | Tag::Emphasis) => {
                buffer.mark(range.start);
            }
            Event::SoftBreak | Event::HardBreak => buffer.line_break(),
            _ => {}
        }
    }
    items
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
        rest: line[rest_at..].trim().to_owned(),
        offset,
        rest_offset,
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
    fn endpoint_headings_that_are_almost_endpoints_are_errors() {
        let text = "# T\n\n## G\n\n### get /a\n\n**Success Response:** (HTTP 200)\n\n```json\n{}\n```\n\n### GET /b c\n\n### GET /d\n\n#### GET /not an endpoint\n\n**Success Response:** (HTTP 200)\n\n```json\n{}\n```\n";
        let errors = errors_of(text);
        // Below the endpoint `GET /d`, `#### GET /not an endpoint` is a section for people.
        assert_eq!(
            errors,
            [("malformed-endpoint", 5, 5), ("malformed-endpoint", 13, 11)]
        );
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
