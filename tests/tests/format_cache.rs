//! The formatting caches of `cargo xtask codegen` change nothing but time: a run served from
//! them gives the bytes of a run without them, and a damaged or missing entry is formatted
//! again.

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use codegen::{Config, GeneratedCrate, Options};
use xtask::codegen::{RUSTFMT_OPTIONS, rustfmt_binary, rustfmt_cached};
use xtask::format_cache::FormatCache;

fn options() -> Options {
    Options {
        crate_name: "atlas-admin".into(),
        spec_label: "spec/atlas-admin.yaml".into(),
        command: "cargo xtask codegen".into(),
        crate_version: "0.1.0".into(),
        standalone: false,
        config: Config::from_toml(include_str!("../../spec/codegen.toml")).unwrap(),
        today: None,
    }
}

const SPEC: &str = include_str!("../../spec/atlas-admin.yaml");

fn scratch(name: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("atlas-format-cache-{name}-{}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    dir
}

fn uncached() -> BTreeMap<String, String> {
    let generated = codegen::generate(SPEC, &options()).unwrap();
    rustfmt_cached(generated.files, &generated.verbatim, None).unwrap()
}

fn with_memo(memo: &FormatCache) -> GeneratedCrate {
    let memo: &dyn codegen::format::Memo = memo;
    codegen::generate_with(SPEC, &options(), &mut Default::default(), Some(memo)).unwrap()
}

#[test]
fn cached_runs_give_the_bytes_of_an_uncached_run() {
    let expected = uncached();
    let dir = scratch("same");
    let rustfmt = FormatCache::in_dir(&dir, &rustfmt_binary(), RUSTFMT_OPTIONS).unwrap();
    let memo = FormatCache::at(&dir.join("memo")).unwrap();
    // The first run fills both caches, the second is served from them.
    for run in ["cold", "warm"] {
        let generated = with_memo(&memo);
        let files = rustfmt_cached(generated.files, &generated.verbatim, Some(&rustfmt)).unwrap();
        assert_eq!(files, expected, "{run} run differs from an uncached one");
    }
    // The warm run found every formatted file in the cache.
    let generated = codegen::generate(SPEC, &options()).unwrap();
    for (path, text) in &generated.files {
        if path.ends_with(".rs") && !generated.verbatim.contains(path) {
            assert_eq!(rustfmt.get(text).as_ref(), Some(&expected[path]), "{path}");
        }
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn damaged_or_missing_entries_are_formatted_again() {
    let expected = uncached();
    let dir = scratch("damaged");
    let rustfmt = FormatCache::in_dir(&dir, &rustfmt_binary(), RUSTFMT_OPTIONS).unwrap();
    let generated = codegen::generate(SPEC, &options()).unwrap();
    rustfmt_cached(generated.files.clone(), &generated.verbatim, Some(&rustfmt)).unwrap();

    let lib = &generated.files["src/lib.rs"];
    let models = &generated.files["src/models/mod.rs"];
    let leaf = generated
        .files
        .iter()
        .find(|(p, _)| p.starts_with("src/operations/") && !p.ends_with("mod.rs"))
        .map(|(_, text)| text)
        .unwrap();
    // A flipped byte in the output, a truncated entry, a missing one.
    let entry = rustfmt.entry_path(lib);
    let mut bytes = fs::read(&entry).unwrap();
    let last = bytes.len() - 2;
    bytes[last] ^= 0x20;
    fs::write(&entry, &bytes).unwrap();
    let entry = rustfmt.entry_path(models);
    let bytes = fs::read(&entry).unwrap();
    fs::write(&entry, &bytes[..bytes.len() / 2]).unwrap();
    fs::remove_file(rustfmt.entry_path(leaf)).unwrap();
    for damaged in [lib, models, leaf] {
        assert_eq!(rustfmt.get(damaged), None);
    }

    let files =
        rustfmt_cached(generated.files.clone(), &generated.verbatim, Some(&rustfmt)).unwrap();
    assert_eq!(files, expected);
    // Formatting again repaired the entries.
    for damaged in [lib, models, leaf] {
        assert!(rustfmt.get(damaged).is_some());
    }
    let _ = fs::remove_dir_all(&dir);
}

#[test]
fn an_entry_answers_only_its_own_input() {
    let dir = scratch("collide");
    let cache = FormatCache::at(&dir).unwrap();
    cache.put("fn a() {}", "fn a() {}\n");
    assert_eq!(cache.get("fn a() {}").as_deref(), Some("fn a() {}\n"));
    // Another input stored under the first one's name (as a hash collision would) is a miss.
    let other = cache.entry_path("fn b() {}");
    fs::create_dir_all(other.parent().unwrap()).unwrap();
    fs::copy(cache.entry_path("fn a() {}"), other).unwrap();
    assert_eq!(cache.get("fn b() {}"), None);
    let _ = fs::remove_dir_all(&dir);
}
