// The dev server's proxy mode, with the API stand-in playing the upstream: exactly three routes
// pass (the seats PATCH, the users list GET and the registrations list GET, each with only the
// query keys the package sends), the credentials are the server's, the browser's are dropped,
// and every refusal is answered by the dev server without the upstream hearing of it.
//
//   node --test tests/js/proxy.test.mjs

import { describe, it, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startStandin } from "../../standin/standin.mjs";
import { startDevServer, optionsFromEnv } from "../../www/server.mjs";
import { credentialsFromEnv, proxyConfig, MAX_BODY_BYTES } from "../../www/proxy.mjs";
import { control, rawRequest, recordedRequests, runServer, seatsOf } from "./admin-harness.mjs";
import { Client } from "../../pkg/node.mjs";

const ACCOUNT = "699d98642c564d2e855e9661899b7252";
const SERVER_TOKEN = "test-token-0123456789abcdef"; // the stand-in's default token
const BROWSER_TOKEN = "browser-token-must-not-pass";
const EMAIL = "admin@example.com";
const KEY = "0123456789abcdef0123456789abcdef01234";
const SEATS_PATH = `/client/v4/accounts/${ACCOUNT}/access/seats`;
const USERS_PATH = `/client/v4/accounts/${ACCOUNT}/access/users`;
const REGISTRATIONS_PATH = `/client/v4/accounts/${ACCOUNT}/devices/registrations`;
/** The browser's credentials and other headers a proxy must never pass on. */
const BROWSER_HEADERS = {
  authorization: `Bearer ${BROWSER_TOKEN}`,
  cookie: "session=browser-cookie",
  "x-auth-email": "browser@example.com",
  "x-auth-key": "browser-key",
  "x-forwarded-for": "203.0.113.9",
  "x-custom": "not forwarded",
  "user-agent": "test-browser",
};
const JSON_HEADERS = { "content-type": "application/json", accept: "application/json" };
/** What the upstream may see: the whitelist, the server's credentials and transport headers. */
const UPSTREAM_HEADERS = new Set(["host", "content-type", "accept", "user-agent", "content-length", "connection"]);

