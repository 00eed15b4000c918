// Tests of the stand-in's list routes (GET .../access/users, GET .../devices/registrations), the
// demo users seed, the users control API and faults on the lists. Run: node --test tests/js/
import { test, describe, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";

import {
  startStandin,
  defaultSeed,
  defaultUsers,
  encodeCursor,
  DEMO_ACCOUNT_ID,
  DEFAULT_TOKEN,
  DEFAULT_EMAIL,
  DEFAULT_KEY,
  SEED_TIME,
} from "../../standin/standin.mjs";

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const RAY = /^[0-9a-f]{16}-SJC$/;
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const DAY_MS = 86_400_000;
const USER_KEYS = [
  "id", "uid", "seat_uid", "name", "email", "access_seat", "gateway_seat", "active_device_count",
  "last_successful_login", "created_at", "updated_at",
];
const REGISTRATION_KEYS = [
  "id", "created_at", "updated_at", "last_seen_at", "revoked_at", "deleted_at", "key", "key_type",
  "tunnel_type", "virtual_ipv4", "virtual_ipv6", "device", "user",
];

let server;

before(async () => {
  server = await startStandin({ prefix: "/client/v4" });
});
after(() => server.close());
beforeEach(() => server.standin.reset());

// --- helpers ---------------------------------------------------------------------------------

const usersPath = (account = ACCOUNT) => `/accounts/${account}/access/users`;
const registrationsPath = (account = ACCOUNT) => `/accounts/${account}/devices/registrations`;
const seatsPath = (account = ACCOUNT) => `/accounts/${account}/access/seats`;
const bearer = (token = DEFAULT_TOKEN) => ({ authorization: `Bearer ${token}` });
const emailKey = { "x-auth-email": DEFAULT_EMAIL, "x-auth-key": DEFAULT_KEY };

function get(path, query = "", { headers = bearer(), signal, method = "GET" } = {}) {
  return fetch(`${server.url}${path}${query}`, { method, headers, signal });
}

async function getJson(path, query, options) {
  const res = await get(path, query, options);
  assert.equal(res.status, 200, `${path}${query}: ${res.status}`);
  return res.json();
}

const usersPage = (query, account = ACCOUNT) => getJson(usersPath(account), query);
const registrationsPage = (query, account = ACCOUNT) => getJson(registrationsPath(account), query);

async function control(path, method = "GET", body) {
  const init = { method };
  if (body !== undefined) init.body = JSON.stringify(body);
  const res = await fetch(`${server.origin}/__standin${path}`, init);
  return { status: res.status, json: await res.json() };
}

const queueFaults = (faults) => control("/faults", "POST", faults);
const recorded = async () => (await control("/requests")).json;
const allUsers = async (account = ACCOUNT) => (await control(`/accounts/${account}/users`)).json;
const allRegistrations = async (account = ACCOUNT) => (await control(`/accounts/${account}/registrations`)).json;

async function generate(body, account = ACCOUNT) {
  const { status, json } = await control(`/accounts/${account}/users/generate`, "POST", body);
  assert.equal(status, 200, JSON.stringify(json));
  return json;
}

async function putUsers(users, account = ACCOUNT) {
  const { status, json } = await control(`/accounts/${account}/users`, "PUT", users);
  assert.equal(status, 200, JSON.stringify(json));
  return json;
}

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

/** Walks every registrations page; returns the pages' bodies. */
async function walkRegistrations(query, account = ACCOUNT) {
  const pages = [];
  let cursor = null;
  do {
    const extra = cursor === null ? "" : `&cursor=${encodeURIComponent(cursor)}`;
    const page = await registrationsPage(`?${query}${extra}`, account);
    pages.push(page);
    cursor = page.result_info.cursor;
    assert.ok(pages.length <= 100, "the walk does not end");
  } while (cursor !== "");
  return pages;
}

/** A raw GET that reports every byte received, even when the answer is cut short. */
function rawGet(url, headers) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: "GET", headers });
    req.on("error", reject);
    req.on("response", (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("error", () => {});
      res.on("close", () => resolve({ res, complete: res.complete, bytes: Buffer.concat(chunks) }));
    });
    req.end();
  });
}

const ids = (result) => result.map((item) => item.id);
const flagsOf = (user) => [user.access_seat, user.gateway_seat];

// --- users: paging ---------------------------------------------------------------------------

