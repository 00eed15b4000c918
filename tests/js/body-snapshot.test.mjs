// Bodies that are not plain data (issue 14), through the built package against the stand-in:
// each item's own keys and its three fields are read once into a snapshot; getters run once,
// toJSON never; boxed primitives, BigInts and throwing getters or Proxy traps are named at
// their field. The same rules hold for options, queries, `emails` and the planner's input.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Client, editSeats, validateEdits, planReclaim, ValidationError } from "../../pkg/node.mjs";
import { startStandin } from "../../standin/standin.mjs";

const TOKEN = "test-token-0123456789abcdef";
const ACCOUNT = "5eed5eed5eed5eed5eed5eed5eed5eed";
const UID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const OTHER = "0b2c3d4e-0000-4000-8000-000000000001";
/** Every expected message is built here: the one place its format is written. */
const msg = (text) => text;
const UNREAD = (thrown) => `a value that could not be read (reading it threw ${thrown})`;

// CLOUDFLARE_* variables would fill in left-out options.
for (const name of Object.keys(process.env).filter((n) => n.startsWith("CLOUDFLARE_"))) delete process.env[name];

let api;
before(async () => {
  // No test removes a seat (both flags false), so seeding once serves them all.
  const seats = [UID, OTHER].map((seat_uid) => ({ seat_uid, access_seat: true, gateway_seat: true }));
  api = await startStandin({ prefix: "/client/v4", seed: { [ACCOUNT]: seats } });
});
after(() => api?.close());

/** Requests the in-process stand-in recorded for the account. */
const recorded = () => api.standin.requests.filter((r) => r.accountId === ACCOUNT);
/** The bodies of the PATCHes the stand-in saw since `mark`, as the text it received. */
const patchesSince = (mark) => recorded().slice(mark).filter((r) => r.method === "PATCH").map((r) => r.body);
const requestCount = () => recorded().length;
const options = () => ({ apiToken: TOKEN, baseUrl: api.url, maxRetries: 0 });
const seat = (over = {}) => ({ seat_uid: UID, access_seat: true, gateway_seat: false, ...over });

/** Runs a call that must fail validation, through editSeats and validateEdits alike. */
async function assertRefused(body, field, message) {
  const mark = requestCount();
  for (const [via, run] of [
    ["editSeats", () => editSeats(ACCOUNT, body, options())],
    ["validateEdits", async () => validateEdits(body)],
  ]) {
    await assert.rejects(run(), (err) => {
      assert.ok(err instanceof ValidationError, `${via}: ${err?.name}: ${err?.message}`);
      assert.equal(err.field, field, via);
      assert.equal(err.message, message, via);
      return true;
    });
  }
  assert.equal(requestCount(), mark, "nothing was sent");
}

test("a getter on seat_uid that throws is named at its field, with what it threw, and runs once", async () => {
  let runs = 0;
  const item = Object.defineProperty({ access_seat: true, gateway_seat: false }, "seat_uid", {
    enumerable: true,
    get() {
      runs++;
      throw new TypeError("no uid here");
    },
  });
  await assertRefused([seat({ seat_uid: OTHER }), item], "body[1].seat_uid",
    msg(`body[1].seat_uid could not be read (reading it threw TypeError)`));
  assert.equal(runs, 2, "once per call (editSeats, validateEdits)");
});

test("what a getter threw is named by its class, never quoted: it may hold a secret", async () => {
  const item = Object.defineProperty(seat(), "access_seat", {
    enumerable: true,
    get() {
      throw new Error(`saw ${TOKEN}`);
    },
  });
  await assertRefused([item], "body[0].access_seat",
    msg(`body[0].access_seat could not be read (reading it threw Error)`));
  const thrownString = Object.defineProperty(seat(), "seat_uid", { enumerable: true, get() { throw TOKEN; } });
  await assertRefused([thrownString], "body[0].seat_uid", msg(`body[0].seat_uid could not be read (reading it threw a string)`));
});

test("after a field's getter throws, the fields after it are still read once each, in order", async () => {
  // The three keys in this order: the packer's inline path for the usual item (js/read-body.js).
  for (const [throwing, field] of [["seat_uid", "body[0].seat_uid"], ["access_seat", "body[0].access_seat"], ["gateway_seat", "body[0].gateway_seat"]]) {
    const reads = [];
    const item = {};
    for (const [key, value] of Object.entries(seat())) {
      Object.defineProperty(item, key, {
        enumerable: true,
        get() {
          reads.push(key);
          if (key === throwing) throw new RangeError("not now");
          return value;
        },
      });
    }
    await assertRefused([item], field, msg(`${field} could not be read (reading it threw RangeError)`));
    const once = ["seat_uid", "access_seat", "gateway_seat"];
    assert.deepEqual(reads, [...once, ...once], `${throwing}: once per call (editSeats, validateEdits), in order`);
  }
});

test("a Proxy item whose ownKeys throws is named as the item", async () => {
  const item = new Proxy(seat(), {
    ownKeys() {
      throw new Error("no keys");
    },
  });
  await assertRefused([seat({ seat_uid: OTHER }), item], "body[1]",
    msg(`body[1] must be an object {seat_uid, access_seat, gateway_seat}, not ${UNREAD("Error")}`));
});

test("a BigInt seat_uid is named at its field", async () => {
  await assertRefused([seat({ seat_uid: 12n })], "body[0].seat_uid", msg("body[0].seat_uid must be a string (got a BigInt)"));
});

