//! Shape summaries of JSON values, and when two shapes agree.
//!
//! A [`Shape`] is what a set of values found at one place looks like, deeply: the kind of each
//! value, the shape of each key of the objects, the shape of the elements of the lists, and
//! whether the objects are maps ([`super::maps`]). Pass one ([`super::collect`]) keeps one per
//! class: an object joins a class only when its key set is the class's **and** its shape is
//! [`compatible`] with the class's, so two unrelated objects that happen to have the same keys
//! (`{id, data}` under two endpoints, with a `data` of a different shape in each) stay two
//! types, and the values of one field of one class — which pass one then unifies — agree.
//!
//! Two shapes are compatible when nothing in them contradicts the other:
//!
//! - a `null`, an empty list's elements ([`Shape::Unknown`]) or a place that already holds
//!   values of different kinds ([`Shape::Mixed`], a JSON value) agree with anything;
//! - scalars agree with the same scalar (integers and floats are both numbers);
//! - lists agree when their elements do; maps when their values do;
//! - objects agree when the keys both have agree, and their key sets overlap: one is a subset
//!   of the other (optional fields), or they share at least half of all their keys. Objects
//!   with no key in common (`{temp, humidity}` against `{email, displayName}`) never agree.

use std::collections::BTreeMap;

use super::maps;
use crate::json::{Json, JsonValue};

/// What the values found at one place look like.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) enum Shape {
    /// Only `null`s, or nothing (the elements of empty lists).
    #[default]
    Unknown,
    /// `true` / `false`.
    Bool,
    /// A number, whole or not.
    Number,
    /// A string.
    String,
    /// A list, with the shape of all its elements.
    List(Box<Shape>),
    /// An object with field names, with the shape of each key's values.
    Object(BTreeMap<String, Shape>),
    /// An object keyed by data, with the shape of all its values.
    Map(Box<Shape>),
    /// Values of different kinds (a JSON value).
    Mixed,
}

impl Shape {
    /// The shape of the values found at one place (the samples of one field, the elements of
    /// one list): their objects are judged together, so a map is recognized from all its keys.
    pub(crate) fn of_all(values: &[&Json]) -> Shape {
        let mut shape = Shape::Unknown;
        let mut objects = Vec::new();
        let mut elements = Vec::new();
        let mut lists = false;
        for value in values {
            let own = match &value.value {
                JsonValue::Null => continue,
                JsonValue::Bool(_) => Shape::Bool,
                JsonValue::Number(_) => Shape::Number,
                JsonValue::String(_) => Shape::String,
                JsonValue::Array(items) => {
                    lists = true;
                    elements.extend(items.iter());
                    continue;
                }
                JsonValue::Object(_) => {
                    objects.push(*value);
                    continue;
                }
            };
            shape = shape.merge(own);
        }
        if lists {
            shape = shape.merge(Shape::List(Box::new(Shape::of_all(&elements))));
        }
        if !objects.is_empty() {
            shape = shape.merge(Shape::of_objects(&objects));
        }
        shape
    }

    /// The shape of objects found at one place: a map when [`maps::is_map`] says their keys are
    /// data, else an object with the shape of each key.
    pub(crate) fn of_objects(objects: &[&Json]) -> Shape {
        let fields: BTreeMap<String, Shape> = crate::json::values_by_key(objects.iter().copied())
            .into_iter()
            .map(|(key, values)| (key.to_owned(), Shape::of_all(&values)))
            .collect();
        match maps::is_map(objects, &fields) {
            Some(value) => Shape::Map(Box::new(value)),
            None => Shape::Object(fields),
        }
    }

    /// Both shapes in one: what a place holding the values of both looks like.
    pub(crate) fn merge(self, other: Shape) -> Shape {
        match (self, other) {
            (Shape::Unknown, other) | (other, Shape::Unknown) => other,
            (Shape::List(a), Shape::List(b)) => Shape::List(Box::new(a.merge(*b))),
            (Shape::Map(a), Shape::Map(b)) => Shape::Map(Box::new(a.merge(*b))),
            (Shape::Object(mut a), Shape::Object(b)) => {
                for (key, shape) in b {
                    let merged = match a.remove(&key) {
                        Some(own) => own.merge(shape),
                        None => shape,
                    };
                    a.insert(key, merged);
                }
                Shape::Object(a)
            }
            (a, b) if a == b => a,
            _ => Shape::Mixed,
        }
    }
}

