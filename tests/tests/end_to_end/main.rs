//! The client and the command-line tool against servers: local wiremock servers (in every
//! `cargo test`), and Prism and httpbin, which `cargo xtask test` installs and these tests start
//! (`#[ignore]`d otherwise). One binary, so one shared Prism and httpbin serve all of them.

mod cli;
mod cli_binary;
mod cli_constructs;
mod client_against_prism;
mod client_auth;
mod client_digest;
mod client_pagination;
mod client_retry;
mod services_smoke;
