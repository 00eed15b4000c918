// The package as a user gets it: `npm pack` of pkg/ (once per test process), installed by
// tarball into scratch projects outside the repository. Shared by the runtime tests.
//
// Nothing here skips: a missing build or tool throws, so the calling test fails.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
/** The built package; ZTS_PACKAGE_DIR tests a copy built or patched elsewhere instead. */
export const PKG = process.env.ZTS_PACKAGE_DIR || join(REPO, "pkg");
export const FIXTURES = fileURLToPath(new URL("./", import.meta.url));
/** Binaries of the root's devDependencies (vite, wrangler, tsc): the scratch projects do not install them. */
export const BIN = join(REPO, "node_modules", ".bin");
export const PACKAGE_NAME = "zero-trust-seats";

const run = promisify(execFile);
const tempDirs = new Set();
let packed;

// Temp dirs go when the process ends, even after a failed test; `remove()` frees them earlier.
process.on("exit", () => {
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
});

/** A fresh temp dir, removed at exit. */
export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

/** Wrangler's environment: no metrics, no update check, config and logs in a temp dir. */
export function wranglerEnv() {
  const home = tempDir("zts-wrangler-home-");
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_LOG_PATH: join(home, "logs"),
    XDG_CONFIG_HOME: join(home, "config"),
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
}

function removeDir(dir) {
  rmSync(dir, { recursive: true, force: true });
  tempDirs.delete(dir);
}

/** Runs npm with a quiet, offline-friendly setup; rejects with its output on failure. */
export async function npm(args, cwd) {
  try {
    return await run("npm", args, {
      cwd,
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
      env: { ...process.env, npm_config_update_notifier: "false", npm_config_fund: "false", npm_config_audit: "false" },
    });
  } catch (err) {
    throw new Error(`npm ${args.join(" ")} failed in ${cwd}:\n${err.stdout ?? ""}${err.stderr ?? err.message}`);
  }
}

/** Throws when pkg/ is not built (a skipped runtime test would hide a broken build). */
export function assertBuilt() {
  for (const file of ["package.json", "zero_trust_seats_bg.wasm", "index.d.ts"]) {
    assert.ok(existsSync(join(PKG, file)), `${join(PKG, file)} is missing: run \`make build\` first`);
  }
}

/**
 * `npm pack` of pkg/ into a temp dir, once per process. Resolves to
 * { file (absolute path of the .tgz), dir, info (npm's JSON report: files with sizes, size, unpackedSize…) }.
 */
export function packTarball() {
  packed ??= (async () => {
    assertBuilt();
    const dir = tempDir("zts-pack-");
    const { stdout } = await npm(["pack", "--json", "--pack-destination", dir], PKG);
    const [info] = JSON.parse(stdout);
    const file = join(dir, info.filename);
    assert.ok(existsSync(file), `npm pack did not write ${file}`);
    return { file, dir, info };
  })();
  return packed;
}

/**
 * A temp project with its own package.json and the packed tarball installed as a dependency,
 * as `npm install ./zero-trust-seats-x.y.z.tgz` does for a user. `files` are copied in
 * (relative path → text), `fixture` is a folder under tests/js/runtimes/ copied over first.
 * Resolves to { dir, path(...parts), write(rel, text), remove() }.
 */
export async function scratchProject(name, { fixture, files = {}, packageJson = {} } = {}) {
  const { file } = await packTarball();
  const dir = tempDir(`zts-${name}-`);
  if (fixture) cpSync(join(FIXTURES, fixture), dir, { recursive: true });
  const manifestPath = join(dir, "package.json");
  const manifest = existsSync(manifestPath) ? JSON.parse(readFileSync(manifestPath, "utf8")) : {};
  writeFileSync(manifestPath, JSON.stringify({ name: `scratch-${name}`, private: true, ...manifest, ...packageJson }, null, 2));
  for (const [rel, text] of Object.entries(files)) writeFileSync(join(dir, rel), text);
  await npm(["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", file], dir);
  const installed = join(dir, "node_modules", PACKAGE_NAME, "package.json");
  assert.ok(existsSync(installed), `the tarball did not install into ${dir}`);
  return {
    dir,
    path: (...parts) => join(dir, ...parts),
    write: (rel, text) => writeFileSync(join(dir, rel), text),
    remove: () => removeDir(dir),
  };
}

/** The version in Cargo.toml's [package] section: the package's version must equal it. */
export function cargoVersion() {
  const toml = readFileSync(join(REPO, "Cargo.toml"), "utf8");
  const section = toml.split(/^\[/m).find((part) => part.startsWith("package]"));
  const match = section?.match(/^version\s*=\s*"([^"]+)"/m);
  assert.ok(match, "Cargo.toml has no [package] version");
  return match[1];
}

/** The executable of a root devDependency; throws (the test fails) when it is not installed. */
export function devBin(name) {
  const path = join(BIN, name);
  assert.ok(existsSync(path), `${name} is not installed: run \`npm ci\` in the repository (scripts/setup.sh does)`);
  return path;
}
