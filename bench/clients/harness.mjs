// The measuring side of a client process. Each contender's file (raw.mjs, sdk.mjs, ours.mjs)
// imports this module first, so the clocks below start before the contender's own code or
// imports run, then hands `run` a `load` function that imports and constructs the contender
// and returns `edit(accountId, body) -> Promise<seats array>`.
//
//   node bench/clients/<contender>.mjs <scenario>     (BENCH_URL = the server's base URL)
//
// Scenarios, each in a fresh process:
//   cold      import + construct + the first 1-seat call
//   seq       sequential 1-seat calls: BENCH_CALLS (2000) of them or BENCH_SECONDS (1.5) of
//             them, whichever ends first, after BENCH_WARMUP (200) calls or 0.3 s of warm-up
//   par32     likewise, with 32 calls in flight
//   bulk10k   one call of 10,000 seats (after a 1-seat warm-up call)
//   bulk100k  one call of 100,000 seats (likewise)
//
// Prints one JSON line: wall and CPU in ms (performance.now, process.cpuUsage user + system),
// the process's peak RSS in KiB (process.resourceUsage().maxRSS) and what the scenario adds.

import { ACCOUNT_ID, edits } from "../config.mjs";

// Nothing but config.mjs (no imports of its own) was loaded before these lines.
const T0 = performance.now();
const CPU0 = process.cpuUsage();

const cpuMs = (u) => (u.user + u.system) / 1000;
// Monotonic µs, the clock of V8's CPU profiles: bench/profile.mjs keeps the samples in between.
const nowUs = () => Number(process.hrtime.bigint() / 1000n);
const env = (name, fallback) => {
  const value = Number(process.env[name] || fallback);
  if (!(value > 0)) throw new Error(`${name} must be a positive number`);
  return value;
};

function check(seats, n) {
  if (!Array.isArray(seats) || seats.length !== n) {
    throw new Error(`expected ${n} seats back, got ${Array.isArray(seats) ? seats.length : typeof seats}`);
  }
}

async function cold(load) {
  const edit = await load();
  const tLoaded = performance.now();
  const cLoaded = process.cpuUsage();
  check(await edit(ACCOUNT_ID, edits(1)), 1);
  const t1 = performance.now();
  const c1 = process.cpuUsage();
  const windowUs = [nowUs() - Math.round((t1 - T0) * 1000), nowUs()];
  return {
    windowUs,
    wallMs: t1 - T0,
    cpuMs: cpuMs(c1) - cpuMs(CPU0),
    loadWallMs: tLoaded - T0,
    loadCpuMs: cpuMs(cLoaded) - cpuMs(CPU0),
    firstCallWallMs: t1 - tLoaded,
    firstCallCpuMs: cpuMs(c1) - cpuMs(cLoaded),
    // The same moments measured from the process's start (Node's own boot included).
    sinceStartWallMs: t1,
    sinceStartCpuMs: cpuMs(c1),
  };
}

// Calls `edit` with 1 seat until `calls` were made or `ms` passed (at least `width` calls),
// `width` at a time; returns how many were made.
async function loop(edit, calls, ms, width) {
  const one = edits(1);
  const deadline = performance.now() + ms;
  let started = 0;
  const worker = async () => {
    while (started < calls && (started < width || performance.now() < deadline)) {
      started++;
      check(await edit(ACCOUNT_ID, one), 1);
    }
  };
  await Promise.all(Array.from({ length: width }, worker));
  return started;
}

// Warm-up (JIT, connection pool, lazy modules), then the measured calls.
async function perCall(edit, width) {
  const calls = env("BENCH_CALLS", 2000);
  const seconds = env("BENCH_SECONDS", 1.5);
  await loop(edit, env("BENCH_WARMUP", 200), 300, width);
  const u = nowUs();
  const t = performance.now();
  const c = process.cpuUsage();
  const made = await loop(edit, calls, seconds * 1000, width);
  const wall = performance.now() - t;
  const cpu = cpuMs(process.cpuUsage(c));
  const windowUs = [u, nowUs()];
  return { calls: made, inFlight: width, wallMs: wall, cpuMs: cpu, cpuPerCallMs: cpu / made, wallPerCallMs: wall / made, windowUs };
}

async function bulk(edit, n) {
  check(await edit(ACCOUNT_ID, edits(1)), 1); // fetch, wasm and the connection are ready
  const body = edits(n);
  const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
  const maxRssBeforeKiB = process.resourceUsage().maxRSS;
  const u = nowUs();
  const t = performance.now();
  const c = process.cpuUsage();
  const seats = await edit(ACCOUNT_ID, body);
  const wall = performance.now() - t;
  const cpu = cpuMs(process.cpuUsage(c));
  const windowUs = [u, nowUs()];
  check(seats, n);
  return { seats: n, wallMs: wall, cpuMs: cpu, rssBeforeKiB, maxRssBeforeKiB, windowUs };
}

export async function run(load) {
  const scenario = process.argv[2];
  let figures;
  if (scenario === "cold") figures = await cold(load);
  else {
    const edit = await load();
    if (scenario === "seq") figures = await perCall(edit, 1);
    else if (scenario === "par32") figures = await perCall(edit, 32);
    else if (scenario === "bulk10k") figures = await bulk(edit, 10_000);
    else if (scenario === "bulk100k") figures = await bulk(edit, 100_000);
    else throw new Error(`unknown scenario ${JSON.stringify(scenario)}`);
  }
  const { maxRSS } = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ scenario, ...figures, maxRssKiB: maxRSS })}\n`);
}

/** The base URL of the bench server, from BENCH_URL. */
export function baseUrl() {
  const url = process.env.BENCH_URL;
  if (!url) throw new Error("BENCH_URL is not set (run bench/run.mjs, which starts the server)");
  return url;
}
