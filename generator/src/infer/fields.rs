//! Pass two of inference: every field of a class is typed from all the values seen for it, and
//! the gaps that empty lists and `null`s leave are filled from the same field elsewhere in the
//! document, self-recursion, name suffixes, or a JSON value with a warning.

use std::collections::{BTreeMap, BTreeSet};

use super::{optional_fields, rename, scalars, Inference};
// Guesses are shown in doc comments: the field names in them are code spans that hold anything.
use crate::ir::Span;
use crate::json::{Json, JsonValue};
use crate::model::{Field, TypeDef, TypeKind, TypeRef};
use crate::naming::{self, singular, snake_ident};
use crate::rustdoc::code;

/// What a set of values says about their type before gaps are filled.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Partial {
    Known(TypeRef),
    /// Only `null`s, or nothing at all.
    Gap,
    /// Lists with no elements anywhere (nested as often as the lists are).
    ListOf(Box<Partial>),
    /// Maps ([`super::maps`]) whose values leave a gap (only empty lists).
    MapOf(Box<Partial>),
    /// Values of different kinds (a string here, a number there): a JSON value, with a warning.
    Mixed,
}

/// A field of a class before its gaps are filled: the field, what its values say, and the
/// value a warning about it points at.
pub(super) type PartialField = (Field, Partial, Span);

impl<'a> Inference<'a> {
    /// The fields of every class (by root), with what their values say.
    pub(super) fn all_class_fields(
        &mut self,
        roots: &[usize],
    ) -> BTreeMap<usize, Vec<PartialField>> {
        let mut partial_fields = BTreeMap::new();
        for &root in roots {
            let fields = self.class_fields(root);
            partial_fields.insert(root, fields);
        }
        partial_fields
    }

    /// Fields of a class (all its members' instances), with what their values say.
    fn class_fields(&mut self, root: usize) -> Vec<PartialField> {
        let members = self.collected.members(root);
        let instances: Vec<&'a Json> = members
            .iter()
            .flat_map(|&c| self.collected.classes[c].instances.iter().copied())
            .collect();
        let classes = members.iter().map(|&c| &self.collected.classes[c]);
        let in_response = classes.clone().any(|c| c.in_response);
        let partial_update = classes.filter_map(|c| c.request_of).any(|index| {
            optional_fields::is_partial_update(
                self.api.endpoints[index].method,
                &self.names[index].name,
            )
        });
        crate::json::values_by_key(instances.iter().copied())
            .into_iter()
            .map(|(key, values)| {
                let required = values.len() == instances.len();
                let nullable = values.iter().any(|v| v.value == JsonValue::Null);
                let partial = self.partial(&values, key);
                let example = values
                    .iter()
                    .find(|v| v.value != JsonValue::Null)
                    .or(values.first())
                    .map(|v| (*v).clone());
                let redacted = values.iter().any(|v| v.is_placeholder());
                let span = values
                    .iter()
                    .find(|v| matches!(&v.value, JsonValue::Null) || is_empty_array(v))
                    .or(values.first())
                    .map(|v| v.span)
                    .unwrap_or_default();
                let secret_string = |v: &Json| {
                    matches!(&v.value, JsonValue::String(text)
                        if !v.is_placeholder() && crate::secret_names::is_secret(Some(key), text))
                };
                let secret = crate::secret_names::is_secret_name(key)
                    || values.iter().any(|v| match &v.value {
                        JsonValue::Array(items) => items.iter().any(secret_string),
                        _ => secret_string(v),
                    });
                let mut field = Field {
                    secret,
                    wire_name: key.to_owned(),
                    rust_name: snake_ident(key),
                    ty: TypeRef::Any,
                    required,
                    nullable,
                    optional_by: None,
                    example,
                    redacted,
                    guess: None,
                };
                let context = optional_fields::FieldContext {
                    in_response,
                    partial_update,
                    only_empty_strings: values
                        .iter()
                        .all(|v| matches!(&v.value, JsonValue::String(s) if s.is_empty())),
                };
                optional_fields::apply(&mut field, context);
                (field, partial, span)
            })
            .collect()
    }

