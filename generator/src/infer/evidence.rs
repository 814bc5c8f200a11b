//! What an endpoint's error samples and path say that its header table and success sample do
//! not: each rule decides once, here, and warns, so every emitter reads the same answer.
//!
//! - **Auth from an error sample.** A 401 whose code or message says the token is missing or
//!   required makes the token required ([`AuthUse::Required`]), whatever the header table says
//!   (`auth-from-error-sample`). A 4xx that says a documented context or endpoint header (or a
//!   context header the client knows, such as `X-Workspace-Id`) is required or missing makes
//!   that header required (`header-from-error-sample`).
//! - **Bytes by path.** An endpoint without a success sample whose path ends in `/download`
//!   (or `/file`, `/download-…`) answers with a file: [`TypeRef::Bytes`] (`binary-by-path`).
//! - **A form by path.** A `POST`/`PUT`/`PATCH` whose path ends in `/upload` and whose request
//!   sample is absent or `{}` takes a `multipart/form-data` form (`multipart-by-path`).
//!
//! An endpoint whose `auth`, `response` or `request` `sdkgen.toml` states is left alone.

use super::headers::{param_name, role_of};
use super::Inference;
use crate::ir::{Endpoint, Method, Span};
use crate::model::{
    AuthUse, BodyKind, Evidence, HeaderRole, HeaderUse, Operation, RequestBody, Success, TypeRef,
};

