// The dev server's proxy mode, with the API stand-in playing the upstream: only the seats PATCH
// passes, the credentials are the server's, the browser's are dropped, and every refusal is
// answered by the dev server without the upstream hearing of it.
//
//   node --test tests/js/proxy.test.mjs

import { describe, it, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { startStandin } from "../../standin/standin.mjs";
import { startDevServer, optionsFromEnv } from "../../www/server.mjs";
import { credentialsFromEnv, proxyConfig, MAX_BODY_BYTES } from "../../www/proxy.mjs";
import { control, rawRequest, recordedRequests, runServer, seatsOf } from "./admin-harness.mjs";

const ACCOUNT = "699d98642c564d2e855e9661899b7252";
const SERVER_TOKEN = "test-token-0123456789abcdef"; // the stand-in's default token
const BROWSER_TOKEN = "browser-token-must-not-pass";
const EMAIL = "admin@example.com";
const KEY = "0123456789abcdef0123456789abcdef01234";
const SEATS_PATH = `/client/v4/accounts/${ACCOUNT}/access/seats`;
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
      headers: {
        ...JSON_HEADERS,
        authorization: `Bearer ${BROWSER_TOKEN}`,
        cookie: "session=browser-cookie",
        "x-auth-email": "browser@example.com",
        "x-auth-key": "browser-key",
        "x-forwarded-for": "203.0.113.9",
        "x-custom": "not forwarded",
        origin: server.origin,
        referer: server.url,
        "sec-fetch-site": "same-origin",
        "user-agent": "test-browser",
      },
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
    assert.match(run.output(), /proxy mode: PATCH \/client\/v4\/accounts\/\{account_id\}\/access\/seats -> .*CLOUDFLARE_API_TOKEN/);
    assert.match(run.output(), /demo: stopped/);
    assert.ok(!run.output().includes(SERVER_TOKEN), "the token was printed");
  });
});
