//! Map recognition: an object keyed by data (`{"Dallas": {...}, "New York City": {...}}`,
//! `{"/": {...}, "/mnt/data": {...}}`, `{"12": {...}}`, `{"2026-03-01": 4}`) rather than by
//! field names is a map — [`crate::model::TypeRef::Map`], `BTreeMap<String, T>` in the client —
//! not a struct with a field per key and a type named after a key.
//!
//! The objects found at one place (every sample of one field, every element of one list) are
//! judged together: all their keys, all their values. They are a map when
//!
//! 1. they have at least one key, no value is `null`, and every value has **one shape**: all
//!    objects whose shapes agree ([`super::shapes::compatible`]: their keys overlap and the keys
//!    they share hold the same kinds), all lists of agreeing elements, all strings, all
//!    numbers or all booleans; **and**
//! 2. either the keys look like data: every key is a *data key* or a *name*, and at least one
//!    is a data key (so `{"Dallas": ..., "New York City": ...}` is a map, `{"Width": 3,
//!    "Height": 4}` is not);
//! 3. or there are at least [`MANY_KEYS`] keys and every value is an object of the one shape
//!    (cameras by name: `front_door`, `garage`, `backyard`, `porch`, each with the same
//!    sub-object), whatever the keys look like.
//!
//! A **data key** is empty or holds white space (`New York City`, `3 months`); starts with a
//! digit but is no identifier with a leading number (`12`, `2026-03-01`, `10.0.0.1` — but
//! `3dsEnrolled` and `2fa` are field names); starts with a character other than a letter,
//! `_`, `$` or `@` (`/`, `/mnt/data`, `~/x`, `+1`); holds a character other than a letter, a
//! digit, `_`, `-`, `$` or `@` (`api.example.com`, `host:8080`, `a/b`); is a UUID or a long
//! hexadecimal id (16 digits or more, at least one a decimal digit); or is a locale tag
//! (`en-US`, `zh_Hans`, `es-419`). A **name** starts with a capital and has a lower-case letter
//! (`Dallas`, `Zürich`) — alone, it proves nothing, as `PascalCase` field names look the same.
//!
//! So the envelope `{version, timestamp, success, code, message, data}` and ordinary records
//! (values of mixed kinds), objects with one field-name key among data keys, and two or three
//! same-shaped sub-objects under field names (`billing`, `shipping`) stay structs. The values
//! of all keys of all the objects at the place are then one place themselves, so their type is
//! inferred from all of them (across samples too).

use std::collections::BTreeMap;

use super::shapes::{compatible, Shape};
use crate::json::{Json, JsonValue};

/// How many keys make objects of one shape a map whatever their keys look like.
pub(crate) const MANY_KEYS: usize = 4;

/// What a key looks like.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum KeyKind {
    /// Data: an id, a date, a path, a city with a space in its name, ...
    Data,
    /// A capitalised word: a place or a person's name, or a `PascalCase` field name.
    Name,
    /// A field name.
    Word,
}

/// What a key looks like (see the module documentation).
pub(crate) fn key_kind(key: &str) -> KeyKind {
    let Some(first) = key.chars().next() else {
        return KeyKind::Data;
    };
    let identifier_char = |c: char| c.is_alphanumeric() || matches!(c, '_' | '-' | '$' | '@');
    let data = key.chars().any(|c| c.is_whitespace() || c.is_control())
        || (first.is_ascii_digit() && !is_numbered_identifier(key))
        || !(first.is_alphanumeric() || matches!(first, '_' | '$' | '@'))
        || !key.chars().all(identifier_char)
        || is_uuid(key)
        || is_hex_id(key)
        || is_locale(key);
    if data {
        KeyKind::Data
    } else if first.is_uppercase() && key.chars().any(char::is_lowercase) {
        KeyKind::Name
    } else {
        KeyKind::Word
    }
}

