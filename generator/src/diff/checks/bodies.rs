//! Request and response bodies, compared structurally: the model's type expressions are walked
//! side by side, struct fields paired by their wire names (never by type names), and each
//! finding located in the endpoint's sample (`data.items[].createdAt`, `body.email`).

use super::{Change, Check, Engine, Pair};
use crate::diff::{CrateEffect, WireSeverity};
use crate::ir::{Json, JsonValue, Span};
use crate::model::{Field, Model, TypeKind, TypeRef};
use crate::surface::{self, RustType};

use CrateEffect::{Major, Minor, Patch};
use WireSeverity::{Breaking, Compatible, PossiblyBreaking};

/// Which body a walk is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Body {
    Request,
    Response,
}

/// A step of a location inside a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Seg {
    Key(String),
    Each,
    /// Every value of a map (`.*`).
    Value,
}

/// Where a walk is: the endpoint pair, its route, which body.
pub(super) struct Place<'r> {
    pub(super) pair: Pair,
    pub(super) route: &'r str,
    pub(super) body: Body,
}

/// The wire description of a type: what a client sees, without generated names.
fn describe(model: &Model, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Array { item } => format!("array of {}", describe(model, item)),
        TypeRef::Map { value } => format!("map of string to {}", describe(model, value)),
        TypeRef::Named { name } => match model.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::OpenEnum { .. }) => "string".to_owned(),
            _ => "object".to_owned(),
        },
        TypeRef::Page { shape, item } => {
            format!("{} of {}", shape.type_name(), describe(model, item))
        }
        TypeRef::Dictionary { .. } => "dictionary item".to_owned(),
        scalar => scalar.scalar_words().unwrap_or_default().to_owned(),
    }
}

/// The Rust type of a field, as the emitter writes it (short form).
fn rust_field_type(field: &Field) -> String {
    surface::field_type(field).short
}

/// The span of the value (or object key) at `segs` below `json`, when the sample has it.
fn find(json: &Json, segs: &[Seg]) -> Option<Span> {
    match segs.split_first() {
        None => Some(json.span),
        Some((Seg::Key(key), rest)) => match &json.value {
            JsonValue::Object(members) => {
                let member = members.iter().find(|m| m.key == *key)?;
                if rest.is_empty() {
                    Some(member.span)
                } else {
                    find(&member.value, rest)
                }
            }
            _ => None,
        },
        Some((Seg::Each, rest)) => match &json.value {
            JsonValue::Array(items) => items.iter().find_map(|item| find(item, rest)),
            _ => None,
        },
        Some((Seg::Value, rest)) => match &json.value {
            JsonValue::Object(members) => members.iter().find_map(|m| find(&m.value, rest)),
            _ => None,
        },
    }
}

fn render_location(root: &str, segs: &[Seg]) -> String {
    let mut out = root.to_owned();
    for seg in segs {
        match seg {
            Seg::Key(key) => {
                out.push('.');
                out.push_str(key);
            }
            Seg::Each => out.push_str("[]"),
            Seg::Value => out.push_str(".*"),
        }
    }
    out
}

