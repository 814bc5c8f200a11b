//! `sdkgen mock`: the document as a running server. [`Mock`] turns the IR and model into routes
//! that answer with the documented samples, after checking the documented headers, the token
//! and the request body; [`server`] serves it over HTTP. Answering is a pure function of the
//! request, so it is tested without a socket.

pub mod server;
pub mod validate;

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::infer::Inferred;
use crate::ir::{Method, PathPart};
use crate::model::{AuthUse, BodyKind, Evidence, Operation, Publication, TypeRef};
use crate::parse::Parsed;

/// One documented sample an endpoint can answer with.
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    /// How `Prefer: example=<name>` picks it: `success`, `404-RESOURCE.NOT_FOUND`, ...
    pub name: String,
    /// The documented HTTP status.
    pub status: u16,
    /// The body; `None` when the document shows none.
    pub body: Option<Value>,
    /// Whether the sample is a success (the envelope's `success` flag, else the status).
    pub success: bool,
}

/// A request header the contract requires.
#[derive(Debug, Clone, PartialEq)]
struct RequiredHeader {
    name: String,
    bearer: bool,
}

/// One endpoint as the mock serves it.
#[derive(Debug, Clone)]
pub struct MockRoute {
    /// `METHOD /path/{param}`.
    pub route: String,
    method: Method,
    /// The path's segments: `Some(text)` for a literal, `None` for a parameter.
    segments: Vec<Option<String>>,
    /// Path parameter names with the documented example values, in order.
    params: Vec<(String, Option<String>)>,
    /// The samples, success first when there is one.
    pub samples: Vec<Sample>,
    /// Why there is no success sample, when there is none.
    missing_success: Option<String>,
    required: Vec<RequiredHeader>,
    request: Option<(TypeRef, BodyKind)>,
}

/// The documents as a mock server: every endpoint with its samples.
#[derive(Debug, Clone)]
pub struct Mock {
    routes: Vec<MockRoute>,
    model: crate::model::Model,
    /// The envelope's `version` the samples show, for the mock's own errors.
    version: Option<String>,
}

/// A request, as the mock reads it.
#[derive(Debug, Clone, Default)]
pub struct MockRequest {
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path as received (percent-encoded; decoded segment by segment here).
    pub path: String,
    /// Header names (any case) and values.
    pub headers: Vec<(String, String)>,
    /// The body as received.
    pub body: Vec<u8>,
}

impl MockRequest {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What the mock answers, and why (for the request log).
#[derive(Debug, Clone, PartialEq)]
pub struct MockAnswer {
    /// The HTTP status.
    pub status: u16,
    /// The JSON body.
    pub body: Value,
    /// Which sample, or why the mock answered on its own (`no route`, `missing header ...`).
    pub why: String,
}

impl Mock {
    /// The mock of a parsed and inferred document.
    pub fn new(parsed: &Parsed, inferred: &Inferred) -> Mock {
        let api = &parsed.api;
        let mut version = None;
        let routes = inferred
            .model
            .operations
            .iter()
            .map(|op| {
                let endpoint = &api.endpoints[op.endpoint];
                let route = route_of(endpoint, op);
                if version.is_none() {
                    version = route
                        .samples
                        .iter()
                        .find_map(|s| s.body.as_ref()?.get("version")?.as_str().map(str::to_owned));
                }
                route
            })
            .collect();
        Mock {
            routes,
            model: inferred.model.clone(),
            version,
        }
    }

    /// The endpoints served, in document order.
    pub fn routes(&self) -> &[MockRoute] {
        &self.routes
    }

