//! Raw bodies: [`Bytes`], what an endpoint that answers with a file (a download) returns, and
//! [`Multipart`], the `multipart/form-data` form an upload endpoint takes.
//!
//! The generator copies this file only into clients whose API has such an endpoint
//! (`response = "binary"` or `request = "multipart"` in `sdkgen.toml`), together with the
//! parts of `call.rs` and `decode.rs` marked for it.

use std::fmt;
use std::ops::Deref;

use reqwest::header::{HeaderMap, CONTENT_DISPOSITION, CONTENT_TYPE};

use super::error::{Delivery, Error, Result};

/// The body of a successful answer, exactly as the server sent it (not decoded), with the
/// answer's `Content-Type` and the file name its `Content-Disposition` gives.
///
/// It dereferences to `[u8]`; [`Bytes::into_vec`] gives the bytes without copying. Tests build
/// one with [`Bytes::new`] and the `with_` methods.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Bytes {
    pub(crate) data: Vec<u8>,
    content_type: Option<String>,
    file_name: Option<String>,
}

impl Bytes {
    /// Bytes without a content type or file name.
    pub fn new(data: impl Into<Vec<u8>>) -> Self {
        Bytes {
            data: data.into(),
            content_type: None,
            file_name: None,
        }
    }

    /// Sets the content type.
    #[must_use]
    pub fn with_content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Sets the file name.
    #[must_use]
    pub fn with_file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// The answer's `Content-Type`, such as `application/pdf` or `text/csv; charset=utf-8`.
    #[must_use]
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file name the answer's `Content-Disposition` gives (`filename*=` wins over
    /// `filename=`), reduced to a safe last path component: see [`FileStream::file_name`].
    #[must_use]
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The bytes, without copying.
    #[must_use]
    pub fn into_vec(self) -> Vec<u8> {
        self.data
    }

    /// A downloaded body with what its headers say about it.
    pub(crate) fn from_answer(data: Vec<u8>, headers: &HeaderMap) -> Self {
        Bytes {
            data,
            content_type: content_type(headers),
            file_name: file_name(headers),
        }
    }
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.data
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.data
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes::new(bytes)
    }
}

impl From<Bytes> for Vec<u8> {
    fn from(bytes: Bytes) -> Self {
        bytes.data
    }
}

/// Reads bytes as they are; a list of numbers is read too. (Downloads do not go through
/// serde: this is for `Bytes` inside types of the caller's own.)
impl<'de> serde::Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Bytes;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }

            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> std::result::Result<Bytes, E> {
                Ok(Bytes::new(bytes))
            }

            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> std::result::Result<Bytes, E> {
                Ok(Bytes::new(bytes))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> std::result::Result<Bytes, A::Error> {
                let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(byte) = seq.next_element()? {
                    bytes.push(byte);
                }
                Ok(Bytes::new(bytes))
            }
        }

        deserializer.deserialize_byte_buf(Visitor)
    }
}

/// Shows the length and content type, not the content (a file may be large, or private).
impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.content_type {
            Some(content_type) => write!(f, "Bytes({} bytes, {content_type})", self.data.len()),
            None => write!(f, "Bytes({} bytes)", self.data.len()),
        }
    }
}

/// A file being downloaded: the answer's status and headers have arrived, the body is read
/// with [`FileStream::chunk`] (from `Call::stream`, for a file too large to hold in memory).
pub struct FileStream {
    response: reqwest::Response,
    content_type: Option<String>,
    file_name: Option<String>,
    route: &'static str,
    request_id: String,
    repeatable: bool,
}

impl FileStream {
    pub(crate) fn new(
        response: reqwest::Response,
        headers: &HeaderMap,
        route: &'static str,
        request_id: String,
        repeatable: bool,
    ) -> Self {
        FileStream {
            response,
            content_type: content_type(headers),
            file_name: file_name(headers),
            route,
            request_id,
            repeatable,
        }
    }

    /// The answer's `Content-Type`.
    #[must_use]
    pub fn content_type(&self) -> Option<&str> {
        self.content_type.as_deref()
    }