describe("users list: paging", () => {
  test("5,000 generated users come in 5 pages of 1000; a page past the end is empty", async () => {
    const started = performance.now();
    const made = await generate({ count: 5000, seed: 7, registrationsPerUser: [0, 0] });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1000, `generating 5,000 users took ${elapsed} ms`);
    assert.equal(made.users, 5000);
    assert.equal(made.registrations, 0);
    const seen = [];
    for (let page = 1; page <= 5; page++) {
      const body = await usersPage(`?per_page=1000&page=${page}`);
      assert.deepEqual(Object.keys(body), ["success", "errors", "messages", "result", "result_info"]);
      assert.equal(body.success, true);
      assert.deepEqual(body.errors, []);
      assert.deepEqual(body.result_info, { count: 1000, page, per_page: 1000, total_count: 5000, total_pages: 5 });
      seen.push(...ids(body.result));
    }
    assert.equal(new Set(seen).size, 5000);
    assert.deepEqual(seen, ids(await allUsers()), "pages follow the stored order");
    const past = await usersPage("?per_page=1000&page=6");
    assert.deepEqual(past.result, []);
    assert.deepEqual(past.result_info, { count: 0, page: 6, per_page: 1000, total_count: 5000, total_pages: 5 });
  });

  test("defaults: page 1, per_page 1000; a short last page", async () => {
    await generate({ count: 1500, registrationsPerUser: [0, 0] });
    const first = await usersPage("");
    assert.deepEqual(first.result_info, { count: 1000, page: 1, per_page: 1000, total_count: 1500, total_pages: 2 });
    const last = await usersPage("?page=215&per_page=7");
    assert.deepEqual(last.result_info, { count: 2, page: 215, per_page: 7, total_count: 1500, total_pages: 215 });
  });

  test("the same generate seed gives the same users; another seed other ones", async () => {
    await generate({ count: 50, seed: 3 });
    const a = await allUsers();
    await generate({ count: 50, seed: 3 });
    assert.deepEqual(ids(await allUsers()), ids(a));
    await generate({ count: 50, seed: 4 });
    assert.notDeepEqual(ids(await allUsers()), ids(a));
  });

  test("an account without users has an empty list", async () => {
    const body = await usersPage("", "nobody");
    assert.deepEqual(body.result, []);
    assert.deepEqual(body.result_info, { count: 0, page: 1, per_page: 1000, total_count: 0, total_pages: 0 });
  });

  test("per_page and page out of bounds: 400 10400 naming the parameter", async () => {
    for (const value of ["0", "1001", "-1", "1.5", "abc", "", "1e3", " 5"]) {
      const errors = await assertFailure(await get(usersPath(), `?per_page=${encodeURIComponent(value)}`), 400, [10400]);
      assert.deepEqual(errors[0], {
        code: 10400,
        message: "per_page must be an integer from 1 to 1000",
        source: { parameter: "per_page" },
      });
    }
    for (const value of ["0", "x", "-2"]) {
      const errors = await assertFailure(await get(usersPath(), `?page=${value}`), 400, [10400]);
      assert.deepEqual(errors[0].source, { parameter: "page" });
      assert.equal(errors[0].message, "page must be an integer of at least 1");
    }
    const both = await assertFailure(await get(usersPath(), "?page=0&per_page=0"), 400, [10400, 10400]);
    assert.deepEqual(
      both.map((e) => e.source.parameter),
      ["page", "per_page"],
    );
    assert.equal((await get(usersPath(), "?per_page=1000")).status, 200);
    assert.equal((await get(usersPath(), "?per_page=1&page=99999999")).status, 200);
  });

  test("unknown query keys are ignored", async () => {
    const body = await usersPage("?sort=email&direction=desc&per_page=5", DEMO_ACCOUNT_ID);
    assert.deepEqual(body.result_info, { count: 5, page: 1, per_page: 5, total_count: 300, total_pages: 60 });
  });
});

// --- users: filters --------------------------------------------------------------------------

describe("users list: filters", () => {
  const emailsOf = async (query, account = DEMO_ACCOUNT_ID) => (await usersPage(query, account)).result.map((u) => u.email);

  test("email is a case-insensitive substring match, so an address can match other users", async () => {
    assert.deepEqual(await emailsOf("?email=ana.lee%40example.com"), [
      "Dana.Lee@example.com",
      "ana.lee@example.com",
      "dana.lee@example.com",
    ]);
    assert.deepEqual(await emailsOf("?email=DANA.LEE%40EXAMPLE.COM"), ["Dana.Lee@example.com", "dana.lee@example.com"]);
    assert.deepEqual(await emailsOf("?email=sam.ortiz"), ["Sam.Ortiz@contractors.example", "sam.ortiz@contractors.example"]);
    assert.deepEqual(await emailsOf("?email=nobody%40nowhere.example"), []);
    const filtered = await usersPage("?email=lee%40example.com&per_page=2", DEMO_ACCOUNT_ID);
    assert.deepEqual(filtered.result_info, { count: 2, page: 1, per_page: 2, total_count: 3, total_pages: 2 });
  });

  test("name is a case-insensitive substring; search matches name or email", async () => {
    assert.deepEqual(await emailsOf("?name=ANA%20LEE"), ["Dana.Lee@example.com", "ana.lee@example.com", "dana.lee@example.com"]);
    assert.deepEqual(await emailsOf("?name=sam+ortiz"), ["Sam.Ortiz@contractors.example", "sam.ortiz@contractors.example"]);
    assert.deepEqual(await emailsOf("?search=Jordan"), ["jordan.kim+ops@example.com"]);
    const contractors = (await allUsers(DEMO_ACCOUNT_ID)).filter((u) => u.email.toLowerCase().endsWith("@contractors.example"));
    assert.equal(contractors.length, 14);
    assert.deepEqual(await emailsOf("?search=CONTRACTORS.example"), contractors.map((u) => u.email));
    assert.deepEqual(await emailsOf("?name=dana&email=ana.lee%40"), ["Dana.Lee@example.com", "dana.lee@example.com"]);
  });

  test("a+b@example.com is found only when the + is percent-encoded", async () => {
    await putUsers([
      { email: "a+b@example.com", name: "A Plus" },
      { email: "ab@example.com", name: "A B" },
    ]);
    assert.deepEqual(await emailsOf("?email=a%2Bb%40example.com", ACCOUNT), ["a+b@example.com"]);
    assert.deepEqual(await emailsOf(`?${new URLSearchParams({ email: "a+b@example.com" })}`, ACCOUNT), ["a+b@example.com"]);
    // A raw "+" is a space in a query string: "a b@example.com" is nobody's address.
    assert.deepEqual(await emailsOf("?email=a+b@example.com", ACCOUNT), []);
    assert.deepEqual(await emailsOf("?email=jordan.kim%2Bops%40example.com"), ["jordan.kim+ops@example.com"]);
  });
});

