// Pacing by the rate-limit headers through the built package, with a fetch that plays an API
// announcing its budget: requests wait for the reset once the budget minus the reserve and the
// requests in flight is spent; a wait over maxRateLimitWaitMs is a RateLimitError before
// sending; a 429 pauses the client's other work; rateLimitPacing: false sends at once.
import { test } from "node:test";
import assert from "node:assert/strict";
import { Client, RateLimitError, ValidationError } from "../../pkg/node.mjs";

const TOKEN = "test-token-0123456789abcdef";
const ACCOUNT = "699d98642c564d2e855e9661899b7252";
const EDIT = [{ seat_uid: "s-1", access_seat: true, gateway_seat: true }];

/** A fetch whose answers count down `remaining` in a window of `windowMs`, in either header style. */
function api({ quota = 100, start = 12, windowMs = 1_000, style = "structured" } = {}) {
  const sent = [];
  let remaining = start;
  let resetAt = Date.now() + windowMs;
  const fetch = async (url) => {
    const now = Date.now();
    if (now >= resetAt) {
      remaining = quota;
      resetAt = now + windowMs;
    }
    remaining = Math.max(0, remaining - 1);
    sent.push({ at: now, url });
    const seconds = Math.ceil((resetAt - now) / 1000);
    const headers = { "content-type": "application/json" };
    if (style === "structured") {
      headers.ratelimit = `"default";r=${remaining};t=${seconds}`;
      headers["ratelimit-policy"] = `"default";q=${quota};w=${windowMs / 1000}`;
    } else {
      Object.assign(headers, { "x-ratelimit-limit": String(quota), "x-ratelimit-remaining": String(remaining), "x-ratelimit-reset": String(seconds) });
    }
    const body = { success: true, errors: [], messages: [], result: [{ seat_uid: "s-1", access_seat: true, gateway_seat: true }] };
    return new Response(JSON.stringify(body), { headers });
  };
  return { fetch, sent };
}

test("requests wait for the reset once remaining − reserve − in flight is spent", async () => {
  for (const style of ["structured", "legacy"]) {
    const { fetch, sent } = api({ style });
    const client = new Client({ apiToken: TOKEN, fetch });
    // remaining 11 after the first answer, reserve 10 % of 100 = 10: one more goes at once.
    const pages = [];
    for (let i = 0; i < 3; i++) pages.push(await client.editSeats(ACCOUNT, EDIT));
    assert.equal(sent.length, 3);
    assert.equal(pages[0].rateLimit.remaining, 11, "the page carries its answer's view");
    assert.equal(pages[2].rateLimit.remaining, 99);
    const gap = sent[2].at - sent[1].at;
    assert.ok(gap >= 500, `${style}: the third request waited for the reset (${gap} ms)`);
    assert.deepEqual(
      { ...client.rateLimit, resetMs: undefined },
      { remaining: 99, resetMs: undefined, limit: 100, ...(style === "structured" ? { windowMs: 1000, policy: "default" } : {}) },
    );
  }
});

test("a wait longer than maxRateLimitWaitMs is a RateLimitError before sending", async () => {
  const { fetch, sent } = api({ start: 5, windowMs: 30_000 });
  const client = new Client({ apiToken: TOKEN, fetch, maxRateLimitWaitMs: 1_000 });
  await client.editSeats(ACCOUNT, EDIT);
  const err = await client.editSeats(ACCOUNT, EDIT).then(() => assert.fail("expected a rejection"), (e) => e);
  assert.ok(err instanceof RateLimitError, String(err));
  assert.equal(sent.length, 1, "nothing sent");
  assert.equal(err.attempts, 0);
  assert.ok(err.retryAfterMs > 1_000 && err.retryAfterMs <= 30_000, String(err.retryAfterMs));
  assert.equal(err.rateLimit.remaining, 4);
  assert.match(err.message, /^the rate limit allows the next request in \d+ ms, more than maxRateLimitWaitMs \(1000 ms\): nothing was sent$/);
  // Per call, a reserve of 0 lets it through at once.
  await client.editSeats(ACCOUNT, EDIT, { rateLimitReserve: 0 });
  assert.equal(sent.length, 2);
});

test("rateLimitPacing: false sends at once; bad pacing options are ValidationErrors", async () => {
  const { fetch, sent } = api({ start: 1, windowMs: 30_000 });
  const client = new Client({ apiToken: TOKEN, fetch, rateLimitPacing: false });
  for (let i = 0; i < 3; i++) await client.editSeats(ACCOUNT, EDIT);
  assert.equal(sent.length, 3);
  for (const [options, field, message] of [
    [{ rateLimitPacing: "no" }, "rateLimitPacing", "must be true or false, not a string"],
    [{ rateLimitReserve: -1 }, "rateLimitReserve", "must be a whole number from 0 to 1000000"],
    [{ maxRateLimitWaitMs: 1.5 }, "maxRateLimitWaitMs", "must be a whole number from 0 to 3600000"],
  ]) {
    assert.throws(() => new Client({ apiToken: TOKEN, ...options }), (err) => {
      assert.ok(err instanceof ValidationError);
      assert.equal(err.field, field);
      assert.equal(err.message, `${field} ${message}`);
      return true;
    });
  }
});

