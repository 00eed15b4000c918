// End-to-end test of the demo: dev server (in-process) + built package + API stand-in, driven in
// the system Chromium through playwright-core. Needs `make build` first: without pkg/ it fails
// on purpose, because a skipped demo test would hide a broken build.
//
//   node --test tests/js/demo.test.mjs

import { test, describe, it, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { startDevServer, CSP } from "../../www/server.mjs";

const REPO = fileURLToPath(new URL("../../", import.meta.url));
const CHROMIUM = "/usr/bin/chromium";
const ACCOUNT = "699d98642c564d2e855e9661899b7252";
const TOKEN = "test-token-0123456789abcdef";
const WRONG_TOKEN = "wrong-token-0123456789abcdef";
const TIMEOUT = 60_000;

const EXPECTED_CSP =
  "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; " +
  "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

// A test of its own so a missing build is counted as a failure, not only as cancelled tests.
test("the built package and Chromium are present", assertPrerequisites);

describe("demo page", { timeout: 5 * TIMEOUT }, () => {
  let server;
  let browser;

  before(async () => {
    assertPrerequisites();
    server = await startDevServer({ port: 0 });
    assert.ok(server.standin, "standin/standin.mjs did not load: the demo needs the API stand-in");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    if (server) await control("POST", "/__standin/reset");
  });

  it("serves the page with a strict CSP and safe headers", async () => {
    assert.equal(CSP, EXPECTED_CSP);
    const res = await rawGet("/");
    assert.equal(res.status, 200);
    assert.match(res.headers["content-type"], /^text\/html/);
    assert.equal(res.headers["content-security-policy"], EXPECTED_CSP);
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.equal(res.headers["referrer-policy"], "no-referrer");
    assert.doesNotMatch(res.body, /<script(?![^>]*\ssrc=)[^>]*>/i, "no inline script");
    assert.doesNotMatch(res.body, /<style|\sstyle=/i, "no inline style");
  });

  it("serves the package with the right MIME types", async () => {
    const wasm = await rawGet("/pkg/zero_trust_seats_bg.wasm");
    assert.equal(wasm.status, 200);
    assert.equal(wasm.headers["content-type"], "application/wasm");
    assert.equal(wasm.headers["x-content-type-options"], "nosniff");
    const js = await rawGet("/pkg/browser.js");
    assert.equal(js.status, 200);
    assert.match(js.headers["content-type"], /^text\/javascript/);
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
      const res = await rawGet(target);
      assert.equal(res.status, 404, `${target} must be 404`);
      assert.doesNotMatch(res.body, /\[package\]/, `${target} leaked Cargo.toml`);
    }
  });

  it("applies seat edits through the package and the stand-in", { timeout: TIMEOUT }, async () => {
    const before = await seatsOf(ACCOUNT);
    const [removed, changed] = pickSeats(before);
    const target = changedFlags(changed);
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      await page.getByTestId("api-token").fill(TOKEN);
      await page.getByTestId("seats-input").fill(
        `${removed.seat_uid},false,false\n${changed.seat_uid},${target.access_seat},${target.gateway_seat}`,
      );
      await page.getByTestId("apply").click();
      const rows = await resultRows(page);

      assert.deepEqual(
        rows.map((r) => r.slice(0, 3)),
        [
          [removed.seat_uid, "false", "false"],
          [changed.seat_uid, String(target.access_seat), String(target.gateway_seat)],
        ],
      );
      for (const row of rows) assert.ok(!Number.isNaN(Date.parse(row[3])), `updated_at ${row[3]}`);
      assert.equal(await page.getByTestId("error").isVisible(), false);

      const after = await seatsOf(ACCOUNT);
      assert.equal(after.length, before.length - 1);
      assert.equal(after.find((s) => s.seat_uid === removed.seat_uid), undefined, "removed seat still there");
      const now = after.find((s) => s.seat_uid === changed.seat_uid);
      assert.equal(now?.access_seat, target.access_seat);
      assert.equal(now?.gateway_seat, target.gateway_seat);

      const [sent, ...more] = await control("GET", `/__standin/requests?account=${ACCOUNT}`);
      assert.equal(more.length, 0, "exactly one API request");
      assert.equal(sent.method, "PATCH");
      assert.equal(sent.path, `/accounts/${ACCOUNT}/access/seats`);
      assert.equal(sent.headers.authorization, `Bearer ${TOKEN}`);
      assert.deepEqual(JSON.parse(sent.body), [
        { seat_uid: removed.seat_uid, access_seat: false, gateway_seat: false },
        { seat_uid: changed.seat_uid, ...target },
      ]);

      await assertTokenNotPersisted(page, TOKEN);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("shows the API error for a wrong token and changes nothing", { timeout: TIMEOUT }, async () => {
    const before = await seatsOf(ACCOUNT);
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      await page.getByTestId("api-token").fill(WRONG_TOKEN);
      await page.getByTestId("seats-input").fill(`${before[0].seat_uid},false,false`);
      await page.getByTestId("apply").click();
      const box = page.getByTestId("error");
      await box.waitFor({ state: "visible" });
      const text = await box.innerText();
      assert.match(text, /PermissionDeniedError|AuthenticationError/);
      assert.match(text, /\b40[13]\b/);
      assert.match(text, /Ray ID\s+[0-9a-f]{16}-[A-Z]{3}/, "the cf-ray of the failed call is shown");
      assert.equal(await page.getByTestId("results").isVisible(), false);
      assert.deepEqual(await seatsOf(ACCOUNT), before);

      await assertTokenNotPersisted(page, WRONG_TOKEN);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  // --- helpers -------------------------------------------------------------------------------

  /** node:http sends the target byte for byte; fetch() would normalise `/../` away first. */
  function rawGet(target) {
    const { hostname, port } = new URL(server.url);
    return new Promise((resolve, reject) => {
      const req = http.request({ hostname, port, path: target, method: "GET" }, (res) => {
        let body = "";
        res.setEncoding("latin1");
        res.on("data", (chunk) => (body += chunk));
        res.on("end", () => resolve({ status: res.statusCode, headers: res.headers, body }));
      });
      req.on("error", reject);
      req.end();
    });
  }

  async function control(method, pathname) {
    const res = await fetch(new URL(pathname, server.url), { method });
    assert.ok(res.ok, `${method} ${pathname}: ${res.status}`);
    return res.json().catch(() => null);
  }

  async function seatsOf(account) {
    const json = await control("GET", `/__standin/accounts/${account}/seats`);
    return Array.isArray(json) ? json : (json?.result ?? json?.seats);
  }
});

function assertPrerequisites() {
  const browserJs = path.join(REPO, "pkg", "browser.js");
  assert.ok(
    fs.existsSync(browserJs),
    `${browserJs} is missing: the demo loads the built package, run \`make build\` before this test`,
  );
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: install the system chromium package`);
}

/** Two distinct seats that currently hold at least one seat type. */
function pickSeats(seats) {
  const held = seats.filter((s) => typeof s.seat_uid === "string" && (s.access_seat || s.gateway_seat));
  assert.ok(held.length >= 2, "the stand-in seed needs at least two seats");
  return [held[0], held[1]];
}

/** Different flags from the seat's current ones, never both false (that would remove it). */
function changedFlags(seat) {
  return seat.access_seat && seat.gateway_seat
    ? { access_seat: true, gateway_seat: false }
    : { access_seat: true, gateway_seat: true };
}

/** A fresh context per test, so storage starts empty and nothing leaks between tests. */
async function openPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 360, height: 800 } });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    if (/Content Security Policy|Refused to/i.test(msg.text())) problems.push(`csp: ${msg.text()}`);
  });
  await page.goto(url);
  // Enabled once /pkg/browser.js (and with it the wasm) has loaded.
  await page.waitForSelector("[data-testid=apply]:enabled");
  return { page, problems, close: () => context.close() };
}

async function resultRows(page) {
  const table = page.getByTestId("results");
  await table.waitFor({ state: "visible" }).catch(async (err) => {
    const error = await page.getByTestId("error").innerText().catch(() => "");
    throw new Error(`no results table; error box says: ${error || "(empty)"}`, { cause: err });
  });
  return table.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())),
  );
}

async function assertTokenNotPersisted(page, token) {
  assert.ok(!page.url().includes(token), "token in the URL");
  const stored = await page.evaluate(() => {
    const dump = (s) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i))}`);
    return { local: dump(localStorage), session: dump(sessionStorage), cookie: document.cookie, url: location.href };
  });
  assert.ok(!stored.local.join("\n").includes(token), "token in localStorage");
  assert.ok(!stored.session.join("\n").includes(token), "token in sessionStorage");
  assert.ok(!stored.cookie.includes(token), "token in a cookie");
  assert.ok(!stored.url.includes(token), "token in location.href");
}
