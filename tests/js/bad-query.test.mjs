// Bad query values through the public JS API of the built package: every way a list query (of
// listUsers, usersPage, listDeviceRegistrations) or the address list of findUsersByEmail can be
// wrong. Every row must reject with a ValidationError naming the exact field with the exact
// message, and send nothing. The client's `fetch` option is a recording function that fails
// the row if it is called. After the rows, the same client must still make a good call.
//
// The core words every message as `<field> <problem>` (the class is the error's name).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as zts from "../../pkg/node.mjs";

const { Client, editSeats, listUsers, listDeviceRegistrations, findUsersByEmail, ValidationError } = zts;

const TOKEN = "test-token-0123456789abcdef";
const ACCOUNT = "699d98642c564d2e855e9661899b7252";
const BASE = "http://127.0.0.1:9/client/v4"; // never reached: every call goes to `fetch` below

// CLOUDFLARE_* variables would fill in left-out options and change which error comes first.
const savedEnv = {};
for (const name of Object.keys(process.env).filter((n) => n.startsWith("CLOUDFLARE_"))) {
  savedEnv[name] = process.env[name];
  delete process.env[name];
}
after(() => Object.assign(process.env, savedEnv));

// ---------------------------------------------------------------------------------------------
// The recording fetch: refuses (and records) every call while the rows run; answers a valid
// empty page once `mode` is "answer".

const sent = [];
let mode = "refuse";

const EMPTY_USERS_PAGE = {
  success: true,
  errors: [],
  messages: [],
  result: [],
  result_info: { page: 1, per_page: 1000, count: 0, total_count: 0, total_pages: 0 },
};
const EMPTY_REGISTRATIONS_PAGE = {
  success: true,
  errors: [],
  messages: [],
  result: [],
  result_info: { count: 0, per_page: 1000, cursor: "", total_count: null },
};

async function recordingFetch(url, init) {
  sent.push({ url: String(url), init, mode });
  if (mode !== "answer") throw new Error(`a bad-query row sent a request: ${init?.method} ${url}`);
  const body = new URL(url).pathname.endsWith("/devices/registrations") ? EMPTY_REGISTRATIONS_PAGE : EMPTY_USERS_PAGE;
  return new Response(JSON.stringify(body), { status: 200, headers: { "content-type": "application/json" } });
}

const clientOptions = () => ({ apiToken: TOKEN, baseUrl: BASE, maxRetries: 0, fetch: recordingFetch });
/** The one client every row uses, and the good calls after them. */
let client;
before(() => {
  client = new Client(clientOptions());
});

// ---------------------------------------------------------------------------------------------
// The table

const USERS_KNOWN = "email, name, search, perPage";
const USERS_PAGE_KNOWN = "email, name, search, perPage, page";
const DEVICES_KNOWN = "status, seenAfter, seenBefore, search, perPage";

/** The three list methods, by name, and the string parameters each takes. */
const LISTS = {
  listUsers: { call: (q) => client.listUsers(ACCOUNT, q), strings: ["email", "name", "search"], known: USERS_KNOWN },
  usersPage: { call: (q) => client.usersPage(ACCOUNT, q), strings: ["email", "name", "search"], known: USERS_PAGE_KNOWN },
  listDeviceRegistrations: {
    call: (q) => client.listDeviceRegistrations(ACCOUNT, q),
    strings: ["seenAfter", "seenBefore", "search"],
    known: DEVICES_KNOWN,
  },
};

/** The one-off functions, for the rows marked `oneOff`. */
const ONE_OFF = {
  listUsers: (q) => listUsers(ACCOUNT, q, clientOptions()),
  listDeviceRegistrations: (q) => listDeviceRegistrations(ACCOUNT, q, clientOptions()),
};

/** Values of the wrong kind, with how the core names each kind. */
const WRONG_KINDS = [
  [5, "a number"],
  [true, "a boolean"],
  [{}, "an object"],
  [null, "null"],
  [[], "an array"],
  [() => "x", "a function"],
];

const show = (v) => {
  if (typeof v === "function") return "a function";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "number" || v === null || v === undefined) return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
};

