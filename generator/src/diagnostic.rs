//! Diagnostics: every problem found in a document, rendered as `path:line:col: error: message`
//! followed by the offending source line, a caret under the column and an optional hint.
//!
//! The format is the one compilers use, so editors and CI log viewers link it to the source.

use std::fmt;

use serde::Serialize;

use crate::source::{SourceFile, Span};

/// How serious a diagnostic is. Errors stop generation; warnings are reported and generation goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Reported; generation continues.
    Warning,
    /// Generation stops and nothing is written.
    Error,
}

/// One problem found in an input document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case identifier of the kind of problem (`malformed-json`, `duplicate-endpoint`, ...).
    pub code: &'static str,
    /// The file, as the user named it.
    pub path: String,
    /// Where the problem is.
    pub span: Span,
    /// What is wrong, and what was expected.
    pub message: String,
    /// The source line the span points into; of a very long line (a one-line sample), the
    /// part around the column, cut with `…`.
    pub source_line: String,
    /// Characters of the line that `source_line` leaves out before the column (the `…` that
    /// replaces them counts as one), so the caret still lines up.
    #[serde(skip)]
    cut_before: u32,
    /// How to fix it, where there is something useful to say.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// A diagnostic at byte `offset` of `file`.
    pub fn new(
        severity: Severity,
        code: &'static str,
        file: &SourceFile,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let span = file.span(offset);
        let (source_line, cut_before) = excerpt(file, span, offset);
        Diagnostic {
            severity,
            code,
            path: file.path.clone(),
            span,
            message: message.into(),
            source_line,
            cut_before,
            hint: None,
        }
    }

    /// Adds a hint line.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Is this an error (rather than a warning)?
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The one-line form, `path:line:col: severity: message`.
    pub fn headline(&self) -> String {
        let severity = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        format!(
            "{}:{}:{}: {severity}: {}",
            escape_controls(&self.path),
            self.span.line,
            self.span.column,
            escape_controls(&self.message)
        )
    }
}

/// Does a terminal act on `c` instead of showing it? C0 and C1 controls (but tab), and the
/// bidirectional controls that reorder what follows them.
pub fn is_terminal_control(c: char) -> bool {
    (c.is_control() && c != '\t') || crate::source::is_bidi_control(c)
}

/// Shows control characters from a document as `\u{1b}` escapes, so that printing a diagnostic
/// never moves the cursor, changes colours or reorders the terminal's text.
pub fn escape_controls(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(is_terminal_control) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if is_terminal_control(c) {
            escaped.push_str(&c.escape_unicode().to_string());
        } else {
            escaped.push(c);
        }
    }
    std::borrow::Cow::Owned(escaped)
}

/// Bytes of a long line kept on each side of the column.
const EXCERPT: usize = 240;

/// The line of `span`, or for a line longer than twice [`EXCERPT`] the part around `offset`
/// with `…` where it is cut, and how many characters before the column the cut removed (less
/// the one `…`). Constant work per diagnostic, so thousands of warnings in one long sample do
/// not copy the line thousands of times.
fn excerpt(file: &SourceFile, span: Span, offset: usize) -> (String, u32) {
    let line = file.line_text(span.line);
    if line.len() <= 2 * EXCERPT {
        return (line.to_owned(), 0);
    }
    let line_start = file.line_start(span.line);
    let at = offset.clamp(line_start, line_start + line.len()) - line_start;
    let mut start = at.saturating_sub(EXCERPT);
    while !line.is_char_boundary(start) {
        start -= 1;
    }
    let mut end = (at + EXCERPT).min(line.len());
    while !line.is_char_boundary(end) {
        end += 1;
    }
    let mut text = String::new();
    let mut cut_before = 0;
    if start > 0 {
        text.push('…');
        let kept = line[start..at].chars().count() as u32;
        cut_before = span.column.saturating_sub(1).saturating_sub(kept + 1);
    }
    text.push_str(&line[start..end]);
    if end < line.len() {
        text.push('…');
    }
    (text, cut_before)
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.headline())?;
        let number = self.span.line.to_string();
        let gutter = " ".repeat(number.len());
        // Keep tabs as tabs and make room for escapes, so the caret lines up with what the
        // terminal shows.
        let mut pad = String::new();
        for c in self
            .source_line
            .chars()
            .take(self.span.column.saturating_sub(1 + self.cut_before) as usize)
        {
            match c {
                '\t' => pad.push('\t'),
                c if is_terminal_control(c) => {
                    pad.push_str(&" ".repeat(c.escape_unicode().count()));
                }
                _ => pad.push(' '),
            }
        }
        writeln!(f, "{gutter} |")?;
        writeln!(f, "{number} | {}", escape_controls(&self.source_line))?;
        write!(f, "{gutter} | {pad}^")?;
        if let Some(hint) = &self.hint {
            write!(f, "\n{gutter} = hint: {}", escape_controls(hint))?;
        }
        Ok(())
    }
}

