// scripts/build.sh, as `make demo`, `make test` and `make build` use it: it builds only when an
// input changed, and it replaces pkg/ whole, so a reader of pkg/ never sees half a package.
// It runs in a scratch copy of the build's inputs with a stand-in wasm-pack that "builds" by
// copying the real build's glue, slowly (no release build here: a few seconds in all). The
// rest of the script is the real one: the stamp, scripts/package.mjs, the swap.
//
//   node --test tests/js/build.test.mjs

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { assertBuilt, PKG, REPO, tempDir } from "./runtimes/tarball.mjs";
import { BUILD_INPUTS, buildStamp } from "../../scripts/build-stamp.mjs";

/** The stand-in wasm-pack: empties --out-dir, then copies wasm-bindgen's output of the real build into it, 0.2 s a file. */
const FAKE_WASM_PACK = `#!/usr/bin/env node
const fs = require("node:fs");
const path = require("node:path");
const args = process.argv.slice(2);
if (args[0] === "--version") { console.log("wasm-pack 0.0.0-fake"); process.exit(0); }
fs.appendFileSync(process.env.FAKE_WASM_PACK_LOG, args.join(" ") + "\\n");
if (process.env.FAKE_WASM_PACK_FAIL) { console.error("fake wasm-pack: failing as asked"); process.exit(1); }
const from = process.env.FAKE_WASM_PACK_FROM;
const out = args[args.indexOf("--out-dir") + 1];
fs.rmSync(out, { recursive: true, force: true }); // as wasm-pack does: it empties its output folder first
const snippets = fs.readdirSync(path.join(from, "snippets"))[0];
// What wasm-bindgen writes: the glue, and every JS snippet (package.mjs adds the .d.ts/.d.cts).
const snippetFiles = fs.readdirSync(path.join(from, "snippets", snippets, "js")).filter((f) => f.endsWith(".js"));
const glue = ["zero_trust_seats.js", "zero_trust_seats.d.ts", "zero_trust_seats_bg.wasm", ...snippetFiles.map((f) => path.join("snippets", snippets, "js", f))];
for (const file of glue) {
  fs.mkdirSync(path.dirname(path.join(out, file)), { recursive: true });
  fs.copyFileSync(path.join(from, file), path.join(out, file));
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
}
`;

let scratch;
let log;

before(() => {
  assertBuilt();
  scratch = tempDir("zts-build-");
  for (const input of [...BUILD_INPUTS, "scripts"]) cpSync(join(REPO, input), join(scratch, input), { recursive: true });
  // package.mjs needs esbuild; env.sh puts node_modules/.bin first on PATH, so the fake wins.
  mkdirSync(join(scratch, "node_modules", ".bin"), { recursive: true });
  symlinkSync(join(REPO, "node_modules", "esbuild"), join(scratch, "node_modules", "esbuild"));
  writeFileSync(join(scratch, "node_modules", ".bin", "wasm-pack"), FAKE_WASM_PACK);
  chmodSync(join(scratch, "node_modules", ".bin", "wasm-pack"), 0o755);
  cpSync(PKG, join(scratch, "pkg"), { recursive: true });
  log = join(scratch, "wasm-pack-calls.log");
  writeFileSync(log, "");
});

/** Runs the scratch copy's build.sh; resolves to { code, out, ms, wasmPackCalls } (calls of this run). */
async function build(args = [], env = {}) {
  const before = readFileSync(log, "utf8").split("\n").length;
  const started = performance.now();
  let code = 0;
  let out;
  try {
    const { stdout, stderr } = await promisify(execFile)("bash", [join(scratch, "scripts", "build.sh"), ...args], {
      encoding: "utf8",
      env: { ...process.env, FAKE_WASM_PACK_LOG: log, FAKE_WASM_PACK_FROM: PKG, ...env },
    });
    out = stdout + stderr;
  } catch (err) {
    code = err.code;
    out = `${err.stdout ?? ""}${err.stderr ?? ""}`;
  }
  const wasmPackCalls = readFileSync(log, "utf8").split("\n").length - before;
  return { code, out, ms: Math.round(performance.now() - started), wasmPackCalls };
}

/** What identifies the files of pkg/: the folder's and the wasm's inode and mtime. */
function identity() {
  const of = (path) => {
    const { ino, mtimeMs } = statSync(path);
    return { ino, mtimeMs };
  };
  return { dir: of(join(scratch, "pkg")), wasm: of(join(scratch, "pkg", "zero_trust_seats_bg.wasm")) };
}

/** Folders the build left beside pkg/ (a finished or failed build leaves none). */
const leftovers = () => readdirSync(scratch).filter((name) => /^pkg\.(next|old)\./.test(name));

/** Polls a folder from another thread until stopped; resolves to its counts of what it saw. */
function pollPackage(dir) {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const worker = new Worker(new URL("./runtimes/poll-package.mjs", import.meta.url), { workerData: { dir, stop } });
  const counts = new Promise((resolve, reject) => {
    worker.once("message", resolve);
    worker.once("error", reject);
  });
  return { stop: () => (Atomics.store(stop, 0, 1), counts) };
}

