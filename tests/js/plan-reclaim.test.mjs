// planReclaim through the built package: exact decisions on a hand-made account, invariants on
// the stand-in's seeded one, every bad input named, and the plan's edits applied through
// editSeats changing exactly the planned seats in the stand-in.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { Client, ValidationError, planReclaim } from "../../pkg/node.mjs";
import { startStandin, DEMO_ACCOUNT_ID } from "../../standin/standin.mjs";

const TOKEN = "test-token-0123456789abcdef";
const NOW = "2026-12-01T12:00:00Z";
const DAY = 86_400_000;
const ago = (days, ms = 0) => new Date(Date.parse(NOW) - days * DAY - ms).toISOString();
let api;
let client;

before(async () => {
  api = await startStandin({ prefix: "/client/v4" });
  client = new Client({ apiToken: TOKEN, baseUrl: api.url });
});
after(() => api.close());

const user = (id, email, extra) => ({ id, email, name: `User ${id}`, seat_uid: `seat-${id}`, access_seat: true, gateway_seat: true, created_at: ago(800), ...extra });
const USERS = [
  user("u1", "active@example.com", { last_successful_login: ago(3) }),
  user("u2", "idle@example.com", { last_successful_login: ago(200) }),
  user("u3", "device@example.com", { last_successful_login: ago(200) }),
  user("u4", "boundary@example.com", { last_successful_login: ago(90) }),
  user("u5", "over@example.com", { last_successful_login: ago(90, 1) }),
  user("u6", "never@example.com", {}),
  user("u7", "bob@Contractors.example", { last_successful_login: ago(400) }),
  user("u8", "gateway-only@example.com", { access_seat: false, last_successful_login: ago(100) }),
  user("u9", "no-seat@example.com", { access_seat: false, gateway_seat: false, last_successful_login: ago(300) }),
  { id: "u10", email: "no-uid@example.com", access_seat: true, gateway_seat: false, last_successful_login: ago(300) },
];
const DEVICES = [
  { id: "r1", last_seen_at: ago(2), revoked_at: ago(1), user: { id: "u3", email: "device@example.com" } },
  { id: "r2", last_seen_at: ago(1), user: { email: "IDLE@example.com" } }, // no user.id: matched by email…
  { id: "r3", last_seen_at: ago(1), user: { id: "nobody", email: "nobody@example.com" } }, // …this one matches no one
];

test("decisions follow every rule, in the users' order, and the buckets add up", () => {
  const devices = DEVICES.slice(0, 1).concat(DEVICES.slice(2));
  const plan = planReclaim({ users: USERS, devices, now: NOW, inactiveDays: 90, keep: ["@contractors.example"] });
  const rows = plan.decisions.map((d) => [d.email, d.action, d.reason]);
  assert.deepEqual(rows, [
    ["active@example.com", "keep", "active 2026-11-28 (3 days ago: login)"],
    ["idle@example.com", "remove", "last active 2026-05-15 (200 days ago: login)"],
    ["device@example.com", "keep", "active 2026-11-29 (2 days ago: device)"],
    ["boundary@example.com", "keep", "active 2026-09-02 (90 days ago: login)"],
    ["over@example.com", "remove", "last active 2026-09-02 (90 days ago: login)"],
    ["never@example.com", "keep", "never active (no login, no device): kept"],
    ["bob@Contractors.example", "keep", "on the keep list (@contractors.example)"],
    ["gateway-only@example.com", "remove", "last active 2026-08-23 (100 days ago: login)"],
    ["no-uid@example.com", "keep", "no seat_uid in the API's answer: cannot be edited"],
  ]);
  assert.deepEqual(plan.edits, [
    { seat_uid: "seat-u2", access_seat: false, gateway_seat: false },
    { seat_uid: "seat-u5", access_seat: false, gateway_seat: false },
    { seat_uid: "seat-u8", access_seat: false, gateway_seat: false },
  ]);
  assert.deepEqual(plan.summary, {
    users: 10, holdingSeats: 9, reclaim: 3, keptNoSeatUid: 1, keptListed: 1, keptActive: 3, keptNeverActive: 1,
  });
  assert.equal(plan.decisions[1].lastActive, "2026-05-15T12:00:00.000Z");
  assert.equal(plan.decisions[1].lastActiveFrom, "login");
  assert.equal(plan.decisions[5].lastActive, undefined);
});

