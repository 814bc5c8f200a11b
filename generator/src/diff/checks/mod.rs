//! The checks: one stable id per kind of change, and the comparison that finds them.
//!
//! [`compare`] pairs the endpoints of the two sides by method and path shape, then compares each
//! pair: operation name, path parameters, query parameters, headers, `Authorization`, the request
//! body, the success response and the documented errors. Bodies are walked structurally (in
//! [`bodies`]): fields are paired by wire name, never by type name.
//!
//! This module holds the [`Check`] ids, the [`Engine`] and its per-endpoint dispatch; the checks
//! themselves live by concern in [`routes`], [`parameters`], [`auth`], [`requests`],
//! [`responses`] and [`bodies`].

use std::cmp::Reverse;
use std::collections::BTreeSet;

use serde::{Serialize, Serializer};

mod auth;
mod bodies;
mod parameters;
mod requests;
mod responses;
mod routes;

use super::{Change, CrateEffect, WireSeverity};
use crate::ir::{Endpoint, Span};
use crate::model::{Field, Model, Operation, TypeKind};
use crate::parse::Parsed;
use crate::surface::{Method, Surface};

macro_rules! checks {
    ($($variant:ident => $id:literal: $doc:literal,)*) => {
        /// The kinds of change `sdkgen diff` reports. Each has a stable id (`endpoint.removed`,
        /// `response.field-type-changed`, ...); the module docs of [`crate::diff`] give the
        /// severity and crate effect of each.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum Check {
            $(#[doc = $doc] $variant,)*
        }

        impl Check {
            /// Every check, in the order of the module docs' table.
            pub const ALL: &'static [Check] = &[$(Check::$variant,)*];

            /// The stable id, such as `endpoint.removed`.
            pub fn id(self) -> &'static str {
                match self {
                    $(Check::$variant => $id,)*
                }
            }

            /// What the check finds, in a sentence.
            pub fn description(self) -> &'static str {
                match self {
                    $(Check::$variant => $doc,)*
                }
            }
        }
    };
}