test("a forced build replaces pkg/ whole: a reader polling it never sees a partial package", async (t) => {
  const old = identity();
  const poller = pollPackage(join(scratch, "pkg"));
  const result = await build(["--force"]);
  const seen = await poller.stop();
  assert.equal(result.code, 0, result.out);
  assert.equal(result.wasmPackCalls, 1, result.out);
  t.diagnostic(`forced build ${result.ms} ms; the reader saw: ${JSON.stringify(seen)}`);
  assert.deepEqual(seen.partial, [], "pkg/ was seen incomplete");
  assert.match(result.out, /^build: pkg\/ replaced$/m);
  assert.ok(seen.complete > 100, `only ${seen.complete} complete looks`);
  assert.notEqual(identity().dir.ino, old.dir.ino, "pkg/ is a new folder");
  assert.deepEqual(leftovers(), []);
  assert.match(readFileSync(join(scratch, "pkg", ".build-stamp"), "utf8"), /^[0-9a-f]{64}\n$/);
});

test("with no input changed, build.sh builds nothing and leaves pkg/ untouched", async (t) => {
  const old = identity();
  const result = await build();
  assert.equal(result.code, 0, result.out);
  assert.equal(result.out.trim(), "build: pkg/ is up to date (no input changed since it was built; make build rebuilds anyway)");
  assert.equal(result.wasmPackCalls, 0);
  assert.deepEqual(identity(), old);
  t.diagnostic(`up-to-date check: ${result.ms} ms`);
  assert.ok(result.ms < 10_000, `${result.ms} ms`);
});

test("the stamp follows contents, not times: a touched file builds nothing, an edited one builds", async () => {
  const lib = join(scratch, "src", "lib.rs");
  utimesSync(lib, new Date(), new Date(Date.now() + 60_000));
  const touched = await build();
  assert.equal(touched.wasmPackCalls, 0, touched.out);
  appendFileSync(lib, "\n// an edit\n");
  const edited = await build();
  assert.equal(edited.code, 0, edited.out);
  assert.equal(edited.wasmPackCalls, 1, edited.out);
  assert.equal((await build()).wasmPackCalls, 0, "and the next run is up to date again");
});

test("every kind of input is in the stamp: sources, glue, manifests, shipped docs, build scripts, new files", () => {
  const edits = [
    ["src/wasm/mod.rs", "\n// x\n"], ["js/errors.js", "\n// x\n"], ["js/entries/index.d.ts", "\n// x\n"],
    ["Cargo.lock", "\n"], ["package-lock.json", "\n"], ["README.md", "x"], ["scripts/package.mjs", "\n// x\n"], ["scripts/ship.toml", "\n# x\n"],
    ["src/new_module.rs", "// a new file\n"],
  ];
  let previous = buildStamp(scratch);
  for (const [file, text] of edits) {
    appendFileSync(join(scratch, file), text);
    const now = buildStamp(scratch);
    assert.notEqual(now, previous, `${file} changed but the stamp did not`);
    previous = now;
  }
});

test("a failed build leaves pkg/ as it was and nothing beside it", async () => {
  const old = identity();
  const result = await build(["--force"], { FAKE_WASM_PACK_FAIL: "1" });
  assert.equal(result.code, 1, result.out);
  assert.match(result.out, /fake wasm-pack: failing as asked/);
  assert.deepEqual(identity(), old);
  assert.deepEqual(leftovers(), []);
  assert.ok(existsSync(join(scratch, "pkg", "package.json")));
});

test("the shipped .wasm's import, export and module names are short, and its glue links to them", async () => {
  // scripts/optimize-wasm.mjs renamed them (2 KB of the gzipped .wasm, 1.2 KB of the glue).
  const module = new WebAssembly.Module(readFileSync(join(PKG, "zero_trust_seats_bg.wasm")));
  const imports = WebAssembly.Module.imports(module);
  const exports = WebAssembly.Module.exports(module);
  assert.ok(imports.length > 50 && exports.length > 20, `${imports.length} imports, ${exports.length} exports`);
  assert.deepEqual([...new Set(imports.map((i) => i.module))], ["a"]);
  const long = [...imports, ...exports].map((i) => i.name).filter((name) => name.length > 2);
  assert.deepEqual(long, []);
  const glue = readFileSync(join(PKG, "zero_trust_seats.js"), "utf8");
  assert.doesNotMatch(glue, /__wbg_\w+_[0-9a-f]{16}: function/);
  assert.doesNotMatch(glue, /\bwasm\.(client_|__wbindgen_|memory\b)/);
  const { initSync } = await import(`${pathToFileURL(join(PKG, "zero_trust_seats.js")).href}?links=1`);
  const instance = initSync({ module });
  assert.ok(instance[exports.find((e) => e.kind === "memory").name] instanceof WebAssembly.Memory);
});
