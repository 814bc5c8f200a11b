//! Document text made safe for rustdoc (and for any CommonMark reader): the one place every
//! doc comment of the generated crate gets text from the document through.
//!
//! Nothing in a document becomes code. Three shapes of text:
//!
//! - [`inline`]: a name, title, label or message inside a sentence. Line breaks become spaces;
//!   every character Markdown gives a meaning to (`` \ ` * _ [ ] < > ~ | & # ``) is escaped
//!   with a backslash (but `_` inside a word, which cannot mark emphasis), so no code span,
//!   emphasis, link (intra-doc or other), HTML tag or entity forms; a bare `http(s)://` URL
//!   becomes an autolink `<…>` (rustdoc's `bare_urls` lint).
//! - [`code`]: a wire name, code or sample value shown as an inline code span, with a fence of
//!   backticks longer than any run inside it.
//! - [`prose`]: a multi-line description. Lines are escaped as [`inline`] text (leading
//!   whitespace removed, so no indented code block forms); a fenced block written in the
//!   document (```` ``` ```` or `~~~`, whatever its info string) is kept as a block fenced as
//!   `text`, so rustdoc shows it and never compiles or runs it as a doctest; an unclosed fence
//!   is closed at the end.
//!
//! Everywhere, control characters and bidirectional controls (U+202A–U+202E, U+2066–U+2069,
//! U+200E, U+200F, U+061C; rustc rejects them in comments) are written as the visible escape
//! `\u{202e}`; the parser warns about each bidirectional control with its position.

/// Characters that must not reach a doc comment as they are: what a terminal would act on
/// (controls but tab, bidirectional controls) and the Unicode line and paragraph separators.
fn is_unsafe(c: char) -> bool {
    crate::diagnostic::is_terminal_control(c) || matches!(c, '\u{2028}' | '\u{2029}')
}

/// Characters Markdown gives a meaning to, escaped with a backslash in inline text.
fn is_markdown_special(c: char) -> bool {
    matches!(
        c,
        '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '~' | '|' | '&' | '#'
    )
}

/// Characters an autolinked URL may hold (no space, `<`, `>`, backslash or backtick).
fn is_url_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~:/?#@!$&'()*+,;=%".contains(c)
}

/// The length of a bare URL starting at the start of `rest`, if one does (trailing sentence
/// punctuation excluded).
fn url_len(rest: &str) -> Option<usize> {
    let scheme = ["https://", "http://"]
        .into_iter()
        .find(|s| rest.starts_with(s))?;
    let run = rest.find(|c: char| !is_url_char(c)).unwrap_or(rest.len());
    let url = rest[..run].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
    (url.len() > scheme.len()).then_some(url.len())
}

/// Escapes one line (no line breaks in it) of inline text into `out`.
fn escape_line(line: &str, out: &mut String) {
    let mut chars = line.char_indices();
    let mut previous: Option<char> = None;
    while let Some((at, c)) = chars.next() {
        if c == 'h' {
            if let Some(len) = url_len(&line[at..]) {
                out.push('<');
                out.push_str(&line[at..at + len]);
                out.push('>');
                // The URL is ASCII: skip its remaining characters.
                for _ in 1..len {
                    chars.next();
                }
                previous = Some('>');
                continue;
            }
        }
        if is_unsafe(c) {
            // `\\` renders as one backslash.
            out.push_str(&format!("\\\\u{{{:x}}}", c as u32));
        } else {
            // An `_` between letters or digits (`pac_xxx`) can neither open nor close emphasis.
            let next = line[at + c.len_utf8()..].chars().next();
            let intraword = c == '_'
                && previous.is_some_and(char::is_alphanumeric)
                && next.is_some_and(char::is_alphanumeric);
            if is_markdown_special(c) && !intraword {
                out.push('\\');
            }
            out.push(c);
        }
        previous = Some(c);
    }
}

/// Inline text (a name, title, label or message) as literal Markdown: whitespace runs and line
/// breaks become one space, Markdown punctuation is escaped, bare URLs become autolinks.
pub fn inline(text: &str) -> String {
    let collapsed = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out = String::with_capacity(collapsed.len() + 8);
    escape_line(&collapsed, &mut out);
    out
}

