#!/usr/bin/env bash
# Builds the npm package into pkg/ (release wasm, optimised by binaryen's wasm-opt from npm),
# only when something it reads changed: pkg/.build-stamp holds the stamp of the inputs
# (scripts/build-stamp.mjs) it was built from. `--force` (make build) builds anyway.
#
# The build goes into pkg.next.<pid>/ and then replaces pkg/ whole (scripts/replace-dir.mjs):
# wasm-pack empties its output folder first, and whoever reads pkg/ meanwhile (a test, the demo
# server, the benchmark) must see a complete package. A failed build leaves pkg/ as it was.
set -euo pipefail
source "$(dirname "$0")/env.sh"

# A dated nightly builds the shipped .wasm, with scripts/ship.toml (it says why); the stamp
# takes its rustc's version.
export RUSTUP_TOOLCHAIN="$SHIP_TOOLCHAIN"
stamp="$(node scripts/build-stamp.mjs)"
if [ "${1:-}" != --force ] && [ "$(cat pkg/.build-stamp 2>/dev/null)" = "$stamp" ]; then
  echo "build: pkg/ is up to date (no input changed since it was built; make build rebuilds anyway)"
  exit 0
fi

next="pkg.next.$$"
trap 'rm -rf "$next"' EXIT
wasm-pack build --release --target web --out-dir "$next" --out-name zero_trust_seats --mode no-install --no-pack \
  . --config "$ROOT/scripts/ship.toml"
# wasm-opt, and the glue renamed to the short import/export names it gives (Cargo.toml).
node scripts/optimize-wasm.mjs "$next"
node scripts/package.mjs "$next"
echo "$stamp" > "$next/.build-stamp"
wasm="$next/zero_trust_seats_bg.wasm"
echo "wasm: $(wc -c < "$wasm") bytes raw, $(gzip -9c "$wasm" | wc -c) bytes gzip -9"
node scripts/replace-dir.mjs "$next" pkg
echo "build: pkg/ replaced"
