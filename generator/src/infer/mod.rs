//! Inference: turns every sample body into types and adds them to the IR as a [`Model`].
//!
//! [`infer`] runs these steps, in this order:
//!
//! 1. [`operations`] names every endpoint's method and group; [`envelope`] decides once whether
//!    each response is a success or an error and whether it is enveloped.
//! 2. Pass one, [`collect`]: every request and success payload is walked, and each object is
//!    sorted into a class (objects whose keys and [`shapes`] agree), a page, a dictionary item
//!    or a map (an object keyed by data, [`maps`]).
//! 3. Pass two, [`fields`]: every field of every class is typed from all the values seen for it;
//!    the gaps that empty lists and `null`s leave are filled from the same field elsewhere,
//!    self-recursion, name suffixes ([`scalars`]), or an honest JSON value with a warning.
//! 4. [`type_names`] names the classes from the candidates collected with them; each becomes a
//!    struct.
//! 5. [`enums`] turns the dictionaries into open enums and gathers the error-code set.
//! 6. [`operation_types`] types each operation's request, success and documented errors, with
//!    its headers ([`headers`]); [`evidence`] then reads what the error samples and the path
//!    say that the header table and the samples do not (a 401 "token is required" makes the
//!    token required; `/download` without a success sample answers bytes; `/upload` takes a
//!    form), each with a warning, unless `sdkgen.toml` settles it ([`Settled`]).
//!    An operation whose answer is a page learns how to ask for one page ([`paging`]).
//!
//! [`validate`] checks a sample against the result.

// The step modules are private; the links above are for `--document-private-items` and for
// readers of the source.
#![allow(rustdoc::private_intra_doc_links)]

mod collect;
mod enums;
mod envelope;
mod evidence;
mod fields;
mod headers;
mod maps;
mod operation_types;
mod operations;
mod optional_fields;
pub mod paging;
pub(crate) mod scalars;
mod shapes;
mod type_names;
pub mod validate;

use std::collections::{BTreeMap, BTreeSet};

use collect::{Collected, Hint};
use envelope::Outcomes;
use operations::OperationName;

use crate::diagnostic::{Diagnostic, Severity};
use crate::ir::{Api, Span};
use crate::json::{Json, JsonValue};
use crate::model::{Model, Operation, TypeDef, TypeRef};
use crate::parse::Parsed;

/// The model and the warnings that name each guess inference had to make.
#[derive(Debug, Clone)]
pub struct Inferred {
    /// The typed model.
    pub model: Model,
    /// Guesses and fallbacks, each at the sample value that caused it.
    pub warnings: Vec<Diagnostic>,
}

/// Infers the typed model of a parsed API.
pub fn infer(parsed: &Parsed) -> Inferred {
    infer_settled(parsed, &Settled::default())
}

/// Infers the typed model of a parsed API, leaving alone what `sdkgen.toml` settles: the
/// heuristics that read auth from error samples and bodies from paths do not run (and do not
/// warn) for an endpoint whose `auth`, `response` or `request` it states.
pub fn infer_settled(parsed: &Parsed, settled: &Settled) -> Inferred {
    let mut inference = Inference::new(parsed);
    inference.settled = settled.clone();
    inference.run()
}

/// Endpoints (indices into [`Api::endpoints`]) whose auth, response kind or request kind
/// `sdkgen.toml` states.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Settled {
    /// `auth = "..."`.
    pub auth: BTreeSet<usize>,
    /// `response = "..."`.
    pub response: BTreeSet<usize>,
    /// `request = "..."`.
    pub request: BTreeSet<usize>,
}

/// The state of one inference run: what pass one collected, the operation names and response
/// outcomes decided up front, and the warnings so far.
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
    /// What `sdkgen.toml` states, which the heuristics leave alone.
    settled: Settled,
}

