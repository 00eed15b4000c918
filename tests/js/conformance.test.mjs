// Conformance of the built package to the project's OpenAPI description (openapi/): every
// request the package sends goes through a small recording proxy (the "harness") to a Prism
// mock server of openapi/seats.openapi.json started with --errors, and must come back without
// a violation. The harness self-tests send deliberately wrong requests with raw fetch and show
// that Prism catches each one, so the check above can fail.
//
// How Prism 5.14.2 reports a violation, with --errors:
//   - request body / path parameter violation: 422, `sl-violations` header (JSON array of
//     { location, severity, code, message }), body = the description's 4XX example;
//   - missing or wrong credentials: 401, `sl-violations` [{ code: 401, location: ["request"] }];
//   - the mock's own answer not matching the description: 500 with `sl-violations` whose
//     location starts with "response".
// A clean exchange is a 200 without `sl-violations`.
//
// Run: node --test tests/js/   (Prism comes from node_modules: npm install)
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import http from "node:http";
import net from "node:net";
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const PRISM = fileURLToPath(new URL("../../node_modules/.bin/prism", import.meta.url));
const SPEC = fileURLToPath(new URL("../../openapi/seats.openapi.json", import.meta.url));
const PKG_ENTRY = fileURLToPath(new URL("../../pkg/node.mjs", import.meta.url));

const STARTUP_TIMEOUT_MS = 60_000; // a cold Prism on a slow 2-core CI machine takes seconds
const STOP_TIMEOUT_MS = 10_000;

const ACCOUNT = "699d98642c564d2e855e9661899b7252";
const UID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const TOKEN = "test-token-0123456789abcdef";
const EMAIL = "ops@example.com";
const KEY = "0123456789abcdef0123456789abcdef01234";
const SEATS_PATH = (account) => `/accounts/${account}/access/seats`;

let pkg; // the built package's Node ESM entry
let prism; // { child, port, url, log() }
let harness; // { url, records, close() }

// ---------------------------------------------------------------------------------------------
// Prism: started once for the file, in its own process group, stopped in `after`.

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** Starts `prism mock` on a free port and resolves once it answers HTTP; rejects if it exits. */
async function startPrism() {
  const port = await freePort();
  const child = spawn(
    PRISM,
    ["mock", SPEC, "--host", "127.0.0.1", "--port", String(port), "--errors"],
    { cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, FORCE_COLOR: "0" } },
  );
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk).slice(-20_000); // the last lines are enough to diagnose
  };
  child.stdout.setEncoding("utf8").on("data", keep);
  child.stderr.setEncoding("utf8").on("data", keep);
  let exited = null;
  child.on("exit", (code, signal) => {
    exited = { code, signal };
  });
  const started = { child, port, url: `http://127.0.0.1:${port}`, log: () => output };

  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (exited) {
      const err = new Error(`prism exited early (${JSON.stringify(exited)}):\n${output}`);
      err.eaddrinuse = /EADDRINUSE/.test(output);
      throw err;
    }
    try {
      // Any HTTP answer (a 404 for "/") means the server is listening.
      const res = await fetch(`${started.url}/`, { signal: AbortSignal.timeout(2_000) });
      await res.arrayBuffer();
      return started;
    } catch {
      await sleep(250);
    }
  }
  await stopPrism(started);
  throw new Error(`prism did not answer within ${STARTUP_TIMEOUT_MS} ms:\n${output}`);
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

function groupAlive(pid) {
  return killGroup(pid, 0);
}

/** Stops Prism and every process of its group, then checks nothing listens on its port. */
async function stopPrism(p) {
  if (!p) return;
  const { child, port } = p;
  killGroup(child.pid, "SIGTERM");
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (groupAlive(child.pid) && Date.now() < deadline) await sleep(100);
  if (groupAlive(child.pid)) {
    killGroup(child.pid, "SIGKILL");
    while (groupAlive(child.pid)) await sleep(50);
  }
  child.stdout?.destroy();
  child.stderr?.destroy();
  const listening = await new Promise((resolve) => {
    const sock = net.connect(port, "127.0.0.1");
    sock.on("connect", () => {
      sock.destroy();
      resolve(true);
    });
    sock.on("error", () => resolve(false));
  });
  p.stopped = true;
  if (listening) throw new Error(`port ${port} still accepts connections after prism stopped`);
}

