// The benchmark runner (`make bench` calls it through scripts/bench.sh, after building pkg/ and
// installing bench/node_modules). See bench/README.md for what is measured and how to read it.
//
//   node bench/run.mjs
//
// Environment: BENCH_ROUNDS (9), BENCH_BUDGET (1500 s: past it, no round after the third starts),
// BENCH_CALLS (2000), BENCH_SECONDS (1.5), BENCH_WARMUP (200), BENCH_REPEATS (per scenario),
// BENCH_SCENARIOS (cold,seq,par32,bulk10k,bulk100k,users10k,devices10k,reclaim),
// BENCH_OUT (bench/results/latest.json).

import { spawn, spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { gzipSync } from "node:zlib";
import { CARGO_WASM, findTool, hasNames, namedWasm, tidy } from "./wasm-names.mjs";
import { CONTENDERS, NAMES, figureRows, fmt, table } from "./figures.mjs";
import { RECLAIM_DEVICES, RECLAIM_USERS, allPageTexts } from "./data.mjs";
import { startServerProcess } from "./server-process.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, "..");
const LIVE_PKG = join(ROOT, "pkg");
// The run measures a snapshot of pkg/ (taken at its start), so that a rebuild meanwhile cannot
// mix two builds in one table.
const PKG = join(BENCH, "results", "pkg-snapshot");
const WASM = join(PKG, "zero_trust_seats_bg.wasm");
const CARGO_SNAPSHOT = join(PKG, "cargo-output.wasm");
const ALL_SCENARIOS = ["cold", "seq", "par32", "bulk10k", "bulk100k", "users10k", "devices10k", "reclaim"];
// The SDK has no planner: the planning scenario is ours against JSON.parse of the same data.
const contendersOf = (scenario) => (scenario === "reclaim" ? ["raw", "ours"] : CONTENDERS);
const CLIENT_TIMEOUT_MS = 180_000;

function numEnv(name, fallback, integer = true) {
  const raw = process.env[name];
  if (raw === undefined || raw === "") return fallback;
  const value = Number(raw);
  if (!(value > 0) || (integer && !Number.isInteger(value))) throw new Error(`${name} must be a positive ${integer ? "integer" : "number"}, got ${raw}`);
  return value;
}

const settings = {
  rounds: numEnv("BENCH_ROUNDS", 9),
  calls: numEnv("BENCH_CALLS", 2000),
  seconds: numEnv("BENCH_SECONDS", 1.5, false),
  warmup: numEnv("BENCH_WARMUP", 200),
  // Rounds after the third stop once another would end past this many seconds of measuring.
  budgetSeconds: numEnv("BENCH_BUDGET", 1500),
  scenarios: (process.env.BENCH_SCENARIOS || ALL_SCENARIOS.join(",")).split(",").map((s) => s.trim()).filter(Boolean),
};
for (const s of settings.scenarios) {
  if (!ALL_SCENARIOS.includes(s)) throw new Error(`BENCH_SCENARIOS: unknown scenario ${s} (known: ${ALL_SCENARIOS})`);
}
const OUT = resolve(process.env.BENCH_OUT || join(BENCH, "results", "latest.json"));
// The planning scenario's page texts, made once per run (~3 s) rather than in every client.
const RECLAIM_PAGES = join(BENCH, "results", "reclaim-pages.txt");

const log = (line) => process.stderr.write(`bench: ${line}\n`);

// ---------------------------------------------------------------------------------------------
// Prerequisites

function requireFile(path, hint) {
  if (!existsSync(path)) throw new Error(`${relative(ROOT, path)} is missing: ${hint}`);
}

const PKG_FILES = ["package.json", "node.mjs", "browser.js", "zero_trust_seats.js", "zero_trust_seats_bg.wasm"];

function checkPrerequisites() {
  requireFile(LIVE_PKG, "build the package first (make build)"); // its files: snapshotPkg
  for (const m of ["cloudflare", "esbuild"]) {
    requireFile(join(BENCH, "node_modules", m, "package.json"), "install the bench's tools first (cd bench && npm ci)");
  }
}

const sleep = (ms) => new Promise((done) => setTimeout(done, ms));
const digest = (path) => createHash("sha256").update(readFileSync(path)).digest("hex").slice(0, 16);
const stamp = (dir) => PKG_FILES.map((f) => { const st = statSync(join(dir, f)); return `${f}:${st.size}:${st.mtimeMs}`; }).join(" ");
const sizes = (dir) => PKG_FILES.map((f) => statSync(join(dir, f)).size).join(" ");

// Copies pkg/ once it is a finished release build: all its files there, a .wasm without a name
// section (wasm-opt has run), nothing changed while copying. Waits out a rebuild in progress.
async function snapshotPkg() {
  let previous = null;
  let steady = 0;
  for (let attempt = 0; ; attempt++) {
    let problem = null;
    let now = null;
    try {
      now = stamp(LIVE_PKG);
      if (hasNames(join(LIVE_PKG, "zero_trust_seats_bg.wasm"))) problem = "its .wasm has names: not a release build through wasm-opt";
      else {
        rmSync(PKG, { recursive: true, force: true });
        cpSync(LIVE_PKG, PKG, { recursive: true });
        // Cargo's output of the same build (before wasm-bindgen and wasm-opt), for the names.
        if (existsSync(CARGO_WASM)) cpSync(CARGO_WASM, CARGO_SNAPSHOT, { preserveTimestamps: true });
        if (stamp(LIVE_PKG) !== now || sizes(PKG) !== sizes(LIVE_PKG)) problem = "it changed while being copied";
      }
    } catch (error) {
      problem = error.message;
    }
    if (!problem) return;
    steady = now !== null && now === previous ? steady + 1 : 0;
    previous = now;
    // Unchanged for 20 s and still not a release build: nobody is rebuilding it.
    if (steady >= 2 || attempt >= 30) throw new Error(`pkg/ is not a finished release build (${problem}): run make build, or make bench without BENCH_SKIP_BUILD`);
    log(`pkg/ looks mid-rebuild (${problem}): waiting 10 s`);
    await sleep(10_000);
  }
}

const versionOf = (dir) => JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).version;

