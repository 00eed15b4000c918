#!/usr/bin/env bash
# Runs every suite: lint, Rust unit tests, the package build (only if an input changed), wasm
# tests in Node and headless Chromium against the stand-in, and the JS tests of the built
# package. Fails if any suite fails or runs zero tests (a suite run in the wrong mode "passes"
# with 0 tests).
set -uo pipefail
source "$(dirname "$0")/env.sh"

OUT="$ROOT/test-output"
mkdir -p "$OUT"
TOTAL_PASSED=0
TOTAL_FAILED=0
SUMMARY=()
STANDIN_PID=""

# Frees the stand-in's port once the wasm suites are done (the JS tests start their own).
stop_standin() { kill "$STANDIN_PID" 2>/dev/null; wait "$STANDIN_PID" 2>/dev/null; STANDIN_PID=""; }

cleanup() { [ -n "$STANDIN_PID" ] && kill "$STANDIN_PID" 2>/dev/null; wait 2>/dev/null; }
trap cleanup EXIT

die() { echo "test: $*" >&2; exit 1; }

# record NAME PASSED FAILED STATUS: keeps the numbers and fails on a red or empty suite.
record() {
  local name=$1 passed=$2 failed=$3 status=$4
  SUMMARY+=("$(printf '%-22s %5s passed, %s failed' "$name" "$passed" "$failed")")
  TOTAL_PASSED=$((TOTAL_PASSED + passed))
  TOTAL_FAILED=$((TOTAL_FAILED + failed))
  [ "$status" = 0 ] || die "$name failed (log: $OUT/$name.log)"
  [ "$passed" -gt 0 ] || die "$name ran 0 tests (log: $OUT/$name.log)"
}

# Sums cargo / wasm-bindgen-test "test result: ok. N passed; M failed" lines.
cargo_counts() {
  local log=$1
  local passed failed
  passed=$(grep -o '[0-9]\+ passed;' "$log" | awk '{s+=$1} END {print s+0}')
  failed=$(grep -o '[0-9]\+ failed;' "$log" | awk '{s+=$1} END {print s+0}')
  echo "$passed $failed"
}

# run NAME CMD...: runs a suite, streaming and keeping its output.
run() {
  local name=$1; shift
  echo "== $name: $*"
  "$@" 2>&1 | tee "$OUT/$name.log"
  return "${PIPESTATUS[0]}"
}

# The stand-in of the wasm suites, where `make standin` puts it (127.0.0.1:8788, the URL the
# suites have compiled in when ZTS_STANDIN_URL is unset): the suites run exactly as README's
# Tests section tells a developer to run them.
start_standin() {
  unset ZTS_STANDIN_URL
  node standin/server.mjs --port 8788 > "$OUT/standin.log" 2>&1 &
  STANDIN_PID=$!
  for _ in $(seq 50); do
    STANDIN_URL=$(sed -n 's/^standin listening on //p' "$OUT/standin.log")
    [ -n "$STANDIN_URL" ] && break
    kill -0 "$STANDIN_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$STANDIN_URL" ] || die "the stand-in did not start on its port (a \`make standin\` still running?): $(cat "$OUT/standin.log")"
  echo "== stand-in at $STANDIN_URL"
}

scripts/setup.sh || die "setup failed"

run lint bash -c 'cargo fmt --check && cargo clippy --all-targets -q -- -D warnings &&
  cargo clippy --target wasm32-unknown-unknown --all-targets -q -- -D warnings' || die "lint failed"

run cargo-test cargo test; status=$?
record cargo-test $(cargo_counts "$OUT/cargo-test.log") $status

run build scripts/build.sh || die "the package build failed"

start_standin
# No `--test` filter: each command runs every test target and the one that is not for its
# runtime says so and runs nothing (browser.rs under --node, node.rs under --chrome).
run wasm-node wasm-pack test --node --mode no-install; status=$?
record wasm-node $(cargo_counts "$OUT/wasm-node.log") $status

run wasm-chromium wasm-pack test --headless --chrome --mode no-install; status=$?
record wasm-chromium $(cargo_counts "$OUT/wasm-chromium.log") $status
stop_standin

run js node --test --test-concurrency=1 tests/js/; status=$?
record js "$(sed -n 's/^# pass //p' "$OUT/js.log")" "$(sed -n 's/^# fail //p' "$OUT/js.log")" $status

echo
echo "== summary"
printf '%s\n' "${SUMMARY[@]}"
echo "total: $TOTAL_PASSED passed, $TOTAL_FAILED failed"