impl Inference<'_> {
    /// Applies the rules above to the operation of endpoint `index`.
    pub(super) fn apply_evidence(&mut self, index: usize, op: &mut Operation) {
        let endpoint = &self.api.endpoints[index];
        if !self.settled.auth.contains(&index) {
            self.auth_from_errors(endpoint, op);
        }
        self.headers_from_errors(endpoint, op);
        if !self.settled.response.contains(&index) {
            Self::bytes_by_media_type(endpoint, op);
            self.bytes_by_path(endpoint, op);
        }
        if !self.settled.request.contains(&index) {
            self.multipart_by_path(endpoint, op);
        }
    }

    fn auth_from_errors(&mut self, endpoint: &Endpoint, op: &mut Operation) {
        if op.auth == AuthUse::Required {
            return;
        }
        let Some((span, quoted)) = error_samples(endpoint, op)
            .find(|e| e.status == 401 && says_token_missing(&e.words))
            .map(|e| (e.span, e.quoted))
        else {
            return;
        };
        let route = endpoint.route();
        let table = match op.auth {
            AuthUse::Optional => "lists `Authorization` as optional",
            _ => "does not list `Authorization`",
        };
        let message = format!(
            "`{route}` {table}, but its HTTP 401 sample ({quoted}) says the token is required: \
             the header table disagrees with the samples, so the client requires a bearer token \
             for it and refuses to send the call without one"
        );
        let hint = format!(
            "if the token really is optional, write `auth = \"optional\"` under \
             `[endpoints.\"{route}\"]` in sdkgen.toml"
        );
        op.auth = AuthUse::Required;
        require_header(op, "Authorization");
        self.warn_as("auth-from-error-sample", span, message, Some(hint));
    }

    fn headers_from_errors(&mut self, endpoint: &Endpoint, op: &mut Operation) {
        let samples: Vec<ErrorSample> = error_samples(endpoint, op)
            .filter(|e| (400..500).contains(&e.status) && says_missing(&e.words))
            .collect();
        if samples.is_empty() {
            return;
        }
        // The documented headers a caller or the client's context supplies, then the context
        // headers the client knows (an endpoint may need one its table leaves out).
        let mut candidates: Vec<String> = op
            .headers
            .iter()
            .filter(|h| needs_caller(h.role))
            .map(|h| h.wire_name.clone())
            .collect();
        for known in ["X-Workspace-Id", "X-PORTAL-ACCESS-CODE", "X-LOCALE"] {
            if !candidates.iter().any(|c| c.eq_ignore_ascii_case(known)) {
                candidates.push(known.to_owned());
            }
        }
        let route = endpoint.route();
        for wire in candidates {
            let current = op
                .headers
                .iter()
                .find(|h| h.wire_name.eq_ignore_ascii_case(&wire));
            if current.is_some_and(|h| h.required) {
                continue;
            }
            let Some(sample) = samples.iter().find(|e| names_header(&e.words, &wire)) else {
                continue;
            };
            let table = if current.is_some() {
                "lists it as optional"
            } else {
                "does not list it"
            };
            let message = format!(
                "`{route}`: its HTTP {} sample ({}) says the `{wire}` header is required, but the \
                 header table {table}: the client requires it for this call",
                sample.status, sample.quoted
            );
            let hint = "if the sample is wrong, fix the header table of the document".to_owned();
            let span = sample.span;
            require_header(op, &wire);
            self.warn_as("header-from-error-sample", span, message, Some(hint));
        }
    }

    /// A success the document shows as text, an image or another body that is not JSON (a
    /// ```` ```xml ```` block, an image) answers bytes, with no JSON sample to type.
    fn bytes_by_media_type(endpoint: &Endpoint, op: &mut Operation) {
        // A JSON success sample wins; a body-less success (read as no content) does not.
        if (op.success_response.is_some() && op.success.data != TypeRef::Unit)
            || op.success.data == TypeRef::Bytes
        {
            return;
        }
        let Some(shown) = endpoint
            .responses
            .iter()
            .find(|r| r.status < 400 && r.body.is_none() && r.media_type.is_some())
        else {
            return;
        };
        op.success = Success {
            status: Some(shown.status),
            data: TypeRef::Bytes,
            evidence: Evidence::Verified,
            nullable: false,
            enveloped: false,
        };
    }

    fn bytes_by_path(&mut self, endpoint: &Endpoint, op: &mut Operation) {
        let last = last_segment(endpoint);
        let downloads = last == "download"
            || last == "file"
            || last.starts_with("download-")
            || last.starts_with("download_");
        if !downloads || op.success_response.is_some() || op.success.data == TypeRef::Bytes {
            return;
        }
        let route = endpoint.route();
        let message = format!(
            "`{route}` has no success sample and its path ends in `/{last}`: it is read as a \
             download, and the client returns the answer's bytes (`Bytes`) instead of decoding \
             JSON (rule: a path ending in `/download` or `/file` answers with a file)"
        );
        let hint = format!(
            "if it answers with JSON, write `response = \"json\"` under `[endpoints.\"{route}\"]` \
             in sdkgen.toml (or give a `success_sample`)"
        );
        op.success = Success {
            status: op.success.status.or(Some(200)),
            data: TypeRef::Bytes,
            evidence: Evidence::Verified,
            nullable: false,
            enveloped: false,
        };
        self.warn_as("binary-by-path", endpoint.span, message, Some(hint));
    }

    fn multipart_by_path(&mut self, endpoint: &Endpoint, op: &mut Operation) {
        let last = last_segment(endpoint);
        let sends_body = matches!(endpoint.method, Method::Post | Method::Put | Method::Patch);
        let shapeless = op
            .request
            .as_ref()
            .is_none_or(|r| r.kind == BodyKind::Json && r.evidence == Evidence::Unknown);
        if last != "upload" || !sends_body || !shapeless {
            return;
        }
        let route = endpoint.route();
        let message = format!(
            "`{route}` has no request sample with fields and its path ends in `/upload`: the \
             client sends a `multipart/form-data` form (`Multipart`) as its body (rule: a path \
             ending in `/upload` takes a file)"
        );
        let hint = format!(
            "if it takes JSON, write `request = \"json\"` under `[endpoints.\"{route}\"]` in \
             sdkgen.toml (or give a `request_sample`)"
        );
        op.request = Some(RequestBody {
            ty: TypeRef::Any,
            evidence: Evidence::Verified,
            kind: BodyKind::Multipart,
        });
        self.warn_as("multipart-by-path", endpoint.span, message, Some(hint));
    }
}

/// One documented error, as the rules read it.
struct ErrorSample {
    status: u16,
    /// Its code and message, lower case, as space-separated words with a space at each end.
    words: String,
    /// Its code and message as a warning quotes them.
    quoted: String,
    /// Where its body (or its label) is.
    span: Span,
}

