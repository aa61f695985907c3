//! Cost of validating a parameter against its pattern: the matcher the generator emits versus
//! a precompiled `regex::Regex`, a precompiled `regress::Regex` (the ECMA-262 engine a runtime
//! approach would use) and a hand-written byte loop.
//!
//! Run: `cargo bench -p atlas-admin-benches --bench validation`. The medians land in
//! `target/criterion/<group>/<function>/new/estimates.json`.

use std::hint::black_box;
use std::time::Duration;

use atlas_admin_tests::compiled_patterns::{cluster_name, object_id};
use criterion::{Criterion, criterion_group, criterion_main};

const OBJECT_ID: &str = "^([a-f0-9]{24})$";
const CLUSTER_NAME: &str = "^[a-zA-Z0-9][a-zA-Z0-9-]*$";

/// What a careful person would write by hand for `^([a-f0-9]{24})$`.
fn hand_object_id(input: &str) -> bool {
    let bytes = input.as_bytes();
    bytes.len() == 24 && bytes.iter().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// What a careful person would write by hand for `^[a-zA-Z0-9][a-zA-Z0-9-]*$`.
fn hand_cluster_name(input: &str) -> bool {
    match input.as_bytes().split_first() {
        Some((first, rest)) => {
            first.is_ascii_alphanumeric()
                && rest.iter().all(|b| b.is_ascii_alphanumeric() || *b == b'-')
        }
        None => false,
    }
}

fn bench_case(
    c: &mut Criterion,
    group: &str,
    pattern: &str,
    input: &str,
    compiled: fn(&str) -> bool,
    hand: fn(&str) -> bool,
) {
    let regex = regex::Regex::new(pattern).expect("regex compiles");
    let regress = regress::Regex::with_flags(pattern, "u").expect("regress compiles");
    let expected = compiled(input);
    assert_eq!(regex.is_match(input), expected);
    assert_eq!(regress.find(input).is_some(), expected);
    assert_eq!(hand(input), expected);

    let mut g = c.benchmark_group(group);
    // Called directly (not through the fn pointer) so it is inlined as generated code would be.
    if group.starts_with("object_id") {
        g.bench_function("compiled", |b| b.iter(|| object_id(black_box(input))));
    } else {
        g.bench_function("compiled", |b| b.iter(|| cluster_name(black_box(input))));
    }
    g.bench_function("hand_loop", |b| b.iter(|| hand(black_box(input))));
    g.bench_function("regex", |b| b.iter(|| regex.is_match(black_box(input))));
    g.bench_function("regress", |b| {
        b.iter(|| regress.find(black_box(input)).is_some())
    });
    g.finish();
}

fn validation(c: &mut Criterion) {
    bench_case(
        c,
        "object_id_valid",
        OBJECT_ID,
        "32b6e34b3d91647abb20e7b8",
        object_id,
        hand_object_id,
    );
    bench_case(
        c,
        "object_id_invalid",
        OBJECT_ID,
        "32b6e34b3d91647abb20e7bZ",
        object_id,
        hand_object_id,
    );
    bench_case(
        c,
        "cluster_name_valid",
        CLUSTER_NAME,
        "Cluster0-prod-eu-west-1",
        cluster_name,
        hand_cluster_name,
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = validation
}
criterion_main!(benches);
