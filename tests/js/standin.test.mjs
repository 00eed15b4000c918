// Tests of the API stand-in (standin/). Run: node --test tests/js/
import { test, describe, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import { spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";

import {
  createStandin,
  defaultSeed,
  startStandin,
  DEMO_ACCOUNT_ID,
  DEFAULT_TOKEN,
  DEFAULT_EMAIL,
  DEFAULT_KEY,
  MAX_BODY_BYTES,
  SEED_TIME,
} from "../../standin/standin.mjs";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const SEATS = [
  { seat_uid: "aaaaaaaa-0000-4000-8000-000000000001", access_seat: true, gateway_seat: true },
  { seat_uid: "aaaaaaaa-0000-4000-8000-000000000002", access_seat: true, gateway_seat: false },
  { seat_uid: "aaaaaaaa-0000-4000-8000-000000000003", access_seat: false, gateway_seat: true },
];
const [UID1, UID2, UID3] = SEATS.map((s) => s.seat_uid);
const UNKNOWN_UID = "ffffffff-0000-4000-8000-00000000dead";
const RAY = /^[0-9a-f]{16}-SJC$/;
const EXPOSED = "cf-ray, retry-after, retry-after-ms, x-should-retry";
const OPS = { email: "ops@example.com", key: "k1" };
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const SERVER_SCRIPT = fileURLToPath(new URL("../../standin/server.mjs", import.meta.url));

let server;

before(async () => {
  server = await startStandin({ seed: { ...defaultSeed(), [ACCOUNT]: SEATS } });
});
after(() => server.close());
beforeEach(() => server.standin.reset());

// --- helpers ---------------------------------------------------------------------------------

const seatsPath = (account = ACCOUNT) => `/accounts/${account}/access/seats`;
const bearer = (token = DEFAULT_TOKEN) => ({ authorization: `Bearer ${token}` });

function patch(body, { headers = bearer(), account = ACCOUNT, base = server.url, signal } = {}) {
  return fetch(base + seatsPath(account), {
    method: "PATCH",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal,
  });
}

async function control(path, method = "GET", body) {
  const init = { method };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`${server.origin}/__standin${path}`, init);
  return { status: res.status, json: await res.json() };
}

const seatsOf = async (account = ACCOUNT) => (await control(`/accounts/${account}/seats`)).json;
const queueFaults = (faults) => control("/faults", "POST", faults);
const recorded = async () => (await control("/requests")).json;

/** Asserts a failure envelope and returns its errors. */
async function assertFailure(res, status, codes) {
  assert.equal(res.status, status);
  assert.equal(res.headers.get("content-type"), "application/json");
  assert.match(res.headers.get("cf-ray"), RAY);
  const body = await res.json();
  assert.equal(body.success, false);
  assert.deepEqual(body.messages, []);
  assert.equal(body.result, null);
  assert.deepEqual(
    body.errors.map((e) => e.code),
    codes,
  );
  return body.errors;
}

/** A raw GET/PATCH that reports every byte received, even when the answer is cut short. */
function rawPatch(url, body, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "PATCH", headers: { "content-type": "application/json", ...headers } });
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("error", () => {});
      res.on("close", () => resolve({ res, complete: res.complete, bytes: Buffer.concat(chunks) }));
    });
    req.end(body);
  });
}

// --- success ---------------------------------------------------------------------------------