test("a 429 with Retry-After pauses the client's other calls instead of adding 429s", async () => {
  const sent = [];
  let first = true;
  const fetch = async () => {
    sent.push(Date.now());
    if (first) {
      first = false;
      return new Response(JSON.stringify({ success: false, errors: [{ code: 971, message: "slow down" }], messages: [], result: null }), {
        status: 429, headers: { "content-type": "application/json", "retry-after": "1" },
      });
    }
    return new Response(JSON.stringify({ success: true, errors: [], messages: [], result: [] }), { headers: { "content-type": "application/json" } });
  };
  const client = new Client({ apiToken: TOKEN, fetch, maxRetries: 0 });
  const err = await client.editSeats(ACCOUNT, EDIT).then(() => assert.fail("expected a rejection"), (e) => e);
  assert.ok(err instanceof RateLimitError);
  assert.deepEqual(err.rateLimit, { remaining: 0, resetMs: 1000 });
  const started = Date.now();
  await client.editSeats(ACCOUNT, EDIT);
  assert.ok(Date.now() - started >= 900, "the next call waited out the 429's Retry-After");
  assert.equal(sent.length, 2);
});

test("the retry after a 429 waits the asked time once: pacing does not hold it back again when timers fire early", async () => {
  const sent = [];
  const fetch = async () => {
    sent.push(Date.now());
    if (sent.length === 1) {
      const body = { success: false, errors: [{ code: 971, message: "slow down" }], messages: [], result: null };
      return new Response(JSON.stringify(body), { status: 429, headers: { "content-type": "application/json", "retry-after-ms": "40" } });
    }
    return new Response(JSON.stringify({ success: true, errors: [], messages: [], result: [] }), { headers: { "content-type": "application/json" } });
  };
  // Node's timers run on the event loop's cached clock and may fire a little before Date.now()
  // says the time is up; here they always fire 10 ms early.
  const realSetTimeout = globalThis.setTimeout;
  globalThis.setTimeout = (callback, ms, ...args) => realSetTimeout(callback, Math.max(0, ms - 10), ...args);
  const seen = [];
  try {
    await new Client({ apiToken: TOKEN, fetch }).editSeats(ACCOUNT, EDIT, { onProgress: (p) => seen.push({ ...p }) });
  } finally {
    globalThis.setTimeout = realSetTimeout;
  }
  assert.equal(sent.length, 2);
  assert.ok(sent[1] - sent[0] >= 40, `retried after ${sent[1] - sent[0]} ms`);
  assert.deepEqual(seen, [{ done: 1, total: 1 }], "no waiting report: the retry's sleep already waited out the 429");
});

test("onProgress is told while pacing holds a request back: waiting (ms), then the same counts without it", async () => {
  const { fetch, sent } = api({ start: 12 });
  const client = new Client({ apiToken: TOKEN, fetch });
  const body = [1, 2, 3].map((n) => ({ seat_uid: `s-${n}`, access_seat: true, gateway_seat: true }));
  const seen = [];
  await client.editSeats(ACCOUNT, body, { batchSize: 1, onProgress: (p) => seen.push({ ...p }) });
  assert.equal(sent.length, 3);
  // Batch 1 answers remaining 11 (reserve 10): batch 2 goes, then batch 3 waits for the reset.
  const waits = seen.filter((p) => "waiting" in p);
  assert.equal(waits.length, 1, JSON.stringify(seen));
  assert.ok(waits[0].waiting > 0 && waits[0].waiting <= 1_000, `waiting ${waits[0].waiting}`);
  const at = seen.indexOf(waits[0]);
  assert.deepEqual({ ...seen[at], waiting: 0 }, { done: 2, total: 3, waiting: 0 });
  assert.deepEqual(seen.slice(at + 1), [{ done: 2, total: 3 }, { done: 3, total: 3 }]);
  assert.deepEqual(seen.slice(0, at), [{ done: 1, total: 3 }, { done: 2, total: 3 }]);
});

test("list results carry rateLimit: listUsers and listDeviceRegistrations arrays, findUsersByEmail matches", async () => {
  const user = { id: "u-1", email: "a@example.com", name: "A", access_seat: true, gateway_seat: false, seat_uid: "s-1" };
  const fetch = async (url) => {
    const devices = String(url).includes("/devices/registrations");
    const result_info = devices ? { cursor: "", per_page: 1000, count: 0 } : { page: 1, per_page: 1000, count: 1, total_count: 1, total_pages: 1 };
    const body = { success: true, errors: [], messages: [], result: devices ? [] : [user], result_info };
    return new Response(JSON.stringify(body), {
      headers: { "content-type": "application/json", ratelimit: '"default";r=700;t=40', "ratelimit-policy": '"default";q=1200;w=300' },
    });
  };
  const client = new Client({ apiToken: TOKEN, fetch });
  const expected = { remaining: 700, limit: 1200, windowMs: 300_000, policy: "default" };
  const view = (result) => ({ ...result.rateLimit, resetMs: undefined });
  const users = await client.listUsers(ACCOUNT);
  assert.deepEqual(users.map((u) => u.email), ["a@example.com"]);
  assert.deepEqual(view(users), { ...expected, resetMs: undefined });
  assert.ok(users.rateLimit.resetMs > 39_000 && users.rateLimit.resetMs <= 40_000);
  assert.deepEqual(view(await client.listDeviceRegistrations(ACCOUNT)), { ...expected, resetMs: undefined });
  const matches = await client.findUsersByEmail(ACCOUNT, ["a@example.com"]);
  assert.deepEqual(matches.found.map((m) => m.email), ["a@example.com"]);
  assert.deepEqual(view(matches), { ...expected, resetMs: undefined });
});