    /// What a list of values (all found at one place) says about their type.
    pub(super) fn partial(&mut self, values: &[&Json], field: &str) -> Partial {
        let present: Vec<&Json> = values
            .iter()
            .copied()
            .filter(|v| v.value != JsonValue::Null)
            .collect();
        if present.is_empty() {
            return Partial::Gap;
        }
        let kind = |v: &Json| match v.value {
            JsonValue::Null => 0,
            JsonValue::Bool(_) => 1,
            JsonValue::Number(_) => 2,
            JsonValue::String(_) => 3,
            JsonValue::Array(_) => 4,
            JsonValue::Object(_) => 5,
        };
        let kinds: BTreeSet<u8> = present.iter().map(|v| kind(v)).collect();
        if kinds.len() > 1 {
            return Partial::Mixed;
        }
        match present[0].value {
            JsonValue::Bool(_) => Partial::Known(TypeRef::Bool),
            JsonValue::Number(_) => {
                let ty = scalars::number_type(field, &present);
                if let Some(wide) = scalars::beyond_i64(&present) {
                    let JsonValue::Number(text) = &wide.value else {
                        unreachable!("beyond_i64 finds numbers")
                    };
                    let typed = match ty {
                        TypeRef::Unsigned => "u64 (integer, format uint64)",
                        TypeRef::Decimal => "an exact decimal",
                        _ => "a JSON value (too many digits for an exact decimal)",
                    };
                    self.warn(
                        wide.span,
                        format!(
                            "`{field}`: the whole number {text} does not fit i64; typed as {typed}"
                        ),
                        None,
                    );
                }
                Partial::Known(ty)
            }
            JsonValue::String(_) => Partial::Known(scalars::string_type(&present)),
            JsonValue::Array(_) => {
                let elements: Vec<&Json> = present
                    .iter()
                    .flat_map(|v| match &v.value {
                        JsonValue::Array(items) => items.iter().collect(),
                        _ => Vec::new(),
                    })
                    .collect();
                match self.partial(&elements, field) {
                    Partial::Known(item) => Partial::Known(TypeRef::array(item)),
                    other => Partial::ListOf(Box::new(other)),
                }
            }
            JsonValue::Object(_)
                if self
                    .collected
                    .map_nodes
                    .contains(&(present[0] as *const Json)) =>
            {
                let values: Vec<&Json> = present
                    .iter()
                    .flat_map(|v| match &v.value {
                        JsonValue::Object(members) => members.iter().map(|m| &m.value).collect(),
                        _ => Vec::new(),
                    })
                    .collect();
                match self.partial(&values, field) {
                    // The runtime reads exact decimals in fields and lists, not in maps: a
                    // JSON value keeps the exact text.
                    Partial::Known(value) if holds_decimal(&value) => {
                        self.warn(
                            present[0].span,
                            format!("`{field}`: a map of exact decimals; its values are typed as JSON values, which keep the exact text"),
                            None,
                        );
                        Partial::Known(TypeRef::map(TypeRef::Any))
                    }
                    Partial::Known(value) => Partial::Known(TypeRef::map(value)),
                    other => Partial::MapOf(Box::new(other)),
                }
            }
            JsonValue::Object(_) | JsonValue::Null => Partial::Known(self.object_type(&present)),
        }
    }

    /// The type of a set of objects found at one place: a page, a dictionary item or a class.
    fn object_type(&mut self, objects: &[&Json]) -> TypeRef {
        let first = objects[0] as *const Json;
        if let Some(&shape) = self.collected.page_nodes.get(&first) {
            let items: Vec<&Json> = objects
                .iter()
                .filter_map(|o| o.get("items"))
                .flat_map(|i| match &i.value {
                    JsonValue::Array(items) => items.iter().collect(),
                    _ => Vec::new(),
                })
                .collect();
            let item = match self.partial(&items, "items") {
                Partial::Known(item) => item,
                Partial::Mixed => {
                    let span = items.first().map_or(objects[0].span, |i| i.span);
                    self.warn(
                        span,
                        "page `items` hold values of different kinds; typed as JSON values"
                            .to_owned(),
                        None,
                    );
                    TypeRef::Any
                }
                _ => {
                    let span = objects[0].get("items").map_or(objects[0].span, |i| i.span);
                    self.warn(
                        span,
                        "page `items` are always empty in the samples; typed as JSON values"
                            .to_owned(),
                        Some("a sample with at least one item would give the item type".to_owned()),
                    );
                    TypeRef::Any
                }
            };
            return TypeRef::Page {
                shape,
                item: Box::new(item),
            };
        }
        if let Some(code) = self.collected.dictionary_nodes.get(&first) {
            return TypeRef::Dictionary { code: code.clone() };
        }
        match self.collected.node_class.get(&first) {
            Some(&class) => TypeRef::named(format!("#{}", self.collected.root(class))),
            None => TypeRef::Any,
        }
    }

