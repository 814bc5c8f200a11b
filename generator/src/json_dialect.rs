//! JSON samples as documentation writes them: `//` and `/* */` comments, trailing commas, `...`
//! elisions, unquoted keys and single-quoted strings. Each deviation from JSON is a warning at
//! its exact position and the sample is kept; only what still cannot be read is an error.
//!
//! The reader masks comments and elisions with spaces (so every byte keeps its offset, and every
//! span still points into the document), then parses the rest with jsonc-parser's lenient
//! options.

use crate::diagnostic::{Diagnostic, Severity};
use crate::json::{self, Json};
use crate::source::SourceFile;

/// The diagnostic code of every deviation read past.
pub(crate) const DIALECT: &str = "json-dialect";

/// A sample read, where it ends, and the deviations from JSON that were read past.
#[derive(Debug)]
pub(crate) struct Recovered {
    /// The value.
    pub(crate) json: Json,
    /// The byte offset just past the value.
    pub(crate) end: usize,
    /// One warning per deviation, at its position.
    pub(crate) warnings: Vec<Diagnostic>,
}

/// Reads the sample that starts at `start` (white space, comments and elision lines before it
/// are skipped), not looking past `limit`. Strict JSON is read as [`json::read_value`] reads
/// it; otherwise the dialect is read past with a warning per deviation. The error is the strict
/// reader's when the lenient one cannot do better.
pub(crate) fn read_sample(
    file: &SourceFile,
    start: usize,
    limit: usize,
) -> Result<Recovered, Diagnostic> {
    let strict = match json::read_value(file, start, limit, &|_| false) {
        Ok((json, end)) => {
            return Ok(Recovered {
                json,
                end,
                warnings: Vec::new(),
            })
        }
        Err(error) => error,
    };
    let source = &file.text[start..limit];
    let scan = scan(source);
    let Some((value_start, value_end)) = scan.value else {
        return Err(strict);
    };
    let masked = &scan.masked[..value_end];
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: true,
        allow_trailing_commas: true,
        allow_missing_commas: false,
        allow_single_quoted_strings: true,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = match jsonc_parser::parse_to_ast(masked, &Default::default(), &options) {
        Ok(parsed) => parsed,
        Err(error) => {
            let at = start + error.range().start.min(source.len());
            return Err(Diagnostic::new(
                Severity::Error,
                "malformed-json",
                file,
                at,
                format!("malformed JSON: {}", error.kind()),
            )
            .with_hint(
                "sdkgen reads comments, trailing commas, `...`, unquoted keys and single quotes; \
                 a value elided as `\"key\": ...` or a fragment without its braces it cannot read",
            ));
        }
    };
    let Some(value) = parsed.value else {
        return Err(strict);
    };
    let mut deviations = scan.deviations;
    unquoted_keys(&value, &mut deviations);
    deviations.sort_by_key(|d| d.0);
    let json = json::convert_ast(file, start, value);
    debug_assert!(value_start <= value_end);
    let warnings = deviations
        .into_iter()
        .map(|(at, deviation)| {
            Diagnostic::new(
                Severity::Warning,
                DIALECT,
                file,
                start + at,
                deviation.message(),
            )
            .with_hint(
                "the sample is read without it; strict JSON (RFC 8259) has no comments, \
                 trailing commas, elisions, unquoted keys or single quotes",
            )
        })
        .collect();
    Ok(Recovered {
        json,
        end: start + value_end.min(source.len()),
        warnings,
    })
}

/// A deviation from JSON.
#[derive(Debug, Clone, PartialEq)]
enum Deviation {
    LineComment,
    BlockComment,
    Elision,
    TrailingComma,
    SingleQuotes,
    UnquotedKey(String),
    /// The sample ends (its code block ends) before its brackets are closed.
    Unclosed(String),
}

impl Deviation {
    fn message(&self) -> String {
        match self {
            Deviation::LineComment => "a `//` comment in the JSON sample is skipped".to_owned(),
            Deviation::BlockComment => "a `/* */` comment in the JSON sample is skipped".to_owned(),
            Deviation::Elision => {
                "`...` elides part of the JSON sample: the type is inferred from what is shown"
                    .to_owned()
            }
            Deviation::TrailingComma => "a trailing comma in the JSON sample is skipped".to_owned(),
            Deviation::SingleQuotes => {
                "a single-quoted string in the JSON sample is read as a string".to_owned()
            }
            Deviation::Unclosed(closers) => {
                format!("the JSON sample ends before it is closed: read as if `{closers}` followed")
            }
            Deviation::UnquotedKey(key) => {
                format!("the key `{key}` in the JSON sample is not quoted; read as \"{key}\"")
            }
        }
    }
}

