//! Parameters: path parameters renamed, query parameters and headers added, removed or changed
//! between required and optional. What a header change means depends on who supplies the header
//! (the caller, the configured client, or the transport): see [`Supplier`].

use super::{Change, Check, Engine, Pair, Side};
use crate::diff::{CrateEffect, WireSeverity};
use crate::ir::{Endpoint, Parameter, ParameterLocation};
use crate::model::{HeaderRole, HeaderUse, Operation};

use CrateEffect::{Major, Minor, Patch};
use WireSeverity::{Breaking, Compatible, PossiblyBreaking};

/// Who supplies a header, which decides what a change to it means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Supplier {
    /// An endpoint header: a method argument.
    Caller,
    /// A context header: configured once on the client.
    Client,
    /// Set by the transport, generated per call, or injected by a proxy.
    Automatic,
}

fn supplier(role: HeaderRole) -> Supplier {
    match role {
        HeaderRole::Endpoint => Supplier::Caller,
        HeaderRole::Context(_) => Supplier::Client,
        _ => Supplier::Automatic,
    }
}

fn automatic_detail(header: &HeaderUse) -> String {
    match header.role {
        HeaderRole::RequestId => "the client generates it for every call: no change to callers",
        HeaderRole::Transport => "the transport sets it: no change to callers",
        _ => "a proxy in front of the API sets it: no change to callers",
    }
    .to_owned()
}

/// An endpoint's query parameters, in document order.
fn query_parameters(endpoint: &Endpoint) -> Vec<&Parameter> {
    endpoint
        .parameters
        .iter()
        .filter(|p| p.location == ParameterLocation::Query)
        .collect()
}

/// An operation's headers other than `Authorization` (compared as [`crate::model::AuthUse`]
/// instead, in [`super::auth`]).
fn documented_headers(op: &Operation) -> Vec<&HeaderUse> {
    op.headers
        .iter()
        .filter(|h| h.role != HeaderRole::Authorization)
        .collect()
}

/// Headers are paired by wire name, ignoring ASCII case.
fn same_header(a: &HeaderUse, b: &HeaderUse) -> bool {
    a.wire_name.eq_ignore_ascii_case(&b.wire_name)
}

fn required_word(required: bool) -> &'static str {
    if required {
        "required"
    } else {
        "optional"
    }
}

/// A header NEW documents and OLD does not.
fn header_added(header: &HeaderUse, route: &str) -> Change {
    let name = &header.wire_name;
    let param = &header.param_name;
    let who = supplier(header.role);
    if header.required {
        let (severity, effect, detail) = match who {
            Supplier::Caller => (
                Breaking,
                Major,
                format!("the method gains an argument `{param}: &str`"),
            ),
            Supplier::Client => (
                Breaking,
                Minor,
                format!(
                    "the client sends its configured `{name}` and fails before sending when it \
                     has none"
                ),
            ),
            Supplier::Automatic => (Compatible, Patch, automatic_detail(header)),
        };
        Change::new(
            Check::HeaderAddedRequired,
            severity,
            effect,
            route,
            format!("header `{name}` is added as required"),
            detail,
        )
    } else {
        let (effect, detail) = match who {
            Supplier::Caller => (
                Major,
                format!("the method gains an argument `{param}: Option<&str>`"),
            ),
            Supplier::Client => (
                Minor,
                format!("the client sends its configured `{name}` when it has one"),
            ),
            Supplier::Automatic => (Patch, automatic_detail(header)),
        };
        Change::new(
            Check::HeaderAddedOptional,
            Compatible,
            effect,
            route,
            format!("optional header `{name}` is added"),
            detail,
        )
    }
}

/// A header both sides document that NEW makes required (or optional) and OLD did not.
fn header_requirement_changed(header: &HeaderUse, route: &str) -> Change {
    let name = &header.wire_name;
    let param = &header.param_name;
    let who = supplier(header.role);
    if header.required {
        let (severity, effect, detail) = match who {
            Supplier::Caller => (
                Breaking,
                Major,
                format!("the argument `{param}` becomes `&str` (was `Option<&str>`)"),
            ),
            Supplier::Client => (
                Breaking,
                Minor,
                format!("the call fails before sending when the client has no `{name}`"),
            ),
            Supplier::Automatic => (Compatible, Patch, automatic_detail(header)),
        };
        Change::new(
            Check::HeaderBecameRequired,
            severity,
            effect,
            route,
            format!("header `{name}` becomes required"),
            detail,
        )
    } else {
        let (effect, detail) = match who {
            Supplier::Caller => (
                Major,
                format!("the argument `{param}` becomes `Option<&str>` (was `&str`)"),
            ),
            Supplier::Client => (
                Patch,
                format!("the call no longer fails when the client has no `{name}`"),
            ),
            Supplier::Automatic => (Patch, automatic_detail(header)),
        };
        Change::new(
            Check::HeaderBecameOptional,
            Compatible,
            effect,
            route,
            format!("header `{name}` becomes optional"),
            detail,
        )
    }
}