test("a registration without user.id belongs to the user with its email; seats: access keeps the Gateway seat", () => {
  const plan = planReclaim({ users: USERS, devices: DEVICES, now: new Date(NOW), inactiveDays: 90, seats: "access" });
  const idle = plan.decisions.find((d) => d.email === "idle@example.com");
  assert.equal(idle.action, "keep", "its device was seen a day ago");
  assert.equal(idle.lastActiveFrom, "device");
  assert.ok(!plan.decisions.some((d) => d.email === "gateway-only@example.com"), "holds no Access seat: no decision");
  const over = plan.decisions.find((d) => d.email === "over@example.com");
  assert.equal(over.action, "remove-access");
  assert.deepEqual(plan.edits.find((e) => e.seat_uid === "seat-u5"), { seat_uid: "seat-u5", access_seat: false, gateway_seat: true });
});

test("neverActive: reclaim judges the never-active by created_at", () => {
  const users = [user("n1", "old@example.com", {}), user("n2", "new@example.com", { created_at: ago(1) })];
  const plan = planReclaim({ users, devices: [], now: Date.parse(NOW), inactiveDays: 30, neverActive: "reclaim" });
  assert.deepEqual(plan.decisions.map((d) => [d.action, d.lastActiveFrom]), [["remove", "created"], ["keep", "created"]]);
  assert.equal(plan.decisions[0].reason, "never active; created 2024-09-22 (800 days ago)");
});

/** `count` users, the one at `bad` with `fields` over its own. */
const many = (count, bad, fields) =>
  Array.from({ length: count }, (_, i) => user(`m${i}`, `m${i}@example.com`, i === bad ? fields : {}));

test("bad input is a ValidationError naming the field", () => {
  const base = { users: USERS, devices: DEVICES, now: NOW, inactiveDays: 30 };
  const rows = [
    [{ ...base, inactiveDays: 0 }, "inactiveDays", "inactiveDays must be a whole number of days from 1 to 3650"],
    [{ ...base, inactiveDays: 3651 }, "inactiveDays", "inactiveDays must be a whole number of days from 1 to 3650"],
    [{ ...base, seats: "both" }, "seats", 'seats must be "any", "access" or "gateway"'],
    [{ ...base, neverActive: "maybe" }, "neverActive", 'neverActive must be "keep" or "reclaim"'],
    [{ ...base, keep: ["ok@example.com", "x"] }, "keep[1]", "keep[1] must be an email address or @domain"],
    [{ ...base, keep: "@example.com" }, "keep", "keep must be an array of emails or @domains, not a string"],
    [{ ...base, now: "yesterday" }, "now", "now must be an RFC 3339 date-time, a number of milliseconds or a Date"],
    [{ ...base, users: "all" }, "users", "users must be an array"],
    [{ ...base, devices: [null] }, "devices[0]", "devices[0] must be an object"],
    [{ ...base, users: [...USERS, user("dup", "d@example.com", { seat_uid: "seat-u1" })] }, "users[10].seat_uid", "users[10].seat_uid is also the seat_uid of users[0]"],
    [{ ...base, users: [user("b", "b@example.com", { last_successful_login: "2026-13-01T00:00:00Z" })] }, "users[0].last_successful_login", "users[0].last_successful_login must be an RFC 3339 date-time"],
    [{ ...base, devices: [{ last_seen_at: "soon", user: { id: "u1" } }] }, "devices[0].last_seen_at", "devices[0].last_seen_at must be an RFC 3339 date-time"],
    [{ ...base, inactive: 30 }, "inactive", "inactive is not a reclaim option (known: users, devices, now, inactiveDays, seats, keep, neverActive)"],
  ];
  for (const [input, field, message] of rows) {
    assert.throws(() => planReclaim(input), (err) => {
      assert.ok(err instanceof ValidationError, `${field}: ${err}`);
      assert.equal(err.field, field);
      assert.equal(err.message, message);
      return true;
    });
  }
});

