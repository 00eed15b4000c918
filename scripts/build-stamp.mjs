// The build's stamp: one hash of everything scripts/build.sh reads (sources, manifests, the
// build scripts, the files copied into the package) and of the tools' versions. build.sh keeps
// it in pkg/.build-stamp and skips the build while it still matches.
//
//   node scripts/build-stamp.mjs        prints the stamp of this checkout
import { createHash } from "node:crypto";
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Files and folders (walked whole) under the repository root that the build reads. */
export const BUILD_INPUTS = [
  "Cargo.toml", "Cargo.lock", "package.json", "package-lock.json", "README.md", "LICENSE", "src", "js",
  "scripts/env.sh", "scripts/build.sh", "scripts/ship.toml", "scripts/optimize-wasm.mjs", "scripts/wasm-opt-flags.mjs",
  "scripts/package.mjs", "scripts/build-stamp.mjs", "scripts/replace-dir.mjs",
];
/** The tools whose version changes the output (binaryen and esbuild are pinned in package-lock.json). */
const TOOLS = [["rustc", "--version"], ["wasm-pack", "--version"], ["wasm-bindgen", "--version"]];

/** `rel` itself when it is a file, else every file below it; a missing input is an error. */
function filesUnder(root, rel) {
  if (!statSync(join(root, rel)).isDirectory()) return [rel];
  return readdirSync(join(root, rel)).flatMap((name) => filesUnder(root, join(rel, name)));
}

/** The stamp of the checkout at `root`: paths and contents (not times) of the inputs, tool versions, RUSTFLAGS. */
export function buildStamp(root) {
  const hash = createHash("sha256");
  const files = BUILD_INPUTS.flatMap((rel) => filesUnder(root, rel)).sort();
  for (const rel of files) hash.update(`${rel}\0`).update(readFileSync(join(root, rel))).update("\0");
  for (const [tool, ...args] of TOOLS) hash.update(execFileSync(tool, args, { encoding: "utf8" })).update("\0");
  hash.update(`RUSTFLAGS=${process.env.RUSTFLAGS ?? ""}`);
  return hash.digest("hex");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  console.log(buildStamp(join(dirname(fileURLToPath(import.meta.url)), "..")));
}
