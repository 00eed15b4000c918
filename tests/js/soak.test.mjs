// Fault soak in Node (issue 7): 10,000 seats edited in batches through the stand-in while it
// injects, on a seeded plan, the faults a client retries; then the faults it does not retry,
// where the BulkEditError's lists must match the stand-in's state exactly. The scenario is shared
// with the Chromium run (soak-browser.test.mjs): tests/js/soak/scenario.mjs.
//
//   node --test tests/js/soak.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import * as pkg from "../../pkg/node.mjs";
import { RETRIED_KINDS, buildFatalRun, buildRetriedRun, control, fatalCase, fatalCases, retriedSoak } from "./soak/scenario.mjs";
import { TOKEN, checkArrivals, startSoakStandin } from "./soak/harness.mjs";

const credentials = { apiToken: TOKEN };
const TIMEOUT_MS = 1000; // per attempt: hung and late answers cost this much
const SEED = 7;
let soak;

before(async () => {
  soak = await startSoakStandin();
});
after(() => soak?.close());

test("retried faults: 10,000 seats in 50 batches of 200, 4 in flight, every seat accounted for", { timeout: 120_000 }, async (t) => {
  const account = "soakretried";
  const run = buildRetriedRun({ seed: SEED, timeoutMs: TIMEOUT_MS });
  soak.plan(account, run);
  const report = await retriedSoak(pkg, { origin: soak.origin, url: soak.url, account, credentials, run: { seed: SEED }, timeoutMs: TIMEOUT_MS });
  const arrivals = checkArrivals(soak, account, run, { timeoutMs: TIMEOUT_MS });
  t.diagnostic(`node retried soak: ${JSON.stringify({ ...report, problems: undefined })}`);
  t.diagnostic(`node retried soak, stand-in side: ${JSON.stringify({ ...arrivals, problems: undefined })}`);

  assert.equal(report.fingerprint, run.fingerprint);
  assert.deepEqual(report.problems, []);
  assert.deepEqual(arrivals.problems, []);
  assert.equal(report.thrown, null);
  // Every planned fault was injected and survived; attempts are exactly batches + faults.
  assert.equal(arrivals.faultsInjected, run.faultsPlanned);
  assert.ok(arrivals.faultsInjected >= 60, `only ${arrivals.faultsInjected} faults`);
  assert.equal(arrivals.patches, arrivals.attemptBound);
  assert.equal(report.standinPatches, arrivals.attemptBound);
  assert.deepEqual(Object.keys(arrivals.byKind).sort(), Object.keys(RETRIED_KINDS).sort(), "every kind of retried fault was injected");
  assert.ok(arrivals.faultsAfterApply >= 20, `only ${arrivals.faultsAfterApply} faults after the stand-in applied the batch`);
  assert.ok(arrivals.maxFaultsOnOneBatch <= report.maxRetries);
  assert.ok(report.removedSeats > 0 && report.untouchedSeats > 0);
});

test("fatal faults: the BulkEditError's applied, failed and notAttempted match the stand-in's state exactly", { timeout: 120_000 }, async (t) => {
  for (const c of fatalCases({ accountPrefix: "soakn" })) {
    await t.test(`${c.kind}, concurrency ${c.concurrency}`, async (t) => {
      const run = buildFatalRun(c);
      soak.plan(c.account, run);
      const report = await fatalCase(pkg, { origin: soak.origin, url: soak.url, credentials, ...c });
      t.diagnostic(JSON.stringify({ ...report, problems: undefined }));
      assert.equal(report.fingerprint, run.fingerprint);
      assert.deepEqual(report.problems, []);
      assert.equal(report.applied + report.failedSeats + report.notAttempted, run.edits.length);
      assert.equal(report.applied, (run.faultBatch + run.inFlight.length) * run.batchSize);
      if (c.concurrency > 1) assert.equal(run.inFlight.length, c.concurrency - 1);
    });
  }
});

// Re-sending is harmless only while the seat still exists: once an applied batch removed a seat
// (both flags false), the retry after a lost answer is refused with 404 "Seat not found" and
// the whole batch is reported failed although the stand-in applied it. Known gap, reported to the
// lead; this test states the invariant the soak relies on and fails until it holds.
test("an applied removal whose answer was lost is not reported as failed", async () => {
  const account = "soakremoval";
  const ctl = control(soak.origin);
  const seats = ["rm-1", "rm-2", "rm-3", "rm-4"].map((seat_uid) => ({ seat_uid, access_seat: true, gateway_seat: true }));
  await ctl.seed(account, seats);
  await ctl.addFault({ account, status: 503, headers: { "retry-after-ms": "10" }, applyFirst: true });
  const edits = seats.map((s, i) => ({ ...s, access_seat: i !== 0, gateway_seat: i !== 0 })); // rm-1 removed
  let error;
  try {
    await pkg.editSeats(account, edits, { ...credentials, baseUrl: soak.url, batchSize: 2, maxRetries: 2 });
  } catch (err) {
    error = err;
  }
  const state = await ctl.state(account);
  assert.deepEqual(state.map((s) => s.seat_uid), ["rm-2", "rm-3", "rm-4"], "the stand-in applied the removal");
  const failedUids = (error?.failed ?? []).flatMap((f) => f.edits.map((e) => e.seat_uid));
  assert.deepEqual(failedUids, [], `reported failed although applied: ${error?.message}`);
});