    /// The answer to `request`.
    pub fn answer(&self, request: &MockRequest) -> MockAnswer {
        let decoded: Vec<String> = request
            .path
            .trim_matches('/')
            .split('/')
            .map(|segment| {
                percent_encoding::percent_decode_str(segment)
                    .decode_utf8_lossy()
                    .into_owned()
            })
            .collect();
        let segments: Vec<&str> = decoded.iter().map(String::as_str).collect();
        let matching: Vec<&MockRoute> = self
            .routes
            .iter()
            .filter(|route| route.matches(&segments))
            .collect();
        if matching.is_empty() {
            return self.own_error(
                404,
                "MOCK.NO_ROUTE",
                format!("no documented endpoint has the path {}", request.path),
                "no route",
            );
        }
        let method = request.method.to_ascii_uppercase();
        // The most literal match wins: `/roles/tree` before `/roles/{id}`.
        let Some(route) = matching
            .iter()
            .filter(|route| route.method.to_string() == method)
            .max_by_key(|route| route.literal_rank())
        else {
            let allowed: Vec<String> = matching.iter().map(|r| r.method.to_string()).collect();
            return self.own_error(
                405,
                "MOCK.METHOD_NOT_ALLOWED",
                format!(
                    "{} takes {}, not {method}",
                    request.path,
                    allowed.join(", ")
                ),
                "method not allowed",
            );
        };
        if let Some(answer) = self.check_headers(route, request) {
            return answer;
        }
        if let Some(answer) = self.check_body(route, request) {
            return answer;
        }
        let preference = Preference::read(request.header("prefer"));
        let sample = match &preference {
            Preference::Example(name) => route.samples.iter().find(|s| &s.name == name),
            Preference::Code(code) => route.samples.iter().find(|s| s.status == *code),
            Preference::None => route.samples.iter().find(|s| s.success),
        };
        let Some(sample) = sample else {
            return match preference {
                Preference::None => self.own_error(
                    501,
                    "MOCK.NO_SUCCESS_SAMPLE",
                    format!(
                        "{} has no success sample in the document{}; give one with `success_sample` in sdkgen.toml, or ask for a documented one with `Prefer: code=` ({})",
                        route.route,
                        route.missing_success.as_deref().map(|why| format!(" ({why})")).unwrap_or_default(),
                        route.sample_names()
                    ),
                    "no success sample",
                ),
                _ => self.own_error(
                    400,
                    "MOCK.NO_SUCH_SAMPLE",
                    format!("{} documents no such sample; it has: {}", route.route, route.sample_names()),
                    "no such sample",
                ),
            };
        };
        let mut body = sample.body.clone().unwrap_or(Value::Null);
        route.echo_params(&mut body, &segments);
        MockAnswer {
            status: sample.status,
            body,
            why: format!("sample {}", sample.name),
        }
    }

    /// The documented 401/400 for a missing token or header, else the mock's own error.
    fn check_headers(&self, route: &MockRoute, request: &MockRequest) -> Option<MockAnswer> {
        for header in &route.required {
            let present = request.header(&header.name).is_some_and(|value| {
                let value = value.trim();
                !value.is_empty()
                    && (!header.bearer
                        || value.len() > "Bearer ".len()
                            && value
                                .get(..7)
                                .is_some_and(|scheme| scheme.eq_ignore_ascii_case("bearer ")))
            });
            if present {
                continue;
            }
            let (status, what) = if header.bearer {
                (
                    401,
                    "a bearer token (`Authorization: Bearer ...`)".to_owned(),
                )
            } else {
                (400, format!("the {} header", header.name))
            };
            // The document's own sample for this refusal, when it has one.
            let words: Vec<String> = header
                .name
                .to_ascii_lowercase()
                .split(['-', '_'])
                .filter(|w| w.len() > 2 && *w != "x")
                .map(str::to_owned)
                .collect();
            let documented = route.samples.iter().find(|sample| {
                !sample.success
                    && sample.status == status
                    && (header.bearer || {
                        let text = sample
                            .body
                            .as_ref()
                            .map(|b| b.to_string().to_ascii_lowercase())
                            .unwrap_or_default();
                        words.iter().any(|w| text.contains(w.as_str()))
                    })
            });
            return Some(match documented {
                Some(sample) => MockAnswer {
                    status: sample.status,
                    body: sample.body.clone().unwrap_or(Value::Null),
                    why: format!("sample {} (missing {})", sample.name, header.name),
                },
                None => self.own_error(
                    status,
                    if header.bearer {
                        "MOCK.TOKEN_MISSING"
                    } else {
                        "MOCK.HEADER_MISSING"
                    },
                    format!("{} requires {what}", route.route),
                    &format!("missing {}", header.name),
                ),
            });
        }
        None
    }