    /// The file name the answer's `Content-Disposition` gives (`filename*=` wins over
    /// `filename=`). The server chooses it, so only its last path component is kept, without
    /// control characters; a name that is empty, `.` or `..` after that is `None`. It can
    /// still be any other name: check it before using it as a path.
    #[must_use]
    pub fn file_name(&self) -> Option<&str> {
        self.file_name.as_deref()
    }

    /// The length the answer announces (`Content-Length`), if any.
    #[must_use]
    pub fn content_length(&self) -> Option<u64> {
        self.response.content_length()
    }

    /// The HTTP status of the answer (a 2xx).
    #[must_use]
    pub fn status(&self) -> u16 {
        self.response.status().as_u16()
    }

    /// The `X-Request-Id` the call was sent with.
    #[must_use]
    pub fn request_id(&self) -> &str {
        &self.request_id
    }

    /// The next part of the body, or `None` at its end.
    ///
    /// # Errors
    ///
    /// [`Error::Transport`] or [`Error::Timeout`] when the connection fails or the call's
    /// timeout runs out while reading (with [`Delivery::Sent`]).
    pub async fn chunk(&mut self) -> Result<Option<Vec<u8>>> {
        match self.response.chunk().await {
            Ok(chunk) => Ok(chunk.map(|chunk| chunk.to_vec())),
            Err(source) if source.is_timeout() => Err(Error::Timeout {
                route: self.route,
                request_id: self.request_id.clone(),
                timeout: std::time::Duration::ZERO,
                delivery: Delivery::Sent,
                repeatable: self.repeatable,
            }),
            Err(source) => Err(Error::Transport {
                route: self.route,
                request_id: self.request_id.clone(),
                source,
                delivery: Delivery::Sent,
                repeatable: self.repeatable,
            }),
        }
    }

    /// Reads the rest of the body into memory.
    ///
    /// # Errors
    ///
    /// As [`FileStream::chunk`].
    pub async fn collect(mut self) -> Result<Bytes> {
        let mut data = Vec::new();
        while let Some(chunk) = self.chunk().await? {
            data.extend_from_slice(&chunk);
        }
        Ok(Bytes {
            data,
            content_type: self.content_type,
            file_name: self.file_name,
        })
    }

    /// The underlying `reqwest` answer, for its own ways to read a body (`bytes_stream` with
    /// reqwest's `stream` feature).
    #[must_use]
    pub fn into_response(self) -> reqwest::Response {
        self.response
    }
}

impl fmt::Debug for FileStream {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FileStream")
            .field("route", &self.route)
            .field("status", &self.status())
            .field("content_type", &self.content_type)
            .field("request_id", &self.request_id)
            .finish_non_exhaustive()
    }
}

/// The `Content-Type` header, when it is text.
fn content_type(headers: &HeaderMap) -> Option<String> {
    let text = headers.get(CONTENT_TYPE)?.to_str().ok()?.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

/// The file name of a `Content-Disposition` header (RFC 6266): `filename*=UTF-8''...`
/// (percent-decoded) wins over `filename="..."` or `filename=token`; then [`safe_file_name`].
fn file_name(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(CONTENT_DISPOSITION)?.as_bytes();
    let value = String::from_utf8_lossy(value);
    let mut plain = None;
    let mut extended = None;
    for (name, raw) in disposition_params(&value) {
        if name.eq_ignore_ascii_case("filename*") {
            extended = extended.or_else(|| decode_ext_value(&raw));
        } else if name.eq_ignore_ascii_case("filename") {
            plain = plain.or(Some(raw));
        }
    }
    safe_file_name(&extended.or(plain)?)
}

/// The `name=value` parameters after the disposition type, with quoted strings unquoted.
fn disposition_params(value: &str) -> Vec<(String, String)> {
    let mut params = Vec::new();
    let mut rest = match value.split_once(';') {
        Some((_, rest)) => rest,
        None => return params,
    };
    loop {
        rest = rest.trim_start_matches([' ', '\t', ';']);
        let Some((name, after)) = rest.split_once('=') else {
            return params;
        };
        let name = name.trim().to_owned();
        let after = after.trim_start();
        let (value, tail) = if let Some(quoted) = after.strip_prefix('"') {
            let mut value = String::new();
            let mut chars = quoted.char_indices();
            let mut end = quoted.len();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => {
                        if let Some((_, next)) = chars.next() {
                            value.push(next);
                        }
                    }
                    '"' => {
                        end = i + 1;
                        break;
                    }
                    c => value.push(c),
                }
            }
            (value, &quoted[end.min(quoted.len())..])
        } else {
            let end = after.find(';').unwrap_or(after.len());
            (after[..end].trim().to_owned(), &after[end..])
        };
        params.push((name, value));
        rest = tail;
    }
}

