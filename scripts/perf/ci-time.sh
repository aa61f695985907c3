#!/usr/bin/env bash
# Cold `.ci/run` times of several commits side by side: each commit is cloned fresh from this
# repository into a temporary folder (with `../shared` beside it, as in CI, when this checkout
# has one) and its `.ci/run` runs there, one after the other, in the order given; repeat a
# commit to interleave rounds. One table at the end: each run's wall and CPU seconds in total
# and for the `cargo xtask test` step, with the load average before and after the run.
#
#   scripts/perf/ci-time.sh 966c42f main 966c42f main
#
# Rows are comparable only when made side by side like this: the same commit varies by tens of
# percent between days on a shared machine. A run that fails is reported as such, not timed.
# The logs stay in $OUT (default: target/ci-time/), one per run.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ $# -gt 0 ] || { echo "usage: $0 REV [REV...]"; exit 2; }
REPO=$(pwd)
OUT=${OUT:-$REPO/target/ci-time}
mkdir -p "$OUT"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
[ -d "$REPO/../shared" ] && ln -s "$(cd "$REPO/../shared" && pwd)" "$TMP/shared"

load() { cut -d' ' -f1 /proc/loadavg; }
rows=()
n=0
for rev in "$@"; do
    n=$((n + 1))
    commit=$(git rev-parse --short "$rev^{commit}")
    clone="$TMP/run$n"
    git clone --quiet "$REPO" "$clone"
    git -C "$clone" checkout --quiet "$commit"
    log="$OUT/run$n-$commit.log"
    before=$(load)
    echo "== run $n: $rev ($commit), load $before, log $log"
    if (cd "$clone" && .ci/run >"$log" 2>&1); then
        total=$(sed -n 's/^total: \([0-9]*\) s wall, \([0-9]*\) s CPU$/\1 s wall, \2 s CPU/p' "$log")
        tests=$(sed -n 's/^-- *\([0-9]*\) s wall *\([0-9]*\) s CPU  cargo xtask test .*/\1 s wall, \2 s CPU/p' "$log" | tail -1)
    else
        total="FAILED (see the log)"
        tests="-"
    fi
    rows+=("| $n | $rev ($commit) | $before -> $(load) | $total | $tests |")
    rm -rf "$clone"
done
echo
echo "| run | commit | load average (1 min) | total | cargo xtask test |"
echo "|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"
