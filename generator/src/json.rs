//! JSON samples with a source span on every node, and the reader that finds where a sample ends
//! in running text (`}POST /web/...`, `nullError Response:`) by parsing JSON rather than lines.

use std::sync::LazyLock;

use regex::Regex;
use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::diagnostic::{Diagnostic, Severity};
use crate::source::{SourceFile, Span};

static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\{[A-Za-z_][A-Za-z0-9_]*\}|.*\.\.\.|[a-z]+_x{3,}|x{3,}|\*{3,}.*|<[^>]+>|\[[A-Za-z][^\[\]]*\])$")
        .expect("valid regex")
});

/// Is this sample text a sanitised placeholder (`{token}`, `{sessionId}`, `pac_xxx`,
/// `[valid email]`, a value cut with `...`) rather than a real value? Placeholders are not evidence of a type, and
/// the outputs mark examples holding them as redacted.
pub fn is_placeholder_text(text: &str) -> bool {
    PLACEHOLDER.is_match(text)
}

/// A JSON value from a document, with where it starts.
#[derive(Debug, Clone, PartialEq)]
pub struct Json {
    /// Where the value starts.
    pub span: Span,
    /// The value.
    pub value: JsonValue,
}

/// The kinds of JSON value. Numbers keep their exact text so that `10.50` stays `10.50`.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonValue {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, exactly as written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<Json>),
    /// An object, members in document order.
    Object(Vec<JsonMember>),
}

/// A `"key": value` member of an object.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonMember {
    /// The key, unescaped, as written.
    pub key: String,
    /// Where the key is.
    pub span: Span,
    /// The value.
    pub value: Json,
}

impl Json {
    /// Is this a string holding a sanitised placeholder (`{token}`, `pac_xxx`, a value cut
    /// with `...`)?
    pub fn is_placeholder(&self) -> bool {
        matches!(&self.value, JsonValue::String(s) if is_placeholder_text(s))
    }

    /// Does this sample hold a placeholder anywhere?
    pub fn has_placeholder(&self) -> bool {
        match &self.value {
            JsonValue::String(_) => self.is_placeholder(),
            JsonValue::Array(items) => items.iter().any(Json::has_placeholder),
            JsonValue::Object(members) => members.iter().any(|m| m.value.has_placeholder()),
            _ => false,
        }
    }

    /// The member `key` of an object (`None` for other values or a missing key).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match &self.value {
            JsonValue::Object(members) => members.iter().find(|m| m.key == key).map(|m| &m.value),
            _ => None,
        }
    }

    /// Compact one-line JSON with object keys sorted, as `serde_json::Value` prints, but with
    /// every number exactly as the document writes it.
    pub fn compact_text(&self) -> String {
        fn write(out: &mut String, json: &Json) {
            let quoted = |s: &str| serde_json::to_string(s).unwrap_or_default();
            match &json.value {
                JsonValue::Null => out.push_str("null"),
                JsonValue::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
                JsonValue::Number(text) => out.push_str(text),
                JsonValue::String(s) => out.push_str(&quoted(s)),
                JsonValue::Array(items) => {
                    out.push('[');
                    for (i, item) in items.iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        write(out, item);
                    }
                    out.push(']');
                }
                JsonValue::Object(members) => {
                    // Sorted, and the last of repeated keys wins, as in a `serde_json::Map`.
                    let sorted: std::collections::BTreeMap<&str, &Json> =
                        members.iter().map(|m| (m.key.as_str(), &m.value)).collect();
                    out.push('{');
                    for (i, (key, value)) in sorted.into_iter().enumerate() {
                        if i > 0 {
                            out.push(',');
                        }
                        out.push_str(&quoted(key));
                        out.push(':');
                        write(out, value);
                    }
                    out.push('}');
                }
            }
        }
        let mut out = String::new();
        write(&mut out, self);
        out
    }

    /// Converts to a `serde_json::Value`, dropping spans (numbers that do not fit `f64` exactly
    /// are approximated; compare [`JsonValue::Number`] text where exactness matters).
    ///
    /// The result is the same whether or not serde_json's `arbitrary_precision` feature is on
    /// (a generated client turns it on for exact decimals, and Cargo unifies features across a
    /// workspace build): every number is brought back to the `i64`, `u64` or `f64` it would be
    /// without it, so a build of the generator alone and a workspace build write the same files.
    pub fn to_value(&self) -> serde_json::Value {
        let value = serde_json::to_value(self).unwrap_or(serde_json::Value::Null);
        plain_numbers(value).unwrap_or(serde_json::Value::Null)
    }
}

/// `value` with each number as `i64`, `u64` or finite `f64` (a no-op without
/// `arbitrary_precision`); `None` when a number has no finite `f64`, where serde_json without
/// that feature refuses the value.
fn plain_numbers(value: serde_json::Value) -> Option<serde_json::Value> {
    use serde_json::{Number, Value};
    Some(match value {
        Value::Number(number) => Value::Number(match (number.as_i64(), number.as_u64()) {
            (Some(int), _) => Number::from(int),
            (_, Some(int)) => Number::from(int),
            _ => Number::from_f64(number.as_f64()?)?,
        }),
        Value::Array(items) => Value::Array(
            items
                .into_iter()
                .map(plain_numbers)
                .collect::<Option<_>>()?,
        ),
        Value::Object(map) => Value::Object(
            map.into_iter()
                .map(|(key, value)| Some((key, plain_numbers(value)?)))
                .collect::<Option<_>>()?,
        ),
        other => other,
    })
}

