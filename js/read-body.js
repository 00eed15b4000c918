// Moves a body's seat edits into wasm in one copy: one JSON text of rows, which src/wasm/utf8.rs
// writes into wasm memory as UTF-8. Reading each item from wasm cost a dozen crossings and a string
// copy per seat (most of a 10,000-seat call's CPU).
//
// No decision is made here (src/edit_rows.rs makes them all, through the same checks as every
// other input): each item is read as the walk it replaced read it — its own keys once
// (Object.keys), then seat_uid, access_seat and gateway_seat once each (a getter runs once;
// toJSON is never called, since only primitives are written), then the other keys until one
// holds data. A row is
//   [seat_uid, access_seat, gateway_seat]            the three fields' cells, or with
//   [seat_uid, access_seat, gateway_seat, "key"]     the first other key that holds data;
//   [kind] / [0, thrown]                             an item that is not an object / whose read threw.
// A cell is a string, a boolean, 0 (left out or undefined), [kind] (any other value: "null",
// "number", "Boolean" for a Boolean object, …) or [0, thrown]: the error's class name
// ("TypeError"), or [kind] of what was thrown — never its message, which may quote a secret.
// The rows go in one flat array, where the usual row — a string and two booleans — is written as
// its three cells in place ("uid", true, false) and any other row as one element, the row array.

import { errorName } from "./read-lists.js";

function isAbortSignal(value) {
  const prototype = globalThis.AbortSignal?.prototype;
  if (prototype === undefined) return false;
  let current = value;
  for (let depth = 0; depth < 64; depth++) {
    try {
      current = Object.getPrototypeOf(current);
    } catch {
      return false;
    }
    if (current === prototype) return true;
    if (current === null) return false;
  }
  return false;
}

function isInstance(value, type) {
  try {
    return value instanceof type;
  } catch {
    return false;
  }
}

/** What kind of object a value is, as src/edit_rows.rs names kinds. */
function objectKind(value) {
  if (isAbortSignal(value)) return "AbortSignal";
  try {
    if (Array.isArray(value)) return "Array";
  } catch {
    // a revoked Proxy: an object like any other
  }
  if (isInstance(value, Boolean)) return "Boolean";
  if (isInstance(value, String)) return "String";
  if (isInstance(value, Number)) return "Number";
  return "Object";
}

const kindOf = (value) =>
  value === null ? "null" : typeof value === "object" ? objectKind(value) : typeof value;

/** A field's value as written into a row. */
function cell(value) {
  const type = typeof value;
  if (type === "string" || type === "boolean") return value;
  return value === undefined ? 0 : [kindOf(value)];
}

function thrown(error) {
  return [0, errorName(error) ?? [kindOf(error)]];
}

function readField(item, key) {
  try {
    return cell(item[key]);
  } catch (error) {
    return thrown(error);
  }
}

/** Like JSON.stringify, a method (toJSON included), a symbol or undefined is not data. */
function holdsData(item, key) {
  let value;
  try {
    value = item[key];
  } catch {
    return true;
  }
  const type = typeof value;
  return type !== "undefined" && type !== "function" && type !== "symbol";
}

/** The cells of an item whose read of field `step` (0: seat_uid, …) threw, after the ones read. */
function afterThrow(item, step, uid, access, error) {
  if (step === 0) return [thrown(error), readField(item, "access_seat"), readField(item, "gateway_seat")];
  if (step === 1) return [cell(uid), thrown(error), readField(item, "gateway_seat")];
  return [cell(uid), cell(access), thrown(error)];
}

/**
 * The cells of an item that has all three fields, read once each and in order, in one `try`
 * (a `try` and a call per field cost a fifth of packing 100k seats); a throwing read becomes
 * its cell and the fields after it are still read.
 */
function readFields(item) {
  let uid;
  let access;
  let gateway;
  let step = 0;
  try {
    uid = item.seat_uid;
    step = 1;
    access = item.access_seat;
    step = 2;
    gateway = item.gateway_seat;
  } catch (error) {
    return afterThrow(item, step, uid, access, error);
  }
  return [
    typeof uid === "string" ? uid : cell(uid),
    typeof access === "boolean" ? access : cell(access),
    typeof gateway === "boolean" ? gateway : cell(gateway),
  ];
}

/** The row of an object item that is not the usual edit, from its own `keys`. */
function rowOf(item, keys) {
  let uid = false;
  let access = false;
  let gateway = false;
  let others = null;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (key === "seat_uid") uid = true;
    else if (key === "access_seat") access = true;
    else if (key === "gateway_seat") gateway = true;
    else if (others === null) others = [key];
    else others.push(key);
  }
  // Only an item that is not a seat edit anyway is asked whether it is an array (its keys are indices).
  if ((others !== null || !(uid && access && gateway)) && objectKind(item) === "Array") return ["Array"];
  const out =
    uid && access && gateway
      ? readFields(item)
      : [
          uid ? readField(item, "seat_uid") : 0,
          access ? readField(item, "access_seat") : 0,
          gateway ? readField(item, "gateway_seat") : 0,
        ];
  if (others !== null) {
    const unknown = others.find((key) => holdsData(item, key));
    if (unknown !== undefined) out.push(unknown);
  }
  return out;
}

/** Appends a row to the flat array: the usual one, a string and two booleans, as its three cells. */
function pushRow(cells, out) {
  if (out.length === 3 && typeof out[0] === "string" && typeof out[1] === "boolean" && typeof out[2] === "boolean") {
    cells.push(out[0], out[1], out[2]);
  } else {
    cells.push(out);
  }
}

/**
 * Items `start` to `end` (excluded) of `body` (an array, checked by the caller) as the JSON text of their rows.
 *
 * The usual item, an object whose own keys are the three fields in order and whose values are a
 * string and two booleans, is read inline: a fresh process runs this loop first in V8's
 * interpreter, where the calls and the row array per item cost more than the rest (a first
 * 10,000-seat pack took ~13.6 ms of CPU with them, ~6.9 without; later ones ~1.1 either way).
 * Every other item goes through `rowOf`, the same reads in the same order.
 */
export function packEdits(body, start, end) {
  // One flat array: JSON.stringify writes it a third faster than an array of 1,024 small ones.
  const cells = [];
  for (let index = start; index < end; index++) {
    let item;
    try {
      item = body[index];
    } catch (error) {
      cells.push(thrown(error));
      continue;
    }
    if (item === null || typeof item !== "object") {
      cells.push([kindOf(item)]);
      continue;
    }
    let keys;
    try {
      keys = Object.keys(item);
    } catch (error) {
      cells.push(thrown(error));
      continue;
    }
    if (keys.length !== 3 || keys[0] !== "seat_uid" || keys[1] !== "access_seat" || keys[2] !== "gateway_seat") {
      pushRow(cells, rowOf(item, keys));
      continue;
    }
    // readFields' reads, inline: through a call (even one returning no array) the first
    // 10,000-seat pack cost ~6.8 ms of CPU rather than ~4.4.
    let uid;
    let access;
    let gateway;
    let step = 0;
    try {
      uid = item.seat_uid;
      step = 1;
      access = item.access_seat;
      step = 2;
      gateway = item.gateway_seat;
    } catch (error) {
      cells.push(afterThrow(item, step, uid, access, error));
      continue;
    }
    if (typeof uid === "string" && typeof access === "boolean" && typeof gateway === "boolean") cells.push(uid, access, gateway);
    else cells.push([cell(uid), cell(access), cell(gateway)]);
  }
  return JSON.stringify(cells);
}
