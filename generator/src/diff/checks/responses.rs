//! Responses: the success response (fixture gained or lost, status, the nullability of `data`;
//! its shape is walked by [`super::bodies`]) and the documented errors with their `ErrorCode`
//! variants.

use std::collections::BTreeSet;

use super::bodies::{Body, Place};
use super::{method_of, rust_return, Change, Check, Engine, Pair};
use crate::diff::{CrateEffect, WireSeverity};
use crate::ir::{Endpoint, JsonValue, Span};
use crate::model::{DocumentedError, Evidence, Operation};

use CrateEffect::{Major, Minor, Patch};
use WireSeverity::{Breaking, Compatible, PossiblyBreaking};

fn error_key(error: &DocumentedError) -> (u16, &str) {
    (error.status, error.code.as_str())
}

fn error_location(error: &DocumentedError) -> String {
    if error.code.is_empty() {
        format!("errors[{}]", error.status)
    } else {
        format!("errors[{} {}]", error.status, error.code)
    }
}

fn error_name(error: &DocumentedError) -> String {
    if error.code.is_empty() {
        format!("HTTP {}", error.status)
    } else {
        format!("HTTP {} `{}`", error.status, error.code)
    }
}

impl Engine<'_> {
    /// The success response: its fixture gained or lost, its status, then (when both sides show
    /// it) its `data` walked field by field and its nullability.
    pub(super) fn success(
        &mut self,
        pair: Pair,
        old_op: &Operation,
        new_op: &Operation,
        route: &str,
    ) {
        let (old, new) = (&old_op.success, &new_op.success);
        let new_endpoint = self.new.endpoint(pair.new);
        let method = method_of(self.new.method(pair.new));
        let root = self.new.response_root();
        match (old.evidence, new.evidence) {
            (Evidence::Verified, Evidence::Unknown) => {
                let span = new_endpoint
                    .missing_success
                    .as_ref()
                    .map_or(new_endpoint.span, |t| t.span);
                let change = Change::new(
                    Check::SuccessFixtureLost,
                    PossiblyBreaking,
                    Major,
                    route,
                    "the success fixture is gone: the response type is unknown".to_owned(),
                    format!(
                        "`{method}` returns `serde_json::Value` (was `{}`)",
                        rust_return(self.old.method(pair.old))
                    ),
                )
                .at(root)
                .values(old.status.map(|s| s.to_string()), None)
                .source(self.new.position(span));
                self.push(change);
            }
            (Evidence::Unknown, Evidence::Verified) => {
                let (before, after) = (
                    rust_return(self.old.method(pair.old)),
                    rust_return(self.new.method(pair.new)),
                );
                let (effect, detail) = if before == after {
                    (Patch, format!("`{method}` still returns `{after}`"))
                } else {
                    (
                        Major,
                        format!("`{method}` returns `{after}` (was `{before}`)"),
                    )
                };
                let span = new_endpoint.success().map_or(new_endpoint.span, |r| r.span);
                let change = Change::new(
                    Check::SuccessFixtureGained,
                    Compatible,
                    effect,
                    route,
                    "a success fixture now shows the response".to_owned(),
                    detail,
                )
                .at(root)
                .values(None, new.status.map(|s| s.to_string()))
                .source(self.new.position(span));
                self.push(change);
            }
            (Evidence::Verified, Evidence::Verified) => {
                if old.status != new.status {
                    let span = new_endpoint.success().map_or(new_endpoint.span, |r| r.span);
                    let show =
                        |s: Option<u16>| s.map_or_else(|| "none".to_owned(), |s| s.to_string());
                    let change = Change::new(
                        Check::SuccessStatusChanged,
                        PossiblyBreaking,
                        Patch,
                        route,
                        format!(
                            "the success status changes from HTTP {} to HTTP {}",
                            show(old.status),
                            show(new.status)
                        ),
                        "no change to the Rust API".to_owned(),
                    )
                    .at("status")
                    .values(Some(show(old.status)), Some(show(new.status)))
                    .source(self.new.position(span));
                    self.push(change);
                }
                let place = Place {
                    pair,
                    route,
                    body: Body::Response,
                };
                self.walk(
                    &place,
                    &mut Vec::new(),
                    &old.data,
                    &new.data,
                    &mut Vec::new(),
                );
                if old.nullable != new.nullable {
                    self.data_nullability(&place, new.nullable);
                }
            }
            (Evidence::Unknown, Evidence::Unknown) => {}
        }
    }

    /// The success `data` itself becoming nullable or non-null.
    fn data_nullability(&mut self, place: &Place<'_>, nullable: bool) {
        let (before, after) = (
            rust_return(self.old.method(place.pair.old)),
            rust_return(self.new.method(place.pair.new)),
        );
        let (effect, detail) = if before == after {
            (
                Patch,
                format!(
                    "`{}` still returns `{after}`",
                    method_of(self.new.method(place.pair.new))
                ),
            )
        } else {
            (
                Major,
                format!(
                    "`{}` returns `{after}` (was `{before}`)",
                    method_of(self.new.method(place.pair.new))
                ),
            )
        };
        let change = if nullable {
            Change::new(
                Check::ResponseFieldBecameNullable,
                Breaking,
                effect,
                place.route,
                "the success `data` may now be `null`".to_owned(),
                detail,
            )
            .values(Some("non-null".to_owned()), Some("nullable".to_owned()))
        } else {
            Change::new(
                Check::ResponseFieldBecameNonNullable,
                Compatible,
                effect,
                place.route,
                "the success `data` is no longer `null`".to_owned(),
                detail,
            )
            .values(Some("nullable".to_owned()), Some("non-null".to_owned()))
        };
        let source = self.locate(place, &[], false);
        self.push(change.at(self.new.response_root()).source(source));
    }

    /// Documented errors, paired by status and code: those NEW adds, then those it drops, each
    /// reported once.
    pub(super) fn errors(
        &mut self,
        pair: Pair,
        old_op: &Operation,
        new_op: &Operation,
        route: &str,
    ) {
        let old_keys: BTreeSet<(u16, &str)> = old_op.errors.iter().map(error_key).collect();
        let new_keys: BTreeSet<(u16, &str)> = new_op.errors.iter().map(error_key).collect();
        let mut seen = BTreeSet::new();
        for error in &new_op.errors {
            if old_keys.contains(&error_key(error)) || !seen.insert(error_key(error)) {
                continue;
            }
            let known = self.old.model.error_codes.contains_key(&error.code);
            let (effect, detail) = match self.new.model.error_codes.get(&error.code) {
                Some(info) if !known => (
                    Minor,
                    format!("`ErrorCode` gains the variant `{}`", info.rust_name),
                ),
                _ => (Patch, "the method's documentation lists it".to_owned()),
            };
            let source = Self::error_span(self.new.endpoint(pair.new), error)
                .and_then(|span| self.new.position(span));
            let change = Change::new(
                Check::ErrorCodeAdded,
                PossiblyBreaking,
                effect,
                route,
                format!("the endpoint documents the error {}", error_name(error)),
                detail,
            )
            .at(error_location(error))
            .values(None, Some(error.message.clone()).filter(|m| !m.is_empty()))
            .source(source);
            self.push(change);
        }
        let mut seen = BTreeSet::new();
        for error in &old_op.errors {
            if new_keys.contains(&error_key(error)) || !seen.insert(error_key(error)) {
                continue;
            }
            let kept = self.new.model.error_codes.contains_key(&error.code);
            let (effect, detail) = match self.old.model.error_codes.get(&error.code) {
                Some(info) if !kept => {
                    (Major, format!("`ErrorCode::{}` is removed", info.rust_name))
                }
                _ => (
                    Patch,
                    "the method's documentation no longer lists it".to_owned(),
                ),
            };
            let source = Self::error_span(self.old.endpoint(pair.old), error)
                .and_then(|span| self.old.position(span));
            let change = Change::new(
                Check::ErrorCodeRemoved,
                Compatible,
                effect,
                route,
                format!(
                    "the endpoint no longer documents the error {}",
                    error_name(error)
                ),
                detail,
            )
            .at(error_location(error))
            .values(Some(error.message.clone()).filter(|m| !m.is_empty()), None)
            .source(source);
            self.push(change);
        }
    }

    /// Where an endpoint documents an error: the response with its status and code.
    fn error_span(endpoint: &Endpoint, error: &DocumentedError) -> Option<Span> {
        endpoint
            .responses
            .iter()
            .find(|r| {
                let code = r
                    .body
                    .as_ref()
                    .and_then(|b| b.json.get("code"))
                    .map(|c| match &c.value {
                        JsonValue::String(s) => s.as_str(),
                        _ => "",
                    })
                    .unwrap_or("");
                r.status == error.status && code == error.code
            })
            .map(|r| r.span)
    }
}
