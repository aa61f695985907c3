//! `Option<Option<T>>` for optional, nullable properties: the outer `None` is "absent", the
//! inner `None` is an explicit `null`, so a value read and written back keeps which it was.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub fn serialize<T: Serialize, S: Serializer>(
    value: &Option<Option<T>>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        // Absent fields are skipped by `skip_serializing_if`; this arm only runs if a caller
        // serializes the field some other way.
        None | Some(None) => serializer.serialize_none(),
        Some(Some(v)) => v.serialize(serializer),
    }
}

pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Option<T>>, D::Error> {
    // Only called when the member is present (`#[serde(default)]` covers absence).
    Option::<T>::deserialize(deserializer).map(Some)
}
