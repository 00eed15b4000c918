// Secrets (issue 7): every error thrown in a fault soak slice and a bad-input slice, with the
// credentials set (an API token in one run, an email + Global API key in the other), must not
// show the token, key or email anywhere: `message`, `stack`, any own field (recursively, into
// `cause`, `failed[].error`, arrays), `JSON.stringify`, `String(err)`, `util.inspect`, nor in
// console output while the runs go (console methods and process.stdout/stderr are captured;
// each error is also logged through a Console of our own, as an application would).
//
//   node --test tests/js/secrets.test.mjs

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { Console } from "node:console";
import { format, inspect } from "node:util";
import * as pkg from "../../pkg/node.mjs";
import { buildFatalRun, buildRetriedRun, control, fatalCase, fatalCases, retriedSoak } from "./soak/scenario.mjs";
import { startSoakStandin } from "./soak/harness.mjs";

const hex = (bytes) => randomBytes(bytes).toString("hex");
const TOKEN = `zts-secret-token-${hex(12)}`;
const WRONG_TOKEN = `zts-refused-token-${hex(12)}`; // well-formed, unknown to the stand-in: 403
const EMAIL = `leaky.owner.${hex(5)}@secret-${hex(3)}.example`;
const KEY = hex(19).slice(0, 37); // the shape of a Global API key
// The needles: every secret, and a distinctive part of each (a partial echo leaks too).
const NEEDLES = [
  ["token", TOKEN],
  ["token (random part)", TOKEN.slice(-24)],
  ["refused token", WRONG_TOKEN],
  ["refused token (random part)", WRONG_TOKEN.slice(-24)],
  ["email", EMAIL],
  ["email (local part)", EMAIL.split("@")[0]],
  ["email (domain)", EMAIL.split("@")[1]],
  ["key", KEY],
  ["key (middle)", KEY.slice(8, 30)],
];
const MODES = {
  token: { apiToken: TOKEN },
  "email+key": { apiEmail: EMAIL, apiKey: KEY },
};

let soak;
let ctl;

before(async () => {
  soak = await startSoakStandin();
  ctl = control(soak.origin);
  await ctl.config({ tokens: [TOKEN], emailKeys: [{ email: EMAIL, key: KEY }] });
});
after(() => soak?.close());

// ---------------------------------------------------------------------------------------------
// Capturing

/** Captures console methods and process.stdout/stderr writes (passed through) until stop(). */
function captureConsole() {
  const chunks = [];
  const restore = [];
  for (const method of ["log", "info", "warn", "error", "debug", "trace", "dir", "table"]) {
    const original = console[method];
    console[method] = function (...args) {
      chunks.push(format(...args));
      return original.apply(this, args);
    };
    restore.push(() => (console[method] = original));
  }
  for (const stream of [process.stdout, process.stderr]) {
    const original = stream.write;
    stream.write = function (chunk, ...rest) {
      chunks.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("latin1"));
      return original.call(this, chunk, ...rest);
    };
    restore.push(() => (stream.write = original));
  }
  return {
    stop() {
      restore.forEach((undo) => undo());
      return chunks.join("");
    },
  };
}

/** Every string reachable through own properties (names included), with its path. */
function* ownStrings(value, path, seen = new Set()) {
  if (typeof value === "string") {
    yield [path, value];
    return;
  }
  if (value === null || (typeof value !== "object" && typeof value !== "function") || seen.has(value)) return;
  seen.add(value);
  for (const key of Reflect.ownKeys(value)) {
    yield [`${path} (key)`, String(key)];
    let child;
    try {
      child = value[key];
    } catch {
      continue;
    }
    yield* ownStrings(child, `${path}.${String(key)}`, seen);
  }
}

