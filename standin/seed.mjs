// Deterministic seed data: the demo account's 40 seats (defaultSeed), its 300 users with their
// WARP registrations (defaultUsers), and bulk users for tests (generateUsers).
//
// Everything is derived from hashes or a seeded PRNG, so every run gives the same data. User and
// device timestamps are `now` minus deterministic offsets, so "last seen 3 days ago" stays true
// in a demo whenever it runs; pass a fixed `now` to get byte-identical output.

import { createHash } from "node:crypto";

/** The account id Cloudflare's own documentation uses; the demo page starts with it. */
export const DEMO_ACCOUNT_ID = "699d98642c564d2e855e9661899b7252";
/** created_at/updated_at of seats put through the control API without timestamps. */
export const SEED_TIME = "2026-01-01T00:00:00Z";
/** The device settings profile every seeded registration is under. */
export const DEFAULT_POLICY = Object.freeze({
  id: "f3b2a1c0-5d4e-4f60-8a7b-9c0d1e2f3a4b",
  name: "Default",
  default: true,
  deleted: false,
  updated_at: SEED_TIME,
});

export const DEMO_SEAT_COUNT = 40;
export const DEMO_USER_COUNT = 300;

const DAY_MS = 86_400_000;

/** Key order matches the API's answers. */
export function makeSeat({ seat_uid, access_seat, gateway_seat }, created_at, updated_at) {
  return { access_seat, gateway_seat, seat_uid, created_at, updated_at };
}

