// An account's users and WARP registrations ("directory"), as loaded from a seed or the control
// API, and how a user is shown by GET /access/users.
//
// Seats are not stored here: a user's access_seat/gateway_seat are read from the seat map at every
// answer, so a PATCH on the seats route shows in the users list at once.

import { createHash } from "node:crypto";
import { need, isObject } from "./envelopes.mjs";
import { DEFAULT_POLICY, SEED_TIME, uuidV4From } from "./seed.mjs";

/**
 * Checks and stores `entries` (users, each with optional `registrations`). Returns the directory
 * and the seat writes it implies: a user with `access_seat` or `gateway_seat` sets its seat.
 * Throws a ControlError naming the first bad entry. `trusted` skips the checks, for entries the
 * stand-in generated itself (20,000 users must load fast).
 */
export function buildDirectory(accountId, entries, { trusted = false } = {}) {
  need(Array.isArray(entries), "body must be an array of users");
  const users = [];
  const registrations = [];
  const activeDevices = new Map();
  const seatWrites = [];
  const ids = new Set();
  entries.forEach((entry, index) => {
    if (!trusted) checkUser(entry, index);
    const user = storedUser(accountId, entry, index);
    need(!ids.has(user.id), `user ${index}: duplicate id ${user.id}`);
    ids.add(user.id);
    users.push(user);
    const seat = seatWriteOf(entry, user, index);
    if (seat) seatWrites.push(seat);
    // One summary object per user, shared by the user's registrations.
    const summary = { id: user.id, email: user.email, name: user.name };
    (entry.registrations ?? []).forEach((raw, n) => {
      if (!trusted) checkRegistration(raw, `user ${index} registration ${n}`);
      const stored = storedRegistration(accountId, raw, user, summary, index, n);
      registrations.push(stored);
      if (stored.record.revoked_at === null) activeDevices.set(user.id, (activeDevices.get(user.id) ?? 0) + 1);
    });
  });
  return { directory: { users, registrations, activeDevices }, seatWrites };
}

/** A user as GET /access/users answers it, with the live seat flags. Key order as the API's. */
export function renderUser(user, seats, activeDevices) {
  const seat = user.seat_uid === undefined ? undefined : seats?.get(user.seat_uid);
  const shown = { id: user.id, uid: user.uid };
  if (user.seat_uid !== undefined) shown.seat_uid = user.seat_uid;
  shown.name = user.name;
  shown.email = user.email;
  shown.access_seat = seat?.access_seat ?? false;
  shown.gateway_seat = seat?.gateway_seat ?? false;
  shown.active_device_count = activeDevices.get(user.id) ?? 0;
  if (user.last_successful_login !== undefined) shown.last_successful_login = user.last_successful_login;
  shown.created_at = user.created_at;
  shown.updated_at = user.updated_at;
  return shown;
}

// ---------------------------------------------------------------------------------------------
// Users

const optionalString = (value) => value === undefined || typeof value === "string";
const optionalBoolean = (value) => value === undefined || typeof value === "boolean";
const optionalTime = (value) => value === undefined || (typeof value === "string" && !Number.isNaN(Date.parse(value)));

function checkUser(entry, index) {
  const at = `user ${index}`;
  need(isObject(entry), `${at} must be an object`);
  need(typeof entry.email === "string", `${at} needs an email (string)`);
  for (const key of ["id", "uid", "seat_uid", "name"]) need(optionalString(entry[key]), `${at}: ${key} must be a string`);
  for (const key of ["access_seat", "gateway_seat"]) need(optionalBoolean(entry[key]), `${at}: ${key} must be a boolean`);
  for (const key of ["created_at", "updated_at"]) need(optionalTime(entry[key]), `${at}: ${key} must be a timestamp`);
  const login = entry.last_successful_login;
  need(login === null || optionalTime(login), `${at}: last_successful_login must be a timestamp or null`);
  need(entry.registrations === undefined || Array.isArray(entry.registrations), `${at}: registrations must be an array`);
}