describe("successful edits", () => {
  test("an edit changes the state and answers the success envelope", async () => {
    const before = Date.now();
    const res = await patch([{ seat_uid: UID2, access_seat: false, gateway_seat: true }]);
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("content-type"), "application/json");
    assert.match(res.headers.get("cf-ray"), RAY);
    const body = await res.json();
    assert.deepEqual(Object.keys(body), ["success", "errors", "messages", "result", "result_info"]);
    assert.equal(body.success, true);
    assert.deepEqual(body.errors, []);
    assert.deepEqual(body.messages, []);
    assert.deepEqual(body.result_info, { count: 1, page: 1, per_page: 1, total_count: 1, total_pages: 1 });
    const [seat] = body.result;
    assert.deepEqual(Object.keys(seat), ["access_seat", "gateway_seat", "seat_uid", "created_at", "updated_at"]);
    assert.equal(seat.created_at, SEED_TIME);
    assert.match(seat.updated_at, ISO);
    assert.ok(Date.parse(seat.updated_at) >= before - 1000);
    const stored = (await seatsOf()).find((s) => s.seat_uid === UID2);
    assert.deepEqual(stored, seat);
  });

  test("each cf-ray is new", async () => {
    const a = await patch([]);
    const b = await patch([]);
    assert.notEqual(a.headers.get("cf-ray"), b.headers.get("cf-ray"));
  });

  test("both flags false removes the seat but still reports it", async () => {
    const res = await patch([{ seat_uid: UID1, access_seat: false, gateway_seat: false }]);
    assert.equal(res.status, 200);
    const { result } = await res.json();
    assert.equal(result.length, 1);
    assert.equal(result[0].seat_uid, UID1);
    assert.equal(result[0].access_seat, false);
    assert.equal(result[0].gateway_seat, false);
    assert.match(result[0].updated_at, ISO);
    assert.deepEqual(
      (await seatsOf()).map((s) => s.seat_uid),
      [UID2, UID3],
    );
    // Gone means gone: editing it again is a 404.
    await assertFailure(await patch([{ seat_uid: UID1, access_seat: true, gateway_seat: true }]), 404, [12130]);
  });

  test("result keeps body order; duplicates apply in order, the last one wins", async () => {
    const body = [
      { seat_uid: UID3, access_seat: true, gateway_seat: true },
      { seat_uid: UID1, access_seat: false, gateway_seat: false },
      { seat_uid: UID1, access_seat: true, gateway_seat: false },
    ];
    const res = await patch(body);
    const { result, result_info } = await res.json();
    assert.deepEqual(
      result.map(({ seat_uid, access_seat, gateway_seat }) => ({ seat_uid, access_seat, gateway_seat })),
      body,
    );
    assert.equal(result_info.count, 3);
    const state = await seatsOf();
    assert.deepEqual(
      state.map((s) => [s.seat_uid, s.access_seat, s.gateway_seat]),
      [
        [UID1, true, false],
        [UID2, true, false],
        [UID3, true, true],
      ],
    );
  });

  test("an empty array is a valid edit", async () => {
    const res = await patch([]);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.deepEqual(body.result, []);
    assert.deepEqual(body.result_info, { count: 0, page: 1, per_page: 0, total_count: 0, total_pages: 1 });
  });

  test("unknown keys on items are ignored", async () => {
    const res = await patch([{ seat_uid: UID2, access_seat: true, gateway_seat: true, extra: 1, note: "x" }]);
    assert.equal(res.status, 200);
    const { result } = await res.json();
    assert.deepEqual(Object.keys(result[0]), ["access_seat", "gateway_seat", "seat_uid", "created_at", "updated_at"]);
  });

  test("content-type with a charset is accepted", async () => {
    const res = await patch([], { headers: { ...bearer(), "content-type": "application/json; charset=utf-8" } });
    assert.equal(res.status, 200);
  });

  test("100,000 seats in one body are handled fast", async () => {
    // 100,000 seats with 36-character uids (~9.3 MB) exceed the default 8 MiB limit, so the
    // uids here are shorter; the next test covers full-size uids with a raised limit.
    await assertFastEdit(server, (i) => `s-${String(i).padStart(8, "0")}`);
  });

  test("100,000 full-size seats pass with a raised maxBodyBytes", async () => {
    const big = await startStandin({ seed: {}, maxBodyBytes: 16 * 1024 * 1024 });
    try {
      await assertFastEdit(big, (i) => `bbbbbbbb-0000-4000-8000-${String(i).padStart(12, "0")}`);
    } finally {
      await big.close();
    }
  });
});

async function assertFastEdit(target, uidOf) {
  const n = 100_000;
  const uids = Array.from({ length: n }, (_, i) => uidOf(i));
  const stamps = { created_at: SEED_TIME, updated_at: SEED_TIME };
  const seat = (seat_uid) => ({ access_seat: true, gateway_seat: true, seat_uid, ...stamps });
  target.standin.state.set(ACCOUNT, new Map(uids.map((uid) => [uid, seat(uid)])));
  const body = JSON.stringify(uids.map((seat_uid, i) => ({ access_seat: i % 2 === 0, gateway_seat: false, seat_uid })));
  assert.ok(Buffer.byteLength(body) <= target.standin.maxBodyBytes, `${body.length} bytes`);
  const started = performance.now();
  const res = await patch(body, { base: target.url });
  assert.equal(res.status, 200);
  const { result } = await res.json();
  const elapsed = performance.now() - started;
  assert.equal(result.length, n);
  assert.equal(target.standin.state.get(ACCOUNT).size, n / 2);
  assert.ok(elapsed < 5000, `took ${elapsed} ms`);
}

// --- authentication --------------------------------------------------------------------------

