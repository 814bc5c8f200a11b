//! Inference: turns every sample body into types and adds them to the IR as a [`Model`].
//!
//! Pass one (`collect`) sorts objects into classes, pages and dictionaries; pass two (here)
//! types every field from all the values seen for it, fills the gaps that empty lists and
//! `null`s leave (from the same field elsewhere, self-recursion, name suffixes, or an honest
//! JSON value with a warning), and names everything by the rules in `operations`.

mod collect;
mod envelope;
mod headers;
mod operations;
pub(crate) mod scalars;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use collect::{Candidate, Collected, Hint};
use envelope::Outcomes;
use operations::is_qualifier;
use operations::OperationName;

use crate::diagnostic::{Diagnostic, Severity};
// Guesses are shown in doc comments: the field names in them are code spans that hold anything.
use crate::emit::rustdoc::code;
use crate::ir::{Api, Method};
use crate::json::{Json, JsonValue};
use crate::model::{
    DocumentedError, EnumValue, ErrorCodeInfo, Evidence, Field, Model, Operation, RequestBody,
    Success, TypeDef, TypeKind, TypeRef,
};
use crate::naming::{self, pascal_ident, singular, snake_ident};
use crate::parse::Parsed;

/// The model and the warnings that name each guess inference had to make.
#[derive(Debug, Clone)]
pub struct Inferred {
    /// The typed model.
    pub model: Model,
    /// Guesses and fallbacks, each at the sample value that caused it.
    pub warnings: Vec<Diagnostic>,
}

/// What a set of values says about their type before gaps are filled.
#[derive(Debug, Clone, PartialEq)]
enum Partial {
    Known(TypeRef),
    /// Only `null`s, or nothing at all.
    Gap,
    /// Lists with no elements anywhere (nested as often as the lists are).
    ListOf(Box<Partial>),
    /// Values of different kinds (a string here, a number there): a JSON value, with a warning.
    Mixed,
}

