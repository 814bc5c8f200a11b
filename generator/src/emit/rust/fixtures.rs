//! The crate's fixture-replay tests and `tour` example: every sample of the document, sent
//! through the generated method against a mock server (`tests/fixtures.rs`, with the samples
//! in `tests/fixtures.json`), and one real call per endpoint (`examples/tour.rs`), of which
//! only the read-only ones are sent unless `--allow-writes` is given.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::json;

use crate::emit::rust_file;
use crate::infer::Inferred;
use crate::ir::{Endpoint, Method as HttpMethod, PathPart};
use crate::model::{Evidence, Operation};
use crate::parse::Parsed;
use crate::surface::{ArgumentSource, Method};

/// The value a test passes for a path parameter: readable, and with a space and a slash so
/// that the encoding is exercised on every call.
fn sample_param(name: &str) -> String {
    format!("{name} 1/a")
}

fn encoded_path(endpoint: &Endpoint) -> String {
    let mut path = String::new();
    for part in &endpoint.path.parts {
        match part {
            PathPart::Literal(text) => path.push_str(text),
            // As the runtime encodes a segment: every byte but RFC 3986's unreserved ones.
            PathPart::Param(param) => {
                for byte in sample_param(&param.name).bytes() {
                    if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
                        path.push(char::from(byte));
                    } else {
                        path.push_str(&format!("%{byte:02X}"));
                    }
                }
            }
        }
    }
    path
}