/// `3dsEnrolled`, `2fa`: digits, then a letter, then letters, digits and `_`.
fn is_numbered_identifier(key: &str) -> bool {
    let rest = key.trim_start_matches(|c: char| c.is_ascii_digit());
    rest.starts_with(|c: char| c.is_ascii_alphabetic())
        && rest.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn is_uuid(key: &str) -> bool {
    let groups: Vec<&str> = key.split('-').collect();
    groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()))
}

fn is_hex_id(key: &str) -> bool {
    key.len() >= 16
        && key.chars().all(|c| c.is_ascii_hexdigit())
        && key.chars().any(|c| c.is_ascii_digit())
}

/// `en-US`, `zh_CN`, `zh-Hans`, `es-419`.
fn is_locale(key: &str) -> bool {
    let Some((language, region)) = key.split_once(['-', '_']) else {
        return false;
    };
    let region_ok = (region.len() == 2 && region.chars().all(|c| c.is_ascii_uppercase()))
        || (region.len() == 3 && region.chars().all(|c| c.is_ascii_digit()))
        || (region.len() == 4
            && region.starts_with(|c: char| c.is_ascii_uppercase())
            && region[1..].chars().all(|c| c.is_ascii_lowercase()));
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_lowercase())
        && region_ok
}

/// Are `objects` (all found at one place, `fields` the shape of each key's values there) a
/// map? Returns the shape of all their values when they are.
pub(crate) fn is_map(objects: &[&Json], fields: &BTreeMap<String, Shape>) -> Option<Shape> {
    if fields.is_empty() {
        return None;
    }
    let has_null = objects.iter().any(|o| match &o.value {
        JsonValue::Object(members) => members.iter().any(|m| m.value.value == JsonValue::Null),
        _ => false,
    });
    if has_null {
        return None;
    }
    let mut value = Shape::Unknown;
    for shape in fields.values() {
        if matches!(shape, Shape::Mixed) || !compatible(&value, shape) {
            return None;
        }
        value = value.merge(shape.clone());
    }
    if matches!(value, Shape::Mixed) {
        return None;
    }
    let kinds: Vec<KeyKind> = fields.keys().map(|k| key_kind(k)).collect();
    let data_keys = kinds.contains(&KeyKind::Data) && !kinds.contains(&KeyKind::Word);
    let many_records = fields.len() >= MANY_KEYS
        && match &value {
            Shape::Object(keys) => !keys.is_empty(),
            Shape::Map(_) => true,
            _ => false,
        };
    (data_keys || many_records).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map_value(text: &str) -> Option<Shape> {
        let file = crate::source::SourceFile::new(0, "t", text);
        let json = crate::json::read_value(&file, 0, text.len(), &|_| false)
            .unwrap()
            .0;
        match Shape::of_objects(&[&json]) {
            Shape::Map(value) => Some(*value),
            _ => None,
        }
    }

    fn is_a_map(text: &str) -> bool {
        map_value(text).is_some()
    }

    #[test]
    fn keys_that_look_like_data() {
        for key in [
            "New York City",
            "12",
            "2026-03-01",
            "2026-03-01T00:00:00Z",
            "/",
            "/mnt/data",
            "10.0.0.1",
            "api.example.com",
            "host:8080",
            "6f1c2d4e-8a9b-4c3d-9e8f-0a1b2c3d4e5f",
            "5f8d0d55b54764421b7156c3",
            "en-US",
            "zh_Hans",
            "",
            "3 months",
        ] {
            assert_eq!(key_kind(key), KeyKind::Data, "{key}");
        }
        for key in ["Dallas", "Zürich", "FirstName"] {
            assert_eq!(key_kind(key), KeyKind::Name, "{key}");
        }
        for key in [
            "front_door",
            "data",
            "userId",
            "3dsEnrolled",
            "2fa",
            "e-mail",
            "名称",
            "@id",
            "$ref",
            "deadbeefdeadbeef",
            "en",
        ] {
            assert_eq!(key_kind(key), KeyKind::Word, "{key}");
        }
    }

    #[test]
    fn objects_keyed_by_data_are_maps() {
        let cities =
            r#"{"Dallas": {"temp": 20, "wind": 3}, "New York City": {"temp": 18.5, "wind": 5}}"#;
        let Some(Shape::Object(fields)) = map_value(cities) else {
            panic!("a map of objects")
        };
        assert_eq!(fields.keys().collect::<Vec<_>>(), ["temp", "wind"]);
        assert_eq!(fields["temp"], Shape::Number);
        assert!(is_a_map(
            r#"{"/mnt/data": {"free": 1, "total": 2}, "/": {"free": 3, "total": 4, "label": "root"}}"#
        ));
        assert!(is_a_map(r#"{"12": {"name": "a"}, "15": {"name": "b"}}"#));
        assert_eq!(
            map_value(r#"{"2026-03-01": 4, "2026-03-02": 7}"#),
            Some(Shape::Number)
        );
        assert_eq!(
            map_value(r#"{"en-US": ["Hello"], "fr-FR": ["Bonjour", "Salut"]}"#),
            Some(Shape::List(Box::new(Shape::String)))
        );
        // A single data key is enough when nothing says it is a field name.
        assert!(is_a_map(r#"{"/": {"free": 3, "total": 4}}"#));
    }

    #[test]
    fn many_records_of_one_shape_are_maps() {
        assert!(is_a_map(
            r#"{"front_door": {"online": true, "fps": 30}, "garage": {"online": false, "fps": 15},
                "backyard": {"online": true, "fps": 30}, "porch": {"online": true, "fps": 24}}"#
        ));
    }

    #[test]
    fn records_stay_structs() {
        // The envelope and ordinary records: values of mixed kinds.
        assert!(!is_a_map(
            r#"{"version": "1", "timestamp": 1, "success": true, "code": "2000", "message": "OK", "data": {}}"#
        ));
        assert!(!is_a_map(r#"{"id": "1", "name": "Ada", "age": 36}"#));
        // Field names with values of one kind.
        assert!(!is_a_map(r#"{"width": 3, "height": 4}"#));
        assert!(!is_a_map(r#"{"Width": 3, "Height": 4}"#));
        assert!(!is_a_map(r#"{"3dsEnrolled": true}"#));
        // Two or three same-shaped sub-objects under field names.
        assert!(!is_a_map(
            r#"{"billing": {"city": "a"}, "shipping": {"city": "b"}, "home": {"city": "c"}}"#
        ));
        // Four under field names, but of different shapes.
        assert!(!is_a_map(
            r#"{"a": {"x": 1}, "b": {"x": 1}, "c": {"x": 1}, "d": {"y": "s", "z": 2}}"#
        ));
        // Data keys with values of different shapes, a null value, or a field name among them.
        assert!(!is_a_map(
            r#"{"/": {"free": 1}, "/mnt": {"owner": "root"}}"#
        ));
        assert!(!is_a_map(r#"{"/": 1, "/mnt": "full"}"#));
        assert!(!is_a_map(r#"{"/": {"free": 1}, "/mnt": null}"#));
        assert!(!is_a_map(r#"{"/": {"free": 1}, "total": {"free": 2}}"#));
        assert!(!is_a_map("{}"));
    }

    #[test]
    fn all_samples_at_one_place_are_judged_together() {
        let text = r#"[{"Dallas": {"temp": 20}}, {"New York City": {"temp": 18}}]"#;
        let file = crate::source::SourceFile::new(0, "t", text);
        let json = crate::json::read_value(&file, 0, text.len(), &|_| false)
            .unwrap()
            .0;
        let JsonValue::Array(items) = &json.value else {
            panic!("a list")
        };
        let items: Vec<&Json> = items.iter().collect();
        assert!(matches!(Shape::of_objects(&items), Shape::Map(_)));
        // Alone, `{"Dallas": ...}` is a struct: a capitalised key proves nothing.
        assert!(!matches!(Shape::of_objects(&items[..1]), Shape::Map(_)));
    }
}