test("the lists' items are read once, field by field: no toJSON, no boxed values, getters once, failures named", () => {
  const base = { devices: [], now: NOW, inactiveDays: 30 };
  const one = (extra) => ({ ...base, users: [user("a", "a@example.com", { last_successful_login: ago(3) }), user("b", "b@example.com", extra)] });
  const throwing = { ...user("b", "b@example.com"), get email() { throw new Error("no email today"); } };
  const rows = [
    [one({ access_seat: new Boolean(false) }), "users[1].access_seat", "users[1].access_seat must be a boolean (got a Boolean object)"],
    [one({ seat_uid: 12n }), "users[1].seat_uid", "users[1].seat_uid must be a string (got a BigInt)"],
    [one({ email: new String("b@example.com") }), "users[1].email", "users[1].email must be a string (got a String object)"],
    [one({ name: 7 }), "users[1].name", "users[1].name must be a string (got a number)"],
    [one({ gateway_seat: "true" }), "users[1].gateway_seat", "users[1].gateway_seat must be a boolean (got a string)"],
    [one({ last_successful_login: new Date() }), "users[1].last_successful_login", "users[1].last_successful_login must be a string (got a Date object)"],
    [{ ...base, users: [user("a", "a@example.com"), throwing] }, "users[1].email", "users[1].email could not be read (reading it threw Error)"],
    [{ ...base, users: [], devices: [{ last_seen_at: ago(1), user: "u1" }] }, "devices[0].user", "devices[0].user must be an object (got a string)"],
    [{ ...base, users: [], devices: [{ last_seen_at: ago(1), user: { id: new Number(1) } }] }, "devices[0].user.id", "devices[0].user.id must be a string (got a Number object)"],
    [{ ...base, users: [user("a", "a@example.com"), 5] }, "users[1]", "users[1] must be an object"],
    // eslint-disable-next-line no-sparse-arrays
    [{ ...base, users: [user("a", "a@example.com"), , user("b", "b@example.com")] }, "users[1]", "users[1] must be an object"],
    // Rows are packed 500 at a time: an item past the first chunks keeps its own index.
    [{ ...base, users: many(2500, 2001, { name: 7 }) }, "users[2001].name", "users[2001].name must be a string (got a number)"],
    [{ ...base, users: many(2000, 1999, { seat_uid: 12n }) }, "users[1999].seat_uid", "users[1999].seat_uid must be a string (got a BigInt)"],
    [{ ...base, users: [], devices: Array.from({ length: 1800 }, (_, i) => ({ last_seen_at: i === 1700 ? 5 : ago(1), user: { id: `m${i}` } })) }, "devices[1700].last_seen_at", "devices[1700].last_seen_at must be a string (got a number)"],
  ];
  for (const [input, field, message] of rows) {
    assert.throws(() => planReclaim(input), (err) => {
      assert.ok(err instanceof ValidationError, `${field}: ${err}`);
      assert.deepEqual([err.field, err.message], [field, message]);
      return true;
    });
  }
  // toJSON is never called; each property is read once, whatever the plan needs.
  let reads = 0;
  const counted = user("c", "c@example.com", { last_successful_login: ago(200), toJSON: () => assert.fail("toJSON was called") });
  Object.defineProperty(counted, "seat_uid", { get: () => (reads++, "seat-c"), enumerable: true });
  const users = Object.assign([counted], { toJSON: () => assert.fail("the array's toJSON was called") });
  const plan = planReclaim({ ...base, users });
  assert.equal(reads, 1);
  assert.deepEqual(plan.edits, [{ seat_uid: "seat-c", access_seat: false, gateway_seat: false }]);
  assert.deepEqual(
    { ...plan.decisions[0], reason: undefined },
    { email: "c@example.com", name: "User c", seat_uid: "seat-c", action: "remove", reason: undefined, lastActive: ago(200), lastActiveFrom: "login" },
  );
});

