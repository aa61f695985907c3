#!/usr/bin/env bash
# The generator beside its peers, in one run: progenitor (`cargo install cargo-progenitor`) and
# openapi-generator's Rust client (the `openapi-generator-cli` package from PyPI, which needs a
# Java runtime: `apt-get install default-jre-headless` where `java` is missing). Both are
# installed under target/peers/ (ignored), once. Each generates the fragment (spec/) and, when
# present, the whole Atlas spec (../shared/upstream/atlas-api-2025-06-30.yaml, or $WHOLE); the
# script prints one table: generation wall time (median of $RUNS hyperfine runs), files written,
# whether the crate compiles, its dependency count, and its clean build time.
#
#   scripts/perf/peers.sh                  # builds the fragment's crates (minutes each)
#   BUILD=all scripts/perf/peers.sh        # also the whole spec's crates (much longer)
#   BUILD=none scripts/perf/peers.sh       # generation only
#   SPECS=whole scripts/perf/peers.sh      # only the whole spec (SPECS=fragment: only the fragment)
#
# openapi-generator's YAML parser refuses documents above 3 M code points (the whole Atlas spec
# is larger); JAVA_OPTS raises that limit unless it is set already.
#
# Not part of CI. Clean builds use a fresh target folder each, so other builds on the machine
# slow them: read them beside `uptime`, which the script prints.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
RUNS=${RUNS:-5}
BUILD=${BUILD:-fragment}
WHOLE=${WHOLE:-../shared/upstream/atlas-api-2025-06-30.yaml}
SPECS=${SPECS:-fragment whole}
export JAVA_OPTS=${JAVA_OPTS:--DmaxYamlCodePoints=100000000}
PEERS=$ROOT/target/peers
mkdir -p "$PEERS"
command -v hyperfine >/dev/null || { echo "needs hyperfine (apt-get install hyperfine)"; exit 1; }
command -v java >/dev/null || { echo "needs java (apt-get install default-jre-headless)"; exit 1; }

# Install the peers once.
if [ ! -x "$PEERS/cargo/bin/cargo-progenitor" ]; then
    cargo install --locked --root "$PEERS/cargo" cargo-progenitor
fi
if [ ! -x "$PEERS/venv/bin/openapi-generator-cli" ]; then
    python3 -m venv "$PEERS/venv"
    "$PEERS/venv/bin/pip" install --quiet openapi-generator-cli
fi
PROGENITOR=$PEERS/cargo/bin/cargo-progenitor
OAG=$PEERS/venv/bin/openapi-generator-cli
cargo build --quiet --release -p xtask
XTASK=$ROOT/${CARGO_TARGET_DIR:-target}/release/xtask

OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

# The command that generates spec $2 into folder $3 with generator $1.
command_for() {
    case $1 in
    ours) echo "$XTASK codegen --spec $2 --out $3 --crate-name peer-check" ;;
    progenitor) echo "$PROGENITOR progenitor -i $2 -o $3 -n peer-check -v 0.1.0" ;;
    openapi-generator) echo "$OAG generate -g rust -i $2 -o $3 --package-name peer_check --skip-validate-spec" ;;
    esac
}

echo "$(date -u +%Y-%m-%d), $(nproc) cores, $(uptime | sed 's/.*load/load/')"
echo
echo "| spec | generator | generation (median of $RUNS) | files | compiles | dependencies | clean build |"
echo "|---|---|---|---|---|---|---|"
for spec in spec/atlas-admin.yaml "$WHOLE"; do
    [ -f "$spec" ] || continue
    name=fragment
    kind=fragment
    [ "$spec" = spec/atlas-admin.yaml ] || { name=$(basename "$spec" .yaml); kind=whole; }
    [[ " $SPECS " == *" $kind "* ]] || continue
    for gen in ours progenitor openapi-generator; do
        dir=$OUT/$name-$gen
        cmd=$(command_for "$gen" "$ROOT/$spec" "$dir")
        # The time to an answer counts even when the generator refuses the spec.
        hyperfine -N -i --runs "$RUNS" --prepare "rm -rf $dir" --export-json "$OUT/t.json" "$cmd" >/dev/null 2>&1 || true
        time=$(python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"][0]; print("%.0f ms" % (r["median"]*1e3) if max(r["exit_codes"])==0 else "fails (%.0f ms)" % (r["median"]*1e3))' "$OUT/t.json")
        rm -rf "$dir"
        $cmd >"$OUT/gen.log" 2>&1 || true
        files=$( [ -d "$dir" ] && find "$dir" -type f | wc -l || echo 0)
        compiles="not built"; deps="-"; build="-"
        if [ -f "$dir/Cargo.toml" ]; then
            grep -q '^\[workspace\]' "$dir/Cargo.toml" || printf '\n[workspace]\n' >>"$dir/Cargo.toml"
            deps=$( (cd "$dir" && cargo tree -e normal --prefix none --format '{p}' 2>/dev/null) |
                sed 's/ (\*)$//; s/ (proc-macro)$//' | sort -u | grep -vc '^peer' || true)
            if [ "$BUILD" = all ] || { [ "$BUILD" = fragment ] && [ "$name" = fragment ]; }; then
                start=$(date +%s.%N)
                if (cd "$dir" && cargo build --quiet --target-dir "$OUT/target-$name-$gen" >"$OUT/build.log" 2>&1); then
                    compiles=yes
                else
                    compiles=no
                fi
                build=$(python3 -c "import sys; print('%.0f s' % ($(date +%s.%N) - $start))")
                rm -rf "$OUT/target-$name-$gen"
            fi
        fi
        echo "| $name | $gen | $time | $files | $compiles | $deps | $build |"
    done
done