function gitCommit() {
  const r = spawnSync("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"], { encoding: "utf8" });
  if (r.status !== 0) return null;
  const dirty = spawnSync("git", ["-C", ROOT, "status", "--porcelain", "--", "src", "js", "Cargo.toml", "Cargo.lock"], { encoding: "utf8" });
  return r.stdout.trim() + (dirty.stdout.trim() ? "+dirty" : "");
}

// ---------------------------------------------------------------------------------------------
// Processes

function runClientOnce(contender, scenario, url) {
  return new Promise((resolveRun, reject) => {
    const child = spawn(process.execPath, [join(BENCH, "clients", `${contender}.mjs`), scenario], {
      cwd: BENCH,
      env: {
        ...process.env,
        BENCH_URL: url,
        BENCH_PKG_URL: pathToFileURL(`${PKG}/`).href,
        BENCH_CALLS: String(settings.calls),
        BENCH_SECONDS: String(settings.seconds),
        BENCH_WARMUP: String(settings.warmup),
        BENCH_RECLAIM_PAGES: RECLAIM_PAGES,
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d) => { stdout += d; });
    child.stderr.setEncoding("utf8").on("data", (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill("SIGKILL"), CLIENT_TIMEOUT_MS);
    child.once("error", reject);
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      const line = stdout.trim().split("\n").pop();
      if (code === 0 && line) {
        try { return resolveRun(JSON.parse(line)); } catch { /* reported below */ }
      }
      reject(new Error(`${contender} ${scenario} failed (${signal ?? `exit ${code}`}):\n${stderr.trim() || stdout.trim()}`));
    });
  });
}

// A failure is retried once: pkg/ may have been rebuilt under our feet.
async function runClient(contender, scenario, url) {
  try {
    return await runClientOnce(contender, scenario, url);
  } catch (error) {
    log(`retrying once after: ${error.message.split("\n").slice(0, 3).join(" | ")}`);
    return runClientOnce(contender, scenario, url);
  }
}

// ---------------------------------------------------------------------------------------------
// Bundles, per contender: a page that only edits seats (bench/bundle/<contender>.js) and one that
// uses every endpoint the contender has, and our planner (bench/bundle/<contender>-all.js)

const BUNDLE_PAGES = { edit: "", all: "-all" };

