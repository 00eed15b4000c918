// The package in Cloudflare Workers, run locally in workerd by `wrangler dev` (both from npm:
// the root's devDependency wrangler, whose workerd binary ships inside a registry package).
// Each Worker is a scratch project with the packed tarball installed:
//   - tests/js/runtimes/worker/: a Worker that edits seats with the package (the `workerd`
//     export condition, the wasm imported as a module: no init() call, no glue);
//   - tests/js/runtimes/worker-proxy/: the admin page's production proxy (static page + the three
//     forwarded routes: the seats PATCH, the users and registrations GETs; credentials from
//     secrets, Cloudflare Access verified), docs/runtimes.md.
// Both call the stand-in on 127.0.0.1.
//
//   node --test tests/js/runtime-worker.test.mjs

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createSign, generateKeyPairSync } from "node:crypto";
import { cpSync, mkdirSync, readFileSync, readdirSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { join } from "node:path";
import { promisify } from "node:util";
import { startStandin } from "../../standin/standin.mjs";
import { Client } from "../../pkg/node.mjs";
import { rawRequest } from "./admin-harness.mjs";
import { devBin, FIXTURES, REPO, scratchProject, wranglerEnv } from "./runtimes/tarball.mjs";
import {
  TOKEN, freePort, launchChromium, onePatch, patchesSeen, runPage, seedSeats, startProcess,
} from "./runtimes/helpers.mjs";

const TIMEOUT = 240_000;
let standin;

before(async () => {
  devBin("wrangler");
  devBin("workerd");
  standin = await startStandin({ prefix: "/client/v4" });
});

after(async () => {
  await standin?.close();
});

/** `wrangler dev` of `project` on a free port; resolves to { origin, stop, output }. */
/** An error's stack in workerd starts at the Worker's `fetch` awaiting the call, not in wasm. */
function assertCallerStack(stack) {
  const frames = stack.split("\n").filter((line) => /^\s+at /.test(line));
  assert.match(frames[0] ?? "", /^\s+at async Object\.fetch \(.*index\.js:\d+:\d+\)$/, stack);
  assert.ok(!stack.includes("wasm-function"), stack);
}

async function wranglerDev(project, vars) {
  const port = await freePort();
  const args = ["dev", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort())];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const server = await startProcess(devBin("wrangler"), args, {
    cwd: project.dir,
    env: wranglerEnv(),
    ready: /Ready on http/,
    timeout: 120_000,
  });
  return { origin: `http://127.0.0.1:${port}`, stop: server.stop, output: server.output };
}

// ---------------------------------------------------------------------------------------------
// A Worker that uses the package

