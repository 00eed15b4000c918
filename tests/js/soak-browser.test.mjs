// The fault soak once in headless Chromium (issue 7): the same scenario as soak.test.mjs
// (tests/js/soak/scenario.mjs), run by tests/js/soak/page.html with the package's browser entry
// (/pkg/browser.js, served as plain files with application/wasm) against the stand-in on another
// origin (it sends CORS headers). The test process injects the fault plan and checks what arrived.
//
//   node --test tests/js/soak-browser.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { RETRIED_KINDS, buildFatalRun, buildRetriedRun, fatalCases } from "./soak/scenario.mjs";
import { TOKEN, checkArrivals, launchChromium, serveRepo, startSoakStandin } from "./soak/harness.mjs";

const credentials = { apiToken: TOKEN };
const TIMEOUT_MS = 1000;
const SEED = 7;
let soak;
let site;
let browser;
let page;
const logs = [];

before(async () => {
  soak = await startSoakStandin();
  site = await serveRepo();
  browser = await launchChromium();
  page = await browser.newPage();
  page.on("console", (msg) => logs.push(`${msg.type()}: ${msg.text()}`));
  page.on("pageerror", (err) => logs.push(`pageerror: ${err.message}`));
  await page.goto(`${site.origin}/tests/js/soak/page.html`);
  await page.waitForFunction(() => window.soakReady === true, null, { timeout: 30_000 }).catch((err) => {
    throw new Error(`${err.message}\npage logs:\n${logs.join("\n")}\nserved: ${JSON.stringify(site.served)}`);
  });
});

after(async () => {
  await page?.close();
  await browser?.close();
  await site?.close();
  await soak?.close();
});

test("Chromium loads the package's browser entry and its wasm as application/wasm", () => {
  const wasm = site.served.filter(([path]) => path.endsWith(".wasm"));
  assert.deepEqual(wasm, [["/pkg/zero_trust_seats_bg.wasm", "application/wasm"]]);
  const missing = site.served.filter(([path, type]) => type === 404 && path !== "/favicon.ico");
  assert.deepEqual(missing, []);
});

test("Chromium, retried faults: 10,000 seats in 50 batches of 200, 4 in flight, every seat accounted for", { timeout: 150_000 }, async (t) => {
  const account = "soakweb";
  const run = buildRetriedRun({ seed: SEED, timeoutMs: TIMEOUT_MS });
  soak.plan(account, run);
  const options = { origin: soak.origin, url: soak.url, account, credentials, run: { seed: SEED }, timeoutMs: TIMEOUT_MS };
  const report = await page.evaluate((o) => window.soak.retried(o), options);
  const arrivals = checkArrivals(soak, account, run, { timeoutMs: TIMEOUT_MS, resends: true });
  t.diagnostic(`chromium retried soak: ${JSON.stringify({ ...report, problems: undefined })}`);
  t.diagnostic(`chromium retried soak, stand-in side: ${JSON.stringify({ ...arrivals, problems: undefined })}`);

  assert.equal(report.fingerprint, run.fingerprint);
  assert.deepEqual(report.problems, [], `page logs:\n${logs.join("\n")}`);
  assert.deepEqual(arrivals.problems, []);
  assert.equal(report.thrown, null);
  assert.equal(arrivals.faultsInjected, run.faultsPlanned);
  assert.equal(arrivals.patches, arrivals.attemptBound);
  assert.deepEqual(Object.keys(arrivals.byKind).sort(), Object.keys(RETRIED_KINDS).sort());
  assert.ok(arrivals.faultsAfterApply >= 20);
});

test("Chromium, fatal faults: the BulkEditError's lists match the stand-in's state exactly", { timeout: 150_000 }, async (t) => {
  for (const c of fatalCases({ accountPrefix: "soakw" })) {
    await t.test(`${c.kind}, concurrency ${c.concurrency}`, async (t) => {
      const run = buildFatalRun(c);
      soak.plan(c.account, run);
      const options = { origin: soak.origin, url: soak.url, credentials, ...c };
      const report = await page.evaluate((o) => window.soak.fatal(o), options);
      t.diagnostic(JSON.stringify({ ...report, problems: undefined }));
      assert.equal(report.fingerprint, run.fingerprint);
      assert.deepEqual(report.problems, [], `page logs:\n${logs.join("\n")}`);
      assert.equal(report.applied, (run.faultBatch + run.inFlight.length) * run.batchSize);
    });
  }
});
