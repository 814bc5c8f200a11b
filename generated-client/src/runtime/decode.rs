//! Turning an answer into a value or an error: reads the platform's envelope
//! (`{"success", "code", "message", "data", ...}`), falls back to the HTTP status when
//! `success` is missing, and reports decoding failures with the JSON path that failed.

use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

use super::call::Response;
use super::error::{without_values, ApiError, Error, FoundValue, RawBody, Result};
use super::retry::Raw;
use super::transfer::Bytes;

/// How many characters of a non-JSON error page an [`ApiError`] message keeps.
const EXCERPT_CHARS: usize = 200;

/// Decodes the last answer of a call to `route` sent with `request_id`.
///
/// Only the last step, turning `data` into a `T`, depends on `T`: the envelope is read by
/// [`open_envelope`], which every `T` shares, so the code generated per response type stays
/// small.
pub(crate) fn decode<T: DeserializeOwned>(
    raw: &Raw,
    route: &'static str,
    request_id: String,
) -> Result<Response<T>> {
    decode_with_data(raw, route, request_id).map(|(response, _)| response)
}

/// [`decode`], also returning the JSON the `T` was decoded from (the envelope's `data`, or
/// the whole body): a walk through pages reads its counters there.
pub(crate) fn decode_with_data<T: DeserializeOwned>(
    raw: &Raw,
    route: &'static str,
    request_id: String,
) -> Result<(Response<T>, Value)> {
    let opened = open_envelope(raw, route, request_id)?;
    match serde_path_to_error::deserialize::<_, T>(&opened.data) {
        Ok(data) => Ok((Response {
            data,
            status: raw.status,
            code: opened.meta.code,
            message: opened.meta.message,
            timestamp: opened.meta.timestamp,
            version: opened.meta.version,
            request_id: opened.request_id,
            headers: raw.headers.clone(),
            body: RawBody::new(&raw.body),
        }, opened.data)),
        Err(error) => Err(opened.decode_error(raw, error.path(), error.inner())),
    }
}

/// A successful answer's envelope, opened: its metadata and the value to decode.
struct Opened {
    meta: Meta,
    /// The envelope's `data` (`null` when it has none), or the whole body without an envelope.
    data: Value,
    /// Where `data` sits in the body: `"data"`, or `""` for the top level.
    prefix: &'static str,
    route: &'static str,
    request_id: String,
}

impl Opened {
    /// The error for a `data` that did not decode at `path`.
    fn decode_error(self, raw: &Raw, path: &serde_path_to_error::Path, source: &serde_json::Error) -> Error {
        let found = value_at(&self.data, path).cloned();
        let ctx = Context {
            status: raw.status,
            route: self.route,
            request_id: self.request_id,
            body: &raw.body,
        };
        ctx.decode_error(join_path(self.prefix, &path.to_string()), source, found)
    }
}

/// Reads an answer's envelope: the `success` flag decides (the HTTP status only when it is
/// missing); an error answer becomes [`Error::Api`], a body that is not JSON after a 2xx an
/// [`Error::Decode`] at `.`.
fn open_envelope(raw: &Raw, route: &'static str, request_id: String) -> Result<Opened> {
    let status = raw.status;
    let ok_status = (200..300).contains(&status);
    let ctx = Context {
        status,
        route,
        request_id,
        body: &raw.body,
    };

    let value = if status == 204 || raw.body.iter().all(u8::is_ascii_whitespace) {
        Value::Null
    } else {
        match serde_json::from_slice::<Value>(&raw.body) {
            Ok(value) => value,
            Err(source) if ok_status => {
                return Err(ctx.decode_error(String::from("."), &source, None));
            }
            Err(_) => return Err(ctx.api_error(Meta::default(), None)),
        }
    };

    let success = value.get("success").and_then(Value::as_bool);
    let (meta, data, prefix) = match value {
        Value::Object(mut object) => {
            let meta = Meta::from_object(&object);
            match (success, object.remove("data")) {
                (Some(true), data) => (meta, data.unwrap_or(Value::Null), "data"),
                (Some(false), data) => return Err(ctx.api_error(meta, data)),
                (None, data) if !ok_status => return Err(ctx.api_error(meta, data)),
                (None, Some(data)) => (meta, data, "data"),
                (None, None) => (meta, Value::Object(object), ""),
            }
        }
        _ if !ok_status => return Err(ctx.api_error(Meta::default(), None)),
        other => (Meta::default(), other, ""),
    };
    Ok(Opened {
        meta,
        data,
        prefix,
        route,
        request_id: ctx.request_id,
    })
}

