//! `sdkgen verify`: replays the documented requests against a running service and holds each
//! answer to the document. The answers become the samples of a copy of the document, which is
//! inferred and compared with the original by [`crate::diff`]: a finding has the same check id,
//! severity and location as in a change report (`response.field-type-changed` at
//! `data.items[].amount`).

mod report;
mod send;

use std::collections::BTreeMap;
use std::path::PathBuf;

pub use report::{Format, Skipped, Verified, VerifyReport};

use crate::diff::{Change, Check};
use crate::infer::Inferred;
use crate::ir::{Body, Method, Origin, PathPart, Response, ResponseLabel};
use crate::model::{BodyKind, Publication};
use crate::parse::Parsed;
use crate::source::SourceFile;

/// What `sdkgen verify` sends and where.
#[derive(Debug, Clone, Default)]
pub struct VerifyOptions {
    /// The service, such as `https://staging.example.com`.
    pub base_url: String,
    /// Also send the requests that may change state (anything but GET/HEAD/OPTIONS, unless
    /// `sdkgen.toml` marks the endpoint `safe`).
    pub allow_writes: bool,
    /// Path parameter values by name (`--param`, then `[verify.params]`).
    pub params: BTreeMap<String, String>,
    /// Headers to send (`--header`), by name, credentials included.
    pub headers: Vec<(String, String)>,
    /// The bearer token (`--token`).
    pub token: Option<String>,
    /// Routes `sdkgen.toml` marks `safe`.
    pub safe: Vec<String>,
    /// Write each observed body here, as `<operationId>.json` (`--record`).
    pub record: Option<PathBuf>,
    /// Seconds each request may take.
    pub timeout_secs: u64,
}

/// One documented request, ready to send.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    pub(crate) endpoint: usize,
    pub(crate) route: String,
    pub(crate) operation_id: String,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<Vec<u8>>,
}

/// What came back.
#[derive(Debug, Clone)]
pub(crate) struct Observed {
    pub(crate) status: u16,
    pub(crate) body: Vec<u8>,
}

/// Replays, compares and reports.
///
/// # Errors
///
/// When the HTTP client cannot be made or a recorded sample cannot be written.
pub fn verify(
    parsed: &Parsed,
    inferred: &Inferred,
    options: &VerifyOptions,
) -> Result<VerifyReport, String> {
    let (plans, mut skipped) = plan(parsed, inferred, options);
    let answers = send::send_all(&options.base_url, &plans, options.timeout_secs)?;
    let mut observed = parsed.clone();
    let mut verified = Vec::new();
    let mut gone = Vec::new();
    for (plan, answer) in plans.iter().zip(answers) {
        let answer = match answer {
            Ok(answer) => answer,
            Err(why) => {
                skipped.push(Skipped {
                    route: plan.route.clone(),
                    why: format!("no answer: {why}"),
                });
                continue;
            }
        };
        let succeeded = is_success(&answer);
        let documented = inferred
            .model
            .operations
            .iter()
            .find(|op| op.endpoint == plan.endpoint)
            .is_some_and(|op| op.success_response.is_some());
        if succeeded {
            if let Some(folder) = &options.record {
                record(folder, plan, &answer)?;
            }
        } else if !documented {
            // Nothing to hold the error to: the document shows no success either.
            skipped.push(Skipped {
                route: plan.route.clone(),
                why: format!(
                    "the document has no success sample to compare with, and the service answered HTTP {}{}",
                    answer.status,
                    code_of(&answer).map(|c| format!(" `{c}`")).unwrap_or_default()
                ),
            });
            continue;
        }
        if !succeeded && is_gone(inferred, plan, &answer) {
            gone.push(plan.endpoint);
        } else {
            replace_responses(&mut observed, plan, &answer);
        }
        verified.push(Verified {
            route: plan.route.clone(),
            status: answer.status,
        });
    }
    // An endpoint the service no longer has leaves the observed document: the comparison
    // then reports it as `endpoint.removed`.
    gone.sort_unstable();
    for index in gone.into_iter().rev() {
        observed.api.endpoints.remove(index);
    }
    let observed_inferred = crate::infer::infer(&observed);
    let report = crate::diff::diff(parsed, &inferred.model, &observed, &observed_inferred.model);
    let checked: Vec<&str> = verified.iter().map(|v| v.route.as_str()).collect();
    let findings: Vec<Change> = report
        .changes
        .into_iter()
        .filter(|change| checked.contains(&change.route.as_str()) && about_answers(change.check))
        .collect();
    skipped.sort_by(|a, b| a.route.cmp(&b.route));
    Ok(VerifyReport {
        base_url: options.base_url.clone(),
        findings,
        verified,
        skipped,
    })
}

