//! Raw bodies: [`Bytes`], what an endpoint that answers with a file (a download) returns, and
//! [`Multipart`], the `multipart/form-data` form an upload endpoint takes.
//!
//! The generator copies this file only into clients whose API has such an endpoint
//! (`response = "binary"` or `request = "multipart"` in `sdkgen.toml`), together with the
//! parts of `call.rs` and `decode.rs` marked for it.

use std::fmt;
use std::ops::Deref;

/// The body of a successful answer, exactly as the server sent it (not decoded).
///
/// It dereferences to `[u8]`; [`Bytes::into_vec`] gives the bytes without copying.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Bytes(Vec<u8>);

impl Bytes {
    /// The bytes, without copying.
    #[must_use]
    pub fn into_vec(self) -> Vec<u8> {
        self.0
    }
}

impl Deref for Bytes {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Bytes {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Bytes {
    fn from(bytes: Vec<u8>) -> Self {
        Bytes(bytes)
    }
}

impl From<Bytes> for Vec<u8> {
    fn from(bytes: Bytes) -> Self {
        bytes.0
    }
}

/// Reads bytes as they are (how the runtime hands a file's body over); a list of numbers is
/// read too.
impl<'de> serde::Deserialize<'de> for Bytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Bytes;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("bytes")
            }

            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Bytes, E> {
                Ok(Bytes(bytes.to_vec()))
            }

            fn visit_byte_buf<E: serde::de::Error>(self, bytes: Vec<u8>) -> Result<Bytes, E> {
                Ok(Bytes(bytes))
            }

            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Bytes, A::Error> {
                let mut bytes = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(byte) = seq.next_element()? {
                    bytes.push(byte);
                }
                Ok(Bytes(bytes))
            }
        }

        deserializer.deserialize_byte_buf(Visitor)
    }
}

/// Shows the length, not the content (a file may be large, or private).
impl fmt::Debug for Bytes {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Bytes({} bytes)", self.0.len())
    }
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
    }
}
