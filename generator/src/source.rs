//! Source files as the parser sees them: normalised text plus a line index, so that every
//! byte offset can be turned into the `line:column` a person reads in an editor.

use serde::{Deserialize, Serialize};

/// A position in one of the documents that make up an API: file index, 1-based line and
/// 1-based column (counted in characters, as editors do).
///
/// Spans serialize as a compact `[file, line, column]` triple so that `--ir` output stays readable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// Index into [`crate::ir::Api::sources`].
    pub file: u32,
    /// 1-based line number.
    pub line: u32,
    /// 1-based column, in characters.
    pub column: u32,
}

impl Serialize for Span {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        [self.file, self.line, self.column].serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Span {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let [file, line, column] = <[u32; 3]>::deserialize(deserializer)?;
        Ok(Span { file, line, column })
    }
}

/// Is `c` a bidirectional control (U+202A–U+202E, U+2066–U+2069, U+200E, U+200F, U+061C)?
/// rustc rejects them in comments and literals, and they can make text read in another order
/// than it runs ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}'
    )
}

/// One input document, with its text normalised (BOM removed, CRLF turned into LF) and an index
/// of line starts.
#[derive(Debug, Clone)]
pub struct SourceFile {
    /// Index of this file among the API's sources.
    pub id: u32,
    /// The path as the user gave it (used in diagnostics).
    pub path: String,
    /// The normalised text.
    pub text: String,
    line_starts: Vec<usize>,
    /// Per line, the byte offset of its first non-ASCII character (the line's end when it has
    /// none): up to there a column is a byte difference, so the spans of the many nodes of a
    /// long one-line sample cost constant time rather than a count from the line's start.
    ascii_until: Vec<usize>,
}

impl SourceFile {
    /// Normalises `text` (drops a leading UTF-8 BOM, turns `\r\n` and lone `\r` into `\n`) and
    /// indexes its lines. Line and column numbers stay those of the original file.
    pub fn new(id: u32, path: impl Into<String>, text: &str) -> Self {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let text = if text.contains('\r') {
            text.replace("\r\n", "\n").replace('\r', "\n")
        } else {
            text.to_owned()
        };
        let line_starts: Vec<usize> = std::iter::once(0)
            .chain(text.match_indices('\n').map(|(i, _)| i + 1))
            .collect();
        let ascii_until = line_starts
            .iter()
            .map(|&start: &usize| {
                let line = text[start..].split('\n').next().unwrap_or("");
                start
                    + line
                        .bytes()
                        .position(|b| !b.is_ascii())
                        .unwrap_or(line.len())
            })
            .collect();
        SourceFile {
            id,
            path: path.into(),
            text,
            line_starts,
            ascii_until,
        }
    }

    /// The span of a byte offset into [`SourceFile::text`].
    pub fn span(&self, offset: usize) -> Span {
        let offset = offset.min(self.text.len());
        let line_index = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let line_start = self.line_starts[line_index];
        let ascii_until = self.ascii_until[line_index];
        let column = if offset <= ascii_until {
            offset - line_start
        } else {
            (ascii_until - line_start)
                + self.text[ascii_until..floor_char_boundary(&self.text, offset)]
                    .chars()
                    .count()
        };
        Span {
            file: self.id,
            line: line_index as u32 + 1,
            column: column as u32 + 1,
        }
    }

    /// The text of a 1-based line, without its line break (empty past the end of the file).
    pub fn line_text(&self, line: u32) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1) as usize) else {
            return "";
        };
        // The next line's start, less its `\n`: no search along a long line.
        let end = self
            .line_starts
            .get(line as usize)
            .map_or(self.text.len(), |&next| next - 1);
        &self.text[start..end]
    }

    /// The byte offset a span of this file points at (the inverse of [`SourceFile::span`]).
    pub fn offset(&self, span: Span) -> usize {
        let start = self.line_start(span.line);
        let columns = span.column.saturating_sub(1) as usize;
        // Within the line's ASCII prefix a column is a byte count: constant time.
        if let Some(&ascii_until) = self.ascii_until.get(span.line.saturating_sub(1) as usize) {
            if start + columns <= ascii_until {
                return start + columns;
            }
        }
        let column_bytes: usize = self
            .line_text(span.line)
            .chars()
            .take(span.column.saturating_sub(1) as usize)
            .map(char::len_utf8)
            .sum();
        (start + column_bytes).min(self.text.len())
    }

    /// Byte offset of the start of a 1-based line (the end of the text past the last line).
    pub fn line_start(&self, line: u32) -> usize {
        self.line_starts
            .get(line.saturating_sub(1) as usize)
            .copied()
            .unwrap_or(self.text.len())
    }
}

fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_count_characters_and_survive_crlf_and_bom() {
        let file = SourceFile::new(0, "a.txt", "\u{feff}ab\r\n中文x\r\nlast");
        assert_eq!(file.text, "ab\n中文x\nlast");
        assert_eq!(
            file.span(0),
            Span {
                file: 0,
                line: 1,
                column: 1
            }
        );
        let x = file.text.find('x').unwrap();
        assert_eq!((file.span(x).line, file.span(x).column), (2, 3));
        assert_eq!(file.line_text(2), "中文x");
        assert_eq!(file.line_text(3), "last");
        assert_eq!(file.line_text(9), "");
        let end = file.span(file.text.len());
        assert_eq!((end.line, end.column), (3, 5));
    }
}