// Absent and null logins are kept apart: the answer shows exactly what was stored.
function storedUser(accountId, entry, index) {
  const id = entry.id ?? uuidV4From(digestOf(`standin user ${accountId} ${index} ${entry.email}`));
  const created_at = entry.created_at ?? SEED_TIME;
  const user = { id, uid: entry.uid ?? id, seat_uid: entry.seat_uid, name: entry.name ?? "", email: entry.email };
  if (entry.last_successful_login !== undefined) user.last_successful_login = entry.last_successful_login;
  user.created_at = created_at;
  user.updated_at = entry.updated_at ?? created_at;
  // Lower-cased once here, not at every filtered request over 20,000 users.
  user.emailKey = user.email.toLowerCase();
  user.nameKey = user.name.toLowerCase();
  return user;
}

function seatWriteOf(entry, user, index) {
  if (entry.access_seat === undefined && entry.gateway_seat === undefined) return null;
  need(user.seat_uid !== undefined, `user ${index}: seat flags need a seat_uid`);
  const { seat_uid, created_at, updated_at } = user;
  return { seat_uid, access_seat: entry.access_seat ?? false, gateway_seat: entry.gateway_seat ?? false, created_at, updated_at };
}

// ---------------------------------------------------------------------------------------------
// Registrations

const DEFAULT_DEVICE = Object.freeze({ name: "My Device", client_version: "2025.4.943.0" });

function checkRegistration(raw, at) {
  need(isObject(raw), `${at} must be an object`);
  const strings = ["id", "key", "key_type", "tunnel_type", "virtual_ipv4", "virtual_ipv6"];
  for (const key of strings) need(optionalString(raw[key]), `${at}: ${key} must be a string`);
  for (const key of ["created_at", "updated_at", "last_seen_at"]) need(optionalTime(raw[key]), `${at}: ${key} must be a timestamp`);
  need(raw.revoked_at === null || optionalTime(raw.revoked_at), `${at}: revoked_at must be a timestamp or null`);
  need(raw.device === undefined || isObject(raw.device), `${at}: device must be an object`);
  for (const key of ["id", "name", "client_version"]) need(optionalString(raw.device?.[key]), `${at}: device.${key} must be a string`);
}

/**
 * The registration as the API shows it (schema teams-devices_registration, key order as in its
 * example), plus what the filters need: last_seen_at in ms, the user (for its lower-cased email
 * and name) and the lower-cased device name.
 */
function storedRegistration(accountId, raw, user, summary, userIndex, n) {
  const digest = raw.id && raw.key && raw.device?.id ? null : digestOf(`standin registration ${accountId} ${userIndex} ${n}`);
  const created_at = raw.created_at ?? SEED_TIME;
  const last_seen_at = raw.last_seen_at ?? created_at;
  const revoked_at = raw.revoked_at ?? null;
  const device = {
    id: raw.device?.id ?? uuidV4From(digest.subarray(16)),
    name: raw.device?.name ?? DEFAULT_DEVICE.name,
    client_version: raw.device?.client_version ?? DEFAULT_DEVICE.client_version,
  };
  const record = {
    id: raw.id ?? uuidV4From(digest),
    created_at,
    updated_at: raw.updated_at ?? revoked_at ?? last_seen_at,
    last_seen_at,
    revoked_at,
    deleted_at: null,
    key: raw.key ?? digest.toString("base64"),
    key_type: raw.key_type ?? "secp256r1",
    tunnel_type: raw.tunnel_type ?? "masque",
    virtual_ipv4: raw.virtual_ipv4 ?? null,
    virtual_ipv6: raw.virtual_ipv6 ?? null,
    device,
    user: summary,
    policy: DEFAULT_POLICY,
  };
  return { record, seenMs: Date.parse(last_seen_at), user, deviceKey: device.name.toLowerCase() };
}

function digestOf(text) {
  return createHash("sha256").update(text).digest();
}
