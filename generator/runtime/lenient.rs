//! Lenient decoding of formatted strings (`date-time`, `date`, `uuid`).
//!
//! A server may send a value that does not parse as its declared format (the API reference's
//! own example has `"masterKeyUUID": "string"`). Failing the whole response for one such field
//! would lose every other field, so the raw text is always kept and the typed value is offered
//! when it parses. The raw text is what is serialized, so a value read and written back is
//! unchanged, byte for byte.
//!
//! Decoding keeps the text only; it is parsed when asked ([`Lenient::get`]), so a response
//! whose timestamps are never read costs no more to decode than one with plain strings.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::marker::PhantomData;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A string format that [`Lenient`] can parse.
pub trait Format: Sized {
    /// `None` when `raw` is not a valid value of the format.
    fn parse(raw: &str) -> Option<Self>;
    /// The canonical text of the value.
    fn format(&self) -> String;
}

/// A formatted string value: the text as sent, and the typed value when the text parses.
pub struct Lenient<T> {
    raw: String,
    // `fn() -> T`: the value is made on demand, never held, so `Lenient` is `Send`, `Sync`,
    // `Clone` and comparable whatever `T` is.
    format: PhantomData<fn() -> T>,
}

impl<T: Format> Lenient<T> {
    /// Wraps a typed value (its canonical text becomes the raw text).
    pub fn new(value: T) -> Self {
        Self::parse(value.format())
    }

    /// The typed value, or `None` if the text is not valid in the format. Parses the text on
    /// each call.
    pub fn get(&self) -> Option<T> {
        T::parse(&self.raw)
    }

    pub fn is_valid(&self) -> bool {
        self.get().is_some()
    }

    /// The typed value, or the text that did not parse.
    pub fn into_result(self) -> Result<T, String> {
        T::parse(&self.raw).ok_or(self.raw)
    }
}

impl<T> Lenient<T> {
    /// Keeps text, valid or not; [`Lenient::get`] tells.
    pub fn parse(raw: impl Into<String>) -> Self {
        Lenient {
            raw: raw.into(),
            format: PhantomData,
        }
    }

    /// The text exactly as received.
    pub fn as_str(&self) -> &str {
        &self.raw
    }
}

impl<T: Format> From<T> for Lenient<T> {
    fn from(value: T) -> Self {
        Lenient::new(value)
    }
}

impl<T> Clone for Lenient<T> {
    fn clone(&self) -> Self {
        Self::parse(self.raw.clone())
    }
}

/// Two values are equal when their texts are (the typed value follows from the text).
impl<T> PartialEq for Lenient<T> {
    fn eq(&self, other: &Self) -> bool {
        self.raw == other.raw
    }
}

impl<T> Eq for Lenient<T> {}

impl<T> Hash for Lenient<T> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.raw.hash(state);
    }
}

impl<T: Format + fmt::Debug> fmt::Debug for Lenient<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.get() {
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

impl<'de, T> Deserialize<'de> for Lenient<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(Lenient::parse)
    }
}
