// The client contract through the built package in Node: error classes and messages, option
// checks, environment defaults, and what each status becomes. The stand-in plays the API.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { fileURLToPath } from "node:url";
import * as zts from "../../pkg/node.mjs";
import { startStandin } from "../../standin/standin.mjs";
import { control as standinControl } from "./admin-harness.mjs";

const { Client, editSeats } = zts;
const TOKEN = "test-token-0123456789abcdef";
const KEY = "0123456789abcdef0123456789abcdef01234";
const NODE_ENTRY = fileURLToPath(new URL("../../pkg/node.mjs", import.meta.url));
let api;

before(async () => {
  api = await startStandin({ prefix: "/client/v4" });
});
after(() => api.close());

/** The stand-in's control API (paths under /__standin). */
const control = (method, path, body) => standinControl(api.origin, method, `/__standin${path}`, body);
const seed = (account, uids) =>
  control("PUT", `/accounts/${account}/seats`, uids.map((seat_uid) => ({ seat_uid, access_seat: true, gateway_seat: true })));
const fault = (account, f) => control("POST", "/faults", [{ account, ...f }]);
const sent = async (account) => (await control("GET", `/requests?account=${account}`)).filter((r) => r.method === "PATCH");
const edit = (uid, access = true, gateway = true) => [{ seat_uid: uid, access_seat: access, gateway_seat: gateway }];
const opts = (extra = {}) => ({ apiToken: TOKEN, baseUrl: api.url, maxRetries: 0, ...extra });

/** Awaits a rejection and returns the error (fails if the promise resolves). */
async function rejection(promise) {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail("expected a rejection");
}

test("every error class is exported, extends Error and carries its own name", () => {
  const apiClasses = [
    "BadRequestError", "AuthenticationError", "PermissionDeniedError", "NotFoundError", "ConflictError",
    "UnprocessableEntityError", "RateLimitError", "InternalServerError", "InvalidResponseError",
    "APIConnectionError", "APIUserAbortError",
  ];
  for (const name of [...apiClasses, "APIError", "ValidationError", "APIConnectionTimeoutError"]) {
    const Class = zts[name];
    assert.equal(typeof Class, "function", name);
    const instance = new Class("m");
    assert.ok(instance instanceof Error && instance instanceof zts.ZeroTrustSeatsError, name);
    assert.equal(instance.name, name);
  }
  for (const name of apiClasses) assert.ok(new zts[name]("m") instanceof zts.APIError, name);
  assert.ok(new zts.APIConnectionTimeoutError("m") instanceof zts.APIConnectionError);
  assert.ok(!(new zts.ValidationError("m") instanceof zts.APIError));
  assert.equal(zts.createError, undefined, "the wasm-only factory is not exported");
});

const STATUS_CLASSES = [
  [400, "BadRequestError"], [401, "AuthenticationError"], [403, "PermissionDeniedError"],
  [404, "NotFoundError"], [409, "ConflictError"], [422, "UnprocessableEntityError"],
  [429, "RateLimitError"], [500, "InternalServerError"], [503, "InternalServerError"], [418, "APIError"],
];
for (const [status, name] of STATUS_CLASSES) {
  test(`HTTP ${status} becomes ${name} with status, errors, rayId and a one-line message`, async () => {
    const account = `status${status}`;
    await seed(account, ["s"]);
    const body = {
      success: false, messages: [], result: null,
      errors: [{ code: 1234, message: "First problem" },
        { code: 5678, message: "Second", documentation_url: "https://developers.cloudflare.com/x" }],
    };
    await fault(account, { status, body });
    const err = await rejection(editSeats(account, edit("s"), opts()));
    assert.ok(err instanceof zts[name], `${err.name}: ${err.message}`);
    assert.equal(err.name, name);
    assert.equal(err.message, `${status} [1234] First problem; [5678] Second (https://developers.cloudflare.com/x)`);
    assert.equal(err.status, status);
    assert.deepEqual(err.errors, body.errors);
    assert.deepEqual(err.messages, []);
    assert.match(err.rayId, /^[0-9a-f]{16}-SJC$/);
    assert.equal(err.attempts, 1);
  });
}

test("a 200 with success: false is an InvalidResponseError, never an empty page", async () => {
  await seed("okfalse", ["s"]);
  await fault("okfalse", { status: 200, body: { success: false, errors: [{ code: 7003, message: "No route" }], messages: [], result: null } });
  const err = await rejection(editSeats("okfalse", edit("s"), opts()));
  assert.ok(err instanceof zts.InvalidResponseError);
  assert.equal(err.message, "200 the answer says success: false: [7003] No route");
});

