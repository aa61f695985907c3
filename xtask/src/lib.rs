//! The I/O side of the project's automation, shared by the `xtask` binary and the test suite
//! (whose freshness test regenerates the crate exactly as `cargo xtask codegen` does).

pub mod check_spec;
pub mod codegen;
pub mod spec_update;
pub mod stamp;
pub mod update_spec;