checks! {
    EndpointRemoved => "endpoint.removed": "An endpoint of OLD has no match (method and path shape) in NEW.",
    EndpointAdded => "endpoint.added": "An endpoint of NEW has no match in OLD.",
    OperationRenamed => "operation.renamed": "The client method of an endpoint has a new name or group.",
    PathParamRenamed => "path.param-renamed": "A path parameter has a new name; the path shape is the same.",
    QueryAddedRequired => "query.added-required": "A required query parameter is added.",
    QueryAddedOptional => "query.added-optional": "An optional query parameter is added.",
    QueryBecameRequired => "query.became-required": "An optional query parameter becomes required.",
    QueryBecameOptional => "query.became-optional": "A required query parameter becomes optional.",
    QueryRemoved => "query.removed": "A query parameter is no longer documented.",
    HeaderAddedRequired => "header.added-required": "A header is added to the required headers.",
    HeaderAddedOptional => "header.added-optional": "A header is added to the optional headers.",
    HeaderBecameRequired => "header.became-required": "An optional header becomes required.",
    HeaderBecameOptional => "header.became-optional": "A required header becomes optional.",
    HeaderRemoved => "header.removed": "A header is no longer documented.",
    AuthBecameRequired => "auth.became-required": "`Authorization` becomes required (it was optional or absent).",
    AuthAddedOptional => "auth.added-optional": "An optional `Authorization` header is added.",
    AuthBecameOptional => "auth.became-optional": "A required `Authorization` header becomes optional.",
    AuthRemoved => "auth.removed": "`Authorization` is no longer documented.",
    RequestBodyAdded => "request.body-added": "The endpoint now takes a request body.",
    RequestBodyRemoved => "request.body-removed": "The endpoint no longer takes a request body.",
    RequestTypeChanged => "request.type-changed": "The request body has a different kind of type.",
    RequestFieldAddedRequired => "request.field-added-required": "A request field every sample has is added.",
    RequestFieldAddedOptional => "request.field-added-optional": "A request field that may be absent or `null` is added.",
    RequestFieldRemoved => "request.field-removed": "A request field is no longer in the samples.",
    RequestFieldTypeChanged => "request.field-type-changed": "A request field has a different type.",
    RequestFieldBecameRequired => "request.field-became-required": "A request field becomes required.",
    RequestFieldBecameOptional => "request.field-became-optional": "A request field becomes optional.",
    RequestFieldBecameNullable => "request.field-became-nullable": "A request field may now be `null`.",
    RequestFieldBecameNonNullable => "request.field-became-non-nullable": "A request field is no longer `null` in any sample.",
    ResponseTypeChanged => "response.type-changed": "The success `data` has a different kind of type.",
    ResponseFieldRemoved => "response.field-removed": "A response field is no longer in the samples.",
    ResponseFieldAdded => "response.field-added": "A response field is added.",
    ResponseFieldTypeChanged => "response.field-type-changed": "A response field has a different type.",
    ResponseFieldBecameNullable => "response.field-became-nullable": "A response field (or `data`) may now be `null`.",
    ResponseFieldBecameOptional => "response.field-became-optional": "A response field is missing from some samples.",
    ResponseFieldBecameNonNullable => "response.field-became-non-nullable": "A response field (or `data`) is no longer `null` in any sample.",
    ResponseFieldBecameRequired => "response.field-became-required": "A response field is now in every sample.",
    SuccessStatusChanged => "success.status-changed": "The success sample has a different HTTP status.",
    ErrorCodeAdded => "error.code-added": "An error (status and code) is documented for the endpoint.",
    ErrorCodeRemoved => "error.code-removed": "An error is no longer documented for the endpoint.",
    SuccessFixtureLost => "evidence.success-fixture-lost": "The success fixture is gone: the response type is unknown.",
    SuccessFixtureGained => "evidence.success-fixture-gained": "A success fixture now shows the response type.",
    RequestSampleLost => "evidence.request-sample-lost": "The request sample is now `{}`: the body's shape is unknown.",
    RequestSampleGained => "evidence.request-sample-gained": "The request sample now shows the body's shape.",
    TypeEvidenceLost => "evidence.type-lost": "The samples no longer show a value's type (it becomes any JSON value).",
    TypeEvidenceGained => "evidence.type-gained": "The samples now show the type of a value that was unknown.",
    TypeRenamed => "type.renamed": "A generated type has a new name (its wire shape is compared on its own).",
    EnumValueAdded => "enum.value-added": "A dictionary code enum gains a known value.",
    EnumValueRemoved => "enum.value-removed": "A dictionary code enum loses a known value.",
}

impl Serialize for Check {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.id())
    }
}

impl std::fmt::Display for Check {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id())
    }
}

/// One side of the comparison.
#[derive(Clone, Copy)]
pub(super) struct Side<'a> {
    pub(super) parsed: &'a Parsed,
    pub(super) model: &'a Model,
    /// What the client generated from this side exposes.
    pub(super) surface: &'a Surface,
}

impl<'a> Side<'a> {
    fn endpoints(self) -> &'a [Endpoint] {
        &self.parsed.api.endpoints
    }

    fn endpoint(self, index: usize) -> &'a Endpoint {
        &self.parsed.api.endpoints[index]
    }

    fn op(self, index: usize) -> Option<&'a Operation> {
        self.model.operations.get(index)
    }

    /// The client method of the endpoint at `index`.
    fn method(self, index: usize) -> &'a Method {
        self.surface.method(index)
    }

    /// `file:line:col` of a span (`None` for the default span).
    fn position(self, span: Span) -> Option<String> {
        if span.line == 0 {
            return None;
        }
        let file = self.parsed.sources.get(span.file as usize)?;
        Some(format!("{}:{}:{}", file.path, span.line, span.column))
    }

    fn fields(self, name: &str) -> Option<&'a [Field]> {
        match &self.model.type_named(name)?.kind {
            TypeKind::Struct { fields, .. } => Some(fields),
            TypeKind::OpenEnum { .. } => None,
        }
    }

    fn enum_values(self, name: &str) -> Vec<(&'a str, &'a str)> {
        match self.model.type_named(name).map(|t| &t.kind) {
            Some(TypeKind::OpenEnum { values }) => values
                .iter()
                .map(|v| (v.wire.as_str(), v.rust_name.as_str()))
                .collect(),
            _ => Vec::new(),
        }
    }

    fn response_root(self) -> &'static str {
        if self.model.enveloped {
            "data"
        } else {
            "response"
        }
    }
}

