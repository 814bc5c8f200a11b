//! The examples of the pages: how to build the Rust client, and for every endpoint a `curl`
//! command and a Rust call. Credentials and ids are placeholders (environment variables for
//! `curl`, `std::env::var` for the client); sample values that look secret are replaced by
//! `<name>` placeholders.

use std::collections::BTreeSet;

use super::group::{data_type_text, rust_type_text};
use super::{json_text_indented, Context};
use crate::emit::rust::{method_arguments, ArgumentKind};
use crate::ir::{Endpoint, Json, JsonMember, JsonValue, Method, ParameterLocation};
use crate::model::{AuthUse, ContextHeader, Evidence, HeaderRole, Operation, TypeRef};

/// A method argument of the Rust client, as the pages show it.
pub(super) struct Argument {
    /// The argument's name.
    pub(super) name: String,
    /// Its Rust type, as source text.
    pub(super) ty: String,
    /// The header it sets, if it is a header.
    pub(super) header: Option<String>,
    /// The path parameter it fills, if it is one.
    pub(super) path_param: Option<String>,
    /// The query parameter it sets, if it is one.
    pub(super) query: Option<String>,
    role: ArgumentKind,
}

/// The arguments of the operation's Rust method, in order.
pub(super) fn arguments(endpoint: &Endpoint, op: &Operation) -> Vec<Argument> {
    method_arguments(endpoint, op)
        .into_iter()
        .map(|(name, role)| {
            let optional =
                |required: bool| if required { "&str" } else { "Option<&str>" }.to_owned();
            let (ty, header, path_param, query) = match &role {
                ArgumentKind::PathParam(param) => {
                    ("&str".to_owned(), None, Some(param.clone()), None)
                }
                ArgumentKind::Header { wire, required } => {
                    (optional(*required), Some(wire.clone()), None, None)
                }
                ArgumentKind::Query { wire, required } => {
                    (optional(*required), None, None, Some(wire.clone()))
                }
                ArgumentKind::Body { .. } => (body_type(op), None, None, None),
            };
            Argument {
                name,
                ty,
                header,
                path_param,
                query,
                role,
            }
        })
        .collect()
}

/// The Rust type of the body argument.
fn body_type(op: &Operation) -> String {
    match op.request.as_ref().map(|r| (&r.evidence, &r.ty)) {
        Some((Evidence::Verified, ty)) if !matches!(ty, TypeRef::Any) => {
            format!("&{}", rust_type_text(ty))
        }
        _ => "&impl Serialize".to_owned(),
    }
}

/// The environment variable a context header's value comes from.
fn context_variable(header: ContextHeader) -> Option<&'static str> {
    match header {
        ContextHeader::AccessCode => Some("PORTAL_ACCESS_CODE"),
        ContextHeader::WorkspaceId => Some("WORKSPACE_ID"),
        ContextHeader::Locale => Some("LOCALE"),
        ContextHeader::AcceptLanguage => Some("ACCEPT_LANGUAGE"),
        ContextHeader::ClientFingerprint => Some("CLIENT_HASH"),
        ContextHeader::UserAgent => None,
    }
}

/// The `ClientBuilder` method that sets a context header.
fn builder_method(header: ContextHeader) -> &'static str {
    match header {
        ContextHeader::AccessCode => "access_code",
        ContextHeader::WorkspaceId => "workspace_id",
        ContextHeader::Locale => "locale",
        ContextHeader::AcceptLanguage => "accept_language",
        ContextHeader::ClientFingerprint => "client_fingerprint",
        ContextHeader::UserAgent => "user_agent",
    }
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
            builder_method(header)
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

/// Does a JSON key name a secret whose sample value must not be copied into an example?
pub(super) fn is_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    [
        "password",
        "passwd",
        "secret",
        "token",
        "otp",
        "passcode",
        "credential",
        "privatekey",
    ]
    .iter()
    .any(|s| key.contains(s))
}