/// The values of every key of `objects`, keys in the order they first appear, values in the
/// order of the objects; like [`Json::get`], only an object's first member of a key counts.
/// One pass over all members, so a class with many keys or instances costs linear time.
pub(crate) fn values_by_key<'a>(
    objects: impl IntoIterator<Item = &'a Json>,
) -> indexmap::IndexMap<&'a str, Vec<&'a Json>> {
    // The value list of each key, with the index of the last object that added to it.
    let mut by_key: indexmap::IndexMap<&'a str, (usize, Vec<&'a Json>)> = indexmap::IndexMap::new();
    for (index, object) in objects.into_iter().enumerate() {
        if let JsonValue::Object(members) = &object.value {
            for member in members {
                let (last, values) = by_key
                    .entry(member.key.as_str())
                    .or_insert((usize::MAX, Vec::new()));
                if *last != index {
                    *last = index;
                    values.push(&member.value);
                }
            }
        }
    }
    by_key.into_iter().map(|(k, (_, v))| (k, v)).collect()
}

// A sample serializes as the plain JSON it is; spans stay in memory, where diagnostics use them.
impl Serialize for Json {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match &self.value {
            JsonValue::Null => serializer.serialize_unit(),
            JsonValue::Bool(b) => serializer.serialize_bool(*b),
            // Written as the document wrote it (`18446744073709551616`, `1e-400`, `10.50`) to a
            // JSON writer; `serde_json::to_value` reads it back as the nearest `Number`.
            JsonValue::Number(text) => match serde_json::value::RawValue::from_string(text.clone())
            {
                Ok(raw) => raw.serialize(serializer),
                Err(_) => serializer.serialize_str(text),
            },
            JsonValue::String(s) => serializer.serialize_str(s),
            JsonValue::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            JsonValue::Object(members) => {
                let mut map = serializer.serialize_map(Some(members.len()))?;
                for member in members {
                    map.serialize_entry(&member.key, &member.value)?;
                }
                map.end()
            }
        }
    }
}

/// Can a JSON value start at the beginning of `text`?
pub(crate) fn starts_value(text: &str) -> bool {
    matches!(
        text.as_bytes().first(),
        Some(b'{' | b'[' | b'"' | b'-' | b'0'..=b'9')
    ) || text.starts_with("null")
        || text.starts_with("true")
        || text.starts_with("false")
}

static SCALAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:null|true|false|-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?)")
        .expect("valid regex")
});

/// Reads one JSON value starting at byte `start` of `file`, not looking past `limit`. Returns the value and the byte offset
/// just past it; the text after it (on the same line or not) is left to the caller.
///
/// `glued` is asked whether text directly after a bare scalar (`null`, `true`, a number) may
/// follow it without a separator, as in `nullError Response: (HTTP 404)`.
pub(crate) fn read_value(
    file: &SourceFile,
    start: usize,
    limit: usize,
    glued: &dyn Fn(&str) -> bool,
) -> Result<(Json, usize), Diagnostic> {
    let rest = &file.text[start..limit];
    let len = match rest.as_bytes().first() {
        Some(b'{' | b'[' | b'"') => delimited_len(file, start, limit)?,
        _ => {
            let len = SCALAR.find(rest).map_or(0, |m| m.end());
            let after = &rest[len..];
            let separated = after
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '.'));
            if len == 0 || !(separated || glued(after)) {
                return Err(Diagnostic::new(
                    Severity::Error,
                    "malformed-json",
                    file,
                    start,
                    "expected a JSON value (object, array, string, number, true, false or null)",
                ));
            }
            len
        }
    };
    let end = start + len;
    let json = to_spanned(file, start, &file.text[start..end])?;
    Ok((json, end))
}

/// Length of the object, array or string at `start`, found by parsing it with serde_json.
fn delimited_len(file: &SourceFile, start: usize, limit: usize) -> Result<usize, Diagnostic> {
    let rest = &file.text[start..limit];
    let mut stream = serde_json::Deserializer::from_str(rest).into_iter::<serde::de::IgnoredAny>();
    match stream.next() {
        Some(Ok(_)) => Ok(stream.byte_offset()),
        Some(Err(error)) if error.classify() == serde_json::error::Category::Eof => {
            let what = match rest.as_bytes()[0] {
                b'{' => "object",
                b'[' => "array",
                _ => "string",
            };
            Err(Diagnostic::new(
                Severity::Error,
                "malformed-json",
                file,
                start,
                format!("malformed JSON: this {what} is never closed"),
            )
            .with_hint(
                "every `{` needs its `}` and every `[` its `]` before the next label or heading",
            ))
        }
        Some(Err(error)) => {
            let origin = file.span(start);
            let line = origin.line + error.line() as u32 - 1;
            let line_start = file.line_start(line);
            // serde_json counts columns in bytes from the start of its input's line, and points
            // at the byte before `line start + column`: column 0 is the line break that ends the
            // previous line (as in `nul` + newline, where the newline is the unexpected byte).
            let base = if error.line() == 1 { start } else { line_start };
            let mut offset = (base + error.column())
                .saturating_sub(1)
                .clamp(start, file.text.len());
            while !file.text.is_char_boundary(offset) {
                offset -= 1;
            }
            let message = error.to_string();
            let message = message
                .rsplit_once(" at line ")
                .map_or(message.as_str(), |(m, _)| m);
            Err(Diagnostic::new(
                Severity::Error,
                "malformed-json",
                file,
                offset,
                format!("malformed JSON: {message}"),
            ))
        }
        None => Err(Diagnostic::new(
            Severity::Error,
            "malformed-json",
            file,
            start,
            "expected a JSON value",
        )),
    }
}

