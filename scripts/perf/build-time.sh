#!/usr/bin/env bash
# Clean build time of the generated crate (generated/), with default features and with
# --no-default-features, each in a fresh target folder, and its dependency count per feature
# set (unique crates in `cargo tree`, the crate itself excluded).
#
#   scripts/perf/build-time.sh            # RUNS=1 by default: a clean build takes minutes
#
# The crate is copied out of the workspace so it builds standalone, with the workspace's
# Cargo.lock, so the same dependency versions are built. Wall and CPU times come from
# /usr/bin/time; other builds on the machine inflate the wall time.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-1}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# A standalone copy: the manifest gets an empty [workspace] so cargo does not look upward.
cp -r generated "$TMP/crate"
cp Cargo.lock "$TMP/crate/Cargo.lock"
printf '\n[workspace]\n' >> "$TMP/crate/Cargo.toml"
cd "$TMP/crate"
cargo fetch --quiet

for features in "" "--no-default-features"; do
    label=${features:-default features}
    deps=$(cargo tree $features -e normal --prefix none --format '{p}' 2>/dev/null |
        sed 's/ (\*)$//' | sort -u | grep -vc '^atlas-admin ')
    echo "== $label: $deps dependencies (normal, unique crates)"
    for run in $(seq "$RUNS"); do
        rm -rf "$TMP/target"
        /usr/bin/time -f "  run $run: %e s wall, %U s user, %S s system" \
            cargo build --quiet --offline $features --target-dir "$TMP/target" 2>&1 | grep 'run '
    done
done
