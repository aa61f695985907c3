//! The public API of a generated crate, as data: every type, field, enum value, parameter rule,
//! operation, command and option, with the names they have in Rust and on the command line.
//!
//! It is computed from the resolved model ([`Surface::of`]), stored in the lock file (so the
//! crate a run replaces is described by what is committed), and compared by [`diff()`] to tell
//! what a spec update changes for users.

pub mod diff;
mod of;
pub mod report;

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

pub use diff::{Change, Rename, Severity, diff};
pub use of::{CommandNames, component_schema, param_key, type_text};
pub use report::Report;

/// The public API of one crate.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Surface {
    #[serde(rename = "crate", default)]
    pub krate: CrateSurface,
    /// By stable operation name.
    #[serde(default)]
    pub operations: BTreeMap<String, OperationSurface>,
    /// By Rust name, in `models`.
    #[serde(default)]
    pub types: BTreeMap<String, TypeSurface>,
    /// By Rust name, in `params`.
    #[serde(default)]
    pub params: BTreeMap<String, ParamSurface>,
}

/// What the crate as a whole promises.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CrateSurface {
    /// `DEFAULT_BASE_URL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub base_url: Option<String>,
    /// `DEFAULT_TOKEN_URL`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_url: Option<String>,
    /// The authentication schemes the client offers (`digest`, `bearer`, `service-account`,
    /// `basic`, `api-key NAME`).
    #[serde(default)]
    pub auth: Vec<String>,
    /// `ErrorBody`.
    #[serde(default)]
    pub error_body: String,
    /// The command-line tool's binary, when the crate has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bin: Option<String>,
    /// A digest of the API's title, description and version, which the crate's documentation
    /// shows.
    #[serde(default)]
    pub docs: String,
}

/// One operation: its names, its request and its response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperationSurface {
    /// Its `operationId` in the spec the crate was made from.
    pub upstream: String,
    pub method: String,
    pub path: String,
    /// The operation type.
    #[serde(rename = "type")]
    pub type_name: String,
    /// The client method.
    #[serde(rename = "fn")]
    pub fn_name: String,
    /// The command-line command: the tag's command, then the operation's.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command: Vec<String>,
    /// The command's other spellings (the Atlas CLI's, upstream's names).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub command_aliases: Vec<String>,
    /// Other names, by `operationId`: each a type alias, a client method and a command alias.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub aliases: BTreeMap<String, AliasSurface>,
    /// The media type sent in `Accept`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub accept: Option<String>,
    /// The media type of the request body.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content_type: Option<String>,
    /// The type of the success body (`()` without one).
    pub output: String,
    pub status: u16,
    /// The documented error responses (`404`, `default`).
    #[serde(default)]
    pub errors: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// The day the API stops serving it (`x-sunset`), its `SUNSET` constant; a sunset
    /// deprecates the operation in Rust too.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sunset: Option<String>,
    /// Whether the client walks its pages.
    #[serde(default, skip_serializing_if = "is_false")]
    pub paged: bool,
    /// A digest of its documentation (summary and description).
    #[serde(default)]
    pub docs: String,
    /// By parameter name in the spec (with its location when two share the name).
    #[serde(default)]
    pub params: BTreeMap<String, ParamUse>,
    /// No longer in the API: kept so its names come back with it (see `lock`).
    #[serde(default, skip_serializing_if = "is_false")]
    pub retired: bool,
}

/// The names one alias of an operation gives.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AliasSurface {
    #[serde(rename = "type")]
    pub type_name: String,
    #[serde(rename = "fn")]
    pub fn_name: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub command: String,
}

/// One parameter of an operation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamUse {
    /// The setter (or `new` argument) and field name.
    pub name: String,
    #[serde(rename = "in")]
    pub location: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(rename = "type")]
    pub ty: String,
    /// The command-line option, without its dashes.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub option: String,
    /// The option's other spellings.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub option_aliases: Vec<String>,
}

/// One type of `models`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TypeSurface {
    /// The component schema it comes from; none for inline schemas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<String>,
    /// Other names of the type (`pub type`), from schemas renamed upstream.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    /// `struct`, `enum`, `int-enum`, `tagged-union`, `union` or `alias`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    #[serde(default)]
    pub docs: String,
    /// Struct fields by JSON name (flattened union parts by `..field`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub fields: BTreeMap<String, FieldSurface>,
    /// The value type of members no field names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub additional: Option<String>,
    /// Enum values (as the API spells them) and their variants.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub values: BTreeMap<String, String>,
    /// Union variants by name: their type, and their tag for tagged unions.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variants: BTreeMap<String, String>,
    /// What an alias names.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub retired: bool,
}

/// One field of a struct.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldSurface {
    pub name: String,
    /// The Rust type, `Option` included (`Option<Vec<Link>>`).
    #[serde(rename = "type")]
    pub ty: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    #[serde(default, skip_serializing_if = "is_false")]
    pub deprecated: bool,
    /// A digest of its description, when it has one.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub docs: String,
}

/// One validated parameter type of `params`, with its rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParamSurface {
    /// The parameter's name in the spec.
    pub spec: String,
    /// `string`, `i32` or `i64`.
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_length: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<i64>,
    /// The alternatives of a `one-of` parameter, by variant: the type each takes.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub variants: BTreeMap<String, String>,
    #[serde(default)]
    pub docs: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub retired: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

impl Surface {
    /// The same API without its retired entries: what the crate offers today.
    pub fn live(&self) -> Surface {
        Surface {
            krate: self.krate.clone(),
            operations: live(&self.operations, |o| o.retired),
            types: live(&self.types, |t| t.retired),
            params: live(&self.params, |p| p.retired),
        }
    }
}

fn live<V: Clone>(
    entries: &BTreeMap<String, V>,
    retired: impl Fn(&V) -> bool,
) -> BTreeMap<String, V> {
    entries
        .iter()
        .filter(|(_, v)| !retired(v))
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// A short, stable digest of documentation text (the high half of 64-bit FNV-1a, in hex):
/// enough to tell that the text changed, without keeping it in the lock file.
pub fn digest(parts: &[&str]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for byte in part.bytes().chain([0]) {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(0x0100_0000_01b3);
        }
    }
    format!("{:08x}", hash >> 32)
}