describe("a Worker that edits seats with the package", { timeout: TIMEOUT }, () => {
  let project;
  let worker;

  before(async () => {
    project = await scratchProject("worker", { fixture: "worker" });
    // Locally, secrets come from .dev.vars; in production, `wrangler secret put`.
    project.write(".dev.vars", `CLOUDFLARE_API_TOKEN=${TOKEN}\n`);
    worker = await wranglerDev(project, { CLOUDFLARE_BASE_URL: standin.url });
  });

  after(async () => {
    await worker?.stop();
    project?.remove();
  });

  test("Client.editSeats in workerd edits a seat on the stand-in", { timeout: TIMEOUT }, async () => {
    await seedSeats(standin, "workerclient", ["w-1", "w-2"]);
    const res = await fetch(worker.origin, {
      method: "POST",
      body: JSON.stringify({ accountId: "workerclient", edits: [{ seat_uid: "w-2", access_seat: false, gateway_seat: true }] }),
    });
    const page = await res.json();
    assert.equal(res.status, 200, JSON.stringify(page));
    assert.equal(page.success, true);
    assert.deepEqual(
      page.result.map(({ seat_uid, access_seat, gateway_seat }) => ({ seat_uid, access_seat, gateway_seat })),
      [{ seat_uid: "w-2", access_seat: false, gateway_seat: true }],
    );
    const seen = await onePatch(standin, "workerclient");
    assert.equal(seen.url, "/client/v4/accounts/workerclient/access/seats");
    assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
    assert.match(seen.headers["content-type"], /^application\/json/);
    assert.deepEqual(JSON.parse(seen.body), [{ access_seat: false, gateway_seat: true, seat_uid: "w-2" }]);
  });

  test("the one-off editSeats in workerd: typed errors survive, nothing bad is sent", { timeout: TIMEOUT }, async () => {
    await seedSeats(standin, "workeroneoff", ["o-1"]);
    const ok = await fetch(worker.origin, {
      method: "POST",
      body: JSON.stringify({ oneOff: true, accountId: "workeroneoff", edits: [{ seat_uid: "o-1", access_seat: true, gateway_seat: false }] }),
    });
    assert.equal(ok.status, 200);
    assert.deepEqual((await ok.json()).result.map((s) => [s.seat_uid, s.access_seat, s.gateway_seat]), [["o-1", true, false]]);
    await onePatch(standin, "workeroneoff");

    const typo = await fetch(worker.origin, {
      method: "POST",
      body: JSON.stringify({ oneOff: true, accountId: "workertypo", edits: [{ seat_uid: "o-1", acess_seat: true, gateway_seat: false }] }),
    });
    assert.equal(typo.status, 400);
    const { error } = await typo.json();
    assert.equal(error.name, "ValidationError");
    assert.equal(error.field, "body[0].acess_seat");
    assert.equal(error.attempts, 0);
    assertCallerStack(error.stack);
    assert.equal((await patchesSeen(standin, "workertypo")).length, 0);

    const unknown = await fetch(worker.origin, {
      method: "POST",
      body: JSON.stringify({ accountId: "workeroneoff", edits: [{ seat_uid: "nope", access_seat: true, gateway_seat: false }] }),
    });
    assert.equal(unknown.status, 404);
    const notFound = (await unknown.json()).error;
    assert.equal(notFound.name, "NotFoundError");
    assertCallerStack(notFound.stack);
    assert.match(worker.output(), /Ready on/);
    assert.doesNotMatch(worker.output(), new RegExp(TOKEN), "wrangler printed the secret");
  });
});