/// The source with comments and elisions blanked out, where the value starts and ends in it,
/// and the deviations found on the way.
struct Scan {
    masked: String,
    value: Option<(usize, usize)>,
    deviations: Vec<(usize, Deviation)>,
}

fn scan(source: &str) -> Scan {
    let bytes = source.as_bytes();
    let mut masked = bytes.to_vec();
    let mut deviations = Vec::new();
    let mut open: Vec<u8> = Vec::new();
    let mut value_start = None;
    let mut value = None;
    let mut i = 0;
    let blank = |masked: &mut Vec<u8>, from: usize, to: usize| {
        for byte in &mut masked[from..to] {
            if *byte != b'\n' {
                *byte = b' ';
            }
        }
    };
    while i < bytes.len() && value.is_none() {
        if !source.is_char_boundary(i) {
            i += 1;
            continue;
        }
        let rest = &source[i..];
        match bytes[i] {
            quote @ (b'"' | b'\'') if value_start.is_some() => {
                if quote == b'\'' {
                    deviations.push((i, Deviation::SingleQuotes));
                }
                i = string_end(bytes, i, quote);
                continue;
            }
            b'/' if rest.starts_with("//") => {
                let end = rest.find('\n').map_or(bytes.len(), |n| i + n);
                blank(&mut masked, i, end);
                deviations.push((i, Deviation::LineComment));
                i = end;
                continue;
            }
            b'/' if rest.starts_with("/*") => {
                let end = rest.find("*/").map_or(bytes.len(), |n| i + n + 2);
                blank(&mut masked, i, end);
                deviations.push((i, Deviation::BlockComment));
                i = end;
                continue;
            }
            b'.' if rest.starts_with("...") => {
                let end = i + rest.len() - rest.trim_start_matches('.').len();
                blank(&mut masked, i, end);
                deviations.push((i, Deviation::Elision));
                i = end;
                continue;
            }
            _ if rest.starts_with('\u{2026}') => {
                let end = i + '\u{2026}'.len_utf8();
                blank(&mut masked, i, end);
                deviations.push((i, Deviation::Elision));
                i = end;
                continue;
            }
            opener @ (b'{' | b'[') => {
                value_start.get_or_insert(i);
                open.push(opener);
            }
            b'}' | b']' if value_start.is_some() => {
                if let Some(comma) = trailing_comma(&masked[..i]) {
                    deviations.push((comma, Deviation::TrailingComma));
                }
                open.pop();
                if open.is_empty() {
                    value = value_start.map(|s| (s, i + 1));
                }
            }
            b if b.is_ascii_whitespace() => {}
            // Text before the value that is neither a comment nor an elision: not a sample
            // this reader can place.
            _ if value_start.is_none() => break,
            _ => {}
        }
        i += 1;
    }
    // A sample cut off before its closing brackets (the code block ends first): closed.
    if let (None, Some(start), false) = (value, value_start, open.is_empty()) {
        let content_end = masked
            .iter()
            .rposition(|b| !b.is_ascii_whitespace())
            .map_or(bytes.len(), |p| p + 1);
        // A fence's closing backticks are no part of the sample.
        let content_end = if source[..content_end].ends_with("```") {
            source[..content_end - 3].trim_end().len()
        } else {
            content_end
        };
        masked.truncate(content_end);
        let closers: String = open
            .iter()
            .rev()
            .map(|&b| if b == b'{' { '}' } else { ']' })
            .collect();
        if let Some(comma) = trailing_comma(&masked) {
            deviations.push((comma, Deviation::TrailingComma));
        }
        deviations.push((
            content_end.saturating_sub(1),
            Deviation::Unclosed(closers.clone()),
        ));
        masked.extend(closers.bytes());
        value = Some((start, masked.len()));
    }
    // Blank what precedes the value (comments, elisions) so the parser sees the value only.
    if let Some((start, _)) = value {
        blank(&mut masked, 0, start);
    }
    Scan {
        masked: String::from_utf8(masked).unwrap_or_default(),
        value,
        deviations,
    }
}

