//! The request body as a whole: added, removed, or its sample turning into (or from) `{}`.
//! When both sides show the body's shape, [`super::bodies`] walks it field by field.

use super::bodies::{Body, Place};
use super::{request_type_name, Change, Check, Engine, Pair};
use crate::diff::{CrateEffect, WireSeverity};
use crate::model::{Evidence, Operation};

use CrateEffect::Major;
use WireSeverity::{Breaking, Compatible, PossiblyBreaking};

impl Engine<'_> {
    /// The request body: added, removed, its sample gained or lost, or (when both sides show
    /// it) walked field by field.
    pub(super) fn request(
        &mut self,
        pair: Pair,
        old_op: &Operation,
        new_op: &Operation,
        route: &str,
    ) {
        let old_body = self.old.endpoint(pair.old).request.as_ref();
        let new_body = self.new.endpoint(pair.new).request.as_ref();
        let change = match (&old_op.request, &new_op.request) {
            (None, None) => return,
            (None, Some(_)) => Change::new(
                Check::RequestBodyAdded,
                Breaking,
                Major,
                route,
                "the endpoint now takes a request body".to_owned(),
                format!(
                    "the method gains an argument `body: {}`",
                    request_type_name(self.new.method(pair.new))
                ),
            )
            .source(new_body.and_then(|b| self.new.position(b.span))),
            (Some(_), None) => Change::new(
                Check::RequestBodyRemoved,
                PossiblyBreaking,
                Major,
                route,
                "the endpoint no longer documents a request body".to_owned(),
                "the method loses its `body` argument".to_owned(),
            )
            .source(old_body.and_then(|b| self.old.position(b.span))),
            (Some(old), Some(new)) => match (old.evidence, new.evidence) {
                (Evidence::Verified, Evidence::Unknown) => Change::new(
                    Check::RequestSampleLost,
                    PossiblyBreaking,
                    Major,
                    route,
                    "the request sample is now `{}`: the body's shape is unknown".to_owned(),
                    format!(
                        "the `body` argument becomes any serializable value (was `{}`)",
                        request_type_name(self.old.method(pair.old))
                    ),
                )
                .source(new_body.and_then(|b| self.new.position(b.span))),
                (Evidence::Unknown, Evidence::Verified) => Change::new(
                    Check::RequestSampleGained,
                    Compatible,
                    Major,
                    route,
                    "the request sample now shows the body's shape".to_owned(),
                    format!(
                        "the `body` argument becomes `{}` (was any serializable value)",
                        request_type_name(self.new.method(pair.new))
                    ),
                )
                .source(new_body.and_then(|b| self.new.position(b.span))),
                (Evidence::Verified, Evidence::Verified) => {
                    let place = Place {
                        pair,
                        route,
                        body: Body::Request,
                    };
                    self.walk(&place, &mut Vec::new(), &old.ty, &new.ty, &mut Vec::new());
                    return;
                }
                (Evidence::Unknown, Evidence::Unknown) => return,
            },
        };
        self.push(change.at("body"));
    }
}
