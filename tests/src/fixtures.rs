//! The project's files the tests read, in one place.

/// `spec/atlas-admin.yaml`: the spec fragment `generated/` is made from.
pub const ATLAS_SPEC: &str = include_str!("../../spec/atlas-admin.yaml");
/// `spec/codegen.toml`: the configuration `generated/` is made with.
pub const ATLAS_CONFIG: &str = include_str!("../../spec/codegen.toml");
/// The example page of restore jobs from the API's documentation (`fixtures/seed-page.json`).
pub const SEED_PAGE: &str = include_str!("../fixtures/seed-page.json");
