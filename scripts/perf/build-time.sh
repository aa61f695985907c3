#!/usr/bin/env bash
# Clean build time of the generated crate (generated/), with default features and with
# --no-default-features, each in a fresh target folder, and its dependency count per feature
# set (unique crates in `cargo tree`, the crate itself excluded).
#
#   scripts/perf/build-time.sh                  # this tree's crate; RUNS=1 by default (minutes)
#   BASELINE=main RUNS=3 scripts/perf/build-time.sh
#                                               # main's crate too, in the same run: the builds
#                                               # alternate, and medians and ratios are printed
#   FEATURES=default scripts/perf/build-time.sh # one feature set only (default or none)
#
# Each crate is copied out of the workspace (the baseline with `git archive`) so it builds
# standalone, with its workspace's Cargo.lock, so the same dependency versions are built. Wall
# and CPU (user + system) times come from /usr/bin/time; other builds on the machine inflate
# the wall time far more than the CPU time.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-1}
FEATURES=${FEATURES:-both}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# A standalone copy: the manifest gets an empty [workspace] so cargo does not look upward.
prepare() { # label, folder holding generated/ and Cargo.lock
    cp -r "$2/generated" "$TMP/$1"
    cp "$2/Cargo.lock" "$TMP/$1/Cargo.lock"
    printf '\n[workspace]\n' >>"$TMP/$1/Cargo.toml"
    (cd "$TMP/$1" && cargo fetch --quiet)
}

labels=(branch)
prepare branch .
if [ -n "${BASELINE:-}" ]; then
    mkdir "$TMP/baseline-src"
    git archive "$BASELINE" generated Cargo.lock | tar -x -C "$TMP/baseline-src"
    prepare baseline "$TMP/baseline-src"
    labels=(baseline branch)
fi

case $FEATURES in
default) feature_sets=("") ;;
none) feature_sets=("--no-default-features") ;;
*) feature_sets=("" "--no-default-features") ;;
esac

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

for features in "${feature_sets[@]}"; do
    set_label=${features:-default features}
    for label in "${labels[@]}"; do
        deps=$(cd "$TMP/$label" && cargo tree $features -e normal --prefix none --format '{p}' 2>/dev/null |
            sed 's/ (\*)$//' | sort -u | grep -vc '^atlas-admin ')
        echo "== $label, $set_label: $deps dependencies (normal, unique crates)"
    done
    for run in $(seq "$RUNS"); do
        for label in "${labels[@]}"; do
            rm -rf "$TMP/target"
            (cd "$TMP/$label" &&
                /usr/bin/time -f "%e %U %S" -o "$TMP/time" \
                    cargo build --quiet --offline $features --target-dir "$TMP/target")
            read -r wall user system <"$TMP/time"
            cpu=$(echo "$user + $system" | bc)
            echo "$wall" >>"$TMP/$label.${features:-default}.wall"
            echo "$cpu" >>"$TMP/$label.${features:-default}.cpu"
            echo "  $label run $run ($set_label): $wall s wall, $cpu s CPU (load $(cut -d' ' -f1-3 /proc/loadavg))"
        done
    done
    for label in "${labels[@]}"; do
        wall=$(median <"$TMP/$label.${features:-default}.wall")
        cpu=$(median <"$TMP/$label.${features:-default}.cpu")
        echo "$wall" >"$TMP/$label.wall.median"
        echo "$cpu" >"$TMP/$label.cpu.median"
        echo "  $label, $set_label: median of $RUNS: $wall s wall, $cpu s CPU"
    done
    if [ ${#labels[@]} -eq 2 ]; then
        echo "  branch / baseline, $set_label: wall $(echo "scale=2; $(cat "$TMP/branch.wall.median") / $(cat "$TMP/baseline.wall.median")" | bc)x," \
            "CPU $(echo "scale=2; $(cat "$TMP/branch.cpu.median") / $(cat "$TMP/baseline.cpu.median")" | bc)x"
    fi
done
