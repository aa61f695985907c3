//! Lenient decoding of formatted strings (`date-time`, `date`, `uuid`).
//!
//! A server may send a value that does not parse as its declared format (the API reference's
//! own example has `"masterKeyUUID": "string"`). Failing the whole response for one such field
//! would lose every other field, so the raw text is always kept and the typed value is offered
//! when it parses. The raw text is what is serialized, so a value read and written back is
//! unchanged, byte for byte.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string format that [`Lenient`] can parse.
pub trait Format: Sized {
    /// `None` when `raw` is not a valid value of the format.
    fn parse(raw: &str) -> Option<Self>;
    /// The canonical text of the value.
    fn format(&self) -> String;
}

/// A formatted string value: the text as sent, and the typed value when the text parses.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Lenient<T> {
    raw: String,
    parsed: Option<T>,
}

impl<T: Format> Lenient<T> {
    /// Wraps a typed value (its canonical text becomes the raw text).
    pub fn new(value: T) -> Self {
        Lenient {
            raw: value.format(),
            parsed: Some(value),
        }
    }

    /// Parses text, keeping it whether or not it is valid.
    pub fn parse(raw: impl Into<String>) -> Self {
        let raw = raw.into();
        let parsed = T::parse(&raw);
        Lenient { raw, parsed }
    }
}

impl<T> Lenient<T> {
    /// The typed value, or `None` if the text is not valid in the format.
    pub fn get(&self) -> Option<&T> {
        self.parsed.as_ref()
    }

    /// The text exactly as received.
    pub fn as_str(&self) -> &str {
        &self.raw
    }

    pub fn is_valid(&self) -> bool {
        self.parsed.is_some()
    }

    /// The typed value, or the text that did not parse.
    pub fn into_result(self) -> Result<T, String> {
        self.parsed.ok_or(self.raw)
    }
}

impl<T: Format> From<T> for Lenient<T> {
    fn from(value: T) -> Self {
        Lenient::new(value)
    }
}

impl<T: fmt::Debug> fmt::Debug for Lenient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.parsed {
            Some(value) => value.fmt(f),
            None => f.debug_tuple("Unparsed").field(&self.raw).finish(),
        }
    }
}

impl<T> fmt::Display for Lenient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl<T> Serialize for Lenient<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.raw)
    }
}

impl<'de, T: Format> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Lenient::parse)
    }
}
