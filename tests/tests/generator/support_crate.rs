//! The support code's own crate (`generator/runtime/`) builds against the dependencies a
//! generated crate declares, so that what its build, lints and tests prove holds for the
//! generated crates too.

use std::path::Path;

use toml::{Table, Value};

fn manifest(path: &Path) -> Table {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.parse()
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn table<'a>(manifest: &'a Table, key: &str) -> &'a Table {
    manifest[key].as_table().unwrap()
}

#[test]
fn the_support_crate_declares_dependencies_and_features_as_generated_crates_do() {
    let root = xtask::codegen::workspace_root();
    let support = manifest(&root.join("generator/runtime/Cargo.toml"));
    let generated: Vec<Table> = xtask::codegen::project_targets()
        .iter()
        .map(|target| manifest(&target.out.join("Cargo.toml")))
        .collect();
    for (name, declared) in table(&support, "dependencies") {
        let as_generated = generated
            .iter()
            .filter_map(|m| table(m, "dependencies").get(name))
            .collect::<Vec<&Value>>();
        assert!(
            as_generated.contains(&declared),
            "the support crate declares `{name} = {declared}`, generated crates {as_generated:?}"
        );
    }
    // The generated crate of `spec/` has a command-line tool, so every feature.
    let atlas_admin = &generated[0];
    for (feature, enables) in table(&support, "features") {
        if feature != "default" {
            assert_eq!(
                Some(enables),
                table(atlas_admin, "features").get(feature),
                "feature `{feature}`"
            );
        }
    }
}
