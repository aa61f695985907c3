//! Arbitrary responses to the generated crate's decoder (`parse_response` of the one operation
//! in spec/): a model or a typed `Error`, never a panic. Seeded with valid pages and error
//! bodies, so byte mutations give truncated JSON, wrong types, odd numbers and nesting.
//!
//! Input: two bytes of status, one byte choosing the content type, then the body.
#![no_main]
// The one operation of the spec is deprecated upstream; decoding it is still the point.
#![allow(deprecated)]

use atlas_admin::{Error, ListClusterRestoreJobs};
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: &[Option<&str>] = &[
    Some("application/vnd.atlas.2023-01-01+json"),
    Some("application/json"),
    None,
    Some("application/json; charset=utf-8"),
    Some("text/html"),
    Some("application/xml"),
    Some(""),
    Some("APPLICATION/JSON"),
];

/// An error's excerpt keeps at most 512 bytes of the body; lossy decoding can turn each
/// byte into a 3-byte U+FFFD, plus the 3-byte ellipsis.
const MAX_EXCERPT: usize = 512 * 3 + 3;

fuzz_target!(|data: &[u8]| {
    let [hi, lo, kind, body @ ..] = data else {
        return;
    };
    let status = 100 + u16::from_be_bytes([*hi, *lo]) % 900;
    let mut builder = http::Response::builder().status(status);
    if let Some(content_type) = CONTENT_TYPES[usize::from(*kind) % CONTENT_TYPES.len()] {
        builder = builder.header("content-type", content_type);
    }
    if kind & 0x80 != 0 {
        builder = builder.header("retry-after", "18446744073709551615");
    }
    let response = builder.body(body).expect("a valid status and header");
    match ListClusterRestoreJobs::parse_response(response) {
        Ok(page) => {
            assert_eq!(page.status().as_u16(), 200);
            let _ = format!("{:?}", page.body());
        }
        Err(error) => {
            assert_eq!(error.status().map(|s| s.as_u16()), Some(status));
            match &error {
                Error::UnexpectedStatus { excerpt, .. }
                | Error::UnexpectedContentType { excerpt, .. }
                | Error::Decode { excerpt, .. } => assert!(excerpt.len() <= MAX_EXCERPT),
                Error::Api { .. } | Error::RateLimited { .. } => {}
                other => panic!("not an error a response can cause: {other:?}"),
            }
            assert!(!error.to_string().is_empty());
        }
    }
});