// --- users: what a user shows ----------------------------------------------------------------

describe("users list: user objects", () => {
  test("key order; seat flags and active_device_count come from the live state", async () => {
    const { result } = await usersPage("", DEMO_ACCOUNT_ID);
    const registrations = await allRegistrations(DEMO_ACCOUNT_ID);
    const seats = new Map((await control(`/accounts/${DEMO_ACCOUNT_ID}/seats`)).json.map((s) => [s.seat_uid, s]));
    for (const user of result) {
      const expectedKeys = USER_KEYS.filter(
        (key) => (key !== "seat_uid" || "seat_uid" in user) && (key !== "last_successful_login" || "last_successful_login" in user),
      );
      assert.deepEqual(Object.keys(user), expectedKeys);
      assert.equal(user.uid, user.id);
      const seat = seats.get(user.seat_uid);
      assert.deepEqual(flagsOf(user), seat ? flagsOf(seat) : [false, false]);
      const active = registrations.filter((r) => r.user.id === user.id && r.revoked_at === null).length;
      assert.equal(user.active_device_count, active);
    }
  });

  test("a PATCH that removes or changes a seat shows in the users list", async () => {
    const [first, second] = defaultSeed()[DEMO_ACCOUNT_ID];
    const before = (await usersPage("?per_page=2", DEMO_ACCOUNT_ID)).result;
    assert.deepEqual(
      before.map((u) => u.seat_uid),
      [first.seat_uid, second.seat_uid],
    );
    assert.deepEqual(flagsOf(before[0]), flagsOf(first));
    const edit = [
      { seat_uid: first.seat_uid, access_seat: false, gateway_seat: false },
      { seat_uid: second.seat_uid, access_seat: false, gateway_seat: true },
    ];
    const res = await fetch(server.url + seatsPath(DEMO_ACCOUNT_ID), {
      method: "PATCH",
      headers: { ...bearer(), "content-type": "application/json" },
      body: JSON.stringify(edit),
    });
    assert.equal(res.status, 200);
    const after = (await usersPage("?per_page=2", DEMO_ACCOUNT_ID)).result;
    assert.deepEqual(after.map(flagsOf), [
      [false, false],
      [false, true],
    ]);
    assert.equal(after[0].seat_uid, first.seat_uid, "the user keeps its seat_uid");
    assert.equal((await control(`/accounts/${DEMO_ACCOUNT_ID}/seats`)).json.length, 39);
  });

  test("absent and null logins and seat_uids stay as they were put", async () => {
    await putUsers([
      { id: "u-1", email: "never@example.com", name: "Never" },
      { id: "u-2", email: "null@example.com", name: "Null", last_successful_login: null, seat_uid: "s-2" },
    ]);
    const [never, nulled] = (await usersPage("")).result;
    assert.deepEqual(never, {
      id: "u-1",
      uid: "u-1",
      name: "Never",
      email: "never@example.com",
      access_seat: false,
      gateway_seat: false,
      active_device_count: 0,
      created_at: SEED_TIME,
      updated_at: SEED_TIME,
    });
    assert.equal(nulled.last_successful_login, null);
    assert.equal(nulled.seat_uid, "s-2");
  });
});

// --- registrations ---------------------------------------------------------------------------