describe("dev server in proxy mode", () => {
  let upstream;
  let server;
  let keyServer;
  const logs = [];

  before(async () => {
    // Bigger than the proxy's limit, so the stand-in never is the one refusing a large body.
    upstream = await startStandin({ prefix: "/client/v4", maxBodyBytes: 2 * MAX_BODY_BYTES });
    server = await startDevServer({
      port: 0,
      proxyUpstream: upstream.url,
      credentials: { apiToken: SERVER_TOKEN },
      log: (line) => logs.push(line),
    });
    keyServer = await startDevServer({
      port: 0,
      proxyUpstream: upstream.url,
      credentials: { apiEmail: EMAIL, apiKey: KEY },
      log: (line) => logs.push(line),
    });
  });

  after(async () => {
    await server?.close();
    await keyServer?.close();
    await upstream?.close();
  });

  beforeEach(async () => {
    await control(upstream.origin, "POST", "/__standin/reset");
  });

  async function someSeat() {
    const [seat] = await seatsOf(upstream.origin, ACCOUNT);
    return seat;
  }

  it("forwards the seats PATCH with the server's token, not the browser's credentials or cookies", async () => {
    const seat = await someSeat();
    const body = JSON.stringify([{ seat_uid: seat.seat_uid, access_seat: true, gateway_seat: false }]);
    const res = await rawRequest(server.url, {
      method: "PATCH",
      target: SEATS_PATH,
      body,
      headers: { ...JSON_HEADERS, ...BROWSER_HEADERS, origin: server.origin, referer: server.url, "sec-fetch-site": "same-origin" },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.success, true);
    assert.deepEqual(res.json.result.map((s) => [s.seat_uid, s.access_seat, s.gateway_seat]), [[seat.seat_uid, true, false]]);
    assert.match(res.headers["content-type"], /^application\/json/);
    assert.match(res.headers["cf-ray"], /^[0-9a-f]{16}-[A-Z]{3}$/);
    // The stand-in sends CORS headers; the proxy passes only its whitelist back.
    assert.equal(res.headers["access-control-allow-origin"], undefined);
    assert.equal(res.headers["access-control-expose-headers"], undefined);

    const [sent, ...more] = await recordedRequests(upstream.origin);
    assert.equal(more.length, 0, "exactly one upstream request");
    assert.equal(sent.method, "PATCH");
    assert.equal(sent.url, SEATS_PATH);
    assert.equal(sent.body, body);
    assert.equal(sent.headers.authorization, `Bearer ${SERVER_TOKEN}`);
    assert.equal(sent.headers["content-type"], "application/json");
    assert.equal(sent.headers["user-agent"], "zero-trust-seats-dev-proxy");
    for (const name of Object.keys(sent.headers)) {
      assert.ok(UPSTREAM_HEADERS.has(name) || name === "authorization", `forwarded header ${name}`);
    }
    assert.ok(!JSON.stringify(sent).includes(BROWSER_TOKEN), "the browser's token reached the upstream");
    assert.ok(!JSON.stringify(sent).includes("browser-cookie"), "the browser's cookie reached the upstream");
    assert.equal((await seatsOf(upstream.origin, ACCOUNT)).find((s) => s.seat_uid === seat.seat_uid).gateway_seat, false);
  });

  it("adds X-Auth-Email and X-Auth-Key in email + key mode", async () => {
    const seat = await someSeat();
    const body = JSON.stringify([{ seat_uid: seat.seat_uid, access_seat: true, gateway_seat: true }]);
    const res = await rawRequest(keyServer.url, {
      method: "PATCH",
      target: SEATS_PATH,
      body,
      headers: { ...JSON_HEADERS, authorization: `Bearer ${BROWSER_TOKEN}` },
    });
    assert.equal(res.status, 200, res.text);
    const [sent] = await recordedRequests(upstream.origin);
    assert.equal(sent.headers["x-auth-email"], EMAIL);
    assert.equal(sent.headers["x-auth-key"], KEY);
    assert.equal(sent.headers.authorization, undefined, "the browser's Authorization reached the upstream");
  });

  it("passes the upstream's error status and only whitelisted response headers back", async () => {
    await control(upstream.origin, "POST", "/__standin/faults", {
      status: 429,
      headers: {
        "retry-after": "3",
        "retry-after-ms": "2500",
        "x-should-retry": "true",
        "set-cookie": "upstream=1",
        location: "https://evil.example/",
        "x-internal": "secret",
      },
    });
    const seat = await someSeat();
    const res = await rawRequest(server.url, {
      method: "PATCH",
      target: SEATS_PATH,
      body: JSON.stringify([{ seat_uid: seat.seat_uid, access_seat: true, gateway_seat: true }]),
      headers: JSON_HEADERS,
    });
    assert.equal(res.status, 429);
    assert.equal(res.json.errors[0].code, 971);
    assert.equal(res.headers["retry-after"], "3");
    assert.equal(res.headers["retry-after-ms"], "2500");
    assert.equal(res.headers["x-should-retry"], "true");
    assert.ok(res.headers["cf-ray"]);
    for (const name of ["set-cookie", "location", "x-internal"]) assert.equal(res.headers[name], undefined, name);
  });

  it("accepts a 100,000-seat body (about 9.3 MB) under the size limit", async () => {
    const edits = Array.from({ length: 100_000 }, (_, i) => ({
      seat_uid: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
      access_seat: true,
      gateway_seat: false,
    }));
    const body = JSON.stringify(edits);
    assert.ok(body.length > 9_000_000 && body.length < MAX_BODY_BYTES);
    const res = await rawRequest(server.url, { method: "PATCH", target: SEATS_PATH, body, headers: JSON_HEADERS });
    // Unknown seats: the stand-in's 404, which proves the whole body went through.
    assert.equal(res.status, 404);
    assert.equal(res.json.errors[0].code, 12130);
    const [sent] = await recordedRequests(upstream.origin);
    assert.equal(sent.body.length, body.length);
  });

  /** The one request the upstream saw: a GET of exactly `target`, no body, the server's token. */
  async function assertForwardedGet(target) {
    const [sent, ...more] = await recordedRequests(upstream.origin);
    assert.equal(more.length, 0, "exactly one upstream request");
    assert.equal(sent.method, "GET");
    assert.equal(sent.url, target);
    assert.equal(sent.body, "");
    assert.equal(sent.headers.authorization, `Bearer ${SERVER_TOKEN}`);
    assert.equal(sent.headers["user-agent"], "zero-trust-seats-dev-proxy");
    assert.equal(sent.headers["content-type"], undefined, "a GET carries no Content-Type");
    for (const name of Object.keys(sent.headers)) {
      assert.ok(UPSTREAM_HEADERS.has(name) || name === "authorization", `forwarded header ${name}`);
    }
    for (const secret of [BROWSER_TOKEN, "browser-cookie", "browser-key", "203.0.113.9"]) {
      assert.ok(!JSON.stringify(sent).includes(secret), `${secret} reached the upstream`);
    }
    return sent;
  }

  /** What the stand-in itself answers to `target` with the server's token (recorded, so call last). */
  async function direct(target) {
    const res = await fetch(`${upstream.origin}${target}`, { headers: { authorization: `Bearer ${SERVER_TOKEN}` } });
    assert.equal(res.status, 200);
    return res.json();
  }

  it("forwards the users list GET with its query, the server's token, and nothing of the browser's", async () => {
    const target = `${USERS_PATH}?email=ana.lee%40example.com&name=lee&search=e&per_page=2&page=1`;
    const res = await rawRequest(server.url, {
      target,
      headers: { ...BROWSER_HEADERS, accept: "application/json", origin: server.origin, "sec-fetch-site": "same-origin" },
    });
    assert.equal(res.status, 200, res.text);
    assert.equal(res.json.success, true);
    assert.match(res.headers["content-type"], /^application\/json/);
    assert.match(res.headers["cf-ray"], /^[0-9a-f]{16}-[A-Z]{3}$/);
    assert.equal(res.headers["access-control-allow-origin"], undefined);
    const sent = await assertForwardedGet(target);
    assert.equal(sent.headers.accept, "application/json");
    const expected = await direct(target);
    assert.ok(expected.result.length > 0, "the filter matches someone");
    assert.deepEqual(res.json.result, expected.result);
    assert.deepEqual(res.json.result_info, expected.result_info);
  });

  it("forwards the registrations list GET with every key the package sends, cursor included", async () => {
    const first = `${REGISTRATIONS_PATH}?status=all&seen_after=2000-01-01T00%3A00%3A00Z&seen_before=2100-01-01T00%3A00%3A00%2B01%3A00&search=example&per_page=5`;
    const one = await rawRequest(server.url, { target: first, headers: { ...BROWSER_HEADERS } });
    assert.equal(one.status, 200, one.text);
    assert.equal(one.json.result.length, 5);
    const { cursor } = one.json.result_info;
    assert.ok(cursor, "a cursor to the next page");
    await assertForwardedGet(first);
    await control(upstream.origin, "POST", "/__standin/reset");
    const second = `${first}&cursor=${encodeURIComponent(cursor)}`;
    const two = await rawRequest(server.url, { target: second, headers: { ...BROWSER_HEADERS } });
    assert.equal(two.status, 200, two.text);
    await assertForwardedGet(second);
    assert.deepEqual(two.json.result, (await direct(second)).result);
    assert.notDeepEqual(two.json.result.map((r) => r.id), one.json.result.map((r) => r.id));
    // No query at all is forwarded as none (the API's defaults).
    await control(upstream.origin, "POST", "/__standin/reset");
    const bare = await rawRequest(server.url, { target: REGISTRATIONS_PATH });
    assert.equal(bare.status, 200, bare.text);
    await assertForwardedGet(REGISTRATIONS_PATH);
  });

  it("forwards the list GETs with X-Auth-Email and X-Auth-Key in email + key mode", async () => {
    for (const target of [`${USERS_PATH}?per_page=1&page=2`, `${REGISTRATIONS_PATH}?per_page=1`]) {
      await control(upstream.origin, "POST", "/__standin/reset");
      const res = await rawRequest(keyServer.url, { target, headers: { authorization: `Bearer ${BROWSER_TOKEN}` } });
      assert.equal(res.status, 200, res.text);
      const [sent, ...more] = await recordedRequests(upstream.origin);
      assert.equal(more.length, 0);
      assert.equal(sent.url, target);
      assert.equal(sent.headers["x-auth-email"], EMAIL);
      assert.equal(sent.headers["x-auth-key"], KEY);
      assert.equal(sent.headers.authorization, undefined, "the browser's Authorization reached the upstream");
    }
  });

  it("passes a list's upstream error back with its whitelisted headers", async () => {
    await control(upstream.origin, "POST", "/__standin/faults", { route: "users", status: 429, headers: { "retry-after": "2", "set-cookie": "x=1" } });
    const res = await rawRequest(server.url, { target: `${USERS_PATH}?per_page=10&page=1` });
    assert.equal(res.status, 429);
    assert.equal(res.json.success, false);
    assert.equal(res.headers["retry-after"], "2");
    assert.equal(res.headers["set-cookie"], undefined);
  });

  it("the package's Client lists users and registrations through the proxy, holding no server credentials", async () => {
    // The client's own token is a browser's: the proxy must drop it (the stand-in would refuse it).
    const client = new Client({ baseUrl: `${server.url.replace(/\/$/, "")}/client/v4`, apiToken: BROWSER_TOKEN, maxRetries: 0 });
    const users = await client.listUsers(ACCOUNT, { perPage: 64 });
    const everyone = await control(upstream.origin, "GET", `/__standin/accounts/${ACCOUNT}/users`);
    assert.equal(users.length, 300);
    assert.deepEqual(users.map((u) => u.id), everyone.map((u) => u.id));
    const found = await client.listUsers(ACCOUNT, { email: "a+b@example.com", name: "x y", search: "é" });
    assert.deepEqual(found, []);
    const devices = await client.listDeviceRegistrations(ACCOUNT, {
      status: "all",
      seenAfter: "2000-01-01T00:00:00Z",
      seenBefore: "2100-01-01T00:00:00+01:00",
      perPage: 100,
    });
    const registrations = await control(upstream.origin, "GET", `/__standin/accounts/${ACCOUNT}/registrations`);
    assert.equal(devices.length, registrations.length);
    assert.deepEqual(devices.map((d) => d.id).sort(), registrations.map((r) => r.id).sort());
    const searched = await client.listDeviceRegistrations(ACCOUNT, { search: "lee" });
    assert.ok(searched.length > 0);

    const sent = await recordedRequests(upstream.origin);
    // 5 pages of users, 1 filtered, 3 pages of registrations (273 at 100 a page), 1 searched.
    assert.equal(sent.length, 10, JSON.stringify(sent.map((r) => r.url)));
    for (const request of sent) {
      assert.equal(request.method, "GET");
      assert.equal(request.headers.authorization, `Bearer ${SERVER_TOKEN}`, request.url);
      assert.ok(!JSON.stringify(request).includes(BROWSER_TOKEN), `${request.url}: the client's token reached the upstream`);
    }
    assert.equal(sent[0].url, `${USERS_PATH}?per_page=64&page=1`);
    assert.equal(sent[5].url, `${USERS_PATH}?email=a%2Bb%40example.com&name=x%20y&search=%C3%A9&per_page=1000&page=1`);
    assert.match(sent[6].url, /\?status=all&seen_after=2000-01-01T00%3A00%3A00Z&seen_before=2100-01-01T00%3A00%3A00%2B01%3A00&per_page=100$/);
    assert.match(sent[7].url, /&per_page=100&cursor=[^&]+$/);
  });

  // Each is answered by the dev server with 400, 404 or 405 and never reaches the upstream.
  const get = (target, extra = {}) => ({ method: "GET", target, headers: { accept: "application/json" }, ...extra });
  const listRefused = [
    ...["POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"].flatMap((method) => [
      [`${method} on the users path`, { ...get(`${USERS_PATH}?per_page=1&page=1`), method, body: method === "HEAD" || method === "OPTIONS" ? undefined : "[]" }, 405],
      [`${method} on the registrations path`, { ...get(REGISTRATIONS_PATH), method }, 405],
    ]),
    ["an unknown key on users", get(`${USERS_PATH}?per_page=1&page=1&foo=1`), 400],
    ["an unknown key on registrations", get(`${REGISTRATIONS_PATH}?per_page=1&foo=1`), 400],
    ...["user.id=u1", "id=r1", "device.id=d1", "policy.id=11ffb86f-3f0c-4306-b4a2-e62f872b166a", "sort_by=last_seen_at", "sort_order=asc", "include=policy"].map((pair) => [
      `the documented but unsent ${pair.split("=")[0]} on registrations`,
      get(`${REGISTRATIONS_PATH}?per_page=1&${pair}`),
      400,
    ]),
    ["users' page on registrations", get(`${REGISTRATIONS_PATH}?page=1`), 400],
    ["registrations' cursor on users", get(`${USERS_PATH}?cursor=abc`), 400],
    ["registrations' status on users", get(`${USERS_PATH}?status=all`), 400],
    ["a key given twice", get(`${USERS_PATH}?per_page=1&per_page=1000`), 400],
    ["an encoded key", get(`${USERS_PATH}?per%5Fpage=1`), 400],
    ["a key in another case", get(`${USERS_PATH}?Per_Page=1`), 400],
    ["an empty query string", get(`${USERS_PATH}?`), 400],
    ["a bare key", get(`${USERS_PATH}?per_page`), 400],
    ["an empty pair", get(`${USERS_PATH}?per_page=1&&page=1`), 400],
    ["an empty key", get(`${USERS_PATH}?=1`), 400],
    ["a raw +", get(`${USERS_PATH}?email=a+b%40example.com`), 400],
    ["a raw @", get(`${USERS_PATH}?email=a@example.com`), 400],
    ["a raw quote", get(`${USERS_PATH}?name=o'brien`), 400],
    ["a bad escape", get(`${USERS_PATH}?name=%zz`), 400],
    ["an escape that is not UTF-8", get(`${USERS_PATH}?name=%FF`), 400],
    ["an encoded NUL", get(`${USERS_PATH}?name=%00`), 400],
    ["an encoded newline", get(`${REGISTRATIONS_PATH}?search=a%0D%0AX-Evil%3A%201`), 400],
    ["a fragment in the query", get(`${USERS_PATH}?per_page=1#x`), 400],
    ["a query over 8 KiB", get(`${USERS_PATH}?search=${"a".repeat(9000)}`), 400],
    ["a value over 1024 characters", get(`${USERS_PATH}?search=${"a".repeat(1025)}`), 400],
    ["status bogus", get(`${REGISTRATIONS_PATH}?status=bogus`), 400],
    ["per_page 0", get(`${USERS_PATH}?per_page=0`), 400],
    ["per_page 1001", get(`${REGISTRATIONS_PATH}?per_page=1001`), 400],
    ["per_page ten", get(`${USERS_PATH}?per_page=ten`), 400],
    ["page 0", get(`${USERS_PATH}?page=0`), 400],
    ["page -1", get(`${USERS_PATH}?page=-1`), 400],
    ["a GET with a body", get(`${USERS_PATH}?per_page=1`, { body: "x" }), 400],
    // Node's client chunks a GET's body only when told to by the header.
    ["a GET with a chunked body", get(REGISTRATIONS_PATH, { headers: { "transfer-encoding": "chunked" }, body: "x", chunked: true }), 400],
    ["a GET with a method override", { ...get(USERS_PATH), headers: { "x-http-method-override": "PATCH" } }, 400],
    ["a trailing slash on users", get(`${USERS_PATH}/`), 404],
    ["a user by id", get(`${USERS_PATH}/0123`), 404],
    ["a path parameter on users", get(`${USERS_PATH};x=1`), 404],
    ["an encoded letter in users", get(`/client/v4/accounts/${ACCOUNT}/access/%75sers`), 404],
    ["the devices list", get(`/client/v4/accounts/${ACCOUNT}/devices`), 404],
    ["one registration", get(`${REGISTRATIONS_PATH}/r1`), 404],
    ["an encoded slash in registrations", get(`/client/v4/accounts/${ACCOUNT}/devices%2fregistrations`), 404],
    ["dot-dot to users", get(`/client/v4/accounts/${ACCOUNT}/devices/../access/users`), 404],
    ["another list", get(`/client/v4/accounts/${ACCOUNT}/access/groups?per_page=1`), 404],
    ["the user's tokens", get("/client/v4/user/tokens/verify"), 404],
    ["the accounts list", get("/client/v4/accounts?per_page=1"), 404],
    ["a list in another case", get(`/client/v4/accounts/${ACCOUNT}/Access/Users`), 404],
  ];
  for (const [name, request, status] of listRefused) {
    it(`refuses ${name} with ${status} and forwards nothing`, async () => {
      const res = await rawRequest(server.url, request);
      assert.equal(res.status, status, `${name}: ${res.text.slice(0, 200)}`);
      if (request.method !== "HEAD") assert.equal(res.json?.success, false, "a Cloudflare-shaped error envelope");
      if (status === 405) assert.equal(res.headers.allow, "GET");
      if (status === 404 && request.method !== "HEAD") assert.match(res.json.errors[0].message, /only PATCH .*GET .*access\/users.*GET .*devices\/registrations/);
      assert.deepEqual(await recordedRequests(upstream.origin), [], `${name} reached the upstream`);
    });
  }

  it("refuses a list GET from another origin or site before it is forwarded", async () => {
    for (const headers of [{ origin: "https://evil.example" }, { "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors" }, { host: "evil.example" }]) {
      const res = await rawRequest(server.url, get(`${USERS_PATH}?per_page=1`, { headers }));
      assert.equal(res.status, 403, JSON.stringify(headers));
    }
    assert.deepEqual(await recordedRequests(upstream.origin), []);
  });

  // [name, request, status]: each is answered by the dev server and never reaches the upstream.
  const seatBody = JSON.stringify([{ seat_uid: "a", access_seat: true, gateway_seat: true }]);
  const patch = (target, headers = {}, extra = {}) => ({ method: "PATCH", target, headers: { ...JSON_HEADERS, ...headers }, body: seatBody, ...extra });
  const refused = [
    ["GET on the seats path", { ...patch(SEATS_PATH), method: "GET", body: undefined }, 405],
    ["POST on the seats path", { ...patch(SEATS_PATH), method: "POST" }, 405],
    ["PUT on the seats path", { ...patch(SEATS_PATH), method: "PUT" }, 405],
    ["DELETE on the seats path", { ...patch(SEATS_PATH), method: "DELETE" }, 405],
    ["OPTIONS on the seats path", { ...patch(SEATS_PATH), method: "OPTIONS", body: undefined }, 405],
    ["HEAD on the seats path", { ...patch(SEATS_PATH), method: "HEAD", body: undefined }, 405],
    ["a query string", patch(`${SEATS_PATH}?per_page=1`), 404],
    ["an empty query string", patch(`${SEATS_PATH}?`), 404],
    ["a fragment", patch(`${SEATS_PATH}#x`), 404],
    ["a trailing slash", patch(`${SEATS_PATH}/`), 404],
    ["a longer path", patch(`${SEATS_PATH}/extra`), 404],
    ["a shorter path", patch(`/client/v4/accounts/${ACCOUNT}/access`), 404],
    ["another API route", patch(`/client/v4/accounts/${ACCOUNT}/access/apps`), 404],
    ["the API root", patch("/client/v4"), 404],
    ["another version", patch(`/client/v5/accounts/${ACCOUNT}/access/seats`), 404],
    ["another case", patch(`/CLIENT/v4/accounts/${ACCOUNT}/access/seats`), 404],
    ["an encoded letter", patch(`/client/v4/accounts/${ACCOUNT}/access/%73eats`), 404],
    ["an encoded slash", patch(`/client/v4/accounts/${ACCOUNT}%2faccess/seats`), 404],
    ["encoded dot-dot", patch(`/client/v4/accounts/${ACCOUNT}/access/%2e%2e/access/seats`), 404],
    ["upper-case encoded dot-dot", patch(`/client/v4/accounts/x/%2E%2E/${ACCOUNT}/access/seats`), 404],
    ["dot-dot", patch(`/client/v4/accounts/x/../${ACCOUNT}/access/seats`), 404],
    ["dot-dot-semicolon", patch(`/client/v4/accounts/${ACCOUNT}/access/..;/access/seats`), 404],
    ["a path parameter", patch(`${SEATS_PATH};x=1`), 404],
    ["a leading double slash", patch(`/${SEATS_PATH}`), 404],
    ["a double slash inside", patch(`/client/v4//accounts/${ACCOUNT}/access/seats`), 404],
    ["an empty account", patch("/client/v4/accounts//access/seats"), 404],
    ["backslashes", patch(`/client/v4\\accounts\\${ACCOUNT}\\access\\seats`), 404],
    ["an encoded backslash", patch(`/client/v4/accounts/${ACCOUNT}%5c/access/seats`), 404],
    ["an encoded NUL", patch(`${SEATS_PATH}%00`), 404],
    ["an account id of 33 characters", patch(`/client/v4/accounts/${"a".repeat(33)}/access/seats`), 404],
    ["an account id with a dash", patch("/client/v4/accounts/ab-cd/access/seats"), 404],
    ["an absolute-form target", patch(`http://127.0.0.1/client/v4/accounts/${ACCOUNT}/access/seats`), 404],
    ["X-HTTP-Method-Override", patch(SEATS_PATH, { "x-http-method-override": "DELETE" }), 400],
    ["X-HTTP-Method", patch(SEATS_PATH, { "x-http-method": "GET" }), 400],
    ["X-Method-Override", patch(SEATS_PATH, { "x-method-override": "PUT" }), 400],
    ["a foreign Host", patch(SEATS_PATH, { host: "evil.example" }), 403],
    ["a Host on another port", patch(SEATS_PATH, { host: "127.0.0.1:1" }), 403],
    ["a foreign Origin", patch(SEATS_PATH, { origin: "https://evil.example" }), 403],
    ["Origin null", patch(SEATS_PATH, { origin: "null" }), 403],
    ["an Origin on another port", patch(SEATS_PATH, { origin: "http://127.0.0.1:1" }), 403],
    ["a cross-site fetch", patch(SEATS_PATH, { "sec-fetch-site": "cross-site", "sec-fetch-mode": "cors" }), 403],
    ["a text/plain body", patch(SEATS_PATH, { "content-type": "text/plain" }), 415],
    ["no Content-Type", { method: "PATCH", target: SEATS_PATH, body: seatBody }, 415],
    ["a Content-Length over the limit", patch(SEATS_PATH, {}, { body: Buffer.alloc(MAX_BODY_BYTES + 1, 32) }), 413],
    ["a chunked body over the limit", patch(SEATS_PATH, {}, { body: Buffer.alloc(MAX_BODY_BYTES + 1, 32), chunked: true }), 413],
  ];
  for (const [name, request, status] of refused) {
    it(`refuses ${name} with ${status} and forwards nothing`, async () => {
      const res = await rawRequest(server.url, request);
      assert.equal(res.status, status, `${name}: ${res.text.slice(0, 200)}`);
      // Under /client/v4 the refusal is an error envelope the package reports readably; other
      // targets are not API paths at all and get the static files' plain 404.
      const api = request.target.startsWith("/client/v4/") || status !== 404;
      if (api && request.method !== "HEAD") assert.equal(res.json?.success, false, "a Cloudflare-shaped error envelope");
      if (status === 405) assert.equal(res.headers.allow, "PATCH");
      assert.deepEqual(await recordedRequests(upstream.origin), [], `${name} reached the upstream`);
    });
  }

  it("accepts localhost as its own host and origin", async () => {
    const seat = await someSeat();
    const port = new URL(server.url).port;
    const res = await rawRequest(server.url, {
      method: "PATCH",
      target: SEATS_PATH,
      body: JSON.stringify([{ seat_uid: seat.seat_uid, access_seat: true, gateway_seat: true }]),
      headers: { ...JSON_HEADERS, host: `localhost:${port}`, origin: `http://localhost:${port}` },
    });
    assert.equal(res.status, 200, res.text);
  });

  it("does not mount the stand-in, and tells the page it is a proxy without naming the secret", async () => {
    for (const target of ["/__standin/requests", `/__standin/accounts/${ACCOUNT}/seats`, "/client/v4/anything"]) {
      assert.equal((await rawRequest(server.url, { target })).status, 404, target);
    }
    const config = await rawRequest(server.url, { target: "/dev-server.json" });
    assert.equal(config.status, 200);
    assert.deepEqual(config.json, { mode: "proxy", upstream: upstream.url, credentials: "token", accounts: [] });
    assert.ok(!config.text.includes(SERVER_TOKEN));
    const page = await rawRequest(server.url, { target: "/" });
    assert.equal(page.status, 200);
    assert.ok(page.headers["content-security-policy"]);
    assert.deepEqual(await recordedRequests(upstream.origin), []);
  });

  it("answers 502 in Cloudflare's error shape when the upstream is down", async () => {
    const down = await startStandin({ prefix: "/client/v4" });
    const url = down.url;
    await down.close();
    const lonely = await startDevServer({ port: 0, proxyUpstream: url, credentials: { apiToken: SERVER_TOKEN }, log: () => {} });
    try {
      const res = await rawRequest(lonely.url, { method: "PATCH", target: SEATS_PATH, body: seatBody, headers: JSON_HEADERS });
      assert.equal(res.status, 502);
      assert.equal(res.json.success, false);
      assert.match(res.json.errors[0].message, /no answer from the upstream/);
      assert.ok(!res.text.includes(SERVER_TOKEN));
    } finally {
      await lonely.close();
    }
  });

  it("only forwards the accounts it is set up for, when given a list", async () => {
    const limited = await startDevServer({
      port: 0,
      proxyUpstream: upstream.url,
      credentials: { apiToken: SERVER_TOKEN },
      accounts: [ACCOUNT],
      log: () => {},
    });
    try {
      const other = await rawRequest(limited.url, { ...patch("/client/v4/accounts/0123456789abcdef0123456789abcdef/access/seats") });
      assert.equal(other.status, 403);
      for (const list of ["access/users?per_page=1", "devices/registrations?per_page=1"]) {
        const res = await rawRequest(limited.url, { target: `/client/v4/accounts/0123456789abcdef0123456789abcdef/${list}` });
        assert.equal(res.status, 403, list);
      }
      assert.deepEqual(await recordedRequests(upstream.origin), []);
      const seat = await someSeat();
      const ours = await rawRequest(limited.url, {
        ...patch(SEATS_PATH),
        body: JSON.stringify([{ seat_uid: seat.seat_uid, access_seat: true, gateway_seat: true }]),
      });
      assert.equal(ours.status, 200, ours.text);
    } finally {
      await limited.close();
    }
  });

  it("never logs a credential", () => {
    assert.ok(logs.length > 0, "the proxy logs one line per request");
    const all = logs.join("\n");
    for (const secret of [SERVER_TOKEN, KEY, BROWSER_TOKEN, "browser-cookie", "browser-key"]) {
      assert.ok(!all.includes(secret), `${secret} in the log`);
    }
  });
});

describe("proxy mode configuration", () => {
  const SECRET = "s3cret-value-never-printed";

  it("refuses to start without credentials", async () => {
    await assert.rejects(
      startDevServer({ port: 0, proxyUpstream: "https://api.cloudflare.com/client/v4", log: () => {} }),
      { name: "ProxyConfigError", message: /CLOUDFLARE_API_TOKEN/ },
    );
  });

  it("reads the credentials from the environment, refusing mixed or half-set ones", () => {
    assert.equal(credentialsFromEnv({}), null);
    assert.deepEqual(credentialsFromEnv({ CLOUDFLARE_API_TOKEN: SECRET }), { apiToken: SECRET });
    assert.deepEqual(credentialsFromEnv({ CLOUDFLARE_EMAIL: EMAIL, CLOUDFLARE_API_KEY: SECRET }), { apiEmail: EMAIL, apiKey: SECRET });
    const bad = [
      { CLOUDFLARE_API_TOKEN: SECRET, CLOUDFLARE_API_KEY: SECRET, CLOUDFLARE_EMAIL: EMAIL },
      { CLOUDFLARE_API_TOKEN: SECRET, CLOUDFLARE_EMAIL: EMAIL },
      { CLOUDFLARE_API_KEY: SECRET },
      { CLOUDFLARE_EMAIL: EMAIL },
    ];
    for (const env of bad) {
      assert.throws(() => credentialsFromEnv(env), (err) => err.name === "ProxyConfigError" && !err.message.includes(SECRET));
    }
    assert.deepEqual(optionsFromEnv({ PORT: "0" }), { port: 0 });
    assert.deepEqual(
      optionsFromEnv({ PORT: "0", PROXY_UPSTREAM: "https://api.cloudflare.com/client/v4", CLOUDFLARE_API_TOKEN: SECRET, PROXY_ACCOUNTS: ` ${ACCOUNT} ,` }),
      { port: 0, proxyUpstream: "https://api.cloudflare.com/client/v4", credentials: { apiToken: SECRET }, accounts: [ACCOUNT] },
    );
  });

  it("refuses unusable upstreams and credentials without quoting a secret", () => {
    const token = { apiToken: SECRET };
    const cases = [
      [{ upstream: "http://api.cloudflare.com/client/v4", credentials: token }, /https/],
      [{ upstream: "ftp://example.com/", credentials: token }, /https/],
      [{ upstream: "not a url", credentials: token }, /not a URL/],
      [{ upstream: "https://user:pw@example.com/", credentials: token }, /plain base URL/],
      [{ upstream: "https://example.com/client/v4?x=1", credentials: token }, /plain base URL/],
      [{ upstream: "https://example.com/", credentials: { apiToken: `${SECRET}\r\nX-Evil: 1` } }, /visible ASCII/],
      [{ upstream: "https://example.com/", credentials: { apiToken: SECRET, apiKey: SECRET } }, /not both/],
      [{ upstream: "https://example.com/", credentials: { apiEmail: EMAIL } }, /go together/],
      [{ upstream: "https://example.com/", credentials: { apiEmail: "nobody", apiKey: SECRET } }, /email/],
      [{ upstream: "https://example.com/", credentials: token, accounts: ["../x"] }, /not an account id/],
    ];
    for (const [options, message] of cases) {
      assert.throws(() => proxyConfig(options), (err) => {
        assert.equal(err.name, "ProxyConfigError");
        assert.match(err.message, message);
        assert.ok(!err.message.includes(SECRET), err.message);
        return true;
      });
    }
    assert.equal(proxyConfig({ upstream: "http://localhost:9/client/v4/", credentials: token }).upstream, "http://localhost:9/client/v4");
  });
});

describe("node www/server.mjs in proxy mode", () => {
  let upstream;
  before(async () => {
    upstream = await startStandin({ prefix: "/client/v4" });
  });
  after(() => upstream?.close());

  it("refuses to start without credentials, with a clear message", async () => {
    const run = await runServer({ PROXY_UPSTREAM: upstream.url });
    const code = await run.exited;
    assert.equal(code, 1);
    assert.match(run.output(), /proxy mode needs credentials: set CLOUDFLARE_API_TOKEN/);
  });

  it("prints the URL without the secret, proxies, and stops cleanly on Ctrl-C", async () => {
    const run = await runServer({ PROXY_UPSTREAM: upstream.url, CLOUDFLARE_API_TOKEN: SERVER_TOKEN });
    const url = await run.url;
    const [seat] = await seatsOf(upstream.origin, ACCOUNT);
    const res = await rawRequest(url, {
      method: "PATCH",
      target: SEATS_PATH,
      body: JSON.stringify([{ seat_uid: seat.seat_uid, access_seat: true, gateway_seat: true }]),
      headers: JSON_HEADERS,
    });
    assert.equal(res.status, 200, res.text);
    run.child.kill("SIGINT");
    assert.equal(await run.exited, 0);
    assert.match(run.output(), /proxy mode: PATCH \/client\/v4\/accounts\/\{account_id\}\/access\/seats, GET …\/access\/users and …\/devices\/registrations -> .*CLOUDFLARE_API_TOKEN/);
    assert.match(run.output(), /demo: stopped/);
    assert.ok(!run.output().includes(SERVER_TOKEN), "the token was printed");
  });
});
