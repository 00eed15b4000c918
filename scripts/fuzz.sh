#!/usr/bin/env bash
# Fuzzes the Rust core (fuzz/, cargo-fuzz + libFuzzer) for a bounded time per target:
#   make fuzz                       # every target, FUZZ_SECONDS (default 60) each
#   FUZZ_SECONDS=600 make fuzz      # longer
#   FUZZ_TARGETS="validate" make fuzz
# New inputs that reach new code are added to fuzz/corpus/<target>/ (kept in the repo: run
# `cargo +nightly-2026-05-20 fuzz cmin <target> corpus/<target>` in fuzz/ before committing it). A crash
# stops with the input in fuzz/artifacts/<target>/ (not committed): turn it into a test in
# tests/fuzz_regressions.rs. Not part of `make test`: fuzzing is open-ended by nature.
set -euo pipefail

source "$(dirname "$0")/env.sh"
root=$PWD
seconds=${FUZZ_SECONDS:-60}
targets=${FUZZ_TARGETS:-"classify validate"}
# The shipped .wasm's dated nightly (scripts/env.sh): one nightly on the machine, and the same
# fuzzing build on every machine.
toolchain=${FUZZ_TOOLCHAIN:-$SHIP_TOOLCHAIN}

if ! [[ $seconds =~ ^[1-9][0-9]*$ ]]; then
  echo "FUZZ_SECONDS must be a whole number of seconds, not '$seconds'" >&2
  exit 2
fi
if ! rustup run "$toolchain" rustc --version >/dev/null 2>&1; then
  echo "== installing the $toolchain toolchain (cargo-fuzz needs nightly)"
  rustup toolchain install "$toolchain" --profile minimal
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "== installing cargo-fuzz from crates.io"
  cargo install cargo-fuzz --locked
fi

cd "$root/fuzz"
echo "== building the fuzz targets ($(cargo fuzz --version))"
cargo "+$toolchain" fuzz build

# Per target: input size limit (the validate target needs room for large bodies).
max_len() {
  case $1 in
    validate) echo 262144 ;;
    *) echo 65536 ;;
  esac
}

summary=()
status=0
total_runs=0
for target in $targets; do
  mkdir -p "corpus/$target"
  log=$(mktemp)
  echo "== fuzzing $target for ${seconds}s"
  set +e
  # Seeds (fuzz/seeds/<target>/) are read, never written; finds go to fuzz/corpus/<target>/.
  cargo "+$toolchain" fuzz run "$target" "corpus/$target" "seeds/$target" -- \
    -max_total_time="$seconds" -max_len="$(max_len "$target")" -timeout=20 \
    -rss_limit_mb=4096 -print_final_stats=1 >"$log" 2>&1
  rc=$?
  set -e
  runs=$(sed -n 's/^stat::number_of_executed_units: *\([0-9]*\).*/\1/p' "$log" | tail -n1)
  done_line=$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -n1 || true)
  if [[ -z $runs && $done_line =~ ^Done\ ([0-9]+)\ runs ]]; then
    runs=${BASH_REMATCH[1]}
  fi
  runs=${runs:-0}
  total_runs=$((total_runs + runs))
  corpus_size=$(find "corpus/$target" -type f | wc -l)
  if [[ $rc -eq 0 ]]; then
    echo "   ${done_line:-done}; $runs executions; corpus: $corpus_size inputs"
    summary+=("$target: ok, $runs runs in ${seconds}s")
  else
    status=1
    tail -n 60 "$log" >&2
    crash=$(grep -oE "artifacts/$target/[a-z-]+-[0-9a-f]+" "$log" | tail -n1 || true)
    echo "!! $target FAILED after $runs executions${crash:+: input in fuzz/$crash}" >&2
    summary+=("$target: FAILED after $runs runs${crash:+ (fuzz/$crash)}")
  fi
  rm -f "$log"
done

echo "== fuzz summary: ${#summary[@]} targets, $total_runs executions, ${seconds}s each"
for line in "${summary[@]}"; do
  echo "   $line"
done
exit $status