function rows() {
  const out = [];
  const row = (via, name, call, field, problem, extra = {}) => out.push({ via, name, call, field, problem, ...extra });

  for (const [list, { call, strings, known }] of Object.entries(LISTS)) {
    const q = (name, query, field, problem, extra) => row(list, `${list}: ${name}`, () => call(query), field, problem, { query, ...extra });

    // Not an object.
    for (const [value, kind] of [["x", "a string"], [5, "a number"], [[], "an array"], [null, "null"], [true, "a boolean"], [() => ({}), "a function"]]) {
      q(`query ${show(value)}`, value, "query", `must be an object of query parameters, not ${kind}`, { oneOff: value === "x" || value === null });
    }

    // Unknown keys: snake_case wire names, other lists' keys, wrong case, a typo next to a good one.
    const unknown = [{ per_page: 10 }, { cursor: "abc" }, { Email: "a@b.c" }, { search: "ok", serach: "typo" }];
    if (list === "listUsers") unknown.push({ page: 2 }, { status: "all" });
    if (list === "usersPage") unknown.push({ status: "all" });
    if (list === "listDeviceRegistrations") unknown.push({ email: "a@b.c" }, { page: 2 }, { seen_after: "2025-01-01T00:00:00Z" });
    for (const query of unknown) {
      const key = Object.keys(query).find((k) => !known.split(", ").includes(k));
      q(`unknown key ${key}`, query, `query.${key}`, `is not a query parameter of this list (known: ${known})`, {
        oneOff: key === "per_page",
      });
    }

    // String parameters.
    for (const key of strings) {
      for (const [value, kind] of WRONG_KINDS) {
        q(`${key} ${show(value)}`, { [key]: value }, `query.${key}`, `must be a string, not ${kind}`, { oneOff: kind === "a number" });
      }
      q(`${key} ""`, { [key]: "" }, `query.${key}`, "must not be empty", { oneOff: key === "search" });
      for (const value of ["a\nb", "\u0000", "\u007f", "a\rb", "a\tb", "x\u001b[31m", "\u0085"]) {
        q(`${key} ${JSON.stringify(value)}`, { [key]: value }, `query.${key}`, "must not contain control characters", {
          oneOff: value === "a\nb",
        });
      }
    }

    // perPage.
    for (const value of [0, 1001, 1.5, -1, NaN, Infinity, -Infinity, "10", null, -0, 1e21]) {
      q(`perPage ${show(value)}`, { perPage: value }, "query.perPage", "must be a whole number from 1 to 1000", { oneOff: value === 1001 });
    }
    // A bad value after good ones: the bad one is named, whatever its place.
    const good = list === "listDeviceRegistrations" ? { status: "all", search: "x" } : { email: "a@b.c", search: "x" };
    q("perPage 0 after good filters", { ...good, perPage: 0 }, "query.perPage", "must be a whole number from 1 to 1000");
  }

  // page: usersPage only.
  for (const value of [0, 1.5, -3, "2", 1000001, NaN, null]) {
    row("usersPage", `usersPage: page ${show(value)}`, () => client.usersPage(ACCOUNT, { page: value }), "query.page", "must be a whole number from 1 to 1000000");
  }

  // status: listDeviceRegistrations only.
  for (const value of ["ACTIVE", "deleted", "", 1, null, " active", ["active"]]) {
    const problem = 'must be "active", "all" or "revoked"';
    row("listDeviceRegistrations", `listDeviceRegistrations: status ${show(value)}`, () => client.listDeviceRegistrations(ACCOUNT, { status: value }), "query.status", problem);
    if (value === "deleted") {
      row("one-off listDeviceRegistrations", `one-off listDeviceRegistrations: status "deleted"`, () => ONE_OFF.listDeviceRegistrations({ status: value }), "query.status", problem);
    }
  }

  // findUsersByEmail.
  const emailsNot = [["a@b.c", "a string"], [null, "null"], [{}, "an object"], [undefined, "undefined"], [5, "a number"], [new Set(["a@b.c"]), "a Set"]];
  for (const [value, label] of emailsNot) {
    row("findUsersByEmail", `findUsersByEmail: emails ${label}`, () => client.findUsersByEmail(ACCOUNT, value), "emails", "must be an array of email addresses");
  }
  row("one-off findUsersByEmail", "one-off findUsersByEmail: emails a string", () => findUsersByEmail(ACCOUNT, "a@b.c", clientOptions()), "emails", "must be an array of email addresses");
  for (const [value, kind] of WRONG_KINDS) {
    row("findUsersByEmail", `findUsersByEmail: emails[1] ${show(value)}`, () => client.findUsersByEmail(ACCOUNT, ["a@b.c", value]), "emails[1]", `must be a string, not ${kind}`);
  }
  row("one-off findUsersByEmail", "one-off findUsersByEmail: emails[1] a number", () => findUsersByEmail(ACCOUNT, ["a@b.c", 5], clientOptions()), "emails[1]", "must be a string, not a number");
  for (const value of ["nobody", "a@", "@b.c", "a b@c.d", "", "  "]) {
    row("findUsersByEmail", `findUsersByEmail: emails[2] ${JSON.stringify(value)}`, () => client.findUsersByEmail(ACCOUNT, ["a@b.c", "d@e.f", value]), "emails[2]", "must be an email address (name@domain)");
  }
  row("one-off findUsersByEmail", 'one-off findUsersByEmail: emails[2] "nobody"', () => findUsersByEmail(ACCOUNT, ["a@b.c", "d@e.f", "nobody"], clientOptions()), "emails[2]", "must be an email address (name@domain)");

  // The one-off variants of the list rows marked `oneOff`.
  for (const r of out.filter((r) => r.oneOff && ONE_OFF[r.via])) {
    row(`one-off ${r.via}`, `one-off ${r.name}`, () => ONE_OFF[r.via](r.query), r.field, r.problem);
  }
  return out;
}

