//! An ordered JSON tree for the OpenAPI document: object members stay in the order they are
//! added, so the output has a stable, readable key order (`openapi`, `info`, `servers`, ...)
//! without serde_json's `preserve_order` feature. It writes itself as pretty JSON (through
//! serde) and as block YAML (through `saphyr`'s emitter).

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};

use crate::json::{Json, JsonValue};

/// A JSON value whose objects keep their members in insertion order.
#[derive(Debug, Clone, PartialEq)]
pub enum Node {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number.
    Number(serde_json::Number),
    /// A number exactly as a document writes it (`18446744073709551616`, `1e-400`, `10.50`).
    RawNumber(String),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Node>),
    /// An object, members in order.
    Object(Map),
}

/// The members of an object, in order; keys are unique (a later [`Map::insert`] of a key
/// replaces the value in place).
///
/// An index map: lookups and inserts stay O(1) however many paths or schemas a document has.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Map(indexmap::IndexMap<String, Node>);

impl Map {
    /// An empty object.
    pub fn new() -> Map {
        Map(indexmap::IndexMap::new())
    }

    /// Sets `key` (in place when present, else at the end).
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Node>) {
        self.0.insert(key.into(), value.into());
    }

    /// Builder form of [`Map::insert`].
    #[must_use]
    pub fn with(mut self, key: impl Into<String>, value: impl Into<Node>) -> Map {
        self.insert(key, value);
        self
    }

    /// Sets `key` when `value` is `Some`.
    #[must_use]
    pub fn with_opt(mut self, key: impl Into<String>, value: Option<impl Into<Node>>) -> Map {
        if let Some(value) = value {
            self.insert(key, value);
        }
        self
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.0.get(key)
    }

    /// The value of `key`, mutably.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Node> {
        self.0.get_mut(key)
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: &str) -> Option<Node> {
        self.0.shift_remove(key)
    }

    /// Is `key` present?
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// The members, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&String, &Node)> {
        self.0.iter()
    }

    /// Keeps only the members for which `keep` says yes.
    pub fn retain(&mut self, mut keep: impl FnMut(&str, &Node) -> bool) {
        self.0.retain(|k, v| keep(k, v));
    }

    /// The number of members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Has it no members?
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Node {
    /// The object's members, if this is an object.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Node::Object(map) => Some(map),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Node::String(s) => Some(s),
            _ => None,
        }
    }

    /// Calls `f` on this node and every node inside it, depth first.
    pub fn walk(&self, f: &mut dyn FnMut(&Node)) {
        f(self);
        match self {
            Node::Array(items) => items.iter().for_each(|i| i.walk(f)),
            Node::Object(map) => map.0.values().for_each(|v| v.walk(f)),
            _ => {}
        }
    }

    /// Pretty JSON, two-space indented, with a final line break.
    pub fn to_json(&self) -> Result<String, String> {
        serde_json::to_string_pretty(self)
            .map(|mut text| {
                text.push('\n');
                text
            })
            .map_err(|e| format!("cannot write the document as JSON: {e}"))
    }

    /// Block YAML 1.2 (a `---` line, then the document). Every string value, and every key
    /// that is not a plain identifier, path or media type, is double-quoted with escapes that
    /// YAML 1.1 and 1.2 readers agree on, so no reader takes a string for a date, a number or
    /// a boolean, or folds a line separator; numbers are written exactly as in the JSON form.
    pub fn to_yaml(&self) -> Result<String, String> {
        let yaml = self.to_saphyr();
        let mut out = String::new();
        let mut emitter = saphyr::YamlEmitter::new(&mut out);
        emitter
            .dump(&yaml)
            .map_err(|e| format!("cannot write the document as YAML: {e}"))?;
        if !out.ends_with('\n') {
            out.push('\n');
        }
        Ok(out)
    }

    fn to_saphyr(&self) -> saphyr::Yaml<'static> {
        use std::borrow::Cow;

        use saphyr::{Scalar, ScalarStyle, Yaml};
        match self {
            Node::Null => Yaml::Representation(Cow::Borrowed("null"), ScalarStyle::Plain, None),
            Node::Bool(b) => Yaml::Value(Scalar::Boolean(*b)),
            Node::Number(n) => {
                Yaml::Representation(Cow::Owned(n.to_string()), ScalarStyle::Plain, None)
            }
            Node::RawNumber(text) => {
                Yaml::Representation(Cow::Owned(text.clone()), ScalarStyle::Plain, None)
            }
            Node::String(s) => {
                Yaml::Representation(Cow::Owned(yaml_quoted(s)), ScalarStyle::Plain, None)
            }
            Node::Array(items) => Yaml::Sequence(items.iter().map(Node::to_saphyr).collect()),
            Node::Object(map) => {
                let mut mapping = saphyr::Mapping::new();
                for (key, value) in &map.0 {
                    let key = if is_plain_key(key) {
                        key.clone()
                    } else {
                        yaml_quoted(key)
                    };
                    mapping.insert(
                        Yaml::Representation(Cow::Owned(key), ScalarStyle::Plain, None),
                        value.to_saphyr(),
                    );
                }
                Yaml::Mapping(mapping)
            }
        }
    }
}

