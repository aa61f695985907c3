#!/usr/bin/env bash
# Judges spec updates with cargo-semver-checks and with the generator's own change report: what
# would a release of the generated crate have to be after each update?
#
#   scripts/semver/check.sh                    # every case under tests/spec-updates/
#   scripts/semver/check.sh additive rename    # some cases, by folder name
#   scripts/semver/check.sh --specs OLD NEW    # two whole specs (e.g. ../shared/upstream/*.yaml)
#
# Cases: the crate of spec/ (the baseline) and, for each case, the crate of spec/ with the
# case's overlay.yaml applied (`cargo xtask codegen --overlay`, with the names the lock file
# keeps, as a real update would get them) are generated into scratch folders, then
# `cargo semver-checks -p atlas-admin` compares them. For each case it prints the lints that
# failed, cargo-semver-checks' verdict (the version bump it requires) and the change report's
# (its summary line and renames), checks both against the case's `expect`, and exits 1 if any
# disagrees.
#
# --specs: both specs are generated with `cargo xtask check-spec --out`, compared the same way,
# and the count of each failing lint's instances is printed.
#
# cargo-semver-checks: the one on PATH if there is one, else it is installed on first use into
# <target>/tools (`cargo install --locked`, minutes). Scratch crates go to a private temporary
# folder (removed on exit; KEEP_SCRATCH=1 keeps it and prints where), outside the workspace,
# built in one target folder of their own with the workspace's Cargo.lock. Not part of CI: the
# install and the rustdoc builds are slow.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
TOOLS=$TARGET/tools

if ! command -v cargo-semver-checks >/dev/null && [ ! -x "$TOOLS/bin/cargo-semver-checks" ]; then
    echo "== installing cargo-semver-checks into $TOOLS"
    cargo install --locked --root "$TOOLS" cargo-semver-checks
fi
export PATH="$PATH:$TOOLS/bin"
echo "== $(cargo semver-checks --version)"

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/atlas-semver-checks.XXXXXX")
cleanup() {
    if [ "${KEEP_SCRATCH:-}" = 1 ]; then
        echo "== scratch folder kept: $SCRATCH"
    else
        rm -rf "$SCRATCH"
    fi
}
trap cleanup EXIT

# A generated crate outside the workspace, pinned to the workspace's dependency versions.
pin() {
    cp Cargo.lock "$1/Cargo.lock"
}

# Compares the crate in $2 with the baseline in $1; the report goes to $3.
judge() {
    # One target folder for every scratch crate (xtask keeps the workspace's).
    (cd "$2" && CARGO_TARGET_DIR=$SCRATCH/target cargo semver-checks -p atlas-admin --baseline-root "$1") >"$3" 2>&1 || true
}

# The failing lints of a report, one per line.
lints() {
    grep -oE '^--- failure [a-z0-9_]+' "$1" | sed 's/^--- failure //' || true
}

# The bump a report requires: major, minor, or none.
verdict() {
    if grep -q 'requires new major version' "$1"; then
        echo major
    elif grep -q 'requires new minor version' "$1"; then
        echo minor
    elif grep -q 'no semver update required' "$1"; then
        echo none
    else
        echo "unknown (rerun with KEEP_SCRATCH=1 and see $1)"
    fi
}

if [ "${1:-}" = "--specs" ]; then
    [ $# -eq 3 ] || { echo "usage: $0 --specs OLD.yaml NEW.yaml" >&2; exit 2; }
    for side in old new; do
        spec=$2
        [ $side = new ] && spec=$3
        echo "== generating $spec"
        cargo xtask check-spec "$spec" --out "$SCRATCH/$side" --crate-name atlas-admin >"$SCRATCH/$side.log" 2>&1 ||
            { cat "$SCRATCH/$side.log"; exit 1; }
        pin "$SCRATCH/$side"
    done
    echo "== cargo semver-checks (this builds rustdoc JSON of both crates: minutes)"
    judge "$SCRATCH/old" "$SCRATCH/new" "$SCRATCH/report.txt"
    echo "verdict: $(verdict "$SCRATCH/report.txt")"
    echo "failing lints (instances):"
    # Each failing lint's section lists one instance per indented line.
    awk '/^--- failure / { lint = $3; sub(":", "", lint); next }
         /^--- / { lint = "" }
         lint != "" && /^  [^ ]/ { count[lint]++ }
         END { for (l in count) printf "  %-45s %d\n", l, count[l] }' "$SCRATCH/report.txt" | sort
    exit 0
fi

# The change report's verdict, from the summary `cargo xtask codegen` prints: major, minor,
# patch or none.
report_verdict() {
    if grep -q 'no change to the public API' "$1"; then
        echo none
    else
        sed -n 's/.* -> \([a-z]*\); proposed version .*/\1/p' "$1" | head -n 1
    fi
}

# Whether a verdict satisfies a case's `expect`. `minor` holds when nothing breaking is found
# (cargo-semver-checks has few lints for additions, so it may also say none).
agrees() {
    case "$1:$2" in
        major:major | minor:minor | minor:none | patch:patch | patch:none) return 0 ;;
        *) return 1 ;;
    esac
}

echo "== baseline: spec/atlas-admin.yaml"
cargo xtask codegen --spec spec/atlas-admin.yaml --out "$SCRATCH/baseline" >/dev/null 2>"$SCRATCH/baseline.log" ||
    { cat "$SCRATCH/baseline.log"; exit 1; }
pin "$SCRATCH/baseline"

cases=("$@")
if [ ${#cases[@]} -eq 0 ]; then
    for overlay in tests/spec-updates/*/overlay.yaml; do
        cases+=("$(basename "$(dirname "$overlay")")")
    done
fi

failed=0
for case in "${cases[@]}"; do
    overlay=tests/spec-updates/$case/overlay.yaml
    expect=$(sed -n 's/^expect: *\([a-z]*\).*/\1/p' "$overlay")
    cargo xtask codegen --overlay "$overlay" --out "$SCRATCH/$case" >"$SCRATCH/$case.summary" 2>"$SCRATCH/$case.log" ||
        { cat "$SCRATCH/$case.log"; exit 1; }
    pin "$SCRATCH/$case"
    judge "$SCRATCH/baseline" "$SCRATCH/$case" "$SCRATCH/$case.txt"
    found=$(verdict "$SCRATCH/$case.txt")
    reported=$(report_verdict "$SCRATCH/$case.summary")
    outcome=ok
    agrees "$expect" "$found" || { outcome="MISMATCH (expected $expect)"; failed=1; }
    report_outcome=ok
    agrees "$expect" "$reported" || { report_outcome="MISMATCH (expected $expect)"; failed=1; }
    echo "== $case (expect $expect)"
    echo "   cargo-semver-checks: $found -> $outcome"
    lints "$SCRATCH/$case.txt" | sed 's/^/     lint: /'
    echo "   change report: $reported -> $report_outcome"
    grep -E '^  (renamed upstream|breaking):' "$SCRATCH/$case.summary" | sed 's/^  /     /' || true
done
exit $failed