describe("the Worker bundle `wrangler deploy` would upload", { timeout: TIMEOUT }, () => {
  test("holds the workerd entry and the wasm as a separate module", { timeout: TIMEOUT }, async (t) => {
    const project = await scratchProject("worker-bundle", { fixture: "worker" });
    try {
      const outdir = project.path("dist");
      await promisify(execFile)(devBin("wrangler"), ["deploy", "--dry-run", "--outdir", outdir], {
        cwd: project.dir,
        env: wranglerEnv(),
        encoding: "utf8",
      });
      const files = readdirSync(outdir).filter((name) => !name.endsWith(".map") && name !== "README.md");
      for (const name of files) t.diagnostic(`${name}: ${statSync(join(outdir, name)).size} bytes`);
      const wasm = files.filter((name) => name.endsWith(".wasm"));
      assert.equal(wasm.length, 1, files.join(", "));
      const script = readFileSync(join(outdir, "index.js"), "utf8");
      assert.ok(script.includes(wasm[0]), "the script does not import the wasm module");
      assert.match(script, /initSync/);
      assert.doesNotMatch(script, /node:fs|readFileSync/, "the Node entry was bundled instead of worker.js");
      assert.doesNotMatch(script, /instantiateStreaming/, "the browser entry was bundled instead of worker.js");
    } finally {
      project.remove();
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The admin page's production proxy

const AUD = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
const ALLOWED = ["proxyok", "proxyweb", "proxyrefused", "proxylists"];
const LISTED = "proxylists";

/** A stand-in of a Cloudflare Access team domain: its certs endpoint, and JWTs it would issue. */
async function startAccess() {
  const { publicKey, privateKey } = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const other = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey;
  const jwk = { ...publicKey.export({ format: "jwk" }), kid: "test-kid", alg: "RS256", use: "sig" };
  let certFetches = 0;
  const server = createServer((req, res) => {
    if (req.url !== "/cdn-cgi/access/certs") return res.writeHead(404).end();
    certFetches++;
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const team = `http://127.0.0.1:${server.address().port}`;
  const sign = (payload, { key = privateKey, kid = "test-kid", alg = "RS256" } = {}) => {
    const part = (value) => Buffer.from(JSON.stringify(value)).toString("base64url");
    const head = `${part({ alg, kid, typ: "JWT" })}.${part(payload)}`;
    return `${head}.${createSign("RSA-SHA256").update(head).sign(key).toString("base64url")}`;
  };
  const now = () => Math.floor(Date.now() / 1000);
  const claims = (extra = {}) => ({ aud: [AUD], iss: team, email: "admin@example.com", iat: now(), exp: now() + 600, ...extra });
  return {
    team,
    valid: () => sign(claims()),
    sign,
    claims,
    otherKey: other,
    fetches: () => certFetches,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

/** The proxy fixture with the admin page's stand-in (proxy.html) and the package in public/pkg/. */
async function proxyProject(name) {
  const project = await scratchProject(name, { fixture: "worker-proxy" });
  // As docs/runtimes.md's steps do: the rules shared with the dev server's proxy.
  cpSync(join(REPO, "www", "proxy-rules.mjs"), project.path("src", "proxy-rules.mjs"));
  const page = join(FIXTURES, "page");
  cpSync(join(page, "proxy.html"), project.path("public", "proxy.html"));
  cpSync(join(page, "proxy.js"), project.path("public", "proxy.js"));
  mkdirSync(project.path("public", "pkg"));
  cpSync(project.path("node_modules", "zero-trust-seats"), project.path("public", "pkg"), { recursive: true });
  return project;
}

describe("the Worker as the admin page's production proxy", { timeout: 2 * TIMEOUT }, () => {
  let access;
  let project;
  let proxy;
  let browser;

  before(async () => {
    access = await startAccess();
    project = await proxyProject("worker-proxy");
    project.write(".dev.vars", `CLOUDFLARE_API_TOKEN=${TOKEN}\n`);
    proxy = await wranglerDev(project, {
      UPSTREAM: standin.url,
      ACCOUNTS: ALLOWED.join(","),
      ACCESS_TEAM_DOMAIN: access.team,
      ACCESS_AUD: AUD,
    });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await proxy?.stop();
    await access?.close();
    project?.remove();
  });

  const seatsUrl = (account) => `${proxy.origin}/client/v4/accounts/${account}/access/seats`;
  const send = (account, { headers = {}, body, method = "PATCH", url } = {}) =>
    fetch(url ?? seatsUrl(account), {
      method,
      headers: { "content-type": "application/json", "cf-access-jwt-assertion": access.valid(), ...headers },
      body: method === "GET" ? undefined : (body ?? JSON.stringify([{ seat_uid: "x-1", access_seat: true, gateway_seat: true }])),
    });

  test("forwards the seats PATCH with the Worker's credentials, never the browser's", { timeout: TIMEOUT }, async () => {
    await seedSeats(standin, "proxyok", ["x-1"]);
    const res = await send("proxyok", {
      headers: {
        origin: proxy.origin,
        "sec-fetch-site": "same-origin",
        cookie: "CF_Authorization=browser-cookie; session=browser-session",
        authorization: "Bearer browser-token-0123456789",
        "x-auth-email": "browser@example.com",
        "x-auth-key": "browser-key",
        "x-forwarded-for": "203.0.113.9",
      },
      body: JSON.stringify([{ seat_uid: "x-1", access_seat: false, gateway_seat: true }]),
    });
    const page = await res.json();
    assert.equal(res.status, 200, JSON.stringify(page));
    assert.deepEqual(page.result.map((s) => [s.seat_uid, s.access_seat, s.gateway_seat]), [["x-1", false, true]]);
    assert.match(res.headers.get("cf-ray") ?? "", /./, "cf-ray is passed back");
    assert.equal(res.headers.get("x-content-type-options"), "nosniff");
    assert.equal(res.headers.get("set-cookie"), null);

    const seen = await onePatch(standin, "proxyok");
    assert.equal(seen.url, "/client/v4/accounts/proxyok/access/seats");
    assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`, "the Worker's secret, not the browser's token");
    for (const name of ["cookie", "x-auth-email", "x-auth-key", "cf-access-jwt-assertion", "origin", "x-forwarded-for"]) {
      assert.equal(seen.headers[name], undefined, `${name} was forwarded`);
    }
    assert.deepEqual(JSON.parse(seen.body), [{ access_seat: false, gateway_seat: true, seat_uid: "x-1" }]);
    assert.doesNotMatch(proxy.output(), new RegExp(TOKEN), "wrangler printed the secret");
  });

  test("refuses everything else, and nothing reaches the API", { timeout: TIMEOUT }, async () => {
    const past = Math.floor(Date.now() / 1000) - 60;
    const cases = [
      ["no Access token", "proxyrefused", { headers: { "cf-access-jwt-assertion": "" } }, 403, /no Cloudflare Access token/],
      ["garbage Access token", "proxyrefused", { headers: { "cf-access-jwt-assertion": "a.b.c" } }, 403, /malformed/],
      ["another audience", "proxyrefused", { headers: { "cf-access-jwt-assertion": access.sign(access.claims({ aud: ["other-app"] })) } }, 403, /audience/],
      ["another issuer", "proxyrefused", { headers: { "cf-access-jwt-assertion": access.sign(access.claims({ iss: "https://evil.cloudflareaccess.com" })) } }, 403, /issuer/],
      ["an expired token", "proxyrefused", { headers: { "cf-access-jwt-assertion": access.sign(access.claims({ exp: past })) } }, 403, /expired/],
      ["a forged signature", "proxyrefused", { headers: { "cf-access-jwt-assertion": access.sign(access.claims(), { key: access.otherKey }) } }, 403, /signature/],
      ["an unknown key id", "proxyrefused", { headers: { "cf-access-jwt-assertion": access.sign(access.claims(), { kid: "other" }) } }, 403, /unknown signing key/],
      ["alg none", "proxyrefused", { headers: { "cf-access-jwt-assertion": access.sign(access.claims(), { alg: "none" }) } }, 403, /algorithm/],
      ["another origin", "proxyrefused", { headers: { origin: "https://evil.example" } }, 403, /cross-origin/],
      ["a cross-site fetch", "proxyrefused", { headers: { "sec-fetch-site": "cross-site" } }, 403, /cross-site/],
      ["GET", "proxyrefused", { method: "GET" }, 405, /method not allowed/],
      ["POST", "proxyrefused", { method: "POST" }, 405, /method not allowed/],
      ["a method override", "proxyrefused", { headers: { "x-http-method-override": "DELETE" } }, 400, /override/],
      ["an account not set up", "notallowed", {}, 403, /not set up for that account/],
      ["a query string", "proxyrefused", { url: `${seatsUrl("proxyrefused")}?per_page=5` }, 404, /only PATCH/],
      ["another route", "proxyrefused", { url: `${proxy.origin}/client/v4/user/tokens` }, 404, /only PATCH/],
      ["a sibling route", "proxyrefused", { url: `${proxy.origin}/client/v4/accounts/proxyrefused/access/apps` }, 404, /only PATCH/],
      ["an encoded traversal", "proxyrefused", { url: `${proxy.origin}/client/v4/accounts/proxyrefused/access/seats%2f..%2fapps` }, 404, /only PATCH/],
      ["text/plain", "proxyrefused", { headers: { "content-type": "text/plain" } }, 415, /Content-Type/],
      ["a body that is not JSON", "proxyrefused", { body: "[{" }, 400, /not JSON/],
      ["a typo in the body", "proxyrefused", { body: '[{"seat_uid":"x","acess_seat":true,"gateway_seat":true}]' }, 400, /acess_seat/],
      ["a string for a flag", "proxyrefused", { body: '[{"seat_uid":"x","access_seat":"yes","gateway_seat":true}]' }, 400, /access_seat/],
    ];
    for (const [what, account, options, status, message] of cases) {
      const res = await send(account, options);
      const body = await res.json();
      assert.equal(res.status, status, `${what}: ${JSON.stringify(body)}`);
      assert.equal(body.success, false, what);
      assert.match(body.errors[0].message, message, what);
      if (status === 405) assert.equal(res.headers.get("allow"), "PATCH");
    }
    for (const account of ["proxyrefused", "notallowed"]) {
      assert.deepEqual(await patchesSeen(standin, account), [], `a refused request reached the API (${account})`);
    }
    // Whatever reached the API was one of the three routes, never for an account outside ACCOUNTS.
    const all = await (await fetch(`${standin.origin}/__standin/requests`)).json();
    const forwarded = (r) =>
      (r.method === "PATCH" && /^\/client\/v4\/accounts\/\w+\/access\/seats$/.test(r.url)) ||
      (r.method === "GET" && /^\/client\/v4\/accounts\/\w+\/(access\/users|devices\/registrations)(\?|$)/.test(r.url));
    assert.ok(all.every(forwarded), JSON.stringify(all.map((r) => [r.method, r.url])));
    assert.ok(!all.some((r) => r.accountId === "notallowed"), "a request for an account outside ACCOUNTS reached the API");
  });

  /** Every request the stand-in recorded for `account`, any method. */
  const seenFor = async (account) => (await fetch(`${standin.origin}/__standin/requests?account=${account}`)).json();
  const BROWSER = {
    cookie: "CF_Authorization=browser-cookie; session=browser-session",
    authorization: "Bearer browser-token-0123456789",
    "x-auth-email": "browser@example.com",
    "x-auth-key": "browser-key",
    "x-forwarded-for": "203.0.113.9",
  };
  const generated = (account) =>
    fetch(`${standin.origin}/__standin/accounts/${account}/users/generate`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ count: 150, seed: 7, registrationsPerUser: [0, 2] }),
    }).then((res) => res.json());

  test("forwards the users and registrations GETs with the Worker's credentials, never the browser's", { timeout: TIMEOUT }, async () => {
    await generated(LISTED);
    const before = (await seenFor(LISTED)).length;
    const targets = [
      `/client/v4/accounts/${LISTED}/access/users?email=%40example.com&name=a&search=e&per_page=3&page=2`,
      `/client/v4/accounts/${LISTED}/devices/registrations?status=all&seen_after=2000-01-01T00%3A00%3A00Z&seen_before=2100-01-01T00%3A00%3A00%2B01%3A00&search=example&per_page=4`,
    ];
    const answers = [];
    for (const target of targets) {
      const res = await fetch(`${proxy.origin}${target}`, {
        headers: { ...BROWSER, "cf-access-jwt-assertion": access.valid(), "sec-fetch-site": "same-origin" },
      });
      const body = await res.json();
      assert.equal(res.status, 200, JSON.stringify(body));
      assert.equal(body.success, true);
      assert.ok(body.result.length > 0, target);
      assert.match(res.headers.get("cf-ray") ?? "", /./);
      assert.equal(res.headers.get("access-control-allow-origin"), null, "the stand-in's CORS headers are not passed on");
      answers.push(body);
    }
    // The cursor of the registrations answer leads to the next page through the proxy too.
    const next = `${targets[1]}&cursor=${encodeURIComponent(answers[1].result_info.cursor)}`;
    const third = await fetch(`${proxy.origin}${next}`, { headers: { "cf-access-jwt-assertion": access.valid() } });
    assert.equal(third.status, 200);
    assert.notDeepEqual((await third.json()).result.map((r) => r.id), answers[1].result.map((r) => r.id));

    const seen = (await seenFor(LISTED)).slice(before);
    assert.deepEqual(seen.map((r) => [r.method, r.url]), [...targets, next].map((url) => ["GET", url]));
    for (const request of seen) {
      assert.equal(request.headers.authorization, `Bearer ${TOKEN}`, "the Worker's secret, not the browser's token");
      assert.equal(request.body, "");
      for (const name of ["cookie", "x-auth-email", "x-auth-key", "cf-access-jwt-assertion", "origin", "x-forwarded-for", "content-type"]) {
        assert.equal(request.headers[name], undefined, `${name} was forwarded`);
      }
    }
    // The same answers as the API itself gives.
    for (const [i, target] of targets.entries()) {
      const direct = await (await fetch(`${standin.origin}${target}`, { headers: { authorization: `Bearer ${TOKEN}` } })).json();
      assert.deepEqual(answers[i].result, direct.result);
    }
    assert.doesNotMatch(proxy.output(), new RegExp(TOKEN), "wrangler printed the secret");
  });

  test("the package's Client lists users and registrations through the Worker", { timeout: TIMEOUT }, async () => {
    await generated(LISTED);
    const before = (await seenFor(LISTED)).length;
    const client = new Client({
      baseUrl: `${proxy.origin}/client/v4`,
      apiToken: "browser-token-0123456789",
      defaultHeaders: { "cf-access-jwt-assertion": access.valid() },
      maxRetries: 0,
    });
    const users = await client.listUsers(LISTED, { perPage: 40 });
    const everyone = await (await fetch(`${standin.origin}/__standin/accounts/${LISTED}/users`)).json();
    assert.deepEqual(users.map((u) => u.id), everyone.map((u) => u.id));
    const found = await client.listUsers(LISTED, { email: "a+b@example.com", name: "x y" });
    assert.deepEqual(found, []);
    const devices = await client.listDeviceRegistrations(LISTED, { status: "all", seenAfter: "2000-01-01T00:00:00Z", perPage: 60 });
    const registrations = await (await fetch(`${standin.origin}/__standin/accounts/${LISTED}/registrations`)).json();
    assert.ok(registrations.length > 60, "more than one page");
    assert.deepEqual(devices.map((d) => d.id).sort(), registrations.map((r) => r.id).sort());
    const seen = (await seenFor(LISTED)).slice(before);
    assert.equal(seen.length, 4 + 1 + Math.ceil(registrations.length / 60), JSON.stringify(seen.map((r) => r.url)));
    assert.ok(seen.every((r) => r.method === "GET" && r.headers.authorization === `Bearer ${TOKEN}`));
    assert.equal(seen[4].url, `/client/v4/accounts/${LISTED}/access/users?email=a%2Bb%40example.com&name=x%20y&per_page=1000&page=1`);
    assert.match(seen.at(-1).url, /\/devices\/registrations\?status=all&seen_after=2000-01-01T00%3A00%3A00Z&per_page=60&cursor=[^&]+$/);
  });

  test("refuses every other list request, and nothing reaches the API", { timeout: TIMEOUT }, async () => {
    const account = "proxyrefused";
    const users = `/client/v4/accounts/${account}/access/users`;
    const registrations = `/client/v4/accounts/${account}/devices/registrations`;
    const cases = [
      ...["POST", "PUT", "PATCH", "DELETE"].flatMap((method) => [
        [`${method} users`, { method, target: `${users}?per_page=1`, body: "[]" }, 405, /method not allowed/],
        [`${method} registrations`, { method, target: registrations, body: "[]" }, 405, /method not allowed/],
      ]),
      ["HEAD users", { method: "HEAD", target: users }, 405, null],
      ["an unknown key", { target: `${users}?per_page=1&foo=1` }, 400, /"foo" is not forwarded/],
      ...["user.id=u1", "id=r1", "device.id=d1", "policy.id=11ffb86f-3f0c-4306-b4a2-e62f872b166a", "sort_by=last_seen_at", "sort_order=asc", "include=policy"].map((pair) => [
        `documented but unsent ${pair}`, { target: `${registrations}?${pair}` }, 400, /is not forwarded/,
      ]),
      ["page on registrations", { target: `${registrations}?page=2` }, 400, /"page" is not forwarded/],
      ["cursor on users", { target: `${users}?cursor=x` }, 400, /"cursor" is not forwarded/],
      ["a key twice", { target: `${registrations}?per_page=1&per_page=2` }, 400, /twice/],
      ["an empty query", { target: `${users}?` }, 400, /key=value/],
      ["a raw +", { target: `${users}?email=a+b%40example.com` }, 400, /percent-encoded/],
      ["not UTF-8", { target: `${users}?name=%FF` }, 400, /percent-encoded/],
      ["an encoded newline", { target: `${registrations}?search=a%0D%0AX-Evil%3A%201` }, 400, /value/],
      ["status bogus", { target: `${registrations}?status=bogus` }, 400, /status/],
      ["per_page 1001", { target: `${users}?per_page=1001` }, 400, /per_page/],
      ["page 0", { target: `${users}?page=0` }, 400, /page/],
      ["a method override", { target: users, headers: { "x-http-method-override": "PATCH" } }, 400, /override/],
      ["a GET with a body", { target: users, body: "x" }, 400, /no body/],
      ["a GET with a chunked body", { target: users, body: "x", chunked: true, headers: { "transfer-encoding": "chunked" } }, 400, /no body/],
      ["a trailing slash", { target: `${users}/` }, 404, /only PATCH/],
      ["a user by id", { target: `${users}/u1` }, 404, /only PATCH/],
      ["one registration", { target: `${registrations}/r1` }, 404, /only PATCH/],
      ["the devices list", { target: `/client/v4/accounts/${account}/devices` }, 404, /only PATCH/],
      ["an encoded slash", { target: `/client/v4/accounts/${account}/devices%2fregistrations` }, 404, /only PATCH/],
      ["another list", { target: `/client/v4/accounts/${account}/access/groups` }, 404, /only PATCH/],
      ["no Access token", { target: users, headers: { "cf-access-jwt-assertion": "" } }, 403, /no Cloudflare Access token/],
      ["another origin", { target: users, headers: { origin: "https://evil.example" } }, 403, /cross-origin/],
      ["an account not set up", { target: "/client/v4/accounts/notallowed/access/users?per_page=1" }, 403, /not set up/],
      ["an account not set up (registrations)", { target: "/client/v4/accounts/notallowed/devices/registrations" }, 403, /not set up/],
    ];
    for (const [what, { method = "GET", target, headers = {}, body, chunked }, status, message] of cases) {
      const res = await rawRequest(proxy.origin, {
        method,
        target,
        body,
        chunked,
        headers: { "cf-access-jwt-assertion": access.valid(), ...headers },
      });
      assert.equal(res.status, status, `${what}: ${res.text}`);
      if (method === "HEAD") continue;
      assert.equal(res.json?.success, false, what);
      assert.match(res.json.errors[0].message, message, what);
      if (status === 405) assert.equal(res.headers.allow, "GET", what);
    }
    for (const id of [account, "notallowed"]) {
      assert.deepEqual((await seenFor(id)).filter((r) => r.method === "GET"), [], `a refused list request reached the API (${id})`);
    }
  });

  test("tells the admin page it is in proxy mode, without a secret", { timeout: TIMEOUT }, async () => {
    const res = await fetch(`${proxy.origin}/dev-server.json`, { headers: { "cf-access-jwt-assertion": access.valid() } });
    assert.equal(res.status, 200);
    assert.deepEqual(await res.json(), { mode: "proxy", upstream: standin.url, credentials: "token", accounts: ALLOWED });
    assert.equal((await fetch(`${proxy.origin}/dev-server.json`)).status, 403, "without Access");
  });

  test("a page served by the Worker edits seats through it, holding no credentials", { timeout: TIMEOUT }, async () => {
    await seedSeats(standin, "proxyweb", ["b-1", "b-2"]);
    // Cloudflare Access adds this header to every request it lets through; here the browser does.
    const context = await browser.newContext({ extraHTTPHeaders: { "cf-access-jwt-assertion": access.valid() } });
    try {
      const query = new URLSearchParams({ account: "proxyweb", seat: "b-1", other: "notallowed" });
      const { result, responses, logs } = await runPage(context, `${proxy.origin}/proxy?${query}`);
      assert.equal(result.editError, undefined, `${JSON.stringify(result.editError)}\n${logs.join("\n")}`);
      assert.deepEqual(result.page.result.map((s) => [s.seat_uid, s.access_seat, s.gateway_seat]), [["b-1", true, false]]);
      assert.deepEqual(result.refused, { isPermissionDenied: true, isAPIError: true, status: 403 });
      const seen = await onePatch(standin, "proxyweb");
      assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
      assert.deepEqual(JSON.parse(seen.body), [{ access_seat: true, gateway_seat: false, seat_uid: "b-1" }]);
      // The static files came with the CSP of public/_headers, which lets the wasm run.
      // Workers Static Assets serve proxy.html at /proxy (and redirect /proxy.html there).
      const html = responses.find((r) => new URL(r.url).pathname === "/proxy");
      assert.equal(html.status, 200);
      const wasm = responses.filter((r) => r.url.endsWith(".wasm"));
      assert.deepEqual(wasm.map((r) => [new URL(r.url).pathname, r.status, r.type]), [["/pkg/zero_trust_seats_bg.wasm", 200, "application/wasm"]]);
      const csp = (await fetch(`${proxy.origin}/proxy`)).headers.get("content-security-policy");
      assert.match(csp ?? "", /script-src 'self' 'wasm-unsafe-eval'/);
      assert.match(csp ?? "", /connect-src 'self'/);
    } finally {
      await context.close();
    }
    assert.ok(access.fetches() >= 1, "the Worker never fetched the Access certs");
  });
});

describe("the proxy Worker without Cloudflare Access settings", { timeout: TIMEOUT }, () => {
  let project;
  let proxy;

  before(async () => {
    project = await proxyProject("worker-proxy-unset");
    project.write(".dev.vars", `CLOUDFLARE_API_TOKEN=${TOKEN}\n`);
    proxy = await wranglerDev(project, { UPSTREAM: standin.url });
  });

  after(async () => {
    await proxy?.stop();
    project?.remove();
  });

  test("forwards nothing, and says which settings are missing", { timeout: TIMEOUT }, async () => {
    const res = await fetch(`${proxy.origin}/client/v4/accounts/proxyunset/access/seats`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: "[]",
    });
    assert.equal(res.status, 500);
    const body = await res.json();
    assert.match(body.errors[0].message, /ACCESS_TEAM_DOMAIN and ACCESS_AUD/);
    assert.doesNotMatch(JSON.stringify(body), new RegExp(TOKEN));
    assert.deepEqual(await patchesSeen(standin, "proxyunset"), []);
    // The page itself is a static file and still loads (Access at the edge guards it).
    assert.equal((await fetch(`${proxy.origin}/proxy`)).status, 200);
  });
});
