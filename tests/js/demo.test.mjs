// The dev server of the admin page in its default mode (`make demo`): static files, headers,
// the request guard, the stand-in mounted at /client/v4, and the command itself. The page in a
// browser is tested in admin-page.test.mjs, proxy mode in proxy.test.mjs.
//
//   node --test tests/js/demo.test.mjs

import { test, describe, it, before, after } from "node:test";
import assert from "node:assert/strict";
import { startDevServer, CSP } from "../../www/server.mjs";
import { assertPrerequisites, rawRequest, runServer } from "./admin-harness.mjs";

const ACCOUNT = "699d98642c564d2e855e9661899b7252";
const TOKEN = "test-token-0123456789abcdef";

const EXPECTED_CSP =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; " +
  "require-trusted-types-for 'script'; trusted-types 'none'";

// A test of its own so a missing build is counted as a failure, not only as cancelled tests.
test("the built package and Chromium are present", assertPrerequisites);

describe("dev server (stand-in mode)", () => {
  let server;

  before(async () => {
    server = await startDevServer({ port: 0 });
    assert.ok(server.standin, "standin/standin.mjs did not load: the demo needs the API stand-in");
  });

  after(() => server?.close());

  const get = (target, headers) => rawRequest(server.url, { target, headers });

  it("serves the page with a strict CSP and safe headers", async () => {
    assert.equal(CSP, EXPECTED_CSP);
    const res = await get("/");
    assert.equal(res.status, 200);
    assert.match(res.headers["content-type"], /^text\/html/);
    assert.equal(res.headers["content-security-policy"], EXPECTED_CSP);
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.equal(res.headers["referrer-policy"], "no-referrer");
    assert.equal(res.headers["x-frame-options"], "DENY");
    assert.equal(res.headers["cross-origin-opener-policy"], "same-origin");
    assert.equal(res.headers["cross-origin-resource-policy"], "same-origin");
    assert.doesNotMatch(res.text, /<script(?![^>]*\ssrc=)[^>]*>/i, "no inline script");
    assert.doesNotMatch(res.text, /<style|\sstyle=|\son[a-z]+=/i, "no inline style or handler");
  });

  it("serves the page's modules and the package with the right MIME types", async () => {
    for (const [target, type] of [
      ["/app.js", /^text\/javascript/],
      ["/csv.js", /^text\/javascript/],
      ["/style.css", /^text\/css/],
      ["/pkg/browser.js", /^text\/javascript/],
      ["/pkg/zero_trust_seats_bg.wasm", /^application\/wasm$/],
    ]) {
      const res = await get(target);
      assert.equal(res.status, 200, target);
      assert.match(res.headers["content-type"], type, target);
      assert.equal(res.headers["x-content-type-options"], "nosniff");
    }
  });

  it("never serves the server's own modules or docs", async () => {
    for (const target of ["/server.mjs", "/proxy.mjs", "/static.mjs", "/guard.mjs", "/http.mjs", "/README.md", "/pkg/node.mjs", "/pkg/node.cjs"]) {
      assert.equal((await get(target)).status, 404, target);
    }
  });

  it("refuses path traversal, dotfiles and directory listings", async () => {
    const targets = [
      "/../Cargo.toml",
      "/%2e%2e/Cargo.toml",
      "/%2E%2E/Cargo.toml",
      "/pkg/../Cargo.toml",
      "/pkg/%2e%2e/Cargo.toml",
      "/..%2fCargo.toml",
      "/%2e%2e%2fCargo.toml",
      "/pkg/..%5c..%5cCargo.toml",
      "/..\\Cargo.toml",
      "//etc/passwd",
      "/.gitignore",
      "/pkg/",
      "/www/",
    ];
    for (const target of targets) {
      const res = await get(target);
      assert.equal(res.status, 404, `${target} must be 404`);
      assert.doesNotMatch(res.text, /\[package\]/, `${target} leaked Cargo.toml`);
    }
  });

  it("answers other methods on static files with 405, and unknown paths with 404 whatever the method", async () => {
    const post = await rawRequest(server.url, { method: "POST", target: "/app.js", body: "" });
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, "GET, HEAD");
    const patch = await rawRequest(server.url, { method: "PATCH", target: "/nothing-here", body: "" });
    assert.equal(patch.status, 404);
  });

  it("refuses foreign Host and Origin headers (DNS rebinding, cross-site requests) but not a link to the page", async () => {
    assert.equal((await get("/", { host: "evil.example" })).status, 403);
    assert.equal((await get("/", { host: `evil.example:${new URL(server.url).port}` })).status, 403);
    assert.equal((await get("/dev-server.json", { origin: "https://evil.example" })).status, 403);
    assert.equal((await get("/app.js", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "no-cors" })).status, 403);
    const link = await get("/", { "sec-fetch-site": "cross-site", "sec-fetch-mode": "navigate" });
    assert.equal(link.status, 200, "a link from another site may open the page");
    const local = await get("/", { host: `localhost:${new URL(server.url).port}` });
    assert.equal(local.status, 200);
  });

  it("mounts the stand-in at /client/v4 and tells the page it is the demo", async () => {
    const config = await get("/dev-server.json");
    assert.equal(config.status, 200);
    assert.deepEqual(config.json, { mode: "standin", demo: { accountId: ACCOUNT, apiToken: TOKEN, users: 300 } });
    const seats = await get(`/__standin/accounts/${ACCOUNT}/seats`);
    assert.equal(seats.json.length, 40);
    const api = await rawRequest(server.url, {
      method: "PATCH",
      target: `/client/v4/accounts/${ACCOUNT}/access/seats`,
      headers: { "content-type": "application/json", authorization: `Bearer ${TOKEN}` },
      body: "[]",
    });
    assert.equal(api.status, 200);
    assert.deepEqual(api.json.result, []);
  });
});

describe("node www/server.mjs (what make demo runs)", () => {
  it("prints the URL, serves the page with the stand-in, and stops cleanly on Ctrl-C", async () => {
    const run = await runServer({});
    const url = await run.url;
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/$/);
    assert.equal((await rawRequest(url, { target: "/" })).status, 200);
    assert.equal((await rawRequest(url, { target: "/dev-server.json" })).json.mode, "standin");
    run.child.kill("SIGINT");
    assert.equal(await run.exited, 0);
    assert.match(run.output(), /API stand-in at \/client\/v4/);
    assert.match(run.output(), /demo: stopped/);
  });

  it("ignores Cloudflare credentials without PROXY_UPSTREAM, saying so", async () => {
    const run = await runServer({ CLOUDFLARE_API_TOKEN: "some-token-value" });
    await run.url;
    run.child.kill("SIGTERM");
    assert.equal(await run.exited, 0);
    assert.match(run.output(), /credentials are set but PROXY_UPSTREAM is not/);
    assert.ok(!run.output().includes("some-token-value"));
  });

  it("explains a port in use", async () => {
    const busy = await startDevServer({ port: 0 });
    try {
      const run = await runServer({ PORT: new URL(busy.url).port });
      assert.equal(await run.exited, 1);
      assert.match(run.output(), /EADDRINUSE.*set PORT to another port/);
    } finally {
      await busy.close();
    }
  });
});
