// Deterministic users and WARP registrations for the list and planning scenarios, and the API's
// page texts of them (what the server sends, and what the planning scenario parses). Item `i` is
// a pure function of `i`, so the server's 10,000 users are the first 10,000 of the planner's
// 100,000. Shapes as GET …/access/users and GET …/devices/registrations answer them (the
// OpenAPI description, standin/directory.mjs); timestamps are whole seconds before NOW.
// It imports only config.mjs; clients load it only in the scenarios that need it.

import { seatUid } from "./config.mjs";

/** The fixed moment the planner judges, and the data is dated from. */
export const NOW = "2026-06-01T00:00:00Z";
/** The pagination every contender asks for (the API's largest page). */
export const PER_PAGE = 1000;
/** How many users, and registrations, the server's lists hold: 10 pages each. */
export const LIST_ITEMS = 10_000;

const NOW_MS = Date.parse(NOW);
const DAY_MS = 86_400_000;
const FIRST = ["Aisha", "Ben", "Chen", "Elena", "Felix", "Grace", "Hiro", "Ines", "Jamal", "Kai", "Leila", "Maya", "Noah", "Omar", "Priya", "Rosa"];
const LAST = ["Abara", "Bauer", "Costa", "Dubois", "Garcia", "Haddad", "Jensen", "Kapoor", "Moreau", "Novak", "Okafor", "Patel", "Rossi", "Sato", "Tanaka", "Weber"];
const CLIENT_VERSIONS = ["2025.1.861.0", "2025.4.943.0", "2025.6.1335.0"];

