// The measuring side of a client process. Each contender's file (raw.mjs, sdk.mjs, ours.mjs)
// imports this module first, so the clocks below start before the contender's own code or
// imports run, then hands `run` a `load` function that imports and constructs the contender
// and returns its operations:
//   edit(accountId, body) -> Promise<seats array>
//   listUsers(accountId) -> Promise<users array>            every page, per_page 1000
//   listDevices(accountId) -> Promise<registrations array>  likewise
//   prepareReclaim({ userPages, devicePages }) -> () => users planned (raw and ours only)
//     readies, untimed, what the returned function then does with the planning scenario's texts
//
//   node bench/clients/<contender>.mjs <scenario>     (BENCH_URL = the server's base URL)
//
// Scenarios, each in a fresh process:
//   cold        import + construct + the first 1-seat call
//   seq         sequential 1-seat calls: BENCH_CALLS (2000) of them or BENCH_SECONDS (1.5) of
//               them, whichever ends first, after BENCH_WARMUP (200) calls or 0.3 s of warm-up
//   par32       likewise, with 32 calls in flight
//   bulk10k     one call of 10,000 seats after a 1-seat warm-up call (the first call), then
//               BENCH_REPEATS (15) more (the steady state: their median)
//   bulk100k    likewise with 100,000 seats, 5 more
//   users10k    listUsers of 10,000 users (10 pages): the first listing, then BENCH_REPEATS (15) more
//   devices10k  likewise, the registrations list
//   reclaim     planning 100,000 users and 150,000 registrations (ours: planReclaim; raw: JSON.parse
//               of their 250 page texts), from texts ready in memory: the first, then 2 more
//
// Prints one JSON line: wall and CPU in ms (performance.now, process.cpuUsage user + system; for
// runs of firstThenSteady also mainCpuMs, the main thread's share, on Linux),
// the process's peak RSS in KiB (process.resourceUsage().maxRSS) and what the scenario adds.

import { readFileSync } from "node:fs";
import { ACCOUNT_ID, edits } from "../config.mjs";

// Nothing but config.mjs (no imports of its own) and node:fs was loaded before these lines.
const T0 = performance.now();
const CPU0 = process.cpuUsage();

/** CPU ms of a `process.cpuUsage()` reading (user + system). */
export const cpuMs = (u) => (u.user + u.system) / 1000;
// CPU of the main thread alone (ms), from Linux's schedstat; null where there is none. The rest
// of process.cpuUsage() ran on V8's background threads: its compilers and the GC's helpers.
const MAIN_SCHEDSTAT = `/proc/self/task/${process.pid}/schedstat`;
export const mainThreadMs = () => {
  try {
    return Number(readFileSync(MAIN_SCHEDSTAT, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return null;
  }
};
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

const medianOf = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function timed(op) {
  const u = nowUs();
  const t = performance.now();
  const main = mainThreadMs();
  const c = process.cpuUsage();
  const value = await op();
  const cpu = cpuMs(process.cpuUsage(c));
  const mainCpuMs = main === null ? null : mainThreadMs() - main;
  return { value, wallMs: performance.now() - t, cpuMs: cpu, mainCpuMs, windowUs: [u, nowUs()] };
}

// The first run of `op` in this process (wallMs, cpuMs, windowUs; the peak RSS right after it),
// then `repeats` more: the steady state, their medians. `check` sees every result.
async function firstThenSteady(op, check, repeats) {
  const first = await timed(op);
  check(first.value);
  const firstMaxRssKiB = process.resourceUsage().maxRSS;
  first.value = null; // not kept alive through the repeats
  const steady = [];
  for (let k = 0; k < repeats; k++) {
    const r = await timed(op);
    check(r.value);
    steady.push(r);
  }
  return {
    wallMs: first.wallMs,
    cpuMs: first.cpuMs,
    mainCpuMs: first.mainCpuMs,
    windowUs: first.windowUs,
    firstMaxRssKiB,
    steadyRuns: repeats,
    steadyWallMs: medianOf(steady.map((r) => r.wallMs)),
    steadyCpuMs: medianOf(steady.map((r) => r.cpuMs)),
    steadyCpuMsAll: steady.map((r) => r.cpuMs),
    steadyWindowUs: [steady[0].windowUs[0], steady.at(-1).windowUs[1]],
  };
}

async function bulk(ops, n, repeats) {
  check(await ops.edit(ACCOUNT_ID, edits(1)), 1); // fetch, wasm and the connection are ready
  const body = edits(n);
  const rssBeforeKiB = Math.round(process.memoryUsage().rss / 1024);
  const maxRssBeforeKiB = process.resourceUsage().maxRSS;
  const figures = await firstThenSteady(() => ops.edit(ACCOUNT_ID, body), (seats) => check(seats, n), repeats);
  return { seats: n, rssBeforeKiB, maxRssBeforeKiB, ...figures };
}

async function listing(list, repeats) {
  const { LIST_ITEMS } = await import("../data.mjs");
  return { items: LIST_ITEMS, ...(await firstThenSteady(() => list(ACCOUNT_ID), (items) => check(items, LIST_ITEMS), repeats)) };
}

async function reclaim(ops, repeats) {
  if (!ops.prepareReclaim) throw new Error("this contender has no planner");
  const { reclaimPageTexts, RECLAIM_USERS } = await import("../data.mjs");
  const plan = ops.prepareReclaim(await reclaimPageTexts());
  const checkPlan = (users) => {
    if (users !== RECLAIM_USERS) throw new Error(`planned ${users} users, not ${RECLAIM_USERS}`);
  };
  return { users: RECLAIM_USERS, ...(await firstThenSteady(plan, checkPlan, repeats)) };
}

const repeatsOr = (fallback) => env("BENCH_REPEATS", fallback);

const SCENARIOS = {
  seq: (ops) => perCall(ops.edit, 1),
  par32: (ops) => perCall(ops.edit, 32),
  // Enough repeats that a median is not one GC or background compile's luck: one process's
  // repeats of a 10k listing ranged 16.6–72.3 ms of CPU (bench/README.md).
  bulk10k: (ops) => bulk(ops, 10_000, repeatsOr(15)),
  bulk100k: (ops) => bulk(ops, 100_000, repeatsOr(5)),
  users10k: (ops) => listing(ops.listUsers, repeatsOr(15)),
  devices10k: (ops) => listing(ops.listDevices, repeatsOr(15)),
  reclaim: (ops) => reclaim(ops, repeatsOr(2)),
};

export async function run(load) {
  const scenario = process.argv[2];
  let figures;
  if (scenario === "cold") figures = await cold(async () => (await load()).edit);
  else if (SCENARIOS[scenario]) figures = await SCENARIOS[scenario](await load());
  else throw new Error(`unknown scenario ${JSON.stringify(scenario)}`);
  const { maxRSS } = process.resourceUsage();
  process.stdout.write(`${JSON.stringify({ scenario, ...figures, maxRssKiB: maxRSS })}\n`);
}

/** The base URL of the bench server, from BENCH_URL. */
export function baseUrl() {
  const url = process.env.BENCH_URL;
  if (!url) throw new Error("BENCH_URL is not set (run bench/run.mjs, which starts the server)");
  return url;
}
