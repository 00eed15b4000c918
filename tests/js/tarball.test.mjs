// What `npm publish` would upload: `npm pack` of pkg/, its exact file list (with sizes, printed
// as diagnostics), the manifest's registry fields, checked against Cargo.toml, and the verdict of
// the ecosystem's own checkers (publint, arethetypeswrong) on the tarball.
//
//   node --test tests/js/tarball.test.mjs

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { PKG, REPO, cargoVersion, devBin, packTarball, tempDir } from "./runtimes/tarball.mjs";

/** Every file the tarball must hold, and nothing else; the snippets folder carries a build hash. */
const EXPECTED_FILES = [
  "LICENSE",
  "README.md",
  "api.js",
  "browser.js",
  "cli.mjs",
  "index.d.cts",
  "index.d.ts",
  "node.cjs",
  "node.mjs",
  "package.json",
  "snippets/zero-trust-seats-<hash>/js/attempt.js",
  "snippets/zero-trust-seats-<hash>/js/errors.d.cts",
  "snippets/zero-trust-seats-<hash>/js/errors.d.ts",
  "snippets/zero-trust-seats-<hash>/js/errors.js",
  "snippets/zero-trust-seats-<hash>/js/read-body.js",
  "snippets/zero-trust-seats-<hash>/js/read-lists.js",
  "worker.js",
  "zero_trust_seats.d.cts",
  "zero_trust_seats.d.ts",
  "zero_trust_seats.js",
  "zero_trust_seats_bg.wasm",
];
/** The modules whose top-level code must run on import (they instantiate the wasm, name the errors). */
const SIDE_EFFECT_FILES = ["./browser.js", "./worker.js", "./node.mjs", "./node.cjs"];
/** Packed size limit: well above today's ~110 kB, far below an accidental target/ or node_modules/. */
const MAX_PACKED_BYTES = 400 * 1024;

let packed;
let manifest;

before(async () => {
  packed = await packTarball();
  manifest = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8"));
});

function cargoField(field) {
  const match = readFileSync(join(REPO, "Cargo.toml"), "utf8").match(new RegExp(`^${field}\\s*=\\s*"([^"]*)"`, "m"));
  assert.ok(match, `Cargo.toml has no ${field}`);
  return match[1];
}

