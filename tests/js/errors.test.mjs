// Errors that read well, and secrets (issue 14), through the built package in Node: the class
// name appears once in what Node prints for an uncaught rejection; a caught error's stack starts
// at the caller (a child `app.mjs` with `async function main()`), not in wasm; a BulkEditError's
// `cause` is its first failed batch's error; tokens and keys under 16 characters are refused and
// redaction leaves the rest of a message readable.
//
//   node --test tests/js/errors.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as zts from "../../pkg/node.mjs";
import { FORBIDDEN_TOKEN, startStandin } from "../../standin/standin.mjs";
import { control as standinControl } from "./admin-harness.mjs";

const TOKEN = "test-token-0123456789abcdef";
const ENTRY = new URL("../../pkg/node.mjs", import.meta.url).href;
const SHORT = "abcdefghijklmno"; // 15 characters
const TOO_SHORT = (field) =>
  `${field} must be at least 16 characters long: no Cloudflare API token or key is shorter`;
let api;
let dir;

before(async () => {
  api = await startStandin({ prefix: "/client/v4" });
  dir = mkdtempSync(join(tmpdir(), "zts-errors-"));
});
after(() => {
  api.close();
  rmSync(dir, { recursive: true, force: true });
});

const control = (method, path, body) => standinControl(api.origin, method, `/__standin${path}`, body);
const seed = (account, uids) =>
  control("PUT", `/accounts/${account}/seats`, uids.map((seat_uid) => ({ seat_uid, access_seat: true, gateway_seat: true })));
const requests = (account) => control("GET", `/requests?account=${account}`);
const removal = (uid) => ({ seat_uid: uid, access_seat: false, gateway_seat: false });
const rejection = (promise) => promise.then(() => assert.fail("expected a rejection"), (err) => err);

/**
 * Writes `app.mjs` (the package imported as `zts`, the stand-in's URL as `BASE`) and runs it
 * with node; resolves to { code, stdout, stderr } whatever the exit code.
 */
async function runApp(name, source) {
  mkdirSync(join(dir, name));
  const file = join(dir, name, "app.mjs");
  writeFileSync(file, `import * as zts from ${JSON.stringify(ENTRY)};\nconst BASE = ${JSON.stringify(api.url)};\n${source}`);
  try {
    const { stdout, stderr } = await promisify(execFile)(process.execPath, [file], { env: { PATH: process.env.PATH } });
    return { code: 0, stdout, stderr };
  } catch (err) {
    return { code: err.code, stdout: err.stdout, stderr: err.stderr };
  }
}

/**
 * The `at …` lines of a stack, without Node's own (`node:internal/…`): an async function resumed
 * from Node's microtask runner has `at process.processTicksAndRejections` below it, as every
 * async error in Node does.
 */
function callerFrames(lines) {
  const frames = [];
  for (const line of lines) {
    if (!line.startsWith("    at ")) break;
    if (!line.includes("(node:internal/")) frames.push(line);
  }
  return frames;
}

