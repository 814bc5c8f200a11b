//! Checks a JSON sample against an inferred type: the proof that the model describes every
//! sample it was inferred from.

use crate::json::{Json, JsonValue};
use crate::model::{Model, PageShape, TypeKind, TypeRef};

/// Checks `json` against `ty`; on failure returns the JSON path and what was expected.
pub fn validate(model: &Model, ty: &TypeRef, json: &Json, nullable: bool) -> Result<(), String> {
    check(model, ty, json, nullable, "$")
}

fn check(
    model: &Model,
    ty: &TypeRef,
    json: &Json,
    nullable: bool,
    path: &str,
) -> Result<(), String> {
    let fail = |expected: &str| Err(format!("{path}: expected {expected}, found {}", kind(json)));
    if json.value == JsonValue::Null {
        return match ty {
            TypeRef::Any | TypeRef::Unit => Ok(()),
            _ if nullable => Ok(()),
            _ => fail("a value (not null)"),
        };
    }
    match (ty, &json.value) {
        (TypeRef::Any, _) => Ok(()),
        (TypeRef::Unit, _) => fail("no content"),
        (TypeRef::Bool, JsonValue::Bool(_)) => Ok(()),
        (TypeRef::Integer, JsonValue::Number(n)) if n.parse::<i64>().is_ok() => Ok(()),
        (TypeRef::Unsigned, JsonValue::Number(n)) if n.parse::<u64>().is_ok() => Ok(()),
        (TypeRef::Float | TypeRef::Decimal, JsonValue::Number(_)) => Ok(()),
        (TypeRef::String, JsonValue::String(_)) => Ok(()),
        (TypeRef::DateTime, JsonValue::String(s)) => {
            if s.parse::<DateTimeCheck>().is_ok() {
                Ok(())
            } else {
                fail("an RFC 3339 date-time")
            }
        }
        (TypeRef::Array { item }, JsonValue::Array(items)) => items
            .iter()
            .enumerate()
            .try_for_each(|(i, v)| check(model, item, v, false, &format!("{path}[{i}]"))),
        (TypeRef::Map { value }, JsonValue::Object(members)) => members.iter().try_for_each(|m| {
            check(
                model,
                value,
                &m.value,
                false,
                &format!("{path}[{:?}]", m.key),
            )
        }),
        (TypeRef::Page { shape, item }, JsonValue::Object(_)) => {
            let items = json
                .get("items")
                .ok_or(format!("{path}: missing `items`"))?;
            check(
                model,
                &TypeRef::array((**item).clone()),
                items,
                false,
                &format!("{path}.items"),
            )?;
            let counters: &[&str] = match shape {
                PageShape::Paginated => &[],
                PageShape::Offset => &["total", "page", "size"],
            };
            for counter in counters {
                let value = json
                    .get(counter)
                    .ok_or(format!("{path}: missing `{counter}`"))?;
                check(
                    model,
                    &TypeRef::Integer,
                    value,
                    false,
                    &format!("{path}.{counter}"),
                )?;
            }
            if *shape == PageShape::Paginated {
                let pagination = json
                    .get("pagination")
                    .ok_or(format!("{path}: missing `pagination`"))?;
                check(
                    model,
                    &TypeRef::named("Pagination"),
                    pagination,
                    false,
                    &format!("{path}.pagination"),
                )?;
            }
            Ok(())
        }
        (TypeRef::Dictionary { code }, JsonValue::Object(_)) => {
            for (key, ty) in [
                ("code", TypeRef::String),
                ("value", TypeRef::Integer),
                ("label", TypeRef::String),
            ] {
                let value = json.get(key).ok_or(format!("{path}: missing `{key}`"))?;
                check(model, &ty, value, false, &format!("{path}.{key}"))?;
            }
            if model.type_named(code).is_none() {
                return Err(format!("{path}: unknown code enum {code}"));
            }
            Ok(())
        }
        (TypeRef::Named { name }, _) => {
            let def = model
                .type_named(name)
                .ok_or(format!("{path}: unknown type {name}"))?;
            match (&def.kind, &json.value) {
                (TypeKind::OpenEnum { .. }, JsonValue::String(_)) => Ok(()),
                (TypeKind::Struct { fields, .. }, JsonValue::Object(members)) => {
                    for member in members {
                        let Some(field) = fields.iter().find(|f| f.wire_name == member.key) else {
                            return Err(format!(
                                "{path}: `{}` is not a field of {name}",
                                member.key
                            ));
                        };
                        check(
                            model,
                            &field.ty,
                            &member.value,
                            field.nullable,
                            &format!("{path}.{}", member.key),
                        )?;
                    }
                    for field in fields.iter().filter(|f| f.required) {
                        if !members.iter().any(|m| m.key == field.wire_name) {
                            return Err(format!(
                                "{path}: required field `{}` of {name} is missing",
                                field.wire_name
                            ));
                        }
                    }
                    Ok(())
                }
                _ => fail(name),
            }
        }
        _ => fail(&format!("{ty:?}")),
    }
}

fn kind(json: &Json) -> &'static str {
    match json.value {
        JsonValue::Null => "null",
        JsonValue::Bool(_) => "a boolean",
        JsonValue::Number(_) => "a number",
        JsonValue::String(_) => "a string",
        JsonValue::Array(_) => "a list",
        JsonValue::Object(_) => "an object",
    }
}

/// Minimal RFC 3339 shape check (the inference regex already vetted the samples).
struct DateTimeCheck;

impl std::str::FromStr for DateTimeCheck {
    type Err = ();
    fn from_str(s: &str) -> Result<Self, ()> {
        let bytes = s.as_bytes();
        let ok = bytes.len() >= 20
            && bytes[4] == b'-'
            && bytes[7] == b'-'
            && matches!(bytes[10], b'T' | b't')
            && bytes[13] == b':'
            && bytes[16] == b':'
            && (s.ends_with(['Z', 'z']) || s[19..].contains(['+', '-']));
        if ok {
            Ok(DateTimeCheck)
        } else {
            Err(())
        }
    }
}
