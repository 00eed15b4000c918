// The built package as a user gets it: installed by name into a scratch project outside the
// repo, then imported from Node ESM and CommonJS scripts that edit seats on the stand-in.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile, execFileSync } from "node:child_process";
import { promisify } from "node:util";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { startStandin } from "../../standin/standin.mjs";

const PKG = fileURLToPath(new URL("../../pkg/", import.meta.url));
const TOKEN = "test-token-0123456789abcdef";
let standin;
let project;

before(async () => {
  assert.ok(existsSync(join(PKG, "package.json")), "pkg/ is not built: run `make build` first");
  standin = await startStandin({ prefix: "/client/v4" });
  project = mkdtempSync(join(tmpdir(), "zts-consumer-"));
  writeFileSync(join(project, "package.json"), '{"name":"consumer","private":true}\n');
  execFileSync("npm", ["install", "--no-audit", "--no-fund", "--silent", PKG], { cwd: project });
});

after(async () => {
  await standin?.close();
  if (project) rmSync(project, { recursive: true, force: true });
});

async function seed(account, uids) {
  const seats = uids.map((seat_uid) => ({ seat_uid, access_seat: true, gateway_seat: true }));
  const res = await fetch(`${standin.origin}/__standin/accounts/${account}/seats`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(seats),
  });
  assert.equal(res.status, 200);
}

async function patchesSeen(account) {
  const res = await fetch(`${standin.origin}/__standin/requests?account=${account}`);
  return (await res.json()).filter((r) => r.method === "PATCH");
}

/**
 * Runs a consumer script in its own Node process and returns what it printed as JSON.
 * Asynchronously: the stand-in it calls lives in this process's event loop.
 */
async function runConsumer(fileName, source, env = {}) {
  writeFileSync(join(project, fileName), source);
  const { stdout } = await promisify(execFile)(process.execPath, [fileName], {
    cwd: project,
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
  try { await editSeats("../x", [], { apiToken: "t", baseUrl: process.env.BASE }); }
  catch (e) { validation = { isClass: e instanceof ValidationError, name: e.name, field: e.field }; }
  console.log(JSON.stringify({ uid: page.result[0].seat_uid, access: page.result[0].access_seat,
    success: page.success, validation }));`;

for (const [kind, fileName, header] of [
  ["ESM import", "esm.mjs", `import { editSeats, ValidationError } from "zero-trust-seats";`],
  ["CommonJS require", "cjs.cjs", `const { editSeats, ValidationError } = require("zero-trust-seats");`],
]) {
  test(`${kind} of the package by name edits a seat`, async () => {
    const account = kind.startsWith("ESM") ? "pkgesm" : "pkgcjs";
    await seed(account, ["u-1", "u-2"]);
    const body = kind.startsWith("ESM") ? CALL(account) : `(async () => { ${CALL(account)} })();`;
    const printed = await runConsumer(fileName, `${header}\n${body}\n`, { TOKEN, BASE: standin.url });
    assert.deepEqual(printed, {
      uid: "u-1",
      access: false,
      success: true,
      validation: { isClass: true, name: "ValidationError", field: "accountId" },
    });
    const [seen, ...more] = await patchesSeen(account);
    assert.equal(more.length, 0);
    assert.equal(seen.url, `/client/v4/accounts/${account}/access/seats`);
    assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(seen.body, '[{"access_seat":false,"gateway_seat":false,"seat_uid":"u-1"}]');
  });
}

test("CLOUDFLARE_API_TOKEN and CLOUDFLARE_BASE_URL are read when options leave them out", async () => {
  await seed("pkgenv", ["e-1"]);
  const source = `import { editSeats } from "zero-trust-seats";
    const page = await editSeats("pkgenv", [{ seat_uid: "e-1", access_seat: true, gateway_seat: false }]);
    console.log(JSON.stringify(page.result.map((s) => [s.seat_uid, s.gateway_seat])));`;
  const printed = await runConsumer("env.mjs", source, {
    CLOUDFLARE_API_TOKEN: TOKEN,
    CLOUDFLARE_BASE_URL: standin.url,
  });
  assert.deepEqual(printed, [["e-1", false]]);
  const [seen] = await patchesSeen("pkgenv");
  assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
});

test("the package's manifest routes each runtime to its entry", () => {
  const manifest = JSON.parse(execFileSync("npm", ["pkg", "get"], { cwd: PKG, encoding: "utf8" }));
  assert.equal(manifest.name, "zero-trust-seats");
  assert.deepEqual(manifest.exports["."], {
    types: "./index.d.ts",
    workerd: "./worker.js",
    worker: "./worker.js",
    node: { import: "./node.mjs", require: "./node.cjs" },
    browser: "./browser.js",
    default: "./browser.js",
  });
  for (const file of ["node.mjs", "node.cjs", "browser.js", "index.d.ts", "zero_trust_seats_bg.wasm"]) {
    assert.ok(existsSync(join(PKG, file)), file);
  }
});
