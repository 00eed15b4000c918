// Pacing proves itself end to end: the built package reclaims the seats of 20,000 generated users
// (20 user pages, ~21 registration pages, ~76 PATCH batches at concurrency 16) against the
// stand-in enforcing a quota that is a small fraction of the work, in a scaled-down window. With
// pacing on it must finish with zero 429s, every seat accounted for, in a small factor of the
// quota's minimum time; with pacing off the very same run trips the penalty, so the test can fail.
// Run: node --test tests/js/ratelimit-reclaim.test.mjs
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { BulkEditError, Client } from "../../pkg/node.mjs";
import { startStandin } from "../../standin/standin.mjs";
import { control as standinControl } from "./admin-harness.mjs";

const TOKEN = "test-token-0123456789abcdef";
const ACCOUNT = "reclaimquota";
const USERS = 20_000;
// Pages of 1000: 20 user pages, ~21 registration pages; inactiveDays 7 plans ~7,500 removals.
const INACTIVE_DAYS = 7;
const CONCURRENCY = 16;
// The quota: more than concurrency + reserve (as on the real API, 1,200 ≫ 16), but a fifth of
// the ~117 requests, so pacing must wait for the reset four or five times. The legacy style's
// X-RateLimit-Reset is a date in whole seconds (a client must wait until the second after it),
// so its window is 2 s: with 1 s that rounding alone would double each window.
const QUOTA = { requests: 25, penaltyMs: 5_000 };
const WINDOW_MS = { structured: 1_000, legacy: 2_000 };
const MAX_FACTOR = 3;

let api;

before(async () => {
  api = await startStandin({ prefix: "/client/v4", users: {} });
});
after(() => api.close());
beforeEach(() => api.standin.reset());

/** The stand-in's control API (paths under /__standin). */
const control = (method, path, body) => standinControl(api.origin, method, `/__standin${path}`, body);

const seats = async () => new Map((await control("GET", `/accounts/${ACCOUNT}/seats`)).map((s) => [s.seat_uid, s]));

async function prepare(headers) {
  const generated = await control("POST", `/accounts/${ACCOUNT}/users/generate`, { count: USERS, seed: 1, registrationsPerUser: [0, 2] });
  assert.equal(generated.users, USERS);
  // Set after generating, so the quota starts fresh for the run (control calls are not counted).
  await control("POST", "/config", { rateLimit: { ...QUOTA, windowMs: WINDOW_MS[headers], headers } });
  return generated;
}

function kinds(requests) {
  const count = (re) => requests.filter((r) => re.test(`${r.method} ${r.path}`)).length;
  return {
    userPages: count(/^GET \/accounts\/[^/]+\/access\/users$/),
    registrationPages: count(/^GET \/accounts\/[^/]+\/devices\/registrations$/),
    patches: count(/^PATCH \/accounts\/[^/]+\/access\/seats$/),
  };
}

/**
 * The most requests in any span of one window's length (informative only: the quota's windows
 * are fixed, so a span across a reset may rightly hold up to twice the quota).
 */
function busiestWindow(requests, windowMs) {
  const times = requests.map((r) => Date.parse(r.at)).sort((a, b) => a - b);
  let most = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= windowMs) j++;
    most = Math.max(most, i - j + 1);
  }
  return most;
}