/// Text shown verbatim: unsafe characters written as `\u{…}` escapes, line breaks as spaces.
fn verbatim(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else if is_unsafe(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// An inline code span showing `text` literally (`(empty)` for an empty text).
pub fn code(text: &str) -> String {
    let text = verbatim(text);
    if text.is_empty() {
        return "(empty)".to_owned();
    }
    let mut longest = 0;
    let mut run = 0;
    for c in text.chars() {
        run = if c == '`' { run + 1 } else { 0 };
        longest = longest.max(run);
    }
    let fence = "`".repeat(longest + 1);
    // A space on each side keeps a leading or trailing backtick, or both-side spaces, intact.
    let pad = text.starts_with('`')
        || text.ends_with('`')
        || (text.starts_with(' ') && text.ends_with(' ') && text.trim() != "");
    if pad {
        format!("{fence} {text} {fence}")
    } else {
        format!("{fence}{text}{fence}")
    }
}

/// A code fence opening line: its character, its length and whether it is one.
fn fence_open(line: &str) -> Option<(char, usize)> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    if indent > 3 {
        return None;
    }
    let rest = &line[indent..];
    let c = rest.chars().next().filter(|c| *c == '`' || *c == '~')?;
    let len = rest.len() - rest.trim_start_matches(c).len();
    // A backtick fence's info string holds no backtick.
    (len >= 3 && !(c == '`' && rest[len..].contains('`'))).then_some((c, len))
}

/// Does this line close a fence of `c` × `len`?
fn fence_close(line: &str, c: char, len: usize) -> bool {
    let trimmed = line.trim();
    let indent = line.len() - line.trim_start_matches(' ').len();
    indent <= 3
        && trimmed.len() >= len
        && trimmed.chars().all(|x| x == c)
        && line.trim_start().len() == trimmed.len()
}

/// A multi-line description as doc comment lines (each starting with a space, blank lines
/// empty): escaped paragraphs, and the document's own code fences as `text` blocks.
pub fn prose(text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut fence: Option<(char, usize)> = None;
    for line in text.lines() {
        let line = line.trim_end();
        match fence {
            Some((c, len)) if fence_close(line, c, len) => {
                lines.push(format!(" {}", c.to_string().repeat(len)));
                fence = None;
            }
            Some(_) => lines.push(format!(" {}", verbatim(line))),
            None => {
                if let Some((c, len)) = fence_open(line) {
                    lines.push(format!(" {}text", c.to_string().repeat(len)));
                    fence = Some((c, len));
                } else if line.trim().is_empty() {
                    lines.push(String::new());
                } else {
                    let mut out = String::from(" ");
                    escape_line(line.trim_start(), &mut out);
                    lines.push(out);
                }
            }
        }
    }
    if let Some((c, len)) = fence {
        lines.push(format!(" {}", c.to_string().repeat(len)));
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_text_is_literal() {
        let cases = [
            (
                "Execute auth login initiate.",
                "Execute auth login initiate.",
            ),
            ("a\n```rust\nb", "a \\`\\`\\`rust b"),
            ("see [`Client`]", "see \\[\\`Client\\`\\]"),
            ("<b>x</b> & y", "\\<b\\>x\\</b\\> \\& y"),
            ("\"]; //", "\"\\]; //"),
            ("a\u{202e}b", "a\\\\u{202e}b"),
            (
                "x\u{2066}y\u{200f}z\u{61c}",
                "x\\\\u{2066}y\\\\u{200f}z\\\\u{61c}",
            ),
            ("# heading", "\\# heading"),
            (
                "see https://example.invalid/a_b.",
                "see <https://example.invalid/a_b>.",
            ),
            ("nohttps://example.com", "no<https://example.com>"),
            ("http://", "http://"),
            ("C:\\dir", "C:\\\\dir"),
            ("tab\there", "tab here"),
            ("pac_xxx _em_ a_", "pac_xxx \\_em\\_ a\\_"),
        ];
        for (text, expected) in cases {
            assert_eq!(inline(text), expected, "inline of {text:?}");
        }
    }

    #[test]
    fn code_spans_hold_any_text() {
        let cases = [
            ("userId", "`userId`"),
            ("a`b", "``a`b``"),
            ("`", "`` ` ``"),
            ("x``y", "```x``y```"),
            ("", "(empty)"),
            ("a\u{202e}b", "`a\\u{202e}b`"),
            ("l1\nl2", "`l1 l2`"),
        ];
        for (text, expected) in cases {
            assert_eq!(code(text), expected, "code of {text:?}");
        }
    }

    #[test]
    fn prose_fences_become_text_blocks() {
        let text = "Intro [x]\n```rust\nfn main() { panic!() }\n```\n    indented\n\n~~~~\nopen";
        assert_eq!(
            prose(text),
            [
                " Intro \\[x\\]",
                " ```text",
                " fn main() { panic!() }",
                " ```",
                " indented",
                "",
                " ~~~~text",
                " open",
                " ~~~~",
            ]
        );
    }

    #[test]
    fn no_line_of_any_output_opens_a_doctest() {
        for text in [
            "```",
            "  ```rust",
            "~~~",
            "a\n```\nb",
            "`",
            "\u{202e}```",
            "```\n```js",
        ] {
            for line in [inline(text), code(text)] {
                assert!(
                    fence_open(line.trim_start()).is_none(),
                    "{text:?}: {line:?}"
                );
            }
            let mut open: Option<(char, usize)> = None;
            for line in prose(text) {
                match open {
                    Some((c, len)) if fence_close(&line, c, len) => open = None,
                    Some(_) => {}
                    None => {
                        open = fence_open(line.trim_start());
                        assert!(
                            open.is_none() || line.ends_with("text"),
                            "{text:?} gives the fence {line:?}"
                        );
                    }
                }
            }
            assert!(open.is_none(), "{text:?} leaves a fence open");
        }
    }

    #[test]
    fn no_unsafe_character_survives() {
        let text = "a\u{202a}b\u{202e}c\u{2069}d\u{200e}e\r\u{0}f\u{7f}";
        for out in [inline(text), code(text)].into_iter().chain(prose(text)) {
            assert!(!out.chars().any(is_unsafe), "{out:?}");
        }
    }
}