/** Where a secret shows in a thrown value: a list of "label: view contains needle". */
function leaksOf(label, err, needles = NEEDLES) {
  const views = [];
  if (err instanceof Error) {
    views.push(["message", err.message], ["stack", err.stack ?? ""]);
  }
  views.push(["String()", String(err)]);
  let json;
  try {
    json = JSON.stringify(err);
  } catch (e) {
    json = `JSON.stringify threw ${e}`;
  }
  views.push(["JSON.stringify", json ?? ""]);
  views.push(["util.inspect", inspect(err, { depth: Infinity, showHidden: true })]);
  for (const [path, text] of ownStrings(err, "err")) views.push([path, text]);
  const leaks = [];
  for (const [view, text] of views) {
    for (const [name, needle] of needles) {
      if (text.includes(needle)) leaks.push(`${label}: ${view} contains the ${name}`);
    }
  }
  return leaks;
}

function textLeaks(label, text) {
  return NEEDLES.filter(([, needle]) => text.includes(needle)).map(([name]) => `${label} contains the ${name}`);
}

/** Collects errors; `run(label, fn)` awaits fn and keeps what it throws. */
function collector() {
  const errors = [];
  const resolved = [];
  return {
    errors,
    resolved,
    collect: (label) => (err) => errors.push([label, err]),
    async run(label, fn) {
      try {
        await fn();
        resolved.push(label);
      } catch (err) {
        errors.push([label, err]);
      }
    },
  };
}

/** Logs each error the way an application would, through a Console of our own; returns the text. */
function logged(errors) {
  let text = "";
  const sink = new Writable({
    write(chunk, _encoding, done) {
      text += chunk;
      done();
    },
  });
  const log = new Console({ stdout: sink, stderr: sink });
  for (const [label, err] of errors) {
    log.error(label, err);
    log.log(`${label}: ${err}`);
    log.dir(err, { depth: null, showHidden: true });
    log.table([err]);
  }
  return text;
}

const classCounts = (errors) => {
  const counts = {};
  for (const [, err] of errors) {
    const nested = [err, err?.cause, ...(err?.failed ?? []).map((f) => f.error)].filter(Boolean);
    for (const e of nested) counts[e.name ?? typeof e] = (counts[e.name ?? typeof e] ?? 0) + 1;
  }
  return counts;
};

// ---------------------------------------------------------------------------------------------
// The slices