/// The error samples of `endpoint`, in document order.
fn error_samples<'a>(
    endpoint: &'a Endpoint,
    op: &'a Operation,
) -> impl Iterator<Item = ErrorSample> + 'a {
    endpoint
        .responses
        .iter()
        .zip(&op.responses)
        .filter(|(_, outcome)| !outcome.success)
        .map(|(response, outcome)| {
            let code = outcome.code.as_deref().unwrap_or_default();
            let message = outcome.message.as_deref().unwrap_or_default();
            let quoted = match (code.is_empty(), message.is_empty()) {
                (false, false) => format!("`{code}`: \"{message}\""),
                (false, true) => format!("`{code}`"),
                (true, false) => format!("\"{message}\""),
                (true, true) => "no code or message".to_owned(),
            };
            ErrorSample {
                status: response.status,
                words: words(&format!("{code} {message}")),
                quoted,
                span: response.body.as_ref().map_or(response.span, |b| b.span),
            }
        })
}

/// `text` lower case, every run of other characters than letters and digits one space, with a
/// space at each end: `ACCESS.TOKEN_MISSING` → ` access token missing `.
fn words(text: &str) -> String {
    let mut out = String::from(" ");
    for c in text.chars() {
        if c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if !out.ends_with(' ') {
            out.push(' ');
        }
    }
    if !out.ends_with(' ') {
        out.push(' ');
    }
    out
}

fn says_missing(words: &str) -> bool {
    [" missing ", " required ", " not provided ", " absent "]
        .iter()
        .any(|w| words.contains(w))
}

/// `ACCESS.TOKEN_MISSING`, "Authentication token is required", "Authorization header missing".
fn says_token_missing(words: &str) -> bool {
    let token = [" token ", " authorization ", " authentication ", " bearer "]
        .iter()
        .any(|w| words.contains(w));
    token && says_missing(words)
}

/// Does the error name header `wire`? Its full name (` x workspace id `) does; its name
/// without `X-` (` workspace id `) does only with the word `header` beside it, so that a body
/// field of a similar name is not read as the header.
fn names_header(words: &str, wire: &str) -> bool {
    let full = self::words(wire);
    if words.contains(&full) {
        return true;
    }
    let short = full.strip_prefix(" x ").map(|rest| format!(" {rest}"));
    short.is_some_and(|short| words.contains(&short) && words.contains(" header "))
}

/// The headers a caller or the client's context supplies (not the token, the request id the
/// client makes up, the transport's or a proxy's).
fn needs_caller(role: HeaderRole) -> bool {
    matches!(role, HeaderRole::Context(_) | HeaderRole::Endpoint)
}

/// Marks header `wire` required, adding it when the table does not list it.
fn require_header(op: &mut Operation, wire: &str) {
    if let Some(header) = op
        .headers
        .iter_mut()
        .find(|h| h.wire_name.eq_ignore_ascii_case(wire))
    {
        header.required = true;
        return;
    }
    op.headers.push(HeaderUse {
        wire_name: wire.to_owned(),
        role: role_of(wire),
        required: true,
        param_name: param_name(wire),
        value: None,
        description: None,
    });
}

/// The path's last segment, when it is literal text (empty when it is a parameter).
fn last_segment(endpoint: &Endpoint) -> &str {
    let last = endpoint
        .path
        .template
        .trim_end_matches('/')
        .rsplit('/')
        .next()
        .unwrap_or_default();
    if last.contains('{') {
        ""
    } else {
        last
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_missing_token_and_headers() {
        let token = words("ACCESS.TOKEN_MISSING Authentication token is required");
        assert_eq!(
            token,
            " access token missing authentication token is required "
        );
        assert!(says_token_missing(&token));
        assert!(!says_token_missing(&words(
            "ACCESS.TOKEN_EXPIRED Token expired"
        )));
        assert!(!says_token_missing(&words(
            "VALIDATION.INVALID_PARAMETER Name is required"
        )));
        let workspace = words("WORKSPACE.HEADER_MISSING Workspace id header is required");
        assert!(names_header(&workspace, "X-Workspace-Id"));
        assert!(names_header(
            &words("X-Workspace-Id is required"),
            "X-Workspace-Id"
        ));
        // A body field of a similar name is not the header.
        assert!(!names_header(
            &words("Workspace id is required"),
            "X-Workspace-Id"
        ));
    }
}