test("a 200 whose result is not an array is an InvalidResponseError", async () => {
  await seed("okobject", ["s"]);
  await fault("okobject", { status: 200, body: { success: true, errors: [], messages: [], result: { seat_uid: "s" } } });
  const err = await rejection(editSeats("okobject", edit("s"), opts()));
  assert.ok(err instanceof zts.InvalidResponseError);
  assert.match(err.message, /^200 the answer is not a valid Cloudflare envelope/);
});

test("truncated JSON is an InvalidResponseError or a connection error, never a page", async () => {
  await seed("truncated", ["s"]);
  await fault("truncated", { truncate: true });
  const err = await rejection(editSeats("truncated", edit("s"), opts()));
  assert.ok(err instanceof zts.InvalidResponseError || err instanceof zts.APIConnectionError, err.name);
});

test("an empty body is valid and is sent", async () => {
  const page = await editSeats("emptybody", [], opts());
  assert.deepEqual(page.result, []);
  const [request] = await sent("emptybody");
  assert.equal(request.body, "[]");
});

test("a custom fetch gets the PATCH body as the JSON's UTF-8 bytes, non-ASCII included", async () => {
  // Bytes, not a string: the body leaves wasm in one copy, with no UTF-8 decode and re-encode.
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ url, method: init.method, body: init.body });
    return new Response(JSON.stringify({ success: true, errors: [], messages: [], result: [] }), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  };
  await editSeats("acctbytes", [{ seat_uid: "sé-\"1", access_seat: true, gateway_seat: false }], opts({ fetch }));
  assert.equal(seen.length, 1);
  assert.equal(seen[0].method, "PATCH");
  assert.ok(seen[0].body instanceof Uint8Array, `body is ${Object.prototype.toString.call(seen[0].body)}`);
  assert.equal(new TextDecoder().decode(seen[0].body), '[{"seat_uid":"sé-\\"1","access_seat":true,"gateway_seat":false}]');
});

test("a page has exactly the documented keys", async () => {
  await seed("pageshape", ["p"]);
  const page = await editSeats("pageshape", edit("p", false, true), opts());
  assert.deepEqual(Object.keys(page).sort(), ["errors", "messages", "result", "result_info", "success"]);
  assert.deepEqual(Object.keys(page.result[0]).sort(), ["access_seat", "created_at", "gateway_seat", "seat_uid", "updated_at"]);
});

const CLIENT_OPTION_ERRORS = [
  [{ apiToken: TOKEN, apiEmail: "a@b.c", apiKey: KEY }, "apiToken"],
  [{}, "apiToken"],
  [{ baseUrl: "https://api.cloudflare.com/client/v4/" }, "apiToken"],
  [{ apiEmail: "a@b.c" }, "apiKey"],
  [{ apiKey: KEY }, "apiEmail"],
  [{ apiToken: "tok\r\nX-Injected: 1" }, "apiToken"],
  [{ apiToken: 42 }, "apiToken"],
  [{ apiToken: TOKEN, baseUrl: "ftp://x" }, "baseUrl"],
  [{ apiToken: TOKEN, baseUrl: "not a url" }, "baseUrl"],
  [{ apiToken: TOKEN, timeoutMs: -1 }, "timeoutMs"],
  [{ apiToken: TOKEN, timeoutMs: "100" }, "timeoutMs"],
  [{ apiToken: TOKEN, maxRetries: -1 }, "maxRetries"],
  [{ apiToken: TOKEN, maxRetries: 1.5 }, "maxRetries"],
  [{ apiToken: TOKEN, fetch: "fetch" }, "fetch"],
  [{ apiToken: TOKEN, defaultHeaders: { Authorization: "Bearer x" } }, "defaultHeaders.Authorization"],
  [{ apiToken: TOKEN, defaultHeaders: { "X-A": "a\nb" } }, "defaultHeaders.X-A"],
];
for (const [options, field] of CLIENT_OPTION_ERRORS) {
  test(`Client(${JSON.stringify(options)}) throws ValidationError on ${field} at construction`, () => {
    assert.throws(() => new Client(options), (err) => {
      assert.ok(err instanceof zts.ValidationError);
      assert.equal(err.field, field);
      assert.ok(err.message.startsWith(`${field} `), err.message);
      assert.ok(!err.message.includes("X-Injected"), "the secret is not echoed");
      return true;
    });
  });
}

test("editSeats rejects bad options before sending anything", async () => {
  for (const [options, field] of [...CLIENT_OPTION_ERRORS, [{ apiToken: TOKEN, signal: {} }, "signal"]]) {
    const err = await rejection(editSeats("optcheck", edit("s"), options));
    assert.ok(err instanceof zts.ValidationError, JSON.stringify(options));
    assert.equal(err.field, field);
  }
  assert.equal((await sent("optcheck")).length, 0);
});

