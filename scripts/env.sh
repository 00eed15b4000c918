# Sourced by the other scripts: tool paths shared by build, test and demo.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
cd "$ROOT"
# The toolchain of the shipped .wasm only (scripts/build.sh, scripts/ship.toml say why); dated,
# so every machine builds the same bytes. Everything else uses the machine's stable Rust.
export SHIP_TOOLCHAIN=nightly-2026-05-20
