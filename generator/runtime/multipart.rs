//! `multipart/form-data` bodies (RFC 7578): one part per member of the body, files with their
//! bytes, file name and media type, everything else as text (objects as JSON).

use std::borrow::Cow;
use std::fmt;

use serde_json::Value;

use crate::Error;
use crate::request::UrlBuilder;

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct File {
    bytes: Vec<u8>,
    file_name: Option<String>,
    content_type: Option<String>,
}

impl File {
    /// A file with these bytes, sent as `application/octet-stream` with no file name.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        File {
            bytes: bytes.into(),
            file_name: None,
            content_type: None,
        }
    }

    /// The file name the part carries (`filename=` of `Content-Disposition`).
    pub fn file_name(mut self, name: impl Into<String>) -> Self {
        self.file_name = Some(name.into());
        self
    }

    /// The part's media type; `application/octet-stream` unless set.
    pub fn content_type(mut self, media_type: impl Into<String>) -> Self {
        self.content_type = Some(media_type.into());
        self
    }

    pub fn bytes(&self) -> &[u8] {
        &self.bytes
    }
}

impl fmt::Debug for File {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // The contents can be large and binary: their length says enough.
        f.debug_struct("File")
            .field("len", &self.bytes.len())
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .finish()
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

/// In JSON (a body type shared with a JSON request), a file is its contents as text.
impl serde::Serialize for File {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&String::from_utf8_lossy(&self.bytes))
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| File::new(text.into_bytes()))
    }
}

/// A body type sent as `multipart/form-data`: writes its members as parts.
pub trait Parts {
    fn parts(&self, form: &mut Form) -> Result<(), Error>;
}

/// The parts of a body being built.
#[derive(Debug, Default)]
pub struct Form {
    parts: Vec<Part>,
}

#[derive(Debug)]
struct Part {
    name: String,
    file_name: Option<String>,
    content_type: Option<String>,
    bytes: Vec<u8>,
}

impl Form {
    /// A member that is not a file: a string, number or boolean as its text, an object as
    /// JSON, an array as one part per item; `null` (an unset option) as no part.
    pub fn value<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(|e| Error::Encode(e.to_string()))?;
        match value {
            Value::Array(items) => items.iter().for_each(|item| self.json_part(name, item)),
            other => self.json_part(name, &other),
        }
        Ok(())
    }

    /// The members of an object value, each as its own part (the members of a flattened union
    /// or of `additionalProperties`).
    pub fn members<T: serde::Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let value = serde_json::to_value(value).map_err(|e| Error::Encode(e.to_string()))?;
        if let Value::Object(members) = value {
            for (name, member) in &members {
                self.value(name, member)?;
            }
        }
        Ok(())
    }

    /// A file part.
    pub fn file(&mut self, name: &str, file: &File) {
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: Some(file.file_name.clone().unwrap_or_else(|| name.to_owned())),
            content_type: Some(
                file.content_type
                    .clone()
                    .unwrap_or_else(|| "application/octet-stream".to_owned()),
            ),
            bytes: file.bytes.clone(),
        });
    }

    /// One file part per file, all under `name`.
    pub fn files(&mut self, name: &str, files: &[File]) {
        for file in files {
            self.file(name, file);
        }
    }

    fn json_part(&mut self, name: &str, value: &Value) {
        let (content_type, bytes) = match value {
            Value::Null => return,
            Value::String(text) => (None, text.clone().into_bytes()),
            Value::Number(n) => (None, n.to_string().into_bytes()),
            Value::Bool(b) => (None, b.to_string().into_bytes()),
            other => (
                Some("application/json".to_owned()),
                other.to_string().into_bytes(),
            ),
        };
        self.parts.push(Part {
            name: name.to_owned(),
            file_name: None,
            content_type,
            bytes,
        });
    }

    /// The body and its `Content-Type` (with the boundary). The boundary is made from the
    /// contents, so the same body is always encoded the same way, and it is checked not to
    /// occur in any part.
    pub fn finish(self) -> (String, Vec<u8>) {
        let mut seed = 0xcbf2_9ce4_8422_2325_u64;
        for part in &self.parts {
            for &b in part.name.as_bytes().iter().chain(&part.bytes) {
                seed = (seed ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
            }
        }
        let mut boundary = format!("boundary-{seed:016x}");
        while self
            .parts
            .iter()
            .any(|p| contains(&p.bytes, boundary.as_bytes()))
        {
            seed = seed.wrapping_add(1);
            boundary = format!("boundary-{seed:016x}");
        }
        let mut body = Vec::new();
        for part in &self.parts {
            body.extend_from_slice(b"--");
            body.extend_from_slice(boundary.as_bytes());
            body.extend_from_slice(b"\r\nContent-Disposition: form-data; name=\"");
            body.extend_from_slice(quoted(&part.name).as_bytes());
            body.push(b'"');
            if let Some(file_name) = &part.file_name {
                body.extend_from_slice(b"; filename=\"");
                body.extend_from_slice(quoted(file_name).as_bytes());
                body.push(b'"');
            }
            body.extend_from_slice(b"\r\n");
            if let Some(content_type) = &part.content_type {
                body.extend_from_slice(b"Content-Type: ");
                body.extend_from_slice(single_line(content_type).as_bytes());
                body.extend_from_slice(b"\r\n");
            }
            body.extend_from_slice(b"\r\n");
            body.extend_from_slice(&part.bytes);
            body.extend_from_slice(b"\r\n");
        }
        body.extend_from_slice(b"--");
        body.extend_from_slice(boundary.as_bytes());
        body.extend_from_slice(b"--\r\n");
        (format!("multipart/form-data; boundary={boundary}"), body)
    }
}

impl UrlBuilder<'_> {
    /// Sends `value` as `multipart/form-data`, one part per member.
    pub fn multipart_body<T: Parts>(&mut self, value: Option<&T>) -> Result<(), Error> {
        if let Some(value) = value {
            let mut form = Form::default();
            value.parts(&mut form)?;
            let (content_type, bytes) = form.finish();
            self.set_body(Cow::Owned(content_type), bytes);
        }
        Ok(())
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// A name inside `"..."`: quotes and line breaks escaped as RFC 7578 (and browsers) do.
fn quoted(text: &str) -> String {
    text.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A header value on one line.
fn single_line(text: &str) -> String {
    text.replace(['\r', '\n'], " ")
}
