// The users and registrations lists through the built package against the stand-in: 5,000
// users over 5 pages and 3,000 registrations over cursors with faults injected mid-listing,
// findUsersByEmail choosing each strategy (the requests the stand-in saw are counted), hostile
// servers that repeat a page or a cursor, and a seat removal showing in the users list.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Client, InvalidResponseError, findUsersByEmail } from "../../pkg/node.mjs";
import { startStandin } from "../../standin/standin.mjs";
import { control as standinControl } from "./admin-harness.mjs";

const TOKEN = "test-token-0123456789abcdef";
let api;
let client;

before(async () => {
  api = await startStandin({ prefix: "/client/v4" });
  client = new Client({ apiToken: TOKEN, baseUrl: api.url });
});
after(() => api.close());

/** The stand-in's control API (paths under /__standin). */
const control = (method, path, body) => standinControl(api.origin, method, `/__standin${path}`, body);
const generate = (account, count, registrationsPerUser = [0, 0]) =>
  control("POST", `/accounts/${account}/users/generate`, { count, seed: 7, registrationsPerUser });
const faults = (account, list) => control("POST", "/faults", list.map((f) => ({ account, ...f })));
/** The GETs the stand-in saw for the account, as "path?query". */
async function gets(account) {
  const seen = await control("GET", `/requests?account=${account}`);
  return seen.filter((r) => r.method === "GET").map((r) => r.url.replace(/^\/client\/v4/, ""));
}
const usersPath = (account, query) => `/accounts/${account}/access/users?${query}`;

test("5,000 users over 5 pages, through a 429, a 503 and a page without total_pages", async () => {
  const account = "lists5000";
  assert.equal((await generate(account, 5000)).users, 5000);
  await faults(account, [
    { route: "users", omitTotalPages: true },
    { route: "users", status: 429, headers: { "retry-after-ms": "5" } },
    { route: "users", delayMs: 1 },
    { route: "users", delayMs: 1 },
    { route: "users", status: 503, headers: { "retry-after-ms": "5" } },
  ]);
  const progress = [];
  const users = await client.listUsers(account, undefined, { onProgress: (p) => progress.push(p) });
  const expected = await control("GET", `/accounts/${account}/users`);
  assert.equal(users.length, 5000);
  assert.deepEqual(users.map((u) => u.id), expected.map((u) => u.id), "every user once, in the API's order");
  assert.deepEqual(Object.keys(users[0]).slice(0, 3), ["id", "uid", "seat_uid"].filter((k) => k in users[0]));
  assert.deepEqual(
    await gets(account),
    [1, 2, 2, 3, 4, 4, 5].map((page) => usersPath(account, `per_page=1000&page=${page}`)),
    "page 2 retried after the 429, page 4 after the 503; nothing after page 5",
  );
  assert.deepEqual(progress, [1000, 2000, 3000, 4000, 5000].map((done) => ({ done, total: 5000 })));
});

test("3,000 registrations over cursors, through a 500 on the second page", async () => {
  const account = "lists3000";
  const summary = await generate(account, 1500, [2, 2]);
  assert.equal(summary.registrations, 3000);
  await faults(account, [
    { route: "registrations", delayMs: 1 },
    { route: "registrations", status: 500, headers: { "retry-after-ms": "5" } },
  ]);
  const devices = await client.listDeviceRegistrations(account, { status: "all" });
  const expected = await control("GET", `/accounts/${account}/registrations`);
  assert.equal(devices.length, 3000);
  assert.deepEqual(new Set(devices.map((d) => d.id)), new Set(expected.map((d) => d.id)));
  assert.equal(new Set(devices.map((d) => d.id)).size, 3000, "no registration twice");
  const seen = await gets(account);
  assert.equal(seen.length, 4, seen.join("\n"));
  assert.equal(seen[0], `/accounts/${account}/devices/registrations?status=all&per_page=1000`);
  assert.match(seen[1], /\?status=all&per_page=1000&cursor=[^&]+$/);
  assert.equal(seen[2], seen[1], "the failed page is asked again with the same cursor");
  assert.notEqual(seen[3], seen[2]);
  const revoked = devices.filter((d) => d.revoked_at !== null).length;
  assert.ok(revoked > 0, "status all includes revoked ones");
  const active = await client.listDeviceRegistrations(account);
  assert.equal(active.length, 3000 - revoked, "without status: the API's default, active");
});

