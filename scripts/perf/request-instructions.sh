#!/usr/bin/env bash
# Instructions per request built by `to_http`, counted by valgrind (callgrind) inside the
# request benchmark: only the calls of `ListClusterRestoreJobs::to_http` are counted, divided by
# how many times the benchmark called it. Unlike criterion's wall-clock medians, the count
# barely moves with the machine's load, so runs on a busy machine compare.
#
#   scripts/perf/request-instructions.sh [BENCH_BINARY]
#
# Without an argument it builds the benchmark (release) and uses it; with one, it counts in
# that binary (say, a copy of an older build, to compare two versions in one run). Needs
# valgrind. Not part of CI.
set -euo pipefail
cd "$(dirname "$0")/../.."
BIN=${1:-}
if [ -z "$BIN" ]; then
    BIN=$(cargo bench -p atlas-admin-benches --bench request --no-run --message-format json 2>/dev/null |
        python3 -c 'import json,sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m["target"]["name"] == "request" and m.get("executable"):
        print(m["executable"])')
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "load: $(uptime | sed 's/.*load average: //'), $BIN"
for bench in 'to_http_only$' 'to_http_only_literal_base$' 'required_only_to_http$'; do
    # Criterion writes its reports below the working folder: keep them out of the checkout.
    (cd "$TMP" && valgrind --tool=callgrind --callgrind-out-file="$TMP/cg.out" \
        --toggle-collect='*ListClusterRestoreJobs::to_http*' \
        "$BIN" --bench --profile-time 1 "$bench" >/dev/null 2>&1)
    total=$(callgrind_annotate "$TMP/cg.out" | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')
    calls=$(callgrind_annotate --tree=caller "$TMP/cg.out" |
        grep -o 'Bencher<M>::iter ([0-9,]*x)' | head -1 | grep -o '[0-9,]*x' | tr -d ',x')
    echo "  ${bench%\$}: $((total / calls)) instructions per call ($calls calls)"
done
