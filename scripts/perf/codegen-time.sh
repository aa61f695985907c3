#!/usr/bin/env bash
# Whole-process time of the generator (the release build of xtask, rustfmt pass included)
# on the fragment (with its formatting caches removed, then warm) and, when given, on a whole
# Atlas spec (warm); then a per-stage breakdown from
# `--timings`, as medians of repeated runs.
#
#   scripts/perf/codegen-time.sh [WHOLE_SPEC.yaml]
#
# Needs hyperfine (`apt-get install hyperfine`) and python3. Wall-clock figures on a shared
# machine are noisy: hyperfine's median and its user/system CPU times are what to compare.
# With INSTRUCTIONS=1 (and valgrind installed) it also counts the instructions of one
# fragment run, xtask and its rustfmt children apart: counts barely move with machine load.
# Writes nothing in the checkout; output crates go to a temporary folder.
set -euo pipefail
cd "$(dirname "$0")/../.."
RUNS=${RUNS:-30}
WHOLE=${1:-}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

cargo build --quiet --release -p xtask
XTASK=${CARGO_TARGET_DIR:-target}/release/xtask
# Outside cargo, xtask finds rustfmt on PATH; use the toolchain's binary, not rustup's proxy.
export CARGO
CARGO=$(rustup which cargo 2>/dev/null || command -v cargo)

frag=("$XTASK" codegen --spec spec/atlas-admin.yaml --out "$TMP/frag" --crate-name atlas-admin)

median_timings() { # $1 = runs; rest = command. Medians of each `--timings` field.
    local runs=$1; shift
    for _ in $(seq "$runs"); do "$@" --timings 2>&1 >/dev/null | grep '^timings' || true; done |
        python3 -c '
import re, statistics, sys
rows = [dict((k, float(v)) for k, v in re.findall(r"([a-z+]+) ([0-9.]+) ms", l)) for l in sys.stdin]
print("  median of %d runs: " % len(rows) + ", ".join(
    "%s %.1f ms" % (k, statistics.median(r[k] for r in rows)) for k in rows[0]))'
}

CACHE=${CARGO_TARGET_DIR:-target}/codegen-cache
echo "== fragment (spec/atlas-admin.yaml), cold cache ($CACHE removed before each run)"
hyperfine -N --runs 15 --prepare "rm -rf $CACHE" --export-json "$TMP/frag-cold.json" "${frag[*]}" | grep -E 'Time|Range'
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("  median %.1f ms (user %.1f ms, system %.1f ms)" % (r["median"]*1e3, r["user"]*1e3, r["system"]*1e3))' "$TMP/frag-cold.json"
echo "== fragment (spec/atlas-admin.yaml), warm cache"
hyperfine -N --warmup 3 --runs "$RUNS" --export-json "$TMP/frag.json" "${frag[*]}" | grep -E 'Time|Range'
python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("  median %.1f ms (user %.1f ms, system %.1f ms)" % (r["median"]*1e3, r["user"]*1e3, r["system"]*1e3))' "$TMP/frag.json"
median_timings "$RUNS" "${frag[@]}"
if [ "${INSTRUCTIONS:-0}" = 1 ]; then
    valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$TMP/cg.%p" \
        "${frag[@]}" >/dev/null 2>&1
    for f in "$TMP"/cg.*; do
        printf '  instructions: %s %s\n' "$(grep -m1 '^summary:' "$f" | cut -d' ' -f2)" \
            "$(awk '/^cmd:/ {print $2; exit}' "$f" | xargs basename)"
    done
fi

if [ -n "$WHOLE" ]; then
    echo "== whole spec ($WHOLE)"
    # It may report constructs not supported yet and exit 1; the time to that answer counts.
    whole=("$XTASK" codegen --spec "$WHOLE" --out "$TMP/whole" --crate-name atlas-admin-full)
    hyperfine -N -i --warmup 1 --runs 10 --export-json "$TMP/whole.json" "${whole[*]}" | grep -E 'Time|Range'
    python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("  median %.1f ms (user %.1f ms, system %.1f ms), exit codes %s" % (r["median"]*1e3, r["user"]*1e3, r["system"]*1e3, sorted(set(r["exit_codes"]))))' "$TMP/whole.json"
    median_timings 5 "${whole[@]}"
fi