/// An RFC 8187 `ext-value`: `charset'language'percent-encoded`; UTF-8 and ISO-8859-1 are read.
fn decode_ext_value(value: &str) -> Option<String> {
    let mut parts = value.splitn(3, '\'');
    let charset = parts.next()?;
    let _language = parts.next()?;
    let encoded = parts.next()?;
    let bytes: Vec<u8> = percent_encoding::percent_decode_str(encoded).collect();
    if charset.eq_ignore_ascii_case("utf-8") {
        String::from_utf8(bytes).ok()
    } else if charset.eq_ignore_ascii_case("iso-8859-1") {
        Some(bytes.iter().map(|&b| char::from(b)).collect())
    } else {
        None
    }
}

/// The last path component of a name a server chose, without control characters; `None` when
/// nothing usable is left (empty, `.`, `..`).
fn safe_file_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = last.chars().filter(|c| !c.is_control()).collect();
    let clean = clean.trim();
    (!clean.is_empty() && clean != "." && clean != "..").then(|| clean.to_owned())
}

/// A `multipart/form-data` form (RFC 7578): text fields and files, sent as the body of an
/// upload endpoint.
///
/// ```ignore
/// let form = Multipart::new()
///     .text("folder", "invoices")
///     .file("file", "march.pdf", "application/pdf", std::fs::read("march.pdf")?);
/// client.files().upload(form).await?;
/// ```
///
/// The form is encoded in memory when the call is sent, so a retried call sends it again.
#[derive(Clone)]
#[must_use]
pub struct Multipart {
    boundary: String,
    parts: Vec<Part>,
}

#[derive(Clone)]
struct Part {
    name: String,
    file: Option<(String, String)>,
    data: Vec<u8>,
}

impl Default for Multipart {
    fn default() -> Self {
        Self::new()
    }
}

impl Multipart {
    /// An empty form, with a fresh random boundary.
    pub fn new() -> Self {
        Multipart {
            boundary: format!("sdkgen-{}", uuid::Uuid::new_v4().simple()),
            parts: Vec::new(),
        }
    }

    /// Adds a text field.
    pub fn text(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file: None,
            data: value.into().into_bytes(),
        });
        self
    }

    /// Adds a file: its field name, file name, media type (such as `"application/pdf"`) and
    /// content.
    pub fn file(
        mut self,
        name: impl Into<String>,
        file_name: impl Into<String>,
        media_type: impl Into<String>,
        data: impl Into<Vec<u8>>,
    ) -> Self {
        self.parts.push(Part {
            name: name.into(),
            file: Some((file_name.into(), media_type.into())),
            data: data.into(),
        });
        self
    }

    /// The `Content-Type` of the encoded form, with its boundary.
    pub(crate) fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The form as a request body.
    pub(crate) fn encode(&self) -> Vec<u8> {
        let mut out = Vec::new();
        for part in &self.parts {
            out.extend_from_slice(format!("--{}\r\n", self.boundary).as_bytes());
            let mut disposition = format!("form-data; name=\"{}\"", quoted(&part.name));
            if let Some((file_name, _)) = &part.file {
                disposition.push_str(&format!("; filename=\"{}\"", quoted(file_name)));
            }
            out.extend_from_slice(format!("Content-Disposition: {disposition}\r\n").as_bytes());
            if let Some((_, media_type)) = &part.file {
                let media_type: String = media_type.chars().filter(|c| !c.is_control()).collect();
                out.extend_from_slice(format!("Content-Type: {media_type}\r\n").as_bytes());
            }
            out.extend_from_slice(b"\r\n");
            out.extend_from_slice(&part.data);
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{}--\r\n", self.boundary).as_bytes());
        out
    }
}

