// Node side of the fault soak: the stand-in mounted in a server that injects a run's fault plan
// per (batch, attempt), the checks of what arrived (attempt counts, waits between attempts), a
// static file server for the Chromium run, and small helpers.

import { createServer } from "node:http";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createStandin } from "../../../standin/standin.mjs";
import { RETRIED_KINDS, standinFault } from "./scenario.mjs";
import { serveStatic } from "../runtimes/helpers.mjs";

export const TOKEN = "test-token-0123456789abcdef";
export const REPO = fileURLToPath(new URL("../../../", import.meta.url));
const SEATS_PATH = /\/accounts\/([^/?]+)\/access\/seats(?:\?|$)/;

/**
 * The stand-in on its own server, plus: `plan(account, run)` makes every PATCH of `account`
 * meet the fault its (batch, attempt) is planned for, and `arrivals(account)` lists them.
 *
 * How: this server reads each such PATCH's body alongside the stand-in (a second 'data'
 * listener) and, when it ends, pushes the planned fault (a pass-through one when none is
 * planned) onto the stand-in's queue. Its 'end' listener runs before the stand-in's, and the
 * stand-in takes a fault in the same tick it records the request, so the queue hands each fault
 * to the request it was pushed for; `checkArrivals` verifies that against the stand-in's record.
 */