    /// Fills a gap: from the same field elsewhere, self-recursion, name suffixes, or a JSON
    /// value. Returns the type and, when it was a guess, what the guess was.
    pub(super) fn fill(
        &mut self,
        partial: Partial,
        field: &str,
        class_name: &str,
        class: usize,
        index: &BTreeMap<String, TypeRef>,
    ) -> (TypeRef, Option<String>) {
        match partial {
            Partial::Known(ty) => (ty, None),
            Partial::Mixed => (
                TypeRef::Any,
                Some("holds values of different kinds; typed as a JSON value".to_owned()),
            ),
            Partial::Gap => match index.get(field) {
                Some(ty) => (
                    ty.clone(),
                    Some(format!(
                        "only `null` here; typed from {} elsewhere in the document",
                        code(field)
                    )),
                ),
                None => match scalars::suffix_type(field) {
                    Some((ty, rule)) => (
                        ty,
                        Some(format!("only `null` here; typed by its name ({rule})")),
                    ),
                    None => (
                        TypeRef::Any,
                        Some("only `null` in the samples; typed as a JSON value".to_owned()),
                    ),
                },
            },
            Partial::ListOf(inner) => {
                if *inner == Partial::Gap {
                    if let Some(TypeRef::Array { item }) = index.get(field) {
                        return (TypeRef::Array { item: item.clone() }, Some(format!("always an empty list here; items typed from {} elsewhere in the document", code(field))));
                    }
                    if matches!(
                        field,
                        "children" | "subItems" | "subNodes" | "nodes" | "descendants"
                    ) {
                        return (TypeRef::array(TypeRef::named(format!("#{class}"))), Some(format!("always an empty list; typed as a tree of `{class_name}` (self-recursion)")));
                    }
                    if let Some((ty, rule)) = scalars::suffix_type(&singular(field)) {
                        return (
                            TypeRef::array(ty),
                            Some(format!(
                                "always an empty list; items typed by the field's name ({rule})"
                            )),
                        );
                    }
                    return (
                        TypeRef::array(TypeRef::Any),
                        Some(
                            "always an empty list in the samples; typed as a list of JSON values"
                                .to_owned(),
                        ),
                    );
                }
                let (item, guess) = self.fill(*inner, field, class_name, class, index);
                (TypeRef::array(item), guess)
            }
            Partial::MapOf(inner) => {
                // The values' own gaps are filled as the field's would be: by its name.
                let (value, guess) = self.fill(*inner, field, class_name, class, &BTreeMap::new());
                (TypeRef::map(value), guess)
            }
        }
    }

    /// A struct for every class: its fields named (unique within the struct), their gaps
    /// filled and their class placeholders replaced by the class names.
    pub(super) fn struct_types(
        &mut self,
        roots: &[usize],
        mut partial_fields: BTreeMap<usize, Vec<PartialField>>,
        names: &BTreeMap<usize, String>,
        index: &BTreeMap<String, TypeRef>,
    ) -> Vec<TypeDef> {
        roots
            .iter()
            .map(|&root| {
                let fields = partial_fields.remove(&root).unwrap_or_default();
                self.struct_type(root, fields, names, index)
            })
            .collect()
    }

    fn struct_type(
        &mut self,
        root: usize,
        partial_fields: Vec<PartialField>,
        names: &BTreeMap<usize, String>,
        index: &BTreeMap<String, TypeRef>,
    ) -> TypeDef {
        let class_name = names[&root].clone();
        let mut fields = Vec::new();
        // An object may have 100,000 keys: a scope keeps naming linear.
        let mut scope = naming::NameScope::default();
        for (mut field, partial, span) in partial_fields {
            let wanted = field.rust_name.clone();
            field.rust_name = scope.claim(&wanted, |_| false);
            if field.rust_name != wanted {
                self.warn_name(
                    span,
                    format!(
                        "`{class_name}.{}` would be the field `{wanted}` of another key; named `{}`",
                        field.wire_name, field.rust_name
                    ),
                );
            }
            let (ty, guess) = self.fill(partial, &field.wire_name, &class_name, root, index);
            if let Some(guess) = &guess {
                self.warn(
                    span,
                    format!("`{class_name}.{}`: {guess}", field.wire_name),
                    None,
                );
            }
            field.ty = rename(ty, names);
            field.guess = guess;
            fields.push(field);
        }
        let members = self.collected.members(root);
        let routes: BTreeSet<String> = members
            .iter()
            .flat_map(|&c| self.collected.classes[c].routes.iter().cloned())
            .collect();
        let span = self.class_span(root);
        TypeDef {
            name: class_name,
            kind: TypeKind::Struct {
                fields,
                extends_dictionary: members
                    .iter()
                    .all(|&c| self.collected.classes[c].extends_dictionary),
            },
            used_by: routes.into_iter().collect(),
            span,
        }
    }
}

/// Is the type a decimal, or a list or map of them?
fn holds_decimal(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Decimal => true,
        TypeRef::Array { item } | TypeRef::Map { value: item } => holds_decimal(item),
        _ => false,
    }
}

fn is_empty_array(json: &Json) -> bool {
    matches!(&json.value, JsonValue::Array(items) if items.is_empty())
}

/// The type each field name has wherever the samples show it (the most common one when they
/// disagree; ties broken by the type's order), used to fill gaps.
pub(super) fn field_index(
    fields: &BTreeMap<usize, Vec<PartialField>>,
) -> BTreeMap<String, TypeRef> {
    let mut seen: BTreeMap<String, BTreeMap<TypeRef, usize>> = BTreeMap::new();
    for (field, partial, _) in fields.values().flatten() {
        if let Partial::Known(ty) = partial {
            if !ty.is_unknown() {
                *seen
                    .entry(field.wire_name.clone())
                    .or_default()
                    .entry(ty.clone())
                    .or_default() += 1;
            }
        }
    }
    seen.into_iter()
        .filter_map(|(name, types)| {
            let best = types
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
            Some((name, best.0.clone()))
        })
        .collect()
}
