//! Shared helpers for the test suite (`tests/tests/*/`): the project's files, the Atlas API
//! on a local mock server, the local test servers, and the compiled pattern corpus.

pub mod fixtures;
pub mod mock_atlas;
pub mod services;

/// The matchers `build.rs` compiles from `patterns/corpus.txt` with the pattern compiler.
pub mod compiled_patterns {
    include!(concat!(env!("OUT_DIR"), "/compiled_patterns.rs"));
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    /// The test binaries are the folders of `tests/tests/`, each a `main.rs` declaring its
    /// modules: a file at the top would be one more binary, linking everything again, and a
    /// file no module declares would never run.
    #[test]
    fn every_test_file_is_a_module_of_a_test_binary() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
        let mut modules = 0;
        for entry in fs::read_dir(&root).unwrap() {
            let path = entry.unwrap().path();
            assert!(
                path.is_dir(),
                "{} is a test binary of its own: move it into one of the folders",
                path.display()
            );
            modules += check_declared(&path, &path.join("main.rs"));
        }
        assert!(modules >= 20, "only {modules} test modules found");
    }

    /// Checks that `declarer` declares every file and folder of `folder` as a module, and so
    /// on down; returns how many modules there are.
    fn check_declared(folder: &Path, declarer: &Path) -> usize {
        let source =
            fs::read_to_string(declarer).unwrap_or_else(|e| panic!("{}: {e}", declarer.display()));
        let mut count = 0;
        for entry in fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            let module = match name.strip_suffix(".rs") {
                Some("main") => continue,
                Some(module) => module.to_owned(),
                None if name == "snapshots" => continue,
                None => {
                    count += check_declared(&path, &folder.join(format!("{name}.rs")));
                    continue;
                }
            };
            assert!(
                source.contains(&format!("mod {module};")),
                "{} declares no `mod {module};`: {} never runs",
                declarer.display(),
                path.display()
            );
            count += 1;
        }
        count
    }
}
