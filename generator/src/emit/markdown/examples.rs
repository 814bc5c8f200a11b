//! The examples of the pages: how to build the Rust client, and for every endpoint a `curl`
//! command and a Rust call. Credentials and ids are placeholders (environment variables for
//! `curl`, `std::env::var` for the client); sample values that look secret are replaced by
//! `<name>` placeholders.

use std::collections::BTreeSet;

use super::{json_text_indented, Context};
use crate::ir::{Endpoint, Method, ParameterLocation};
use crate::model::{AuthUse, BodyKind, ContextHeader, Evidence, HeaderRole, Operation, TypeRef};
use crate::surface::{ArgumentSource, ContextSetting, RustType};

/// The environment variable a context header's value comes from in the examples.
fn context_variable(header: ContextHeader) -> Option<&'static str> {
    ContextSetting::of(header).variable
}

/// The client every Rust example uses, built from environment variables, and the names of the
/// variables besides `BASE_URL`.
pub(super) fn client_setup(context: &Context) -> (String, Vec<String>) {
    let model = &context.inferred.model;
    let mut contexts: Vec<ContextHeader> = Vec::new();
    for op in &model.operations {
        for header in &op.headers {
            if let HeaderRole::Context(c) = header.role {
                if !contexts.contains(&c) && context_variable(c).is_some() {
                    contexts.push(c);
                }
            }
        }
    }
    contexts.sort();
    let mut variables = Vec::new();
    let mut code = format!(
        "use {}::Client;\n\nlet client = Client::builder(std::env::var(\"BASE_URL\")?)\n",
        context.crate_ident
    );
    for header in contexts {
        let variable = context_variable(header).unwrap_or_default();
        code.push_str(&format!(
            "    .{}(std::env::var(\"{variable}\")?)\n",
            ContextSetting::of(header).builder_method
        ));
        variables.push(variable.to_owned());
    }
    if model.operations.iter().any(|op| op.auth != AuthUse::None) {
        code.push_str(
            "    // Or later, after logging in: `client.set_bearer_token(Some(token))`.\n",
        );
        code.push_str("    .bearer_token(std::env::var(\"TOKEN\")?)\n");
        variables.push("TOKEN".to_owned());
    }
    code.push_str("    .build()?;");
    (code, variables)
}

/// The request sample as pretty JSON with secrets replaced, keys in document order, indented
/// by `unit`: values under secret names ([`crate::secret_names`]) show a `<key>` placeholder,
/// the model's other secret fields (`sdkgen.toml`) `"<redacted>"`.
fn request_json(
    context: &Context,
    endpoint: &Endpoint,
    op: &Operation,
    unit: &str,
) -> Option<String> {
    let body = endpoint.request.as_ref()?;
    let json = match &op.request {
        Some(request) => context
            .inferred
            .model
            .redact_secrets(&request.ty, &body.json),
        None => body.json.clone(),
    };
    let json = crate::secret_names::with_placeholders(&json);
    Some(json_text_indented(&json, unit))
}

/// Is the operation's request a multipart upload?
fn is_multipart(op: &Operation) -> bool {
    op.request
        .as_ref()
        .is_some_and(|r| r.kind == BodyKind::Multipart)
}

/// `$NAME`, or `${NAME}` when a letter, digit or `_` follows.
fn variable(name: &str, next: Option<char>) -> String {
    if next.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') {
        format!("${{{name}}}")
    } else {
        format!("${name}")
    }
}

/// The `curl` command of an endpoint.
pub(super) fn curl(context: &Context, index: usize) -> String {
    let endpoint = &context.parsed.api.endpoints[index];
    let op = &context.inferred.model.operations[index];
    let mut url = String::from("$BASE_URL");
    let template = &endpoint.path.template;
    let mut rest = template.as_str();
    while let Some(open) = rest.find('{') {
        url.push_str(&rest[..open]);
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let name = crate::naming::shouty(&rest[open + 1..close]);
        rest = &rest[close + 1..];
        url.push_str(&variable(&name, rest.chars().next()));
    }
    url.push_str(rest);
    let mut query: Vec<String> = endpoint
        .path
        .query
        .iter()
        .map(|q| format!("{}={}", q.name, q.example))
        .collect();
    for parameter in &endpoint.parameters {
        if parameter.location == ParameterLocation::Query && parameter.required {
            let name = crate::naming::shouty(&parameter.name);
            query.push(format!("{}={}", parameter.name, variable(&name, None)));
        }
    }
    if !query.is_empty() {
        url.push('?');
        url.push_str(&query.join("&"));
    }
    let mut lines = vec![match endpoint.method {
        Method::Get => format!("curl \"{url}\""),
        method => format!("curl -X {method} \"{url}\""),
    }];
    let multipart = is_multipart(op);
    // curl sets a form's content type itself, with its boundary.
    let has_body = endpoint.request.is_some() && !multipart;
    for header in &op.headers {
        let value = match header.role {
            HeaderRole::Authorization => Some("Bearer $TOKEN".to_owned()),
            HeaderRole::Endpoint => Some(format!("${}", crate::naming::shouty(&header.param_name))),
            _ if !header.required => None,
            HeaderRole::Context(c) => context_variable(c).map(|v| format!("${v}")),
            HeaderRole::RequestId => Some("$(uuidgen)".to_owned()),
            HeaderRole::Transport => match header.wire_name.to_ascii_lowercase().as_str() {
                "content-type" if has_body => Some("application/json".to_owned()),
                "accept" if op.success.data == TypeRef::Bytes => Some("*/*".to_owned()),
                "accept" => Some("application/json".to_owned()),
                _ => None,
            },
            HeaderRole::Proxy => None,
        };
        if let Some(value) = value {
            lines.push(format!("  -H \"{}: {value}\"", header.wire_name));
        }
    }
    if multipart {
        lines.push("  -F \"file=@report.pdf;type=application/pdf\"".to_owned());
    }
    if op.success.data == TypeRef::Bytes {
        lines.push("  --output download.bin".to_owned());
    }
    let mut text = lines.join(" \\\n");
    if let Some(json) = request_json(context, endpoint, op, "  ").filter(|_| !multipart) {
        if !op
            .headers
            .iter()
            .any(|h| h.wire_name.eq_ignore_ascii_case("content-type"))
        {
            text.push_str(" \\\n  -H \"Content-Type: application/json\"");
        }
        text.push_str(" \\\n  --data @- <<'JSON'\n");
        text.push_str(&json);
        text.push_str("\nJSON");
    }
    text
}