/** Fault soak slice: the fatal runs (BulkEditErrors), a retried run that runs out of retries, and one plain call per fault. */
async function faultSlice(mode, credentials, c) {
  const tag = mode === "token" ? "t" : "k";
  const small = { seats: 400, extraSeats: 10, batchSize: 20 };
  for (const fc of fatalCases({ accountPrefix: `sec${tag}`, seed: 5, concurrencies: [4] })) {
    soak.plan(fc.account, buildFatalRun({ ...fc, ...small }));
    await fatalCase(pkg, { origin: soak.origin, url: soak.url, credentials, ...fc, run: small, collect: c.collect(`fatal ${fc.kind} c${fc.concurrency}`) });
  }
  const retried = { seed: 3, ...small };
  soak.plan(`secr${tag}`, buildRetriedRun({ ...retried, timeoutMs: 500 }));
  await retriedSoak(pkg, { origin: soak.origin, url: soak.url, account: `secr${tag}`, credentials, run: retried, timeoutMs: 500, maxRetries: 1, collect: c.collect("retried soak, maxRetries 1") });

  // One non-batched call per fault, no retries: each error class as thrown.
  const account = `secs${tag}`;
  const seats = ["s-1", "s-2"].map((seat_uid) => ({ seat_uid, access_seat: true, gateway_seat: true }));
  await ctl.seed(account, seats);
  const edit = [{ seat_uid: "s-1", access_seat: true, gateway_seat: false }];
  const call = (extra = {}) => pkg.editSeats(account, edit, { ...credentials, baseUrl: soak.url, maxRetries: 0, timeoutMs: 500, ...extra });
  const faults = {
    "429 retry-after-ms": { status: 429, headers: { "retry-after-ms": "20" } },
    "429 Retry-After seconds": { status: 429, headers: { "retry-after": "1" } },
    "429 Retry-After date": { status: 429, headers: { "retry-after": new Date(Date.now() + 5000).toUTCString() } },
    "429 retry-after 0": { status: 429, headers: { "retry-after": "0" } },
    "429 Retry-After 120 (not waited)": { status: 429, headers: { "retry-after": "120" } },
    500: { status: 500 },
    502: { status: 502 },
    "503 applied": { status: 503, applyFirst: true },
    408: { status: 408 },
    409: { status: 409 },
    401: { status: 401 },
    403: { status: 403 },
    404: { status: 404 },
    422: { status: 422 },
    "418 with x-should-retry": { status: 418, headers: { "x-should-retry": "true" } },
    reset: { reset: true },
    "truncated body (dropped)": { truncate: true },
    hang: { hang: true },
    "late answer": { delayMs: 900 },
    "truncated JSON": { status: 200, body: '{"success":true,"errors":[],"messages":[],"result":[{"seat_uid":"s-1","acc' },
    "HTML 200": { status: 200, body: "<html><body>blocked</body></html>", headers: { "content-type": "text/html" } },
    "success false 200": { status: 200, body: { success: false, errors: [{ code: 1000, message: "nope" }], messages: [], result: null } },
    "200 without result": { status: 200, body: { success: true, errors: [], messages: [] } },
  };
  for (const [label, fault] of Object.entries(faults)) {
    await ctl.addFault({ account, ...fault });
    await c.run(`fault ${label}`, () => call());
  }
  // The same faults with retries left, in a batched call: retried, then given up.
  await ctl.addFault([500, 502, 503].map((status) => ({ account, status, headers: { "retry-after-ms": "5" } })));
  await c.run("fault 5xx until retries run out (batched)", () => call({ maxRetries: 2, batchSize: 1 }));
  // A user abort during a retry wait.
  await ctl.addFault({ account, status: 429, headers: { "retry-after": "2" } });
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  await c.run("abort during a retry wait", () => call({ maxRetries: 2, signal: controller.signal }));
  // No server at all.
  await c.run("connection refused", () => call({ baseUrl: "http://127.0.0.1:9/client/v4" }));
  // A refused (wrong) token.
  await c.run("refused token", () => pkg.editSeats(account, edit, { apiToken: WRONG_TOKEN, baseUrl: soak.url, maxRetries: 0 }));
}

/** A custom fetch whose failures quote the request's credential headers: the package must redact them. */
async function fetchSlice(credentials, c) {
  const account = "secfetch";
  const edit = [{ seat_uid: "s-1", access_seat: true, gateway_seat: false }];
  const headersOf = (init) => JSON.stringify(Object.fromEntries(new Headers(init.headers)));
  const fetches = {
    "throws an Error quoting the headers": (url, init) => {
      throw new Error(`cannot send ${headersOf(init)}`);
    },
    "rejects with a cause quoting the headers": async (url, init) => {
      throw new TypeError("fetch failed", { cause: new Error(`socket said ${headersOf(init)}`) });
    },
    "rejects with a cause code quoting the headers": async (url, init) => {
      const cause = new Error();
      cause.message = undefined;
      cause.code = headersOf(init);
      throw new TypeError("fetch failed", { cause });
    },
    "throws a string quoting the headers": (url, init) => {
      throw `refused ${headersOf(init)}`;
    },
    "rejects with a plain object": async (url, init) => {
      throw { message: `no ${headersOf(init)}` };
    },
    "quotes each header by name": async (url, init) => {
      const h = new Headers(init.headers);
      throw new Error(`authorization=${h.get("authorization")} x-auth-email=${h.get("x-auth-email")} x-auth-key=${h.get("x-auth-key")}`);
    },
  };
  for (const [label, fetch] of Object.entries(fetches)) {
    await c.run(`custom fetch ${label}`, () => pkg.editSeats(account, edit, { ...credentials, baseUrl: soak.url, maxRetries: 0, fetch }));
    await c.run(`custom fetch ${label}, retried, batched`, () =>
      new pkg.Client({ ...credentials, baseUrl: soak.url, fetch }).editSeats(account, [...edit, { ...edit[0], seat_uid: "s-2" }], { maxRetries: 1, batchSize: 1, concurrency: 2, timeoutMs: 2000 }),
    );
  }
}