impl Engine<'_> {
    /// Path parameters paired by position (the path shape is the same on both sides).
    pub(super) fn path_params(&mut self, pair: Pair, route: &str) {
        let old_endpoint = self.old.endpoint(pair.old);
        let new_endpoint = self.new.endpoint(pair.new);
        for (old_param, new_param) in old_endpoint.path.params().zip(new_endpoint.path.params()) {
            if old_param.name == new_param.name {
                continue;
            }
            let argument = |side: Side<'_>, index: usize, name: &str| {
                side.method(index)
                    .arguments
                    .iter()
                    .find(|a| a.path_param() == Some(name))
                    .map_or_else(|| name.to_owned(), |a| a.name.clone())
            };
            let old_arg = argument(self.old, pair.old, &old_param.name);
            let new_arg = argument(self.new, pair.new, &new_param.name);
            let detail = if old_arg == new_arg {
                "no change to the Rust API".to_owned()
            } else {
                format!(
                    "the method's argument `{old_arg}` is now `{new_arg}` (arguments are \
                     positional: callers are unaffected)"
                )
            };
            let change = Change::new(
                Check::PathParamRenamed,
                Compatible,
                Patch,
                route,
                format!(
                    "path parameter `{{{}}}` is renamed `{{{}}}`; the URL is the same",
                    old_param.name, new_param.name
                ),
                detail,
            )
            .at(format!("path.{}", new_param.name))
            .values(Some(old_param.name.clone()), Some(new_param.name.clone()))
            .source(self.new.position(new_param.span));
            self.push(change);
        }
    }

    /// Query parameters paired by name: added, changed between required and optional, removed.
    pub(super) fn queries(&mut self, pair: Pair, route: &str) {
        let old = query_parameters(self.old.endpoint(pair.old));
        let new = query_parameters(self.new.endpoint(pair.new));
        let argument = |side: Side<'_>, index: usize, name: &str| {
            side.method(index)
                .arguments
                .iter()
                .find(|a| a.query() == Some(name))
                .map_or_else(|| name.to_owned(), |a| a.name.clone())
        };
        for param in &new {
            let arg = argument(self.new, pair.new, &param.name);
            let location = format!("query.{}", param.name);
            let source = self.new.position(param.span);
            let change = match old.iter().find(|p| p.name == param.name) {
                None if param.required => Change::new(
                    Check::QueryAddedRequired,
                    Breaking,
                    Major,
                    route,
                    format!("required query parameter `{}` is added", param.name),
                    format!("the method gains an argument `{arg}: &str`"),
                ),
                None => Change::new(
                    Check::QueryAddedOptional,
                    Compatible,
                    Major,
                    route,
                    format!("optional query parameter `{}` is added", param.name),
                    format!("the method gains an argument `{arg}: Option<&str>`"),
                ),
                Some(before) if !before.required && param.required => Change::new(
                    Check::QueryBecameRequired,
                    Breaking,
                    Major,
                    route,
                    format!("query parameter `{}` becomes required", param.name),
                    format!("the argument `{arg}` becomes `&str` (was `Option<&str>`)"),
                ),
                Some(before) if before.required && !param.required => Change::new(
                    Check::QueryBecameOptional,
                    Compatible,
                    Major,
                    route,
                    format!("query parameter `{}` becomes optional", param.name),
                    format!("the argument `{arg}` becomes `Option<&str>` (was `&str`)"),
                ),
                Some(_) => continue,
            };
            self.push(change.at(location).source(source));
        }
        for param in old.iter().filter(|p| !new.iter().any(|n| n.name == p.name)) {
            let change = Change::new(
                Check::QueryRemoved,
                PossiblyBreaking,
                Major,
                route,
                format!(
                    "query parameter `{}` is no longer documented: the server may ignore it",
                    param.name
                ),
                format!(
                    "the argument `{}` is removed",
                    argument(self.old, pair.old, &param.name)
                ),
            )
            .at(format!("query.{}", param.name))
            .source(self.old.position(param.span));
            self.push(change);
        }
    }

    /// Headers other than `Authorization`, paired by wire name: those NEW adds or changes, in
    /// NEW's order, then those it no longer documents, in OLD's order.
    pub(super) fn headers(
        &mut self,
        pair: Pair,
        old_op: &Operation,
        new_op: &Operation,
        route: &str,
    ) {
        let old = documented_headers(old_op);
        let new = documented_headers(new_op);
        for header in &new {
            let before = old.iter().find(|h| same_header(h, header));
            let change = match before {
                None => header_added(header, route),
                Some(before) if before.required != header.required => {
                    header_requirement_changed(header, route)
                }
                Some(_) => continue,
            };
            let name = &header.wire_name;
            let source = Self::header_span(self.new, pair.new, name)
                .and_then(|span| self.new.position(span));
            self.push(
                change
                    .at(format!("headers.{name}"))
                    .values(
                        before.map(|h| required_word(h.required).to_owned()),
                        Some(required_word(header.required).to_owned()),
                    )
                    .source(source),
            );
        }
        for header in old
            .iter()
            .filter(|h| !new.iter().any(|n| same_header(n, h)))
        {
            self.header_removed(pair, header, route);
        }
    }

    /// A header OLD documents and NEW does not.
    fn header_removed(&mut self, pair: Pair, header: &HeaderUse, route: &str) {
        let name = &header.wire_name;
        let (severity, effect, detail) = match supplier(header.role) {
            Supplier::Caller => (
                PossiblyBreaking,
                Major,
                format!("the argument `{}` is removed", header.param_name),
            ),
            Supplier::Client => (
                PossiblyBreaking,
                Minor,
                format!("the client stops sending `{name}` to this endpoint"),
            ),
            Supplier::Automatic => (Compatible, Patch, automatic_detail(header)),
        };
        let source =
            Self::header_span(self.old, pair.old, name).and_then(|span| self.old.position(span));
        let change = Change::new(
            Check::HeaderRemoved,
            severity,
            effect,
            route,
            format!("header `{name}` is no longer documented: the server may ignore it"),
            detail,
        )
        .at(format!("headers.{name}"))
        .values(Some(required_word(header.required).to_owned()), None)
        .source(source);
        self.push(change);
    }
}
