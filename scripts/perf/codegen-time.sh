#!/usr/bin/env bash
# Whole-process time of the generator (the release build of xtask) on the fragment and, when
# given, on a whole Atlas spec, in three states: cold into a fresh output folder (every file
# written), cold over an unchanged one (the work done, nothing written: the stamps are
# removed before each run), and warm (a rerun whose inputs and output did not change, which
# the stamp kept beside the executable, `target/release/codegen-stamps/`, skips); then a
# per-stage breakdown from `--timings` (never skipped), as medians of repeated runs. The
# generator runs no formatter and keeps no cache of its own work: the stamp only tells that a
# rerun would change nothing.
#
#   scripts/perf/codegen-time.sh [WHOLE_SPEC.yaml]
#
# Needs hyperfine (`apt-get install hyperfine`) and python3. Wall-clock figures on a shared
# machine are noisy: hyperfine's median and its user/system CPU times are what to compare,
# and the script prints the load average. With INSTRUCTIONS=1 (and valgrind installed) it
# also counts the instructions of one fragment run and one whole-spec run: counts barely move
# with machine load. Writes nothing in the checkout; output crates go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-30}
WHOLE=${1:-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cargo build --quiet --release -p xtask
XTASK=${CARGO_TARGET_DIR:-target}/release/xtask
echo "load: $(uptime | sed 's/.*load average: //'), $(nproc) cores"

summary() { # $1 = hyperfine JSON
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("  median %.1f ms (user %.1f ms, system %.1f ms), exit codes %s" % (r["median"]*1e3, r["user"]*1e3, r["system"]*1e3, sorted(set(r["exit_codes"]))))' "$1"
}

median_timings() { # $1 = runs; rest = command. Medians of each `--timings` field.
    local runs=$1; shift
    for _ in $(seq "$runs"); do "$@" --timings 2>&1 >/dev/null | grep '^timings' || true; done |
        python3 -c '
import re, statistics, sys
rows = [dict((k, float(v)) for k, v in re.findall(r"([a-z+]+) ([0-9.]+) ms", l)) for l in sys.stdin]
print("  median of %d runs: " % len(rows) + ", ".join(
    "%s %.1f ms" % (k, statistics.median(r[k] for r in rows)) for k in rows[0]))'
}

STAMPS=$(dirname "$XTASK")/codegen-stamps

measure() { # $1 = label, $2 = spec, $3 = runs
    local out="$TMP/$1"
    local cmd=("$XTASK" codegen --spec "$2" --out "$out" --crate-name atlas-admin)
    echo "== $1 ($2), cold, fresh output folder (removed before each run)"
    hyperfine -N -i --runs "$3" --prepare "rm -rf $out" --export-json "$TMP/fresh.json" "${cmd[*]}" | grep -E 'Time|Range'
    summary "$TMP/fresh.json"
    echo "== $1, cold, output unchanged (nothing written; stamps removed before each run)"
    hyperfine -N -i --warmup 1 --runs "$3" --prepare "rm -rf $STAMPS" --export-json "$TMP/same.json" "${cmd[*]}" | grep -E 'Time|Range'
    summary "$TMP/same.json"
    echo "== $1, warm (inputs and output unchanged: the stamp skips the run)"
    hyperfine -N -i --warmup 2 --runs "$3" --export-json "$TMP/warm.json" "${cmd[*]}" | grep -E 'Time|Range'
    summary "$TMP/warm.json"
    median_timings 5 "${cmd[@]}"
    if [ "${INSTRUCTIONS:-0}" = 1 ]; then
        rm -rf "$STAMPS"
        valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" "${cmd[@]}" >/dev/null 2>&1 || true
        echo "  instructions (cold, output unchanged): $(grep -m1 '^summary:' "$TMP/cg.out" | cut -d' ' -f2)"
        "${cmd[@]}" >/dev/null 2>&1
        valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" "${cmd[@]}" >/dev/null 2>&1 || true
        echo "  instructions (warm): $(grep -m1 '^summary:' "$TMP/cg.out" | cut -d' ' -f2)"
    fi
}

measure fragment spec/atlas-admin.yaml "$RUNS"
if [ -n "$WHOLE" ]; then
    measure whole "$WHOLE" 10
fi