/** Bad input through the public API, with the credentials set (and secrets put where they do not belong). */
async function badInputSlice(mode, credentials, c) {
  const secret = mode === "token" ? TOKEN : KEY;
  const seat = { seat_uid: "s-1", access_seat: true, gateway_seat: true };
  const ok = { ...credentials, baseUrl: soak.url, maxRetries: 0, timeoutMs: 2000 };
  const edit = (accountId, body, options = ok) => pkg.editSeats(accountId, body, options);
  const cases = {
    "account id empty": () => edit("", [seat]),
    "account id with a dash": () => edit("has-dash", [seat]),
    "account id of 33 characters": () => edit("a".repeat(33), [seat]),
    "account id a number": () => edit(12345, [seat]),
    "account id is the secret (arguments swapped)": () => edit(secret, [seat]),
    "account id is the email": () => edit(EMAIL, [seat]),
    "body an object": () => edit("acct", {}),
    "body null": () => edit("acct", null),
    "body a string": () => edit("acct", "[]"),
    "body item null": () => edit("acct", [null]),
    "body item missing gateway_seat": () => edit("acct", [{ seat_uid: "s-1", access_seat: true }]),
    "body item access_seat a string": () => edit("acct", [{ ...seat, access_seat: "true" }]),
    "body item with a typo key": () => edit("acct", [{ ...seat, acess_seat: true }]),
    "body seat_uid of 37 characters": () => edit("acct", [{ ...seat, seat_uid: "x".repeat(37) }]),
    "body seat_uid with a control character": () => edit("acct", [{ ...seat, seat_uid: "a\u0007b" }]),
    "body repeated seat_uid": () => edit("acct", [seat, seat]),
    "batched body with a bad item": () => edit("acct", [seat, { ...seat, seat_uid: 7 }], { ...ok, batchSize: 1 }),
    "timeoutMs negative": () => edit("acct", [seat], { ...ok, timeoutMs: -1 }),
    "timeoutMs a string": () => edit("acct", [seat], { ...ok, timeoutMs: "fast" }),
    "maxRetries 11": () => edit("acct", [seat], { ...ok, maxRetries: 11 }),
    "batchSize 0": () => edit("acct", [seat], { ...ok, batchSize: 0 }),
    "concurrency 33": () => edit("acct", [seat], { ...ok, batchSize: 1, concurrency: 33 }),
    "onProgress a string": () => edit("acct", [seat], { ...ok, onProgress: "nope" }),
    "signal a plain object": () => edit("acct", [seat], { ...ok, signal: {} }),
    "fetch a string": () => edit("acct", [seat], { ...ok, fetch: "nope" }),
    "defaultHeaders with Authorization": () => edit("acct", [seat], { ...ok, defaultHeaders: { Authorization: `Bearer ${TOKEN}` } }),
    "call headers with X-Auth-Key": () => new pkg.Client(ok).editSeats("acct", [seat], { headers: { "X-Auth-Key": KEY } }),
    "defaultHeaders with X-Auth-Email": () => edit("acct", [seat], { ...ok, defaultHeaders: { "X-Auth-Email": EMAIL } }),
    "baseUrl with user:password": () => edit("acct", [seat], { ...ok, baseUrl: `https://${encodeURIComponent(EMAIL)}:${KEY}@api.example.com/client/v4` }),
    "baseUrl ftp with the secret in its path": () => edit("acct", [seat], { ...ok, baseUrl: `ftp://api.example.com/${secret}` }),
    "baseUrl is the secret": () => edit("acct", [seat], { ...ok, baseUrl: secret }),
    "baseUrl with the secret in its query": () => edit("acct", [seat], { ...ok, baseUrl: `${soak.url}?t=${secret}` }),
    "token with a line break": () => edit("acct", [seat], { ...ok, ...noCreds, apiToken: `${TOKEN}\n` }),
    "token with a leading space": () => edit("acct", [seat], { ...ok, ...noCreds, apiToken: ` ${TOKEN}` }),
    "token with a non-ASCII character": () => edit("acct", [seat], { ...ok, ...noCreds, apiToken: `${TOKEN}é` }),
    "token an object holding it": () => edit("acct", [seat], { ...ok, ...noCreds, apiToken: { token: TOKEN } }),
    "token and email/key together": () => edit("acct", [seat], { ...ok, apiToken: TOKEN, apiEmail: EMAIL, apiKey: KEY }),
    "email without key": () => edit("acct", [seat], { ...ok, ...noCreds, apiEmail: EMAIL }),
    "key without email": () => edit("acct", [seat], { ...ok, ...noCreds, apiKey: KEY }),
    "email with CRLF": () => edit("acct", [seat], { ...ok, ...noCreds, apiEmail: `${EMAIL}\r\n`, apiKey: KEY }),
    "key with a NUL": () => edit("acct", [seat], { ...ok, ...noCreds, apiEmail: EMAIL, apiKey: `${KEY}\u0000` }),
    "key an array holding it": () => edit("acct", [seat], { ...ok, ...noCreds, apiEmail: EMAIL, apiKey: [KEY] }),
    "Client with a bad timeout": () => new pkg.Client({ ...ok, timeoutMs: -5 }),
    "Client with a token with a tab": () => new pkg.Client({ ...ok, ...noCreds, apiToken: `${TOKEN}\t` }),
    "env token with a line break": () => withEnv({ CLOUDFLARE_API_TOKEN: `${TOKEN}\n` }, () => new pkg.Client({ baseUrl: soak.url })),
    "env key without email": () => withEnv({ CLOUDFLARE_API_KEY: KEY }, () => new pkg.Client({ baseUrl: soak.url })),
    "env email and token together": () => withEnv({ CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_EMAIL: EMAIL, CLOUDFLARE_API_KEY: KEY }, () => new pkg.Client({ baseUrl: soak.url })),
    "env refused token": () => withEnv({ CLOUDFLARE_API_TOKEN: WRONG_TOKEN }, () => new pkg.Client({ baseUrl: soak.url, maxRetries: 0 }).editSeats("acct", [seat])),
  };
  for (const [label, fn] of Object.entries(cases)) await c.run(`bad input: ${label}`, fn);
  return Object.keys(cases).length;
}