describe("authentication", () => {
  test("no credentials: 400 9106", async () => {
    const errors = await assertFailure(await patch([], { headers: {} }), 400, [9106]);
    assert.equal(errors[0].message, "Missing X-Auth-Key, X-Auth-Email or Authorization headers");
  });

  test("malformed Authorization: 400 6003 with 6111 in the chain", async () => {
    for (const value of ["Basic dXNlcjpwYXNz", "Bearer", "Bearer a b", "test-token-0123456789abcdef", ""]) {
      const errors = await assertFailure(await patch([], { headers: { authorization: value } }), 400, [6003]);
      assert.deepEqual(errors[0], {
        code: 6003,
        message: "Invalid request headers",
        error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
      });
    }
  });

  test("unknown token: 403 10000", async () => {
    const errors = await assertFailure(await patch([], { headers: bearer("nope") }), 403, [10000]);
    assert.equal(errors[0].message, "Authentication error");
  });

  test("forbidden-token-0123456789abcdef: 403 10000, nothing applied", async () => {
    const body = [{ seat_uid: UID1, access_seat: false, gateway_seat: false }];
    const errors = await assertFailure(await patch(body, { headers: bearer("forbidden-token-0123456789abcdef") }), 403, [10000]);
    assert.equal(errors[0].message, "Authentication error");
    assert.equal((await seatsOf()).length, 3);
  });

  test("X-Auth-Email + X-Auth-Key are accepted", async () => {
    const res = await patch([], { headers: { "x-auth-email": DEFAULT_EMAIL, "x-auth-key": DEFAULT_KEY } });
    assert.equal(res.status, 200);
  });

  test("email without key, or key without email: 400 9106", async () => {
    await assertFailure(await patch([], { headers: { "x-auth-email": DEFAULT_EMAIL } }), 400, [9106]);
    await assertFailure(await patch([], { headers: { "x-auth-key": DEFAULT_KEY } }), 400, [9106]);
  });

  test("wrong key: 403 9103", async () => {
    const headers = { "x-auth-email": DEFAULT_EMAIL, "x-auth-key": "f".repeat(37) };
    const errors = await assertFailure(await patch([], { headers }), 403, [9103]);
    assert.equal(errors[0].message, "Unknown X-Auth-Key or X-Auth-Email");
  });

  test("Authorization wins over email + key", async () => {
    const headers = { ...bearer("nope"), "x-auth-email": DEFAULT_EMAIL, "x-auth-key": DEFAULT_KEY };
    await assertFailure(await patch([], { headers }), 403, [10000]);
  });

  test("credentials are configurable and reset restores the defaults", async () => {
    const set = await control("/config", "POST", { tokens: ["other-token"], emailKeys: [OPS] });
    assert.deepEqual(set, { status: 200, json: { ok: true } });
    await assertFailure(await patch([]), 403, [10000]);
    assert.equal((await patch([], { headers: bearer("other-token") })).status, 200);
    assert.equal((await patch([], { headers: { "x-auth-email": OPS.email, "x-auth-key": OPS.key } })).status, 200);
    assert.deepEqual((await control("/config")).json, { tokens: ["other-token"], emailKeys: [OPS] });
    await control("/reset", "POST");
    assert.equal((await patch([])).status, 200);
  });
});

// --- body validation -------------------------------------------------------------------------