/// Shows the fields' names and sizes, not their content.
impl fmt::Debug for Multipart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = self
            .parts
            .iter()
            .map(|p| format!("{} ({} bytes)", p.name, p.data.len()))
            .collect();
        f.debug_struct("Multipart").field("parts", &parts).finish()
    }
}

/// A name or file name inside a quoted `Content-Disposition` parameter: `"`, CR and LF are
/// percent-encoded, as browsers do (RFC 7578, section 4.2).
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forms_are_encoded_with_their_boundary() {
        let form = Multipart::new()
            .text("folder", "in\"voices")
            .file("file", "a\r\nb.txt", "text/plain", b"hello".to_vec());
        let boundary = form.boundary.clone();
        assert_eq!(
            form.content_type(),
            format!("multipart/form-data; boundary={boundary}")
        );
        let expected = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"folder\"\r\n\r\nin\"voices\r\n\
             --{boundary}\r\nContent-Disposition: form-data; name=\"file\"; \
             filename=\"a%0D%0Ab.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n"
        );
        assert_eq!(String::from_utf8(form.encode()).unwrap(), expected);
        assert_ne!(Multipart::new().boundary, boundary);
    }

    #[test]
    fn debug_shows_sizes_not_content() {
        let form = Multipart::new().text("password", "hunter2");
        assert_eq!(format!("{form:?}"), r#"Multipart { parts: ["password (7 bytes)"] }"#);
        let bytes = Bytes::from(b"secret".to_vec());
        assert_eq!(format!("{bytes:?}"), "Bytes(6 bytes)");
        assert_eq!(&*bytes, b"secret");
        assert_eq!(bytes.into_vec(), b"secret".to_vec());
        let typed = Bytes::new(*b"%PDF").with_content_type("application/pdf").with_file_name("a.pdf");
        assert_eq!(format!("{typed:?}"), "Bytes(4 bytes, application/pdf)");
        assert_eq!((typed.content_type(), typed.file_name()), (Some("application/pdf"), Some("a.pdf")));
    }

    fn disposition(value: &str) -> Option<String> {
        let mut headers = HeaderMap::new();
        headers.insert(CONTENT_DISPOSITION, reqwest::header::HeaderValue::from_str(value).unwrap());
        file_name(&headers)
    }

    #[test]
    fn file_names_are_read_from_content_disposition() {
        assert_eq!(disposition("attachment; filename=\"march 2026.pdf\"").as_deref(), Some("march 2026.pdf"));
        assert_eq!(disposition("attachment; filename=report.csv").as_deref(), Some("report.csv"));
        assert_eq!(
            disposition("attachment; filename=\"fallback.pdf\"; filename*=UTF-8''%E2%82%AC%20rates.pdf").as_deref(),
            Some("\u{20ac} rates.pdf")
        );
        assert_eq!(disposition("attachment; filename*=iso-8859-1'en'%A3%20rates.txt").as_deref(), Some("\u{a3} rates.txt"));
        assert_eq!(disposition("attachment; filename=\"a\\\"b.txt\"").as_deref(), Some("a\"b.txt"));
        assert_eq!(disposition("inline").as_deref(), None);
        assert_eq!(disposition("attachment; name=\"x\"").as_deref(), None);
    }

    #[test]
    fn file_names_chosen_by_the_server_cannot_leave_a_folder() {
        assert_eq!(disposition("attachment; filename=\"../../etc/passwd\"").as_deref(), Some("passwd"));
        assert_eq!(disposition("attachment; filename=\"C:\\\\temp\\\\x.exe\"").as_deref(), Some("x.exe"));
        assert_eq!(disposition("attachment; filename*=UTF-8''..%2F..%2Fsecret").as_deref(), Some("secret"));
        assert_eq!(disposition("attachment; filename=\"..\"").as_deref(), None);
        assert_eq!(disposition("attachment; filename=\"dir/\"").as_deref(), None);
        assert_eq!(disposition("attachment; filename*=UTF-8''a%0Ab.txt").as_deref(), Some("ab.txt"));
    }
}
