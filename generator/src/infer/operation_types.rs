//! The typed model of each operation: its request body, its success (status, `data` type,
//! envelope) and its documented errors, read from the samples the envelope rule picked, with
//! the headers it documents.

use std::collections::BTreeMap;

use super::envelope::Outcomes;
use super::{is_empty_object, rename, Inference};
use crate::ir::{Endpoint, ResponseLabel};
use crate::json::{Json, JsonValue};
use crate::model::{DocumentedError, Evidence, Operation, RequestBody, Success, TypeRef};

impl Inference<'_> {
    /// The operation of endpoint `index`.
    pub(super) fn operation(
        &mut self,
        index: usize,
        names: &BTreeMap<usize, String>,
        field_index: &BTreeMap<String, TypeRef>,
    ) -> Operation {
        let endpoint = &self.api.endpoints[index];
        let op = self.names[index].clone();
        let request = self.request_body(endpoint, names, field_index);
        let outcomes = self.outcomes[index].clone();
        let success = self.success(endpoint, &outcomes, names);
        let errors = documented_errors(endpoint, &outcomes);
        let (headers, auth) =
            super::headers::header_uses(&endpoint.headers, &mut self.header_cache);
        let mut operation = Operation {
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
            paging: None,
        };
        self.apply_evidence(index, &mut operation);
        operation.paging = super::paging::paging(endpoint, &operation.success.data);
        operation
    }

    /// The request body's type: from its sample, gaps filled from the fields elsewhere; an
    /// empty object says nothing about it.
    fn request_body(
        &mut self,
        endpoint: &Endpoint,
        names: &BTreeMap<usize, String>,
        field_index: &BTreeMap<String, TypeRef>,
    ) -> Option<RequestBody> {
        endpoint.request.as_ref().map(|body| {
            if is_empty_object(&body.json) {
                RequestBody {
                    kind: crate::model::BodyKind::Json,
                    ty: TypeRef::Any,
                    evidence: Evidence::Unknown,
                }
            } else {
                let samples: Vec<&crate::json::Json> = std::iter::once(body)
                    .chain(&endpoint.request_examples)
                    .map(|body| &body.json)
                    .filter(|json| !is_empty_object(json))
                    .collect();
                let partial = self.partial(&samples, "body");
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
                    kind: crate::model::BodyKind::Json,
                    ty: rename(ty, names),
                    evidence: Evidence::Verified,
                }
            }
        })
    }

    /// The success: from the success sample when there is one, else unknown (raw JSON).
    fn success(
        &mut self,
        endpoint: &Endpoint,
        outcomes: &Outcomes,
        names: &BTreeMap<usize, String>,
    ) -> Success {
        let Some(success_index) = outcomes.success else {
            return Success {
                status: None,
                data: TypeRef::Any,
                evidence: Evidence::Unknown,
                nullable: true,
                enveloped: self.api_enveloped,
            };
        };
        let response = &endpoint.responses[success_index];
        let outcome = &outcomes.responses[success_index];
        let payloads = outcomes.success_payloads(endpoint);
        let (ty, nullable) = match outcome.payload(response) {
            None => (TypeRef::Unit, false),
            Some(json) if json.value == JsonValue::Null && response.status == 204 => {
                (TypeRef::Unit, false)
            }
            Some(_) => (
                self.success_data(endpoint, &payloads, names),
                payloads.iter().any(|json| json.value == JsonValue::Null),
            ),
        };
        Success {
            status: Some(response.status),
            data: ty,
            evidence: Evidence::Verified,
            nullable,
            enveloped: outcome.enveloped || (response.body.is_none() && self.api_enveloped),
        }
    }

    /// The type of a success sample's `data` (its gaps are not filled from other fields).
    fn success_data(
        &mut self,
        endpoint: &Endpoint,
        payloads: &[&Json],
        names: &BTreeMap<usize, String>,
    ) -> TypeRef {
        let json = payloads[0];
        let partial = self.partial(payloads, "data");
        let (ty, guess) = self.fill(partial, "data", "", usize::MAX, &BTreeMap::new());
        if let Some(guess) = guess {
            let route = endpoint.route();
            self.warn(
                json.span,
                format!("the success `data` of `{route}`: {guess}"),
                None,
            );
        }
        rename(ty, names)
    }
}

/// Every response the envelope rule calls an error, with its code and message.
fn documented_errors(endpoint: &Endpoint, outcomes: &Outcomes) -> Vec<DocumentedError> {
    endpoint
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
                labelled_success: r.label == ResponseLabel::Success,
            }
        })
        .collect()
}

fn text_of(json: Option<&Json>) -> String {
    match json.map(|j| &j.value) {
        Some(JsonValue::String(s)) => s.clone(),
        _ => String::new(),
    }
}