/** Formats 16 bytes as a UUID with the v4 version and variant bits. */
export function uuidV4From(digest) {
  const bytes = Buffer.from(digest.subarray(0, 16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const sha256 = (text) => createHash("sha256").update(text).digest();
const isoDays = new Map();
const two = (n) => (n < 10 ? `0${n}` : `${n}`);
/** new Date(ms).toISOString(), ~10x faster: bulk users need ~200,000 of them. */
function iso(ms) {
  const day = Math.floor(ms / DAY_MS);
  let prefix = isoDays.get(day);
  if (prefix === undefined) isoDays.set(day, (prefix = new Date(day * DAY_MS).toISOString().slice(0, 11)));
  const t = ms - day * DAY_MS;
  const milli = t % 1000;
  const seconds = Math.floor(t / 1000);
  const clock = `${two(Math.floor(seconds / 3600))}:${two(Math.floor(seconds / 60) % 60)}:${two(seconds % 60)}`;
  return `${prefix}${clock}.${milli < 100 ? (milli < 10 ? `00${milli}` : `0${milli}`) : milli}Z`;
}

// ---------------------------------------------------------------------------------------------
// The 40 demo seats (pinned by tests/js/standin.test.mjs and tests/js/demo.test.mjs)

const FLAG_PATTERNS = [
  [true, true],
  [true, true],
  [true, false],
  [false, true],
];

/** The demo account's 40 seats, the same on every run so tests and screenshots are stable. */
export function defaultSeed() {
  return { [DEMO_ACCOUNT_ID]: Array.from({ length: DEMO_SEAT_COUNT }, (_, index) => demoSeat(index)) };
}

function demoSeat(index) {
  const digest = sha256(`zero-trust-seats demo seat ${index}`);
  const [access_seat, gateway_seat] = FLAG_PATTERNS[digest[16] % FLAG_PATTERNS.length];
  const created = Date.UTC(2025, 0, 6) + index * 7 * DAY_MS + digest[17] * 337_000;
  const updated = created + (digest[18] % 30) * DAY_MS + digest[19] * 211_000;
  const seat = { seat_uid: uuidV4From(digest), access_seat, gateway_seat };
  return makeSeat(seat, iso(created), iso(updated));
}

// ---------------------------------------------------------------------------------------------
// Shared vocabulary

const FIRST_NAMES = [
  "Aisha", "Alex", "Amara", "Ben", "Carlos", "Chen", "Chloe", "Daniel", "Elena", "Emeka", "Fatima", "Felix",
  "Grace", "Hannah", "Hiro", "Ines", "Isaac", "Jamal", "Julia", "Kai", "Laura", "Leila", "Lucas", "Maya",
  "Mei", "Mohammed", "Nadia", "Noah", "Olga", "Omar", "Priya", "Quinn", "Rafael", "Rosa", "Ruth", "Sara",
  "Sofia", "Tariq", "Tomas", "Uma", "Victor", "Wei", "Yara", "Yusuf", "Zoe", "Marta", "Pavel", "Nina",
];
const LAST_NAMES = [
  "Abara", "Andersen", "Bauer", "Becker", "Brennan", "Castillo", "Chowdhury", "Costa", "Dubois", "Eriksen",
  "Fischer", "Garcia", "Haddad", "Hansen", "Ivanova", "Jensen", "Kapoor", "Kowalski", "Larsen", "Lindqvist",
  "Mendes", "Moreau", "Nakamura", "Novak", "Okafor", "Olsen", "Patel", "Petrov", "Quintero", "Rahman",
  "Rossi", "Sato", "Schmidt", "Silva", "Sorensen", "Tanaka", "Tran", "Umar", "Varga", "Wagner", "Walsh",
  "Weber", "Xu", "Yamamoto", "Yilmaz", "Zhang", "Ziegler", "Murphy",
];
const DEVICE_NAMES = [
  (first) => `${first}'s MacBook Pro`,
  (first) => `${first}'s iPhone`,
  (first) => `${first.toLowerCase()}-thinkpad`,
  (first) => `${first}'s iPad`,
  () => "Pixel 8",
  (first) => `${first.toUpperCase()}-WIN11`,
];
const CLIENT_VERSIONS = ["2024.12.554.0", "2025.1.861.0", "2025.2.600.0", "2025.4.943.0", "2025.6.1335.0"];
const KEY_TYPES = [
  ["secp256r1", "masque"],
  ["secp256r1", "masque"],
  ["curve25519", "wireguard"],
];
const CONTRACTOR_DOMAIN = "contractors.example";
const STAFF_DOMAIN = "example.com";

// How long ago users last logged in, and devices were last seen: [weight out of 20, min, max days].
// `null` days: never.
const LOGIN_SPREAD = [
  [2, null, null],
  [6, 0, 7],
  [5, 8, 30],
  [3, 31, 90],
  [2, 91, 365],
  [2, 366, 540],
];
const SEEN_SPREAD = LOGIN_SPREAD.slice(1).map(([weight, min, max], i) => [i === 0 ? weight + 2 : weight, min, max]);

/** Picks from a spread with `roll` in [0, 20) and `fraction` in [0, 1): days ago, or null. */
function daysAgo(spread, roll, fraction) {
  let left = roll;
  for (const [weight, min, max] of spread) {
    if (left < weight) return min === null ? null : min + Math.floor(fraction * (max - min + 1));
    left -= weight;
  }
  throw new Error("spread weights must add up to 20");
}

const localPart = (name) => name.toLowerCase().replace(/[^a-z]+/g, "");

// ---------------------------------------------------------------------------------------------
// The demo account's users

// Users whose emails test the client's matching: two pairs differ only in case (one pair holds
// two seats, the other one seat), "ana.lee@" is a substring of "dana.lee@", and one has a "+".
const SPECIAL_USERS = new Map([
  [3, { name: "Dana Lee", email: "Dana.Lee@example.com" }],
  [33, { name: "Dana Lee", email: "dana.lee@example.com" }],
  [7, { name: "Ana Lee", email: "ana.lee@example.com" }],
  [12, { name: "Sam Ortiz", email: "Sam.Ortiz@contractors.example" }],
  [212, { name: "Sam Ortiz", email: "sam.ortiz@contractors.example" }],
  [20, { name: "Jordan Kim", email: "jordan.kim+ops@example.com" }],
]);
/** Users 45, 95, …, 295 have no seat_uid at all. */
const hasNoSeatUid = (index) => index >= DEMO_SEAT_COUNT && index % 50 === 45;
const isContractor = (index) => index % 23 === 5;

/**
 * The demo account's 300 users, each with 0-3 WARP registrations. Users 0-39 hold the 40 seats of
 * defaultSeed() (user i holds seat i); users 40-299 hold none. Entries carry no seat flags: the
 * seat map is the only source of those, so loading these users leaves defaultSeed() untouched.
 */
export function defaultUsers(now = Date.now()) {
  const seats = defaultSeed()[DEMO_ACCOUNT_ID];
  const taken = new Set([...SPECIAL_USERS.values()].map(({ email }) => email.toLowerCase()));
  const users = Array.from({ length: DEMO_USER_COUNT }, (_, index) => demoUser(index, now, seats, taken));
  return { [DEMO_ACCOUNT_ID]: users };
}

function demoUser(index, now, seats, taken) {
  const digest = sha256(`zero-trust-seats demo user ${index}`);
  const { name, email } = SPECIAL_USERS.get(index) ?? demoIdentity(index, digest, taken);
  const loginDays = index === 0 ? 0 : daysAgo(LOGIN_SPREAD, digest[2] % 20, digest[3] / 256);
  const login = loginDays === null ? null : now - loginDays * DAY_MS - ((digest[4] << 8) | digest[5]) * 1000;
  const created = (login ?? now) - (30 + ((digest[6] << 8) | digest[7]) % 400) * DAY_MS;
  const registrationCount = login === null ? 0 : [0, 0, 0, 1, 1, 1, 1, 2, 2, 3][digest[8] % 10];
  const id = uuidV4From(digest);
  const user = { id, uid: id, ...demoSeatUid(index, digest, seats), name, email };
  if (login !== null) user.last_successful_login = iso(login);
  user.created_at = iso(created);
  user.updated_at = iso(login ?? created);
  user.registrations = Array.from({ length: registrationCount }, (_, j) => demoRegistration(index, j, name, now));
  return user;
}

function demoSeatUid(index, digest, seats) {
  if (index < seats.length) return { seat_uid: seats[index].seat_uid };
  if (hasNoSeatUid(index)) return {};
  return { seat_uid: uuidV4From(digest.subarray(16)) };
}

/** A realistic, unique (case-insensitively) name and address. */
function demoIdentity(index, digest, taken) {
  const first = FIRST_NAMES[digest[0] % FIRST_NAMES.length];
  const last = LAST_NAMES[digest[1] % LAST_NAMES.length];
  const domain = isContractor(index) ? CONTRACTOR_DOMAIN : STAFF_DOMAIN;
  const base = `${localPart(first)}.${localPart(last)}`;
  let email = `${base}@${domain}`;
  for (let n = 2; taken.has(email); n++) email = `${base}${n}@${domain}`;
  taken.add(email);
  return { name: `${first} ${last}`, email };
}

function demoRegistration(userIndex, n, name, now) {
  const digest = sha256(`zero-trust-seats demo registration ${userIndex} ${n}`);
  const jitter = (((digest[0] << 8) | digest[1]) % 86_400) * 1000;
  const seen = now - daysAgo(SEEN_SPREAD, digest[2] % 20, digest[3] / 256) * DAY_MS - jitter;
  const revoked = digest[4] % 7 === 0 ? Math.min(now, seen + (digest[5] % 48) * 3_600_000) : null;
  const created = seen - (1 + ((digest[6] << 8) | digest[7]) % 300) * DAY_MS;
  const [key_type, tunnel_type] = KEY_TYPES[digest[8] % KEY_TYPES.length];
  const first = name.split(" ")[0];
  const serial = userIndex * 4 + n + 2;
  return {
    id: uuidV4From(digest),
    created_at: iso(created),
    updated_at: iso(revoked ?? seen),
    last_seen_at: iso(seen),
    revoked_at: revoked === null ? null : iso(revoked),
    key: createHash("sha256").update(digest).digest("base64"),
    key_type,
    tunnel_type,
    virtual_ipv4: `100.96.${serial >> 8}.${serial & 255}`,
    virtual_ipv6: `2606:4700:cf1:1000::${serial.toString(16)}`,
    device: {
      id: uuidV4From(digest.subarray(16)),
      name: DEVICE_NAMES[digest[9] % DEVICE_NAMES.length](first),
      client_version: CLIENT_VERSIONS[digest[10] % CLIENT_VERSIONS.length],
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Bulk users for tests: a seeded PRNG rather than a hash per item, so 20,000 users take ~50 ms.

/** A small, fast, seedable PRNG (mulberry32): the same seed gives the same sequence. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Seat kinds of generated users: [share out of 20, access_seat, gateway_seat]; `null`: no seat_uid.
const GENERATED_SEATS = [
  [9, true, true],
  [4, true, false],
  [3, false, true],
  [3, false, false],
  [1, null, null],
];

/**
 * `count` users (with seats and registrations) from `seed`. Ids embed a kind tag and the index,
 * so they are unique however many are made. Each entry has seat flags: loading it sets its seat.
 */
export function generateUsers({ count, seed = 1, registrationsPerUser = [0, 2], now = Date.now() }) {
  const random = mulberry32(seed);
  const makeId = (tag, index) => generatedUuid(random, tag, index);
  const [min, max] = registrationsPerUser;
  let registrations = 0;
  const users = new Array(count);
  for (let index = 0; index < count; index++) {
    const devices = min + Math.floor(random() * (max - min + 1));
    users[index] = generatedUser(index, random, makeId, now, registrations, devices);
    registrations += devices;
  }
  return users;
}

function generatedUser(index, random, makeId, now, firstRegistration, devices) {
  const first = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)];
  const last = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)];
  const domain = random() < 0.05 ? CONTRACTOR_DOMAIN : STAFF_DOMAIN;
  const name = `${first} ${last}`;
  const loginDays = daysAgo(LOGIN_SPREAD, Math.floor(random() * 20), random());
  const login = loginDays === null ? null : now - loginDays * DAY_MS - Math.floor(random() * DAY_MS);
  const created = (login ?? now) - (30 + Math.floor(random() * 400)) * DAY_MS;
  const id = makeId(1, index);
  const user = { id, uid: id, ...generatedSeat(random, makeId, index), name };
  user.email = `${localPart(first)}.${localPart(last)}${index + 1}@${domain}`;
  if (login !== null) user.last_successful_login = iso(login);
  user.created_at = iso(created);
  user.updated_at = iso(login ?? created);
  user.registrations = Array.from({ length: devices }, (_, n) =>
    generatedRegistration(firstRegistration + n, first, random, makeId, now),
  );
  return user;
}

function generatedSeat(random, makeId, index) {
  let roll = random() * 20;
  for (const [share, access_seat, gateway_seat] of GENERATED_SEATS) {
    if (roll < share) return access_seat === null ? {} : { seat_uid: makeId(2, index), access_seat, gateway_seat };
    roll -= share;
  }
  return {};
}

function generatedRegistration(index, first, random, makeId, now) {
  const seen = now - daysAgo(SEEN_SPREAD, Math.floor(random() * 20), random()) * DAY_MS - Math.floor(random() * DAY_MS);
  const revoked = random() < 0.15 ? Math.min(now, seen + Math.floor(random() * 48) * 3_600_000) : null;
  const [key_type, tunnel_type] = KEY_TYPES[Math.floor(random() * KEY_TYPES.length)];
  const serial = index + 2;
  return {
    id: makeId(3, index),
    created_at: iso(seen - (1 + Math.floor(random() * 300)) * DAY_MS),
    updated_at: iso(revoked ?? seen),
    last_seen_at: iso(seen),
    revoked_at: revoked === null ? null : iso(revoked),
    key: randomKey(random),
    key_type,
    tunnel_type,
    virtual_ipv4: `100.${96 + (serial >> 16)}.${(serial >> 8) & 255}.${serial & 255}`,
    virtual_ipv6: `2606:4700:cf1:1000::${serial.toString(16)}`,
    device: {
      id: makeId(4, index),
      name: DEVICE_NAMES[Math.floor(random() * DEVICE_NAMES.length)](first),
      client_version: CLIENT_VERSIONS[Math.floor(random() * CLIENT_VERSIONS.length)],
    },
  };
}

const HEX_BYTES = Array.from({ length: 256 }, (_, n) => n.toString(16).padStart(2, "0"));
const hex16 = (n) => HEX_BYTES[(n >>> 8) & 255] + HEX_BYTES[n & 255];
const hex32 = (n) => hex16(n >>> 16) + hex16(n);
const word = (random) => Math.floor(random() * 0x1_0000_0000);

/** Random-looking v4 UUID whose last group is the kind tag and the index: unique by construction. */
function generatedUuid(random, tag, index) {
  const a = word(random);
  const b = word(random);
  const c = word(random);
  const last = `${tag}${hex16(Math.floor(index / 0x1_0000_0000) & 0xfff).slice(1)}${hex32(index >>> 0)}`;
  return `${hex32(a)}-${hex16(b >>> 16)}-${hex16(0x4000 | (b & 0x0fff))}-${hex16(0x8000 | (c & 0x3fff))}-${last}`;
}

/** A 32-byte key in base64, like a WireGuard public key. */
function randomKey(random) {
  const bytes = Buffer.alloc(32);
  for (let i = 0; i < 32; i += 4) bytes.writeUInt32BE(word(random), i);
  return bytes.toString("base64");
}