/// The named types a Rust type expression uses, for its `use` line.
fn imports(ty: &TypeRef, into: &mut BTreeSet<String>) {
    match ty {
        TypeRef::Named { name } => {
            into.insert(name.clone());
        }
        TypeRef::Array { item } | TypeRef::Map { value: item } => imports(item, into),
        TypeRef::Page { shape, item } => {
            into.insert(shape.type_name().to_owned());
            imports(item, into);
        }
        TypeRef::Dictionary { code } => {
            into.insert("DictionaryItem".to_owned());
            into.insert(code.clone());
        }
        TypeRef::Bytes => {
            into.insert("Bytes".to_owned());
        }
        _ => {}
    }
}

/// The Rust call of an endpoint, with the client of the index page.
pub(super) fn rust(context: &Context, index: usize) -> String {
    let endpoint = &context.parsed.api.endpoints[index];
    let op = &context.inferred.model.operations[index];
    let mut uses = BTreeSet::new();
    if op.success.evidence == Evidence::Verified {
        imports(&op.success.data, &mut uses);
    }
    let mut body_lines = Vec::new();
    let mut call_args = Vec::new();
    let method = context.surface.method(index);
    for argument in &method.arguments {
        let value = match &argument.source {
            ArgumentSource::PathParam(name) => format!("\"<{name}>\""),
            ArgumentSource::Header { wire, required }
            | ArgumentSource::Query { wire, required } => {
                // A typed query parameter (`int`, `boolean`) takes a value of its type.
                let scalar = argument.ty.source.trim_start_matches("Option<");
                let value = match scalar.trim_end_matches('>') {
                    "i64" => "1".to_owned(),
                    "bool" => "true".to_owned(),
                    "f64" => "1.5".to_owned(),
                    _ => format!("\"<{wire}>\""),
                };
                if *required {
                    value
                } else {
                    format!("Some({value})")
                }
            }
            ArgumentSource::Body { typed } => {
                let json =
                    request_json(context, endpoint, op, "    ").unwrap_or_else(|| "{}".to_owned());
                match typed {
                    Some(ty) => {
                        imports(ty, &mut uses);
                        body_lines.push(format!(
                            "let {}: {} = serde_json::from_value(serde_json::json!({json}))?;",
                            argument.name,
                            RustType::of(ty).shown
                        ));
                    }
                    None => body_lines.push(format!(
                        "let {} = serde_json::json!({json});",
                        argument.name
                    )),
                }
                format!("&{}", argument.name)
            }
            ArgumentSource::Form => {
                uses.insert("Multipart".to_owned());
                body_lines.push(format!(
                    "let {} = Multipart::new().file(\"file\", \"report.pdf\", \"application/pdf\", std::fs::read(\"report.pdf\")?);",
                    argument.name
                ));
                argument.name.clone()
            }
        };
        call_args.push(value);
    }
    let data = &method.returns.shown;
    let binding = if data == "()" {
        String::new()
    } else {
        format!("let data: {data} = ")
    };
    let mut call = format!(
        "{binding}client.{}().{}({}).await?;",
        method.accessor,
        method.name,
        call_args.join(", ")
    );
    if call.len() > 80 {
        // As rustfmt would break it: one call of the chain per line, and one argument per line
        // when they do not fit on one.
        let mut arguments = call_args.join(", ");
        if arguments.len() + method.name.len() + 7 > 80 {
            arguments = format!("\n        {},\n    ", call_args.join(",\n        "));
        }
        call = format!(
            "{binding}client\n    .{}()\n    .{}({arguments})\n    .await?;",
            method.accessor, method.name,
        );
    }
    let mut lines = Vec::new();
    let uses: Vec<String> = uses.into_iter().collect();
    if !uses.is_empty() {
        let list = if uses.len() == 1 {
            uses[0].clone()
        } else {
            format!("{{{}}}", uses.join(", "))
        };
        lines.push(format!("use {}::{list};", context.crate_ident));
        lines.push(String::new());
    }
    lines.push("// `client` as built in \"Base URL\" on the index page.".to_owned());
    lines.extend(body_lines);
    lines.push(call);
    if data != "()" {
        lines.push("println!(\"{data:?}\");".to_owned());
    }
    lines.join("\n")
}
