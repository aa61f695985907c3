//! OpenAPI 3.0 -> Rust client crate.
//!
//! The generator is a pure pipeline; every stage lives in its own module:
//! spec text -> [`parse`] -> [`resolve`] (the named, `$ref`-free [`model`]) -> [`emit`]
//! (`TokenStream`s) -> [`format`] (rustfmt-style files). It does no I/O: callers such as
//! `xtask` read the spec and write the files.

pub mod pattern;