describe("body validation", () => {
  test("a non-JSON content type: 400 6003 with 6105 in the chain", async () => {
    const res = await patch("[]", { headers: { ...bearer(), "content-type": "text/plain" } });
    const errors = await assertFailure(res, 400, [6003]);
    assert.deepEqual(errors[0].error_chain, [
      { code: 6105, message: "Invalid Content-Type header, valid values are application/json,multipart/form-data" },
    ]);
  });

  test("malformed JSON: 400 6007", async () => {
    for (const text of ["[{", "", "nul"]) {
      const errors = await assertFailure(await patch(text), 400, [6007]);
      assert.deepEqual(errors[0], { code: 6007, message: "Malformed JSON in request body", source: { pointer: "" } });
    }
  });

  test("a body that is not an array: 400 10001 at the root", async () => {
    for (const value of [{ seat_uid: UID1 }, null, "x", 3]) {
      const errors = await assertFailure(await patch(JSON.stringify(value)), 400, [10001]);
      const message = "request body must be an array of seats";
      assert.deepEqual(errors[0], { code: 10001, message, source: { pointer: "" } });
    }
  });

  test("bad items: one error per problem, each with its JSON pointer; nothing applied", async () => {
    const body = [
      { seat_uid: UID1, access_seat: false, gateway_seat: false },
      { seat_uid: UID2, access_seat: "yes", gateway_seat: true },
      { seat_uid: UID3, access_seat: true },
      "seat",
      { seat_uid: "x".repeat(37), access_seat: true, gateway_seat: true },
      { seat_uid: 7, access_seat: true, gateway_seat: null },
      { access_seat: true, gateway_seat: true },
      null,
      { seat_uid: "é".repeat(36), access_seat: true, gateway_seat: true },
    ];
    const errors = await assertFailure(await patch(body), 400, Array(8).fill(10001));
    assert.deepEqual(
      errors.map((e) => [e.source.pointer, e.message]),
      [
        ["/1/access_seat", "access_seat must be a boolean"],
        ["/2/gateway_seat", "gateway_seat is required"],
        ["/3", "seat must be an object"],
        ["/4/seat_uid", "seat_uid must be at most 36 characters"],
        ["/5/gateway_seat", "gateway_seat must be a boolean"],
        ["/5/seat_uid", "seat_uid must be a string"],
        ["/6/seat_uid", "seat_uid is required"],
        ["/7", "seat must be an object"],
      ],
    );
    assert.equal((await seatsOf()).length, 3);
  });

  test("error lists are capped at 50 entries", async () => {
    const body = Array.from({ length: 1000 }, () => ({}));
    await assertFailure(await patch(body), 400, Array(50).fill(10001));
  });

  test("bodies over 8 MiB: 413 10413", async () => {
    const body = `[${" ".repeat(MAX_BODY_BYTES)}]`;
    const errors = await assertFailure(await patch(body), 413, [10413]);
    assert.equal(errors[0].message, `Request body too large (limit ${MAX_BODY_BYTES} bytes)`);
    assert.equal((await recorded())[0].body.length, MAX_BODY_BYTES);
  });

  test("maxBodyBytes is configurable", async () => {
    const small = await startStandin({ maxBodyBytes: 64 });
    try {
      const fits = `[${" ".repeat(62)}]`;
      assert.equal((await patch(fits, { base: small.url })).status, 200);
      const errors = await assertFailure(await patch(`${fits} `, { base: small.url }), 413, [10413]);
      assert.equal(errors[0].message, "Request body too large (limit 64 bytes)");
    } finally {
      await small.close();
    }
  });
});

// --- unknown seats ---------------------------------------------------------------------------

describe("unknown seats", () => {
  test("404 12130 with the pointer, and nothing from the request is applied", async () => {
    const body = [
      { seat_uid: UID1, access_seat: false, gateway_seat: false },
      { seat_uid: UNKNOWN_UID, access_seat: true, gateway_seat: true },
      { seat_uid: UID2, access_seat: false, gateway_seat: true },
    ];
    const before = await seatsOf();
    const errors = await assertFailure(await patch(body), 404, [12130]);
    const message = `Seat not found: ${UNKNOWN_UID}`;
    assert.deepEqual(errors[0], { code: 12130, message, source: { pointer: "/1/seat_uid" } });
    assert.deepEqual(await seatsOf(), before);
  });

  test("removing a seat that is already gone succeeds and changes nothing (a retry is harmless)", async () => {
    const removal = [{ seat_uid: UID1, access_seat: false, gateway_seat: false }];
    assert.equal((await patch(removal)).status, 200);
    const before = await seatsOf();
    const res = await patch(removal);
    assert.equal(res.status, 200);
    const { result } = await res.json();
    assert.equal(result[0].seat_uid, UID1);
    assert.equal(result[0].access_seat, false);
    assert.deepEqual(await seatsOf(), before);
  });

  test("an account without seats knows no seat", async () => {
    const res = await patch([{ seat_uid: UID1, access_seat: true, gateway_seat: true }], { account: "abc" });
    const errors = await assertFailure(res, 404, [12130]);
    assert.equal(errors[0].source.pointer, "/0/seat_uid");
    const removal = await patch([{ seat_uid: UID1, access_seat: false, gateway_seat: false }], { account: "abc" });
    assert.equal(removal.status, 200, "removing what is not there is a no-op");
  });
});

// --- routing ---------------------------------------------------------------------------------