const normalise = (path) => path.replace(/^snippets\/zero-trust-seats-[0-9a-f]{16}\//, "snippets/zero-trust-seats-<hash>/");

test("the tarball holds exactly the files that ship", (t) => {
  const files = packed.info.files.map((f) => f.path).sort();
  assert.deepEqual(files.map(normalise).sort(), [...EXPECTED_FILES].sort());
  // The .tgz itself, read back with tar, agrees with npm's report.
  const listed = execFileSync("tar", ["-tzf", packed.file], { encoding: "utf8" })
    .trim()
    .split("\n")
    .map((line) => line.replace(/^package\//, ""))
    .sort();
  assert.deepEqual(listed, files);
  for (const path of files) {
    assert.doesNotMatch(path, /(^|\/)(src|tests?|target|node_modules)\/|\.map$|\.rs$|^Cargo|\.gitignore$/, path);
  }
  const width = Math.max(...files.map((f) => f.length));
  t.diagnostic(`${packed.info.filename}: ${packed.info.size} bytes packed, ${packed.info.unpackedSize} unpacked, ${packed.info.entryCount} files`);
  for (const { path, size } of [...packed.info.files].sort((a, b) => a.path.localeCompare(b.path))) {
    t.diagnostic(`  ${path.padEnd(width)} ${String(size).padStart(7)} bytes`);
  }
  assert.ok(packed.info.size < MAX_PACKED_BYTES, `the tarball is ${packed.info.size} bytes`);
  assert.equal(statSync(packed.file).size, packed.info.size);
});

test("the tarball's files are the built ones, byte for byte", () => {
  const dir = tempDir("zts-unpack-");
  execFileSync("tar", ["-xzf", packed.file, "-C", dir]);
  for (const { path } of packed.info.files) {
    assert.ok(readFileSync(join(dir, "package", path)).equals(readFileSync(join(PKG, path))), path);
  }
});

test("package.json has the registry fields, with the version from Cargo.toml", () => {
  assert.equal(manifest.name, "zero-trust-seats");
  assert.equal(manifest.version, cargoVersion());
  assert.match(manifest.version, /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/);
  assert.equal(manifest.description, cargoField("description"));
  assert.ok(manifest.description.length > 20);
  assert.equal(manifest.license, cargoField("license"));
  assert.deepEqual(manifest.repository, { type: "git", url: `git+${cargoField("repository")}.git` });
  assert.ok(Array.isArray(manifest.keywords) && manifest.keywords.length >= 3);
  for (const keyword of ["cloudflare", "zero-trust", "wasm"]) assert.ok(manifest.keywords.includes(keyword), keyword);
  assert.equal(manifest.type, "module");
  assert.equal(manifest.private, undefined, "a private package cannot be published");
  assert.equal(typeof manifest.engines?.node, "string");
  assert.deepEqual(
    [...manifest.files].sort(),
    ["LICENSE", "README.md", "api.js", "browser.js", "cli.mjs", "index.d.cts", "index.d.ts", "node.cjs", "node.mjs", "snippets/",
      "worker.js", "zero_trust_seats.d.cts", "zero_trust_seats.d.ts", "zero_trust_seats.js", "zero_trust_seats_bg.wasm"],
  );
  assert.deepEqual(manifest.bin, { "zero-trust-seats": "./cli.mjs" });
  // Legacy fields for tools that predate `exports`, pointing at shipped files.
  const shipped = new Set(packed.info.files.map((f) => f.path));
  for (const field of ["main", "module", "types"]) assert.ok(shipped.has(manifest[field].replace(/^\.\//, "")), `${field}: ${manifest[field]}`);
  assert.equal(manifest.types, "./index.d.ts");
});

test("exports: one conditional entry for every runtime, `types` first", () => {
  const shipped = new Set(packed.info.files.map((f) => f.path));
  assert.deepEqual(Object.keys(manifest.exports), [".", "./package.json"]);
  assert.equal(manifest.exports["./package.json"], "./package.json");
  const root = manifest.exports["."];
  // Order matters: the first matching condition wins. Workers with nodejs_compat also match
  // "node", so workerd/worker come before it; "default" is last.
  assert.deepEqual(Object.keys(root), ["types", "workerd", "worker", "node", "browser", "default"]);
  // CommonJS types exactly where Node's `require` picks the CommonJS entry.
  assert.deepEqual(root.types, { node: { import: "./index.d.ts", require: "./index.d.cts" }, default: "./index.d.ts" });
  assert.equal(root.workerd, "./worker.js");
  assert.equal(root.worker, "./worker.js");
  assert.deepEqual(Object.keys(root.node).filter((k) => k !== "types"), ["import", "require"]);
  assert.equal(root.node.import, "./node.mjs");
  assert.equal(root.node.require, "./node.cjs");
  assert.equal(root.browser, "./browser.js");
  assert.equal(root.default, "./browser.js");
  // Wherever `types` appears it comes first, and every target is a shipped file.
  const walk = (branch, where) => {
    if (typeof branch === "string") {
      assert.ok(shipped.has(branch.replace(/^\.\//, "")), `${where} → ${branch} is not in the tarball`);
      return;
    }
    const keys = Object.keys(branch);
    if (keys.includes("types")) assert.equal(keys[0], "types", `${where}: types must be first`);
    for (const key of keys) walk(branch[key], `${where}.${key}`);
  };
  walk(manifest.exports, "exports");
});

test("sideEffects lets bundlers drop unused code but keeps the wasm instantiation", () => {
  // `false` would be wrong: the entries re-export the glue and instantiate the wasm at import,
  // and a bundler told they have no side effects links the re-exports straight to the glue and
  // drops the instantiation (Vite 8 does; runtime-vite.test.mjs shows the page failing).
  assert.ok(
    Array.isArray(manifest.sideEffects),
    `sideEffects is ${JSON.stringify(manifest.sideEffects)}: list the entry modules instead (see tests/js/tarball.test.mjs)`,
  );
  for (const file of SIDE_EFFECT_FILES) assert.ok(manifest.sideEffects.includes(file), `sideEffects misses ${file}`);
  assert.ok(
    manifest.sideEffects.some((pattern) => /errors\.js$/.test(pattern)),
    "sideEffects misses the errors module (it names the error classes at load)",
  );
  assert.ok(!manifest.sideEffects.includes("./zero_trust_seats.js"), "the glue itself is side-effect free");
});

/** Runs a root devDependency's CLI; resolves to { code, out } (stdout and stderr), never rejects. */
async function runTool(name, args) {
  try {
    const { stdout, stderr } = await promisify(execFile)(devBin(name), args, { encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    return { code: err.code, out: `${err.stdout ?? ""}${err.stderr ?? ""}` || err.message };
  }
}

test("publint, strict, finds nothing in the tarball", async () => {
  // --strict turns warnings (e.g. "types is interpreted as ESM under require") into errors.
  const { code, out } = await runTool("publint", ["run", "--strict", packed.file]);
  assert.equal(code, 0, out);
  assert.match(out, /^All good!$/m, out);
  assert.doesNotMatch(out, /Errors:|Warnings:|Suggestions:/, out);
});

test("arethetypeswrong finds nothing, and CommonJS resolves to the CommonJS types", async () => {
  const { code, out } = await runTool("attw", ["--format", "json", packed.file]);
  assert.equal(code, 0, out);
  const { analysis, problems } = JSON.parse(out);
  assert.deepEqual(problems, {});
  assert.deepEqual(analysis.problems, []);
  const resolved = Object.fromEntries(
    Object.entries(analysis.entrypoints["."].resolutions).map(([mode, r]) => [mode, r.resolution?.fileName]),
  );
  const file = (name) => `/node_modules/zero-trust-seats/${name}`;
  assert.deepEqual(resolved, {
    node10: file("index.d.ts"),
    "node16-cjs": file("index.d.cts"),
    "node16-esm": file("index.d.ts"),
    bundler: file("index.d.ts"),
  });
});
