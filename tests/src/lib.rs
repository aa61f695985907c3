//! Shared helpers for the test suite.

pub mod services;

/// The matchers `build.rs` compiles from `patterns/corpus.txt` with the pattern compiler.
pub mod compiled_patterns {
    include!(concat!(env!("OUT_DIR"), "/compiled_patterns.rs"));
}