for (const headers of ["structured", "legacy"]) {
  test(`paced (${headers} headers): 20,000 users reclaimed with zero 429s, every seat accounted for`, async (t) => {
    await prepare(headers);
    const before = await seats();
    const views = [];
    const client = new Client({ apiToken: TOKEN, baseUrl: api.url });
    const started = performance.now();
    const report = await client.reclaimSeats(ACCOUNT, {
      inactiveDays: INACTIVE_DAYS,
      apply: true,
      concurrency: CONCURRENCY,
      onProgress: () => views.push({ at: Math.round(performance.now() - started), ...client.rateLimit }),
    });
    const wallMs = performance.now() - started;

    const limiter = await control("GET", "/ratelimit");
    const requests = await control("GET", `/requests?account=${ACCOUNT}`);
    const seen = kinds(requests);
    const total = requests.length;
    const minWindows = Math.ceil(total / QUOTA.requests) - 1;
    const windowMs = WINDOW_MS[headers];
    const minMs = minWindows * windowMs;
    const measured = {
      headers, total, ...seen, edits: report.edits.length, quota: QUOTA.requests, windowMs,
      minWindows, minMs, wallMs: Math.round(wallMs), factor: +(wallMs / minMs).toFixed(2),
      busiestSlidingWindow: busiestWindow(requests, windowMs), limiter: { counted: limiter.counted, answered429: limiter.answered429, penalties: limiter.penalties },
      lastView: client.rateLimit,
    };
    t.diagnostic(JSON.stringify(measured));

    // Zero 429s: the quota never tripped.
    assert.equal(limiter.answered429, 0, `429s with pacing on; views: ${JSON.stringify(views)}`);
    assert.equal(limiter.penalties, 0);
    assert.equal(limiter.counted, total, "every API request was counted");
    // The work was the expected shape, and really exceeded the quota several times over.
    assert.equal(seen.userPages, USERS / 1000);
    assert.ok(seen.registrationPages >= 20, JSON.stringify(seen));
    assert.equal(seen.patches, Math.ceil(report.edits.length / 100));
    assert.equal(total, seen.userPages + seen.registrationPages + seen.patches);
    assert.ok(minWindows >= 3, `pacing must happen several times: ${minWindows} windows`);
    // Every seat accounted for: after = before with exactly the planned edits applied.
    assert.ok(report.edits.length > 5_000, `a big plan: ${report.edits.length}`);
    assert.deepEqual(report.applied.map((s) => s.seat_uid), report.edits.map((e) => e.seat_uid));
    const expected = new Map(before);
    for (const edit of report.edits) {
      if (!edit.access_seat && !edit.gateway_seat) expected.delete(edit.seat_uid);
      else expected.set(edit.seat_uid, { ...expected.get(edit.seat_uid), access_seat: edit.access_seat, gateway_seat: edit.gateway_seat });
    }
    const actual = await seats();
    assert.equal(actual.size, expected.size, `seats after: ${actual.size}, before ${before.size} − planned removals → ${expected.size}`);
    for (const [uid, seat] of expected) {
      const got = actual.get(uid);
      assert.ok(got, `${uid} still held`);
      assert.equal(got.access_seat, seat.access_seat, uid);
      assert.equal(got.gateway_seat, seat.gateway_seat, uid);
    }
    // Not much slower than the quota allows.
    assert.ok(wallMs <= MAX_FACTOR * minMs, `wall ${Math.round(wallMs)} ms > ${MAX_FACTOR} × ${minMs} ms`);
    // The client's view comes from the stand-in's headers.
    assert.equal(client.rateLimit.limit, QUOTA.requests);
    if (headers === "structured") {
      assert.equal(client.rateLimit.windowMs, windowMs);
      assert.equal(client.rateLimit.policy, "default");
    }
  });
}

test("unpaced, the same reclaim trips the penalty and rejects", async (t) => {
  await prepare("structured");
  const before = await seats();
  const client = new Client({ apiToken: TOKEN, baseUrl: api.url, rateLimitPacing: false, maxRetries: 0 });
  const started = performance.now();
  const err = await client
    .reclaimSeats(ACCOUNT, { inactiveDays: INACTIVE_DAYS, apply: true, concurrency: CONCURRENCY })
    .then(() => assert.fail("expected a rejection"), (e) => e);
  const wallMs = Math.round(performance.now() - started);
  const limiter = await control("GET", "/ratelimit");
  const requests = await control("GET", `/requests?account=${ACCOUNT}`);
  const measured = { total: requests.length, ...kinds(requests), wallMs, error: err.name, cause: err.cause?.name, limiter: { counted: limiter.counted, answered429: limiter.answered429, penalties: limiter.penalties } };
  t.diagnostic(JSON.stringify(measured));
  assert.ok(limiter.penalties >= 1, "the quota tripped");
  assert.ok(limiter.answered429 >= 1);
  assert.equal(limiter.counted + limiter.answered429, requests.length);
  // Whatever failed was not applied: the stand-in's seats match what the error says was applied.
  if (err instanceof BulkEditError) {
    const after = await seats();
    const removed = [...before.keys()].filter((uid) => !after.has(uid)).sort();
    assert.deepEqual(removed, err.applied.map((s) => s.seat_uid).filter((uid) => !after.has(uid)).sort());
    assert.equal(err.cause?.name, "RateLimitError");
  } else {
    assert.equal(err.name, "RateLimitError", String(err));
  }
});

// Found while writing the above, and fixed: when the window reset, every waiting request went out
// at once, even when the last answer gave the quota (q = 25) and more waited than it allows
// (concurrency 32 > 25). The pacer now caps that burst by the known quota minus the reserve.
test("paced, concurrency above the quota: the burst after a reset stays within it", async (t) => {
  await prepare("structured");
  const client = new Client({ apiToken: TOKEN, baseUrl: api.url, maxRetries: 0 });
  const started = performance.now();
  const outcome = await client
    .reclaimSeats(ACCOUNT, { inactiveDays: INACTIVE_DAYS, apply: true, concurrency: 32 })
    .then(() => "resolved", (e) => `${e.name}: ${e.message}`);
  const limiter = await control("GET", "/ratelimit");
  t.diagnostic(JSON.stringify({ outcome, wallMs: Math.round(performance.now() - started), counted: limiter.counted, answered429: limiter.answered429, penalties: limiter.penalties, lastView: client.rateLimit }));
  assert.equal(limiter.answered429, 0, "429s with pacing on");
  assert.equal(outcome, "resolved");
});
