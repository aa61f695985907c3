//! Arbitrary pattern strings to the pattern compiler: a `PatternError` or a matcher, never a
//! panic, a hang or an automaton that eats all memory. A compiled pattern is also run on a few
//! subjects and emitted as Rust tokens.
//!
//! Input: the pattern, optionally followed by a NUL byte and a subject to match.
#![no_main]

use libfuzzer_sys::fuzz_target;
use quote::format_ident;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (pattern, subject) = text.split_once('\0').unwrap_or((text, ""));
    match codegen::pattern::compile(pattern) {
        Ok(compiled) => {
            for input in [subject, "", "abc-123", pattern, "\u{10400}\u{2028}é"] {
                let _ = compiled.is_match(input);
            }
            let tokens = compiled.matcher_fn(quote::quote!(pub), &format_ident!("is_match"));
            assert!(!tokens.is_empty());
        }
        Err(error) => {
            assert!(error.offset <= pattern.len(), "{error:?} for {pattern:?}");
            assert!(!error.to_string().is_empty());
        }
    }
});
