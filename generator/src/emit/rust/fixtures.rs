//! The crate's fixture-replay tests and `tour` example: every sample of the document, sent
//! through the generated method against a mock server (`tests/fixtures.rs`, with the samples
//! in `tests/fixtures.json`), and one real call per endpoint (`examples/tour.rs`).

use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use serde_json::json;

use crate::emit::rust_file;
use crate::infer::Inferred;
use crate::ir::{Endpoint, PathPart};
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
                let value = format!("sample-{wire}");
                if required {
                    quote!(#value)
                } else {
                    quote!(None)
                }
            }
            ArgumentSource::Body { .. } => request.clone(),
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

pub(super) fn render(
    parsed: &Parsed,
    inferred: &Inferred,
    crate_ident: &str,
) -> Result<Vec<(String, String)>, String> {
    let api = &parsed.api;
    let crate_name = format_ident!("{}", crate_ident);
    let mut fixtures = Vec::new();
    let mut tests = Vec::new();
    let mut ids = crate::naming::NameScope::default();
    for op in &inferred.model.operations {
        let endpoint = &api.endpoints[op.endpoint];
        let headers: Vec<&str> = op
            .headers
            .iter()
            .filter(|h| h.role == crate::model::HeaderRole::Endpoint)
            .map(|h| h.wire_name.as_str())
            .collect();
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
            let request = endpoint.request.as_ref().map(|r| r.json.to_value());
            let context: Vec<String> = op
                .headers
                .iter()
                .filter_map(|h| match h.role {
                    crate::model::HeaderRole::Context(c) => Some(format!("{c:?}")),
                    _ => None,
                })
                .collect();
            fixtures.push(json!({
                "id": id,
                "route": endpoint.route(),
                "method": endpoint.method.as_str(),
                "path": encoded_path(endpoint),
                "status": response.status,
                "response": serde_json::to_string(&body.json.to_value()).unwrap_or_default(),
                "request": request,
                "success": success,
                "expected": expected,
                "auth": format!("{:?}", op.auth),
                "context": context,
                "headers": headers,
            }));
            let test = format_ident!("{}", id);
            let group = format_ident!("{}", op.group_module);
            let method = format_ident!("{}", op.name);
            let args = call_args(endpoint, op, request_marker(op));
            let replay = if success {
                quote!(replay_data)
            } else {
                quote!(replay_error)
            };
            // One macro call per sample keeps this file (and its compile) small.
            tests.push(quote! {
                #replay!(#test, #group.#method(#(#args),*));
            });
        }
    }
    let fixtures_json = serde_json::to_string_pretty(&fixtures).map_err(|e| e.to_string())? + "\n";
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
    let fixtures_rs = join_markers(&rust_file(tokens)?);

    let tour_calls = inferred.model.operations.iter().map(|op| {
        let endpoint = &api.endpoints[op.endpoint];
        let group = format_ident!("{}", op.group_module);
        let method = format_ident!("{}", op.name);
        let request = match &endpoint.request {
            None => quote!(),
            Some(r) => {
                let text = serde_json::to_string(&r.json.to_value()).unwrap_or_default();
                let marker = request_marker(op);
                quote!(#marker #text)
            }
        };
        let args = call_args(endpoint, op, request);
        let route = endpoint.route();
        quote! {
            call!(client, #route, #group.#method(#(#args),*));
        }
    });
    let tour = quote! {
        //! Calls every endpoint once with the document's sample values and prints one line per
        //! call: `METHOD PATH -> HTTP status, ok|error code`.
        //!
        //! ```text
        //! cargo run --example tour -- --base-url URL [--token T] [--access-code C] [--workspace-id W]
        //!     [--locale L] [--accept-language A] [--fingerprint F]
        //! ```
        //!
        //! Locale, accept-language and fingerprint default to `en-US`, `en-US` and `sdkgen-tour`.

        use #crate_name::{Client, Error};

        /// `ok`, the API's error code, or a short name for a failure on this side.
        fn report(route: &str, result: Result<u16, Error>) {
            match result {
                Ok(status) => println!("{route} -> HTTP {status}, ok"),
                Err(error) => {
                    let status = error.status().map_or_else(|| "-".to_owned(), |s| s.to_string());
                    let code = match &error {
                        Error::Api(api) if !api.code.is_empty() => api.code.clone(),
                        Error::Api(_) => "(no code)".to_owned(),
                        Error::MissingCredential { .. } => "missing-token".to_owned(),
                        Error::MissingHeader { name, .. } => format!("missing-header {name}"),
                        Error::Timeout { .. } => "timeout".to_owned(),
                        Error::Transport { .. } => "transport".to_owned(),
                        Error::Decode { path, .. } => format!("decode {path}"),
                        other => other.to_string(),
                    };
                    println!("{route} -> HTTP {status}, error {code}");
                }
            }
        }

        /// Sends `client.$group().$method(..)` and reports it; `@body "{..}"` is a request
        /// sample decoded into the method's request type, `@json "{..}"` one sent as JSON.
        macro_rules! call {
            ($client:ident, $route:literal, $group:ident . $method:ident ( $($arg:expr,)* @body $sample:literal )) => {{
                let body = serde_json::from_str($sample)?;
                let call = $client.$group().$method($($arg,)* &body);
                report($route, call.send_with_metadata().await.map(|r| r.status));
            }};
            ($client:ident, $route:literal, $group:ident . $method:ident ( $($arg:expr,)* @json $sample:literal )) => {{
                let body: serde_json::Value = serde_json::from_str($sample)?;
                let call = $client.$group().$method($($arg,)* &body);
                report($route, call.send_with_metadata().await.map(|r| r.status));
            }};
            ($client:ident, $route:literal, $group:ident . $method:ident ( $($arg:expr),* )) => {{
                let call = $client.$group().$method($($arg),*);
                report($route, call.send_with_metadata().await.map(|r| r.status));
            }};
        }

        fn arg(args: &[String], name: &str) -> Option<String> {
            args.iter().position(|a| a == name).and_then(|i| args.get(i + 1)).cloned()
        }

        const USAGE: &str = "usage: tour --base-url URL [--token T] [--access-code C] [--workspace-id W] \
            [--locale L] [--accept-language A] [--fingerprint F]";

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let args: Vec<String> = std::env::args().collect();
            let Some(base_url) = arg(&args, "--base-url") else {
                eprintln!("{USAGE}");
                std::process::exit(2);
            };
            let mut builder = Client::builder(base_url)
                .locale(arg(&args, "--locale").unwrap_or_else(|| "en-US".to_owned()))
                .accept_language(arg(&args, "--accept-language").unwrap_or_else(|| "en-US".to_owned()))
                .client_fingerprint(arg(&args, "--fingerprint").unwrap_or_else(|| "sdkgen-tour".to_owned()));
            if let Some(token) = arg(&args, "--token") {
                builder = builder.bearer_token(token);
            }
            if let Some(code) = arg(&args, "--access-code") {
                builder = builder.access_code(code);
            }
            if let Some(workspace) = arg(&args, "--workspace-id") {
                builder = builder.workspace_id(workspace);
            }
            let client = builder.build()?;
            #(#tour_calls)*
            Ok(())
        }
    };
    Ok(vec![
        ("tests/fixtures.json".to_owned(), fixtures_json),
        ("tests/fixtures.rs".to_owned(), fixtures_rs),
        (
            "examples/tour.rs".to_owned(),
            join_markers(&rust_file(tour)?),
        ),
    ])
}