/// Decodes the last answer of a call whose success is a file: a 2xx answer's body as it came,
/// with its content type and file name; any other answer is an [`Error::Api`], read from its
/// envelope when it has one.
pub(crate) fn decode_file(raw: Raw, route: &'static str, request_id: String) -> Result<Response<Bytes>> {
    if !(200..300).contains(&raw.status) {
        return Err(file_error(&raw, route, request_id));
    }
    Ok(Response {
        status: raw.status,
        data: Bytes::from_answer(raw.body, &raw.headers),
        code: None,
        message: None,
        timestamp: None,
        version: None,
        request_id,
        headers: raw.headers,
        body: RawBody::new(&[]),
    })
}

/// The error of a download that did not succeed, read from its envelope when it has one.
pub(crate) fn file_error(raw: &Raw, route: &'static str, request_id: String) -> Error {
    match open_envelope(raw, route, request_id) {
        Err(error) => error,
        // An envelope that claims success on a failed download: the status decides.
        Ok(opened) => Context {
            status: raw.status,
            route,
            request_id: opened.request_id,
            body: &raw.body,
        }
        .api_error(opened.meta, None),
    }
}

/// Whether an answer says the bearer token must be renewed: HTTP 401, and an envelope code
/// among `codes` when they are set; otherwise a code that says the token expired, is invalid
/// or was revoked (`ACCESS.TOKEN_EXPIRED`, `invalid_token`, ...), or a `WWW-Authenticate`
/// header with `error="invalid_token"` (RFC 6750). A 401 for a missing token, or without
/// either sign, is left as the error it is.
pub(crate) fn rejects_token(raw: &Raw, codes: Option<&[String]>) -> bool {
    if raw.status != 401 {
        return false;
    }
    let code = serde_json::from_slice::<Value>(&raw.body)
        .ok()
        .and_then(|body| body.get("code").and_then(Value::as_str).map(str::to_owned));
    if let Some(codes) = codes {
        return code.is_some_and(|code| codes.contains(&code));
    }
    let says_rejected = |text: &str| {
        let text = text.to_ascii_uppercase();
        ["EXPIRED", "INVALID", "REVOKED"]
            .iter()
            .any(|word| text.contains(word))
    };
    let challenge = raw
        .headers
        .get_all(reqwest::header::WWW_AUTHENTICATE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.contains("invalid_token"));
    challenge || code.is_some_and(|code| says_rejected(&code))
}

/// What the errors of one answer are built from.
struct Context<'a> {
    status: u16,
    route: &'static str,
    request_id: String,
    body: &'a [u8],
}

impl Context<'_> {
    fn decode_error(self, path: String, source: &serde_json::Error, found: Option<Value>) -> Error {
        Error::Decode {
            status: self.status,
            path,
            body: RawBody::new(self.body),
            found: FoundValue(found.map(Box::new)),
            message: without_values(&source.to_string()),
            request_id: self.request_id,
            route: self.route,
        }
    }

    /// An error answer. Without a message in the body, the message is the start of the body
    /// (for non-JSON error pages) or the HTTP reason phrase.
    fn api_error(self, meta: Meta, data: Option<Value>) -> Error {
        let message = meta.message.unwrap_or_else(|| {
            let text = excerpt(self.body);
            let text = text.trim();
            if text.is_empty() || text.starts_with('{') {
                reason(self.status)
            } else {
                text.to_owned()
            }
        });
        Error::Api(ApiError {
            status: self.status,
            code: meta.code.unwrap_or_default(),
            message,
            request_id: self.request_id,
            route: self.route,
            data: data.filter(|data| !data.is_null()).map(Box::new),
        })
    }
}

/// The envelope's fields besides `success` and `data`.
#[derive(Default)]
struct Meta {
    code: Option<String>,
    message: Option<String>,
    timestamp: Option<i64>,
    version: Option<String>,
}

impl Meta {
    fn from_object(object: &Map<String, Value>) -> Self {
        let text = |key: &str| match object.get(key) {
            Some(Value::String(text)) => Some(text.clone()),
            Some(Value::Number(number)) => Some(number.to_string()),
            _ => None,
        };
        Meta {
            code: text("code"),
            message: text("message"),
            timestamp: object.get("timestamp").and_then(Value::as_i64),
            version: text("version"),
        }
    }
}

/// The value at a path serde reported, as far as the path leads.
fn value_at<'v>(mut value: &'v Value, path: &serde_path_to_error::Path) -> Option<&'v Value> {
    use serde_path_to_error::Segment;
    for segment in path.iter() {
        value = match segment {
            Segment::Seq { index } => value.get(index)?,
            Segment::Map { key } => value.get(key.as_str())?,
            Segment::Enum { .. } | Segment::Unknown => return Some(value),
        };
    }
    Some(value)
}