/// A set of diagnostics, sorted by position. It is the error type of every fallible sdkgen call
/// that reads documents, so `main() -> Result<(), Report>` and `build.rs` users see the same text.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct Report {
    /// All diagnostics, errors and warnings, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Builds a report, sorting the diagnostics by position.
    pub fn new(mut diagnostics: Vec<Diagnostic>) -> Self {
        diagnostics.sort_by(|a, b| {
            (a.span, b.severity, &a.message).cmp(&(b.span, a.severity, &b.message))
        });
        diagnostics.dedup();
        Report { diagnostics }
    }

    /// The errors in this report.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.is_error())
    }

    /// The warnings in this report.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| !d.is_error())
    }

    /// Does the report hold at least one error?
    pub fn has_errors(&self) -> bool {
        self.errors().next().is_some()
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for diagnostic in &self.diagnostics {
            writeln!(f, "{diagnostic}\n")?;
        }
        let errors = self.errors().count();
        let warnings = self.diagnostics.len() - errors;
        write!(
            f,
            "{} {}, {} {}",
            errors,
            plural(errors, "error"),
            warnings,
            plural(warnings, "warning")
        )
    }
}

// `main() -> Result<(), Report>` prints the Debug form: make it the readable one.
impl fmt::Debug for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl std::error::Error for Report {}

fn plural(count: usize, word: &str) -> String {
    if count == 1 {
        word.to_owned()
    } else {
        format!("{word}s")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_very_long_line_is_cut_around_the_column() {
        let line = format!("{}X{}", "a".repeat(1000), "b".repeat(1000));
        let file = SourceFile::new(0, "long.txt", &line);
        let diagnostic = Diagnostic::new(Severity::Warning, "test", &file, 1000, "here");
        assert_eq!(diagnostic.span.column, 1001);
        let expected_line = format!("…{}X{}…", "a".repeat(EXCERPT), "b".repeat(EXCERPT - 1));
        assert_eq!(diagnostic.source_line, expected_line);
        let rendered = diagnostic.to_string();
        let caret = format!("  | {}^", " ".repeat(EXCERPT + 1));
        assert!(rendered.ends_with(&caret), "{rendered}");
    }

    #[test]
    fn renders_headline_source_line_caret_and_hint() {
        let file = SourceFile::new(0, "docs/a.txt", "first\n\tbad {line\n");
        let offset = file.text.find('{').unwrap();
        let diagnostic = Diagnostic::new(Severity::Error, "test", &file, offset, "unclosed `{`")
            .with_hint("close it");
        assert_eq!(
            diagnostic.to_string(),
            "docs/a.txt:2:6: error: unclosed `{`\n  |\n2 | \tbad {line\n  | \t    ^\n  = hint: close it"
        );
    }

    #[test]
    fn control_characters_from_the_document_are_escaped() {
        // An escape sequence that would clear the screen, and a right-to-left override.
        let file = SourceFile::new(0, "docs/a\u{7}.txt", "x \u{1b}[2J \u{202E}bad {\n");
        let offset = file.text.find('{').unwrap();
        let diagnostic = Diagnostic::new(
            Severity::Error,
            "test",
            &file,
            offset,
            "label `\u{1b}[31m` is unknown",
        );
        let shown = diagnostic.to_string();
        assert!(
            !shown.lines().flat_map(str::chars).any(is_terminal_control),
            "{shown:?}"
        );
        assert_eq!(
            shown,
            format!(
                "docs/a\\u{{7}}.txt:1:13: error: label `\\u{{1b}}[31m` is unknown\n  |\n\
                 1 | x \\u{{1b}}[2J \\u{{202e}}bad {{\n  | {}^",
                " ".repeat(24)
            )
        );
    }

    #[test]
    fn report_sorts_by_position_and_counts() {
        let file = SourceFile::new(0, "a", "one\ntwo\n");
        let late = Diagnostic::new(Severity::Warning, "w", &file, 5, "late");
        let early = Diagnostic::new(Severity::Error, "e", &file, 1, "early");
        let report = Report::new(vec![late, early]);
        assert_eq!(report.diagnostics[0].message, "early");
        assert!(report.to_string().ends_with("1 error, 1 warning"));
    }
}