/** Bad account ids, as bad-input.test.mjs gives editSeats: each must fail as editSeats does. */
const BAD_ACCOUNTS = [
  ["a number", 699],
  ["null", null],
  ["undefined", undefined],
  ["an object", { id: ACCOUNT }],
  ["an array", [ACCOUNT]],
  ["a String object", new String(ACCOUNT)],
  ["../x (path traversal)", "../x"],
  ["a?b (query)", "a?b"],
  ["33 characters", "a".repeat(33)],
  ["unicode", "699d98642c564d2e855e9661899b725é"],
  ["empty", ""],
  ["a line break", `${ACCOUNT.slice(0, 31)}\n`],
  ["a NUL character", "abc\u0000def"],
];

const ACCOUNT_WAYS = [
  ["client.listUsers", (id) => client.listUsers(id, { email: "a@b.c" })],
  ["client.usersPage", (id) => client.usersPage(id, { page: 2 })],
  ["client.listDeviceRegistrations", (id) => client.listDeviceRegistrations(id, { status: "all" })],
  ["client.findUsersByEmail", (id) => client.findUsersByEmail(id, ["a@b.c"])],
  ["listUsers", (id) => listUsers(id, undefined, clientOptions())],
  ["listDeviceRegistrations", (id) => listDeviceRegistrations(id, undefined, clientOptions())],
  ["findUsersByEmail", (id) => findUsersByEmail(id, ["a@b.c"], clientOptions())],
];

// ---------------------------------------------------------------------------------------------

/** Runs `fn`, telling a synchronous throw from a rejection. */
async function outcome(fn) {
  let promise;
  try {
    promise = fn();
  } catch (error) {
    return { threw: true, error };
  }
  if (!(promise instanceof Promise)) return { threw: false, value: promise, notAPromise: true };
  try {
    return { threw: false, value: await promise };
  } catch (error) {
    return { threw: false, rejected: true, error };
  }
}

const describeOutcome = (r) =>
  r.error === undefined
    ? `no error (${r.notAPromise ? "returned a non-promise" : "it resolved"}: ${show(r.value)})`
    : `${r.threw ? "threw" : "rejected with"} ${r.error?.name}: ${r.error?.message} (field ${r.error?.field})`;

/** Asserts `fn` rejects with exactly this ValidationError and sends nothing. */
async function assertRefused(what, fn, field, problem) {
  const before = sent.length;
  const result = await outcome(fn);
  assert.ok(result.error instanceof ValidationError, `${what}: expected a ValidationError, got ${describeOutcome(result)}`);
  assert.equal(result.threw, false, `${what}: rejects, not throws`);
  assert.equal(result.error.name, "ValidationError", what);
  assert.equal(result.error.field, field, `${what}: field`);
  assert.equal(result.error.message, `${field} ${problem}`, `${what}: message`);
  assert.equal(result.error.attempts, 0, `${what}: attempts`);
  assert.deepEqual(sent.slice(before).map((s) => s.url), [], `${what}: sent a request`);
  return result.error;
}