fn text_of(json: Option<&Json>) -> String {
    match json.map(|j| &j.value) {
        Some(JsonValue::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// Infers the typed model of a parsed API.
pub fn infer(parsed: &Parsed) -> Inferred {
    Inference::new(parsed).run()
}

struct Inference<'a> {
    parsed: &'a Parsed,
    api: &'a Api,
    collected: Collected<'a>,
    warnings: Vec<Diagnostic>,
    names: Vec<OperationName>,
    header_cache: headers::HeaderCache,
    /// Whether any sample of the API is enveloped.
    api_enveloped: bool,
    /// The outcome of every response, per endpoint.
    outcomes: Vec<Outcomes>,
}

impl<'a> Inference<'a> {
    fn new(parsed: &'a Parsed) -> Self {
        let api = &parsed.api;
        let outcomes: Vec<Outcomes> = api.endpoints.iter().map(Outcomes::of).collect();
        let returns_list: Vec<bool> = api
            .endpoints
            .iter()
            .zip(&outcomes)
            .map(|(e, outcomes)| {
                outcomes.success_payload(e).is_some_and(|data| {
                    matches!(data.value, JsonValue::Array(_))
                        || data
                            .get("items")
                            .is_some_and(|i| matches!(i.value, JsonValue::Array(_)))
                })
            })
            .collect();
        let mut renamed = Vec::new();
        let names = operations::name_operations(api, &returns_list, &mut renamed);
        let mut inference = Inference {
            parsed,
            api,
            collected: Collected::new(),
            warnings: Vec::new(),
            names,
            header_cache: headers::HeaderCache::new(),
            api_enveloped: outcomes
                .iter()
                .flat_map(|o| &o.responses)
                .any(|r| r.enveloped),
            outcomes,
        };
        for (span, message) in renamed {
            inference.warn_name(span, message);
        }
        inference
    }

    fn warn(&mut self, span: crate::ir::Span, message: String, hint: Option<String>) {
        let Some(file) = self.parsed.sources.get(span.file as usize) else {
            return;
        };
        let mut diagnostic = Diagnostic::new(
            Severity::Warning,
            "type-guess",
            file,
            file.offset(span),
            message,
        );
        diagnostic.hint = hint;
        self.warnings.push(diagnostic);
    }

    /// A `name-collision` warning: a name was changed so the generated crate compiles.
    fn warn_name(&mut self, span: crate::ir::Span, message: String) {
        let Some(file) = self.parsed.sources.get(span.file as usize) else {
            return;
        };
        self.warnings.push(Diagnostic::new(
            Severity::Warning,
            "name-collision",
            file,
            file.offset(span),
            message,
        ));
    }

    /// Where a class is first seen.
    fn class_span(&self, root: usize) -> crate::ir::Span {
        self.collected
            .members(root)
            .iter()
            .filter_map(|&c| self.collected.classes[c].instances.first())
            .map(|j| j.span)
            .min()
            .unwrap_or_default()
    }

    /// Candidate names for the success data of endpoint `index`.
    fn response_candidates(&self, index: usize) -> Vec<Candidate> {
        let endpoint = &self.api.endpoints[index];
        let op = &self.names[index];
        let resource = pascal_ident(&op.resource);
        let qualifier: String = op
            .nouns
            .iter()
            .filter(|n| is_qualifier(n))
            .map(|n| if n == "current" { "Current" } else { "My" })
            .collect();
        let nouns: Vec<&String> = op.nouns.iter().filter(|n| !is_qualifier(n)).collect();
        let noun = match nouns.split_last() {
            None => resource.clone(),
            Some((last, init)) => {
                let mut words: Vec<String> =
                    init.iter().map(|w| pascal_ident(&singular(w))).collect();
                match last.as_str() {
                    "tree" => words.push("Nodes".to_owned()),
                    "history" => words.push("HistoryEntries".to_owned()),
                    _ => words.push(pascal_ident(last)),
                }
                words.concat()
            }
        };
        let base = format!("{qualifier}{noun}");
        match endpoint.method {
            Method::Get | Method::Head | Method::Options => vec![(0, base)],
            _ if op.verb.is_none() && op.nouns.iter().all(|n| is_qualifier(n)) => {
                // What the method did to the resource names a shape that differs from it.
                let outcome = match endpoint.method {
                    Method::Put | Method::Patch => "Updated",
                    Method::Delete => "Deleted",
                    _ => "Created",
                };
                vec![
                    (1, format!("{qualifier}{resource}")),
                    (2, format!("{resource}{outcome}")),
                ]
            }
            _ => vec![
                (1, format!("{}Result", op.pascal())),
                (2, format!("{base}Result")),
            ],
        }
    }

    fn run(mut self) -> Inferred {
        let api = self.api;
        // Pass one: every request and success payload.
        for (index, endpoint) in api.endpoints.iter().enumerate() {
            let route = endpoint.route();
            if let Some(request) = &endpoint.request {
                let hint = Hint {
                    candidates: vec![(5, format!("{}Request", self.names[index].pascal()))],
                    field: None,
                    route: route.clone(),
                    request_of: Some(index),
                };
                if !is_empty_object(&request.json) {
                    self.collected.collect(&[&request.json], &hint);
                }
            }
            if let Some(data) = self.outcomes[index].success_payload(endpoint) {
                let hint = Hint {
                    candidates: self.response_candidates(index),
                    field: None,
                    route,
                    request_of: None,
                };
                self.collected.collect(&[data], &hint);
            }
        }
        self.collected.unify();

        // Pass two: field types from all values, then gaps filled.
        let roots: Vec<usize> = (0..self.collected.classes.len())
            .filter(|&c| self.collected.root(c) == c)
            .collect();
        let mut partial_fields: BTreeMap<usize, Vec<(Field, Partial, crate::ir::Span)>> =
            BTreeMap::new();
        for &root in &roots {
            let fields = self.class_fields(root);
            partial_fields.insert(root, fields);
        }
        let index = field_index(&partial_fields);
        let (names, renamed) = self.name_classes(&roots);
        for (root, wanted, got) in renamed {
            let span = self.class_span(root);
            self.warn_name(
                span,
                format!("the type `{wanted}` would shadow a name the generated crate uses (Rust prelude or runtime); named `{got}`"),
            );
        }
        let mut types = Vec::new();
        for &root in &roots {
            let class_name = names[&root].clone();
            let mut fields = Vec::new();
            // An object may have 100,000 keys: a scope keeps naming linear.
            let mut scope = naming::NameScope::default();
            for (mut field, partial, span) in partial_fields.remove(&root).unwrap_or_default() {
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
                let (ty, guess) = self.fill(partial, &field.wire_name, &class_name, root, &index);
                if let Some(guess) = &guess {
                    self.warn(
                        span,
                        format!("`{class_name}.{}`: {guess}", field.wire_name),
                        None,
                    );
                }
                field.ty = rename(ty, &names);
                field.guess = guess;
                fields.push(field);
            }
            let members = self.collected.members(root);
            let routes: BTreeSet<String> = members
                .iter()
                .flat_map(|&c| self.collected.classes[c].routes.iter().cloned())
                .collect();
            let span = self.class_span(root);
            types.push(TypeDef {
                name: class_name,
                kind: TypeKind::Struct {
                    fields,
                    extends_dictionary: members
                        .iter()
                        .all(|&c| self.collected.classes[c].extends_dictionary),
                },
                used_by: routes.into_iter().collect(),
                span,
            });
        }
        for (name, codes) in &self.collected.dictionaries {
            let values = enum_values(codes.iter().map(|(code, (label, description))| {
                (code.clone(), label.clone(), description.clone())
            }));
            types.push(TypeDef {
                name: name.clone(),
                kind: TypeKind::OpenEnum { values },
                used_by: Vec::new(),
                span: Default::default(),
            });
        }

        let operations = (0..api.endpoints.len())
            .map(|i| self.operation(i, &names, &index))
            .collect::<Vec<_>>();
        let error_codes = error_codes(&operations);
        add_usage(&mut types);
        types.sort_by(|a, b| a.name.cmp(&b.name));
        let enveloped = self.api_enveloped;
        let model = Model {
            types,
            operations,
            error_codes,
            enveloped,
            dictionary_description_required: !self.collected.has_dictionaries()
                || self.collected.dictionary_description_always,
        };
        self.warnings.sort_by_key(|d| d.span);
        Inferred {
            model,
            warnings: self.warnings,
        }
    }

    /// Fields of a class (all its members' instances), with what their values say.
    fn class_fields(&mut self, root: usize) -> Vec<(Field, Partial, crate::ir::Span)> {
        let members = self.collected.members(root);
        let instances: Vec<&'a Json> = members
            .iter()
            .flat_map(|&c| self.collected.classes[c].instances.iter().copied())
            .collect();
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
                let field = Field {
                    wire_name: key.to_owned(),
                    rust_name: snake_ident(key),
                    ty: TypeRef::Any,
                    required,
                    nullable,
                    example,
                    redacted,
                    guess: None,
                };
                (field, partial, span)
            })
            .collect()
    }

    /// What a list of values (all found at one place) says about their type.
    fn partial(&mut self, values: &[&Json], field: &str) -> Partial {
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
    fn fill(
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
        }
    }

    /// Resolves class names: each class takes its best candidate no better class has taken
    /// and no reserved name (see [`crate::naming`]); also returns the classes whose best
    /// candidate was a reserved name, with that name and the one they got.
    #[allow(clippy::type_complexity)]
    fn name_classes(
        &self,
        roots: &[usize],
    ) -> (BTreeMap<usize, String>, Vec<(usize, String, String)>) {
        let mut order: Vec<(Candidate, Vec<Candidate>, usize)> = roots
            .iter()
            .map(|&root| {
                let candidates: BTreeSet<Candidate> = self
                    .collected
                    .members(root)
                    .iter()
                    .flat_map(|&c| self.collected.classes[c].candidates.iter().cloned())
                    .collect();
                let list: Vec<Candidate> = candidates.into_iter().collect();
                let best = list.first().cloned().unwrap_or((9, "Object".to_owned()));
                (best, list, root)
            })
            .collect();
        order.sort();
        let mut taken: BTreeSet<String> = naming::PRELUDE_NAMES
            .iter()
            .chain(naming::RUNTIME_NAMES)
            .map(|s| (*s).to_owned())
            .collect();
        taken.extend(self.collected.dictionaries.keys().cloned());
        // Each group module defines its handle, which would hide a type of the same name.
        taken.extend(
            self.names
                .iter()
                .map(|op| naming::handle_name(&op.group_module)),
        );
        let mut names = BTreeMap::new();
        let mut renamed = Vec::new();
        for (best, list, root) in order {
            let name = list
                .iter()
                .map(|(_, n)| n.clone())
                .find(|n| !taken.contains(n))
                .unwrap_or_else(|| naming::unique(&best.1, |n| taken.contains(n)));
            if naming::is_reserved_type(&best.1) {
                renamed.push((root, best.1.clone(), name.clone()));
            }
            taken.insert(name.clone());
            names.insert(root, name);
        }
        (names, renamed)
    }

    fn operation(
        &mut self,
        index: usize,
        names: &BTreeMap<usize, String>,
        field_index: &BTreeMap<String, TypeRef>,
    ) -> Operation {
        let endpoint = &self.api.endpoints[index];
        let op = self.names[index].clone();
        let request = endpoint.request.as_ref().map(|body| {
            if is_empty_object(&body.json) {
                RequestBody {
                    ty: TypeRef::Any,
                    evidence: Evidence::Unknown,
                }
            } else {
                let partial = self.partial(&[&body.json], "body");
                let (ty, guess) = self.fill(partial, "body", "", usize::MAX, field_index);
                if let Some(guess) = guess {
                    let route = endpoint.route();
                    self.warn(
                        body.json.span,
                        format!("the request body of `{route}`: {guess}"),
                        None,
                    );
                }
                RequestBody {
                    ty: rename(ty, names),
                    evidence: Evidence::Verified,
                }
            }
        });
        let outcomes = self.outcomes[index].clone();
        let success = match outcomes.success {
            Some(success_index) => {
                let response = &endpoint.responses[success_index];
                let outcome = &outcomes.responses[success_index];
                let data = outcome.payload(response);
                let (ty, nullable) = match data {
                    None => (TypeRef::Unit, false),
                    Some(json) if json.value == JsonValue::Null && response.status == 204 => {
                        (TypeRef::Unit, false)
                    }
                    Some(json) => {
                        let partial = self.partial(&[json], "data");
                        let nullable = json.value == JsonValue::Null;
                        let (ty, guess) =
                            self.fill(partial, "data", "", usize::MAX, &BTreeMap::new());
                        if let Some(guess) = guess {
                            let route = endpoint.route();
                            self.warn(
                                json.span,
                                format!("the success `data` of `{route}`: {guess}"),
                                None,
                            );
                        }
                        (rename(ty, names), nullable)
                    }
                };
                Success {
                    status: Some(response.status),
                    data: ty,
                    evidence: Evidence::Verified,
                    nullable,
                    enveloped: outcome.enveloped || (response.body.is_none() && self.api_enveloped),
                }
            }
            None => Success {
                status: None,
                data: TypeRef::Any,
                evidence: Evidence::Unknown,
                nullable: true,
                enveloped: self.api_enveloped,
            },
        };
        let errors = endpoint
            .responses
            .iter()
            .zip(&outcomes.responses)
            .filter(|(_, outcome)| !outcome.success)
            .map(|(r, _)| {
                let body = r.body.as_ref().map(|b| &b.json);
                DocumentedError {
                    status: r.status,
                    code: text_of(body.and_then(|b| b.get("code"))),
                    message: text_of(body.and_then(|b| b.get("message"))),
                    labelled_success: r.label == crate::ir::ResponseLabel::Success,
                }
            })
            .collect();
        let (headers, auth) = headers::header_uses(&endpoint.headers, &mut self.header_cache);
        Operation {
            endpoint: index,
            headers,
            auth,
            name: op.name,
            group_module: op.group_module,
            operation_id: op.operation_id,
            request,
            success,
            errors,
            responses: outcomes.responses,
            success_response: outcomes.success,
        }
    }
}

