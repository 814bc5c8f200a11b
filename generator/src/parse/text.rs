//! The front end for the flattened text form: one line per heading, label or table row, JSON
//! samples that end wherever the JSON value ends (often mid-line, glued to the next heading).

use super::grammar::{self, Item};
use crate::diagnostic::Diagnostic;
use crate::json;
use crate::source::SourceFile;

/// Reads a text document into items. JSON problems are pushed to `diagnostics`; reading goes on
/// at the next line that starts an endpoint or a label, so one document reports all its problems.
pub(crate) fn lex(file: &SourceFile, diagnostics: &mut Vec<Diagnostic>) -> Vec<Item> {
    let text = file.text.as_str();
    let mut items = Vec::new();
    let mut pos = 0;
    let mut expect_body = false;
    let mut seen_title = false;
    let mut seen_endpoint = false;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = &text[pos..line_end];
        let content = line.trim();
        if content.is_empty() {
            pos = line_end + 1;
            continue;
        }
        let start = pos + (line.len() - line.trim_start().len());
        if expect_body && json::starts_value(content) {
            expect_body = false;
            match json::read_value(file, start, text.len(), &grammar::may_follow_sample) {
                Ok((value, end)) => {
                    items.push(Item::Body(value, grammar::FenceLabel::default()));
                    pos = end;
                }
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    pos = resume_after_bad_json(text, start);
                }
            }
            continue;
        }
        expect_body = false;
        let mut next = line_end + 1;
        if let Some((method, path, path_start)) = grammar::endpoint_line(content) {
            seen_endpoint = true;
            items.push(Item::Endpoint {
                method,
                also: Vec::new(),
                path: path.to_owned(),
                offset: start,
                path_offset: start + path_start,
            });
        } else if let Some(bad) = grammar::bad_endpoint_line(content) {
            seen_endpoint = true;
            items.push(Item::BadEndpoint {
                message: bad.message,
                offset: start + bad.at,
            });
        } else if content.starts_with('|') {
            let cells = grammar::table_cells(content);
            if !grammar::is_separator_row(&cells) {
                let header = next_line(text, next)
                    .is_some_and(|l| grammar::is_separator_row(&grammar::table_cells(l)));
                items.push(Item::Row {
                    cells: cells.into_iter().map(|(c, o)| (c, start + o)).collect(),
                    header,
                    offset: start,
                });
            }
        } else if !seen_title {
            seen_title = true;
            items.push(Item::Title {
                text: content.to_owned(),
                offset: start,
            });
        } else if let Some((label, rest_at)) = grammar::label_line(content)
            .filter(|(label, _)| seen_endpoint || *label == Some(grammar::Label::SharedHeaders))
        {
            let rest = content[rest_at..].trim();
            let rest_offset = start + rest_at;
            // A label whose sample starts on its own line: `Request Body: {}`.
            expect_body = label.is_none_or(|l| l.takes_body());
            // Only a known label carries its sample inline; `Rate Limits: 10 per second` is prose.
            if label.is_some() && expect_body && json::starts_value(rest) {
                next = rest_offset;
            }
            items.push(Item::Label {
                label,
                line: content.to_owned(),
                rest: rest.to_owned(),
                offset: start,
                rest_offset,
            });
        } else if grammar::heading_like(content)
            && next_line(text, next).is_some_and(|l| {
                grammar::endpoint_line(l).is_some() || grammar::bad_endpoint_line(l).is_some()
            })
        {
            items.push(Item::Group {
                name: content.to_owned(),
                offset: start,
            });
        } else {
            items.push(Item::Prose {
                text: content.to_owned(),
                offset: start,
            });
        }
        pos = next;
    }
    items
}

/// The next non-blank line at or after `pos`, trimmed.
fn next_line(text: &str, pos: usize) -> Option<&str> {
    text.get(pos..)?
        .lines()
        .map(str::trim)
        .find(|line| !line.is_empty())
}

/// After a malformed sample, skips to the next line that begins (perhaps after the closing
/// brackets of the broken sample) with an endpoint heading or a label.
fn resume_after_bad_json(text: &str, from: usize) -> usize {
    let mut pos = text[from..].find('\n').map_or(text.len(), |i| from + i + 1);
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let line = &text[pos..line_end];
        let skipped = line.len() - line.trim_start_matches(['}', ']', ' ', '\t', ',']).len();
        let rest = &line[skipped..];
        if grammar::endpoint_line(rest.trim_end()).is_some()
            || grammar::bad_endpoint_line(rest.trim_end()).is_some()
            || matches!(grammar::label_line(rest), Some((Some(_), _)))
        {
            return pos + skipped;
        }
        pos = line_end + 1;
    }
    text.len()
}