describe("registrations list", () => {
  test("a cursor walk over 3,000 registrations: 3 pages of 1000, the last cursor is empty", async () => {
    const made = await generate({ count: 3000, seed: 5, registrationsPerUser: [1, 1] });
    assert.equal(made.registrations, 3000);
    const pages = await walkRegistrations("per_page=1000&status=all");
    assert.deepEqual(
      pages.map((p) => p.result_info.count),
      [1000, 1000, 1000],
    );
    for (const [i, page] of pages.entries()) {
      assert.deepEqual(Object.keys(page.result_info), ["count", "cursor", "per_page", "total_count"]);
      assert.equal(page.result_info.per_page, 1000);
      assert.equal(page.result_info.total_count, null);
      assert.equal(page.result_info.cursor === "", i === 2);
    }
    const walked = pages.flatMap((p) => ids(p.result));
    assert.deepEqual(walked, ids(await allRegistrations()));
    const gets = (await recorded()).filter((r) => r.method === "GET" && r.path === registrationsPath());
    assert.equal(gets.length, 3);
    assert.equal(gets[0].url, `/client/v4${registrationsPath()}?per_page=1000&status=all`);
    assert.match(gets[1].url, /\?per_page=1000&status=all&cursor=[A-Za-z0-9_-]+$/);
  });

  test("default status is active; revoked and all; default per_page is 100", async () => {
    await generate({ count: 400, seed: 9, registrationsPerUser: [1, 2] });
    const stored = await allRegistrations();
    const revoked = stored.filter((r) => r.revoked_at !== null);
    assert.ok(revoked.length > 0 && revoked.length < stored.length, `${revoked.length} of ${stored.length} revoked`);
    const first = await registrationsPage("");
    assert.equal(first.result_info.per_page, 100);
    assert.equal(first.result_info.count, 100);
    assert.notEqual(first.result_info.cursor, "");
    const active = (await walkRegistrations("per_page=1000")).flatMap((p) => p.result);
    assert.deepEqual(ids(active), ids(stored.filter((r) => r.revoked_at === null)));
    const onlyRevoked = (await walkRegistrations("per_page=1000&status=revoked")).flatMap((p) => p.result);
    assert.deepEqual(ids(onlyRevoked), ids(revoked));
    for (const r of onlyRevoked) assert.match(r.revoked_at, ISO);
    const all = (await walkRegistrations("per_page=1000&status=all")).flatMap((p) => p.result);
    assert.equal(all.length, stored.length);
  });

  test("bad status, per_page, timestamps and cursors: 400 10400 naming the parameter", async () => {
    const cases = [
      ["?status=bogus", "status"],
      ["?status=", "status"],
      ["?status=ACTIVE", "status"],
      ["?per_page=0", "per_page"],
      ["?per_page=1001", "per_page"],
      ["?seen_after=yesterday", "seen_after"],
      ["?seen_after=2026-02-01", "seen_after"],
      ["?seen_before=2026-02-30T00%3A00%3A00Z", "seen_before"],
      ["?seen_before=2026-02-01T24:00:00Z", "seen_before"],
      // An unencoded "+" in the offset is a space once decoded.
      ["?seen_before=2026-02-01T01:00:00+01:00", "seen_before"],
      ["?cursor=abc", "cursor"],
      [`?cursor=${Buffer.from("o5.00000000").toString("base64url")}`, "cursor"],
      [`?cursor=${encodeCursor(1000).slice(0, -1)}`, "cursor"],
    ];
    for (const [query, parameter] of cases) {
      const errors = await assertFailure(await get(registrationsPath(), query), 400, [10400]);
      assert.deepEqual(errors[0].source, { parameter }, query);
    }
    const many = await assertFailure(await get(registrationsPath(), "?status=x&per_page=0&cursor=zz"), 400, [10400, 10400, 10400]);
    assert.deepEqual(
      many.map((e) => e.source.parameter),
      ["per_page", "status", "cursor"],
    );
    assert.equal((await get(registrationsPath(), "?cursor=")).status, 200, "an empty cursor is the start");
  });

  test("seen_after and seen_before are strict bounds on last_seen_at", async () => {
    const at = (month) => ({ last_seen_at: `2026-0${month}-01T00:00:00Z`, id: `r-${month}` });
    await putUsers([{ email: "dev@example.com", name: "Dev", registrations: [at(1), at(2), at(3)] }]);
    const seen = async (query) => ids((await registrationsPage(query)).result);
    assert.deepEqual(await seen("?seen_after=2026-02-01T00:00:00Z"), ["r-3"]);
    assert.deepEqual(await seen("?seen_before=2026-02-01T00:00:00Z"), ["r-1"]);
    assert.deepEqual(await seen("?seen_after=2026-01-01T00:00:00Z&seen_before=2026-03-01T00:00:00Z"), ["r-2"]);
    assert.deepEqual(await seen("?seen_after=2026-02-01T01:00:00%2B01:00"), ["r-3"], "an offset is honoured");
    assert.deepEqual(await seen("?seen_after=2026-01-31T23:59:59.999Z"), ["r-2", "r-3"]);
  });

  test("search matches the user's email or name or the device name, ignoring case", async () => {
    await putUsers([
      { email: "kim@example.com", name: "Kim Park", registrations: [{ id: "r-mac", device: { name: "Kim's MacBook" } }] },
      { email: "lou@example.com", name: "Lou Reed", registrations: [{ id: "r-pix", device: { name: "Pixel 8" } }] },
    ]);
    const found = async (query) => ids((await registrationsPage(query)).result);
    assert.deepEqual(await found("?search=MACBOOK"), ["r-mac"]);
    assert.deepEqual(await found("?search=lou%40"), ["r-pix"]);
    assert.deepEqual(await found("?search=reed"), ["r-pix"]);
    assert.deepEqual(await found("?search=example.com"), ["r-mac", "r-pix"]);
    assert.deepEqual(await found("?search=nothing"), []);
  });

  test("registration objects: schema names and order; policy only with include=policy", async () => {
    const { result } = await registrationsPage("?per_page=1000", DEMO_ACCOUNT_ID);
    assert.ok(result.length > 0);
    for (const r of result) {
      assert.deepEqual(Object.keys(r), REGISTRATION_KEYS);
      assert.equal(r.revoked_at, null);
      assert.equal(r.deleted_at, null);
      assert.match(r.last_seen_at, ISO);
      assert.deepEqual(Object.keys(r.device), ["id", "name", "client_version"]);
      assert.deepEqual(Object.keys(r.user), ["id", "email", "name"]);
    }
    const withPolicy = await registrationsPage("?per_page=1&include=policy", DEMO_ACCOUNT_ID);
    assert.deepEqual(Object.keys(withPolicy.result[0]), [...REGISTRATION_KEYS, "policy"]);
    assert.deepEqual(Object.keys(withPolicy.result[0].policy), ["id", "name", "default", "deleted", "updated_at"]);
    assert.equal(withPolicy.result[0].policy.default, true);
    assert.equal(withPolicy.result[0].policy.deleted, false);
  });
});

