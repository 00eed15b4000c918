// The package in a browser page served as plain files, no build step: the packed tarball
// installed into a scratch project, an import map pointing the bare name at
// node_modules/zero-trust-seats/browser.js, and a `<script type="module">` that edits a seat on
// the stand-in (which sends CORS headers). Headless Chromium runs the page.
//
//   node --test tests/js/runtime-browser.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { startStandin } from "../../standin/standin.mjs";
import { FIXTURES, scratchProject } from "./runtimes/tarball.mjs";
import {
  TOKEN, assertPagePatch, assertPageReport, launchChromium, patchesSeen, runPage, seedSeats, serveStatic,
} from "./runtimes/helpers.mjs";

const TIMEOUT = 180_000;
const ACCOUNT = "plainpage";
let standin;
let project;
let site;
let browser;

before(async () => {
  standin = await startStandin({ prefix: "/client/v4" });
  project = await scratchProject("browser", {
    files: {
      "index.html": readFileSync(join(FIXTURES, "page", "plain.html"), "utf8"),
      "main.js": readFileSync(join(FIXTURES, "page", "main.js"), "utf8"),
    },
  });
  site = await serveStatic(project.dir);
  browser = await launchChromium();
});

after(async () => {
  await browser?.close();
  await site?.close();
  await standin?.close();
  project?.remove();
});

test("a plain page with an import map edits a seat, with typed errors", { timeout: TIMEOUT }, async () => {
  await seedSeats(standin, ACCOUNT, ["p-1", "p-2"]);
  const query = new URLSearchParams({ api: standin.url, token: TOKEN, account: ACCOUNT, seat: "p-1" });
  const { result, responses } = await runPage(browser, `${site.origin}/?${query}`);

  assertPageReport(result, "p-1");
  // What the stand-in saw: one PATCH from the page, with the token and the exact body.
  await assertPagePatch(standin, ACCOUNT, site.origin, "p-1");
  assert.equal((await patchesSeen(standin, `${ACCOUNT}denied`)).length, 1);

  // The browser loaded the package's own files, the wasm once, as application/wasm.
  const wasm = responses.filter((r) => r.url.endsWith(".wasm"));
  assert.deepEqual(wasm.map((r) => [new URL(r.url).pathname, r.status, r.type]), [
    ["/node_modules/zero-trust-seats/zero_trust_seats_bg.wasm", 200, "application/wasm"],
  ]);
  const paths = site.served.map(([path]) => path);
  assert.ok(paths.includes("/node_modules/zero-trust-seats/browser.js"), paths.join(" "));
  assert.ok(site.served.every(([, type]) => type !== 404), JSON.stringify(site.served));
});