/// The checks that are about what the service answers (not about what the document asks
/// for, which verify sends as documented, nor about type names).
fn about_answers(check: Check) -> bool {
    let id = check.id();
    [
        "endpoint.removed",
        "response.",
        "success.",
        "error.",
        "evidence.success-",
        "evidence.type-",
        "enum.",
    ]
    .iter()
    .any(|prefix| id.starts_with(prefix))
}

/// Which documented requests to send, and which not with why.
fn plan(
    parsed: &Parsed,
    inferred: &Inferred,
    options: &VerifyOptions,
) -> (Vec<Planned>, Vec<Skipped>) {
    let mut plans = Vec::new();
    let mut skipped = Vec::new();
    for op in &inferred.model.operations {
        let endpoint = &parsed.api.endpoints[op.endpoint];
        let route = endpoint.route();
        let skip = |why: String| Skipped {
            route: route.clone(),
            why,
        };
        let safe = matches!(
            endpoint.method,
            Method::Get | Method::Head | Method::Options
        ) || options.safe.contains(&route);
        if !safe && !options.allow_writes {
            skipped.push(skip(format!(
                "{} may change state: only with --allow-writes (or `safe = true` in sdkgen.toml)",
                endpoint.method
            )));
            continue;
        }
        if op
            .request
            .as_ref()
            .is_some_and(|r| r.kind == BodyKind::Multipart)
        {
            skipped.push(skip(
                "takes a multipart upload, which verify does not build".to_owned(),
            ));
            continue;
        }
        let mut path = String::new();
        let mut missing = None;
        for part in &endpoint.path.parts {
            match part {
                PathPart::Literal(text) => path.push_str(text),
                PathPart::Param(param) => match options.params.get(&param.name) {
                    Some(value) => path.extend(percent_encoding::utf8_percent_encode(
                        value,
                        percent_encoding::NON_ALPHANUMERIC,
                    )),
                    None => {
                        missing = Some(param.name.clone());
                        break;
                    }
                },
            }
        }
        if let Some(name) = missing {
            skipped.push(skip(format!("no value for the path parameter `{name}` (give `--param {name}=VALUE` or `[verify.params]` in sdkgen.toml)")));
            continue;
        }
        let query: Vec<String> = endpoint
            .path
            .query
            .iter()
            .map(|q| format!("{}={}", q.name, q.example))
            .collect();
        if !query.is_empty() {
            path.push('?');
            path.push_str(&query.join("&"));
        }
        let mut headers = options.headers.clone();
        let mut lacking = Vec::new();
        for header in op.contract_headers(false) {
            let given = headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case(header.wire_name));
            if header.publication == Publication::Bearer {
                match &options.token {
                    Some(token) if !given => {
                        headers.push(("Authorization".to_owned(), format!("Bearer {token}")))
                    }
                    _ if given => {}
                    _ if header.required => lacking.push("a bearer token (`--token`)".to_owned()),
                    _ => {}
                }
            } else if !given
                && header.required
                && !header.wire_name.eq_ignore_ascii_case("x-request-id")
            {
                lacking.push(format!(
                    "`{}` (`--header '{}: VALUE'`)",
                    header.wire_name, header.wire_name
                ));
            }
        }
        if !lacking.is_empty() {
            skipped.push(skip(format!("needs {}", lacking.join(", "))));
            continue;
        }
        headers.push((
            "X-Request-Id".to_owned(),
            format!("sdkgen-verify-{}", op.operation_id),
        ));
        let body = endpoint
            .request
            .as_ref()
            .map(|b| b.json.to_value().to_string().into_bytes());
        if body.is_some() {
            headers.push(("Content-Type".to_owned(), "application/json".to_owned()));
        }
        plans.push(Planned {
            endpoint: op.endpoint,
            route,
            operation_id: op.operation_id.clone(),
            method: endpoint.method,
            path,
            headers,
            body,
        });
    }
    (plans, skipped)
}

