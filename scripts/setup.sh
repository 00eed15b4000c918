#!/usr/bin/env bash
# Installs whatever the build and the tests need and is missing; fast when all is present.
# Every tool comes from a package registry (crates.io, npm, Debian): wasm-pack's own
# downloads from GitHub do not work on offline machines, so nothing relies on them.
set -euo pipefail
source "$(dirname "$0")/env.sh"

WASM_PACK_VERSION=0.15.1
# The CLI must equal the wasm-bindgen crate in Cargo.lock, or the build fails.
WASM_BINDGEN_VERSION="$(grep -A1 '^name = "wasm-bindgen"$' Cargo.lock | sed -n 's/^version = "\(.*\)"/\1/p')"

step() { echo "setup: $*"; }

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# The shipped .wasm's toolchain (scripts/env.sh): rust-src for build-std, seconds to install.
if ! rustup run "$SHIP_TOOLCHAIN" rustc --version >/dev/null 2>&1 \
  || ! rustup component list --toolchain "$SHIP_TOOLCHAIN" --installed | grep -q '^rust-src' \
  || ! rustup target list --toolchain "$SHIP_TOOLCHAIN" --installed | grep -qx wasm32-unknown-unknown; then
  step "installing $SHIP_TOOLCHAIN with rust-src and the wasm32 target (the shipped .wasm's build)"
  rustup toolchain install "$SHIP_TOOLCHAIN" --profile minimal --component rust-src --target wasm32-unknown-unknown
fi

# The two cargo installs take minutes each; run side by side, they finish sooner on 2 cores.
pids=()
if [ "$(wasm-pack --version 2>/dev/null)" != "wasm-pack $WASM_PACK_VERSION" ]; then
  step "installing wasm-pack $WASM_PACK_VERSION from crates.io (a few minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked &
  pids+=($!)
fi
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $WASM_BINDGEN_VERSION" ]; then
  step "installing wasm-bindgen-cli $WASM_BINDGEN_VERSION from crates.io (a few minutes)"
  # Not --locked: its lock file wants a webpki-roots version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --force &
  pids+=($!)
fi
for pid in "${pids[@]}"; do wait "$pid" || { echo "setup: a cargo install failed" >&2; exit 1; }; done

if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/bin/chromedriver ]; then
  step "installing Debian's chromium and chromium-driver"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
fi

# Node tools (binaryen's wasm-opt, esbuild, playwright-core) from package-lock.json.
# Never Debian's binaryen: its wasm-opt produces modules that fail to load.
if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.lock-copy; then
  step "installing Node dev tools (npm ci)"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json node_modules/.lock-copy
fi

step "ready ($(wasm-pack --version), $(rustup run "$SHIP_TOOLCHAIN" rustc --version), wasm-bindgen $WASM_BINDGEN_VERSION, $(wasm-opt --version | cut -d' ' -f1-3), node $(node --version))"
