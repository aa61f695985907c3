#!/usr/bin/env bash
# The generator prints Rust in rustfmt's layout itself. This checks that on whole specs: it
# generates each spec (default: the Atlas specs in ../shared/upstream) and passes every Rust
# file of the crate through `rustfmt --edition 2024` (the workspace's configuration), listing
# each file rustfmt would change, with the diff. Exits 1 if there is any. Not part of CI (the
# test `rustfmt_parity` checks spec/ and the construct specs there).
#
#   scripts/rustfmt-parity.sh [SPEC.yaml...]
#
# Files go through rustfmt's standard input, two at a time: from a crate root rustfmt would
# walk the module tree, which is quadratic on a crate of 2000 files.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
specs=("$@")
if [ ${#specs[@]} -eq 0 ]; then
    specs=(../shared/upstream/*.yaml)
fi
cargo build --quiet --release -p xtask
XTASK=${CARGO_TARGET_DIR:-target}/release/xtask
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

check_one() { # $1 = workspace root, $2 = file
    local config=()
    if [ -f "$1/rustfmt.toml" ] || [ -f "$1/.rustfmt.toml" ]; then
        config=(--config-path "$1")
    fi
    if ! rustfmt --edition 2024 "${config[@]}" --emit stdout <"$2" >"$2.fmt" 2>"$2.err"; then
        echo "rustfmt failed on $2: $(cat "$2.err")"
    elif ! cmp -s "$2" "$2.fmt"; then
        echo "would change: $2"
        diff -u "$2" "$2.fmt" | head -40
    fi
    rm -f "$2.fmt" "$2.err"
}
export -f check_one

status=0
for spec in "${specs[@]}"; do
    out="$TMP/$(basename "$spec" .yaml)"
    "$XTASK" codegen --spec "$spec" --out "$out" --crate-name parity-check >/dev/null
    files=$(find "$out" -name '*.rs' | wc -l)
    report=$(find "$out" -name '*.rs' -print0 | xargs -0 -n 1 -P 2 bash -c 'check_one "$0" "$1"' "$ROOT")
    changed=$(grep -c '^would change\|^rustfmt failed' <<<"$report" || true)
    echo "== $spec: $files Rust files, $changed that rustfmt would change"
    if [ "$changed" != 0 ]; then
        echo "$report"
        status=1
    fi
done
exit $status