async function bundleOne(esbuild, entry, outdir) {
  await esbuild.build({
    entryPoints: [join(BENCH, "bundle", `${entry}.js`)],
    bundle: true,
    minify: true,
    format: "esm",
    platform: "browser",
    loader: { ".wasm": "file" },
    alias: { "zero-trust-seats": PKG },
    outdir,
    logLevel: "error",
  });
  const files = readdirSync(outdir).map((name) => join(outdir, name));
  // esbuild leaves `new URL("./x.wasm", import.meta.url)` alone and emits no file for it: the
  // .wasm the bundle loads that way is served beside it, so it counts as it is in pkg/.
  const js = readFileSync(join(outdir, `${entry}.js`), "utf8");
  for (const m of js.matchAll(/new URL\("(?:\.\/)?([\w.-]+\.wasm)",import\.meta\.url\)/g)) {
    const src = join(PKG, m[1]);
    if (existsSync(src) && !files.some((f) => f.endsWith(m[1]))) files.push(src);
  }
  const parts = [...new Set(files)].map((file) => {
    const bytes = readFileSync(file);
    return { file: relative(ROOT, file), raw: bytes.length, gzip9: gzipSync(bytes, { level: 9 }).length };
  });
  return { files: parts, raw: parts.reduce((n, p) => n + p.raw, 0), gzip9: parts.reduce((n, p) => n + p.gzip9, 0) };
}

async function measureBundles() {
  const esbuild = createRequire(join(BENCH, "package.json"))("esbuild");
  const outRoot = join(dirname(OUT), "bundles");
  rmSync(outRoot, { recursive: true, force: true });
  const bundles = {};
  for (const contender of CONTENDERS) {
    bundles[contender] = {};
    for (const [page, suffix] of Object.entries(BUNDLE_PAGES)) {
      bundles[contender][page] = await bundleOne(esbuild, `${contender}${suffix}`, join(outRoot, `${contender}${suffix}`));
    }
  }
  return bundles;
}

// ---------------------------------------------------------------------------------------------
// What fills the .wasm (twiggy, from crates.io, if installed)