const noCreds = { apiToken: undefined, apiEmail: undefined, apiKey: undefined };
const ENV_KEYS = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_EMAIL", "CLOUDFLARE_API_KEY", "CLOUDFLARE_BASE_URL"];

/** Runs fn with exactly these CLOUDFLARE_* variables set, then restores them. */
async function withEnv(vars, fn) {
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  for (const k of ENV_KEYS) delete process.env[k];
  Object.assign(process.env, vars);
  try {
    return await fn();
  } finally {
    for (const k of ENV_KEYS) {
      if (saved[k] === undefined) delete process.env[k];
      else process.env[k] = saved[k];
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Tests

for (const [mode, credentials] of Object.entries(MODES)) {
  test(`${mode}: no secret in any error of the fault soak, the bad input or a quoting fetch, nor in console output`, { timeout: 120_000 }, async (t) => {
    const c = collector();
    const capture = captureConsole();
    let badInputs;
    let console_;
    const took = {};
    const timed = async (name, fn) => {
      const started = Date.now();
      const result = await fn();
      took[name] = Date.now() - started;
      return result;
    };
    try {
      await timed("faults", () => faultSlice(mode, credentials, c));
      await timed("fetch", () => fetchSlice(credentials, c));
      badInputs = await timed("badInput", () => badInputSlice(mode, credentials, c));
    } finally {
      console_ = capture.stop();
    }
    const leaks = [];
    for (const [label, err] of c.errors) leaks.push(...leaksOf(label, err));
    leaks.push(...textLeaks("console output during the runs", console_));
    leaks.push(...textLeaks("the errors as logged by an application", logged(c.errors)));
    t.diagnostic(`${mode}: ${c.errors.length} errors collected (${badInputs} bad inputs); classes (with nested): ${JSON.stringify(classCounts(c.errors))}`);
    t.diagnostic(`${mode}: calls that resolved: ${JSON.stringify(c.resolved)}; slice times (ms): ${JSON.stringify(took)}`);
    assert.deepEqual(leaks, []);
    // The slices did throw what they are about.
    const names = new Set(c.errors.flatMap(([, e]) => [e?.name, e?.cause?.name, ...(e?.failed ?? []).map((f) => f.error?.name)]));
    for (const name of ["BulkEditError", "ValidationError", "RateLimitError", "InternalServerError", "InvalidResponseError", "PermissionDeniedError", "APIConnectionError", "APIConnectionTimeoutError", "APIUserAbortError", "AuthenticationError", "NotFoundError", "ConflictError"]) {
      assert.ok(names.has(name), `no ${name} among the errors`);
    }
    assert.ok(badInputs >= 20);
    assert.ok(c.errors.filter(([label]) => label.startsWith("bad input")).length >= badInputs - 2, `bad inputs that resolved: ${c.resolved}`);
    assert.ok(c.errors.filter(([label]) => label.startsWith("custom fetch")).length === 12);
  });
}

// Known gap, reported to the lead: the package redacts the secrets from `message` (and `stack`)
// but not from the fields it copies from the answer: `errors[].message`, `messages[].message`
// and `rayId`. A proxy or server that quotes the credentials in its error answer (e.g. "invalid
// token <token>") makes them show in the error's own fields, JSON.stringify and util.inspect.
test("an error answer that quotes the credentials does not leak them into the error's fields", async (t) => {
  const leaks = [];
  for (const [mode, credentials] of Object.entries(MODES)) {
    const c = collector();
    const account = mode === "token" ? "sececho1" : "sececho2";
    await ctl.seed(account, [{ seat_uid: "s-1", access_seat: true, gateway_seat: true }]);
    const quote = `token ${TOKEN} / ${EMAIL} / key ${KEY}`;
    const body = { success: false, errors: [{ code: 10000, message: `refused: ${quote}` }], messages: [{ code: 1, message: quote }], result: null };
    const answers = {
      "403 quoting them": { status: 403, body },
      "200 success false quoting them": { status: 200, body },
      "429 with a cf-ray quoting the token": { status: 429, headers: { "cf-ray": TOKEN } },
    };
    for (const [label, fault] of Object.entries(answers)) {
      await ctl.addFault({ account, ...fault });
      await c.run(`${mode}: ${label}`, () => pkg.editSeats(account, [{ seat_uid: "s-1", access_seat: true, gateway_seat: false }], { ...credentials, baseUrl: soak.url, maxRetries: 0 }));
    }
    // Only the credentials this call holds: the package cannot know any other secret.
    const own = NEEDLES.filter(([name]) => (mode === "token" ? name.startsWith("token") : /^(email|key)/.test(name)));
    for (const [label, err] of c.errors) leaks.push(...leaksOf(label, err, own));
  }
  t.diagnostic(`leaks: ${JSON.stringify([...new Set(leaks.map((l) => l.replace(/ \(.*\)$/, "")))].slice(0, 20))}`);
  assert.deepEqual(leaks, []);
});