export async function startSoakStandin({ prefix = "/client/v4", maxBodyBytes } = {}) {
  const standin = createStandin({ prefix, maxBodyBytes });
  const runs = new Map();
  const server = createServer((req, res) => {
    const account = req.method === "PATCH" ? SEATS_PATH.exec(req.url)?.[1] : undefined;
    const planned = account !== undefined ? runs.get(account) : undefined;
    if (planned) {
      const chunks = [];
      req.on("data", (chunk) => chunks.push(chunk));
      req.on("end", () => arrive(standin, account, planned, Buffer.concat(chunks).toString("utf8")));
    }
    if (!standin.handle(req, res)) res.writeHead(404, { "content-type": "text/plain" }).end("not the stand-in");
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  return {
    origin,
    url: origin + prefix,
    standin,
    plan(account, run) {
      runs.set(account, { run, attempts: new Map(), arrivals: [] });
    },
    arrivals: (account) => runs.get(account)?.arrivals ?? [],
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function arrive(standin, account, planned, text) {
  let batch;
  try {
    batch = planned.run.batchOfUid.get(JSON.parse(text)[0]?.seat_uid);
  } catch {}
  const attempt = (planned.attempts.get(batch) ?? 0) + 1;
  planned.attempts.set(batch, attempt);
  const spec = planned.run.plan.get(batch)?.[attempt - 1] ?? { kind: "pass" };
  const arrivedAt = Date.now();
  const { fault, retryAt } = standinFault(spec, account, arrivedAt);
  planned.arrivals.push({ batch, attempt, kind: spec.kind, spec, arrivedAt, retryAt });
  standin.faults.push(fault);
}

/** A PATCH this soon after a dropped connection is the browser re-sending it, not a retry. */
const RESEND_MS = 300; // below the least backoff (375 ms): a retry by the client is never this soon

/**
 * Checks what arrived for a retried run: each batch met exactly its planned faults, then
 * succeeded; the stand-in recorded the same sequence; every wait between two attempts of a batch
 * was at least what the retry policy asks for.
 *
 * `resends` (Chromium): when the stand-in drops a reused keep-alive connection before answering,
 * Chromium's network stack re-sends the PATCH itself at once, unseen by the client. Such a
 * re-send still meets the batch's next planned fault; it is counted, not timed, and since the
 * client's own attempt number is then unknown, the lowest backoff step is used as the minimum.
 */
export function checkArrivals(soak, account, run, { timeoutMs, resends = false }) {
  const problems = [];
  const expect = (ok, message) => {
    if (!ok && problems.length < 40) problems.push(message);
  };
  const arrivals = soak.arrivals(account);
  const recorded = soak.standin.requests.filter((r) => r.method === "PATCH" && r.accountId === account);
  expect(recorded.length === arrivals.length, `the stand-in recorded ${recorded.length} PATCHes, ${arrivals.length} arrived`);
  const recordedBatches = recorded.map((r) => run.batchOfUid.get(JSON.parse(r.body)[0]?.seat_uid));
  expect(recordedBatches.join() === arrivals.map((a) => a.batch).join(), "the stand-in recorded the PATCHes in another order than they arrived");
  expect(soak.standin.faults.filter((f) => f.account === account).length === 0, "faults left in the stand-in's queue");
  expect(arrivals.every((a) => a.batch !== undefined), "a PATCH carried no batch of the run");

  const perBatch = new Map();
  for (const a of arrivals) perBatch.set(a.batch, [...(perBatch.get(a.batch) ?? []), a]);
  for (let b = 0; b < run.batches.length; b++) {
    const planned = run.plan.get(b)?.filter((s) => s.kind !== "pass").length ?? 0;
    const got = perBatch.get(b)?.length ?? 0;
    expect(got === planned + 1, `batch ${b}: ${got} PATCHes, expected ${planned + 1} (${planned} planned faults)`);
  }

  const timing = { checked: 0, violations: [], minSlackMs: Infinity, longestWaitMs: 0, browserResends: 0 };
  for (const [batch, list] of perBatch) {
    for (let i = 0; i + 1 < list.length; i++) {
      const failed = list[i];
      const gap = list[i + 1].arrivedAt - failed.arrivedAt;
      if (resends && failed.kind === "reset" && gap < RESEND_MS) {
        timing.browserResends++; // the browser's own re-send, not a retry of the client
        continue;
      }
      const min = minimumGapMs(failed, { timeoutMs, resends });
      timing.checked++;
      timing.minSlackMs = Math.min(timing.minSlackMs, gap - min);
      timing.longestWaitMs = Math.max(timing.longestWaitMs, gap);
      if (gap < min - 5) timing.violations.push(`batch ${batch} after ${failed.kind} (attempt ${failed.attempt}): next attempt after ${gap} ms, policy minimum ${Math.round(min)} ms`);
    }
  }
  expect(timing.violations.length === 0, `retried sooner than the policy allows: ${timing.violations.slice(0, 6).join("; ")}`);

  const injected = arrivals.filter((a) => a.kind !== "pass");
  const byKind = {};
  for (const a of injected) byKind[a.kind] = (byKind[a.kind] ?? 0) + 1;
  return {
    problems,
    patches: arrivals.length,
    faultsInjected: injected.length,
    faultsAfterApply: injected.filter((a) => a.spec.applyFirst).length,
    byKind,
    maxFaultsOnOneBatch: Math.max(0, ...[...perBatch.values()].map((list) => list.filter((a) => a.kind !== "pass").length)),
    attemptBound: run.batches.length + run.faultsPlanned,
    timing: { ...timing, violations: timing.violations.length },
  };
}

/** The least time between a failed attempt's arrival and the next one's. */
function minimumGapMs({ spec, attempt, arrivedAt, retryAt }, { timeoutMs, resends }) {
  switch (spec.kind) {
    case "429-ms":
    case "500-ms":
    case "502-ms":
    case "503-ms":
      return spec.waitMs;
    case "429-seconds":
      return 1000;
    case "429-date":
      return retryAt - arrivedAt;
  }
  if (!RETRIED_KINDS[spec.kind]?.backoff) return 0;
  const step = resends ? 0 : attempt - 1;
  const backoff = Math.min(500 * 2 ** step, 8000) * 0.75;
  // No answer: the client first waited for its timeout (less the time the request took to arrive).
  return backoff + (spec.kind === "hang" || spec.kind === "slow" ? timeoutMs / 2 : 0);
}

// ---------------------------------------------------------------------------------------------
// Static files and Chromium for the browser run: pkg/ and tests/js/soak/ of the repository, as
// they are, served by the runtime tests' helpers.

export { launchChromium } from "../runtimes/helpers.mjs";

export const serveRepo = () => serveStatic(REPO, { dirs: ["pkg", join("tests", "js", "soak")] });