test("findUsersByEmail looks each address up when that is fewer requests than the pages left", async () => {
  const account = "findlookup";
  await generate(account, 5000);
  const users = await control("GET", `/accounts/${account}/users`);
  const wanted = [users[4321].email, `  ${users[10].email.toUpperCase()} `, "nobody@example.com"];
  const matches = await client.findUsersByEmail(account, wanted);
  assert.deepEqual(matches.found.map((f) => [f.email, f.user.id]), [
    [users[4321].email, users[4321].id],
    [users[10].email.toUpperCase(), users[10].id],
  ]);
  assert.deepEqual(matches.missing, ["nobody@example.com"]);
  assert.deepEqual(matches.ambiguous, []);
  const enc = encodeURIComponent;
  assert.deepEqual(await gets(account), [
    usersPath(account, "per_page=1000&page=1"),
    usersPath(account, `email=${enc(users[4321].email)}&per_page=1000&page=1`),
    usersPath(account, `email=${enc(users[10].email.toUpperCase())}&per_page=1000&page=1`),
    usersPath(account, "email=nobody%40example.com&per_page=1000&page=1"),
  ]);
});

test("findUsersByEmail finishes the listing when the pages left are fewer than the addresses", async () => {
  const account = "findlisting";
  await generate(account, 5000);
  const users = await control("GET", `/accounts/${account}/users`);
  const wanted = [0, 999, 1000, 2500, 4999].map((i) => users[i].email).concat(["ghost@example.com"]);
  const matches = await client.findUsersByEmail(account, wanted);
  assert.deepEqual(matches.found.map((f) => f.user.id), [0, 999, 1000, 2500, 4999].map((i) => users[i].id));
  assert.deepEqual(matches.missing, ["ghost@example.com"]);
  assert.deepEqual(
    await gets(account),
    [1, 2, 3, 4, 5].map((page) => usersPath(account, `per_page=1000&page=${page}`)),
    "6 addresses, 4 pages left: the listing is finished",
  );
});

test("findUsersByEmail re-checks the API's substring filter and reports case-twins as ambiguous", async () => {
  const account = "findexact";
  const user = (id, email) => ({ id, email, name: id, seat_uid: `seat-${id}`, access_seat: true, gateway_seat: true });
  await control("PUT", `/accounts/${account}/users`, [
    user("u1", "ann@example.com"),
    user("u2", "joann@example.com"),
    user("u3", "Lee@example.com"),
    user("u4", "lee@example.com"),
    user("u5", "a+b@example.com"),
  ]);
  // One page holds everyone: it decides every address.
  const matches = await findUsersByEmail(account, ["ann@example.com", "LEE@example.com", "a+b@example.com", "ann@EXAMPLE.com"], {
    apiToken: TOKEN,
    baseUrl: api.url,
  });
  assert.deepEqual(matches.found.map((f) => [f.email, f.user.id]), [["ann@example.com", "u1"], ["a+b@example.com", "u5"]]);
  assert.deepEqual(matches.ambiguous.map((a) => [a.email, a.users.map((u) => u.id)]), [["LEE@example.com", ["u3", "u4"]]]);
  assert.deepEqual(matches.missing, []);
  assert.equal((await gets(account)).length, 1);
  // Through ?email= (a first page claiming 9 pages makes one lookup cheaper): the stand-in's
  // filter is a substring match, so "ann@" also returns joann; the package drops her.
  await faults(account, [{ route: "users", resultInfo: { total_pages: 9 } }]);
  const lookups = await client.findUsersByEmail(account, ["ann@example.com"], {});
  assert.deepEqual(lookups.found.map((f) => f.user.id), ["u1"]);
  assert.deepEqual((await gets(account)).slice(1), [
    usersPath(account, "per_page=1000&page=1"),
    usersPath(account, "email=ann%40example.com&per_page=1000&page=1"),
  ]);
});

