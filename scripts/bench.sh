#!/usr/bin/env bash
# Benchmark (make bench; not part of make test): builds the package as a user gets it (release
# wasm + wasm-opt), installs bench/'s own pinned tools (the official SDK `cloudflare`, esbuild)
# into bench/node_modules, then runs bench/run.mjs, which prints the table and saves
# bench/results/latest.json. See bench/README.md.
#
# BENCH_SKIP_BUILD=1 uses pkg/ as it is. BENCH_ROUNDS, BENCH_BUDGET, BENCH_CALLS, BENCH_SECONDS,
# BENCH_WARMUP, BENCH_REPEATS, BENCH_SCENARIOS, BENCH_TWIGGY=0 and BENCH_OUT are passed on to
# bench/run.mjs.
set -euo pipefail
source "$(dirname "$0")/env.sh"

if [ "${BENCH_SKIP_BUILD:-0}" != 1 ]; then
  bash scripts/setup.sh
  bash scripts/build.sh
fi

if [ ! -f bench/node_modules/.package-lock.json ] || ! cmp -s bench/package-lock.json bench/node_modules/.lock-copy; then
  echo "bench: installing bench/'s tools (npm ci in bench/)"
  (cd bench && npm ci --no-audit --no-fund --loglevel=error)
  cp bench/package-lock.json bench/node_modules/.lock-copy
fi

exec node bench/run.mjs