// --- auth, routing, CORS, recording ----------------------------------------------------------

describe("list routes: auth, routing, CORS and recording", () => {
  for (const [route, path] of [
    ["users", usersPath],
    ["registrations", registrationsPath],
  ]) {
    test(`${route}: both credential styles; the same refusals as the seats route`, async () => {
      assert.equal((await get(path(), "", { headers: bearer() })).status, 200);
      assert.equal((await get(path(), "", { headers: emailKey })).status, 200);
      await assertFailure(await get(path(), "", { headers: {} }), 400, [9106]);
      await assertFailure(await get(path(), "", { headers: { authorization: "Basic x" } }), 400, [6003]);
      await assertFailure(await get(path(), "", { headers: bearer("nope") }), 403, [10000]);
      await assertFailure(await get(path(), "", { headers: bearer("forbidden-token-0123456789abcdef") }), 403, [10000]);
      await assertFailure(await get(path(), "", { headers: { ...emailKey, "x-auth-key": "wrong" } }), 403, [9103]);
    });

    test(`${route}: wrong methods get 405 with Allow: GET; PATCH is a 404 7000; bad ids 7003`, async () => {
      for (const method of ["POST", "PUT", "DELETE"]) {
        const res = await get(path(), "", { method });
        await assertFailure(res, 405, [10405]);
        assert.equal(res.headers.get("allow"), "GET");
      }
      await assertFailure(await get(path(), "", { method: "PATCH" }), 404, [7000]);
      await assertFailure(await get(`${path()}/`), 404, [7000]);
      const errors = await assertFailure(await get(path("not-hex!")), 404, [7003]);
      assert.equal(errors[0].message, `Could not route to ${path("not-hex!")}, perhaps your object identifier is invalid?`);
    });
  }

  test("GET on the seats route is still a 405 with Allow: PATCH", async () => {
    const res = await get(seatsPath());
    await assertFailure(res, 405, [10405]);
    assert.equal(res.headers.get("allow"), "PATCH");
  });

  test("answers carry cf-ray and CORS headers; the preflight allows GET", async () => {
    const res = await get(usersPath(), "", { headers: { ...bearer(), origin: "http://localhost:5173" } });
    assert.match(res.headers.get("cf-ray"), RAY);
    assert.equal(res.headers.get("access-control-allow-origin"), "http://localhost:5173");
    assert.equal(res.headers.get("access-control-expose-headers"), "cf-ray, retry-after, retry-after-ms, x-should-retry");
    const preflight = await fetch(server.url + registrationsPath(), {
      method: "OPTIONS",
      headers: { origin: "http://localhost:5173", "access-control-request-method": "GET" },
    });
    assert.equal(preflight.status, 204);
    assert.ok(preflight.headers.get("access-control-allow-methods").split(", ").includes("GET"));
  });

  test("GETs are recorded like PATCHes, raw query included", async () => {
    await get(usersPath(), "?page=2&per_page=10&email=a%2Bb%40example.com", { headers: { ...bearer(), "x-trace": "1" } });
    await get(registrationsPath("other"), "?cursor=", { headers: emailKey });
    const [users, registrations, ...rest] = await recorded();
    assert.deepEqual(rest, []);
    assert.equal(users.method, "GET");
    assert.equal(users.url, `/client/v4${usersPath()}?page=2&per_page=10&email=a%2Bb%40example.com`);
    assert.equal(users.path, usersPath());
    assert.equal(users.accountId, ACCOUNT);
    assert.equal(users.body, "");
    assert.equal(users.headers.authorization, `Bearer ${DEFAULT_TOKEN}`);
    assert.equal(users.headers["x-trace"], "1");
    assert.match(users.at, ISO);
    assert.equal(registrations.accountId, "other");
    assert.equal(registrations.headers["x-auth-email"], DEFAULT_EMAIL);
    const { json } = await control("/requests?account=other");
    assert.equal(json.length, 1);
  });
});

// --- faults ----------------------------------------------------------------------------------

