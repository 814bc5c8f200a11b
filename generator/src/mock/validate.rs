//! Checks a JSON request body against the type inferred for it, reporting the first value that
//! does not fit with its JSON path (`body.items[0].amount`) and what was expected there.

use serde_json::Value;

use crate::model::{Model, TypeKind, TypeRef};

/// Where a body does not fit its type, and how.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Misfit {
    /// The JSON path, from `body` (`body.amount`, `body.items[0]`).
    pub path: String,
    /// What the type wants there (`a decimal number`, `the field \`amount\``).
    pub expected: String,
}

/// The first place `value` does not fit `ty`, or `None` when it fits. Unknown parts of the
/// type (`Any`) accept anything; fields the type does not know are accepted too (a sample
/// shows what a request may hold, not all it may hold).
pub fn check(model: &Model, ty: &TypeRef, value: &Value) -> Option<Misfit> {
    check_at(model, ty, value, "body".to_owned(), 0)
}

/// How deep a self-referencing type is followed before the rest is accepted.
const MAX_DEPTH: usize = 64;

fn misfit(path: String, expected: impl Into<String>) -> Option<Misfit> {
    Some(Misfit {
        path,
        expected: expected.into(),
    })
}

fn check_at(
    model: &Model,
    ty: &TypeRef,
    value: &Value,
    path: String,
    depth: usize,
) -> Option<Misfit> {
    if depth > MAX_DEPTH {
        return None;
    }
    match ty {
        TypeRef::Any | TypeRef::Unit | TypeRef::Bytes => None,
        TypeRef::Bool => (!value.is_boolean())
            .then(|| misfit(path, "a boolean"))
            .flatten(),
        TypeRef::Integer => (!(value.is_i64() || value.is_u64() && value.as_i64().is_some()))
            .then(|| misfit(path, "an integer"))
            .flatten(),
        TypeRef::Unsigned => (!value.is_u64())
            .then(|| misfit(path, "a whole number from 0"))
            .flatten(),
        TypeRef::Float => (!value.is_number())
            .then(|| misfit(path, "a number"))
            .flatten(),
        TypeRef::Decimal => {
            let fits = value.is_number()
                || value
                    .as_str()
                    .is_some_and(|text| text.trim().parse::<f64>().is_ok());
            (!fits).then(|| misfit(path, "a decimal number")).flatten()
        }
        TypeRef::String => (!value.is_string())
            .then(|| misfit(path, "a string"))
            .flatten(),
        TypeRef::DateTime => {
            let fits = value.as_str().is_some_and(looks_like_date_time) || value.is_i64();
            (!fits)
                .then(|| misfit(path, "an RFC 3339 date-time"))
                .flatten()
        }
        TypeRef::Array { item } => match value.as_array() {
            None => misfit(path, "a list"),
            Some(items) => items.iter().enumerate().find_map(|(index, item_value)| {
                check_at(
                    model,
                    item,
                    item_value,
                    format!("{path}[{index}]"),
                    depth + 1,
                )
            }),
        },
        TypeRef::Map { value: values } => match value.as_object() {
            None => misfit(path, "an object"),
            Some(members) => members.iter().find_map(|(key, member)| {
                check_at(model, values, member, format!("{path}[{key:?}]"), depth + 1)
            }),
        },
        TypeRef::Page { item, .. } => match value.get("items") {
            Some(items) => check_at(
                model,
                &TypeRef::array((**item).clone()),
                items,
                format!("{path}.items"),
                depth + 1,
            ),
            None => misfit(path, "a page with `items`"),
        },
        TypeRef::Dictionary { .. } => (!value.is_object())
            .then(|| misfit(path, "an object"))
            .flatten(),
        TypeRef::Named { name } => check_named(model, name, value, path, depth),
    }
}

fn check_named(
    model: &Model,
    name: &str,
    value: &Value,
    path: String,
    depth: usize,
) -> Option<Misfit> {
    let def = model.types.iter().find(|t| t.name == name)?;
    match &def.kind {
        TypeKind::OpenEnum { .. } => (!value.is_string())
            .then(|| misfit(path, "a string"))
            .flatten(),
        TypeKind::Struct { fields, .. } => {
            let Some(object) = value.as_object() else {
                return misfit(path, format!("an object (`{name}`)"));
            };
            for field in fields {
                let at = format!("{path}.{}", field.wire_name);
                match object.get(&field.wire_name) {
                    None if field.required => {
                        return misfit(at, format!("the field `{}`", field.wire_name));
                    }
                    None => {}
                    Some(Value::Null) if field.nullable || !field.required => {}
                    Some(Value::Null) => {
                        return misfit(at, "a value, not null");
                    }
                    Some(found) => {
                        if let Some(found) = check_at(model, &field.ty, found, at, depth + 1) {
                            return Some(found);
                        }
                    }
                }
            }
            None
        }
    }
}

/// `2026-01-02T03:04:05Z`, with an offset or fraction, or a bare `2026-01-02 03:04:05`.
fn looks_like_date_time(text: &str) -> bool {
    let bytes = text.as_bytes();
    bytes.len() >= 19
        && bytes[..4].iter().all(u8::is_ascii_digit)
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && matches!(bytes[10], b'T' | b't' | b' ')
        && bytes[13] == b':'
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, TypeDef};

    fn field(name: &str, ty: TypeRef, required: bool, nullable: bool) -> Field {
        Field {
            wire_name: name.to_owned(),
            rust_name: name.to_owned(),
            ty,
            required,
            nullable,
            optional_by: None,
            example: None,
            redacted: false,
            guess: None,
            secret: false,
        }
    }

    fn model() -> Model {
        Model {
            types: vec![TypeDef {
                name: "Transfer".to_owned(),
                kind: TypeKind::Struct {
                    fields: vec![
                        field("amount", TypeRef::Decimal, true, false),
                        field("note", TypeRef::String, false, true),
                        field("tags", TypeRef::array(TypeRef::String), true, false),
                    ],
                    extends_dictionary: false,
                },
                used_by: Vec::new(),
                span: crate::source::Span::default(),
            }],
            operations: Vec::new(),
            error_codes: Default::default(),
            enveloped: true,
            dictionary_description_required: false,
        }
    }

    #[test]
    fn the_first_misfit_is_named_with_its_path() {
        let model = model();
        let ty = TypeRef::named("Transfer");
        let ok = serde_json::json!({"amount": "10.50", "note": null, "tags": ["a"], "extra": 1});
        assert_eq!(check(&model, &ty, &ok), None);
        let cases = [
            (
                serde_json::json!({"tags": []}),
                "body.amount",
                "the field `amount`",
            ),
            (
                serde_json::json!({"amount": true, "tags": []}),
                "body.amount",
                "a decimal number",
            ),
            (
                serde_json::json!({"amount": 1, "tags": ["a", 2]}),
                "body.tags[1]",
                "a string",
            ),
            (serde_json::json!([1]), "body", "an object (`Transfer`)"),
        ];
        for (value, path, expected) in cases {
            let found = check(&model, &ty, &value).expect("a misfit");
            assert_eq!(
                (found.path.as_str(), found.expected.as_str()),
                (path, expected)
            );
        }
    }
}