test("boxed primitives are refused, not unboxed: new Boolean(false) is a truthy object", async () => {
  await assertRefused([seat({ gateway_seat: new Boolean(false) })], "body[0].gateway_seat",
    msg("body[0].gateway_seat must be a boolean (got a Boolean object)"));
  await assertRefused([seat({ seat_uid: new String(UID) })], "body[0].seat_uid",
    msg("body[0].seat_uid must be a string (got a String object)"));
  await assertRefused([seat({ access_seat: new Number(1) })], "body[0].access_seat",
    msg("body[0].access_seat must be a boolean (got a Number object)"));
});

test("toJSON on an item or on the array is never called: the item's own fields are sent", async () => {
  let calls = 0;
  const item = { ...seat(), toJSON: () => (calls++, { seat_uid: OTHER, access_seat: false, gateway_seat: false }) };
  const body = [item];
  body.toJSON = () => (calls++, []);
  const mark = requestCount();
  const page = await editSeats(ACCOUNT, body, options());
  assert.deepEqual(page.result.map((s) => [s.seat_uid, s.access_seat, s.gateway_seat]), [[UID, true, false]]);
  assert.deepEqual(patchesSince(mark), [`[{"seat_uid":"${UID}","access_seat":true,"gateway_seat":false}]`]);
  assert.deepEqual(validateEdits(body), [seat()]);
  assert.equal(calls, 0, "toJSON was called");
});

test("each field's getter runs exactly once: what was checked is what was sent", async () => {
  const reads = [];
  // A getter that answers differently each time: a second read would send another value.
  let flip = true;
  const item = Object.defineProperties({}, {
    seat_uid: { enumerable: true, get: () => (reads.push("seat_uid"), UID) },
    access_seat: { enumerable: true, get: () => (reads.push("access_seat"), (flip = !flip)) },
    gateway_seat: { enumerable: true, get: () => (reads.push("gateway_seat"), true) },
  });
  const mark = requestCount();
  await editSeats(ACCOUNT, [item], { ...options(), batchSize: 1 });
  assert.deepEqual(reads, ["seat_uid", "access_seat", "gateway_seat"], "once each, in this order");
  assert.deepEqual(patchesSince(mark), [`[{"seat_uid":"${UID}","access_seat":false,"gateway_seat":true}]`]);
});

test("a body changed after the call returns is sent as it was at the call", async () => {
  const body = [seat()];
  const mark = requestCount();
  const call = editSeats(ACCOUNT, body, options());
  body[0].access_seat = false;
  body.push(seat({ seat_uid: OTHER }));
  await call;
  assert.deepEqual(patchesSince(mark), [`[{"seat_uid":"${UID}","access_seat":true,"gateway_seat":false}]`]);
});

test("an array item and a method that is not data", async () => {
  await assertRefused([[UID, true, false]], "body[0]",
    msg("body[0] must be an object {seat_uid, access_seat, gateway_seat}, not an array"));
  // Like JSON, a function-valued key is not data; any other extra key is an error.
  assert.deepEqual(validateEdits([{ ...seat(), describe() {} }]), [seat()]);
  await assertRefused([seat({ note: 12n })], "body[0].note",
    msg("body[0].note is not a field of a seat edit (expected exactly seat_uid, access_seat and gateway_seat)"));
});

// The same rules for every other input object.

test("options: new Boolean(false) for rateLimitPacing is refused", () => {
  assert.throws(() => new Client({ ...options(), rateLimitPacing: new Boolean(false) }), (err) => {
    assert.ok(err instanceof ValidationError);
    assert.equal(err.field, "rateLimitPacing");
    assert.equal(err.message, msg("rateLimitPacing must be true or false, not a Boolean object"));
    return true;
  });
});

test("options: a headers object that holds itself is read one level deep", async () => {
  const headers = { "X-Trace": "1" };
  headers.self = headers;
  const err = await editSeats(ACCOUNT, [seat()], { ...options(), headers }).catch((e) => e);
  assert.ok(err instanceof ValidationError, `${err?.name}: ${err?.message}`);
  assert.equal(err.field, "headers.self");
  assert.equal(err.message, msg("headers.self must be a string, not an object"));
});

test("a query value that is a String object is refused", async () => {
  const err = await new Client(options()).listUsers(ACCOUNT, { email: new String("a@b.example") }).catch((e) => e);
  assert.ok(err instanceof ValidationError, `${err?.name}: ${err?.message}`);
  assert.equal(err.field, "query.email");
  assert.equal(err.message, msg("query.email must be a string, not a String object"));
});

test("an emails entry whose getter throws, or that is a String object, is named", async () => {
  const client = new Client(options());
  const boxed = await client.findUsersByEmail(ACCOUNT, [new String("a@b.example")]).catch((e) => e);
  assert.ok(boxed instanceof ValidationError, `${boxed?.name}: ${boxed?.message}`);
  assert.equal(boxed.field, "emails[0]");
  assert.equal(boxed.message, msg("emails[0] must be a string, not a String object"));
});

test("a planner-input field: a keep entry that is a String object", () => {
  assert.throws(
    () => planReclaim({ users: [], devices: [], now: "2026-01-01T00:00:00Z", inactiveDays: 90, keep: [new String("@x.example")] }),
    (err) => {
      assert.ok(err instanceof ValidationError, `${err?.name}: ${err?.message}`);
      assert.equal(err.field, "keep[0]");
      assert.equal(err.message, msg("keep[0] must be a string, not a String object"));
      return true;
    },
  );
});

test("a planner-input option whose getter throws is named with what it threw", () => {
  const input = Object.defineProperty({ users: [], devices: [], now: "2026-01-01T00:00:00Z" }, "inactiveDays", {
    enumerable: true,
    get() {
      throw new RangeError("not today");
    },
  });
  assert.throws(() => planReclaim(input), (err) => {
    assert.ok(err instanceof ValidationError, `${err?.name}: ${err?.message}`);
    assert.equal(err.field, "inactiveDays");
    return true;
  });
});
