// The release build's wasm-opt flags, from Cargo.toml ([package.metadata.zero-trust-seats]
// wasm-opt): scripts/optimize-wasm.mjs runs wasm-opt with them, and bench/wasm-names.mjs builds
// its named twin of the .wasm with the same ones.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Cargo.toml's wasm-opt flags, in order. */
export function wasmOptFlags() {
  const toml = readFileSync(join(root, "Cargo.toml"), "utf8");
  const listed = /^wasm-opt\s*=\s*\[([^\]]*)\]/m.exec(toml)?.[1];
  if (listed === undefined) throw new Error("Cargo.toml lists no wasm-opt flags");
  return [...listed.matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}