test("rows past the first chunk keep every character: a list whose later chunks are not ASCII", () => {
  // The first 500 rows are ASCII, so the room guessed from them is short for what follows.
  const users = Array.from({ length: 1203 }, (_, i) =>
    user(`m${i}`, `m${i}@example.com`, { name: i < 500 ? `User ${i}` : `Zoë 😀 ${"é".repeat(i % 40)} ${i}`, last_successful_login: ago(200) }));
  const plan = planReclaim({ users, devices: [], now: NOW, inactiveDays: 30 });
  assert.equal(plan.decisions.length, 1203);
  assert.deepEqual(plan.decisions.map((d) => d.name), users.map((u) => u.name));
  assert.deepEqual(plan.edits.map((e) => e.seat_uid), users.map((u) => u.seat_uid));
});

test("the stand-in's seeded account: a realistic plan whose edits change exactly the planned seats", async () => {
  const users = await client.listUsers(DEMO_ACCOUNT_ID);
  const devices = await client.listDeviceRegistrations(DEMO_ACCOUNT_ID, { status: "all" });
  assert.equal(users.length, 300);
  const plan = planReclaim({ users, devices, inactiveDays: 30, keep: ["@contractors.example"] });
  const s = plan.summary;
  assert.equal(s.keptNoSeatUid + s.keptListed + s.keptActive + s.keptNeverActive + s.reclaim, s.holdingSeats);
  assert.equal(s.holdingSeats, users.filter((u) => u.access_seat || u.gateway_seat).length);
  assert.ok(s.reclaim > 0 && s.keptActive > 0, JSON.stringify(s));
  assert.equal(plan.edits.length, s.reclaim);
  assert.ok(plan.decisions.filter((d) => d.email.toLowerCase().endsWith("@contractors.example")).every((d) => d.action === "keep"));
  const before = new Map((await (await fetch(`${api.origin}/__standin/accounts/${DEMO_ACCOUNT_ID}/seats`)).json()).map((x) => [x.seat_uid, x]));
  await client.editSeats(DEMO_ACCOUNT_ID, plan.edits, { batchSize: 3, concurrency: 2 });
  const afterSeats = new Map((await (await fetch(`${api.origin}/__standin/accounts/${DEMO_ACCOUNT_ID}/seats`)).json()).map((x) => [x.seat_uid, x]));
  const removed = [...before.keys()].filter((uid) => !afterSeats.has(uid)).sort();
  assert.deepEqual(removed, plan.edits.map((e) => e.seat_uid).sort(), "exactly the planned seats are gone");
  for (const [uid, seat] of afterSeats) assert.deepEqual(seat, before.get(uid), `${uid} untouched`);
});