// The crate an item of a named .wasm belongs to, from its demangled name (a heuristic: generic
// code of core/alloc instantiated for our types counts as core/alloc).
const PRIMITIVES = new Set(["char", "str", "bool", "u8", "u16", "u32", "u64", "u128", "usize", "i8", "i16", "i32", "i64", "i128", "isize", "f32", "f64", "F", "T"]);
function crateOf(name) {
  if (/^"|^custom section|subsection$/.test(name)) return null; // names and other metadata
  if (/^data segment/.test(name)) return "data segments (strings, tables)";
  if (/^import |^export /.test(name)) return "import/export names (shortened by scripts/optimize-wasm.mjs)";
  if (/shim|^__wbindgen|^__wbg|^__externref|^wasm_bindgen/.test(name)) return "wasm-bindgen (glue, shims, externref table)";
  if (/^(?:type|elem|global|table|memory|element|data|wasm|code)\b/.test(name)) return "other sections (types, tables, unnamed code)";
  if (/^(?:memcmp|memcpy|memmove|memset|__rustc|compiler_builtins)/.test(name)) return "compiler builtins (memcmp…)";
  let crate = /^<?&?(?:mut )?(?:dyn )?([A-Za-z_]\w*)/.exec(name)?.[1];
  if (!crate) return "other (tables, elements, types)";
  if (PRIMITIVES.has(crate)) crate = / as ([A-Za-z_]\w*)/.exec(name)?.[1] ?? "core";
  if (crate === "core" || crate === "alloc" || crate === "std") return "core/alloc/std";
  return crate;
}

function twiggyReport() {
  if (process.env.BENCH_TWIGGY === "0") return { note: "BENCH_TWIGGY=0: twiggy skipped" };
  const twiggy = findTool(["twiggy", join(process.env.HOME ?? "", ".cargo", "bin", "twiggy")]);
  if (!twiggy) return { note: "twiggy not found (cargo install twiggy): what fills the .wasm not shown" };
  const top = (file, n, format = "text") => {
    const r = spawnSync(twiggy, ["top", "-n", String(n), "-f", format, file], { encoding: "utf8", maxBuffer: 64 << 20 });
    if (r.status !== 0) throw new Error(`twiggy failed on ${file}: ${r.stderr.trim()}`);
    return r.stdout.trimEnd();
  };
  const report = { pkg: { file: relative(ROOT, WASM), top: top(WASM, 10) } };
  // pkg's .wasm has no names: its named twin (bench/wasm-names.mjs) shows what the bytes are.
  const named = namedWasm({ log, wasm: WASM, cargoWasm: CARGO_SNAPSHOT });
  if (!named.path) {
    report.note = `no names for the .wasm: ${named.reason}`;
    return report;
  }
  const items = JSON.parse(top(named.path, 1_000_000, "json"));
  const counted = items.filter((it) => crateOf(it.name) !== null);
  const total = counted.reduce((n, it) => n + it.shallow_size, 0);
  const groups = {};
  for (const it of counted) groups[crateOf(it.name)] = (groups[crateOf(it.name)] ?? 0) + it.shallow_size;
  report.named = {
    file: relative(ROOT, named.path),
    matchesPkg: named.matches,
    bytesWithoutNames: total,
    pkgBytes: statSync(WASM).size,
    byCrate: Object.entries(groups).sort((a, b) => b[1] - a[1]).map(([crate, bytes]) => ({ crate, bytes, percent: +((100 * bytes) / total).toFixed(1) })),
    top: counted.slice(0, 15).map((it) => ({ name: tidy(it.name), bytes: it.shallow_size, percent: +((100 * it.shallow_size) / total).toFixed(1) })),
  };
  if (!named.matches) report.note = `names approximate: ${named.reason}`;
  return report;
}

function printTwiggy(print, twiggy) {
  if (twiggy.pkg) print(`twiggy top ${twiggy.pkg.file} (names stripped by wasm-opt):\n${twiggy.pkg.top}`);
  const n = twiggy.named;
  if (n) {
    print();
    print(`what fills the .wasm — its named twin ${n.file}${n.matchesPkg ? " (same function bodies as pkg's)" : " (ANOTHER build: approximate)"}, ${n.bytesWithoutNames} B without names; pkg's is ${n.pkgBytes} B:`);
    for (const g of n.byCrate) print(`  ${String(g.bytes).padStart(7)} B ${String(g.percent.toFixed(1)).padStart(5)} %  ${g.crate}`);
    print("largest items:");
    for (const it of n.top) print(`  ${String(it.bytes).padStart(7)} B ${String(it.percent.toFixed(1)).padStart(5)} %  ${it.name}`);
  }
  if (twiggy.note) print(twiggy.note);
}

// ---------------------------------------------------------------------------------------------

// ---------------------------------------------------------------------------------------------
// Rounds

function writeReclaimPages() {
  const { userPages, devicePages } = allPageTexts(RECLAIM_USERS, RECLAIM_DEVICES);
  mkdirSync(dirname(RECLAIM_PAGES), { recursive: true });
  writeFileSync(RECLAIM_PAGES, [...userPages, ...devicePages].join("\n"));
}

// One client's result as the progress line shows it.
function shown(scenario, r) {
  if (scenario === "cold") return `${fmt(r.wallMs)} ms`;
  if (r.cpuPerCallMs) return `${fmt(r.cpuPerCallMs)} ms CPU/call (${r.calls})`;
  const steady = r.steadyCpuMs == null ? "" : `, steady ${fmt(r.steadyCpuMs)}`;
  return `${fmt(r.cpuMs)} ms CPU 1st${steady}, ${fmt(r.maxRssKiB / 1024)} MiB`;
}

// Every round runs each scenario for its contenders back to back; samples[scenario][contender][round].
async function runRounds(url, meta) {
  const samples = {};
  const measuring = Date.now();
  for (let round = 0; round < settings.rounds; round++) {
    const roundStart = Date.now();
    const spent = (roundStart - measuring) / 1000;
    if (round >= 3 && spent + spent / round > settings.budgetSeconds) {
      log(`stopping after ${round} rounds: another would pass BENCH_BUDGET=${settings.budgetSeconds} s (the machine is busy)`);
      break;
    }
    meta.rounds = round + 1;
    for (const scenario of settings.scenarios) {
      // Each round rotates who goes first, so drift in the machine's load spreads evenly.
      const contenders = contendersOf(scenario);
      const order = contenders.map((_, i) => contenders[(i + round) % contenders.length]);
      const line = [];
      for (const contender of order) {
        const r = await runClient(contender, scenario, url);
        ((samples[scenario] ??= {})[contender] ??= [])[round] = r;
        line.push(`${contender} ${shown(scenario, r)}`);
      }
      log(`round ${round + 1}/${settings.rounds} ${scenario}: ${line.join("; ")}`);
    }
    log(`round ${round + 1} took ${Math.round((Date.now() - roundStart) / 1000)} s (load ${loadavg()[0].toFixed(1)})`);
  }
  return samples;
}

// ---------------------------------------------------------------------------------------------

async function main() {
  checkPrerequisites();
  const started = Date.now();
  await snapshotPkg();
  const meta = {
    date: new Date().toISOString(),
    node: process.version,
    cpu: cpus()[0]?.model ?? "?",
    cores: cpus().length,
    memGiB: +(totalmem() / 2 ** 30).toFixed(1),
    loadavgAtStart: loadavg().map((x) => +x.toFixed(2)),
    settings,
    versions: {
      "zero-trust-seats": versionOf(PKG),
      cloudflare: versionOf(join(BENCH, "node_modules", "cloudflare")),
      esbuild: versionOf(join(BENCH, "node_modules", "esbuild")),
    },
    commit: gitCommit(),
    wasmBytes: statSync(WASM).size,
    wasmSha256: digest(WASM),
  };
  log(`${settings.rounds} rounds of ${settings.scenarios.join(", ")}; node ${meta.node}, ${meta.cores} cores, load ${meta.loadavgAtStart.join(" ")}`);

  log("bundles (esbuild --bundle --minify --format=esm)…");
  const bundles = await measureBundles();

  if (settings.scenarios.includes("reclaim")) writeReclaimPages();
  const server = await startServerProcess();
  let samples;
  try {
    samples = await runRounds(server.url, meta);
  } finally {
    server.stop();
    rmSync(RECLAIM_PAGES, { force: true });
  }

  const rows = figureRows(samples, bundles);
  const twiggy = twiggyReport();
  meta.loadavgAtEnd = loadavg().map((x) => +x.toFixed(2));
  try {
    meta.pkgRebuiltDuringRun = digest(join(LIVE_PKG, "zero_trust_seats_bg.wasm")) !== meta.wasmSha256;
  } catch {
    meta.pkgRebuiltDuringRun = true;
  }
  meta.seconds = Math.round((Date.now() - started) / 1000);

  const out = { meta, bundles, figures: rows, samples, twiggy };
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, `${JSON.stringify(out, null, 2)}\n`);

  printReport(out, settings.rounds);
}

