// Shared pieces of the dev-server and admin-page tests (not a test file itself: node --test
// only runs *.test.mjs here).

import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { CHROMIUM } from "./runtimes/helpers.mjs";

export const REPO = fileURLToPath(new URL("../../", import.meta.url));
export const OUTPUT = path.join(REPO, "test-output");
// The system Chromium and its flags, shared with the other browser tests.
export { CHROMIUM, CHROMIUM_ARGS } from "./runtimes/helpers.mjs";

/** The page loads the built package and the tests drive the system Chromium: both must exist. */
export function assertPrerequisites() {
  const browserJs = path.join(REPO, "pkg", "browser.js");
  assert.ok(fs.existsSync(browserJs), `${browserJs} is missing: the page loads the built package, run \`make build\` first`);
  assert.ok(fs.existsSync(CHROMIUM), `${CHROMIUM} is missing: install the system chromium package`);
}

/**
 * One raw HTTP request. node:http sends the target byte for byte (fetch() would normalise
 * `/../` and `%2e%2e` away first) and lets a test set Host, Origin, Cookie... as it likes.
 * `body`: string or Buffer, sent with Content-Length unless `chunked`.
 */
export function rawRequest(baseUrl, { method = "GET", target = "/", headers = {}, body, chunked = false } = {}) {
  const { hostname, port } = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    const all = { ...headers };
    if (body !== undefined && !chunked) all["content-length"] = Buffer.byteLength(body);
    const req = http.request({ hostname, port, path: target, method, headers: all, agent: false }, (res) => {
      const chunks = [];
      res.on("data", (chunk) => chunks.push(chunk));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        resolve({ status: res.statusCode, headers: res.headers, text, json: parseJson(text) });
      });
    });
    // A server that answers before the whole body is sent may close the socket under us: the
    // answer, when one came, is what the test checks.
    req.on("error", reject);
    if (body !== undefined && chunked) {
      const bytes = Buffer.from(body);
      for (let i = 0; i < bytes.length; i += 1 << 20) req.write(bytes.subarray(i, i + (1 << 20)));
      req.end();
    } else {
      req.end(body);
    }
  });
}

function parseJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** The stand-in's control API (`/__standin/...`) on `origin`. */
export async function control(origin, method, pathname, body) {
  const res = await fetch(new URL(pathname, origin), {
    method,
    headers: body === undefined ? {} : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  assert.ok(res.ok, `${method} ${pathname}: ${res.status} ${await res.clone().text()}`);
  return res.json();
}

export function seatsOf(origin, account) {
  return control(origin, "GET", `/__standin/accounts/${account}/seats`);
}

export function recordedRequests(origin) {
  return control(origin, "GET", "/__standin/requests");
}

export function outputPath(name) {
  fs.mkdirSync(OUTPUT, { recursive: true });
  return path.join(OUTPUT, name);
}

/** Starts `node www/server.mjs` on a free port with only the given environment (plus PATH). */
export async function runServer(env) {
  const child = spawn(process.execPath, [path.join(REPO, "www", "server.mjs")], {
    cwd: REPO,
    env: { PATH: process.env.PATH, PORT: "0", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const exited = new Promise((resolve) => child.on("exit", (code) => resolve(code)));
  const url = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = /demo: open (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    exited.then(() => reject(new Error(`the server exited: ${output}`)));
  });
  url.catch(() => {}); // awaited only by the tests that expect a URL
  return { child, url, exited, output: () => output };
}
