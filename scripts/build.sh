#!/usr/bin/env bash
# Builds the npm package into pkg/ (release wasm, optimised by binaryen's wasm-opt from npm).
set -euo pipefail
source "$(dirname "$0")/env.sh"
wasm-pack build --release --target web --out-dir pkg --out-name zero_trust_seats --mode no-install --no-pack
node scripts/package.mjs
wasm="pkg/zero_trust_seats_bg.wasm"
echo "wasm: $(wc -c < "$wasm") bytes raw, $(gzip -9c "$wasm" | wc -c) bytes gzip -9"