/// Do two shapes agree (see the module documentation)?
pub(crate) fn compatible(a: &Shape, b: &Shape) -> bool {
    match (a, b) {
        (Shape::Unknown | Shape::Mixed, _) | (_, Shape::Unknown | Shape::Mixed) => true,
        (Shape::List(a), Shape::List(b)) | (Shape::Map(a), Shape::Map(b)) => compatible(a, b),
        (Shape::Object(a), Shape::Object(b)) => {
            keys_overlap(a, b)
                && a.iter()
                    .all(|(key, shape)| b.get(key).is_none_or(|other| compatible(shape, other)))
        }
        (a, b) => a == b,
    }
}

/// Do two key sets belong to one kind of object: one holds the other (an empty object holds
/// nothing), or they share at least half of all their keys?
fn keys_overlap(a: &BTreeMap<String, Shape>, b: &BTreeMap<String, Shape>) -> bool {
    let shared = a.keys().filter(|k| b.contains_key(*k)).count();
    let union = a.len() + b.len() - shared;
    shared == a.len() || shared == b.len() || shared * 2 >= union
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shape(text: &str) -> Shape {
        let file = crate::source::SourceFile::new(0, "t", text);
        let json = crate::json::read_value(&file, 0, text.len(), &|_| false)
            .unwrap()
            .0;
        Shape::of_all(&[&json])
    }

    fn agree(a: &str, b: &str) -> bool {
        compatible(&shape(a), &shape(b))
    }

    #[test]
    fn optional_fields_and_nulls_agree() {
        assert!(agree(r#"{"id": 1, "name": "a"}"#, r#"{"id": 2}"#));
        assert!(agree(
            r#"{"id": 1, "name": null}"#,
            r#"{"id": 2, "name": "b"}"#
        ));
        assert!(agree(
            r#"{"memberId": "m", "name": "a", "nickname": "x"}"#,
            r#"{"memberId": "m", "name": "b", "team": "y"}"#
        ));
        assert!(agree(r#"{"n": 1}"#, r#"{"n": 1.5}"#));
        assert!(agree(r#"{"tags": []}"#, r#"{"tags": ["a"]}"#));
        assert!(agree("{}", r#"{"a": 1}"#));
    }

    #[test]
    fn unrelated_objects_do_not_agree() {
        // No key in common.
        assert!(!agree(
            r#"{"temp": 20, "humidity": 40}"#,
            r#"{"email": "a@b.c", "displayName": "Ada"}"#
        ));
        // The same key holding values of different kinds.
        assert!(!agree(
            r#"{"value": 1, "unit": "C"}"#,
            r#"{"value": "x", "unit": "F"}"#
        ));
        // Deeply: the same parent keys, different children.
        assert!(!agree(
            r#"{"id": "a", "data": {"temp": 20}}"#,
            r#"{"id": "b", "data": {"email": "x"}}"#
        ));
        assert!(!agree(r#"{"a": [1]}"#, r#"{"a": ["x"]}"#));
        assert!(!agree(
            r#"{"a": 1, "b": 2, "c": 3}"#,
            r#"{"a": 1, "d": 2, "e": 3}"#
        ));
    }

    #[test]
    fn merge_keeps_every_key_and_marks_conflicts() {
        let merged = shape(r#"{"a": 1}"#).merge(shape(r#"{"a": "x", "b": true}"#));
        let Shape::Object(fields) = merged else {
            panic!("an object: {merged:?}")
        };
        assert_eq!(fields["a"], Shape::Mixed);
        assert_eq!(fields["b"], Shape::Bool);
        assert!(compatible(&Shape::Mixed, &Shape::Bool));
    }
}
