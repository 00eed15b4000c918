// Moves the fields the reclaim planner reads out of the caller's users and registrations into JSON
// texts of arrays, a chunk of items at a time, which writeUtf8 copies into wasm memory as UTF-8.
// Reading them from wasm one property at a time cost a crossing and a string copy per field:
// seconds for 100,000 users.
//
// No decision is made here (src/plan_input.rs makes them all): each row is the item's fields in
// a fixed order, each property read once with plain property access (a getter runs once; toJSON
// is never called, since only primitives are written). A value that is not a string, boolean,
// null or undefined is written as [kind] (e.g. ["Boolean"] for a Boolean object, ["bigint"]),
// a property whose read throws as [0, the error's class name], and an item that is not an object as 0, so the
// core can name each of them.

const encoder = new TextEncoder();

/** Field order of a user row: src/plan_input.rs reads the same. */
const USER_FIELDS = ["id", "email", "name", "seat_uid", "access_seat", "gateway_seat", "last_successful_login", "created_at"];

function kindOf(value) {
  if (typeof value !== "object" && typeof value !== "function") return typeof value;
  try {
    return Array.isArray(value) ? "Array" : Object.prototype.toString.call(value).slice(8, -1);
  } catch {
    return "Object";
  }
}

/** The value as written into a row. */
function cell(value) {
  const type = typeof value;
  if (type === "string" || type === "boolean" || value === null) return value;
  return value === undefined ? null : [kindOf(value)];
}

/**
 * The class name of what a read threw (`TypeError`), or null; never its message, which may quote
 * a secret. Only an object's `name` is asked (src/wasm/js_input.rs does the same).
 */
export function errorName(error) {
  if (error === null || typeof error !== "object") return null;
  let name;
  try {
    name = error.name;
  } catch {
    return null; // a hostile thrown object: named by its kind
  }
  return typeof name === "string" && /^\w{1,40}$/.test(name) ? name : null;
}

/** What a failed read names: the error's class, else the kind of what was thrown. */
const thrownName = (error) => errorName(error) ?? kindOf(error);

function read(item, key) {
  try {
    return cell(item[key]);
  } catch (error) {
    return [0, thrownName(error)];
  }
}

const isObject = (item) => item !== null && (typeof item === "object" || typeof item === "function");

/**
 * A user row: its fields' cells in USER_FIELDS' order, each read once, in one `try` (a map
 * callback and a `try` per field cost 69 rather than 61 ms for 100,000 users); a read that
 * throws becomes its cell, and the fields after it are still read.
 */
function userRow(item) {
  if (!isObject(item)) return 0;
  const row = [null, null, null, null, null, null, null, null];
  for (let at = 0; ; at++) {
    try {
      for (; at < USER_FIELDS.length; at++) row[at] = cell(item[USER_FIELDS[at]]);
      return row;
    } catch (error) {
      row[at] = [0, thrownName(error)];
    }
  }
}

/**
 * A registration row: `[last_seen_at, 1, user.id, user.email]`, or when `user` is not an object
 * `[last_seen_at, <user's cell>, null, null]` (a cell is never a number, so 1 is unambiguous).
 */
function deviceRow(item) {
  if (!isObject(item)) return 0;
  const seen = read(item, "last_seen_at");
  let owner;
  try {
    owner = item.user;
  } catch (error) {
    return [seen, [0, thrownName(error)], null, null];
  }
  if (!isObject(owner)) return [seen, cell(owner), null, null];
  return [seen, 1, read(owner, "id"), read(owner, "email")];
}

/**
 * Items `start` to `end` of `list` as JSON text, `[row, …]`, one row per item (the caller checked
 * it is an array; a hole is `null`, as `map` then `JSON.stringify` wrote it). The core asks for a
 * chunk at a time and copies each into wasm memory at once, so a chunk's rows and its text die
 * young: no text of the whole list is ever made in JS (for 100,000 users, 18 MB joined from
 * parts held until the end, which V8 promoted to its old generation first).
 */
function pack(list, start, end, row) {
  const rows = new Array(end - start);
  for (let i = start; i < end; i++) rows[i - start] = i in list ? row(list[i]) : null;
  return JSON.stringify(rows);
}

/** Users `start` to `end` as JSON text: `[row, …]`. */
export function packUsers(users, start, end) {
  return pack(users, start, end, userRow);
}

/** Registrations `start` to `end` as JSON text: `[row, …]`. */
export function packDevices(devices, start, end) {
  return pack(devices, start, end, deviceRow);
}

/** An item's `id` when it is a string, else null. */
const idOf = (item) => (isObject(item) && typeof item.id === "string" ? item.id : null);

/**
 * A page's ids as JSON text, `["…", null, …]`: one crossing and one copy for the page, where
 * reading each id from wasm cost two crossings and a string copy per item. `items` is an array
 * `JSON.parse` made (no getters or proxies to guard against).
 */
export function packIds(items) {
  return JSON.stringify(items.map(idOf));
}

/**
 * Writes `text` from UTF-16 index `from` as UTF-8 into wasm memory at `ptr` (at most `capacity`
 * bytes): `[units read, bytes written]`. Straight into wasm memory, so no ArrayBuffer of the
 * text's size is made (V8 counts each as external memory, which starts full GCs).
 */
export function writeUtf8(text, from, memory, ptr, capacity) {
  const { read, written } = encoder.encodeInto(from ? text.slice(from) : text, new Uint8Array(memory.buffer, ptr, capacity));
  return [read, written];
}
