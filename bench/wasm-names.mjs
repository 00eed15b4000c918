// Names for pkg's .wasm, which has none (wasm-opt drops them). Cargo's own output of the same build
// (target/wasm32-unknown-unknown/release/zero_trust_seats.wasm) is put through the same steps as
// scripts/build.sh — wasm-bindgen, then wasm-opt with Cargo.toml's flags — plus -g to keep the
// names. When every function body then has the same size as in pkg's .wasm, the function indices
// match too, so `wasm-function[N]` in a CPU profile and `code[N]` in twiggy get their Rust names.
//
// Needs the tools `make build` installs (wasm-bindgen on PATH or in ~/.cargo/bin, wasm-opt in
// node_modules/.bin); without them, or when cargo's output is from another build, no names.

import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { wasmOptFlags } from "../scripts/wasm-opt-flags.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, "..");
export const PKG_WASM = join(ROOT, "pkg", "zero_trust_seats_bg.wasm");
export const CARGO_WASM = join(ROOT, "target", "wasm32-unknown-unknown", "release", "zero_trust_seats.wasm");
const HOME_BIN = join(process.env.HOME ?? "", ".cargo", "bin");

export function findTool(candidates) {
  for (const candidate of candidates) {
    const r = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (r.status === 0) return candidate;
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// A minimal reader of the parts of a .wasm we need: function body sizes and the name section.

function sections(bytes) {
  let at = 8; // magic + version
  const uleb = () => {
    let result = 0;
    let shift = 0;
    for (;;) {
      const b = bytes[at++];
      result += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return result;
      shift += 7;
    }
  };
  const out = [];
  while (at < bytes.length) {
    const id = bytes[at++];
    const size = uleb();
    const start = at;
    let name = null;
    if (id === 0) {
      const len = uleb();
      name = bytes.subarray(at, at + len).toString("utf8");
      at += len;
    }
    out.push({ id, name, body: bytes.subarray(at, start + size) });
    at = start + size;
  }
  return out;
}

function reader(bytes) {
  let at = 0;
  const r = {
    get at() { return at; },
    done: () => at >= bytes.length,
    byte: () => bytes[at++],
    uleb() {
      let result = 0;
      let shift = 0;
      for (;;) {
        const b = bytes[at++];
        result += (b & 0x7f) * 2 ** shift;
        if (b < 0x80) return result;
        shift += 7;
      }
    },
    skip(n) { at += n; },
    string() {
      const len = r.uleb();
      const s = bytes.subarray(at, at + len).toString("utf8");
      at += len;
      return s;
    },
  };
  return r;
}

/** Sizes of the function bodies of a .wasm, in order. */
export function bodySizes(path) {
  const code = sections(readFileSync(path)).find((s) => s.id === 10);
  if (!code) return [];
  const r = reader(code.body);
  const n = r.uleb();
  const sizes = [];
  for (let i = 0; i < n; i++) {
    const size = r.uleb();
    sizes.push(size);
    r.skip(size);
  }
  return sizes;
}

/** True if the .wasm has a "name" section (wasm-bindgen's output before wasm-opt has one). */
export function hasNames(path) {
  return sections(readFileSync(path)).some((s) => s.id === 0 && s.name === "name");
}

/** Function index -> name, from the "name" custom section. */
export function functionNames(path) {
  const names = new Map();
  const section = sections(readFileSync(path)).find((s) => s.id === 0 && s.name === "name");
  if (!section) return names;
  const r = reader(section.body);
  while (!r.done()) {
    const id = r.byte();
    const size = r.uleb();
    const end = r.at + size;
    if (id === 1) {
      const n = r.uleb();
      for (let i = 0; i < n; i++) {
        const index = r.uleb();
        names.set(index, r.string());
      }
    }
    r.skip(end - r.at);
  }
  return names;
}

/** A Rust symbol without its hash and crate disambiguators. */
export const tidy = (name) => name.replace(/::h[0-9a-f]{16}$/, "").replace(/\[[0-9a-f]{16}\]/g, "");

// ---------------------------------------------------------------------------------------------

/**
 * The named twin of pkg's .wasm, built once per pkg build into bench/results/named/ (cached).
 * Resolves to { path } or { reason } when it cannot be had.
 */
export function namedWasm({ log = () => {}, wasm = PKG_WASM, cargoWasm = CARGO_WASM } = {}) {
  if (!existsSync(wasm)) return { reason: "pkg/ is not built" };
  if (!existsSync(cargoWasm)) return { reason: "no cargo output in target/ (make build makes it)" };
  const bindgen = findTool(["wasm-bindgen", join(HOME_BIN, "wasm-bindgen")]);
  const wasmOpt = findTool([join(ROOT, "node_modules", ".bin", "wasm-opt")]);
  if (!bindgen || !wasmOpt) return { reason: "wasm-bindgen or wasm-opt missing (make build installs them)" };
  const pkgStat = statSync(wasm);
  const cargoStat = statSync(cargoWasm);
  const dir = join(BENCH, "results", "named");
  const cached = join(dir, `${pkgStat.size}-${Math.round(pkgStat.mtimeMs)}-${cargoStat.size}-${Math.round(cargoStat.mtimeMs)}.wasm`);
  if (!existsSync(cached)) {
    const tmp = mkdtempSync(join(tmpdir(), "zts-named-"));
    try {
      const run = (cmd, args) => {
        const r = spawnSync(cmd, args, { encoding: "utf8" });
        if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr.trim().split("\n")[0]}`);
      };
      log("rebuilding pkg's .wasm with names (wasm-bindgen, wasm-opt -g) into bench/results/named/…");
      run(bindgen, ["--target", "web", "--out-dir", tmp, "--out-name", "zero_trust_seats", cargoWasm]);
      run(wasmOpt, [...wasmOptFlags(), "-g", join(tmp, "zero_trust_seats_bg.wasm"), "-o", join(tmp, "named.wasm")]);
      rmSync(dir, { recursive: true, force: true });
      mkdirSync(dir, { recursive: true });
      renameSync(join(tmp, "named.wasm"), cached);
    } catch (error) {
      return { reason: error.message };
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const a = bodySizes(wasm);
  const b = bodySizes(cached);
  const same = a.length === b.length && a.every((size, i) => size === b[i]);
  if (!same) return { path: cached, matches: false, reason: "cargo's output in target/ is from another build than pkg/ (function bodies differ)" };
  return { path: cached, matches: true };
}