describe("routing", () => {
  test("other methods on the seats path: 405 10405 with Allow: PATCH", async () => {
    for (const method of ["GET", "PUT", "POST", "DELETE"]) {
      const res = await fetch(server.url + seatsPath(), { method, headers: bearer() });
      const errors = await assertFailure(res, 405, [10405]);
      assert.equal(errors[0].message, "Method not allowed");
      assert.equal(res.headers.get("allow"), "PATCH");
    }
  });

  test("other paths: 404 7000", async () => {
    const paths = ["/", "/accounts", `${seatsPath()}/`, `/accounts/${ACCOUNT}/access/users`, `/zones/${ACCOUNT}`];
    for (const path of paths) {
      const res = await fetch(server.url + path, { method: "PATCH", headers: bearer() });
      const errors = await assertFailure(res, 404, [7000]);
      assert.equal(errors[0].message, "No route for that URI");
    }
  });

  test("an invalid account id: 404 7003", async () => {
    for (const account of ["a".repeat(33), "not-hex!", "abc_def", "%20", ""]) {
      const res = await patch([], { account });
      const errors = await assertFailure(res, 404, [7003]);
      const message = `Could not route to /accounts/${account}/access/seats, perhaps your object identifier is invalid?`;
      assert.equal(errors[0].message, message);
    }
  });

  test("account ids up to 32 alphanumerics are accepted", async () => {
    assert.equal((await patch([], { account: "A".repeat(32) })).status, 200);
    assert.equal((await patch([], { account: "x" })).status, 200);
  });
});

// --- CORS ------------------------------------------------------------------------------------

describe("CORS", () => {
  test("a preflight on the API gets 204 and the CORS headers, and is recorded", async () => {
    const res = await fetch(server.url + seatsPath(), {
      method: "OPTIONS",
      headers: {
        origin: "http://localhost:5173",
        "access-control-request-method": "PATCH",
        "access-control-request-headers": "authorization,content-type",
      },
    });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), "http://localhost:5173");
    assert.equal(res.headers.get("vary"), "Origin");
    assert.equal(res.headers.get("access-control-allow-methods"), "PATCH, GET, PUT, POST, OPTIONS");
    assert.equal(res.headers.get("access-control-allow-headers"), "authorization,content-type");
    assert.equal(res.headers.get("access-control-max-age"), "600");
    assert.equal(res.headers.get("access-control-expose-headers"), EXPOSED);
    assert.match(res.headers.get("cf-ray"), RAY);
    assert.equal(await res.text(), "");
    const [request] = await recorded();
    assert.equal(request.method, "OPTIONS");
  });

  test("a preflight without requested headers gets the default list; any path works", async () => {
    const res = await fetch(`${server.url}/nowhere`, { method: "OPTIONS" });
    assert.equal(res.status, 204);
    assert.equal(res.headers.get("access-control-allow-origin"), "*");
    const allowed = "content-type, authorization, x-auth-email, x-auth-key";
    assert.equal(res.headers.get("access-control-allow-headers"), allowed);
  });

  test("answers echo the Origin, or * without one", async () => {
    const withOrigin = await patch([], { headers: { ...bearer(), origin: "https://dash.example" } });
    assert.equal(withOrigin.headers.get("access-control-allow-origin"), "https://dash.example");
    assert.equal(withOrigin.headers.get("vary"), "Origin");
    assert.equal(withOrigin.headers.get("access-control-expose-headers"), EXPOSED);
    const errorAnswer = await patch([], { headers: { origin: "https://dash.example" } });
    assert.equal(errorAnswer.headers.get("access-control-allow-origin"), "https://dash.example");
    const withoutOrigin = await patch([]);
    assert.equal(withoutOrigin.headers.get("access-control-allow-origin"), "*");
  });

  test("the control API is CORS-enabled too", async () => {
    const res = await fetch(`${server.origin}/__standin/requests`, { headers: { origin: "http://localhost:3000" } });
    assert.equal(res.headers.get("access-control-allow-origin"), "http://localhost:3000");
    const preflight = await fetch(`${server.origin}/__standin/faults`, { method: "OPTIONS" });
    assert.equal(preflight.status, 204);
    assert.deepEqual(await recorded(), []);
  });
});

// --- recording and control -------------------------------------------------------------------