test("a read that throws names its field; every property of the item is still read exactly once", () => {
  /** `fields` as getters that count their reads; the one named `throws` throws a RangeError. */
  const counted = (fields, throws, reads) => {
    const item = {};
    for (const [key, value] of Object.entries(fields)) {
      Object.defineProperty(item, key, {
        enumerable: true,
        get: () => {
          reads[key] = (reads[key] ?? 0) + 1;
          if (key === throws) throw new RangeError(`no ${key}`);
          return value;
        },
      });
    }
    return item;
  };
  const base = { devices: [], now: NOW, inactiveDays: 30 };
  const fields = { id: "t", email: "t@example.com", name: "T", seat_uid: "seat-t", access_seat: true, gateway_seat: true, last_successful_login: ago(1), created_at: ago(800) };
  for (const key of Object.keys(fields)) {
    const reads = {};
    assert.throws(() => planReclaim({ ...base, users: [user("a", "a@example.com"), counted(fields, key, reads)] }), (err) => {
      assert.ok(err instanceof ValidationError, `${key}: ${err}`);
      assert.deepEqual([err.field, err.message], [`users[1].${key}`, `users[1].${key} could not be read (reading it threw RangeError)`]);
      return true;
    });
    assert.deepEqual(reads, Object.fromEntries(Object.keys(fields).map((k) => [k, 1])), `${key} threw`);
  }
  // Registrations: the throwing read at each step of a row, its owner's fields included.
  const owner = { id: "a", email: "a@example.com" };
  for (const [throws, field] of [["last_seen_at", "devices[0].last_seen_at"], ["user", "devices[0].user"], ["id", "devices[0].user.id"], ["email", "devices[0].user.email"]]) {
    const reads = {};
    const user = counted(owner, throws, reads);
    const device = counted({ last_seen_at: ago(1), user }, throws, reads);
    assert.throws(() => planReclaim({ ...base, users: USERS, devices: [device] }), (err) => {
      assert.ok(err instanceof ValidationError, `${throws}: ${err}`);
      assert.deepEqual([err.field, err.message], [field, `${field} could not be read (reading it threw RangeError)`]);
      return true;
    });
    const expected = throws === "user" ? { last_seen_at: 1, user: 1 } : { last_seen_at: 1, user: 1, id: 1, email: 1 };
    assert.deepEqual(reads, expected, `${throws} threw`);
  }
});

test("errors keep their order while the lists are read a chunk at a time: every item's kind, then users' times, then registrations' times", () => {
  const users = Array.from({ length: 1300 }, (_, i) => user(`m${i}`, `m${i}@example.com`, { last_successful_login: i === 1250 ? "soon" : ago(200) }));
  const devices = Array.from({ length: 1300 }, (_, i) => ({ last_seen_at: i === 3 ? "later" : ago(1), user: { id: `m${i}` } }));
  const failure = (input) => {
    try {
      planReclaim({ now: NOW, inactiveDays: 30, ...input });
    } catch (err) {
      assert.ok(err instanceof ValidationError, String(err));
      return [err.field, err.message];
    }
    assert.fail("planned");
  };
  const notAnObject = devices.map((d, i) => (i === 1100 ? 7 : d));
  assert.deepEqual(failure({ users, devices: notAnObject }), ["devices[1100]", "devices[1100] must be an object"]);
  assert.deepEqual(failure({ users, devices }), ["users[1250].last_successful_login", "users[1250].last_successful_login must be an RFC 3339 date-time"]);
  const fine = users.map((u, i) => (i === 1250 ? { ...u, last_successful_login: ago(2) } : u));
  assert.deepEqual(failure({ users: fine, devices }), ["devices[3].last_seen_at", "devices[3].last_seen_at must be an RFC 3339 date-time"]);
  const dup = fine.map((u, i) => (i === 1299 ? { ...u, seat_uid: "seat-m2" } : u));
  const goodDevices = devices.map((d, i) => (i === 3 ? { ...d, last_seen_at: ago(1) } : d));
  assert.deepEqual(failure({ users: dup, devices: goodDevices }), ["users[1299].seat_uid", "users[1299].seat_uid is also the seat_uid of users[2]"]);
  const plan = planReclaim({ users: fine, devices: goodDevices, now: NOW, inactiveDays: 30 });
  assert.equal(plan.decisions.length, 1300);
  assert.deepEqual(plan.summary, { users: 1300, holdingSeats: 1300, reclaim: 0, keptNoSeatUid: 0, keptListed: 0, keptActive: 1300, keptNeverActive: 0 });
  assert.equal(plan.decisions[1299].lastActiveFrom, "device");
});

test("empty lists plan nothing", () => {
  assert.deepEqual(planReclaim({ users: [], devices: [], now: NOW, inactiveDays: 30 }), {
    edits: [],
    decisions: [],
    summary: { users: 0, holdingSeats: 0, reclaim: 0, keptNoSeatUid: 0, keptListed: 0, keptActive: 0, keptNeverActive: 0 },
  });
});
