//! Code written as a user of the generated crate would write it, each case a module with
//! `#![deny(warnings)]`: it must compile warning-free and run. (Misuse that must not compile
//! is `tests/compile/`.)

mod build_models;
mod build_requests;
mod read_responses;
mod request_bodies;
mod walk_pages;
