//! The generated crates without a network: models reading real and hostile responses,
//! validated parameters, the sans-IO requests and responses, the construct crates, and code
//! written against the crate as a user would (`user_code`, each case warning-free).
//!
//! `hostile_responses` installs a counting global allocator for this whole binary; its counts
//! are per thread, so the other tests only pay a thread-local increment per allocation.

mod constructs;
mod hostile_responses;
mod models;
mod params;
mod sans_io;
mod user_code;