    /// A 400 naming the JSON path and the expected type when the body does not fit.
    fn check_body(&self, route: &MockRoute, request: &MockRequest) -> Option<MockAnswer> {
        let (ty, BodyKind::Json) = route.request.as_ref()? else {
            return None;
        };
        if request.body.iter().all(u8::is_ascii_whitespace) {
            return Some(self.own_error(
                400,
                "MOCK.BODY_MISSING",
                format!("{} takes a JSON body", route.route),
                "missing body",
            ));
        }
        let value: Value = match serde_json::from_slice(&request.body) {
            Ok(value) => value,
            Err(e) => {
                return Some(self.own_error(
                    400,
                    "MOCK.BODY_NOT_JSON",
                    format!("the body of {} is not JSON: {e}", route.route),
                    "body not JSON",
                ));
            }
        };
        let misfit = validate::check(&self.model, ty, &value)?;
        let mut answer = self.own_error(
            400,
            "MOCK.BODY_INVALID",
            format!(
                "{} in the body of {}: expected {}",
                misfit.path, route.route, misfit.expected
            ),
            &format!("invalid body at {}", misfit.path),
        );
        if let Some(data) = answer.body.get_mut("data") {
            *data = json!({"path": misfit.path, "expected": misfit.expected});
        }
        Some(answer)
    }

    /// An error of the mock's own, in the API's envelope when it has one.
    fn own_error(&self, status: u16, code: &str, message: String, why: &str) -> MockAnswer {
        let body = if self.model.enveloped {
            let timestamp = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| u64::try_from(d.as_millis()).unwrap_or(u64::MAX));
            json!({
                "version": self.version.clone().unwrap_or_else(|| "mock".to_owned()),
                "timestamp": timestamp,
                "success": false,
                "code": code,
                "message": message,
                "data": null,
            })
        } else {
            json!({"code": code, "message": message})
        };
        MockAnswer {
            status,
            body,
            why: why.to_owned(),
        }
    }
}

impl MockRoute {
    fn matches(&self, segments: &[&str]) -> bool {
        self.segments.len() == segments.len()
            && self
                .segments
                .iter()
                .zip(segments)
                .all(|(want, got)| match want {
                    Some(literal) => literal == got,
                    None => !got.is_empty(),
                })
    }

    /// Literal segments count from the left: a literal where another route has a parameter
    /// wins.
    fn literal_rank(&self) -> Vec<bool> {
        self.segments.iter().map(Option::is_some).collect()
    }

