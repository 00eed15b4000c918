// The package in Cloudflare Workers, run locally in workerd by `wrangler dev` (both from npm:
// the root's devDependency wrangler, whose workerd binary ships inside a registry package).
// Each Worker is a scratch project with the packed tarball installed:
//   - tests/js/runtimes/worker/: a Worker that edits seats with the package (the `workerd`
//     export condition, the wasm imported as a module: no init() call, no glue);
//   - tests/js/runtimes/worker-proxy/: the admin page's production proxy (static page + the one
//     forwarded route, credentials from secrets, Cloudflare Access verified), docs/runtimes.md.
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
import { FIXTURES, devBin, scratchProject, tempDir } from "./runtimes/tarball.mjs";
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

/** Wrangler's environment: no metrics, no update check, config and logs in a temp dir. */
function wranglerEnv() {
  const home = tempDir("zts-wrangler-home-");
  return {
    ...process.env,
    WRANGLER_SEND_METRICS: "false",
    CLOUDFLARE_CF_FETCH_ENABLED: "false",
    WRANGLER_LOG_PATH: join(home, "logs"),
    XDG_CONFIG_HOME: join(home, "config"),
    NO_COLOR: "1",
    FORCE_COLOR: "0",
  };
}

/** `wrangler dev` of `project` on a free port; resolves to { origin, stop, output }. */
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
    assert.equal((await patchesSeen(standin, "workertypo")).length, 0);

    const unknown = await fetch(worker.origin, {
      method: "POST",
      body: JSON.stringify({ accountId: "workeroneoff", edits: [{ seat_uid: "nope", access_seat: true, gateway_seat: false }] }),
    });
    assert.equal(unknown.status, 404);
    assert.equal((await unknown.json()).error.name, "NotFoundError");
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
const ALLOWED = ["proxyok", "proxyweb", "proxyrefused"];

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
    const all = await (await fetch(`${standin.origin}/__standin/requests`)).json();
    assert.ok(all.every((r) => r.method === "PATCH" && /^\/client\/v4\/accounts\/\w+\/access\/seats$/.test(r.url)), JSON.stringify(all.map((r) => [r.method, r.url])));
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