/// The arguments of a call in a test or the tour, in order.
fn call_args(endpoint: &Endpoint, op: &Operation, request: TokenStream) -> Vec<TokenStream> {
    Method::of(endpoint, op)
        .arguments
        .into_iter()
        .map(|arg| match arg.source {
            ArgumentSource::PathParam(name) => {
                let value = sample_param(&name);
                quote!(#value)
            }
            ArgumentSource::Header { wire, required } => {
                let value = format!("sample-{}", wire.to_ascii_lowercase());
                if required {
                    quote!(#value)
                } else {
                    quote!(Some(#value))
                }
            }
            ArgumentSource::Query { wire, required } => {
                // A typed query parameter (`int`, `boolean`) takes a value of its type.
                let value = match arg.ty.source.as_str() {
                    "i64" => quote!(1),
                    "bool" => quote!(true),
                    "f64" => quote!(1.5),
                    _ => {
                        let value = format!("sample-{wire}");
                        quote!(#value)
                    }
                };
                if required {
                    value
                } else {
                    quote!(None)
                }
            }
            ArgumentSource::Body { .. } | ArgumentSource::Form => request.clone(),
        })
        .collect()
}

/// prettyplease spaces `@body` inside macro calls as `@ body`; joined, they read as markers.
fn join_markers(source: &str) -> String {
    static MARKER: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"@[ \t\n]+(body|json)").expect("valid regex")
    });
    MARKER.replace_all(source, "@$1").into_owned()
}

/// How a test passes the request sample: `@body` decodes it into the method's own request
/// type (inferred from the parameter), `@json` passes it as JSON (unknown request schemas).
fn request_marker(op: &Operation) -> TokenStream {
    match &op.request {
        None => quote!(),
        Some(request)
            if request.evidence == Evidence::Verified
                && request.ty != crate::model::TypeRef::Any =>
        {
            quote!(@body)
        }
        Some(_) => quote!(@json),
    }
}

/// Is the operation's request a multipart upload?
fn is_multipart(op: &Operation) -> bool {
    op.request
        .as_ref()
        .is_some_and(|r| r.kind == crate::model::BodyKind::Multipart)
}

/// The form a test or the tour uploads: the request sample's scalar fields as text fields
/// (an upload's sample, when the document shows one, names its form fields), built with
/// `multipart` (the path of the runtime's `Multipart`).
fn form_expr(endpoint: &Endpoint, multipart: TokenStream) -> TokenStream {
    let mut form = quote!(#multipart::new());
    let fields = endpoint.request.as_ref().map(|r| r.json.to_value());
    if let Some(serde_json::Value::Object(fields)) = fields {
        for (name, value) in fields {
            let text = match value {
                serde_json::Value::String(text) => text,
                serde_json::Value::Number(_) | serde_json::Value::Bool(_) => value.to_string(),
                _ => continue,
            };
            form = quote!(#form.text(#name, #text));
        }
    }
    form
}

/// The tour example's source: everything but the calls, which are filled in per endpoint.
const TOUR: &str = include_str!("../../../../templates/examples/tour.rs.tmpl");

/// The fixture samples, the replay tests and the tour example.
pub(super) fn render(
    parsed: &Parsed,
    inferred: &Inferred,
    crate_ident: &str,
) -> Result<Vec<(String, String)>, String> {
    let (fixtures, tests) = replays(parsed, inferred);
    let fixtures_json = serde_json::to_string_pretty(&fixtures).map_err(|e| e.to_string())? + "\n";
    Ok(vec![
        ("tests/fixtures.json".to_owned(), fixtures_json),
        (
            "tests/fixtures.rs".to_owned(),
            fixtures_rs(crate_ident, &tests)?,
        ),
        (
            "examples/tour.rs".to_owned(),
            tour(parsed, inferred, crate_ident)?,
        ),
    ])
}

/// Every sample with a body that can be replayed: its fixture (what the mock server expects
/// and answers) and its test, a macro call that sends it through the generated method.
fn replays(parsed: &Parsed, inferred: &Inferred) -> (Vec<serde_json::Value>, Vec<TokenStream>) {
    let api = &parsed.api;
    let mut fixtures = Vec::new();
    let mut tests = Vec::new();
    let mut ids = crate::naming::NameScope::default();
    for op in &inferred.model.operations {
        let endpoint = &api.endpoints[op.endpoint];
        let multipart = is_multipart(op);
        let sample_names = crate::sample_names::of(endpoint, op);
        for (index, (response, outcome)) in endpoint.responses.iter().zip(&op.responses).enumerate()
        {
            let Some(body) = &response.body else { continue };
            // A test function's name: unique, and without the `__` that `self_` + `_` makes.
            let wanted = format!(
                "{}_{}_{}",
                op.group_module.trim_end_matches('_'),
                op.name.trim_end_matches('_'),
                index + 1
            );
            let id = ids.claim(&wanted, |_| false);
            let success = outcome.success;
            if success && op.success.evidence != Evidence::Verified {
                continue;
            }
            let expected = if success {
                let data = outcome
                    .payload(response)
                    .map_or(serde_json::Value::Null, |d| d.to_value());
                json!({ "data": data })
            } else {
                json!({
                    "code": body.json.get("code").map(|c| c.to_value()),
                    "message": body.json.get("message").map(|c| c.to_value()),
                })
            };
            // A multipart upload is matched by its content type, not as a JSON body.
            let request = endpoint
                .request
                .as_ref()
                .filter(|_| !multipart)
                .map(|r| r.json.to_value());
            let mut fixture = json!({
                "id": id,
                "route": endpoint.route(),
                "method": endpoint.method.as_str(),
                "path": encoded_path(endpoint),
                "status": response.status,
                "sample": sample_names.get(index),
                "response": serde_json::to_string(&body.json.to_value()).unwrap_or_default(),
                "request": request,
                "success": success,
                "expected": expected,
                "auth": format!("{:?}", op.auth),
                "context": context_headers(op),
                "headers": endpoint_headers(op),
            });
            if multipart {
                fixture["multipart"] = json!(true);
            }
            let secrets = secret_samples(inferred, endpoint, op, outcome, &body.json, multipart);
            if !secrets.is_empty() {
                fixture["secrets"] = json!(secrets);
            }
            fixtures.push(fixture);
            tests.push(replay_test(endpoint, op, &id, success));
        }
    }
    (fixtures, tests)
}

/// The sample values of secret fields in a fixture's request and successful answer: the
/// replay checks that `Debug` of the decoded request and data shows none of them. Strings of
/// fewer than four characters are left out, as they could turn up in any `Debug` text.
fn secret_samples(
    inferred: &Inferred,
    endpoint: &Endpoint,
    op: &Operation,
    outcome: &crate::model::ResponseOutcome,
    response: &crate::ir::Json,
    multipart: bool,
) -> Vec<String> {
    let model = &inferred.model;
    let mut pairs = vec![(
        response.to_value(),
        model.redact_response(op, outcome, response).to_value(),
    )];
    if let (Some(sample), Some(request), false) = (&endpoint.request, &op.request, multipart) {
        pairs.push((
            sample.json.to_value(),
            model.redact_secrets(&request.ty, &sample.json).to_value(),
        ));
    }
    let mut secrets = Vec::new();
    for (original, redacted) in &pairs {
        replaced_strings(original, redacted, &mut secrets);
    }
    secrets.sort();
    secrets.dedup();
    secrets
}

/// The strings of `original` that `redacted` shows as `"<redacted>"`.
fn replaced_strings(
    original: &serde_json::Value,
    redacted: &serde_json::Value,
    out: &mut Vec<String>,
) {
    use serde_json::Value;
    match (original, redacted) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                if let Some(other) = b.get(key) {
                    replaced_strings(value, other, out);
                }
            }
        }
        (Value::Array(a), Value::Array(b)) => {
            for (value, other) in a.iter().zip(b) {
                replaced_strings(value, other, out);
            }
        }
        (Value::String(text), Value::String(shown))
            if shown == crate::model::REDACTED && text != shown && text.chars().count() >= 4 =>
        {
            out.push(text.clone());
        }
        _ => {}
    }
}

/// The context headers (set on the client) an operation documents, by role.
fn context_headers(op: &Operation) -> Vec<String> {
    op.headers
        .iter()
        .filter_map(|h| match h.role {
            crate::model::HeaderRole::Context(c) => Some(format!("{c:?}")),
            _ => None,
        })
        .collect()
}

/// The endpoint-specific headers (method parameters) an operation documents.
fn endpoint_headers(op: &Operation) -> Vec<&str> {
    op.headers
        .iter()
        .filter(|h| h.role == crate::model::HeaderRole::Endpoint)
        .map(|h| h.wire_name.as_str())
        .collect()
}

/// The replay test of one sample: one macro call per sample keeps the file (and its compile)
/// small.
fn replay_test(endpoint: &Endpoint, op: &Operation, id: &str, success: bool) -> TokenStream {
    let test = format_ident!("{}", id);
    let group = format_ident!("{}", op.group_module);
    let method = format_ident!("{}", op.name);
    let request = if is_multipart(op) {
        form_expr(endpoint, quote!(Multipart))
    } else {
        request_marker(op)
    };
    let args = call_args(endpoint, op, request);
    // A download's answer is compared as bytes: the sample is the body as sent.
    let replay = match (op.success.data == crate::model::TypeRef::Bytes, success) {
        (false, true) => quote!(replay_data),
        (true, true) => quote!(replay_bytes),
        (_, false) => quote!(replay_error),
    };
    quote! {
        #replay!(#test, #group.#method(#(#args),*));
    }
}

/// `tests/fixtures.rs`: the replay tests, after the support macros.
fn fixtures_rs(crate_ident: &str, tests: &[TokenStream]) -> Result<String, String> {
    let crate_name = format_ident!("{}", crate_ident);
    let tokens = quote! {
        //! Replays every sample of the document through the generated client against a mock
        //! server: the request must match the sample (method, path, headers, body) and the
        //! answer must decode to the sample's `data` (or to the sample's error).

        #[macro_use]
        mod support;

        #[allow(unused_imports)]
        use #crate_name::*;

        #(#tests)*
    };
    Ok(join_markers(&rust_file(tokens)?))
}

/// Whether the tour may call an endpoint of this method without `--allow-writes`: GET, HEAD
/// and OPTIONS only, as every other method may change data.
fn is_read_only(method: HttpMethod) -> bool {
    matches!(
        method,
        HttpMethod::Get | HttpMethod::Head | HttpMethod::Options
    )
}

/// `examples/tour.rs`: the template, with the list of endpoints (and whether each may change
/// data) and one `call!` per endpoint, formatted as Rust.
fn tour(parsed: &Parsed, inferred: &Inferred, crate_ident: &str) -> Result<String, String> {
    let api = &parsed.api;
    let endpoints: TokenStream = inferred
        .model
        .operations
        .iter()
        .map(|op| {
            let endpoint = &api.endpoints[op.endpoint];
            let route = endpoint.route();
            let writes = !is_read_only(endpoint.method);
            quote!((#route, #writes),)
        })
        .collect();
    let calls: TokenStream = inferred
        .model
        .operations
        .iter()
        .map(|op| {
            let endpoint = &api.endpoints[op.endpoint];
            let group = format_ident!("{}", op.group_module);
            let method = format_ident!("{}", op.name);
            let crate_name = format_ident!("{}", crate_ident);
            let request = match &endpoint.request {
                _ if is_multipart(op) => form_expr(endpoint, quote!(#crate_name::Multipart)),
                None => quote!(),
                Some(r) => {
                    // A reader copies the tour: secrets become `<key>` placeholders, and
                    // fields only `sdkgen.toml` marks secret `"<redacted>"`.
                    let json = match &op.request {
                        Some(request) => inferred.model.redact_secrets(&request.ty, &r.json),
                        None => r.json.clone(),
                    };
                    let json = crate::secret_names::with_placeholders(&json);
                    let text = serde_json::to_string(&json.to_value()).unwrap_or_default();
                    let marker = request_marker(op);
                    quote!(#marker #text)
                }
            };
            let args = call_args(endpoint, op, request);
            let route = endpoint.route();
            quote! {
                call!(client, plan, #route, #group.#method(#(#args),*));
            }
        })
        .collect();
    let source = crate::emit::fill(
        TOUR,
        &[
            ("crate_name", crate_ident),
            ("endpoints", &endpoints.to_string()),
            ("calls", &calls.to_string()),
        ],
    )?;
    let tokens: TokenStream = source
        .parse()
        .map_err(|e| format!("templates/examples/tour.rs.tmpl does not parse: {e}"))?;
    Ok(join_markers(&rust_file(tokens)?))
}

#[cfg(test)]
mod tests {
    use quote::ToTokens;

    use super::*;

    /// The real document's tour, with its `(route, writes)` list read back from the source.
    fn real_tour() -> (String, Vec<(String, bool)>) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../docs-input/partner-web-endpoints.txt");
        let parsed = crate::parse_paths(&[path]).expect("the real document parses");
        let inferred = crate::infer::infer(&parsed);
        let source = tour(&parsed, &inferred, "partner_web_client").expect("the tour renders");
        let file = syn::parse_file(&source).expect("the tour parses");
        let list = file
            .items
            .iter()
            .find_map(|item| match item {
                syn::Item::Const(c) if c.ident == "ENDPOINTS" => Some(c.expr.clone()),
                _ => None,
            })
            .expect("the tour lists its endpoints");
        let syn::Expr::Reference(list) = *list else {
            panic!("ENDPOINTS is a reference to an array")
        };
        let syn::Expr::Array(list) = *list.expr else {
            panic!("ENDPOINTS is an array")
        };
        let entries = list
            .elems
            .iter()
            .map(|entry| {
                let syn::Expr::Tuple(tuple) = entry else {
                    panic!("an entry is a tuple")
                };
                let text = |expr: &syn::Expr| match expr {
                    syn::Expr::Lit(syn::ExprLit { lit, .. }) => lit.to_token_stream().to_string(),
                    other => panic!("not a literal: {}", other.to_token_stream()),
                };
                let route = text(&tuple.elems[0]).trim_matches('"').to_owned();
                (route, text(&tuple.elems[1]) == "true")
            })
            .collect();
        (source, entries)
    }

    #[test]
    fn the_tour_marks_every_non_get_endpoint_as_writing_and_gates_every_call() {
        let (source, entries) = real_tour();
        let compact: String = source.split_whitespace().collect();
        let calls = compact.matches("call!(").count();
        assert_eq!(entries.len(), calls, "one entry per call");
        let mut reads = 0;
        for (route, writes) in &entries {
            let read_only = route.starts_with("GET ");
            assert_eq!(*writes, !read_only, "{route}");
            reads += usize::from(read_only);
            let compact_route: String = route.split_whitespace().collect();
            let gated = format!("call!(client,plan,\"{compact_route}\",");
            assert!(
                compact.contains(&gated),
                "{route} is called through the plan"
            );
        }
        // The document has both kinds, so the gate matters: logging out is a write.
        assert!(reads > 0 && reads < entries.len());
        assert!(entries.contains(&("POST /web/v1/partner/auth/logout".to_owned(), true)));
        assert!(source.contains("--allow-writes"));
        assert!(compact.contains("letplan=plan(args.iter().any(|a|a==\"--allow-writes\"));"));
    }
}
