// The package in Node as a user gets it: the packed tarball (`npm pack` of pkg/) installed into
// a scratch project outside the repository, then imported by name from Node ESM and CommonJS
// scripts, each in its own process, that edit seats on the stand-in. No init() call anywhere.
//
//   node --test tests/js/package.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { promisify } from "node:util";
import { startStandin } from "../../standin/standin.mjs";
import { scratchProject } from "./runtimes/tarball.mjs";
import { TOKEN, onePatch, seedSeats } from "./runtimes/helpers.mjs";

const TIMEOUT = 120_000;
let standin;
let project;

before(async () => {
  standin = await startStandin({ prefix: "/client/v4" });
  project = await scratchProject("node");
});

after(async () => {
  await standin?.close();
  project?.remove();
});

/**
 * Runs a consumer script in its own Node process (asynchronously: the stand-in it calls lives
 * in this process's event loop) and returns what it printed as JSON.
 */
async function runConsumer(fileName, source, env = {}) {
  project.write(fileName, source);
  const { stdout } = await promisify(execFile)(process.execPath, [fileName], {
    cwd: project.dir,
    env: { PATH: process.env.PATH, ...env },
    encoding: "utf8",
  });
  return JSON.parse(stdout);
}

const CALL = (account) => `
  const page = await editSeats(${JSON.stringify(account)},
    [{ seat_uid: "u-1", access_seat: false, gateway_seat: false }],
    { apiToken: process.env.TOKEN, baseUrl: process.env.BASE });
  let validation;
  try { await editSeats("../x", [], { apiToken: process.env.TOKEN, baseUrl: process.env.BASE }); }
  catch (e) { validation = { isClass: e instanceof ValidationError, name: e.name, field: e.field }; }
  let denied;
  try { await new Client({ apiToken: "forbidden-token-0123456789abcdef", baseUrl: process.env.BASE, maxRetries: 0 }).editSeats("deniedacct", []); }
  catch (e) { denied = { isClass: e instanceof PermissionDeniedError, isAPIError: e instanceof APIError, status: e.status,
    code: e.errors[0].code, attempts: e.attempts, rayId: typeof e.rayId }; }
  console.log(JSON.stringify({ uid: page.result[0].seat_uid, access: page.result[0].access_seat,
    success: page.success, validation, denied, entry: ENTRY }));`;

for (const { kind, account, fileName, header, wrap, entry } of [
  {
    kind: "ESM import",
    account: "pkgesm",
    fileName: "esm.mjs",
    header: `import { editSeats, Client, ValidationError, APIError, PermissionDeniedError } from "zero-trust-seats";
      const ENTRY = import.meta.resolve("zero-trust-seats");`,
    wrap: (body) => body,
    entry: /\/node_modules\/zero-trust-seats\/node\.mjs$/,
  },
  {
    kind: "CommonJS require",
    account: "pkgcjs",
    fileName: "cjs.cjs",
    header: `const { editSeats, Client, ValidationError, APIError, PermissionDeniedError } = require("zero-trust-seats");
      const ENTRY = require.resolve("zero-trust-seats");`,
    wrap: (body) => `(async () => { ${body} })().catch((e) => { console.error(e); process.exit(1); });`,
    entry: /\/node_modules\/zero-trust-seats\/node\.cjs$/,
  },
]) {
  test(`${kind} of the installed tarball edits a seat`, { timeout: TIMEOUT }, async () => {
    await seedSeats(standin, account, ["u-1", "u-2"]);
    const printed = await runConsumer(fileName, `${header}\n${wrap(CALL(account))}\n`, { TOKEN, BASE: standin.url });
    assert.match(printed.entry, entry);
    delete printed.entry;
    assert.deepEqual(printed, {
      uid: "u-1",
      access: false,
      success: true,
      validation: { isClass: true, name: "ValidationError", field: "accountId" },
      denied: { isClass: true, isAPIError: true, status: 403, code: 10000, attempts: 1, rayId: "string" },
    });
    const seen = await onePatch(standin, account);
    assert.equal(seen.method, "PATCH");
    assert.equal(seen.url, `/client/v4/accounts/${account}/access/seats`);
    assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
    assert.match(seen.headers["content-type"], /^application\/json/);
    assert.equal(seen.headers["x-auth-key"], undefined);
    assert.deepEqual(JSON.parse(seen.body), [{ access_seat: false, gateway_seat: false, seat_uid: "u-1" }]);
  });
}

