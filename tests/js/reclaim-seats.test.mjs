// reclaimSeats through the built package against the stand-in: a dry run sends no PATCH and
// plans exactly what planReclaim plans from the same lists; apply changes exactly the planned
// seats; a failure mid-apply is a BulkEditError matching the stand-in's state; a bad policy
// sends nothing.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BulkEditError, Client, ValidationError, planReclaim } from "../../pkg/node.mjs";
import { startStandin } from "../../standin/standin.mjs";
import { control as standinControl } from "./admin-harness.mjs";

const TOKEN = "test-token-0123456789abcdef";
const NOW = "2026-12-01T12:00:00Z";
let api;
let client;

before(async () => {
  api = await startStandin({ prefix: "/client/v4" });
  client = new Client({ apiToken: TOKEN, baseUrl: api.url, maxRetries: 0 });
});
after(() => api.close());

/** The stand-in's control API (paths under /__standin). */
const control = (method, path, body) => standinControl(api.origin, method, `/__standin${path}`, body);
const requests = async (account) =>
  (await control("GET", `/requests?account=${account}`)).map((r) => `${r.method} ${r.url.replace(/^\/client\/v4/, "")}`);
const seats = async (account) => new Map((await control("GET", `/accounts/${account}/seats`)).map((s) => [s.seat_uid, s]));
const generate = (account, count) =>
  control("POST", `/accounts/${account}/users/generate`, { count, seed: 11, registrationsPerUser: [0, 2] });

test("a dry run lists users and every registration, plans, and sends no PATCH", async () => {
  const account = "reclaimdry";
  await generate(account, 1500);
  const phases = [];
  const report = await client.reclaimSeats(account, {
    inactiveDays: 60, now: NOW, keep: ["@contractors.example"], onProgress: (p) => phases.push(p.phase),
  });
  const seen = await requests(account);
  assert.deepEqual(seen.slice(0, 3), [
    `GET /accounts/${account}/access/users?per_page=1000&page=1`,
    `GET /accounts/${account}/access/users?per_page=1000&page=2`,
    `GET /accounts/${account}/devices/registrations?status=all&per_page=1000`,
  ]);
  const rest = seen.slice(3);
  assert.ok(rest.length >= 1, "more than 1,000 registrations: a second page");
  for (const r of rest) assert.match(r, /^GET \/accounts\/reclaimdry\/devices\/registrations\?status=all&per_page=1000&cursor=/);
  assert.equal(report.applied, undefined);
  const users = await client.listUsers(account);
  const devices = await client.listDeviceRegistrations(account, { status: "all" });
  const expected = planReclaim({ users, devices, inactiveDays: 60, now: NOW, keep: ["@contractors.example"] });
  assert.deepEqual(report, expected, "the same plan as planReclaim over the same lists");
  assert.ok(report.summary.reclaim > 100, JSON.stringify(report.summary));
  assert.deepEqual([...new Set(phases)], ["users", "devices"]);
});

test("apply: true changes exactly the planned seats, in batches of 100", async () => {
  const account = "reclaimapply";
  await generate(account, 1500);
  const before = await seats(account);
  const progress = [];
  const report = await client.reclaimSeats(account, {
    inactiveDays: 60, now: NOW, apply: true, onProgress: (p) => p.phase === "apply" && progress.push(p.done),
  });
  const planned = report.edits.map((e) => e.seat_uid);
  assert.equal(report.applied.length, planned.length);
  assert.deepEqual(report.applied.map((s) => s.seat_uid), planned);
  const after = await seats(account);
  const removed = [...before.keys()].filter((uid) => !after.has(uid));
  assert.deepEqual(removed.sort(), [...planned].sort(), "exactly the planned seats are gone");
  for (const [uid, seat] of after) assert.deepEqual(seat, before.get(uid), `${uid} untouched`);
  const patches = (await requests(account)).filter((r) => r.startsWith("PATCH"));
  assert.equal(patches.length, Math.ceil(planned.length / 100));
  assert.equal(progress.at(-1), planned.length);
});

test("a failure mid-apply is a BulkEditError that says exactly which seats changed", async () => {
  const account = "reclaimfail";
  await generate(account, 1500);
  const before = await seats(account);
  await control("POST", "/faults", [{ account, route: "seats", delayMs: 1 }, { account, route: "seats", status: 403 }]);
  const err = await client
    .reclaimSeats(account, { inactiveDays: 60, now: NOW, apply: true, concurrency: 1 })
    .then(() => assert.fail("expected a rejection"), (e) => e);
  assert.ok(err instanceof BulkEditError, String(err));
  assert.equal(err.cause.name, "PermissionDeniedError");
  const after = await seats(account);
  const removed = [...before.keys()].filter((uid) => !after.has(uid)).sort();
  assert.deepEqual(removed, err.applied.map((s) => s.seat_uid).sort(), "applied = what the stand-in removed");
  assert.equal(err.applied.length, 100);
  for (const edit of [...err.failed.flatMap((f) => f.edits), ...err.notAttempted]) {
    assert.ok(after.has(edit.seat_uid), `${edit.seat_uid} still held`);
  }
});

test("a bad policy sends nothing", async () => {
  const account = "reclaimbad";
  await generate(account, 20);
  for (const [policy, field] of [
    [{ inactiveDays: 0 }, "inactiveDays"],
    [{ inactiveDays: 30, apply: "yes" }, "apply"],
    [{ inactiveDays: 30, keep: ["@"] }, "keep[0]"],
    [{ inactiveDays: 30, batchSize: 0 }, "batchSize"],
    [{ inactiveDays: 30, concurrency: 99 }, "concurrency"],
    [{ inactiveDays: 30, dryRun: true }, "dryRun"],
    [{ inactiveDays: 30, now: "later" }, "now"],
  ]) {
    const err = await client.reclaimSeats(account, policy).then(() => assert.fail(field), (e) => e);
    assert.ok(err instanceof ValidationError, `${field}: ${err}`);
    assert.equal(err.field, field);
  }
  assert.deepEqual(await requests(account), []);
});
