#!/usr/bin/env bash
# Builds the package (only if an input changed: scripts/build.sh) and serves the demo page with
# the in-memory API stand-in.
set -euo pipefail
source "$(dirname "$0")/env.sh"
scripts/setup.sh
scripts/build.sh
exec node www/server.mjs
