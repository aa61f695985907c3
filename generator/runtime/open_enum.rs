//! Decoding open enums: a known value becomes its variant, any other string is kept as the
//! enum's `Unknown` value instead of failing the response, so a value the server adds later
//! does not break this crate.

use std::fmt;
use std::marker::PhantomData;

use serde::Deserializer;
use serde::de::{self, Visitor};

/// Decodes a string enum without allocating for known values.
pub fn deserialize_str<'de, D, T>(
    deserializer: D,
    known: fn(&str) -> Option<T>,
    unknown: fn(String) -> T,
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
{
    struct StrVisitor<T> {
        known: fn(&str) -> Option<T>,
        unknown: fn(String) -> T,
        marker: PhantomData<T>,
    }

    impl<T> Visitor<'_> for StrVisitor<T> {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> Result<T, E> {
            Ok((self.known)(v).unwrap_or_else(|| (self.unknown)(v.to_owned())))
        }

        fn visit_string<E: de::Error>(self, v: String) -> Result<T, E> {
            match (self.known)(&v) {
                Some(known) => Ok(known),
                None => Ok((self.unknown)(v)),
            }
        }
    }

    deserializer.deserialize_str(StrVisitor {
        known,
        unknown,
        marker: PhantomData,
    })
}
