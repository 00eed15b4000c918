// planReclaim's wasm memory (issue 15): the lists cross a chunk at a time and are read into a
// compact roster, so a plan never holds every row, fact and its whole JSON at once. That is what
// keeps a first plan of 100,000 users below the growth that makes V8 mark the caller's whole heap
// (bench/README.md, planReclaim). Here, in a fresh process (node --test runs each file alone):
// the memory grows once, by less than twice the users' packed rows, and a second plan reuses it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { loadWatched } from "./wasm-memory.mjs";

const {
  pkg: { planReclaim },
  memory,
} = await loadWatched();
const NOW = Date.parse("2026-12-01T00:00:00Z");
const DAY = 86_400_000;
const hex = (i, width) => i.toString(16).padStart(width, "0");
const uuid = (kind, i) => `${hex(kind, 8)}-58f5-4975-90c0-${hex(i, 12)}`;

/** User `i`, shaped as the users list answers (ids and seat UIDs are UUIDs). */
const user = (i) => ({
  id: uuid(1, i),
  uid: uuid(1, i),
  seat_uid: uuid(2, i),
  name: `User Number ${i}`,
  email: `user.${i}@example.com`,
  access_seat: true,
  gateway_seat: i % 3 === 0,
  last_successful_login: new Date(NOW - (i % 300) * DAY).toISOString(),
  created_at: new Date(NOW - 900 * DAY).toISOString(),
});
const device = (k) => ({ id: uuid(3, k), last_seen_at: new Date(NOW - (k % 200) * DAY).toISOString(), user: { id: uuid(1, (k * 7) % 20_000), email: `user.${(k * 7) % 20_000}@example.com` } });

/** The users' rows as js/read-lists.js packs them: what the memory is measured against. */
const rowBytes = (users) =>
  Buffer.byteLength(JSON.stringify(users.map((u) => [u.id, u.email, u.name, u.seat_uid, u.access_seat, u.gateway_seat, u.last_successful_login, u.created_at])));

test("a plan of 20,000 users and 30,000 registrations grows the wasm memory once, by less than twice the users' rows", () => {
  assert.ok(memory instanceof WebAssembly.Memory, "the wasm exports its memory");
  const users = Array.from({ length: 20_000 }, (_, i) => user(i));
  const devices = Array.from({ length: 30_000 }, (_, k) => device(k));
  const rows = rowBytes(users);
  const before = memory.buffer.byteLength;
  const policy = { users, devices, now: NOW, inactiveDays: 90 };
  const plan = planReclaim(policy);
  const grown = memory.buffer.byteLength - before;
  assert.equal(plan.decisions.length, 20_000);
  assert.equal(plan.summary.reclaim, plan.edits.length);
  assert.ok(plan.summary.reclaim > 0 && plan.summary.keptActive > 0, JSON.stringify(plan.summary));
  // Holding every row, fact and the plan's JSON at once took 5.2 times the rows (ac4632d).
  assert.ok(grown < 2 * rows, `grew ${grown} B for ${rows} B of user rows`);
  const again = planReclaim(policy);
  assert.equal(memory.buffer.byteLength - before, grown, "a second plan needs no more memory");
  assert.deepEqual(again.summary, plan.summary);
});