/// Joins the place that was decoded (`"data"` or the top level) with the path inside it.
fn join_path(prefix: &str, inner: &str) -> String {
    match (prefix, inner) {
        (_, ".") if !prefix.is_empty() => prefix.to_owned(),
        ("", inner) => inner.to_owned(),
        (prefix, inner) if inner.starts_with('[') => format!("{prefix}{inner}"),
        (prefix, inner) => format!("{prefix}.{inner}"),
    }
}

/// The first [`EXCERPT_CHARS`] characters of a body, lossily decoded as UTF-8.
fn excerpt(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((end, _)) => format!("{}...", &text[..end]),
        None => text.into_owned(),
    }
}

/// "Not Found" for 404, or "HTTP 599" when the status has no standard name.
fn reason(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|code| code.canonical_reason())
        .map_or_else(|| format!("HTTP {status}"), str::to_owned)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run<T: DeserializeOwned>(status: u16, body: &str) -> Result<Response<T>> {
        let raw = Raw {
            status,
            body: body.as_bytes().to_vec(),
            headers: reqwest::header::HeaderMap::new(),
            unread: None,
        };
        decode(&raw, "GET /x", String::from("rid"))
    }

    #[test]
    fn paths_are_joined_like_json_paths() {
        assert_eq!(join_path("data", "."), "data");
        assert_eq!(
            join_path("data", "items[0].createdAt"),
            "data.items[0].createdAt"
        );
        assert_eq!(join_path("data", "[2].id"), "data[2].id");
        assert_eq!(join_path("", "."), ".");
        assert_eq!(join_path("", "id"), "id");
    }

    #[test]
    fn excerpt_is_cut_on_a_character_boundary() {
        let long = "é".repeat(300);
        let cut = excerpt(long.as_bytes());
        assert_eq!(cut.chars().count(), EXCERPT_CHARS + 3);
        assert_eq!(excerpt(b"short"), "short");
    }

    #[test]
    fn envelope_metadata_is_kept() {
        let body = r#"{"version":"2.0.0","timestamp":1774885047821,"success":true,
            "code":"2000","message":"Success","data":[1,2]}"#;
        let response = run::<Vec<u8>>(200, body).unwrap();
        assert_eq!(response.data, vec![1, 2]);
        assert_eq!(response.code.as_deref(), Some("2000"));
        assert_eq!(response.message.as_deref(), Some("Success"));
        assert_eq!(response.timestamp, Some(1_774_885_047_821));
        assert_eq!(response.version.as_deref(), Some("2.0.0"));
        assert_eq!(response.request_id, "rid");
    }

    #[test]
    fn missing_data_is_null_and_empty_bodies_are_null() {
        assert_eq!(
            run::<Option<u8>>(200, r#"{"success":true}"#).unwrap().data,
            None
        );
        run::<()>(204, "").unwrap();
        run::<()>(200, "  \n").unwrap();
        run::<()>(200, "null").unwrap();
    }

    #[test]
    fn without_success_the_status_decides() {
        assert_eq!(run::<u8>(200, r#"{"data":7}"#).unwrap().data, 7);
        assert_eq!(run::<u8>(201, "7").unwrap().data, 7);
        let whole = run::<Map<String, Value>>(200, r#"{"id":1}"#).unwrap().data;
        assert_eq!(whole.get("id"), Some(&Value::from(1)));
        let error = run::<u8>(409, r#"{"code":"X.Y","message":"nope"}"#).unwrap_err();
        assert_eq!(error.code(), Some("X.Y"));
        assert_eq!(error.status(), Some(409));
    }

    #[test]
    fn success_false_wins_over_the_status() {
        let body = r#"{"success":false,"code":"A.B","message":"m","data":{"f":1}}"#;
        let Err(Error::Api(api)) = run::<u8>(200, body) else {
            panic!("expected an API error")
        };
        assert_eq!(
            (api.status, api.code.as_str(), api.message.as_str()),
            (200, "A.B", "m")
        );
        assert_eq!(api.data.as_deref(), Some(&serde_json::json!({"f": 1})));
    }

    #[test]
    fn non_json_bodies() {
        let Err(Error::Api(api)) = run::<u8>(502, "upstream reset") else {
            panic!("expected an API error")
        };
        assert_eq!(
            (api.code.as_str(), api.message.as_str()),
            ("", "upstream reset")
        );
        let Err(Error::Api(api)) = run::<u8>(404, "") else {
            panic!("expected an API error")
        };
        assert_eq!(api.message, "Not Found");
        let Err(error @ Error::Decode { .. }) = run::<u8>(200, "<html>") else {
            panic!("expected a decode error")
        };
        let Error::Decode { path, .. } = &error else {
            unreachable!()
        };
        assert_eq!(path, ".");
        assert_eq!(error.raw_body(), Some(&b"<html>"[..]));
    }

    #[test]
    fn decode_errors_name_the_path() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Item {
            #[serde(rename = "createdAt")]
            created_at: i64,
        }
        let body = r#"{"success":true,"data":{"items":[{"createdAt":"yesterday"}]}}"#;
        let error = run::<std::collections::HashMap<String, Vec<Item>>>(200, body).unwrap_err();
        let Error::Decode { path, status, .. } = &error else {
            panic!("expected a decode error, got {error:?}")
        };
        assert_eq!((path.as_str(), *status), ("data.items[0].createdAt", 200));
        let shown = format!("{error} {error:?}");
        assert!(!shown.contains("yesterday"), "{shown}");
        assert_eq!(error.raw_body(), Some(body.as_bytes()));
        assert_eq!(error.found_value(), Some(&Value::from("yesterday")));
        assert!(shown.contains("<a string, see Error::found_value>"), "{shown}");
    }

    #[test]
    fn a_null_where_the_samples_had_text_keeps_the_value_and_the_path() {
        #[derive(serde::Deserialize, Debug)]
        #[allow(dead_code)]
        struct Role {
            name: String,
            note: String,
        }
        let body = r#"{"success":true,"data":[{"name":"a","note":"x"},{"name":"b","note":null}]}"#;
        let error = run::<Vec<Role>>(200, body).unwrap_err();
        let Error::Decode { path, .. } = &error else {
            panic!("expected a decode error, got {error:?}")
        };
        assert_eq!(path, "data[1].note");
        assert_eq!(error.found_value(), Some(&Value::Null));
        let missing = run::<Vec<Role>>(200, r#"{"success":true,"data":[{"name":"c"}]}"#);
        let error = missing.unwrap_err();
        assert_eq!(error.found_value(), Some(&serde_json::json!({"name": "c"})));
    }

    #[test]
    fn a_401_asks_for_a_new_token_only_when_it_says_the_token_expired_or_is_invalid() {
        let answer = |status: u16, code: &str, challenge: Option<&'static str>| {
            let mut headers = reqwest::header::HeaderMap::new();
            if let Some(challenge) = challenge {
                headers.insert(
                    reqwest::header::WWW_AUTHENTICATE,
                    reqwest::header::HeaderValue::from_static(challenge),
                );
            }
            Raw {
                status,
                body: format!(r#"{{"success":false,"code":"{code}","message":"no"}}"#).into_bytes(),
                headers,
                unread: None,
            }
        };
        for code in ["ACCESS.TOKEN_EXPIRED", "AUTH.TOKEN_INVALID", "invalid_token", "token.revoked"] {
            assert!(rejects_token(&answer(401, code, None), None), "{code}");
        }
        for code in ["ACCESS.TOKEN_MISSING", "ACCESS.DENIED", ""] {
            assert!(!rejects_token(&answer(401, code, None), None), "{code}");
        }
        assert!(!rejects_token(&answer(403, "ACCESS.TOKEN_EXPIRED", None), None));
        let challenge = Some(r#"Bearer realm="api", error="invalid_token""#);
        assert!(rejects_token(&answer(401, "", challenge), None));
        let exact = ["AUTH.4011".to_owned()];
        assert!(rejects_token(&answer(401, "AUTH.4011", None), Some(&exact)));
        assert!(!rejects_token(&answer(401, "ACCESS.TOKEN_EXPIRED", None), Some(&exact)));
    }

    #[test]
    fn files_are_kept_as_sent_and_errors_are_still_decoded() {
        let raw = |status: u16, body: &[u8]| Raw {
            status,
            headers: reqwest::header::HeaderMap::new(),
            body: body.to_vec(),
            unread: None,
        };
        let file = decode_file(raw(200, b"{\"success\":false}\xff"), "GET /f", "rid".into());
        let file = file.unwrap();
        assert_eq!(&*file.data, b"{\"success\":false}\xff");
        assert_eq!((file.status, file.code), (200, None));
        let body = br#"{"success":false,"code":"FILE.NOT_FOUND","message":"gone","data":null}"#;
        let Err(Error::Api(api)) = decode_file(raw(404, body), "GET /f", "rid".into()) else {
            panic!("expected an API error")
        };
        assert_eq!(
            (api.status, api.code.as_str(), api.message.as_str()),
            (404, "FILE.NOT_FOUND", "gone")
        );
        assert_eq!(api.request_id, "rid");
        let Err(Error::Api(api)) = decode_file(raw(500, b"\x00\x01"), "GET /f", "rid".into()) else {
            panic!("expected an API error")
        };
        assert_eq!(api.code, "");
    }
}