    /// The names `Prefer: example=` takes, joined.
    pub fn sample_names(&self) -> String {
        if self.samples.is_empty() {
            return "no samples".to_owned();
        }
        self.samples
            .iter()
            .map(|s| format!("{} (HTTP {})", s.name, s.status))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Replaces, in `body`, every string equal to a path parameter's documented value with
    /// the value the request has in its place.
    fn echo_params(&self, body: &mut Value, segments: &[&str]) {
        let values: Vec<&str> = self
            .segments
            .iter()
            .zip(segments)
            .filter(|(want, _)| want.is_none())
            .map(|(_, got)| *got)
            .collect();
        let pairs: BTreeMap<&str, &str> = self
            .params
            .iter()
            .zip(values)
            .filter_map(|((_, documented), got)| Some((documented.as_deref()?, got)))
            .collect();
        if !pairs.is_empty() {
            replace_strings(body, &pairs);
        }
    }
}

fn replace_strings(value: &mut Value, pairs: &BTreeMap<&str, &str>) {
    match value {
        Value::String(text) => {
            if let Some(new) = pairs.get(text.as_str()) {
                *text = (*new).to_owned();
            }
        }
        Value::Array(items) => items.iter_mut().for_each(|v| replace_strings(v, pairs)),
        Value::Object(map) => map.values_mut().for_each(|v| replace_strings(v, pairs)),
        _ => {}
    }
}

/// What a `Prefer` header asks for.
#[derive(Debug, PartialEq)]
enum Preference {
    None,
    Code(u16),
    Example(String),
}

impl Preference {
    /// `Prefer: code=404`, `Prefer: example=success-2` (RFC 7240 preferences, as Prism reads
    /// them); the first recognised one wins.
    fn read(header: Option<&str>) -> Preference {
        let Some(header) = header else {
            return Preference::None;
        };
        for part in header.split([',', ';']) {
            let Some((key, value)) = part.split_once('=') else {
                continue;
            };
            let value = value.trim().trim_matches('"');
            match key.trim().to_ascii_lowercase().as_str() {
                "code" => {
                    if let Ok(code) = value.parse() {
                        return Preference::Code(code);
                    }
                }
                "example" => return Preference::Example(value.to_owned()),
                _ => {}
            }
        }
        Preference::None
    }
}

/// The route of one operation.
fn route_of(endpoint: &crate::ir::Endpoint, op: &Operation) -> MockRoute {
    let mut segments = Vec::new();
    let mut text = String::new();
    for part in &endpoint.path.parts {
        match part {
            PathPart::Literal(literal) => text.push_str(literal),
            PathPart::Param(_) => text.push('\u{0}'),
        }
    }
    for segment in text.trim_matches('/').split('/') {
        segments.push((segment != "\u{0}").then(|| segment.to_owned()));
    }
    let params = endpoint
        .path
        .params()
        .map(|param| {
            let documented = endpoint
                .parameters
                .iter()
                .find(|p| p.location == crate::ir::ParameterLocation::Path && p.name == param.name)
                .and_then(|p| p.value.clone())
                .filter(|v| !v.trim().is_empty());
            (param.name.clone(), documented)
        })
        .collect();
    let mut samples: Vec<Sample> = Vec::new();
    let names = crate::sample_names::of(endpoint, op);
    for ((response, outcome), name) in endpoint.responses.iter().zip(&op.responses).zip(names) {
        samples.push(Sample {
            name,
            status: response.status,
            body: response.body.as_ref().map(|b| b.json.to_value()),
            success: outcome.success,
        });
    }
    samples.sort_by_key(|s| !s.success);
    let mut required: Vec<RequiredHeader> = op
        .contract_headers(false)
        .into_iter()
        .filter(|h| h.required)
        .filter(|h| !h.wire_name.eq_ignore_ascii_case("x-request-id"))
        .map(|h| RequiredHeader {
            name: h.wire_name.to_owned(),
            bearer: h.publication == Publication::Bearer,
        })
        .collect();
    if op.auth == AuthUse::Required && !required.iter().any(|h| h.bearer) {
        required.insert(
            0,
            RequiredHeader {
                name: "Authorization".to_owned(),
                bearer: true,
            },
        );
    }
    let request = op
        .request
        .as_ref()
        .filter(|r| r.evidence == Evidence::Verified || r.kind == BodyKind::Multipart)
        .map(|r| (r.ty.clone(), r.kind));
    MockRoute {
        route: endpoint.route(),
        method: endpoint.method,
        segments,
        params,
        samples,
        missing_success: endpoint.missing_success.as_ref().map(|t| t.text.clone()),
        required,
        request,
    }
}

#[cfg(test)]
#[path = "mock_tests.rs"]
mod tests;
