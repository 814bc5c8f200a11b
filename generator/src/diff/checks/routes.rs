//! Routes and operations: endpoints added or removed (matched by method and path shape), and the
//! client method of a kept endpoint renamed or moved to another group.

use super::{method_of, Change, Check, Engine, Pair};
use crate::diff::{CrateEffect, WireSeverity};

use CrateEffect::{Major, Minor};
use WireSeverity::{Breaking, Compatible};

impl Engine<'_> {
    /// An endpoint of NEW with no match in OLD.
    pub(super) fn added(&mut self, n: usize) {
        let endpoint = self.new.endpoint(n);
        let detail = self.new.op(n).map_or_else(
            || "a method is added".to_owned(),
            |_| format!("`{}` is added", method_of(self.new.method(n))),
        );
        let change = Change::new(
            Check::EndpointAdded,
            Compatible,
            Minor,
            &endpoint.route(),
            "the endpoint is added".to_owned(),
            detail,
        )
        .source(self.new.position(endpoint.span));
        self.push(change);
    }

    /// An endpoint of OLD with no match in NEW.
    pub(super) fn removed(&mut self, o: usize) {
        let endpoint = self.old.endpoint(o);
        let detail = self.old.op(o).map_or_else(
            || "a method is removed".to_owned(),
            |_| format!("`{}` is removed", method_of(self.old.method(o))),
        );
        let change = Change::new(
            Check::EndpointRemoved,
            Breaking,
            Major,
            &endpoint.route(),
            "the endpoint is removed".to_owned(),
            detail,
        )
        .source(self.old.position(endpoint.span));
        self.push(change);
    }

    /// The client method of a matched endpoint: `group().method()` on both sides.
    pub(super) fn operation(&mut self, pair: Pair, route: &str) {
        if method_of(self.old.method(pair.old)) == method_of(self.new.method(pair.new)) {
            return;
        }
        let new_endpoint = self.new.endpoint(pair.new);
        let change = Change::new(
            Check::OperationRenamed,
            Compatible,
            Major,
            route,
            "the client method of the endpoint has a new name".to_owned(),
            format!(
                "`{}` becomes `{}`",
                method_of(self.old.method(pair.old)),
                method_of(self.new.method(pair.new))
            ),
        )
        .values(
            Some(method_of(self.old.method(pair.old))),
            Some(method_of(self.new.method(pair.new))),
        )
        .source(self.new.position(new_endpoint.span));
        self.push(change);
    }
}
