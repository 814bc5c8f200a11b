//! Authorization: the bearer token becoming required or optional, added or no longer documented.
//! The client supplies the token from its configuration, so these changes move the crate by a
//! minor version at most.

use super::{Change, Check, Engine, Pair};
use crate::diff::{CrateEffect, WireSeverity};
use crate::model::{AuthUse, Operation};

use CrateEffect::{Minor, Patch};
use WireSeverity::{Breaking, Compatible, PossiblyBreaking};

impl Engine<'_> {
    /// `Authorization`: the bearer token the client sends, compared as the operation's
    /// [`AuthUse`] rather than as a header.
    pub(super) fn auth(&mut self, pair: Pair, old_op: &Operation, new_op: &Operation, route: &str) {
        let word = |auth: AuthUse| match auth {
            AuthUse::None => "not documented",
            AuthUse::Optional => "optional",
            AuthUse::Required => "required",
        };
        let (check, severity, effect, message, detail) = match (old_op.auth, new_op.auth) {
            (AuthUse::None | AuthUse::Optional, AuthUse::Required) => (
                Check::AuthBecameRequired,
                Breaking,
                Minor,
                format!(
                    "`Authorization` becomes required (was {})",
                    word(old_op.auth)
                ),
                "the call fails before sending when the client has no bearer token".to_owned(),
            ),
            (AuthUse::None, AuthUse::Optional) => (
                Check::AuthAddedOptional,
                Compatible,
                Minor,
                "optional `Authorization` is added".to_owned(),
                "the client sends its bearer token when it has one".to_owned(),
            ),
            (AuthUse::Required, AuthUse::Optional) => (
                Check::AuthBecameOptional,
                Compatible,
                Patch,
                "`Authorization` becomes optional".to_owned(),
                "the call no longer needs a bearer token".to_owned(),
            ),
            (AuthUse::Required | AuthUse::Optional, AuthUse::None) => (
                Check::AuthRemoved,
                PossiblyBreaking,
                Minor,
                "`Authorization` is no longer documented: the server may ignore the token"
                    .to_owned(),
                "the client stops sending its bearer token to this endpoint".to_owned(),
            ),
            _ => return,
        };
        let (side, index) = if new_op.auth == AuthUse::None {
            (self.old, pair.old)
        } else {
            (self.new, pair.new)
        };
        let source =
            Self::header_span(side, index, "Authorization").and_then(|span| side.position(span));
        let change = Change::new(check, severity, effect, route, message, detail)
            .at("headers.Authorization")
            .values(
                Some(word(old_op.auth).to_owned()),
                Some(word(new_op.auth).to_owned()),
            )
            .source(source);
        self.push(change);
    }
}