test("CLOUDFLARE_API_TOKEN and CLOUDFLARE_BASE_URL are read when options leave them out", { timeout: TIMEOUT }, async () => {
  await seedSeats(standin, "pkgenv", ["e-1"]);
  const source = `import { editSeats } from "zero-trust-seats";
    const page = await editSeats("pkgenv", [{ seat_uid: "e-1", access_seat: true, gateway_seat: false }]);
    console.log(JSON.stringify(page.result.map((s) => [s.seat_uid, s.gateway_seat])));`;
  const printed = await runConsumer("env.mjs", source, {
    CLOUDFLARE_API_TOKEN: TOKEN,
    CLOUDFLARE_BASE_URL: standin.url,
  });
  assert.deepEqual(printed, [["e-1", false]]);
  const seen = await onePatch(standin, "pkgenv");
  assert.equal(seen.url, "/client/v4/accounts/pkgenv/access/seats");
  assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
  assert.deepEqual(JSON.parse(seen.body), [{ access_seat: true, gateway_seat: false, seat_uid: "e-1" }]);
});

test("CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY are read by CommonJS too", { timeout: TIMEOUT }, async () => {
  await seedSeats(standin, "pkgenvcjs", ["k-1"]);
  const source = `const { Client } = require("zero-trust-seats");
    new Client().editSeats("pkgenvcjs", [{ seat_uid: "k-1", access_seat: false, gateway_seat: true }])
      .then((page) => console.log(JSON.stringify(page.result.map((s) => [s.seat_uid, s.access_seat]))));`;
  const printed = await runConsumer("env.cjs", source, {
    CLOUDFLARE_EMAIL: "admin@example.com",
    CLOUDFLARE_API_KEY: "0123456789abcdef0123456789abcdef01234",
    CLOUDFLARE_BASE_URL: standin.url,
  });
  assert.deepEqual(printed, [["k-1", false]]);
  const seen = await onePatch(standin, "pkgenvcjs");
  assert.equal(seen.headers["x-auth-email"], "admin@example.com");
  assert.equal(seen.headers["x-auth-key"], "0123456789abcdef0123456789abcdef01234");
  assert.equal(seen.headers.authorization, undefined);
});

test("importing the package is enough: exports work synchronously, with no network and no init()", { timeout: TIMEOUT }, async () => {
  // Synchronous use right after import proves the wasm is ready at import, in both module systems.
  const check = `JSON.stringify({ keys: Object.keys(pkg).sort(), clean: pkg.validateEdits([{ gateway_seat: true, seat_uid: "s", access_seat: false }]) })`;
  const esm = await runConsumer("sync.mjs", `import * as pkg from "zero-trust-seats";\nconsole.log(${check});\n`);
  const cjs = await runConsumer("sync.cjs", `const pkg = require("zero-trust-seats");\nconsole.log(${check});\n`);
  const required = [
    "APIConnectionError", "APIConnectionTimeoutError", "APIError", "APIUserAbortError", "AuthenticationError",
    "BadRequestError", "Client", "ConflictError", "InternalServerError", "InvalidResponseError", "NotFoundError",
    "PermissionDeniedError", "RateLimitError", "UnprocessableEntityError", "ValidationError", "ZeroTrustSeatsError",
    "editSeats", "validateEdits",
  ];
  const clean = [{ access_seat: false, gateway_seat: true, seat_uid: "s" }];
  assert.deepEqual(esm.clean, clean);
  assert.deepEqual(cjs.clean, clean);
  for (const name of required) assert.ok(esm.keys.includes(name), `ESM misses ${name}`);
  // The same API from both module systems, and none of wasm-bindgen's loader (esbuild's CJS
  // interop adds no `default` either).
  assert.deepEqual(cjs.keys, esm.keys);
  for (const name of ["default", "initSync", "__wbg_init"]) assert.ok(!esm.keys.includes(name), `exports ${name}`);
});

test("the Node ESM entry is one module: it imports nothing but Node's own modules", { timeout: TIMEOUT }, async () => {
  // Node's ESM loader resolves, reads and links each file on its own: the six modules the entry
  // used to pull in cost 3-4 ms of every cold start (scripts/package.mjs bundles them).
  const text = readFileSync(project.path("node_modules", "zero-trust-seats", "node.mjs"), "utf8");
  const specifiers = [...text.matchAll(/^\s*(?:import|export)\b[^;]*?\bfrom\s*"([^"]+)"|\bimport\(\s*"([^"]+)"/gm)].map(
    (m) => m[1] ?? m[2],
  );
  assert.deepEqual(specifiers, ["node:fs"]);
  // And it is the package's whole API, loaded from that one file.
  const esm = await runConsumer("one.mjs", `import * as pkg from "zero-trust-seats";\nconsole.log(JSON.stringify(Object.keys(pkg).length));\n`);
  assert.equal(esm, 23);
});