describe("request recording and the control API", () => {
  test("every API request is recorded raw, rejected ones included", async () => {
    const text = '[{"seat_uid":"' + UID2 + '","access_seat":true,"gateway_seat":true}]';
    await fetch(`${server.url}${seatsPath()}?trace=1&x=%20`, {
      method: "PATCH",
      headers: { ...bearer(), "content-type": "application/json", "X-Custom-Header": "Value" },
      body: text,
    });
    await patch([], { headers: {} });
    await fetch(`${server.url}/elsewhere`);
    const [first, second, third, ...rest] = await recorded();
    assert.deepEqual(rest, []);
    assert.equal(first.method, "PATCH");
    assert.equal(first.url, `${seatsPath()}?trace=1&x=%20`);
    assert.equal(first.path, seatsPath());
    assert.equal(first.accountId, ACCOUNT);
    assert.equal(first.body, text);
    assert.equal(first.headers.authorization, `Bearer ${DEFAULT_TOKEN}`);
    assert.equal(first.headers["x-custom-header"], "Value");
    assert.equal(first.headers["content-type"], "application/json");
    assert.match(first.at, ISO);
    assert.equal(second.headers.authorization, undefined);
    assert.equal(third.method, "GET");
    assert.equal(third.accountId, null);
    assert.equal(third.body, "");
  });

  test("requests can be filtered by account; control requests are not recorded", async () => {
    await patch([]);
    await patch([], { account: "other" });
    await seatsOf();
    assert.equal((await recorded()).length, 2);
    const { json } = await control(`/requests?account=other`);
    assert.deepEqual(
      json.map((r) => r.accountId),
      ["other"],
    );
  });

  test("reset clears requests and faults and restores the seed", async () => {
    await patch([{ seat_uid: UID1, access_seat: false, gateway_seat: false }]);
    await queueFaults([{ status: 500 }]);
    await control(`/accounts/${ACCOUNT}/seats`, "PUT", []);
    const reset = await control("/reset", "POST");
    assert.deepEqual(reset, { status: 200, json: { ok: true } });
    assert.deepEqual(await recorded(), []);
    assert.deepEqual((await control("/faults")).json, []);
    assert.deepEqual(
      (await seatsOf()).map((s) => s.seat_uid),
      [UID1, UID2, UID3],
    );
    assert.equal((await seatsOf(DEMO_ACCOUNT_ID)).length, 40);
  });

  test("PUT replaces an account's seats; GET lists them sorted by seat_uid", async () => {
    const put = await control("/accounts/fresh/seats", "PUT", [
      { seat_uid: "b", access_seat: true, gateway_seat: false },
      { seat_uid: "a", access_seat: false, gateway_seat: true },
      { seat_uid: "gone", access_seat: false, gateway_seat: false },
    ]);
    assert.deepEqual(put, { status: 200, json: { ok: true, count: 2 } });
    assert.deepEqual(await seatsOf("fresh"), [
      { access_seat: false, gateway_seat: true, seat_uid: "a", created_at: SEED_TIME, updated_at: SEED_TIME },
      { access_seat: true, gateway_seat: false, seat_uid: "b", created_at: SEED_TIME, updated_at: SEED_TIME },
    ]);
    assert.deepEqual(await seatsOf("never-seen"), []);
  });

  test("the control API refuses bad input", async () => {
    assert.equal((await control("/accounts/x/seats", "PUT", [{ seat_uid: 1 }])).status, 400);
    assert.equal((await control("/faults", "POST", [{ status: 42 }])).status, 400);
    assert.equal((await control("/faults", "POST", [{ stauts: 500 }])).status, 400);
    assert.equal((await control("/config", "POST", { tokens: "x" })).status, 400);
    assert.equal((await control("/nothing")).status, 404);
    assert.equal((await control("/reset")).status, 405);
  });

  test("the default seed is deterministic and realistic", () => {
    const seats = defaultSeed()[DEMO_ACCOUNT_ID];
    assert.deepEqual(defaultSeed(), { [DEMO_ACCOUNT_ID]: seats });
    assert.equal(seats.length, 40);
    assert.equal(new Set(seats.map((s) => s.seat_uid)).size, 40);
    for (const seat of seats) {
      assert.match(seat.seat_uid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      assert.ok(seat.access_seat || seat.gateway_seat);
      assert.match(seat.created_at, ISO);
      assert.ok(seat.updated_at >= seat.created_at);
    }
    const kinds = new Set(seats.map((s) => `${s.access_seat}/${s.gateway_seat}`));
    assert.equal(kinds.size, 3);
  });
});

// --- faults ----------------------------------------------------------------------------------

describe("faults", () => {
  const edit = [{ seat_uid: UID1, access_seat: false, gateway_seat: true }];
  const uid1State = async () => (await seatsOf()).find((s) => s.seat_uid === UID1);

  test("status + headers: answered once, default envelope, edit not applied", async () => {
    const queued = await queueFaults([{ status: 429, headers: { "Retry-After": "1", "x-should-retry": "true" } }]);
    assert.deepEqual(queued, { status: 200, json: { ok: true, queued: 1 } });
    const res = await patch(edit);
    const errors = await assertFailure(res, 429, [971]);
    assert.equal(errors[0].message, "Please wait and consider throttling your request speed");
    assert.equal(res.headers.get("retry-after"), "1");
    assert.equal(res.headers.get("x-should-retry"), "true");
    assert.equal(res.headers.get("access-control-expose-headers"), EXPOSED);
    assert.equal((await uid1State()).gateway_seat, true);
    assert.equal((await uid1State()).access_seat, true);
    assert.equal((await patch(edit)).status, 200);
    assert.deepEqual((await control("/faults")).json, []);
  });

  test("default envelopes for 5xx and 403", async () => {
    await queueFaults([{ status: 500 }, { status: 503 }, { status: 403 }]);
    assert.equal((await assertFailure(await patch(edit), 500, [10002]))[0].message, "An unknown error has occurred");
    await assertFailure(await patch(edit), 503, [10002]);
    await assertFailure(await patch(edit), 403, [10000]);
  });

  test("a custom body, string or JSON, is sent as given", async () => {
    await queueFaults([
      { status: 502, body: "<html>Bad gateway</html>", headers: { "content-type": "text/html" } },
      { status: 200, body: { success: true, result: "not an array" } },
    ]);
    const html = await patch(edit);
    assert.equal(html.status, 502);
    assert.equal(html.headers.get("content-type"), "text/html");
    assert.equal(await html.text(), "<html>Bad gateway</html>");
    const odd = await patch(edit);
    assert.equal(odd.status, 200);
    assert.deepEqual(await odd.json(), { success: true, result: "not an array" });
    assert.equal((await uid1State()).access_seat, true);
  });

  test("faults are FIFO, filtered by account, and never consumed by preflights or other routes", async () => {
    await queueFaults([{ status: 500, account: "other" }, { status: 429 }, { status: 503 }]);
    await fetch(server.url + seatsPath(), { method: "OPTIONS" });
    await fetch(server.url + seatsPath(), { method: "GET" });
    await fetch(`${server.url}/accounts/${"z".repeat(40)}/access/seats`, { method: "PATCH" });
    assert.equal((await control("/faults")).json.length, 3);
    assert.equal((await patch([])).status, 429);
    assert.equal((await patch([])).status, 503);
    assert.equal((await patch([])).status, 200);
    assert.equal((await patch([], { account: "other" })).status, 500);
  });

  test("applyFirst: the edit is applied, then the fault answers", async () => {
    await queueFaults([{ status: 500, applyFirst: true }]);
    await assertFailure(await patch(edit), 500, [10002]);
    assert.equal((await uid1State()).access_seat, false);
  });

  test("applyFirst does not apply a request that is itself refused", async () => {
    await queueFaults([{ status: 500, applyFirst: true }]);
    await assertFailure(await patch(edit, { headers: bearer("nope") }), 500, [10002]);
    assert.equal((await uid1State()).access_seat, true);
  });

  test("delayMs: the answer comes late but normal, and the edit applies", async () => {
    await queueFaults([{ delayMs: 300, headers: { "retry-after-ms": "5" } }]);
    const started = performance.now();
    const res = await patch(edit);
    const elapsed = performance.now() - started;
    assert.equal(res.status, 200);
    assert.equal(res.headers.get("retry-after-ms"), "5");
    assert.ok(elapsed >= 290, `answered after ${elapsed} ms`);
    assert.equal((await res.json()).result[0].access_seat, false);
    assert.equal((await uid1State()).access_seat, false);
  });

  test("delayMs with a status delays the fault", async () => {
    await queueFaults([{ delayMs: 200, status: 429 }]);
    const started = performance.now();
    await assertFailure(await patch(edit), 429, [971]);
    assert.ok(performance.now() - started >= 190);
  });

  test("hang: no answer until the client gives up; the request is recorded, not applied", async () => {
    await queueFaults([{ hang: true }]);
    const started = performance.now();
    await assert.rejects(patch(edit, { signal: AbortSignal.timeout(200) }), { name: "TimeoutError" });
    assert.ok(performance.now() - started >= 190);
    const requests = await recorded();
    assert.equal(requests.length, 1);
    assert.equal(requests[0].body, JSON.stringify(edit));
    assert.equal((await uid1State()).access_seat, true);
    assert.equal((await patch(edit)).status, 200);
  });

  test("hang with applyFirst applies the edit", async () => {
    await queueFaults([{ hang: true, applyFirst: true }]);
    await assert.rejects(patch(edit, { signal: AbortSignal.timeout(200) }), { name: "TimeoutError" });
    assert.equal((await uid1State()).access_seat, false);
  });

  test("reset: the connection drops without an answer", async () => {
    await queueFaults([{ reset: true }]);
    await assert.rejects(patch(edit), (error) => error instanceof TypeError && error.message === "fetch failed");
    assert.equal((await uid1State()).access_seat, true);
    assert.equal((await recorded()).length, 1);
  });

  test("reset with applyFirst applies the edit before dropping", async () => {
    await queueFaults([{ reset: true, applyFirst: true }]);
    await assert.rejects(patch(edit), TypeError);
    assert.equal((await uid1State()).access_seat, false);
  });

  test("truncate: 200 with the full Content-Length, half the body, then the socket closes", async () => {
    await queueFaults([{ truncate: true }]);
    const { res, complete, bytes } = await rawPatch(server.url + seatsPath(), JSON.stringify(edit), bearer());
    assert.equal(res.statusCode, 200);
    assert.match(res.headers["cf-ray"], RAY);
    const length = Number(res.headers["content-length"]);
    assert.equal(complete, false);
    assert.equal(bytes.length, Math.floor(length / 2));
    assert.ok(bytes.toString().startsWith('{"success":true,'));
    assert.equal((await uid1State()).access_seat, true);
  });

  test("truncate seen through fetch: the body cannot be read; applyFirst applies", async () => {
    await queueFaults([{ truncate: true, applyFirst: true }]);
    const res = await patch(edit);
    assert.equal(res.status, 200);
    await assert.rejects(res.text(), TypeError);
    assert.equal((await uid1State()).access_seat, false);
  });
});

// --- prefix ----------------------------------------------------------------------------------

describe("prefix", () => {
  let prefixed;
  before(async () => {
    prefixed = await startStandin({ prefix: "/client/v4/" });
  });
  after(() => prefixed.close());

  test("url carries the prefix, origin does not", () => {
    assert.equal(prefixed.url, `http://127.0.0.1:${prefixed.port}/client/v4`);
    assert.equal(prefixed.origin, `http://127.0.0.1:${prefixed.port}`);
  });

  test("the API lives under the prefix; the control API at the root", async () => {
    const uid = defaultSeed()[DEMO_ACCOUNT_ID][0].seat_uid;
    const edit = [{ seat_uid: uid, access_seat: true, gateway_seat: true }];
    const res = await patch(edit, { base: prefixed.url, account: DEMO_ACCOUNT_ID });
    assert.equal(res.status, 200);
    const [request] = await (await fetch(`${prefixed.origin}/__standin/requests?account=${DEMO_ACCOUNT_ID}`)).json();
    assert.equal(request.url, `/client/v4${seatsPath(DEMO_ACCOUNT_ID)}`);
    assert.equal(request.path, seatsPath(DEMO_ACCOUNT_ID));
  });

  test("a route error names the path without the prefix", async () => {
    const res = await patch([], { base: prefixed.url, account: "bad-id" });
    const errors = await assertFailure(res, 404, [7003]);
    const message = "Could not route to /accounts/bad-id/access/seats, perhaps your object identifier is invalid?";
    assert.equal(errors[0].message, message);
  });

  test("paths outside the prefix are not the stand-in's: handle() returns false", async () => {
    prefixed.standin.reset();
    const res = await fetch(`${prefixed.origin}${seatsPath(DEMO_ACCOUNT_ID)}`, { method: "PATCH" });
    await assertFailure(res, 404, [7000]);
    assert.equal((await fetch(`${prefixed.origin}/client/v40/x`)).status, 404);
    assert.deepEqual(prefixed.standin.requests, []);
    const standin = createStandin({ prefix: "/client/v4" });
    const fake = { url: "/static/app.js", method: "GET", headers: {} };
    assert.equal(standin.handle(fake, {}), false);
    assert.equal(standin.requests.length, 0);
  });
});

// --- the CLI ---------------------------------------------------------------------------------

test("server.mjs prints one line when ready and stops on SIGTERM", async () => {
  const args = [SERVER_SCRIPT, "--port", "0", "--prefix", "/client/v4"];
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout.setEncoding("utf8");
  child.stdout.on("data", (chunk) => (out += chunk));
  while (!out.includes("\n")) await once(child.stdout, "data");
  const match = /^standin listening on (http:\/\/127\.0\.0\.1:(\d+)\/client\/v4)\n$/.exec(out);
  assert.ok(match, JSON.stringify(out));
  const res = await patch([], { base: match[1], account: DEMO_ACCOUNT_ID });
  assert.equal(res.status, 200);
  child.kill("SIGTERM");
  const [code] = await once(child, "exit");
  assert.equal(code, 0);
  assert.equal(out.split("\n").length, 2);
});