fn to_spanned(file: &SourceFile, start: usize, text: &str) -> Result<Json, Diagnostic> {
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let parsed = jsonc_parser::parse_to_ast(text, &Default::default(), &options).map_err(|e| {
        Diagnostic::new(
            Severity::Error,
            "malformed-json",
            file,
            start + e.range().start,
            format!("malformed JSON: {}", e.kind()),
        )
    })?;
    let Some(value) = parsed.value else {
        return Err(Diagnostic::new(
            Severity::Error,
            "malformed-json",
            file,
            start,
            "expected a JSON value",
        ));
    };
    Ok(convert_ast(file, start, value))
}

/// Converts jsonc-parser's tree of a text that starts at `base` in `file` to a [`Json`].
pub(crate) fn convert_ast(
    file: &SourceFile,
    base: usize,
    value: jsonc_parser::ast::Value<'_>,
) -> Json {
    use jsonc_parser::ast::Value as V;
    let (offset, value) = match value {
        V::NullKeyword(n) => (n.range.start, JsonValue::Null),
        V::BooleanLit(b) => (b.range.start, JsonValue::Bool(b.value)),
        V::NumberLit(n) => (n.range.start, JsonValue::Number(n.value.to_owned())),
        V::StringLit(s) => (s.range.start, JsonValue::String(s.value.into_owned())),
        V::Array(a) => (
            a.range.start,
            JsonValue::Array(
                a.elements
                    .into_iter()
                    .map(|v| convert_ast(file, base, v))
                    .collect(),
            ),
        ),
        V::Object(o) => (
            o.range.start,
            JsonValue::Object(
                o.properties
                    .into_iter()
                    .map(|p| {
                        let key_offset = match &p.name {
                            jsonc_parser::ast::ObjectPropName::String(s) => s.range.start,
                            jsonc_parser::ast::ObjectPropName::Word(w) => w.range.start,
                        };
                        JsonMember {
                            key: p.name.into_string(),
                            span: file.span(base + key_offset),
                            value: convert_ast(file, base, p.value),
                        }
                    })
                    .collect(),
            ),
        ),
    };
    Json {
        span: file.span(base + offset),
        value,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<(Json, usize), Diagnostic> {
        let file = SourceFile::new(0, "t", text);
        read_value(&file, 0, file.text.len(), &|rest| rest.starts_with("Error"))
    }

    #[test]
    fn stops_where_the_value_ends_mid_line() {
        let (json, end) = read("{\n\"a\": [1, 2.50]\n}POST /x").unwrap();
        assert_eq!(end, 18);
        assert_eq!(json.to_value(), serde_json::json!({"a": [1, 2.5]}));
        let a = json.get("a").unwrap();
        assert_eq!((a.span.line, a.span.column), (2, 6));
        match &a.value {
            JsonValue::Array(items) => assert_eq!(items[1].value, JsonValue::Number("2.50".into())),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn bare_scalars_may_be_glued_to_a_label() {
        let (json, end) = read("nullError Response: (HTTP 404)").unwrap();
        assert_eq!((json.value, end), (JsonValue::Null, 4));
        assert!(read("nullable").is_err());
        let (json, end) = read("42, rest").unwrap();
        assert_eq!((json.value, end), (JsonValue::Number("42".into()), 2));
    }

    #[test]
    fn malformed_json_points_at_the_problem() {
        let error = read("{\n\"a\": 1\n\"b\": 2\n}").unwrap_err();
        assert_eq!((error.span.line, error.span.column), (3, 1));
        assert!(
            error
                .message
                .starts_with("malformed JSON: expected `,` or `}`"),
            "{}",
            error.message
        );
        let error = read("{\n\"a\": [1,\n").unwrap_err();
        assert_eq!((error.span.line, error.span.column), (1, 1));
        assert!(error.message.contains("never closed"));
        let error = read("{\"a\": 01}").unwrap_err();
        assert_eq!(error.span.line, 1);
        // The unexpected byte is the line break after `nul`: serde_json reports it as column 0
        // of the next line; the diagnostic points at the end of the line it ends.
        let error = read("{\n\"a\": nul\n}").unwrap_err();
        assert_eq!((error.span.line, error.span.column), (2, 9), "{error:?}");
    }
}