impl Change {
    fn new(
        check: Check,
        severity: WireSeverity,
        crate_effect: CrateEffect,
        route: &str,
        message: String,
        crate_detail: String,
    ) -> Change {
        Change {
            check,
            severity,
            crate_effect,
            route: route.to_owned(),
            location: None,
            message,
            crate_detail,
            old: None,
            new: None,
            source: None,
        }
    }

    fn at(mut self, location: impl Into<String>) -> Change {
        self.location = Some(location.into());
        self
    }

    fn values(mut self, old: Option<String>, new: Option<String>) -> Change {
        self.old = old;
        self.new = new;
        self
    }

    fn source(mut self, source: Option<String>) -> Change {
        self.source = source;
        self
    }
}

/// Compares two sides; the changes come sorted as [`super::DiffReport::changes`] describes.
pub(super) fn compare(old: Side<'_>, new: Side<'_>) -> Vec<Change> {
    let key = |e: &Endpoint| format!("{} {}", e.method, e.path.shape());
    let mut engine = Engine {
        old,
        new,
        changes: Vec::new(),
        renamed: BTreeSet::new(),
        enums: BTreeSet::new(),
    };
    let mut matched = BTreeSet::new();
    for (n, endpoint) in new.endpoints().iter().enumerate() {
        let wanted = key(endpoint);
        let twin = old
            .endpoints()
            .iter()
            .enumerate()
            .position(|(o, e)| !matched.contains(&o) && key(e) == wanted);
        match twin {
            Some(o) => {
                matched.insert(o);
                engine.endpoint(Pair { old: o, new: n });
            }
            None => engine.added(n),
        }
    }
    for o in (0..old.endpoints().len()).filter(|o| !matched.contains(o)) {
        engine.removed(o);
    }
    let mut changes = engine.changes;
    changes.sort_by_key(|c| Reverse(c.severity));
    changes
}

/// A matched pair of endpoints, by index on each side.
#[derive(Debug, Clone, Copy)]
struct Pair {
    old: usize,
    new: usize,
}

/// Compares matched endpoints and collects the changes, in the order the checks find them.
struct Engine<'a> {
    old: Side<'a>,
    new: Side<'a>,
    changes: Vec<Change>,
    /// Type renames already reported (old name, new name): once per report.
    renamed: BTreeSet<(String, String)>,
    /// Open enums already compared (old name, new name): once per report.
    enums: BTreeSet<(String, String)>,
}

/// `group().method()`, the way a caller reaches an operation from the client.
fn method_of(method: &Method) -> String {
    method.call_path()
}

/// The Rust type an operation's method returns, in the short form reports use.
fn rust_return(method: &Method) -> String {
    method.returns.short.clone()
}

/// The type of an operation's `body` argument, as a sentence fragment.
fn request_type_name(method: &Method) -> String {
    method
        .body()
        .map_or("any serializable value", |body| body.ty.short.as_str())
        .to_owned()
}

impl Engine<'_> {
    fn push(&mut self, change: Change) {
        self.changes.push(change);
    }

    /// Compares a matched pair, concern by concern; this order is the order of its changes.
    fn endpoint(&mut self, pair: Pair) {
        let (Some(old_op), Some(new_op)) = (self.old.op(pair.old), self.new.op(pair.new)) else {
            return;
        };
        let route = self.new.endpoint(pair.new).route();
        self.operation(pair, &route);
        self.path_params(pair, &route);
        self.queries(pair, &route);
        self.headers(pair, old_op, new_op, &route);
        self.auth(pair, old_op, new_op, &route);
        self.request(pair, old_op, new_op, &route);
        self.success(pair, old_op, new_op, &route);
        self.errors(pair, old_op, new_op, &route);
    }

    /// Where a side's endpoint documents a header (used for `Authorization` too).
    fn header_span(side: Side<'_>, index: usize, name: &str) -> Option<Span> {
        side.endpoint(index)
            .headers
            .iter()
            .find(|h| h.name.eq_ignore_ascii_case(name))
            .map(|h| h.span)
    }
}