test("Client#editSeats rejects bad per-call options", async () => {
  const client = new Client(opts());
  for (const [options, field] of [[{ timeoutMs: 0 }, "timeoutMs"], [{ maxRetries: 11 }, "maxRetries"],
    [{ headers: { "x-auth-key": "k" } }, "headers.x-auth-key"], [{ signal: "no" }, "signal"]]) {
    const err = await rejection(client.editSeats("callopts", edit("s"), options));
    assert.equal(err.field, field);
  }
  assert.equal((await sent("callopts")).length, 0);
});

test("a proxy base URL needs no credentials and gets no auth headers", async () => {
  await seed("noauth", ["s"]);
  const err = await rejection(new Client({ baseUrl: api.url, maxRetries: 0 }).editSeats("noauth", edit("s")));
  assert.equal(err.status, 400, "the stand-in wants credentials; a real proxy would add them");
  const [request] = await sent("noauth");
  assert.equal(request.headers.authorization, undefined);
  assert.equal(request.headers["x-auth-key"], undefined);
});

/** Runs a script that imports the package with only the given environment. */
async function withEnv(env, script) {
  const source = `import * as zts from ${JSON.stringify(NODE_ENTRY)}; ${script}`;
  const { stdout } = await promisify(execFile)(process.execPath, ["--input-type=module", "-e", source], {
    env: { PATH: process.env.PATH, ...env },
  });
  return JSON.parse(stdout);
}

test("CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY fill in legacy credentials", async () => {
  await seed("envlegacy", ["s"]);
  const printed = await withEnv(
    { CLOUDFLARE_EMAIL: "admin@example.com", CLOUDFLARE_API_KEY: KEY, CLOUDFLARE_BASE_URL: api.url },
    `const page = await zts.editSeats("envlegacy", [{ seat_uid: "s", access_seat: false, gateway_seat: true }]);
     console.log(JSON.stringify(page.success));`,
  );
  assert.equal(printed, true);
  const [request] = await sent("envlegacy");
  assert.equal(request.headers["x-auth-email"], "admin@example.com");
  assert.equal(request.headers.authorization, undefined);
});

test("explicit options win over the environment", async () => {
  await seed("envwins", ["s"]);
  const printed = await withEnv(
    { CLOUDFLARE_API_TOKEN: "env-token-that-is-wrong", CLOUDFLARE_BASE_URL: "http://127.0.0.1:9" },
    `const page = await zts.editSeats("envwins", [{ seat_uid: "s", access_seat: true, gateway_seat: false }],
       { apiToken: ${JSON.stringify(TOKEN)}, baseUrl: ${JSON.stringify(api.url)} });
     console.log(JSON.stringify(page.result[0].gateway_seat));`,
  );
  assert.equal(printed, false);
  const [request] = await sent("envwins");
  assert.equal(request.headers.authorization, `Bearer ${TOKEN}`);
});

test("a token and an email/key pair both in the environment is an error", async () => {
  const printed = await withEnv(
    { CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_EMAIL: "a@b.c", CLOUDFLARE_API_KEY: KEY },
    `try { new zts.Client(); console.log("null"); } catch (e) { console.log(JSON.stringify([e.name, e.field])); }`,
  );
  assert.deepEqual(printed, ["ValidationError", "apiToken"]);
});

test("no secret appears in any field, message, stack or serialisation of an error", async () => {
  const secrets = [TOKEN, "admin@example.com", KEY];
  const errors = [];
  await seed("secrets", ["s"]);
  for (const status of [400, 403, 500]) {
    await fault("secrets", { status });
    errors.push(await rejection(editSeats("secrets", edit("s"), opts())));
  }
  errors.push(await rejection(editSeats("secrets", edit("s"), { ...opts(), baseUrl: "http://127.0.0.1:9" })));
  errors.push(await rejection(editSeats("secrets", edit("s"), { apiEmail: secrets[1], apiKey: secrets[2], baseUrl: "http://127.0.0.1:9", maxRetries: 0 })));
  const echoingFetch = async (url, init) => { throw new Error(`refused ${JSON.stringify([...new Headers(init.headers)])}`); };
  errors.push(await rejection(editSeats("secrets", edit("s"), { ...opts(), fetch: echoingFetch })));
  for (const err of errors) {
    const views = [err.message, err.stack, String(err), JSON.stringify(err), JSON.stringify(Object.getOwnPropertyNames(err).map((k) => err[k]))];
    for (const view of views) for (const secret of secrets) assert.ok(!view.includes(secret), `${err.name} shows a secret: ${view}`);
  }
  assert.match(errors.at(-1).message, /<redacted>/, "a custom fetch's echo is redacted");
});
