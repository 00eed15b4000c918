// The package in a Vite app: the packed tarball installed into a scratch project whose main.js
// does `import { editSeats, ValidationError } from "zero-trust-seats"`, a production build with
// Vite from npm (the root's devDependency, `vite build`, no config, no plugin), and the built
// dist/ served as plain files to headless Chromium, which edits a seat on the stand-in; then the
// same app under `vite` (the dev server), where dependencies are pre-bundled instead.
//
//   node --test tests/js/runtime-vite.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { startStandin } from "../../standin/standin.mjs";
import { FIXTURES, PKG, devBin, scratchProject } from "./runtimes/tarball.mjs";
import {
  TOKEN, assertPagePatch, assertPageReport, freePort, launchChromium, onePatch, runPage, seedSeats, serveStatic,
  startProcess,
} from "./runtimes/helpers.mjs";

const TIMEOUT = 240_000;
const ACCOUNT = "viteapp";
let standin;
let project;
let site;
let browser;
let buildLog;

before(async () => {
  const vite = devBin("vite");
  standin = await startStandin({ prefix: "/client/v4" });
  project = await scratchProject("vite", {
    files: {
      "index.html": readFileSync(join(FIXTURES, "page", "vite.html"), "utf8"),
      "main.js": readFileSync(join(FIXTURES, "page", "main.js"), "utf8"),
    },
    packageJson: { type: "module", scripts: { build: "vite build" } },
  });
  const { stdout, stderr } = await promisify(execFile)(vite, ["build"], {
    cwd: project.dir,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CI: "true" },
  });
  buildLog = stdout + stderr;
  site = await serveStatic(project.path("dist"));
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await standin?.close();
  project?.remove();
});

test("vite build emits the page, one script chunk and the wasm as an asset", { timeout: TIMEOUT }, (t) => {
  for (const line of buildLog.split("\n").filter((l) => l.startsWith("dist/"))) t.diagnostic(line);
  const assets = readdirSync(project.path("dist", "assets")).sort();
  const wasm = assets.filter((name) => name.endsWith(".wasm"));
  assert.equal(wasm.length, 1, `assets: ${assets.join(", ")}`);
  assert.match(wasm[0], /^zero_trust_seats_bg-[\w-]+\.wasm$/);
  assert.ok(
    readFileSync(project.path("dist", "assets", wasm[0])).equals(readFileSync(join(PKG, "zero_trust_seats_bg.wasm"))),
    "the emitted wasm is the package's, byte for byte",
  );
  const scripts = assets.filter((name) => name.endsWith(".js"));
  assert.equal(scripts.length, 1, `assets: ${assets.join(", ")}`);
  const bundle = readFileSync(project.path("dist", "assets", scripts[0]), "utf8");
  // The instantiation survived tree-shaking (see the sideEffects test in tarball.test.mjs).
  assert.ok(bundle.includes(wasm[0]), "the bundle never refers to the wasm asset: the instantiation was dropped");
  assert.doesNotMatch(buildLog, /\berror\b/i);
});

test("the built app edits a seat in Chromium, and instanceof works on its errors", { timeout: TIMEOUT }, async () => {
  await seedSeats(standin, ACCOUNT, ["v-1", "v-2"]);
  const query = new URLSearchParams({ api: standin.url, token: TOKEN, account: ACCOUNT, seat: "v-2" });
  const { result, responses, logs } = await runPage(browser, `${site.origin}/?${query}`);

  assertPageReport(result, "v-2", logs);
  await assertPagePatch(standin, ACCOUNT, site.origin, "v-2");

  // The wasm came from dist/assets/, once, as application/wasm.
  const wasm = responses.filter((r) => r.url.endsWith(".wasm"));
  assert.equal(wasm.length, 1, JSON.stringify(responses));
  assert.match(new URL(wasm[0].url).pathname, /^\/assets\/zero_trust_seats_bg-[\w-]+\.wasm$/);
  assert.equal(wasm[0].status, 200);
  assert.equal(wasm[0].type, "application/wasm");
  // Nothing from node_modules was needed at run time: the build is self-contained.
  assert.ok(site.served.every(([path, type]) => type !== 404 && !path.includes("node_modules")), JSON.stringify(site.served));
});

test("the same app works under the Vite dev server", { timeout: TIMEOUT }, async () => {
  const port = await freePort();
  const dev = await startProcess(devBin("vite"), ["--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: project.dir,
    env: { ...process.env, NO_COLOR: "1", CI: "true" },
    ready: /Local:/,
  });
  try {
    await seedSeats(standin, "vitedev", ["d-1"]);
    const query = new URLSearchParams({ api: standin.url, token: TOKEN, account: "vitedev", seat: "d-1" });
    const { result, responses, logs } = await runPage(browser, `http://127.0.0.1:${port}/?${query}`);
    assert.equal(result.editError, undefined, `${JSON.stringify(result.editError)}\n${logs.join("\n")}`);
    assert.deepEqual(result.page.result.map((s) => [s.seat_uid, s.access_seat, s.gateway_seat]), [["d-1", false, true]]);
    assert.equal(result.validation.isValidationError, true);
    assert.equal(result.denied.isPermissionDenied, true);
    const wasm = responses.filter((r) => r.url.endsWith(".wasm"));
    assert.deepEqual(wasm.map((r) => [r.status, r.type]), [[200, "application/wasm"]]);
    const seen = await onePatch(standin, "vitedev");
    assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
  } finally {
    await dev.stop();
  }
});