describe("faults on the list routes", () => {
  const ROUTES = [
    ["users", usersPath],
    ["registrations", registrationsPath],
  ];

  beforeEach(() => generate({ count: 30, seed: 2, registrationsPerUser: [1, 1] }));

  test("a fault without route is for the seats route only; route picks the list", async () => {
    await queueFaults([{ status: 500 }, { status: 503, route: "registrations" }, { status: 429, route: "users" }]);
    assert.equal((await get(usersPath())).status, 429);
    assert.equal((await get(registrationsPath())).status, 503);
    assert.equal((await get(usersPath())).status, 200);
    assert.equal((await get(registrationsPath())).status, 200);
    assert.deepEqual(
      (await control("/faults")).json.map((f) => f.status),
      [500],
    );
  });

  test("route any is taken by the next request on any route; account narrows it", async () => {
    await queueFaults([{ status: 502, route: "any", account: "other" }, { status: 500, route: "any" }]);
    assert.equal((await get(registrationsPath())).status, 500);
    assert.equal((await get(usersPath())).status, 200);
    const patch = await fetch(server.url + seatsPath("other"), {
      method: "PATCH",
      headers: { ...bearer(), "content-type": "application/json" },
      body: "[]",
    });
    assert.equal(patch.status, 502);
  });

  for (const [route, path] of ROUTES) {
    test(`${route}: 429 with retry headers mid-listing, then the listing goes on`, async () => {
      assert.equal((await get(path(), "?per_page=10")).status, 200);
      await queueFaults({ route, status: 429, headers: { "Retry-After": "2", "retry-after-ms": "1500" } });
      const limited = await get(path(), "?per_page=10&page=2");
      const errors = await assertFailure(limited, 429, [971]);
      assert.equal(errors[0].message, "Please wait and consider throttling your request speed");
      assert.equal(limited.headers.get("retry-after"), "2");
      assert.equal(limited.headers.get("retry-after-ms"), "1500");
      assert.equal((await get(path(), "?per_page=10&page=2")).status, 200);
      assert.equal((await recorded()).filter((r) => r.method === "GET").length, 3);
    });

    test(`${route}: 5xx and 403 default envelopes; a custom body is sent as given`, async () => {
      await queueFaults([
        { route, status: 500 },
        { route, status: 403 },
        { route, status: 200, body: "<html>oops</html>", headers: { "content-type": "text/html" } },
      ]);
      await assertFailure(await get(path()), 500, [10002]);
      await assertFailure(await get(path()), 403, [10000]);
      const html = await get(path());
      assert.equal(html.status, 200);
      assert.equal(html.headers.get("content-type"), "text/html");
      assert.equal(await html.text(), "<html>oops</html>");
    });

    test(`${route}: a status fault answers even a request without credentials`, async () => {
      await queueFaults({ route, status: 503 });
      await assertFailure(await get(path(), "", { headers: {} }), 503, [10002]);
    });

    test(`${route}: delayMs with headers delays a normal answer`, async () => {
      await queueFaults({ route, delayMs: 300, headers: { "x-should-retry": "false" } });
      const started = performance.now();
      const res = await get(path(), "?status=all");
      const elapsed = performance.now() - started;
      assert.equal(res.status, 200);
      assert.equal(res.headers.get("x-should-retry"), "false");
      assert.equal((await res.json()).result.length, 30);
      assert.ok(elapsed >= 290, `answered after ${elapsed} ms`);
    });

    test(`${route}: hang, reset and truncate`, async () => {
      await queueFaults([{ route, hang: true }, { route, reset: true }, { route, truncate: true }, { route, truncate: true }]);
      await assert.rejects(get(path(), "", { signal: AbortSignal.timeout(200) }), { name: "TimeoutError" });
      await assert.rejects(get(path()), (error) => error instanceof TypeError && error.message === "fetch failed");
      const cut = await get(path());
      assert.equal(cut.status, 200);
      await assert.rejects(cut.text(), TypeError);
      const { res, complete, bytes } = await rawGet(server.url + path(), bearer());
      assert.equal(res.statusCode, 200);
      assert.equal(complete, false);
      assert.equal(bytes.length, Math.floor(Number(res.headers["content-length"]) / 2));
      assert.ok(bytes.toString().startsWith('{"success":true,'));
      assert.equal((await get(path())).status, 200);
    });
  }

  test("users: omitTotalPages drops total_pages and nothing else", async () => {
    await queueFaults({ route: "users", omitTotalPages: true });
    const body = await usersPage("?per_page=10&page=2");
    assert.deepEqual(body.result_info, { count: 10, page: 2, per_page: 10, total_count: 30 });
    assert.deepEqual((await usersPage("?per_page=10")).result_info.total_pages, 3);
  });

  test("users: repeatPage serves that page's users under the asked page number", async () => {
    const second = await usersPage("?per_page=10&page=2");
    await queueFaults({ route: "users", repeatPage: 2 });
    const third = await usersPage("?per_page=10&page=3");
    assert.deepEqual(ids(third.result), ids(second.result));
    assert.deepEqual(third.result_info, { count: 10, page: 3, per_page: 10, total_count: 30, total_pages: 3 });
  });

  test("users: resultInfo is merged into result_info", async () => {
    await queueFaults({ route: "users", resultInfo: { total_pages: 99, total_count: 990 } });
    const body = await usersPage("?per_page=10");
    assert.deepEqual(body.result_info, { count: 10, page: 1, per_page: 10, total_count: 990, total_pages: 99 });
  });

  test("registrations: repeatCursor answers with the asked cursor, or the first page's", async () => {
    const first = await registrationsPage("?per_page=10");
    const next = first.result_info.cursor;
    await queueFaults([
      { route: "registrations", repeatCursor: true },
      { route: "registrations", repeatCursor: true },
    ]);
    const again = await registrationsPage(`?per_page=10&cursor=${next}`);
    assert.equal(again.result_info.cursor, next);
    const start = await registrationsPage("?per_page=10");
    assert.equal(start.result_info.cursor, encodeCursor(0));
    const looped = await registrationsPage(`?per_page=10&cursor=${start.result_info.cursor}`);
    assert.deepEqual(ids(looped.result), ids(first.result), "the cursor leads back to the first page");
  });

  test("registrations: a resultInfo cursor the API did not mint is refused when followed", async () => {
    await queueFaults({ route: "registrations", resultInfo: { cursor: "garbage" } });
    const body = await registrationsPage("?per_page=10");
    assert.equal(body.result_info.cursor, "garbage");
    await assertFailure(await get(registrationsPath(), "?per_page=10&cursor=garbage"), 400, [10400]);
  });

  test("bad faults are refused", async () => {
    for (const fault of [{ route: "seat" }, { repeatPage: 0 }, { repeatPage: 1.5 }, { resultInfo: [] }, { omitTotalPages: 1 }]) {
      assert.equal((await queueFaults(fault)).status, 400, JSON.stringify(fault));
    }
    assert.deepEqual((await control("/faults")).json, []);
  });
});

