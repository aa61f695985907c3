//! Arbitrary bytes as spec text. Seeded with valid specs, so libFuzzer's byte mutations also
//! produce near-valid documents that reach the resolver and the emitters.
#![no_main]

use libfuzzer_sys::fuzz_target;

mod common;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    common::generate(text, &common::options());
});
