//! The names of an endpoint's documented samples, by which `sdkgen mock` answers with one
//! (`Prefer: example=NAME`) and the generated fixture tests ask for theirs.

use std::collections::BTreeMap;

use crate::ir::Endpoint;
use crate::model::Operation;

/// The names `Prefer: example=NAME` picks an endpoint's samples by, in the order of its
/// documented responses: `success` (`success-2`, ... for more), and for an error its status
/// and code (`404-RESOURCE.NOT_FOUND`), or its status alone when it has no code.
pub(crate) fn of(endpoint: &Endpoint, op: &Operation) -> Vec<String> {
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    endpoint
        .responses
        .iter()
        .zip(&op.responses)
        .map(|(response, outcome)| {
            let base = if outcome.success {
                "success".to_owned()
            } else {
                match &outcome.code {
                    Some(code) if !code.is_empty() => format!("{}-{code}", response.status),
                    _ => response.status.to_string(),
                }
            };
            let count = seen.entry(base.clone()).or_insert(0);
            *count += 1;
            if *count == 1 {
                base
            } else {
                format!("{base}-{count}")
            }
        })
        .collect()
}
