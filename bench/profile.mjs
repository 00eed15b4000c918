// Where a contender's client CPU goes in one scenario: runs the client under `node --cpu-prof`
// against the bench server, keeps only the samples taken inside the measured window, and prints
// the top functions by self time, and self time by where the code lives.
//
//   node bench/profile.mjs <raw|sdk|ours> <scenario> [N=25]     (scenarios: clients/harness.mjs)
//
// Scenarios with a first run and steady repeats (bulk*, users10k, devices10k, reclaim) profile
// the first run; BENCH_PROFILE_STEADY=1 profiles the repeats instead.
//
// The .cpuprofile is kept in bench/results/profiles/ (open it in Chrome DevTools → Performance).

import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { functionNames, namedWasm, tidy } from "./wasm-names.mjs";
import { startServerProcess } from "./server-process.mjs";

const BENCH = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(BENCH, "..");
const [contender, scenario, topArg] = process.argv.slice(2);
if (!["raw", "sdk", "ours"].includes(contender) || !scenario) {
  process.stderr.write("usage: node bench/profile.mjs <raw|sdk|ours> <cold|seq|par32|bulk10k|bulk100k|users10k|devices10k|reclaim> [N]\n");
  process.exit(2);
}
const TOP = Number(topArg ?? 25);

function runProfiled(url, dir) {
  return new Promise((ok, fail) => {
    const child = spawn(
      process.execPath,
      ["--cpu-prof", `--cpu-prof-dir=${dir}`, "--cpu-prof-interval=200", join(BENCH, "clients", `${contender}.mjs`), scenario],
      { cwd: BENCH, env: { ...process.env, BENCH_URL: url }, stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.setEncoding("utf8").on("data", (d) => { out += d; });
    child.once("exit", (code) => (code === 0 ? ok(JSON.parse(out.trim().split("\n").pop())) : fail(new Error(`client exited ${code}`))));
  });
}

// Where a function lives, for the summary by place.
// Two wasm modules can run in a client: undici's HTTP parser (llhttp, in every contender) and, in
// ours, our core. Ours is the one with more distinct functions in the profile (set below).
let ourWasmUrl = null;

function placeOf(url) {
  if (!url) return "(native / V8 builtins)";
  if (url.startsWith("wasm://")) return url === ourWasmUrl ? "wasm (our Rust core)" : "wasm: undici's llhttp (HTTP parser)";
  if (url.startsWith("node:")) return /undici|fetch/.test(url) ? "node: undici (fetch)" : "node: other internals";
  if (url.includes("/node_modules/cloudflare/")) return "cloudflare SDK";
  if (url.includes("/pkg/snippets/")) return "pkg: JS snippets (errors.js)";
  if (url.includes("/pkg/")) return "pkg: wasm-bindgen glue (zero_trust_seats.js)";
  if (url.includes("/bench/")) return "bench harness";
  return url;
}

const server = await startServerProcess();
const dir = join(BENCH, "results", "profiles", `${contender}-${scenario}`);
rmSync(dir, { recursive: true, force: true });
mkdirSync(dir, { recursive: true });
let figures;
try {
  figures = await runProfiled(server.url, dir);
} finally {
  server.stop();
}
const file = join(dir, readdirSync(dir).find((f) => f.endsWith(".cpuprofile")));
const profile = JSON.parse(readFileSync(file, "utf8"));

const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
if (contender === "ours") {
  const distinct = new Map();
  for (const { callFrame: f } of profile.nodes) {
    if (f.url.startsWith("wasm://")) (distinct.get(f.url) ?? distinct.set(f.url, new Set()).get(f.url)).add(f.functionName);
  }
  ourWasmUrl = [...distinct].sort((a, b) => b[1].size - a[1].size)[0]?.[0] ?? null;
}
// wasm-function[N] -> its Rust name, when the named twin of pkg's .wasm matches it.
let wasmNames = new Map();
if (contender === "ours") {
  const named = namedWasm({ log: (m) => process.stderr.write(`profile: ${m}\n`) });
  if (named.path && named.matches) wasmNames = functionNames(named.path);
  else process.stderr.write(`profile: wasm functions stay unnamed: ${named.reason}\n`);
}
const [from, to] = (process.env.BENCH_PROFILE_STEADY === "1" && figures.steadyWindowUs) || figures.windowUs;
const self = new Map();
let t = profile.startTime;
let total = 0;
for (let i = 0; i < profile.samples.length; i++) {
  t += profile.timeDeltas[i];
  if (t < from || t > to) continue;
  const dt = profile.timeDeltas[i + 1] ?? 0;
  self.set(profile.samples[i], (self.get(profile.samples[i]) ?? 0) + dt);
  total += dt;
}
const byFunction = new Map();
const byPlace = new Map();
for (const [id, us] of self) {
  const { callFrame: f } = nodes.get(id);
  const where = f.url ? `${basename(f.url)}:${f.lineNumber + 1}` : "";
  const index = /^wasm-function\[(\d+)\]$/.exec(f.functionName)?.[1];
  const name = index && f.url === ourWasmUrl && wasmNames.has(Number(index)) ? `wasm: ${tidy(wasmNames.get(Number(index)))}` : f.functionName || "(anonymous)";
  const ours = f.url === ourWasmUrl;
  const key = ours ? name : f.url?.startsWith("wasm://") ? `llhttp ${f.functionName}` : `${name}  ${where}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + us);
  const place = f.functionName === "(idle)" ? "(idle: waiting for the server)" : f.functionName === "(garbage collector)" ? "(garbage collector)" : f.functionName === "(program)" ? "(program: V8 itself)" : placeOf(f.url);
  byPlace.set(place, (byPlace.get(place) ?? 0) + us);
}
const busy = total - (byPlace.get("(idle: waiting for the server)") ?? 0);
const line = (us, label) => `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / busy).toFixed(1).padStart(5)} %  ${label}`;

console.log(`${contender} ${scenario}: ${JSON.stringify({ ...figures, windowUs: undefined, steadyWindowUs: undefined })}`);
console.log(`profile ${relative(process.cwd(), file)}; ${(busy / 1000).toFixed(1)} ms sampled busy in the measured window (percentages of that)`);
console.log("\nself time by place:");
for (const [place, us] of [...byPlace].sort((a, b) => b[1] - a[1])) if (!place.startsWith("(idle")) console.log(line(us, place));
console.log(`\ntop ${TOP} functions by self time:`);
for (const [key, us] of [...byFunction].sort((a, b) => b[1] - a[1]).filter(([k]) => !k.startsWith("(idle)")).slice(0, TOP)) console.log(line(us, key));
