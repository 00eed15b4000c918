// The stand-in's rate-limit quota, with plain fetch: the headers of each style with exact values,
// the 429 (code 971) over the quota and the penalty that blocks every route of that credential,
// recovery after the penalty, separate credentials, the counters, and the control API.
// Run: node --test tests/js/standin-quota.test.mjs
import { test, describe, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";

import { createStandin, startStandin, DEMO_ACCOUNT_ID, DEFAULT_TOKEN, DEFAULT_EMAIL, DEFAULT_KEY, RATE_LIMIT_HEADER_NAMES } from "../../standin/standin.mjs";

const ACCOUNT = DEMO_ACCOUNT_ID;
const EXPOSED_OFF = "cf-ray, retry-after, retry-after-ms, x-should-retry";
const EXPOSED_ON = `${EXPOSED_OFF}, ratelimit, ratelimit-policy, x-ratelimit-limit, x-ratelimit-remaining, x-ratelimit-reset`;
const RFC1123 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/;
const bearer = (token = DEFAULT_TOKEN) => ({ authorization: `Bearer ${token}` });
const emailKey = (email = DEFAULT_EMAIL) => ({ "x-auth-email": email, "x-auth-key": DEFAULT_KEY });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

let server;

before(async () => {
  server = await startStandin({ prefix: "/client/v4" });
});
after(() => server.close());
beforeEach(() => server.standin.reset());

async function control(path, method = "GET", body) {
  const res = await fetch(`${server.origin}/__standin${path}`, {
    method,
    headers: { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
}

async function quota(rateLimit) {
  const set = await control("/config", "POST", { rateLimit });
  assert.equal(set.status, 200, JSON.stringify(set.json));
}

const limiter = async () => (await control("/ratelimit")).json;

function users(headers = bearer(), extra = {}) {
  return fetch(`${server.url}/accounts/${ACCOUNT}/access/users?per_page=1`, { headers: { ...headers, ...extra } });
}

function registrations(headers = bearer()) {
  return fetch(`${server.url}/accounts/${ACCOUNT}/devices/registrations?per_page=1`, { headers });
}

function patch(body, headers = bearer()) {
  return fetch(`${server.url}/accounts/${ACCOUNT}/access/seats`, {
    method: "PATCH",
    headers: { ...headers, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
}

/** The rate-limit headers of an answer (and Retry-After), by lower-case name. */
function rateHeaders(res) {
  const names = [...RATE_LIMIT_HEADER_NAMES, "retry-after"];
  return Object.fromEntries(names.filter((name) => res.headers.has(name)).map((name) => [name, res.headers.get(name)]));
}

async function status(res) {
  await res.arrayBuffer();
  return res.status;
}

async function limitedBody(res) {
  assert.equal(res.status, 429);
  const body = await res.json();
  assert.deepEqual(body.errors.map((e) => e.code), [971]);
  assert.equal(body.success, false);
  return body;
}

describe("off by default", () => {
  test("no headers, nothing counted, config and CORS as before", async () => {
    for (let i = 0; i < 5; i++) {
      const res = await users();
      assert.equal(await status(res), 200);
      assert.deepEqual(rateHeaders(res), {});
      assert.equal(res.headers.get("access-control-expose-headers"), EXPOSED_OFF);
    }
    assert.deepEqual(await limiter(), { config: null, counted: 0, answered429: 0, penalties: 0, credentials: [] });
    assert.deepEqual(Object.keys((await control("/config")).json).sort(), ["emailKeys", "tokens"]);
  });
});

describe("header styles", () => {
  test("structured: Ratelimit r = requests left after this one, t = ceil(seconds to reset); Ratelimit-Policy q, w", async () => {
    await quota({ requests: 5, windowMs: 60_000, penaltyMs: 60_000, headers: "structured" });
    const seen = [];
    for (let i = 0; i < 3; i++) {
      const res = await users();
      assert.equal(await status(res), 200);
      seen.push(rateHeaders(res));
    }
    assert.deepEqual(seen, [4, 3, 2].map((r) => ({ ratelimit: `"default";r=${r};t=60`, "ratelimit-policy": `"default";q=5;w=60` })));
  });

  test("structured is the default style; w rounds up; t counts down", async () => {
    await quota({ requests: 3, windowMs: 1_500 });
    const first = await users();
    assert.equal(await status(first), 200);
    assert.deepEqual(rateHeaders(first), { ratelimit: `"default";r=2;t=2`, "ratelimit-policy": `"default";q=3;w=2` });
    await sleep(600); // 0.9 s left: t = 1
    const second = await users();
    assert.equal(await status(second), 200);
    assert.equal(second.headers.get("ratelimit"), `"default";r=1;t=1`);
  });

  test("legacy: X-RateLimit-Limit, -Remaining and -Reset, the window's end as an RFC 1123 date", async () => {
    await quota({ requests: 5, windowMs: 60_000, penaltyMs: 60_000, headers: "legacy" });
    const res = await users();
    assert.equal(await status(res), 200);
    const [window] = (await limiter()).credentials;
    const reset = new Date(window.resetAt).toUTCString();
    assert.match(reset, RFC1123);
    assert.equal(Date.parse(window.resetAt) - Date.parse(window.windowStart), 60_000);
    assert.deepEqual(rateHeaders(res), { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "4", "x-ratelimit-reset": reset });
    const next = await users();
    assert.equal(await status(next), 200);
    assert.deepEqual(rateHeaders(next), { "x-ratelimit-limit": "5", "x-ratelimit-remaining": "3", "x-ratelimit-reset": reset });
  });

  test("both: the two forms together", async () => {
    await quota({ requests: 10, windowMs: 300_000, headers: "both" });
    const res = await registrations();
    assert.equal(await status(res), 200);
    const reset = new Date((await limiter()).credentials[0].resetAt).toUTCString();
    assert.deepEqual(rateHeaders(res), {
      ratelimit: `"default";r=9;t=300`,
      "ratelimit-policy": `"default";q=10;w=300`,
      "x-ratelimit-limit": "10",
      "x-ratelimit-remaining": "9",
      "x-ratelimit-reset": reset,
    });
  });

  test("none: no headers, but the quota still counts and trips", async () => {
    await quota({ requests: 2, windowMs: 60_000, penaltyMs: 60_000, headers: "none" });
    for (let i = 0; i < 2; i++) {
      const res = await users();
      assert.equal(await status(res), 200);
      assert.deepEqual(rateHeaders(res), {});
    }
    const res = await users();
    await limitedBody(res);
    assert.deepEqual(rateHeaders(res), { "retry-after": "60" });
    assert.deepEqual(await limiter().then(({ counted, answered429, penalties }) => ({ counted, answered429, penalties })), { counted: 2, answered429: 1, penalties: 1 });
  });

  test("with a quota on, CORS exposes the rate-limit headers (API answers and preflights)", async () => {
    await quota({ requests: 10 });
    const res = await users(bearer(), { origin: "http://localhost:5173" });
    assert.equal(await status(res), 200);
    assert.equal(res.headers.get("access-control-expose-headers"), EXPOSED_ON);
    assert.equal(res.headers.get("access-control-allow-origin"), "http://localhost:5173");
    const preflight = await fetch(`${server.url}/accounts/${ACCOUNT}/access/seats`, { method: "OPTIONS", headers: { origin: "http://localhost:5173" } });
    assert.equal(await status(preflight), 204);
    assert.equal(preflight.headers.get("access-control-expose-headers"), EXPOSED_ON);
    assert.deepEqual(rateHeaders(preflight), {}, "a preflight is not counted and carries no rate-limit headers");
    assert.equal((await limiter()).counted, 1);
  });
});

describe("the quota", () => {
  test("the request over it gets 429 971 with Retry-After, and the penalty blocks every route, unapplied", async () => {
    await quota({ requests: 2, windowMs: 60_000, penaltyMs: 120_000 });
    await control("/faults", "POST", { route: "any", status: 503 });
    const faulted = await users(); // a counted request takes the fault as usual
    assert.equal(await status(faulted), 503);
    assert.equal(faulted.headers.get("ratelimit"), `"default";r=1;t=60`, "a fault's answer carries the headers too");
    assert.equal(await status(await users()), 200);
    const over = await users();
    await limitedBody(over);
    assert.deepEqual(rateHeaders(over), { ratelimit: `"default";r=0;t=120`, "ratelimit-policy": `"default";q=2;w=60`, "retry-after": "120" });
    assert.match(over.headers.get("cf-ray"), /^[0-9a-f]{16}-SJC$/);

    const before = (await control(`/accounts/${ACCOUNT}/seats`)).json;
    const seat = before.find((s) => s.access_seat && s.gateway_seat);
    await control("/faults", "POST", { route: "any", status: 500 });
    const blocked = [
      await patch([{ seat_uid: seat.seat_uid, access_seat: false, gateway_seat: false }]),
      await registrations(),
      await users(),
      await fetch(`${server.url}/accounts/${ACCOUNT}/nowhere`, { headers: bearer() }),
    ];
    for (const res of blocked) {
      await limitedBody(res);
      const retryAfter = Number(res.headers.get("retry-after"));
      assert.ok(retryAfter >= 119 && retryAfter <= 120, `Retry-After ${retryAfter}`);
    }
    assert.deepEqual((await control(`/accounts/${ACCOUNT}/seats`)).json, before, "the blocked PATCH was not applied");
    assert.equal((await control("/faults")).json.length, 1, "a blocked request takes no fault");
    assert.equal((await control("/requests")).json.length, 7, "blocked requests are still recorded");

    const view = await limiter();
    assert.equal(view.answered429, 5);
    assert.equal(view.penalties, 1);
    assert.equal(view.counted, 2);
    assert.equal(view.credentials.length, 1);
    assert.equal(view.credentials[0].blocked, true);
    assert.equal(Date.parse(view.credentials[0].penaltyUntil) - Date.now() > 100_000, true);
  });

  test("after the penalty a new window starts, and a new excess starts a new penalty", async () => {
    await quota({ requests: 1, windowMs: 60_000, penaltyMs: 300 });
    assert.equal(await status(await users()), 200);
    const over = await users();
    await limitedBody(over);
    assert.equal(over.headers.get("retry-after"), "1", "ceil(0.3 s)");
    await sleep(150);
    await limitedBody(await registrations());
    await sleep(250);
    const recovered = await users();
    assert.equal(await status(recovered), 200);
    assert.equal(recovered.headers.get("ratelimit"), `"default";r=0;t=60`, "a fresh window of 60 s");
    await limitedBody(await users());
    const view = await limiter();
    assert.deepEqual([view.counted, view.answered429, view.penalties], [2, 3, 2]);
  });

  test("a window that ends unused up resets the count: no 429", async () => {
    await quota({ requests: 2, windowMs: 300, penaltyMs: 60_000 });
    for (let round = 0; round < 3; round++) {
      const seen = [];
      for (let i = 0; i < 2; i++) {
        const res = await users();
        assert.equal(await status(res), 200);
        seen.push(res.headers.get("ratelimit"));
      }
      assert.deepEqual(seen, [`"default";r=1;t=1`, `"default";r=0;t=1`]);
      await sleep(320);
    }
    const view = await limiter();
    assert.deepEqual([view.counted, view.answered429, view.penalties], [6, 0, 0]);
  });

  test("every API answer counts: errors, unknown routes, bad credentials; the control API does not", async () => {
    await quota({ requests: 100, windowMs: 60_000 });
    const answers = [
      await fetch(`${server.url}/accounts/${ACCOUNT}/nowhere`, { headers: bearer() }),
      await fetch(`${server.url}/accounts/${ACCOUNT}/access/users`, { method: "DELETE", headers: bearer() }),
      await patch("not an array"),
      await users(bearer(), { authorization: "Basic x" }),
    ];
    assert.deepEqual(await Promise.all(answers.map(status)), [404, 405, 400, 400]);
    assert.deepEqual(answers.slice(0, 3).map((res) => res.headers.get("ratelimit")), [99, 98, 97].map((r) => `"default";r=${r};t=60`));
    assert.equal(answers[3].headers.get("ratelimit"), `"default";r=99;t=60`, "another credential (the raw Authorization)");
    for (let i = 0; i < 5; i++) await control("/requests");
    const view = await limiter();
    assert.equal(view.counted, 4);
  });
});

describe("per credential", () => {
  test("each token and each email+key pair has its own window and penalty", async () => {
    await control("/config", "POST", { tokens: [DEFAULT_TOKEN, "second-token"] });
    await quota({ requests: 1, windowMs: 60_000, penaltyMs: 60_000 });
    assert.equal(await status(await users()), 200);
    await limitedBody(await users());
    const second = await users(bearer("second-token"));
    assert.equal(await status(second), 200, "another token is not blocked");
    assert.equal(second.headers.get("ratelimit"), `"default";r=0;t=60`);
    assert.equal(await status(await users(emailKey())), 200, "nor an email+key pair");
    await limitedBody(await users(emailKey(DEFAULT_EMAIL.toUpperCase()))); // the same pair, email in another case
    // No credentials at all: counted as one anonymous caller (answered 400 9106, then 429).
    const anonymous = await fetch(`${server.url}/accounts/${ACCOUNT}/access/users`);
    assert.equal(await status(anonymous), 400);
    await limitedBody(await fetch(`${server.url}/accounts/${ACCOUNT}/access/users`));
    await limitedBody(await users(bearer("second-token")));
    const view = await limiter();
    assert.deepEqual([view.counted, view.answered429, view.penalties], [4, 4, 4]);
    assert.deepEqual(view.credentials.map((c) => c.credential).sort(), [
      "anonymous",
      `key:${DEFAULT_EMAIL}:${DEFAULT_KEY}`,
      "token:second-token",
      `token:${DEFAULT_TOKEN}`,
    ]);
    assert.ok(view.credentials.every((c) => c.blocked));
  });
});

describe("configuration", () => {
  test("GET /config shows the quota; null turns it off; a new setting starts afresh", async () => {
    await quota({ requests: 1, windowMs: 60_000, penaltyMs: 60_000 });
    assert.deepEqual((await control("/config")).json.rateLimit, { requests: 1, windowMs: 60_000, penaltyMs: 60_000, headers: "structured" });
    await users();
    await limitedBody(await users());
    await quota({ requests: 1, windowMs: 60_000, penaltyMs: 60_000 });
    assert.equal(await status(await users()), 200, "a new setting clears the penalty");
    assert.deepEqual(await limiter().then(({ counted, answered429 }) => [counted, answered429]), [1, 0]);
    await quota(null);
    const res = await users();
    assert.equal(await status(res), 200);
    assert.deepEqual(rateHeaders(res), {});
    assert.equal((await limiter()).config, null);
    assert.equal((await control("/config")).json.rateLimit, undefined);
  });

  test("defaults: a 5-minute window and a 5-minute penalty, as on Cloudflare", async () => {
    await quota({ requests: 1200 });
    const res = await users();
    assert.equal(await status(res), 200);
    assert.deepEqual(rateHeaders(res), { ratelimit: `"default";r=1199;t=300`, "ratelimit-policy": `"default";q=1200;w=300` });
    assert.deepEqual((await limiter()).config, { requests: 1200, windowMs: 300_000, penaltyMs: 300_000, headers: "structured" });
  });

  test("bad settings are a 400 and change nothing", async () => {
    await quota({ requests: 7 });
    const bad = [
      { requests: 0 },
      { requests: 1.5 },
      { requests: 10, windowMs: 0 },
      { requests: 10, penaltyMs: -1 },
      { requests: 10, headers: "draft" },
      { requests: 10, burst: 3 },
      "1200",
      [1200],
    ];
    for (const rateLimit of bad) {
      const res = await control("/config", "POST", { rateLimit, tokens: ["other"] });
      assert.equal(res.status, 400, JSON.stringify(rateLimit));
      assert.equal(res.json.ok, false);
      assert.match(res.json.error, /rateLimit/);
    }
    const config = (await control("/config")).json;
    assert.equal(config.rateLimit.requests, 7);
    assert.deepEqual(config.tokens, [DEFAULT_TOKEN]);
  });

  test("the startStandin option sets the quota; reset restores it with fresh windows", async () => {
    const own = await startStandin({ rateLimit: { requests: 1, windowMs: 60_000, penaltyMs: 60_000, headers: "legacy" } });
    try {
      const get = () => fetch(`${own.url}/accounts/${ACCOUNT}/access/users?per_page=1`, { headers: bearer() });
      const first = await get();
      assert.equal(await status(first), 200);
      assert.equal(first.headers.get("x-ratelimit-remaining"), "0");
      assert.equal((await get()).status, 429);
      const reset = await fetch(`${own.origin}/__standin/reset`, { method: "POST" });
      assert.equal(reset.status, 200);
      const view = await (await fetch(`${own.origin}/__standin/ratelimit`)).json();
      assert.deepEqual(view, { config: { requests: 1, windowMs: 60_000, penaltyMs: 60_000, headers: "legacy" }, counted: 0, answered429: 0, penalties: 0, credentials: [] });
      assert.equal(await status(await get()), 200);
    } finally {
      await own.close();
    }
    assert.throws(() => createStandin({ rateLimit: { requests: 0 } }), /rateLimit\.requests/, "the option is checked as the control API checks it");
  });
});
