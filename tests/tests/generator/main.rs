//! The generator: a spec in, a crate or errors out. What it makes of `spec/` and of the
//! construct specs (under snapshot, and the committed crates fresh), its errors and warnings,
//! its behaviour on hostile specs and patterns, `cargo xtask check-spec`, and the spec fragment
//! itself. Nothing here needs a server.

mod check_spec;
mod codegen_errors;
mod generated_output;
mod hostile_specs;
mod operation_filter;
mod pattern_differential;
mod renames;
mod rustfmt_parity;
mod spec_fragment;
mod spec_update;
mod sunset;
mod support_crate;
mod update_spec;
mod versioning;
