// The fault soak, shared by Node (tests/js/soak.test.mjs, secrets.test.mjs) and headless
// Chromium (tests/js/soak/page.html): plain ESM without Node imports.
//
// A run is built from a seed (`buildRetriedRun`, `buildFatalRun`): the seats, the edits, their
// batches and the fault plan, which says for each batch which fault each of its attempts meets.
// The test process computes the same run from the same seed and has its stand-in inject the plan
// (tests/js/soak/harness.mjs): a fault is picked per (batch, attempt) as each PATCH arrives,
// not by arrival order, so four batches in flight cannot hand one batch more faults than planned.
// The client side here (`retriedSoak`, `fatalCase`) seeds the stand-in, runs one `editSeats` call
// with the package's own fetch, and checks what it can see: the page or the BulkEditError, the
// stand-in's state, the requests it received, the progress calls. Reports are JSON-able; their
// `problems` list is empty when every check held.

/** A tiny seeded PRNG (mulberry32): a function returning numbers in [0, 1). */
/**
 * `onProgress` that keeps one entry per confirmed batch in `progress`. While pacing holds a batch
 * back (after a 429's Retry-After), the package says so with `waiting` and then repeats the same
 * counts without it: those are checked here (waiting > 0, counts unchanged) and not kept.
 */
function progressRecorder(progress) {
  let last = { done: 0 };
  return (p) => {
    if ("waiting" in p) {
      if (!(p.waiting > 0 && p.done === last.done)) progress.push({ ...p, badWait: true });
      return;
    }
    if (p.done === last.done) return; // the repeat after a wait (a confirmed batch adds seats)
    last = { ...p };
    progress.push(last);
  };
}