// --- the demo seed ---------------------------------------------------------------------------

describe("the default users seed", () => {
  const seatKind = (user) => {
    if (!("seat_uid" in user)) return "no seat_uid";
    return { "true,true": "both", "true,false": "access", "false,true": "gateway", "false,false": "none" }[flagsOf(user)];
  };

  test("300 users; users 0-39 hold the 40 demo seats; seat kinds", async () => {
    const users = await allUsers(DEMO_ACCOUNT_ID);
    assert.equal(users.length, 300);
    assert.equal((await usersPage("?per_page=1", DEMO_ACCOUNT_ID)).result_info.total_count, 300);
    const seats = defaultSeed()[DEMO_ACCOUNT_ID];
    assert.equal((await control(`/accounts/${DEMO_ACCOUNT_ID}/seats`)).json.length, 40);
    seats.forEach((seat, i) => {
      assert.equal(users[i].seat_uid, seat.seat_uid);
      assert.deepEqual(flagsOf(users[i]), flagsOf(seat));
    });
    const kinds = {};
    for (const user of users) kinds[seatKind(user)] = (kinds[seatKind(user)] ?? 0) + 1;
    assert.deepEqual(kinds, { both: 12, access: 14, gateway: 14, none: 254, "no seat_uid": 6 });
    assert.equal(new Set(users.map((u) => u.id)).size, 300);
    assert.equal(new Set(users.filter((u) => u.seat_uid).map((u) => u.seat_uid)).size, 294);
  });

  test("logins from today to over a year ago, 30 never; 273 registrations, 33 revoked", async () => {
    const users = await allUsers(DEMO_ACCOUNT_ID);
    const never = users.filter((u) => !("last_successful_login" in u));
    assert.equal(never.length, 30);
    for (const user of never) assert.equal(user.active_device_count, 0);
    const daysAgo = users.filter((u) => u.last_successful_login).map((u) => (Date.now() - Date.parse(u.last_successful_login)) / DAY_MS);
    assert.ok(daysAgo.some((d) => d < 1), "someone logged in today");
    assert.ok(daysAgo.some((d) => d > 365), "someone last logged in over a year ago");
    assert.ok(daysAgo.every((d) => d >= 0 && d < 545));
    const registrations = await allRegistrations(DEMO_ACCOUNT_ID);
    assert.equal(registrations.length, 273);
    assert.equal(registrations.filter((r) => r.revoked_at !== null).length, 33);
    const perUser = new Map();
    for (const r of registrations) perUser.set(r.user.id, (perUser.get(r.user.id) ?? 0) + 1);
    assert.ok([...perUser.values()].every((n) => n >= 1 && n <= 3));
    assert.ok([...perUser.values()].includes(3));
    for (const r of registrations.filter((x) => x.revoked_at !== null)) assert.ok(r.revoked_at >= r.last_seen_at);
  });

  test("two pairs of emails differ only in case; addresses are otherwise unique", async () => {
    const users = await allUsers(DEMO_ACCOUNT_ID);
    const byLower = new Map();
    for (const u of users) byLower.set(u.email.toLowerCase(), [...(byLower.get(u.email.toLowerCase()) ?? []), u.email]);
    const pairs = [...byLower.values()].filter((emails) => emails.length > 1);
    assert.deepEqual(pairs, [
      ["Dana.Lee@example.com", "dana.lee@example.com"],
      ["Sam.Ortiz@contractors.example", "sam.ortiz@contractors.example"],
    ]);
    const dana = users.filter((u) => u.email.toLowerCase() === "dana.lee@example.com");
    assert.ok(dana.every((u) => u.access_seat || u.gateway_seat), "both Dana Lees hold a seat");
    const sam = users.filter((u) => u.email.toLowerCase() === "sam.ortiz@contractors.example");
    assert.deepEqual(
      sam.map((u) => u.access_seat || u.gateway_seat),
      [true, false],
    );
  });

  test("defaultUsers is deterministic for a given now", () => {
    const now = Date.UTC(2026, 5, 1);
    assert.deepEqual(defaultUsers(now), defaultUsers(now));
    const [user] = defaultUsers(now)[DEMO_ACCOUNT_ID];
    assert.equal(user.last_successful_login.slice(0, 10), "2026-05-31");
  });
});