/// In `observed`, the planned endpoint's answer is the one observed: a success replaces the
/// documented successes, an error joins the documented errors (and the endpoint then has no
/// success evidence).
fn replace_responses(observed: &mut Parsed, plan: &Planned, answer: &Observed) {
    let id = u32::try_from(observed.sources.len()).unwrap_or(u32::MAX);
    let text = String::from_utf8_lossy(&answer.body).into_owned();
    let file = SourceFile::new(id, format!("{} (observed)", plan.route), &text);
    let start = file.text.len() - file.text.trim_start().len();
    let json = crate::json::read_value(&file, start, file.text.len(), &|_| false)
        .ok()
        .filter(|(_, end)| file.text[*end..].trim().is_empty())
        .map(|(json, _)| json);
    let success = is_success(answer);
    let span = json.as_ref().map(|j| j.span).unwrap_or_default();
    observed.sources.push(file);
    let endpoint = &mut observed.api.endpoints[plan.endpoint];
    let label = if success {
        ResponseLabel::Success
    } else {
        ResponseLabel::Error
    };
    endpoint
        .responses
        .retain(|r| r.label != ResponseLabel::Success);
    if success {
        endpoint.missing_success = None;
    }
    endpoint.responses.insert(
        0,
        Response {
            label,
            status: answer.status,
            body: json.map(|json| Body {
                span: json.span,
                json,
                origin: Origin::Document,
            }),
            media_type: None,
            headers: Vec::new(),
            span,
        },
    );
}

/// Whether an error answer says the endpoint is not there: HTTP 404 or 405 with a code the
/// endpoint does not document, where the document shows a success.
fn is_gone(inferred: &Inferred, plan: &Planned, answer: &Observed) -> bool {
    if !matches!(answer.status, 404 | 405) {
        return false;
    }
    let Some(op) = inferred
        .model
        .operations
        .iter()
        .find(|op| op.endpoint == plan.endpoint)
    else {
        return false;
    };
    let code = code_of(answer);
    let documented = op
        .errors
        .iter()
        .any(|e| e.status == answer.status && code.as_deref().is_none_or(|c| e.code == c));
    op.success_response.is_some() && !documented
}

/// Whether an answer is a success: the envelope's `success` flag, else a 2xx status.
fn is_success(answer: &Observed) -> bool {
    serde_json::from_slice::<serde_json::Value>(&answer.body)
        .ok()
        .and_then(|body| {
            let object = body.as_object()?;
            (object.contains_key("data") || object.contains_key("code"))
                .then(|| object.get("success")?.as_bool())
                .flatten()
        })
        .unwrap_or((200..300).contains(&answer.status))
}

/// The envelope's `code` of an answer, when it has one.
fn code_of(answer: &Observed) -> Option<String> {
    let body = serde_json::from_slice::<serde_json::Value>(&answer.body).ok()?;
    body.get("code")?.as_str().map(str::to_owned)
}

/// Writes the observed body as `<operationId>.json`, for `success_sample` in sdkgen.toml.
fn record(folder: &std::path::Path, plan: &Planned, answer: &Observed) -> Result<(), String> {
    std::fs::create_dir_all(folder)
        .map_err(|e| format!("{}: cannot create the folder: {e}", folder.display()))?;
    let path = folder.join(format!("{}.json", plan.operation_id));
    let text = match serde_json::from_slice::<serde_json::Value>(&answer.body) {
        Ok(value) => serde_json::to_string_pretty(&value).unwrap_or_default() + "\n",
        Err(_) => String::from_utf8_lossy(&answer.body).into_owned(),
    };
    crate::write::write_file_if_changed(&path, &text)
        .map(|_| ())
        .map_err(|e| format!("{}: cannot write: {e}", path.display()))
}