// ---------------------------------------------------------------------------------------------
// The harness: a recording proxy in front of Prism.

/**
 * Forwards every request to `target` unchanged (but for Host) and records what was sent and
 * Prism's status and `sl-violations`. Returns the client Prism's answer as it came.
 */
function startHarness(target) {
  const records = [];
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on("data", (c) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const headers = { ...req.headers };
      delete headers.host;
      delete headers.connection;
      const upstream = http.request(
        `${target}${req.url}`,
        { method: req.method, headers, agent: false },
        (up) => {
          const got = [];
          up.on("data", (c) => got.push(c));
          up.on("end", () => {
            const answer = Buffer.concat(got);
            const raw = up.headers["sl-violations"];
            let violations = [];
            if (raw !== undefined) {
              try {
                violations = JSON.parse(raw);
              } catch {
                violations = [{ unparsed: raw }];
              }
            }
            records.push({
              method: req.method,
              url: req.url,
              headers: req.headers,
              body: body.toString("utf8"),
              status: up.statusCode,
              violationsHeader: raw,
              violations,
              answer: answer.toString("utf8"),
            });
            const out = { ...up.headers };
            delete out["transfer-encoding"];
            delete out.connection;
            delete out["keep-alive"];
            out["content-length"] = String(answer.length);
            res.writeHead(up.statusCode, out);
            res.end(answer);
          });
        },
      );
      upstream.on("error", (err) => {
        records.push({ method: req.method, url: req.url, body: body.toString("utf8"), error: String(err) });
        res.writeHead(502, { "content-type": "text/plain" });
        res.end(`harness: prism unreachable: ${err}`);
      });
      upstream.end(body);
    });
  });
  return new Promise((resolve, reject) => {
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      resolve({
        url: `http://127.0.0.1:${port}`,
        records,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

/** Runs `fn` and returns the harness records it produced, with its outcome. */
async function exchange(fn) {
  const from = harness.records.length;
  const outcome = await fn().then(
    (value) => ({ value }),
    (error) => ({ error }),
  );
  return { ...outcome, records: harness.records.slice(from) };
}

/** The record, minus credentials, for assertion messages. */
function show(record) {
  const headers = { ...record.headers };
  for (const h of ["authorization", "x-auth-key", "x-auth-email"]) if (h in headers) headers[h] = "<redacted>";
  return JSON.stringify({ ...record, headers }, null, 2);
}

// ---------------------------------------------------------------------------------------------

before(async () => {
  assert.ok(existsSync(PRISM), "node_modules/.bin/prism is missing: run `npm install`");
  assert.ok(existsSync(PKG_ENTRY), "pkg/ is not built: run `make build` first");
  pkg = await import(PKG_ENTRY);
  for (let attempt = 1; ; attempt++) {
    try {
      prism = await startPrism();
      break;
    } catch (err) {
      // The free port was taken between probing and Prism binding it: try another one.
      if (!err.eaddrinuse || attempt >= 3) throw err;
    }
  }
  harness = await startHarness(prism.url);
});

after(async () => {
  await harness?.close();
  await stopPrism(prism);
});

// If the runner dies without `after`, do not leave Prism behind.
process.on("exit", () => {
  if (prism && !prism.stopped) killGroup(prism.child.pid, "SIGKILL");
});

// ---------------------------------------------------------------------------------------------
// The package's requests conform.

/**
 * Calls the package through the harness and asserts: exactly one request, the one intended,
 * Prism accepted it (200, no `sl-violations`), and the call resolved to a success page.
 */
async function assertConforms(call, { account, body, auth }) {
  const { value: page, error, records } = await exchange(call);
  assert.equal(records.length, 1, `expected exactly one request, got ${records.length}:\n${records.map(show).join("\n")}`);
  const [rec] = records;
  assert.deepEqual(rec.violations, [], `Prism reported violations:\n${show(rec)}`);
  assert.equal(rec.violationsHeader, undefined, `sl-violations header present:\n${show(rec)}`);
  assert.equal(rec.status, 200, `Prism answered ${rec.status}:\n${show(rec)}`);
  // It was the request we meant to send, not merely some valid one.
  assert.equal(rec.method, "PATCH");
  assert.equal(rec.url, SEATS_PATH(account));
  assert.match(rec.headers["content-type"] ?? "", /^application\/json\b/);
  assert.deepEqual(JSON.parse(rec.body), body);
  if (auth === "token") {
    assert.equal(rec.headers.authorization, `Bearer ${TOKEN}`);
    assert.equal(rec.headers["x-auth-email"], undefined);
    assert.equal(rec.headers["x-auth-key"], undefined);
  } else {
    assert.equal(rec.headers.authorization, undefined);
    assert.equal(rec.headers["x-auth-email"], EMAIL);
    assert.equal(rec.headers["x-auth-key"], KEY);
  }
  if (error) throw error;
  assert.equal(page.success, true);
  assert.ok(Array.isArray(page.result), `result is not an array: ${JSON.stringify(page)}`);
  return page;
}

test("package: removing one seat (both flags false) with an API token conforms", async () => {
  const body = [{ seat_uid: UID, access_seat: false, gateway_seat: false }];
  const page = await assertConforms(
    () => pkg.editSeats(ACCOUNT, body, { apiToken: TOKEN, baseUrl: harness.url }),
    { account: ACCOUNT, body, auth: "token" },
  );
  // Prism answers with the description's example, so the page looks like Cloudflare's.
  assert.equal(page.result[0].seat_uid, UID);
  assert.equal(page.result[0].created_at, "2014-01-01T05:20:00.12345Z");
});

test("package: a multi-seat edit conforms", async () => {
  const body = [
    { seat_uid: UID, access_seat: true, gateway_seat: false },
    { seat_uid: "a3c2e5d1-0000-4000-8000-000000000002", access_seat: false, gateway_seat: true },
    { seat_uid: "a3c2e5d1-0000-4000-8000-000000000003", access_seat: true, gateway_seat: true },
    { seat_uid: "a3c2e5d1-0000-4000-8000-000000000004", access_seat: false, gateway_seat: false },
  ];
  await assertConforms(
    () => pkg.editSeats(ACCOUNT, body, { apiToken: TOKEN, baseUrl: harness.url }),
    { account: ACCOUNT, body, auth: "token" },
  );
});

test("package: an empty array is sent and conforms", async () => {
  await assertConforms(
    () => pkg.editSeats(ACCOUNT, [], { apiToken: TOKEN, baseUrl: harness.url }),
    { account: ACCOUNT, body: [], auth: "token" },
  );
});

test("package: Client with email + Global API key conforms", async () => {
  const client = new pkg.Client({ apiEmail: EMAIL, apiKey: KEY, baseUrl: harness.url });
  const body = [{ seat_uid: UID, access_seat: false, gateway_seat: true }];
  await assertConforms(() => client.editSeats(ACCOUNT, body), { account: ACCOUNT, body, auth: "key" });
});

test("package: the longest values it accepts (32-char account, 36-char seat_uid) conform", async () => {
  const account = "A".repeat(32);
  const body = [{ seat_uid: "u".repeat(36), access_seat: true, gateway_seat: true }];
  await assertConforms(
    () => pkg.editSeats(account, body, { apiToken: TOKEN, baseUrl: harness.url }),
    { account, body, auth: "token" },
  );
  // One character more is refused by the package before sending (and by Prism, see below).
  const { error, records } = await exchange(() =>
    pkg.editSeats(account, [{ seat_uid: "u".repeat(37), access_seat: true, gateway_seat: true }], {
      apiToken: TOKEN,
      baseUrl: harness.url,
    }),
  );
  assert.ok(error instanceof pkg.ValidationError, `expected a ValidationError, got ${error}`);
  assert.equal(records.length, 0);
});

// ---------------------------------------------------------------------------------------------
// Harness self-test: wrong requests, sent with raw fetch (the package refuses to send them),
// are caught by Prism through the same harness.

const GOOD_ITEM = { seat_uid: UID, access_seat: false, gateway_seat: false };

function raw({ account = ACCOUNT, body, headers = { authorization: `Bearer ${TOKEN}` } }) {
  return exchange(async () => {
    const res = await fetch(`${harness.url}${SEATS_PATH(account)}`, {
      method: "PATCH",
      headers: { "content-type": "application/json", accept: "application/json", ...headers },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  });
}

/** Asserts Prism answered `status` with a violation at `location` with `code` (and message). */
function assertCaught({ value, error, records }, { status, location, code, mentions }) {
  if (error) throw error;
  assert.equal(records.length, 1);
  const [rec] = records;
  assert.equal(value.status, status, `expected ${status}:\n${show(rec)}`);
  assert.equal(rec.status, status);
  const hit = rec.violations.find(
    (v) => JSON.stringify(v.location) === JSON.stringify(location) && v.code === code,
  );
  assert.ok(hit, `no violation ${code} at ${JSON.stringify(location)}:\n${show(rec)}`);
  assert.equal(hit.severity, "Error");
  if (mentions) assert.ok(hit.message.includes(mentions), `"${hit.message}" does not mention ${mentions}`);
  // Prism answers a refused request with the description's 4XX failure envelope.
  assert.equal(value.body.success, false);
  assert.ok(value.body.errors.length >= 1);
}

test("harness control: a correct raw request passes cleanly", async () => {
  const ex = await raw({ body: [GOOD_ITEM] });
  assert.equal(ex.records.length, 1);
  assert.equal(ex.value.status, 200, show(ex.records[0]));
  assert.deepEqual(ex.records[0].violations, []);
  assert.equal(ex.records[0].violationsHeader, undefined);
});

test("harness catches: a seat edit without gateway_seat", async () => {
  assertCaught(await raw({ body: [{ seat_uid: UID, access_seat: false }] }), {
    status: 422,
    location: ["request", "body", "0"],
    code: "required",
    mentions: "gateway_seat",
  });
});

test('harness catches: access_seat as the string "false"', async () => {
  assertCaught(await raw({ body: [{ ...GOOD_ITEM, access_seat: "false" }] }), {
    status: 422,
    location: ["request", "body", "0", "access_seat"],
    code: "type",
    mentions: "boolean",
  });
});

test("harness catches: a 40-character seat_uid", async () => {
  assertCaught(await raw({ body: [{ ...GOOD_ITEM, seat_uid: "f".repeat(40) }] }), {
    status: 422,
    location: ["request", "body", "0", "seat_uid"],
    code: "maxLength",
    mentions: "36",
  });
});

test("harness catches: an extra key (the typo acess_seat)", async () => {
  assertCaught(await raw({ body: [{ ...GOOD_ITEM, acess_seat: false }] }), {
    status: 422,
    location: ["request", "body", "0"],
    code: "additionalProperties",
    mentions: "acess_seat",
  });
});

test("harness catches: a body that is not an array", async () => {
  assertCaught(await raw({ body: GOOD_ITEM }), {
    status: 422,
    location: ["request", "body"],
    code: "type",
    mentions: "array",
  });
});

test("harness catches: no credentials", async () => {
  assertCaught(await raw({ body: [GOOD_ITEM], headers: {} }), {
    status: 401,
    location: ["request"],
    code: 401,
  });
});

test("harness catches: X-Auth-Email without X-Auth-Key (half a pair)", async () => {
  assertCaught(await raw({ body: [GOOD_ITEM], headers: { "x-auth-email": EMAIL } }), {
    status: 401,
    location: ["request"],
    code: 401,
  });
});

test("harness catches: a 40-character account id", async () => {
  assertCaught(await raw({ account: "a".repeat(40), body: [GOOD_ITEM] }), {
    status: 422,
    location: ["request", "path", "account_id"],
    code: "maxLength",
    mentions: "account_id",
  });
});