// --- the users control API -------------------------------------------------------------------

describe("users control API", () => {
  test("PUT replaces users and registrations and sets the seats of users with flags", async () => {
    const put = await putUsers([
      { id: "u-1", email: "one@example.com", name: "One", seat_uid: "s-1", access_seat: true, gateway_seat: false },
      { id: "u-2", email: "two@example.com", name: "Two", seat_uid: "s-2", registrations: [{ id: "r-1" }, { id: "r-2", revoked_at: "2026-01-02T00:00:00Z" }] },
    ]);
    assert.deepEqual(put, { ok: true, users: 2, registrations: 2, seats: 1 });
    assert.deepEqual((await control(`/accounts/${ACCOUNT}/seats`)).json, [
      { access_seat: true, gateway_seat: false, seat_uid: "s-1", created_at: SEED_TIME, updated_at: SEED_TIME },
    ]);
    const users = await allUsers();
    assert.deepEqual(users.map(flagsOf), [
      [true, false],
      [false, false],
    ]);
    assert.equal(users[1].active_device_count, 1);
    const registrations = await allRegistrations();
    assert.deepEqual(ids(registrations), ["r-1", "r-2"]);
    assert.deepEqual(registrations[0].user, { id: "u-2", email: "two@example.com", name: "Two" });
    assert.equal(registrations[0].revoked_at, null);
    assert.equal(registrations[1].updated_at, "2026-01-02T00:00:00Z");
    assert.deepEqual(Object.keys(registrations[0]), [...REGISTRATION_KEYS, "policy"]);
    assert.deepEqual(await putUsers([]), { ok: true, users: 0, registrations: 0, seats: 1 });
    assert.deepEqual(await allRegistrations(), []);
  });

  test("PUT refuses bad users", async () => {
    const bad = [
      {},
      [{ name: "no email" }],
      [{ email: "x@example.com", access_seat: true }],
      [{ email: "x@example.com", access_seat: "yes", seat_uid: "s" }],
      [
        { id: "same", email: "a@example.com" },
        { id: "same", email: "b@example.com" },
      ],
      [{ email: "x@example.com", last_successful_login: "last week" }],
      [{ email: "x@example.com", registrations: [{ revoked_at: 5 }] }],
      [{ email: "x@example.com", registrations: {} }],
    ];
    for (const body of bad) {
      const { status, json } = await control(`/accounts/${ACCOUNT}/users`, "PUT", body);
      assert.equal(status, 400, JSON.stringify(body));
      assert.equal(json.ok, false);
    }
    assert.deepEqual(await allUsers(), []);
  });

  test("generate refuses bad parameters; GET on generate is a 405", async () => {
    for (const body of [{}, { count: -1 }, { count: 1.5 }, { count: 10, seed: "x" }, { count: 10, registrationsPerUser: [2, 1] }, { count: 10, registrationsPerUser: [0] }]) {
      assert.equal((await control(`/accounts/${ACCOUNT}/users/generate`, "POST", body)).status, 400, JSON.stringify(body));
    }
    const wrong = await fetch(`${server.origin}/__standin/accounts/${ACCOUNT}/users/generate`);
    assert.equal(wrong.status, 405);
    assert.equal(wrong.headers.get("allow"), "POST");
  });

  test("20,000 generated users load fast and list fast", async () => {
    const started = performance.now();
    const made = await generate({ count: 20_000, seed: 11, registrationsPerUser: [0, 3] });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 1500, `generating 20,000 users took ${elapsed} ms`);
    assert.equal(made.users, 20_000);
    const stored = await allUsers();
    assert.equal(made.seats, stored.filter((u) => u.access_seat || u.gateway_seat).length);
    assert.equal(stored.filter((u) => !("seat_uid" in u)).length > 0, true);
    const listed = performance.now();
    const page = await usersPage("?per_page=1000&page=20&search=example");
    assert.equal(page.result_info.total_pages, 20);
    assert.ok(performance.now() - listed < 500);
  });

  test("reset restores the demo users and drops the others", async () => {
    await putUsers([{ email: "only@example.com" }], DEMO_ACCOUNT_ID);
    await generate({ count: 10 });
    await control("/reset", "POST");
    assert.equal((await allUsers(DEMO_ACCOUNT_ID)).length, 300);
    assert.equal((await allRegistrations(DEMO_ACCOUNT_ID)).length, 273);
    assert.deepEqual(await allUsers(), []);
  });

  test("startStandin({ users: {} }) starts without users; seats stay the default", async () => {
    const bare = await startStandin({ users: {} });
    try {
      const res = await fetch(`${bare.origin}/__standin/accounts/${DEMO_ACCOUNT_ID}/users`);
      assert.deepEqual(await res.json(), []);
      const seats = await fetch(`${bare.origin}/__standin/accounts/${DEMO_ACCOUNT_ID}/seats`);
      assert.equal((await seats.json()).length, 40);
    } finally {
      await bare.close();
    }
  });
});