test("a server that repeats a page or a cursor is an InvalidResponseError, not an endless listing", async () => {
  const account = "hostile";
  await generate(account, 2500, [1, 1]);
  await faults(account, [{ route: "users", delayMs: 1 }, { route: "users", repeatPage: 1 }]);
  const err = await client.listUsers(account).then(
    () => assert.fail("expected a rejection"),
    (e) => e,
  );
  assert.ok(err instanceof InvalidResponseError, String(err));
  assert.equal(
    err.message,
    "page 2 of the list holds only items of earlier pages: stopped, as the API repeats itself",
  );
  await faults(account, [{ route: "registrations", delayMs: 1 }, { route: "registrations", repeatCursor: true }]);
  const devErr = await client.listDeviceRegistrations(account, { perPage: 1000 }).then(
    () => assert.fail("expected a rejection"),
    (e) => e,
  );
  assert.ok(devErr instanceof InvalidResponseError, String(devErr));
  assert.equal(
    devErr.message,
    "page 2 of the list gave a cursor of an earlier page again: stopped, as the API repeats itself",
  );
});

test("a seat removed through editSeats shows in the users list", async () => {
  const account = "removal";
  await generate(account, 50);
  const before = (await client.listUsers(account)).find((u) => u.access_seat && u.gateway_seat);
  await client.editSeats(account, [{ seat_uid: before.seat_uid, access_seat: false, gateway_seat: false }]);
  const after = (await client.listUsers(account, { email: before.email })).find((u) => u.id === before.id);
  assert.equal(after.access_seat, false);
  assert.equal(after.gateway_seat, false);
  const page = await client.usersPage(account, { perPage: 10, page: 2 });
  assert.equal(page.success, true);
  assert.equal(page.result.length, 10);
  assert.deepEqual(page.result_info, { count: 10, page: 2, per_page: 10, total_count: 50, total_pages: 5 });
});

test("a truncated page (the connection drops mid-body) is asked again: a GET is safe to repeat", async () => {
  const account = "truncated";
  await generate(account, 2500);
  await faults(account, [{ route: "users", delayMs: 1 }, { route: "users", truncate: true }]);
  const users = await client.listUsers(account);
  assert.equal(new Set(users.map((u) => u.id)).size, 2500);
  assert.deepEqual(
    await gets(account),
    [1, 2, 2, 3].map((page) => usersPath(account, `per_page=1000&page=${page}`)),
  );
  await faults(account, [{ route: "users", truncate: true }]);
  const err = await client.listUsers(account, {}, { maxRetries: 0 }).then(
    () => assert.fail("expected a rejection"),
    (e) => e,
  );
  assert.equal(err.name, "APIConnectionError");
  assert.equal(err.attempts, 1);
});

test("an item an earlier page gave is skipped by its id; items without a string id are all kept", async () => {
  // Page 2 repeats "b" (escaped in the JSON as a server may write it) and holds items whose
  // id is missing, a number, null, or that are not objects: only the repeat is dropped.
  const pages = {
    1: '[{"id":"a"},{"id":"b\\u00e9\\""},{"n":1}]',
    2: '[{"id":"b\\u00e9\\""},{"id":"c"},{"n":1},{"id":5},{"id":null},"x",[1],{"id":"\\ud800"}]',
  };
  const seen = [];
  const fetch = async (url) => {
    const page = new URL(url).searchParams.get("page");
    seen.push(page);
    const body = `{"success":true,"errors":[],"messages":[],"result":${pages[page]},"result_info":{"page":${page},"per_page":1000,"total_pages":2}}`;
    return new Response(body, { status: 200, headers: { "content-type": "application/json" } });
  };
  const lister = new Client({ apiToken: TOKEN, baseUrl: "https://api.test/client/v4", fetch });
  const users = await lister.listUsers("acctids");
  assert.deepEqual(seen, ["1", "2"]);
  assert.deepEqual(users, [
    { id: "a" }, { id: "bé\"" }, { n: 1 },
    { id: "c" }, { n: 1 }, { id: 5 }, { id: null }, "x", [1], { id: "\ud800" },
  ]);
});