/// A sample with secret-looking string values replaced by `<key>` placeholders.
fn redacted(json: &Json) -> Json {
    let value = match &json.value {
        JsonValue::Object(members) => JsonValue::Object(
            members
                .iter()
                .map(|member| {
                    let value = match &member.value.value {
                        JsonValue::String(_) if is_secret(&member.key) => Json {
                            span: member.value.span,
                            value: JsonValue::String(format!("<{}>", member.key)),
                        },
                        _ => redacted(&member.value),
                    };
                    JsonMember {
                        key: member.key.clone(),
                        span: member.span,
                        value,
                    }
                })
                .collect(),
        ),
        JsonValue::Array(items) => JsonValue::Array(items.iter().map(redacted).collect()),
        other => other.clone(),
    };
    Json {
        span: json.span,
        value,
    }
}

/// The request sample as pretty JSON with secrets replaced, keys in document order, indented
/// by `unit`.
fn request_json(endpoint: &Endpoint, unit: &str) -> Option<String> {
    let body = endpoint.request.as_ref()?;
    Some(json_text_indented(&redacted(&body.json), unit))
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
    let has_body = endpoint.request.is_some();
    for header in &op.headers {
        let value = match header.role {
            HeaderRole::Authorization => Some("Bearer $TOKEN".to_owned()),
            HeaderRole::Endpoint => Some(format!("${}", crate::naming::shouty(&header.param_name))),
            _ if !header.required => None,
            HeaderRole::Context(c) => context_variable(c).map(|v| format!("${v}")),
            HeaderRole::RequestId => Some("$(uuidgen)".to_owned()),
            HeaderRole::Transport => match header.wire_name.to_ascii_lowercase().as_str() {
                "content-type" if has_body => Some("application/json".to_owned()),
                "accept" => Some("application/json".to_owned()),
                _ => None,
            },
            HeaderRole::Proxy => None,
        };
        if let Some(value) = value {
            lines.push(format!("  -H \"{}: {value}\"", header.wire_name));
        }
    }
    let mut text = lines.join(" \\\n");
    if let Some(json) = request_json(endpoint, "  ") {
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
        TypeRef::Array { item } => imports(item, into),
        TypeRef::Page { shape, item } => {
            into.insert(shape.type_name().to_owned());
            imports(item, into);
        }
        TypeRef::Dictionary { code } => {
            into.insert("DictionaryItem".to_owned());
            into.insert(code.clone());
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
    for argument in arguments(endpoint, op) {
        let value = match &argument.role {
            ArgumentKind::PathParam(name) => format!("\"<{name}>\""),
            ArgumentKind::Header { wire, required } | ArgumentKind::Query { wire, required } => {
                if *required {
                    format!("\"<{wire}>\"")
                } else {
                    format!("Some(\"<{wire}>\")")
                }
            }
            ArgumentKind::Body { .. } => {
                let json = request_json(endpoint, "    ").unwrap_or_else(|| "{}".to_owned());
                match op.request.as_ref().map(|r| (&r.evidence, &r.ty)) {
                    Some((Evidence::Verified, ty)) if !matches!(ty, TypeRef::Any) => {
                        imports(ty, &mut uses);
                        body_lines.push(format!(
                            "let {}: {} = serde_json::from_value(serde_json::json!({json}))?;",
                            argument.name,
                            rust_type_text(ty)
                        ));
                    }
                    _ => body_lines.push(format!(
                        "let {} = serde_json::json!({json});",
                        argument.name
                    )),
                }
                format!("&{}", argument.name)
            }
        };
        call_args.push(value);
    }
    let data = data_type_text(op);
    let binding = if data == "()" {
        String::new()
    } else {
        format!("let data: {data} = ")
    };
    let mut call = format!(
        "{binding}client.{}().{}({}).await?;",
        op.group_module,
        op.name,
        call_args.join(", ")
    );
    if call.len() > 80 {
        // As rustfmt would break it: one call of the chain per line, and one argument per line
        // when they do not fit on one.
        let mut arguments = call_args.join(", ");
        if arguments.len() + op.name.len() + 7 > 80 {
            arguments = format!("\n        {},\n    ", call_args.join(",\n        "));
        }
        call = format!(
            "{binding}client\n    .{}()\n    .{}({arguments})\n    .await?;",
            op.group_module, op.name,
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