/// The offset just past the string that starts with `quote` at `start`.
fn string_end(bytes: &[u8], start: usize, quote: u8) -> usize {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b'\n' => return i,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// The offset of a comma that only white space separates from the end of `before`.
fn trailing_comma(before: &[u8]) -> Option<usize> {
    let last = before.iter().rposition(|b| !b.is_ascii_whitespace())?;
    (before[last] == b',').then_some(last)
}

fn unquoted_keys(value: &jsonc_parser::ast::Value<'_>, out: &mut Vec<(usize, Deviation)>) {
    use jsonc_parser::ast::{ObjectPropName, Value};
    match value {
        Value::Object(object) => {
            for property in &object.properties {
                if let ObjectPropName::Word(word) = &property.name {
                    out.push((
                        word.range.start,
                        Deviation::UnquotedKey(word.value.to_string()),
                    ));
                }
                unquoted_keys(&property.value, out);
            }
        }
        Value::Array(array) => {
            for element in &array.elements {
                unquoted_keys(element, out);
            }
        }
        _ => {}
    }
}

/// Does `text` (the start of a code block) look like the start of a JSON sample: a value, or a
/// comment or elision before one?
pub(crate) fn starts_sample(text: &str) -> bool {
    let text = text.trim_start();
    json::starts_value(text) || text.starts_with("//") || text.starts_with("/*")
}

/// Is this value empty of evidence (`{}` or `[]` after elisions)?
#[cfg(test)]
fn is_empty(json: &Json) -> bool {
    use crate::json::JsonValue;
    matches!(&json.value, JsonValue::Object(m) if m.is_empty())
        || matches!(&json.value, JsonValue::Array(a) if a.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Recovered, Diagnostic> {
        let file = SourceFile::new(0, "t.md", text);
        read_sample(&file, 0, file.text.len())
    }

    fn positions(recovered: &Recovered) -> Vec<(u32, u32, String)> {
        recovered
            .warnings
            .iter()
            .map(|w| (w.span.line, w.span.column, w.message.clone()))
            .collect()
    }

    #[test]
    fn strict_json_has_no_warnings() {
        let recovered = read("{\"a\": [1, 2]}\n```").unwrap();
        assert!(recovered.warnings.is_empty());
        assert_eq!(recovered.end, 13);
    }

    #[test]
    fn comments_trailing_commas_and_elisions_are_warnings_at_their_position() {
        let text = "{\n  // the id\n  \"id\": 7, /* seven */\n  \"tags\": [\"a\", ...],\n  \"n\": 1,\n}\n```";
        let recovered = read(text).unwrap();
        assert_eq!(
            recovered.json.to_value(),
            serde_json::json!({"id": 7, "tags": ["a"], "n": 1})
        );
        let found = positions(&recovered);
        let at: Vec<(u32, u32)> = found.iter().map(|(l, c, _)| (*l, *c)).collect();
        assert_eq!(at, [(2, 3), (3, 12), (4, 15), (4, 17), (5, 9)], "{found:?}");
        assert!(found[0].2.contains("`//` comment"));
        assert!(found[2].2.contains("trailing comma"));
        assert!(found[3].2.contains("`...`"));
        // Spans still point into the document.
        let tags = recovered.json.get("tags").unwrap();
        assert_eq!((tags.span.line, tags.span.column), (4, 11));
    }

    #[test]
    fn unquoted_keys_single_quotes_and_leading_comments() {
        let text = "// GET /users\n{id: 1, name: 'Ann'}";
        let recovered = read(text).unwrap();
        assert_eq!(
            recovered.json.to_value(),
            serde_json::json!({"id": 1, "name": "Ann"})
        );
        let messages: Vec<String> = positions(&recovered).into_iter().map(|p| p.2).collect();
        assert_eq!(messages.len(), 4, "{messages:?}");
        assert!(messages[1].contains("`id`"));
        assert!(messages[3].contains("`name`") || messages[2].contains("`name`"));
        // Text that is not ASCII, inside strings and out.
        let recovered = read("{\"名称\": \"値\", // 注釈\n}").unwrap();
        assert_eq!(recovered.json.to_value(), serde_json::json!({"名称": "値"}));
        assert!(read("{\"a\": 1 é}").is_err());
        let recovered = read("[ ... ]").unwrap();
        assert!(is_empty(&recovered.json));
        let recovered = read("[{\"a\": 1}, \u{2026}]").unwrap();
        assert_eq!(recovered.json.to_value(), serde_json::json!([{"a": 1}]));
    }

    #[test]
    fn what_cannot_be_read_is_an_error_at_its_position() {
        let error = read("{\n  \"a\": ...\n}").unwrap_err();
        assert_eq!(error.code, "malformed-json");
        assert_eq!(error.span.line, 3, "{error:?}");
        // A sample cut off before its brackets close is closed, with a warning.
        let recovered = read("[\n  {\"a\": 1},\n  {\"a\": 2}\n```").unwrap();
        assert_eq!(
            recovered.json.to_value(),
            serde_json::json!([{"a": 1}, {"a": 2}])
        );
        assert!(recovered.warnings[0]
            .message
            .contains("read as if `]` followed"));
        assert!(read("name: value").is_err());
    }
}