/// A YAML double-quoted scalar: `"`, `\` and every control or line-breaking character escaped
/// (`\N`, `\L`, `\P` for the Unicode line breaks a YAML 1.1 reader would fold).
fn yaml_quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{85}' => out.push_str("\\N"),
            '\u{2028}' => out.push_str("\\L"),
            '\u{2029}' => out.push_str("\\P"),
            c if c.is_control() || c == '\u{feff}' => {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// Can a key be written plain: an identifier, a path or a media type that no YAML reader takes
/// for a boolean, a null or a number?
fn is_plain_key(key: &str) -> bool {
    const WORDS: [&str; 11] = [
        "y", "n", "yes", "no", "true", "false", "on", "off", "null", "nan", "inf",
    ];
    key.starts_with(|c: char| c.is_ascii_alphabetic() || matches!(c, '_' | '$' | '/'))
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '$' | '.' | '/' | '+' | '-'))
        && !WORDS.contains(&key.to_ascii_lowercase().as_str())
}

impl Serialize for Node {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Node::Null => serializer.serialize_unit(),
            Node::Bool(b) => serializer.serialize_bool(*b),
            Node::Number(n) => n.serialize(serializer),
            Node::RawNumber(text) => match serde_json::value::RawValue::from_string(text.clone()) {
                Ok(raw) => raw.serialize(serializer),
                Err(_) => serializer.serialize_str(text),
            },
            Node::String(s) => serializer.serialize_str(s),
            Node::Array(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(item)?;
                }
                seq.end()
            }
            Node::Object(map) => {
                let mut out = serializer.serialize_map(Some(map.0.len()))?;
                for (key, value) in &map.0 {
                    out.serialize_entry(key, value)?;
                }
                out.end()
            }
        }
    }
}

impl From<Map> for Node {
    fn from(map: Map) -> Node {
        Node::Object(map)
    }
}

impl From<&str> for Node {
    fn from(s: &str) -> Node {
        Node::String(s.to_owned())
    }
}

impl From<String> for Node {
    fn from(s: String) -> Node {
        Node::String(s)
    }
}

impl From<&String> for Node {
    fn from(s: &String) -> Node {
        Node::String(s.clone())
    }
}

impl From<bool> for Node {
    fn from(b: bool) -> Node {
        Node::Bool(b)
    }
}

impl From<i64> for Node {
    fn from(n: i64) -> Node {
        Node::Number(n.into())
    }
}

impl From<Vec<Node>> for Node {
    fn from(items: Vec<Node>) -> Node {
        Node::Array(items)
    }
}

impl From<&Json> for Node {
    /// A document sample, members in the order the document writes them.
    fn from(json: &Json) -> Node {
        match &json.value {
            JsonValue::Null => Node::Null,
            JsonValue::Bool(b) => Node::Bool(*b),
            JsonValue::Number(text) => Node::RawNumber(text.clone()),
            JsonValue::String(s) => Node::String(s.clone()),
            JsonValue::Array(items) => Node::Array(items.iter().map(Node::from).collect()),
            JsonValue::Object(members) => Node::Object(Map(members
                .iter()
                .map(|m| (m.key.clone(), Node::from(&m.value)))
                .collect())),
        }
    }
}

impl From<&serde_json::Value> for Node {
    fn from(value: &serde_json::Value) -> Node {
        match value {
            serde_json::Value::Null => Node::Null,
            serde_json::Value::Bool(b) => Node::Bool(*b),
            serde_json::Value::Number(n) => Node::Number(n.clone()),
            serde_json::Value::String(s) => Node::String(s.clone()),
            serde_json::Value::Array(items) => Node::Array(items.iter().map(Node::from).collect()),
            serde_json::Value::Object(members) => Node::Object(Map(members
                .iter()
                .map(|(k, v)| (k.clone(), Node::from(v)))
                .collect())),
        }
    }
}

/// Builds an array of strings.
pub fn strings<S: AsRef<str>>(items: impl IntoIterator<Item = S>) -> Node {
    Node::Array(
        items
            .into_iter()
            .map(|s| Node::String(s.as_ref().to_owned()))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_insertion_order_and_replaces_in_place() {
        let mut map = Map::new().with("b", 1).with("a", 2);
        map.insert("b", 3);
        let node = Node::Object(map);
        assert_eq!(node.to_json().unwrap(), "{\n  \"b\": 3,\n  \"a\": 2\n}\n");
    }

    #[test]
    fn yaml_quotes_every_string_and_keeps_numbers_exact() {
        let node = Node::Object(
            Map::new()
                .with("200", Map::new().with("description", "yes: no"))
                .with(
                    "x",
                    Node::Number(serde_json::Number::from_f64(10.5).unwrap()),
                )
                .with("date", "2026-03-30")
                .with("empty", Node::Array(Vec::new()))
                .with("none", Node::Null)
                .with("on", "a\"b\\c\nd\u{2028}e\u{1}"),
        );
        let yaml = node.to_yaml().unwrap();
        let expected = r#"---
"200":
  description: "yes: no"
x: 10.5
date: "2026-03-30"
empty: []
none: null
"on": "a\"b\\c\nd\Le\u0001"
"#;
        assert_eq!(yaml, expected);
        assert!(is_plain_key("/web/v1/roles") && is_plain_key("application/json"));
        assert!(!is_plain_key("/roles/{id}") && !is_plain_key("2XX") && !is_plain_key("No"));
    }
}
