// docs/reclaim-worker/: the daily reclaim Worker (a cron trigger calling Client.reclaimSeats),
// run in workerd by `wrangler dev --test-scheduled` (the root's devDependency, offline) against
// the API stand-in. The scratch project is the docs folder with the packed tarball installed, as
// a user's copy would be. `GET /__scheduled?cron=…` runs the cron handler and answers when it is
// done; the Worker logs one JSON line per run, read from wrangler's output.
//
//   node --test tests/js/reclaim-worker.test.mjs

import { describe, test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { pathToFileURL } from "node:url";
import { startStandin } from "../../standin/standin.mjs";
import { Client, planReclaim } from "../../pkg/node.mjs";
import { devBin, REPO, scratchProject, wranglerEnv } from "./runtimes/tarball.mjs";
import { TOKEN, freePort, startProcess } from "./runtimes/helpers.mjs";
import { control as standinControl } from "./admin-harness.mjs";

const TIMEOUT = 120_000;
const CRON = "0 6 * * *";
const DRY = "reclaimdry";
const APPLIED = "reclaimapply";
const NODE_ACCOUNT = "reclaimnode";
const INACTIVE_DAYS = 60;
/** The moment judged, fixed for the Worker (its NOW var) and for the plan computed here. */
const NOW = new Date(Math.floor(Date.now() / 1000) * 1000).toISOString();

let standin;
let project;

/** `wrangler dev --test-scheduled` of the project on a free port, with `vars` over wrangler.toml's. */
async function wranglerDev(vars) {
  const port = await freePort();
  const args = ["dev", "--test-scheduled", "--ip", "127.0.0.1", "--port", String(port), "--inspector-port", String(await freePort())];
  for (const [name, value] of Object.entries(vars)) args.push("--var", `${name}:${value}`);
  const server = await startProcess(devBin("wrangler"), args, { cwd: project.dir, env: wranglerEnv(), ready: /Ready on http/, timeout: 60_000 });
  const origin = `http://127.0.0.1:${port}`;
  let seen = 0;
  /** Runs the cron handler once; resolves to the /__scheduled answer and the run's log line. */
  const trigger = async () => {
    const res = await fetch(`${origin}/__scheduled?cron=${encodeURIComponent(CRON).replace(/%20/g, "+")}`);
    const text = await res.text();
    const started = Date.now();
    let lines = [];
    while (Date.now() - started < 10_000) {
      lines = server.output().match(/^\{"event":"reclaim-seats".*$/gm) ?? [];
      if (lines.length > seen) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(lines.length, seen + 1, `one log line per run:\n${server.output()}`);
    seen = lines.length;
    return { status: res.status, text, log: JSON.parse(lines.at(-1)) };
  };
  return { origin, trigger, stop: server.stop, output: server.output };
}

/** The stand-in's control API (paths with their /__standin prefix). */
const control = (method, path, body) => standinControl(standin.origin, method, path, body);

const generate = (account, count = 300) =>
  control("POST", `/__standin/accounts/${account}/users/generate`, { count, seed: 1, registrationsPerUser: [0, 2] });
const requestsOf = (account) => control("GET", `/__standin/requests?account=${account}`);
const seatsOf = async (account) => new Map((await control("GET", `/__standin/accounts/${account}/seats`)).map((s) => [s.seat_uid, s]));
const client = () => new Client({ apiToken: TOKEN, baseUrl: standin.url, maxRetries: 0 });

/** The plan the Worker should make: planReclaim over the same lists, with the same now and policy. */
async function expectedPlan(account, keep) {
  const users = await client().listUsers(account);
  const devices = await client().listDeviceRegistrations(account, { status: "all" });
  return planReclaim({ users, devices, now: NOW, inactiveDays: INACTIVE_DAYS, keep });
}

before(async () => {
  devBin("wrangler");
  devBin("workerd");
  standin = await startStandin({ prefix: "/client/v4" });
  project = await scratchProject("reclaim-worker", {
    fixture: join("..", "..", "..", "docs", "reclaim-worker"),
    // The tarball is installed below; wrangler is the root's, not downloaded again.
    packageJson: { dependencies: {}, devDependencies: {} },
  });
  // Locally, secrets come from .dev.vars; in production, `wrangler secret put`.
  project.write(".dev.vars", `CLOUDFLARE_API_TOKEN=${TOKEN}\n`);
});

after(async () => {
  await standin?.close();
  project?.remove();
});

describe("the reclaim Worker on its cron trigger", { timeout: TIMEOUT }, () => {
  let dry;
  let apply;
  let keep;
  let plans;

  before(async () => {
    await Promise.all([generate(DRY), generate(APPLIED)]);
    // Keep one user the policy would reclaim, by email, and a whole domain.
    const unkept = await expectedPlan(APPLIED, []);
    const victim = unkept.decisions.find((d) => d.action !== "keep" && !d.email.endsWith("@contractors.example"));
    keep = [victim.email.toUpperCase(), "@contractors.example"];
    plans = { [DRY]: await expectedPlan(DRY, keep), [APPLIED]: await expectedPlan(APPLIED, keep) };
    assert.ok(plans[APPLIED].summary.reclaim > 0 && plans[APPLIED].summary.keptListed > 1, JSON.stringify(plans[APPLIED].summary));
    assert.ok(!plans[APPLIED].edits.some((e) => e.seat_uid === victim.seat_uid), "the kept user is not in the plan");
    const common = { INACTIVE_DAYS: String(INACTIVE_DAYS), KEEP: ` ${keep.join(" , ")} ,`, NOW, CLOUDFLARE_BASE_URL: standin.url };
    // One after the other: two `wrangler dev` in one project folder share its .wrangler/ build
    // folder. Each is assigned as soon as it runs, so `after` stops whatever started.
    dry = await wranglerDev({ ...common, ACCOUNT_ID: DRY }); // wrangler.toml's APPLY = "false": the dry run
    apply = await wranglerDev({ ...common, ACCOUNT_ID: APPLIED, APPLY: "true" });
  });

  after(async () => {
    await Promise.all([dry?.stop(), apply?.stop()]);
  });

  test("a dry run lists everything, logs the plan's summary and sends no PATCH", { timeout: TIMEOUT }, async () => {
    const seatsBefore = await seatsOf(DRY);
    const requestsBefore = (await requestsOf(DRY)).length;
    const { status, text, log } = await dry.trigger();
    assert.equal(status, 200, text);
    assert.equal(log.ok, true, JSON.stringify(log));
    assert.deepEqual(log.summary, plans[DRY].summary);
    assert.equal(log.edits, plans[DRY].edits.length);
    assert.equal(log.applied, 0);
    assert.equal(log.apply, false);
    assert.equal(log.account, DRY);
    assert.equal(log.cron, CRON);
    assert.equal(log.now, NOW);
    assert.equal(log.inactiveDays, INACTIVE_DAYS);
    assert.equal(log.keep, 2);
    const sent = (await requestsOf(DRY)).slice(requestsBefore);
    assert.ok(sent.length >= 2, "it listed users and registrations");
    assert.deepEqual([...new Set(sent.map((r) => r.method))], ["GET"], "a dry run sends no PATCH");
    assert.ok(sent.some((r) => r.url.startsWith(`/client/v4/accounts/${DRY}/access/users?`)));
    assert.ok(sent.some((r) => r.url.startsWith(`/client/v4/accounts/${DRY}/devices/registrations?status=all&`)));
    assert.ok(sent.every((r) => r.headers.authorization === `Bearer ${TOKEN}`));
    assert.deepEqual(await seatsOf(DRY), seatsBefore);
    assert.doesNotMatch(dry.output(), new RegExp(TOKEN), "the token was logged");
  });

  test('APPLY = "true" changes exactly the planned seats on the stand-in', { timeout: TIMEOUT }, async () => {
    const plan = plans[APPLIED];
    const seatsBefore = await seatsOf(APPLIED);
    const requestsBefore = (await requestsOf(APPLIED)).length;
    const { status, text, log } = await apply.trigger();
    assert.equal(status, 200, text);
    assert.equal(log.ok, true, JSON.stringify(log));
    assert.equal(log.apply, true);
    assert.deepEqual(log.summary, plan.summary);
    assert.equal(log.edits, plan.edits.length);
    assert.equal(log.applied, plan.edits.length);

    const patches = (await requestsOf(APPLIED)).slice(requestsBefore).filter((r) => r.method === "PATCH");
    assert.equal(patches.length, Math.ceil(plan.edits.length / 100), "batches of 100");
    const sentEdits = patches.flatMap((r) => JSON.parse(r.body));
    const byUid = (a, b) => a.seat_uid.localeCompare(b.seat_uid);
    assert.deepEqual(sentEdits.toSorted(byUid), plan.edits.toSorted(byUid));

    // Planned seats changed as planned (both flags false: the seat is gone), no other seat changed.
    const seatsAfter = await seatsOf(APPLIED);
    const planned = new Map(plan.edits.map((e) => [e.seat_uid, e]));
    for (const [uid, before] of seatsBefore) {
      const after = seatsAfter.get(uid);
      const edit = planned.get(uid);
      if (edit && !edit.access_seat && !edit.gateway_seat) assert.equal(after, undefined, `${uid} was not removed`);
      else if (edit) assert.deepEqual([after.access_seat, after.gateway_seat], [edit.access_seat, edit.gateway_seat], uid);
      else assert.deepEqual(after, before, `${uid} was not in the plan but changed`);
    }
    assert.equal(seatsAfter.size, seatsBefore.size - plan.edits.filter((e) => !e.access_seat && !e.gateway_seat).length);
    assert.doesNotMatch(apply.output(), new RegExp(TOKEN), "the token was logged");
  });

  test("a failure mid-apply is logged with what changed, and the run fails", { timeout: TIMEOUT }, async (t) => {
    // A bigger account: six batches of 100, four in flight; the first PATCH is refused (403 is
    // not retried), the three beside it finish, the last two are never sent.
    await generate(APPLIED, 6000);
    const plan = await expectedPlan(APPLIED, keep);
    assert.ok(plan.edits.length > 400, `more batches than run at once: ${plan.edits.length}`);
    const seatsBefore = await seatsOf(APPLIED);
    await control("POST", "/__standin/faults", { route: "seats", account: APPLIED, status: 403 });
    const { status, log } = await apply.trigger();
    t.diagnostic(`applied ${log.applied}, failed ${log.failed}, not attempted ${log.notAttempted}`);
    assert.equal(status, 500, "the rethrown error fails the run");
    assert.equal(log.ok, false);
    assert.equal(log.error.name, "BulkEditError");
    assert.equal(log.error.cause.name, "PermissionDeniedError");
    assert.equal(log.error.cause.status, 403);
    assert.ok(log.failed >= 1);
    assert.equal(log.applied + log.failed + log.notAttempted, plan.edits.length, JSON.stringify(log));
    const seatsAfter = await seatsOf(APPLIED);
    const changed = [...seatsBefore].filter(([uid, before]) => {
      const after = seatsAfter.get(uid);
      return !after || before.access_seat !== after.access_seat || before.gateway_seat !== after.gateway_seat;
    });
    assert.deepEqual(changed.map(([uid]) => uid).sort(), [...log.appliedSeats].sort(), "the log names exactly the seats that changed");
    assert.doesNotMatch(apply.output(), new RegExp(TOKEN), "the token was logged");
  });

  test("answers any HTTP request with 404: only the cron starts a reclaim", { timeout: TIMEOUT }, async () => {
    const before = (await requestsOf(DRY)).length;
    const res = await fetch(`${dry.origin}/`, { method: "POST" });
    assert.equal(res.status, 404);
    assert.equal((await requestsOf(DRY)).length, before);
  });
});

describe("the reclaim Worker's settings (its module run in Node)", { timeout: TIMEOUT }, () => {
  let worker;
  before(async () => {
    await generate(NODE_ACCOUNT);
    // In the scratch project, "zero-trust-seats" resolves to the installed tarball's Node entry.
    worker = (await import(pathToFileURL(project.path("src", "index.js")).href)).default;
  });

  /** Runs the handler with `env`; resolves to { error, log } (the one JSON line it printed). */
  async function run(env) {
    const lines = [];
    const original = console.log;
    console.log = (line) => lines.push(line);
    let error;
    try {
      await worker.scheduled({ cron: CRON, scheduledTime: Date.parse(NOW) }, env);
    } catch (err) {
      error = err;
    } finally {
      console.log = original;
    }
    assert.equal(lines.length, 1, lines.join("\n"));
    assert.ok(!lines[0].includes(TOKEN), "the token was logged");
    return { error, log: JSON.parse(lines[0]) };
  }

  const good = { ACCOUNT_ID: NODE_ACCOUNT, INACTIVE_DAYS: "60", CLOUDFLARE_API_TOKEN: TOKEN };

  test("refuses bad settings before sending anything, naming the setting", async () => {
    const cases = [
      [{ ACCOUNT_ID: "" }, "SettingsError", /ACCOUNT_ID/],
      [{ INACTIVE_DAYS: undefined }, "SettingsError", /INACTIVE_DAYS/],
      [{ INACTIVE_DAYS: "ninety" }, "SettingsError", /INACTIVE_DAYS/],
      [{ INACTIVE_DAYS: "0" }, "ValidationError", /inactiveDays/],
      [{ APPLY: "yes" }, "SettingsError", /APPLY/],
      [{ CLOUDFLARE_API_TOKEN: "" }, "SettingsError", /CLOUDFLARE_API_TOKEN/],
      [{ KEEP: "not-an-email" }, "ValidationError", /keep/],
    ];
    for (const [change, name, message] of cases) {
      const { error, log } = await run({ ...good, CLOUDFLARE_BASE_URL: standin.url, ...change });
      assert.equal(error?.name, name, JSON.stringify(change));
      assert.equal(log.ok, false);
      assert.equal(log.error.name, name);
      assert.match(`${log.error.message} ${log.error.field ?? ""}`, message, JSON.stringify(log));
    }
    assert.deepEqual(await requestsOf(NODE_ACCOUNT), [], "a bad setting sent a request");
  });

  test("defaults: a dry run judged at the trigger's scheduled time", async () => {
    const { error, log } = await run({ ...good, CLOUDFLARE_BASE_URL: standin.url, APPLY: "False" });
    assert.equal(error, undefined);
    assert.equal(log.ok, true);
    assert.equal(log.apply, false);
    assert.equal(log.now, NOW);
    assert.equal(log.keep, 0);
    assert.deepEqual(log.summary, (await expectedPlan(NODE_ACCOUNT, [])).summary);
    assert.ok((await requestsOf(NODE_ACCOUNT)).every((r) => r.method === "GET"));
    assert.equal((await worker.fetch(new Request("http://x/"))).status, 404);
  });
});

describe("the reclaim Worker as `wrangler deploy` would upload it", { timeout: TIMEOUT }, () => {
  test("a daily cron trigger, a dry run by default, no token in the config, the workerd entry bundled", { timeout: TIMEOUT }, async () => {
    const toml = readFileSync(join(REPO, "docs", "reclaim-worker", "wrangler.toml"), "utf8");
    assert.match(toml, /^\[triggers\]\ncrons = \["0 6 \* \* \*"\]$/m);
    assert.match(toml, /^APPLY = "false"$/m);
    assert.doesNotMatch(toml, /^CLOUDFLARE_API_TOKEN\s*=/m, "the token is a secret, not a var");
    const outdir = project.path("dist");
    await promisify(execFile)(devBin("wrangler"), ["deploy", "--dry-run", "--outdir", outdir], { cwd: project.dir, env: wranglerEnv(), encoding: "utf8" });
    const files = readdirSync(outdir);
    assert.equal(files.filter((name) => name.endsWith(".wasm")).length, 1, files.join(", "));
    const script = readFileSync(join(outdir, "index.js"), "utf8");
    assert.match(script, /reclaimSeats/);
    assert.match(script, /initSync/);
    assert.doesNotMatch(script, /node:fs|readFileSync/, "the Node entry was bundled instead of worker.js");
  });
});
