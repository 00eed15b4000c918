# The targets call scripts/, where the logic lives.
.PHONY: test demo build setup standin bench fuzz

test:  ## install what is missing, build, run every test suite
	bash scripts/test.sh

demo:  ## build the package (only if a source changed) and serve the demo page on 127.0.0.1:$${PORT:-8787}
	bash scripts/demo.sh

build: ## build the npm package into pkg/, even when no source changed (demo and test build only on change)
	bash scripts/setup.sh && bash scripts/build.sh --force

setup: ## install the toolchain only
	bash scripts/setup.sh

standin: ## run the API stand-in on 127.0.0.1:8788, where `wasm-pack test` finds it (README, Tests); Ctrl-C stops it
	node standin/server.mjs --port 8788

bench: ## build the package, then benchmark it against raw fetch and the official SDK (bench/README.md)
	bash scripts/bench.sh

fuzz:  ## fuzz the Rust core for FUZZ_SECONDS (default 60) per target; not part of make test (fuzz/README.md)
	bash scripts/fuzz.sh
