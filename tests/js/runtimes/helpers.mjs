// Helpers of the runtime tests: the stand-in's control API, a plain static file server,
// headless Chromium, child processes that are always stopped, free ports.

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { createServer as createNetServer } from "node:net";
import { extname, join, normalize, sep } from "node:path";

export const TOKEN = "test-token-0123456789abcdef";
export const CHROMIUM = "/usr/bin/chromium";
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

// ---------------------------------------------------------------------------------------------
// Stand-in control API

/** Replaces an account's seats on the stand-in with `uids`, all flags true. */
export async function seedSeats(standin, account, uids) {
  const seats = uids.map((seat_uid) => ({ seat_uid, access_seat: true, gateway_seat: true }));
  const res = await fetch(`${standin.origin}/__standin/accounts/${account}/seats`, {
    method: "PUT",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(seats),
  });
  assert.equal(res.status, 200, `seeding ${account}: ${await res.text()}`);
}

/** The PATCH requests the stand-in recorded for `account`. */
export async function patchesSeen(standin, account) {
  const res = await fetch(`${standin.origin}/__standin/requests?account=${account}`);
  assert.equal(res.status, 200);
  return (await res.json()).filter((r) => r.method === "PATCH");
}

/** Asserts the stand-in saw exactly one PATCH for `account`, and returns it. */
export async function onePatch(standin, account) {
  const seen = await patchesSeen(standin, account);
  assert.equal(seen.length, 1, `PATCHes seen for ${account}: ${JSON.stringify(seen, null, 1)}`);
  return seen[0];
}

/**
 * Asserts what a test page (page/*.html) reports after editing `seat` (Access off, Gateway on):
 * the page, then its typed ValidationError and PermissionDeniedError.
 */
export function assertPageReport(result, seat, logs = []) {
  assert.equal(result.editError, undefined, `${JSON.stringify(result.editError)}\n${logs.join("\n")}`);
  assert.equal(result.page.success, true);
  assert.deepEqual(
    result.page.result.map(({ seat_uid, access_seat, gateway_seat }) => ({ seat_uid, access_seat, gateway_seat })),
    [{ seat_uid: seat, access_seat: false, gateway_seat: true }],
  );
  assert.deepEqual(result.validation, { isValidationError: true, name: "ValidationError", field: "body[0].acess_seat" });
  const { stackFrames, ...denied } = result.denied;
  assert.deepEqual(denied, { isPermissionDenied: true, isAPIError: true, status: 403, code: 10000, attempts: 1 });
  // The page script awaited the call at its top level: V8 names that frame `async <script URL>`.
  assert.match(stackFrames[0], /^at async http:\/\/[^ ]+\.js:\d+:\d+$/, stackFrames.join("\n"));
  assert.ok(!stackFrames.some((frame) => frame.includes("wasm-function")), stackFrames.join("\n"));
}

/** Asserts the stand-in saw exactly one PATCH of `seat` from a page at `origin`, with the token. */
export async function assertPagePatch(standin, account, origin, seat) {
  const seen = await onePatch(standin, account);
  assert.equal(seen.url, `/client/v4/accounts/${account}/access/seats`);
  assert.equal(seen.headers.authorization, `Bearer ${TOKEN}`);
  assert.match(seen.headers["content-type"], /^application\/json/);
  assert.equal(seen.headers.origin, origin, "the PATCH came from the page (a cross-origin fetch)");
  assert.deepEqual(JSON.parse(seen.body), [{ access_seat: false, gateway_seat: true, seat_uid: seat }]);
  return seen;
}

// ---------------------------------------------------------------------------------------------
// Static files

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".map": "application/json",
  ".ts": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
};

/**
 * Serves `root` as plain files on 127.0.0.1 (no build step, no rewriting: what any static host
 * does); with `dirs`, only files under those folders of `root` (others are 404). Resolves to
 * { origin, served (list of [path, content-type or 404]), close }.
 */
export async function serveStatic(root, { dirs } = {}) {
  const served = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    let file = normalize(join(root, path));
    if (!file.startsWith(normalize(root + sep)) && file !== normalize(root)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, "index.html");
    const listed = !dirs || dirs.some((dir) => file.startsWith(join(root, dir) + sep));
    if (!listed || !existsSync(file)) {
      served.push([path, 404]);
      res.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    const type = TYPES[extname(file)] ?? "application/octet-stream";
    served.push([path, type]);
    res.writeHead(200, { "content-type": type, "cache-control": "no-store" });
    createReadStream(file).pipe(res);
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const origin = `http://127.0.0.1:${server.address().port}`;
  const close = () =>
    new Promise((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return { origin, served, close };
}

// ---------------------------------------------------------------------------------------------
// Chromium

/** The system Chromium through playwright-core (never a downloaded browser). */
export async function launchChromium() {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} is missing: scripts/setup.sh installs Debian's chromium`);
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

/**
 * Opens `url` in a new page, waits until the page sets `#result[data-done]`, and resolves to
 * the JSON in `#result` plus everything the page logged and every response's content type.
 */
export async function runPage(browser, url, { timeout = 60_000 } = {}) {
  const page = await browser.newPage();
  const logs = [];
  const responses = [];
  page.on("console", (msg) => logs.push(`${msg.type()}: ${msg.text()}`));
  page.on("pageerror", (err) => logs.push(`pageerror: ${err.message}`));
  page.on("response", (res) => responses.push({ url: res.url(), status: res.status(), type: res.headers()["content-type"] }));
  try {
    await page.goto(url);
    await page.waitForSelector("#result[data-done]", { timeout, state: "attached" }).catch((err) => {
      throw new Error(`${err.message}\npage logs:\n${logs.join("\n")}`);
    });
    const text = await page.textContent("#result");
    return { result: JSON.parse(text), logs, responses };
  } finally {
    await page.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Processes and ports

/** A free TCP port on 127.0.0.1 (bound, read, released). */
export async function freePort() {
  const server = createNetServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

const running = new Set();
// A test process that ends early (failure, Ctrl-C) takes its servers' process groups with it.
process.on("exit", () => {
  for (const pid of running) {
    try {
      process.kill(-pid, "SIGKILL");
    } catch {}
  }
});

/**
 * Starts a long-running command in its own process group and resolves once `ready` matches
 * its output. `stop()` kills the whole group (wrangler starts workerd as a child) and waits.
 */
export async function startProcess(command, args, { cwd, env, ready, timeout = 120_000 }) {
  const child = spawn(command, args, { cwd, env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  let exited = null;
  const onData = (chunk) => {
    output += chunk;
  };
  child.stdout.on("data", onData);
  child.stderr.on("data", onData);
  running.add(child.pid);
  const exit = new Promise((resolve) =>
    child.once("exit", (code, signal) => {
      running.delete(child.pid);
      resolve((exited = { code, signal }));
    }),
  );
  const stop = async () => {
    if (exited) return;
    try {
      process.kill(-child.pid, "SIGTERM");
    } catch {}
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, "SIGKILL");
      } catch {}
    }, 5000);
    await exit;
    clearTimeout(timer);
  };
  const started = Date.now();
  while (!ready.test(output)) {
    if (exited) throw new Error(`${command} exited (${JSON.stringify(exited)}) before it was ready:\n${output}`);
    if (Date.now() - started > timeout) {
      await stop();
      throw new Error(`${command} was not ready after ${timeout} ms:\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return { child, stop, output: () => output };
}