export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const int = (rng, lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
const pick = (rng, list) => list[Math.floor(rng() * list.length)];

/** A UUID-shaped seat uid (36 characters) drawn from `rng`. */
function uid(rng) {
  let hex = "";
  for (let i = 0; i < 4; i++) hex += Math.floor(rng() * 2 ** 32).toString(16).padStart(8, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const KEEP = [
  [true, true],
  [true, false],
  [false, true],
];
const ANY = [...KEEP, [false, false]];

/**
 * `count` seats to edit plus `extra` seats nobody edits: the seed (every seat has a flag) and
 * the edits (about a quarter remove their seat: both flags false).
 */
export function makeAccount(rng, count, extra = 0) {
  const uids = new Set();
  while (uids.size < count + extra) uids.add(uid(rng));
  const all = [...uids];
  const seed = all.map((seat_uid) => {
    const [access_seat, gateway_seat] = pick(rng, KEEP);
    return { seat_uid, access_seat, gateway_seat };
  });
  const edits = all.slice(0, count).map((seat_uid) => {
    const [access_seat, gateway_seat] = pick(rng, ANY);
    return { seat_uid, access_seat, gateway_seat };
  });
  return { seed, edits };
}

function batchesOf(edits, batchSize) {
  const batches = [];
  for (let i = 0; i < edits.length; i += batchSize) batches.push(edits.slice(i, i + batchSize));
  return batches;
}

const isRemoval = (edit) => !edit.access_seat && !edit.gateway_seat;

// ---------------------------------------------------------------------------------------------
// The stand-in's control API (CORS-enabled; text/plain bodies keep browsers from preflighting)

export function control(origin) {
  const call = async (method, path, body) => {
    const init = { method };
    if (body !== undefined) init.body = JSON.stringify(body);
    const res = await fetch(`${origin}/__standin${path}`, init);
    const text = await res.text();
    if (!res.ok) throw new Error(`control ${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
    return JSON.parse(text);
  };
  return {
    seed: (account, seats) => call("PUT", `/accounts/${account}/seats`, seats),
    state: (account) => call("GET", `/accounts/${account}/seats`),
    patches: async (account) => (await call("GET", `/requests?account=${account}`)).filter((r) => r.method === "PATCH"),
    addFault: (fault) => call("POST", "/faults", fault),
    faults: () => call("GET", "/faults"),
    config: (config) => call("POST", "/config", config),
  };
}

// ---------------------------------------------------------------------------------------------
// Faults

/**
 * Faults the client retries. `backoff`: the answer asks for no wait (or none arrives), so the
 * client backs off 0.5 s × 2^n minus jitter. `applied`: the stand-in applies the batch first.
 */
export const RETRIED_KINDS = {
  "429-ms": { backoff: false }, // retry-after-ms: 10-60
  "429-seconds": { backoff: false }, // Retry-After: 1
  "429-date": { backoff: false }, // Retry-After: <HTTP date 1-2 s ahead>
  "429-zero": { backoff: true }, // retry-after: 0
  "500-ms": { backoff: false },
  "502-ms": { backoff: false },
  "503-ms": { backoff: false },
  "503-plain": { backoff: true },
  reset: { backoff: true }, // the socket is dropped: no answer
  truncate: { backoff: true }, // full Content-Length, half the body, then the socket is dropped
  hang: { backoff: true }, // no answer until the client times out
  slow: { backoff: true }, // applied, answered after the client timed out
};

/** Faults the client does not retry, with the class and status they must end in. */
export const FATAL_KINDS = {
  // A complete answer (status 200, right Content-Length) whose JSON is cut in half. The
  // stand-in's `truncate` flag (the connection drops mid-body) is a connection error instead,
  // which is retried: it is in the retried soak.
  "truncated-json": { className: "InvalidResponseError", status: 200 },
  "html-200": { className: "InvalidResponseError", status: 200 },
  "success-false-200": { className: "InvalidResponseError", status: 200 },
  "forbidden-403": { className: "PermissionDeniedError", status: 403 },
};

/**
 * The stand-in fault for a planned one (`spec`: { kind, applyFirst?, waitMs?, delayMs?, body? }),
 * made when its PATCH arrives at `now`, so an HTTP date is relative to then. Returns
 * { fault, retryAt } (retryAt: the date asked for, in ms).
 */
export function standinFault(spec, account, now) {
  const fault = { account };
  if (spec.applyFirst) fault.applyFirst = true;
  if (spec.delayMs) fault.delayMs = spec.delayMs;
  let retryAt;
  switch (spec.kind) {
    case "pass":
    case "slow": // only a delay: the stand-in applies the edit and answers late
      break;
    case "429-ms":
    case "500-ms":
    case "502-ms":
    case "503-ms":
      Object.assign(fault, { status: Number(spec.kind.slice(0, 3)), headers: { "retry-after-ms": String(spec.waitMs) } });
      break;
    case "429-seconds":
      Object.assign(fault, { status: 429, headers: { "retry-after": "1" } });
      break;
    case "429-date":
      // HTTP dates have whole seconds: 1-2 s from now.
      retryAt = Math.floor(now / 1000) * 1000 + 2000;
      Object.assign(fault, { status: 429, headers: { "retry-after": new Date(retryAt).toUTCString() } });
      break;
    case "429-zero":
      Object.assign(fault, { status: 429, headers: { "retry-after": "0" } });
      break;
    case "503-plain":
      fault.status = 503;
      break;
    case "reset":
      fault.reset = true;
      break;
    case "truncate":
      fault.truncate = true;
      break;
    case "hang":
      fault.hang = true;
      break;
    case "truncated-json":
      Object.assign(fault, { status: 200, body: spec.body });
      break;
    case "html-200":
      Object.assign(fault, {
        status: 200,
        body: "<!DOCTYPE html><html><head><title>Attention Required!</title></head><body>Sorry, you have been blocked</body></html>",
        headers: { "content-type": "text/html; charset=UTF-8" },
      });
      break;
    case "success-false-200":
      Object.assign(fault, {
        status: 200,
        body: { success: false, errors: [{ code: 10000, message: "Something went wrong upstream" }], messages: [], result: null },
      });
      break;
    case "forbidden-403":
      fault.status = 403;
      break;
    default:
      throw new Error(`unknown fault kind ${spec.kind}`);
  }
  return { fault, retryAt };
}

// ---------------------------------------------------------------------------------------------
// Runs

/**
 * Plans the faults of the retried soak: a 429 storm over a run of consecutive batches (mostly
 * retry-after-ms, with `Retry-After: 1`, HTTP dates and `retry-after: 0`), then 5xx, resets,
 * truncated bodies, hung and late answers on random batches; about half of them after the
 * stand-in applied the batch. At most `maxFaultsPerBatch` per batch; faults after which the
 * client backs off only on a batch's first two attempts, so no wait reaches 2 s.
 */
function planRetriedFaults(rng, batchCount, { maxFaultsPerBatch = 4, stormLength = 12 } = {}) {
  const plan = new Map();
  const add = (batch, spec) => {
    const list = plan.get(batch) ?? [];
    if (list.length >= maxFaultsPerBatch) return false;
    if (RETRIED_KINDS[spec.kind].backoff && list.length >= 2) return false;
    list.push(spec);
    plan.set(batch, list);
    return true;
  };
  const spec = (kind) => ({ kind, waitMs: int(rng, 10, 60), applyFirst: kind === "slow" || rng() < 0.5 });
  const storm = int(rng, 0, batchCount - stormLength);
  const stormFirst = ["429-seconds", "429-seconds", "429-seconds", "429-date", "429-date", "429-zero", "429-zero", "429-zero"];
  for (let b = storm; b < storm + stormLength; b++) {
    add(b, spec(stormFirst[b - storm] ?? "429-ms"));
    for (let more = int(rng, 0, 2); more > 0; more--) add(b, spec("429-ms"));
  }
  const rest = [
    ...Array(6).fill("500-ms"),
    ...Array(6).fill("502-ms"),
    ...Array(6).fill("503-ms"),
    ...Array(2).fill("503-plain"),
    ...Array(6).fill("reset"),
    ...Array(5).fill("truncate"),
    ...Array(5).fill("hang"),
    ...Array(3).fill("slow"),
    ...Array(6).fill("429-ms"),
  ];
  for (const kind of rest) {
    for (let tries = 0; tries < 1000 && !add(int(rng, 0, batchCount - 1), spec(kind)); tries++);
  }
  return plan;
}

/**
 * The retried soak's seats, edits, batches and fault plan. A batch that meets a fault after the
 * stand-in applied it removes no seat: re-sending an applied removal is not harmless (the seat
 * is gone, the retry gets 404 "Seat not found"; the todo test in soak.test.mjs shows it).
 */
export function buildRetriedRun({ seed = 7, seats = 10_000, extraSeats = 100, batchSize = 200, timeoutMs = 1000 } = {}) {
  const rng = mulberry32(seed);
  const { seed: seeded, edits } = makeAccount(rng, seats, extraSeats);
  const batchCount = Math.ceil(edits.length / batchSize);
  const plan = planRetriedFaults(rng, batchCount);
  for (const [batch, list] of plan) {
    for (const spec of list) if (spec.kind === "slow") spec.delayMs = timeoutMs + 500;
    if (!list.some((spec) => spec.applyFirst)) continue;
    for (let i = batch * batchSize; i < Math.min((batch + 1) * batchSize, edits.length); i++) {
      if (isRemoval(edits[i])) [edits[i].access_seat, edits[i].gateway_seat] = pick(rng, KEEP);
    }
  }
  return finishRun({ seeded, edits, batchSize, plan });
}

/**
 * One fatal fault on batch `faultBatch`, before the stand-in applies it. With batches side by
 * side, the fault answers after 400 ms while the next batches (sent as soon as the ones before
 * the fault were answered) are held 1 s, so they are in flight when it comes.
 */
export function buildFatalRun({ seed, kind, concurrency = 1, seats = 10_000, extraSeats = 50, batchSize = 200 }) {
  const rng = mulberry32(seed);
  const { seed: seeded, edits } = makeAccount(rng, seats, extraSeats);
  const batchCount = Math.ceil(edits.length / batchSize);
  const faultBatch = int(rng, 5, batchCount - 6);
  const spec = { kind };
  if (kind === "truncated-json") {
    const batch = edits.slice(faultBatch * batchSize, (faultBatch + 1) * batchSize);
    const result = batch.map((e) => ({ ...e, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-02-01T00:00:00Z" }));
    const text = JSON.stringify({ success: true, errors: [], messages: [], result });
    spec.body = text.slice(0, Math.floor(text.length / 2));
  }
  const plan = new Map([[faultBatch, [spec]]]);
  const inFlight = [];
  if (concurrency > 1) {
    spec.delayMs = 400;
    for (let b = faultBatch + 1; b < Math.min(faultBatch + concurrency, batchCount); b++) {
      plan.set(b, [{ kind: "pass", delayMs: 1000 }]);
      inFlight.push(b);
    }
  }
  return { ...finishRun({ seeded, edits, batchSize, plan }), kind, faultBatch, inFlight };
}

function finishRun({ seeded, edits, batchSize, plan }) {
  const batches = batchesOf(edits, batchSize);
  const batchOfUid = new Map(edits.map((edit, i) => [edit.seat_uid, Math.floor(i / batchSize)]));
  const faultsPlanned = [...plan.values()].reduce((n, list) => n + list.filter((s) => s.kind !== "pass").length, 0);
  const fingerprint = `${edits.length}/${batches.length}/${faultsPlanned}/${edits[0]?.seat_uid}/${edits.at(-1)?.seat_uid}`;
  return { seeded, edits, batches, batchSize, plan, batchOfUid, faultsPlanned, fingerprint };
}

// ---------------------------------------------------------------------------------------------
// Helpers of the checks

const flagsOf = ({ seat_uid, access_seat, gateway_seat }) => ({ seat_uid, access_seat, gateway_seat });
const key = (seat) => `${seat.seat_uid}:${seat.access_seat ? 1 : 0}${seat.gateway_seat ? 1 : 0}`;

/** The state after applying `edits` (in order) to `seed`: sorted by uid, seats without flags removed. */
export function applyEdits(seed, edits) {
  const seats = new Map(seed.map((seat) => [seat.seat_uid, flagsOf(seat)]));
  for (const edit of edits) {
    if (edit.access_seat || edit.gateway_seat) seats.set(edit.seat_uid, flagsOf(edit));
    else seats.delete(edit.seat_uid);
  }
  return [...seats.values()].sort((a, b) => (a.seat_uid < b.seat_uid ? -1 : a.seat_uid > b.seat_uid ? 1 : 0));
}

/** Compares two seat lists; returns at most a few lines describing the differences. */
function diffSeats(label, actual, expected) {
  const problems = [];
  if (actual.length !== expected.length) problems.push(`${label}: ${actual.length} seats, expected ${expected.length}`);
  for (let i = 0; i < Math.max(actual.length, expected.length) && problems.length < 4; i++) {
    const a = actual[i] && key(actual[i]);
    const e = expected[i] && key(expected[i]);
    if (a !== e) problems.push(`${label}[${i}]: ${a} != expected ${e}`);
  }
  return problems;
}

/** A short JSON-able summary of a thrown value. */
export function describeError(err) {
  if (!(err instanceof Error)) return { thrown: String(err).slice(0, 300) };
  const out = { name: err.name, message: err.message.slice(0, 300) };
  for (const field of ["status", "attempts", "retryAfterMs", "field"]) if (err[field] !== undefined) out[field] = err[field];
  if (Array.isArray(err.applied)) {
    out.applied = err.applied.length;
    out.failed = err.failed?.map((f) => ({ edits: f.edits?.length, error: f.error?.name, message: f.error?.message?.slice(0, 200) }));
    out.notAttempted = err.notAttempted?.length;
  }
  return out;
}

function problemList() {
  const problems = [];
  const expect = (ok, message) => {
    if (!ok && problems.length < 40) problems.push(message);
  };
  return { problems, expect };
}

// ---------------------------------------------------------------------------------------------
// Run 1: faults the client retries (the stand-in injects the plan)

/**
 * Edits every seat of the run in batches through the stand-in while it injects the planned
 * faults; checks every seat is accounted for. Returns the client side's report.
 */
export async function retriedSoak(pkg, {
  origin,
  url,
  account,
  credentials,
  run: runOptions = {},
  concurrency = 4,
  maxRetries = 6,
  timeoutMs = 1000,
  collect = () => {},
}) {
  const started = Date.now();
  const { problems, expect } = problemList();
  const ctl = control(origin);
  const run = buildRetriedRun({ ...runOptions, timeoutMs });
  const { seeded, edits, batches, batchSize } = run;
  await ctl.seed(account, seeded);

  const progress = [];
  let page;
  let thrown;
  try {
    page = await pkg.editSeats(account, edits, {
      ...credentials,
      baseUrl: url,
      timeoutMs,
      maxRetries,
      batchSize,
      concurrency,
      onProgress: progressRecorder(progress),
    });
  } catch (err) {
    thrown = err;
    collect(err);
  }
  const durationMs = Date.now() - started;
  expect(thrown === undefined, `editSeats threw: ${JSON.stringify(describeError(thrown))}`);

  // The page: every seat, in body order, as edited.
  if (page) {
    expect(page.success === true, "page.success is not true");
    expect(Array.isArray(page.errors) && page.errors.length === 0, "page.errors is not []");
    problems.push(...diffSeats("result", page.result.map(flagsOf), edits));
    expect(page.result.every((s) => typeof s.created_at === "string" && typeof s.updated_at === "string"), "result seats lack timestamps");
  }

  // The stand-in's state: the seed with the edits applied, and the same as the client reported.
  const state = (await ctl.state(account)).map(flagsOf);
  problems.push(...diffSeats("state vs edits", state, applyEdits(seeded, edits)));
  if (page) problems.push(...diffSeats("state vs reported result", state, applyEdits(seeded, page.result)));

  // Every PATCH carried one whole batch.
  const patches = await ctl.patches(account);
  const batchKeys = new Map(batches.map((batch, b) => [JSON.stringify(batch.map(flagsOf)), b]));
  const sent = patches.map((p) => batchKeys.get(JSON.stringify(JSON.parse(p.body).map(flagsOf))));
  expect(sent.every((b) => b !== undefined), "a PATCH body is not one of the batches");

  // Progress: once per batch, counted in seats, ending at the total.
  expect(progress.length === batches.length, `${progress.length} progress calls for ${batches.length} batches`);
  const steps = progress.every((p, i) => p.total === edits.length && p.done === Math.min((i + 1) * batchSize, edits.length));
  expect(steps, `progress ${JSON.stringify(progress.slice(0, 3))}…`);

  return {
    fingerprint: run.fingerprint,
    seats: edits.length,
    untouchedSeats: seeded.length - edits.length,
    removedSeats: edits.filter(isRemoval).length,
    batches: batches.length,
    batchSize,
    concurrency,
    maxRetries,
    timeoutMs,
    standinPatches: patches.length,
    progressCalls: progress.length,
    durationMs,
    thrown: thrown ? describeError(thrown) : null,
    problems,
  };
}

// ---------------------------------------------------------------------------------------------
// Run 2: faults the client does not retry

/**
 * One batched call that meets a fatal fault (see `buildFatalRun`). Checks the BulkEditError's
 * lists against the stand-in's state and the requests it received, exactly.
 */
export async function fatalCase(pkg, { origin, url, account, credentials, kind, seed, concurrency = 1, run: runOptions = {}, collect = () => {} }) {
  const { problems, expect } = problemList();
  const ctl = control(origin);
  const run = buildFatalRun({ ...runOptions, seed, kind, concurrency });
  const { seeded, edits, batches, batchSize, faultBatch, inFlight, batchOfUid } = run;
  await ctl.seed(account, seeded);
  const progress = [];
  let page;
  let err;
  try {
    page = await pkg.editSeats(account, edits, {
      ...credentials,
      baseUrl: url,
      timeoutMs: 10_000,
      maxRetries: 3,
      batchSize,
      concurrency,
      onProgress: progressRecorder(progress),
    });
  } catch (thrown) {
    err = thrown;
    collect(thrown);
  }
  const want = FATAL_KINDS[kind];
  const report = { kind, concurrency, fingerprint: run.fingerprint, batches: batches.length, faultBatch, inFlight, problems };
  expect(page === undefined, "editSeats resolved");
  if (!(err instanceof pkg.BulkEditError)) {
    problems.push(`expected a BulkEditError, got ${JSON.stringify(describeError(err))}`);
    return report;
  }
  expect(err instanceof pkg.ZeroTrustSeatsError && err instanceof Error, "BulkEditError does not extend ZeroTrustSeatsError");
  expect(err.name === "BulkEditError", `name ${err.name}`);
  expect(err.cause instanceof pkg[want.className], `cause is ${err.cause?.name}, expected ${want.className}`);
  expect(err.cause?.name === want.className, `cause.name ${err.cause?.name}`);
  expect(err.cause?.status === want.status, `cause.status ${err.cause?.status}, expected ${want.status}`);
  expect(err.cause?.attempts === 1, `cause.attempts ${err.cause?.attempts}: a fatal answer was retried`);
  report.causeName = err.cause?.name;
  report.causeMessage = err.cause?.message;

  // What the stand-in received, by batch: each batch at most once.
  const patches = await ctl.patches(account);
  const received = patches.map((p) => batchOfUid.get(JSON.parse(p.body)[0]?.seat_uid)).sort((a, b) => a - b);
  expect(new Set(received).size === received.length, `a batch was sent twice: ${received.join(",")}`);

  // Expected lists: the batches before the fault, plus the ones in flight when it came.
  const all = batches.map((_, b) => b);
  const appliedBatches = all.filter((b) => b < faultBatch || inFlight.includes(b));
  const notAttemptedBatches = all.filter((b) => b > faultBatch && !inFlight.includes(b));
  const appliedEdits = appliedBatches.flatMap((b) => batches[b]);
  const notAttemptedEdits = notAttemptedBatches.flatMap((b) => batches[b]);
  const receivedWanted = [...appliedBatches, faultBatch].sort((a, b) => a - b);
  expect(received.join(",") === receivedWanted.join(","), `the stand-in received batches ${received.join(",")}, expected ${receivedWanted.join(",")}`);

  // The error's lists, exactly.
  expect(Array.isArray(err.applied) && Array.isArray(err.failed) && Array.isArray(err.notAttempted), "lists missing");
  problems.push(...diffSeats("applied", (err.applied ?? []).map(flagsOf), appliedEdits));
  expect((err.applied ?? []).every((s) => typeof s.created_at === "string" && typeof s.updated_at === "string"), "applied seats lack timestamps");
  expect(err.failed?.length === 1, `failed has ${err.failed?.length} entries`);
  const failed = err.failed?.[0];
  if (failed) {
    expect(JSON.stringify(failed.edits) === JSON.stringify(batches[faultBatch].map(flagsOf)), "failed[0].edits is not the faulted batch");
    expect(failed.error instanceof pkg[want.className], `failed[0].error is ${failed.error?.name}`);
    expect(failed.error?.message === err.cause?.message, "failed[0].error and cause differ");
    report.failedErrorIsCause = failed.error === err.cause;
  }
  expect(JSON.stringify(err.notAttempted) === JSON.stringify(notAttemptedEdits.map(flagsOf)), `notAttempted: ${err.notAttempted?.length} edits, expected ${notAttemptedEdits.length}`);
  const summary = `1 of ${batches.length} batches failed; ${appliedEdits.length} seats applied, ${batches[faultBatch].length} failed, ${notAttemptedEdits.length} not attempted; first failure: ${err.cause?.name}: ${err.cause?.message}`;
  expect(err.message.includes(summary), `message ${JSON.stringify(err.message.slice(0, 300))} lacks ${JSON.stringify(summary.slice(0, 300))}`);

  // The stand-in's state: exactly the seed with the applied seats changed.
  const state = (await ctl.state(account)).map(flagsOf);
  problems.push(...diffSeats("state vs reported applied", state, applyEdits(seeded, err.applied ?? [])));
  problems.push(...diffSeats("state vs expected", state, applyEdits(seeded, appliedEdits)));

  // Progress: once per applied batch.
  expect(progress.length === appliedBatches.length, `${progress.length} progress calls for ${appliedBatches.length} applied batches`);
  return Object.assign(report, {
    applied: err.applied?.length,
    failedSeats: failed?.edits?.length,
    notAttempted: err.notAttempted?.length,
    standinPatches: patches.length,
  });
}

/** The cases of run 2: every fatal kind, with one batch at a time and with four side by side. */
export function fatalCases({ accountPrefix, seed = 11, concurrencies = [1, 4] }) {
  const cases = [];
  for (const kind of Object.keys(FATAL_KINDS)) {
    for (const concurrency of concurrencies) {
      const n = cases.length + 1;
      cases.push({ kind, concurrency, seed: seed * 100 + n, account: `${accountPrefix}f${n}` });
    }
  }
  return cases;
}