impl Engine<'_> {
    /// `file:line:col` of a location inside a body, in NEW (or OLD when `in_old`): the deepest
    /// part of the location the endpoint's sample shows, else the endpoint heading.
    pub(super) fn locate(&self, place: &Place<'_>, segs: &[Seg], in_old: bool) -> Option<String> {
        let (side, index) = if in_old {
            (self.old, place.pair.old)
        } else {
            (self.new, place.pair.new)
        };
        let endpoint = side.endpoint(index);
        let root = match place.body {
            Body::Request => endpoint.request.as_ref().map(|b| &b.json),
            Body::Response => side.op(index).and_then(|op| op.success_payload(endpoint)),
        };
        let span = root
            .and_then(|json| (0..=segs.len()).rev().find_map(|n| find(json, &segs[..n])))
            .unwrap_or(endpoint.span);
        side.position(span)
    }

    fn location(&self, place: &Place<'_>, segs: &[Seg]) -> String {
        let root = match place.body {
            Body::Request => "body",
            Body::Response => self.new.response_root(),
        };
        render_location(root, segs)
    }

    /// Compares two types found at the same place, recursing into lists, pages and structs.
    /// `visiting` holds the struct pairs being compared, so recursive types end.
    pub(super) fn walk(
        &mut self,
        place: &Place<'_>,
        segs: &mut Vec<Seg>,
        old: &TypeRef,
        new: &TypeRef,
        visiting: &mut Vec<(String, String)>,
    ) {
        match (old, new) {
            (TypeRef::Array { item: a }, TypeRef::Array { item: b }) => {
                segs.push(Seg::Each);
                self.walk(place, segs, a, b, visiting);
                segs.pop();
            }
            // A map whose values change type changes at every value.
            (TypeRef::Map { value: a }, TypeRef::Map { value: b }) => {
                segs.push(Seg::Value);
                self.walk(place, segs, a, b, visiting);
                segs.pop();
            }
            (TypeRef::Page { shape: s, item: a }, TypeRef::Page { shape: t, item: b })
                if s == t =>
            {
                segs.push(Seg::Key("items".to_owned()));
                segs.push(Seg::Each);
                self.walk(place, segs, a, b, visiting);
                segs.pop();
                segs.pop();
            }
            (TypeRef::Named { name: a }, TypeRef::Named { name: b }) => {
                match (self.old.fields(a), self.new.fields(b)) {
                    (Some(old_fields), Some(new_fields)) => {
                        if a != b {
                            self.renamed(place, segs, a, b);
                        }
                        let pair = (a.clone(), b.clone());
                        if visiting.contains(&pair) {
                            return;
                        }
                        visiting.push(pair);
                        self.fields(place, segs, (old_fields, new_fields), b, visiting);
                        visiting.pop();
                    }
                    (None, None) => {
                        if a != b {
                            self.renamed(place, segs, a, b);
                        }
                        self.enum_values(place, segs, a, b);
                    }
                    _ => self.type_changed(place, segs, old, new),
                }
            }
            (TypeRef::Dictionary { code: a }, TypeRef::Dictionary { code: b }) => {
                if a != b {
                    self.renamed(place, segs, a, b);
                }
                segs.push(Seg::Key("code".to_owned()));
                self.enum_values(place, segs, a, b);
                segs.pop();
            }
            _ if old == new => {}
            _ => self.type_changed(place, segs, old, new),
        }
    }

    fn fields(
        &mut self,
        place: &Place<'_>,
        segs: &mut Vec<Seg>,
        (old_fields, new_fields): (&[Field], &[Field]),
        type_name: &str,
        visiting: &mut Vec<(String, String)>,
    ) {
        for field in new_fields {
            segs.push(Seg::Key(field.wire_name.clone()));
            match old_fields.iter().find(|f| f.wire_name == field.wire_name) {
                None => self.field_added(place, segs, field, type_name),
                Some(before) => {
                    self.walk(place, segs, &before.ty, &field.ty, visiting);
                    self.optionality(place, segs, before, field, type_name);
                }
            }
            segs.pop();
        }
        for field in old_fields
            .iter()
            .filter(|f| !new_fields.iter().any(|n| n.wire_name == f.wire_name))
        {
            segs.push(Seg::Key(field.wire_name.clone()));
            let (check, severity, word) = match place.body {
                Body::Request => (Check::RequestFieldRemoved, PossiblyBreaking, "request"),
                Body::Response => (Check::ResponseFieldRemoved, Breaking, "response"),
            };
            let message = match place.body {
                Body::Request => format!(
                    "request field `{}` is no longer in the sample: the server may ignore or \
                     reject it",
                    field.wire_name
                ),
                Body::Response => format!("{word} field `{}` is removed", field.wire_name),
            };
            let change = Change::new(
                check,
                severity,
                Major,
                place.route,
                message,
                format!("`{type_name}` loses its field `{}`", field.rust_name),
            )
            .at(self.location(place, segs))
            .values(Some(describe(self.old.model, &field.ty)), None)
            .source(self.locate(place, segs, true));
            self.push(change);
            segs.pop();
        }
    }

    fn field_added(&mut self, place: &Place<'_>, segs: &[Seg], field: &Field, type_name: &str) {
        let wire = &field.wire_name;
        let rust = &field.rust_name;
        let ty = describe(self.new.model, &field.ty);
        let change = match place.body {
            Body::Request if surface::is_constructor_argument(field) => Change::new(
                Check::RequestFieldAddedRequired,
                Breaking,
                Major,
                place.route,
                format!("required request field `{wire}` ({ty}) is added"),
                format!(
                    "`{type_name}::new` gains an argument `{rust}: {}`",
                    RustType::of(&field.ty).short
                ),
            ),
            Body::Request => Change::new(
                Check::RequestFieldAddedOptional,
                Compatible,
                Minor,
                place.route,
                format!("optional request field `{wire}` ({ty}) is added"),
                format!(
                    "`{type_name}` gains `{rust}: {}`, set with `with_{}`",
                    rust_field_type(field),
                    rust.trim_end_matches('_')
                ),
            ),
            Body::Response => Change::new(
                Check::ResponseFieldAdded,
                Compatible,
                Minor,
                place.route,
                format!("response field `{wire}` ({ty}) is added"),
                format!("`{type_name}` gains `{rust}: {}`", rust_field_type(field)),
            ),
        };
        let change = change
            .at(self.location(place, segs))
            .values(None, Some(ty))
            .source(self.locate(place, segs, false));
        self.push(change);
    }

    /// Required / nullable changes of a field present on both sides.
    fn optionality(
        &mut self,
        place: &Place<'_>,
        segs: &[Seg],
        old: &Field,
        new: &Field,
        type_name: &str,
    ) {
        let request = place.body == Body::Request;
        let flips = surface::field_is_option(old) != surface::field_is_option(new)
            || (request
                && surface::is_constructor_argument(old) != surface::is_constructor_argument(new));
        let (effect, detail) = if flips {
            let mut detail = format!(
                "`{type_name}.{}` becomes `{}` (was `{}`)",
                new.rust_name,
                rust_field_type(new),
                rust_field_type(old)
            );
            if request
                && surface::is_constructor_argument(old) != surface::is_constructor_argument(new)
            {
                let verb = if surface::is_constructor_argument(new) {
                    "gains"
                } else {
                    "loses"
                };
                detail.push_str(&format!(
                    "; `{type_name}::new` {verb} the argument `{}`",
                    new.rust_name
                ));
            }
            (Major, detail)
        } else if new.ty == TypeRef::Any || old.ty == TypeRef::Any {
            (
                Patch,
                "no `Option` to add or remove: a JSON value field holds `null` as it is".to_owned(),
            )
        } else {
            (
                Patch,
                format!(
                    "no change to the Rust API: `{type_name}.{}` is an `Option` either way",
                    new.rust_name
                ),
            )
        };
        // In a response, a field that could already be absent or null hurts less.
        let already_optional = !old.required || old.nullable;
        let loosened = if already_optional {
            PossiblyBreaking
        } else {
            Breaking
        };
        let wire = &new.wire_name;
        let mut found = Vec::new();
        if !old.nullable && new.nullable {
            found.push(if request {
                (
                    Check::RequestFieldBecameNullable,
                    Compatible,
                    format!("request field `{wire}` may now be `null`"),
                    ("non-null", "nullable"),
                )
            } else {
                (
                    Check::ResponseFieldBecameNullable,
                    loosened,
                    format!("response field `{wire}` may now be `null`"),
                    ("non-null", "nullable"),
                )
            });
        }
        if old.nullable && !new.nullable {
            found.push(if request {
                (
                    Check::RequestFieldBecameNonNullable,
                    Breaking,
                    format!("request field `{wire}` is no longer `null` in the sample"),
                    ("nullable", "non-null"),
                )
            } else {
                (
                    Check::ResponseFieldBecameNonNullable,
                    Compatible,
                    format!("response field `{wire}` is no longer `null` in any sample"),
                    ("nullable", "non-null"),
                )
            });
        }
        if old.required && !new.required {
            found.push(if request {
                (
                    Check::RequestFieldBecameOptional,
                    Compatible,
                    format!("request field `{wire}` becomes optional"),
                    ("required", "optional"),
                )
            } else {
                (
                    Check::ResponseFieldBecameOptional,
                    loosened,
                    format!("response field `{wire}` is missing from some samples"),
                    ("required", "optional"),
                )
            });
        }
        if !old.required && new.required {
            found.push(if request {
                (
                    Check::RequestFieldBecameRequired,
                    Breaking,
                    format!("request field `{wire}` becomes required"),
                    ("optional", "required"),
                )
            } else {
                (
                    Check::ResponseFieldBecameRequired,
                    Compatible,
                    format!("response field `{wire}` is now in every sample"),
                    ("optional", "required"),
                )
            });
        }
        for (check, severity, message, (before, after)) in found {
            let change = Change::new(
                check,
                severity,
                effect,
                place.route,
                message,
                detail.clone(),
            )
            .at(self.location(place, segs))
            .values(Some(before.to_owned()), Some(after.to_owned()))
            .source(self.locate(place, segs, false));
            self.push(change);
        }
    }

    fn type_changed(&mut self, place: &Place<'_>, segs: &[Seg], old: &TypeRef, new: &TypeRef) {
        let (before, after) = (describe(self.old.model, old), describe(self.new.model, new));
        let (rust_before, rust_after) = (RustType::of(old).short, RustType::of(new).short);
        let what = if segs.is_empty() {
            match place.body {
                Body::Request => "the request body".to_owned(),
                Body::Response => "the success `data`".to_owned(),
            }
        } else {
            format!("`{}`", self.location(place, segs))
        };
        let (check, severity, message) = match (old, new) {
            (TypeRef::Any, _) => (
                Check::TypeEvidenceGained,
                Compatible,
                format!("the samples now show the type of {what}: {after}"),
            ),
            (_, TypeRef::Any) => (
                Check::TypeEvidenceLost,
                PossiblyBreaking,
                format!("the samples no longer show the type of {what} (was {before})"),
            ),
            _ => {
                let check = match (place.body, segs.is_empty()) {
                    (Body::Request, true) => Check::RequestTypeChanged,
                    (Body::Request, false) => Check::RequestFieldTypeChanged,
                    (Body::Response, true) => Check::ResponseTypeChanged,
                    (Body::Response, false) => Check::ResponseFieldTypeChanged,
                };
                let message = if before == after {
                    format!(
                        "the type of {what} changes ({before}: `{rust_before}` → `{rust_after}`)"
                    )
                } else {
                    format!("the type of {what} changes from {before} to {after}")
                };
                (check, Breaking, message)
            }
        };
        let rust = |ty: &TypeRef, text: String| {
            if *ty == TypeRef::Any {
                "serde_json::Value".to_owned()
            } else {
                text
            }
        };
        let detail = format!(
            "`{}` becomes `{}`",
            rust(old, rust_before),
            rust(new, rust_after)
        );
        let change = Change::new(check, severity, Major, place.route, message, detail)
            .at(self.location(place, segs))
            .values(Some(before), Some(after))
            .source(self.locate(place, segs, false));
        self.push(change);
    }

    fn renamed(&mut self, place: &Place<'_>, segs: &[Seg], old: &str, new: &str) {
        if !self.renamed.insert((old.to_owned(), new.to_owned())) {
            return;
        }
        let change = Change::new(
            Check::TypeRenamed,
            Compatible,
            Major,
            place.route,
            format!(
                "the value at `{}` has the same role but its generated type has a new name",
                self.location(place, segs)
            ),
            format!("the type `{old}` is now named `{new}`"),
        )
        .at(self.location(place, segs))
        .values(Some(old.to_owned()), Some(new.to_owned()))
        .source(self.locate(place, segs, false));
        self.push(change);
    }

    fn enum_values(&mut self, place: &Place<'_>, segs: &[Seg], old: &str, new: &str) {
        if !self.enums.insert((old.to_owned(), new.to_owned())) {
            return;
        }
        let before = self.old.enum_values(old);
        let after = self.new.enum_values(new);
        for (wire, rust) in &after {
            if before.iter().any(|(w, _)| w == wire) {
                continue;
            }
            let change = Change::new(
                Check::EnumValueAdded,
                Compatible,
                Minor,
                place.route,
                format!("the samples show a new `{new}` value `{wire}`"),
                format!("`{new}` gains the variant `{rust}`"),
            )
            .at(self.location(place, segs))
            .values(None, Some((*wire).to_owned()))
            .source(self.locate(place, segs, false));
            self.push(change);
        }
        for (wire, rust) in &before {
            if after.iter().any(|(w, _)| w == wire) {
                continue;
            }
            let change = Change::new(
                Check::EnumValueRemoved,
                Compatible,
                Major,
                place.route,
                format!("the samples no longer show the `{old}` value `{wire}`"),
                format!("`{old}::{rust}` is removed"),
            )
            .at(self.location(place, segs))
            .values(Some((*wire).to_owned()), None)
            .source(self.locate(place, segs, true));
            self.push(change);
        }
    }
}
