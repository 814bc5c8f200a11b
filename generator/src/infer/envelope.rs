//! The envelope rule applied once to every documented response: whether it is a success or an
//! error, whether it comes in the envelope and which sample the success type is read from. The
//! results are recorded in the model, so no later phase decides them again.

use crate::ir::{envelope_flag, Endpoint, Json, JsonValue, ResponseLabel};
use crate::model::ResponseOutcome;

/// The outcomes of an endpoint's responses, in order, and the index of its success sample: the
/// first response labelled a success whose outcome is one.
#[derive(Debug, Clone)]
pub(super) struct Outcomes {
    pub(super) responses: Vec<ResponseOutcome>,
    pub(super) success: Option<usize>,
}

impl Outcomes {
    pub(super) fn of(endpoint: &Endpoint) -> Outcomes {
        let responses: Vec<ResponseOutcome> = endpoint
            .responses
            .iter()
            .map(|response| outcome(response.status, response.body.as_ref().map(|b| &b.json)))
            .collect();
        // The success sample is the first labelled one; when the envelope calls it an error,
        // the endpoint has no success evidence (a later success sample does not stand in).
        let success = endpoint
            .responses
            .iter()
            .position(|r| r.label == ResponseLabel::Success)
            .filter(|&index| responses[index].success);
        Outcomes { responses, success }
    }

    /// The payloads the success type is read from: the first success sample's, then those of
    /// the other success samples, the document's (a reference may show several examples of one
    /// answer) and those `sdkgen.toml` adds; their evidence merges.
    pub(super) fn success_payloads<'a>(&self, endpoint: &'a Endpoint) -> Vec<&'a Json> {
        let Some(first) = self.success else {
            return Vec::new();
        };
        let added = endpoint
            .responses
            .iter()
            .zip(&self.responses)
            .enumerate()
            .filter(|(i, (response, outcome))| {
                *i != first
                    && outcome.success
                    && response.label == ResponseLabel::Success
                    && response.body.is_some()
            })
            .map(|(_, pair)| pair);
        std::iter::once((&endpoint.responses[first], &self.responses[first]))
            .chain(added)
            .filter_map(|(response, outcome)| outcome.payload(response))
            .collect()
    }

    /// The payload of the success sample (`None` when there is none, or its envelope has no
    /// `data`).
    pub(super) fn success_payload<'a>(&self, endpoint: &'a Endpoint) -> Option<&'a Json> {
        let index = self.success?;
        self.responses[index].payload(&endpoint.responses[index])
    }
}

/// The outcome of one response: the envelope's `success` flag decides, else the HTTP status.
fn outcome(status: u16, body: Option<&Json>) -> ResponseOutcome {
    let flag = body.and_then(envelope_flag);
    let member = |key: &str| {
        body.filter(|_| flag.is_some())
            .and_then(|b| b.get(key))
            .and_then(|c| match &c.value {
                JsonValue::String(s) => Some(s.clone()),
                _ => None,
            })
    };
    ResponseOutcome {
        status,
        success: flag.unwrap_or((200..300).contains(&status)),
        enveloped: flag.is_some(),
        code: member("code"),
        message: member("message"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(text: &str) -> Json {
        let file = crate::source::SourceFile::new(0, "t", text);
        crate::json::read_value(&file, 0, text.len(), &|_| false)
            .unwrap()
            .0
    }

    #[test]
    fn the_envelope_decides_else_the_status() {
        let error = json(r#"{"success": false, "code": "DENIED", "data": null}"#);
        let outcome = outcome(200, Some(&error));
        assert!(!outcome.success && outcome.enveloped);
        assert_eq!(outcome.code.as_deref(), Some("DENIED"));
        assert_eq!(outcome.message, None);
        let success = json(r#"{"success": true, "data": {"id": 1}}"#);
        assert!(super::outcome(404, Some(&success)).success);
        // `{success, latencyMs}` is data: the status decides.
        let data = json(r#"{"success": false, "latencyMs": 3}"#);
        let plain = super::outcome(200, Some(&data));
        assert!(plain.success && !plain.enveloped && plain.code.is_none());
        assert!(!super::outcome(500, None).success);
        assert!(super::outcome(204, None).success);
    }
}