function printReport({ meta, bundles, figures: rows, twiggy }, asked) {
  const print = (s = "") => process.stdout.write(`${s}\n`);
  print();
  print(`zero-trust-seats ${meta.versions["zero-trust-seats"]} (${meta.commit ?? "no git"}, wasm ${meta.wasmBytes} B sha256 ${meta.wasmSha256}) vs cloudflare ${meta.versions.cloudflare} vs raw fetch — node ${meta.node}, ${meta.cores} cores, load ${meta.loadavgAtStart.join("/")} → ${meta.loadavgAtEnd.join("/")}`);
  print(`${meta.rounds} rounds${meta.rounds < asked ? ` (of ${asked}: time budget)` : ""}, each contender in a fresh process per scenario; median (min–max) over rounds; ratios taken per round`);
  print();
  print(table(rows));
  print();
  for (const c of CONTENDERS) {
    for (const [page, b] of Object.entries(bundles[c])) {
      print(`bundle ${NAMES[c]}, ${page} page: ${b.files.map((f) => `${f.file} ${f.raw} B / ${f.gzip9} B gzip`).join(", ")}`);
    }
  }
  const missed = rows.filter((r) => r.met === false).map((r) => r.label.trim());
  print();
  print(missed.length ? `targets missed: ${missed.join("; ")}` : "all targets met");
  print();
  printTwiggy(print, twiggy);
  print();
  if (meta.pkgRebuiltDuringRun) print("note: pkg/ was rebuilt during the run; every figure above is of the snapshot taken at its start");
  print(`saved ${relative(process.cwd(), OUT)} (${meta.seconds} s)`);
}

main().catch((error) => {
  process.stderr.write(`bench: ${error.stack ?? error}\n`);
  process.exit(1);
});