impl<'a> Inference<'a> {
    /// Step 1: decides every response's outcome and names every operation.
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
            settled: Settled::default(),
        };
        for (span, message) in renamed {
            inference.warn_name(span, message);
        }
        inference
    }

    /// Steps 2 to 6, in order (the order the warnings are pushed in, before they are sorted by
    /// where they point).
    fn run(mut self) -> Inferred {
        self.collect_samples();
        let roots: Vec<usize> = (0..self.collected.classes.len())
            .filter(|&c| self.collected.root(c) == c)
            .collect();
        let partial_fields = self.all_class_fields(&roots);
        let field_index = fields::field_index(&partial_fields);
        let names = self.name_types(&roots);
        let mut types = self.struct_types(&roots, partial_fields, &names, &field_index);
        types.extend(self.dictionary_types());
        let operations = (0..self.api.endpoints.len())
            .map(|i| self.operation(i, &names, &field_index))
            .collect::<Vec<_>>();
        self.finish(types, operations)
    }

    /// Step 2, pass one: every request and success payload, with the names an object found
    /// there may take.
    fn collect_samples(&mut self) {
        let api = self.api;
        for (index, endpoint) in api.endpoints.iter().enumerate() {
            let route = endpoint.route();
            if let Some(request) = &endpoint.request {
                let hint = Hint {
                    candidates: vec![(5, format!("{}Request", self.names[index].pascal()))],
                    field: None,
                    route: route.clone(),
                    request_of: Some(index),
                    in_response: false,
                };
                let samples: Vec<&crate::json::Json> = std::iter::once(request)
                    .chain(&endpoint.request_examples)
                    .map(|body| &body.json)
                    .filter(|json| !is_empty_object(json))
                    .collect();
                if !samples.is_empty() {
                    self.collected.collect(&samples, &hint);
                }
            }
            let payloads = self.outcomes[index].success_payloads(endpoint);
            if !payloads.is_empty() {
                let hint = Hint {
                    candidates: self.response_candidates(index),
                    field: None,
                    route,
                    request_of: None,
                    in_response: true,
                };
                self.collected.collect(&payloads, &hint);
            }
        }
        self.collected.unify();
    }

    /// The model from the types and operations: the error-code set, which routes use each
    /// open enum, the types in name order, and the warnings in document order.
    fn finish(mut self, mut types: Vec<TypeDef>, operations: Vec<Operation>) -> Inferred {
        let error_codes = enums::error_codes(&operations);
        enums::add_usage(&mut types);
        types.sort_by(|a, b| a.name.cmp(&b.name));
        let model = Model {
            types,
            operations,
            error_codes,
            enveloped: self.api_enveloped,
            dictionary_description_required: !self.collected.has_dictionaries()
                || self.collected.dictionary_description_always,
        };
        self.warnings.sort_by_key(|d| d.span);
        Inferred {
            model,
            warnings: self.warnings,
        }
    }

    /// A `type-guess` warning: a type inference had to guess, or a fallback it took.
    fn warn(&mut self, span: Span, message: String, hint: Option<String>) {
        self.warn_as("type-guess", span, message, hint);
    }

    /// A warning with its own code: a heuristic that decided something the document does not
    /// state outright.
    fn warn_as(&mut self, code: &'static str, span: Span, message: String, hint: Option<String>) {
        let Some(file) = self.parsed.sources.get(span.file as usize) else {
            return;
        };
        let mut diagnostic =
            Diagnostic::new(Severity::Warning, code, file, file.offset(span), message);
        diagnostic.hint = hint;
        self.warnings.push(diagnostic);
    }

    /// A `name-collision` warning: a name was changed so the generated crate compiles.
    fn warn_name(&mut self, span: Span, message: String) {
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
    fn class_span(&self, root: usize) -> Span {
        self.collected
            .members(root)
            .iter()
            .filter_map(|&c| self.collected.classes[c].instances.first())
            .map(|j| j.span)
            .min()
            .unwrap_or_default()
    }
}

fn is_empty_object(json: &Json) -> bool {
    matches!(&json.value, JsonValue::Object(members) if members.is_empty())
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
        TypeRef::Map { value } => TypeRef::map(rename(*value, names)),
        TypeRef::Page { shape, item } => TypeRef::Page {
            shape,
            item: Box::new(rename(*item, names)),
        },
        other => other,
    }
}