// lowbias32 (a 32-bit integer hash): well mixed, cheap, no state.
function mix(x) {
  x = (x ^ (x >>> 16)) >>> 0;
  x = Math.imul(x, 0x7feb352d);
  x ^= x >>> 15;
  x = Math.imul(x, 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}
const hex = (n, width) => n.toString(16).padStart(width, "0");
const iso = (ms) => new Date(ms - (ms % 1000)).toISOString().replace(".000Z", "Z");
const ago = (days, h) => NOW_MS - days * DAY_MS - (h % DAY_MS);

/** A UUID-shaped id, unique per (tag, index): the last group holds both. */
function uuid(tag, index) {
  const a = mix(index * 8 + tag);
  const b = mix(a);
  return `${hex(a, 8)}-${hex(b >>> 16, 4)}-4${hex(b & 0xfff, 3)}-${hex(0x8000 | (a & 0x3fff), 4)}-${tag}${hex(index, 11)}`;
}

/** Who user `i` is: what its registrations repeat as their `user`. */
function identity(i) {
  const h = mix(i ^ 0x5eed5);
  const first = FIRST[h & 15];
  const last = LAST[(h >>> 4) & 15];
  // One in 20 is a contractor: the planner's keep list spares them.
  const domain = (h >>> 8) % 20 === 0 ? "contractors.example" : "example.com";
  return { id: uuid(1, i), email: `${first.toLowerCase()}.${last.toLowerCase()}${i + 1}@${domain}`, name: `${first} ${last}` };
}

// 1.5 registrations per user: user `i` owns registrations floor(3i / 2) … floor(3(i + 1) / 2) − 1.
const firstDeviceOf = (i) => Math.floor((3 * i) / 2);
const ownerOf = (j) => Math.floor((2 * j + 1) / 3);
const isRevoked = (j) => mix(j ^ 0xdead) % 7 === 0;

/** User `i` as the users list shows it. */
export function user(i) {
  const { id, email, name } = identity(i);
  const h = mix(i ^ 0xbeef);
  const shown = { id, uid: id };
  const seat = h % 20; // 0: no seat_uid; 1–2: a seat_uid but no seat; else a seat of some kind
  if (seat !== 0) shown.seat_uid = seatUid(i);
  shown.name = name;
  shown.email = email;
  shown.access_seat = seat > 2 && seat % 3 !== 0;
  shown.gateway_seat = seat > 2 && seat % 3 !== 1;
  let active = 0;
  for (let j = firstDeviceOf(i); j < firstDeviceOf(i + 1); j++) active += isRevoked(j) ? 0 : 1;
  shown.active_device_count = active;
  const neverLogin = (h >>> 8) % 12 === 0;
  const login = ago((h >>> 12) % 400, mix(h));
  if (!neverLogin) shown.last_successful_login = iso(login);
  shown.created_at = iso(login - (30 + ((h >>> 20) % 300)) * DAY_MS);
  shown.updated_at = neverLogin ? shown.created_at : shown.last_successful_login;
  return shown;
}

/** Registration `j` as the registrations list shows it (no `include=policy`). */
export function registration(j) {
  const h = mix(j ^ 0xface);
  const owner = identity(ownerOf(j));
  const seen = ago(h % 300, mix(h));
  const revoked = isRevoked(j) ? iso(seen + 3_600_000) : null;
  const serial = j + 2;
  return {
    id: uuid(3, j),
    created_at: iso(seen - (1 + ((h >>> 9) % 200)) * DAY_MS),
    updated_at: revoked ?? iso(seen),
    last_seen_at: iso(seen),
    revoked_at: revoked,
    deleted_at: null,
    key: `${hex(mix(h ^ 1), 8)}${hex(mix(h ^ 2), 8)}${hex(mix(h ^ 3), 8)}${hex(mix(h ^ 4), 8)}`,
    key_type: h & 1 ? "secp256r1" : "curve25519",
    tunnel_type: h & 1 ? "masque" : "wireguard",
    virtual_ipv4: `100.${96 + (serial >> 16)}.${(serial >> 8) & 255}.${serial & 255}`,
    virtual_ipv6: `2606:4700:cf1:1000::${serial.toString(16)}`,
    device: { id: uuid(4, j), name: `${owner.name.split(" ")[0]}'s laptop`, client_version: CLIENT_VERSIONS[(h >>> 3) % 3] },
    user: owner,
  };
}

const envelope = (result, result_info) => JSON.stringify({ success: true, errors: [], messages: [], result, result_info });
const items = (make, from, to) => Array.from({ length: Math.max(0, to - from) }, (_, k) => make(from + k));

/** Page `page` (1-based) of `total` users, `perPage` a page, as the API's answer text. */
export function usersPageText(total, perPage, page) {
  const result = items(user, (page - 1) * perPage, Math.min(total, page * perPage));
  const total_pages = Math.ceil(total / perPage);
  return envelope(result, { page, per_page: perPage, count: result.length, total_count: total, total_pages });
}

/** The opaque cursor of the page that starts at `offset`. */
export const cursorAt = (offset) => `bench.${offset.toString(36)}`;
/** The offset a cursor stands for; null when it is not one of ours. */
export function offsetOf(cursor) {
  const m = /^bench\.([0-9a-z]+)$/.exec(cursor);
  return m ? parseInt(m[1], 36) : null;
}

/** The page of `total` registrations starting at `offset`; its cursor is "" when it is the last. */
export function registrationsPageText(total, perPage, offset) {
  const end = Math.min(total, offset + perPage);
  const result = items(registration, offset, end);
  return envelope(result, { count: result.length, cursor: end < total ? cursorAt(end) : "", per_page: perPage, total_count: null });
}

/** Every page text of `users` users and `devices` registrations, `PER_PAGE` a page. */
export function allPageTexts(users, devices) {
  const userPages = items((p) => usersPageText(users, PER_PAGE, p), 1, Math.ceil(users / PER_PAGE) + 1);
  const devicePages = items((k) => registrationsPageText(devices, PER_PAGE, k * PER_PAGE), 0, Math.ceil(devices / PER_PAGE));
  return { userPages, devicePages };
}

/** The planning scenario's account: 100,000 users and 150,000 registrations. */
export const RECLAIM_USERS = 100_000;
export const RECLAIM_DEVICES = 150_000;

/**
 * The planning scenario's page texts, `{ userPages, devicePages }`: read from the file the runner
 * wrote once per run (BENCH_RECLAIM_PAGES, one text a line, the users' pages first), else made
 * here (~3 s: the runner saves every client process that).
 */
export async function reclaimPageTexts() {
  const file = process.env.BENCH_RECLAIM_PAGES;
  if (!file) return allPageTexts(RECLAIM_USERS, RECLAIM_DEVICES);
  const { readFileSync } = await import("node:fs");
  const lines = readFileSync(file, "utf8").split("\n");
  const split = Math.ceil(RECLAIM_USERS / PER_PAGE);
  return { userPages: lines.slice(0, split), devicePages: lines.slice(split, split + Math.ceil(RECLAIM_DEVICES / PER_PAGE)) };
}