fn is_empty_object(json: &Json) -> bool {
    matches!(&json.value, JsonValue::Object(members) if members.is_empty())
}

fn is_empty_array(json: &Json) -> bool {
    matches!(&json.value, JsonValue::Array(items) if items.is_empty())
}

/// The type each field name has wherever the samples show it (the most common one when they
/// disagree; ties broken by the type's order), used to fill gaps.
fn field_index(
    fields: &BTreeMap<usize, Vec<(Field, Partial, crate::ir::Span)>>,
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

/// Replaces `#class` placeholders with class names.
fn rename(ty: TypeRef, names: &BTreeMap<usize, String>) -> TypeRef {
    match ty {
        TypeRef::Named { name } => {
            match name.strip_prefix('#').and_then(|n| n.parse::<usize>().ok()) {
                Some(class) => TypeRef::named(names.get(&class).cloned().unwrap_or(name)),
                None => TypeRef::Named { name },
            }
        }
        TypeRef::Array { item } => TypeRef::array(rename(*item, names)),
        TypeRef::Page { shape, item } => TypeRef::Page {
            shape,
            item: Box::new(rename(*item, names)),
        },
        other => other,
    }
}

fn enum_values(
    values: impl Iterator<Item = (String, Option<String>, Option<String>)>,
) -> Vec<EnumValue> {
    let mut out: Vec<EnumValue> = values
        .map(|(wire, label, description)| EnumValue {
            rust_name: pascal_ident(&wire),
            wire,
            label,
            description,
        })
        .collect();
    out.sort_by(|a, b| a.wire.cmp(&b.wire));
    // `Other` is the variant for codes the document does not show.
    // One endpoint may show 100,000 error codes: a scope keeps naming linear.
    let mut scope = naming::NameScope::with_taken(["Other"]);
    for value in &mut out {
        value.rust_name = scope.claim(&value.rust_name, |_| false);
    }
    out
}

/// The open error-code set: every code an error sample shows, where and with what status.
fn error_codes(operations: &[Operation]) -> BTreeMap<String, ErrorCodeInfo> {
    let mut codes: BTreeMap<String, ErrorCodeInfo> = BTreeMap::new();
    for op in operations {
        for error in op.errors.iter().filter(|e| !e.code.is_empty()) {
            let info = codes.entry(error.code.clone()).or_default();
            if !info.statuses.contains(&error.status) {
                info.statuses.push(error.status);
                info.statuses.sort_unstable();
            }
            if !info.messages.contains(&error.message) {
                info.messages.push(error.message.clone());
                info.messages.sort();
            }
            // Operations come one at a time, so a repeat can only be the last one pushed.
            if info.operations.last() != Some(&op.operation_id) {
                info.operations.push(op.operation_id.clone());
            }
        }
    }
    let values = enum_values(codes.keys().map(|c| (c.clone(), None, None)));
    for value in values {
        if let Some(info) = codes.get_mut(&value.wire) {
            info.rust_name = value.rust_name;
            info.operations.sort();
        }
    }
    codes
}

/// Records which routes use each open enum (through dictionary fields).
fn add_usage(types: &mut [TypeDef]) {
    let mut users: HashMap<String, BTreeSet<String>> = HashMap::new();
    for def in types.iter() {
        if let TypeKind::Struct { fields, .. } = &def.kind {
            for field in fields {
                collect_dictionary_codes(&field.ty, &mut |code| {
                    users
                        .entry(code.to_owned())
                        .or_default()
                        .extend(def.used_by.iter().cloned());
                });
            }
        }
    }
    for def in types.iter_mut() {
        if let (TypeKind::OpenEnum { .. }, Some(routes)) = (&def.kind, users.get(&def.name)) {
            def.used_by = routes.iter().cloned().collect();
        }
    }
}

fn collect_dictionary_codes(ty: &TypeRef, f: &mut dyn FnMut(&str)) {
    match ty {
        TypeRef::Dictionary { code } => f(code),
        TypeRef::Array { item } | TypeRef::Page { item, .. } => collect_dictionary_codes(item, f),
        _ => {}
    }
}