test("bad query values are ValidationErrors with the exact field and message; nothing is sent", async (t) => {
  const from = sent.length;
  const table = rows();
  assert.ok(table.length >= 150, `${table.length} rows`);
  for (const r of table) {
    await t.test(r.name, () => assertRefused(r.name, r.call, r.field, r.problem));
  }
  assert.deepEqual(sent.slice(from).map((s) => s.url), [], "no row reached fetch");
});

test("a bad accountId fails the list calls exactly as it fails editSeats; nothing is sent", async (t) => {
  const from = sent.length;
  for (const [name, id] of BAD_ACCOUNTS) {
    await t.test(`accountId: ${name}`, async () => {
      // The reference: what editSeats says about the same id (bad-input.test.mjs checks it).
      const reference = await outcome(() => editSeats(id, [], clientOptions()));
      assert.ok(reference.error instanceof ValidationError, `editSeats: ${describeOutcome(reference)}`);
      assert.equal(reference.error.field, "accountId");
      assert.ok(reference.error.message.startsWith("accountId "), reference.error.message);
      const problem = reference.error.message.slice("accountId ".length);
      for (const [via, fn] of ACCOUNT_WAYS) {
        await assertRefused(`${name} via ${via}`, () => fn(id), "accountId", problem);
      }
    });
  }
  assert.deepEqual(sent.slice(from).map((s) => s.url), [], "no row reached fetch");
});

test("findUsersByEmail([]) resolves to nothing found, with no request", async () => {
  const from = sent.length;
  const empty = { found: [], missing: [], ambiguous: [] };
  assert.deepEqual(await client.findUsersByEmail(ACCOUNT, []), empty);
  assert.deepEqual(await findUsersByEmail(ACCOUNT, [], clientOptions()), empty);
  assert.deepEqual(sent.slice(from).map((s) => s.url), []);
});

test("after every row, the same client still works (and an undefined query is fine)", async () => {
  // Whether the rows sent anything is the rows' own assertion; here only what follows counts.
  const from = sent.length;
  mode = "answer";
  try {
    const mine = () => sent.slice(from);
    const check = (rec, path, query) => {
      const url = new URL(rec.url);
      assert.equal(`${url.origin}${url.pathname}`, `${BASE}${path}`);
      assert.equal(url.search, query);
      assert.equal(rec.init.method, "GET");
      assert.ok(rec.init.body === undefined || rec.init.body === null, `a GET with a body: ${rec.init.body}`);
      const headers = new Headers(rec.init.headers);
      assert.equal(headers.get("authorization"), `Bearer ${TOKEN}`);
      assert.equal(headers.get("accept"), "application/json");
    };

    assert.deepEqual(await client.listUsers(ACCOUNT), []);
    assert.equal(mine().length, 1, `listUsers sent ${mine().length} requests`);
    check(mine()[0], `/accounts/${ACCOUNT}/access/users`, "?per_page=1000&page=1");

    const page = await client.usersPage(ACCOUNT, undefined);
    assert.equal(page.success, true);
    assert.deepEqual(page.result, []);
    assert.equal(mine().length, 2);
    check(mine()[1], `/accounts/${ACCOUNT}/access/users`, "?per_page=1000&page=1");

    assert.deepEqual(await client.listDeviceRegistrations(ACCOUNT, undefined), []);
    assert.equal(mine().length, 3);
    check(mine()[2], `/accounts/${ACCOUNT}/devices/registrations`, "?per_page=1000");

    // An address no user has is missing, not found.
    const found = await client.findUsersByEmail(ACCOUNT, ["a+b@example.com"]);
    assert.deepEqual(found, { found: [], missing: ["a+b@example.com"], ambiguous: [] });
    assert.ok(mine().length >= 4, "findUsersByEmail sent no request");
    assert.ok(mine().slice(3).every((s) => new URL(s.url).pathname.endsWith("/access/users")), "findUsersByEmail asked the users list");
  } finally {
    mode = "refuse";
  }
});