test("an uncaught rejection prints the class name once, then status and [code] message", async () => {
  const denied = await runApp("uncaught-denied", `
async function main() {
  const client = new zts.Client({ apiToken: ${JSON.stringify(FORBIDDEN_TOKEN)}, baseUrl: BASE, maxRetries: 0 });
  await client.editSeats("uncaughtdenied", []);
}
main();
`);
  assert.equal(denied.code, 1, denied.stderr);
  const lines = denied.stderr.split("\n");
  assert.deepEqual(lines.filter((l) => l.includes("PermissionDeniedError")), ["PermissionDeniedError: 403 [10000] Authentication error"]);
  const frames = lines.slice(lines.indexOf("PermissionDeniedError: 403 [10000] Authentication error") + 1);
  assert.match(callerFrames(frames)[0], /^ {4}at async main \(file:\/\/.*\/uncaught-denied\/app\.mjs:6:3\)( \{)?$/);

  const invalid = await runApp("uncaught-invalid", `
async function main() {
  await zts.editSeats("uncaughtinvalid", [{ seat_uid: "a", acess_seat: true, gateway_seat: true }], { apiToken: ${JSON.stringify(TOKEN)}, baseUrl: BASE });
}
main();
`);
  assert.equal(invalid.code, 1, invalid.stderr);
  assert.deepEqual(invalid.stderr.split("\n").filter((l) => l.includes("ValidationError")), [
    "ValidationError: body[0].acess_seat is not a field of a seat edit (expected exactly seat_uid, access_seat and gateway_seat)",
  ]);
  assert.deepEqual(await requests("uncaughtinvalid"), [], "nothing was sent");
});

// Each call of the API, awaited (or called) in main; the stacks of what they threw, by call.
const STACK_APP = `
const token = ${JSON.stringify(FORBIDDEN_TOKEN)};
const client = new zts.Client({ apiToken: token, baseUrl: BASE, maxRetries: 0 });
const calls = {
  "client.editSeats (403)": () => client.editSeats("stackacct", []),
  "client.editSeats (bad body)": () => client.editSeats("stackacct", [{}]),
  "editSeats (bad account)": () => zts.editSeats("../x", [], { apiToken: token, baseUrl: BASE }),
  "client.listUsers (403)": () => client.listUsers("stackacct"),
  "client.usersPage (bad query)": () => client.usersPage("stackacct", { perPage: 0 }),
  "client.listDeviceRegistrations (403)": () => client.listDeviceRegistrations("stackacct"),
  "findUsersByEmail (bad email)": () => zts.findUsersByEmail("stackacct", ["nope"], { apiToken: token, baseUrl: BASE }),
  "client.reclaimSeats (bad policy)": () => client.reclaimSeats("stackacct", { inactiveDays: 0 }),
  "validateEdits (sync)": () => zts.validateEdits("no"),
  "planReclaim (sync)": () => zts.planReclaim({}),
  "new Client (sync)": () => new zts.Client({ timeoutMs: -1 }),
};
async function main() {
  const stacks = {};
  for (const [name, call] of Object.entries(calls)) {
    try {
      await call();
      stacks[name] = "resolved";
    } catch (err) {
      stacks[name] = [err instanceof zts.ZeroTrustSeatsError, err.stack];
    }
  }
  console.log(JSON.stringify(stacks));
}
main();
`;

test("a caught error's stack starts in the caller's async main, with no wasm frame first", async () => {
  const run = await runApp("stacks", STACK_APP);
  assert.equal(run.code, 0, run.stderr);
  const stacks = JSON.parse(run.stdout);
  assert.equal(Object.keys(stacks).length, 11);
  for (const [call, result] of Object.entries(stacks)) {
    assert.ok(Array.isArray(result), `${call}: ${result}`);
    const [ours, stack] = result;
    assert.ok(ours, `${call}: not a ZeroTrustSeatsError`);
    const frames = callerFrames(stack.split("\n").slice(1));
    assert.ok(frames.length > 0, `${call}: ${stack}`);
    // The first frame is the caller in app.mjs: main awaiting the call (an async frame), or the
    // arrow function making a sync call, itself called by main.
    const caller = call.endsWith("(sync)") ? `${call.replace(/[()]/g, "\\$&")}|main` : "async main";
    assert.match(frames[0], new RegExp(`^ {4}at (${caller}) \\(file://.*/stacks/app\\.mjs:\\d+:\\d+\\)$`), `${call}: ${stack}`);
    assert.ok(frames.some((frame) => /^ {4}at (async )?main \(file:\/\/.*\/stacks\/app\.mjs:/.test(frame)), `${call}: ${stack}`);
    assert.ok(!stack.includes("wasm-function"), `${call}: ${stack}`);
  }
});

test("without Error.captureStackTrace (not V8) the errors are thrown as before", async () => {
  const run = await runApp("no-capture", `
const token = ${JSON.stringify(FORBIDDEN_TOKEN)};
async function main() {
  const out = {};
  try { await new zts.Client({ apiToken: token, baseUrl: BASE, maxRetries: 0 }).editSeats("nocapture", []); }
  catch (err) { out.denied = [err instanceof zts.PermissionDeniedError, err.message, err.stack.includes("wasm-function")]; }
  try { zts.validateEdits([{}]); }
  catch (err) { out.invalid = [err instanceof zts.ValidationError, err.field, err.message]; }
  console.log(JSON.stringify(out));
}
main();
`.replace(/^/, "delete Error.captureStackTrace;\n"));
  assert.equal(run.code, 0, run.stderr);
  assert.deepEqual(JSON.parse(run.stdout), {
    denied: [true, "403 [10000] Authentication error", true],
    invalid: [true, "body[0].seat_uid", "body[0].seat_uid is required"],
  });
});

test("a BulkEditError's cause is the very error of its first failed batch", async () => {
  const uids = Array.from({ length: 9 }, (_, i) => `b-${i}`);
  await seed("bulkcause", uids);
  // The second batch meets a 403 (not retried): the call stops there.
  await control("POST", "/faults", [{ account: "bulkcause", delayMs: 1 }, { account: "bulkcause", status: 403 }]);
  const err = await rejection(zts.editSeats("bulkcause", uids.map(removal), { apiToken: TOKEN, baseUrl: api.url, batchSize: 3 }));
  assert.ok(err instanceof zts.BulkEditError);
  assert.equal(err.message,
    "1 of 3 batches failed; 3 seats applied, 3 failed, 3 not attempted; first failure: PermissionDeniedError: 403 [10000] Authentication error");
  assert.equal(err.failed.length, 1);
  assert.ok(err.cause instanceof zts.PermissionDeniedError);
  assert.equal(err.cause, err.failed[0].error, "one object, not two describing the same failure");

  // Two batches in flight both fail: the cause is the first of the two, each its own object.
  await seed("bulkcause2", uids);
  await control("POST", "/faults", [{ account: "bulkcause2", status: 403 }, { account: "bulkcause2", status: 500 }]);
  const two = await rejection(zts.editSeats("bulkcause2", uids.map(removal),
    { apiToken: TOKEN, baseUrl: api.url, batchSize: 3, concurrency: 2, maxRetries: 0 }));
  assert.equal(two.failed.length, 2);
  assert.equal(two.cause, two.failed[0].error);
  assert.notEqual(two.failed[0].error, two.failed[1].error);
});

test("a token or key under 16 characters is a ValidationError that does not echo it, before anything is sent", async () => {
  const refused = (fn, field) => {
    assert.throws(fn, (err) => {
      assert.ok(err instanceof zts.ValidationError, String(err));
      assert.equal(err.field, field);
      assert.equal(err.message, TOO_SHORT(field));
      return true;
    });
  };
  refused(() => new zts.Client({ apiToken: SHORT, baseUrl: api.url }), "apiToken");
  refused(() => new zts.Client({ apiToken: "t", baseUrl: api.url }), "apiToken");
  refused(() => new zts.Client({ apiEmail: "admin@example.com", apiKey: SHORT, baseUrl: api.url }), "apiKey");
  const saved = process.env.CLOUDFLARE_API_TOKEN;
  process.env.CLOUDFLARE_API_TOKEN = SHORT;
  try {
    refused(() => new zts.Client({ baseUrl: api.url }), "apiToken");
  } finally {
    if (saved === undefined) delete process.env.CLOUDFLARE_API_TOKEN;
    else process.env.CLOUDFLARE_API_TOKEN = saved;
  }
  const err = await rejection(zts.editSeats("shorttoken", [], { apiToken: SHORT, baseUrl: api.url }));
  assert.ok(err instanceof zts.ValidationError);
  assert.equal(err.message, TOO_SHORT("apiToken"));
  assert.deepEqual(await requests("shorttoken"), [], "nothing was sent");
  // 16 characters is enough.
  assert.ok(new zts.Client({ apiToken: "0123456789abcdef", baseUrl: api.url }) instanceof zts.Client);
});

test("redaction replaces the whole secret and leaves the rest of the message readable", async () => {
  const base = "http://127.0.0.1:9/client/v4";
  const echoing = async () => {
    throw new Error(`the proxy at http://127.0.0.1:9 refused token ${TOKEN} (test-token)`);
  };
  const err = await rejection(zts.editSeats("readable", [], { apiToken: TOKEN, baseUrl: base, fetch: echoing, maxRetries: 0 }));
  assert.ok(err instanceof zts.APIConnectionError);
  assert.equal(err.message,
    `could not reach ${base}/accounts/readable/access/seats: the proxy at http://127.0.0.1:9 refused token <redacted> (test-token)`);
});
