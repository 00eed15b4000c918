// The two list routes, as pure functions from (state, raw query, fault modifiers) to an outcome:
//   GET /accounts/{id}/access/users           page-number pagination (page, per_page)
//   GET /accounts/{id}/devices/registrations  cursor pagination (cursor, per_page)
//
// The query is decoded as a form (URLSearchParams), like the real API: a raw "+" is a space, so
// "a+b@example.com" is found only when sent as "a%2Bb%40example.com".

import { createHash } from "node:crypto";
import { ERROR_CODES, apiError, failure, successWith } from "./envelopes.mjs";
import { renderUser } from "./directory.mjs";

export const MAX_PER_PAGE = 1000;
export const USERS_PER_PAGE = 1000;
export const REGISTRATIONS_PER_PAGE = 100;
export const REGISTRATION_STATUSES = ["active", "revoked", "all"];

const DIGITS = /^[0-9]+$/;
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-](\d{2}):(\d{2}))$/;
const EMPTY_DIRECTORY = { users: [], registrations: [], activeDevices: new Map() };

/**
 * One page of users. Filters are case-insensitive substrings: `email` (the API does not promise
 * an exact match, so clients must re-check), `name`, and `search` (name or email). A page past
 * the end is empty with the same result_info. Modifiers (from a fault): `repeatPage` serves that
 * page's items instead, `omitTotalPages` drops total_pages, `resultInfo` is merged in last.
 */
export function listUsers(directory = EMPTY_DIRECTORY, seats, query, modifiers = {}) {
  const params = new URLSearchParams(query);
  const errors = [];
  const page = integerParam(params, "page", 1, Number.MAX_SAFE_INTEGER, errors);
  const perPage = integerParam(params, "per_page", USERS_PER_PAGE, MAX_PER_PAGE, errors);
  if (errors.length > 0) return failure(400, errors);
  const matches = directory.users.filter(userMatcher(params));
  const start = ((modifiers.repeatPage ?? page) - 1) * perPage;
  const result = matches.slice(start, start + perPage).map((user) => renderUser(user, seats, directory.activeDevices));
  const total_pages = Math.ceil(matches.length / perPage);
  const result_info = { count: result.length, page, per_page: perPage, total_count: matches.length, total_pages };
  if (modifiers.omitTotalPages) delete result_info.total_pages;
  return successWith(result, { ...result_info, ...modifiers.resultInfo });
}

/**
 * One page of registrations after `cursor`. `status` defaults to active (not revoked);
 * `seen_after`/`seen_before` are strict bounds on last_seen_at; `search` is a case-insensitive
 * substring of the user's email or name or the device's name; `include=policy` adds `policy`.
 * The cursor is "" on the last page. Modifiers: `repeatCursor` answers with the cursor that was
 * asked (the first page's when none was), `resultInfo` is merged in last.
 */
export function listRegistrations(directory = EMPTY_DIRECTORY, query, modifiers = {}) {
  const params = new URLSearchParams(query);
  const errors = [];
  const perPage = integerParam(params, "per_page", REGISTRATIONS_PER_PAGE, MAX_PER_PAGE, errors);
  const status = statusParam(params, errors);
  const seenAfter = timeParam(params, "seen_after", errors);
  const seenBefore = timeParam(params, "seen_before", errors);
  const offset = cursorParam(params, errors);
  if (errors.length > 0) return failure(400, errors);
  const keep = registrationMatcher(status, seenAfter, seenBefore, lowerParam(params, "search"));
  const matches = directory.registrations.filter(keep);
  const page = matches.slice(offset, offset + perPage);
  const withPolicy = includes(params, "policy");
  const result = page.map(({ record }) => (withPolicy ? record : withoutPolicy(record)));
  const more = offset + page.length < matches.length;
  const next = more ? encodeCursor(offset + page.length) : "";
  const cursor = modifiers.repeatCursor ? (params.get("cursor") || encodeCursor(0)) : next;
  const result_info = { count: result.length, cursor, per_page: perPage, total_count: null };
  return successWith(result, { ...result_info, ...modifiers.resultInfo });
}

// ---------------------------------------------------------------------------------------------
// Filters

function userMatcher(params) {
  const email = lowerParam(params, "email");
  const name = lowerParam(params, "name");
  const search = lowerParam(params, "search");
  return (user) =>
    (email === null || user.emailKey.includes(email)) &&
    (name === null || user.nameKey.includes(name)) &&
    (search === null || user.emailKey.includes(search) || user.nameKey.includes(search));
}

function registrationMatcher(status, seenAfter, seenBefore, search) {
  const found = ({ user, deviceKey }) =>
    user.emailKey.includes(search) || user.nameKey.includes(search) || deviceKey.includes(search);
  return (entry) =>
    statusMatches(status, entry.record.revoked_at) &&
    (seenAfter === null || entry.seenMs > seenAfter) &&
    (seenBefore === null || entry.seenMs < seenBefore) &&
    (search === null || found(entry));
}

function statusMatches(status, revokedAt) {
  if (status === "all") return true;
  return status === "revoked" ? revokedAt !== null : revokedAt === null;
}

function withoutPolicy({ policy, ...record }) {
  return record;
}

function includes(params, extra) {
  return (params.get("include") ?? "").split(",").some((item) => item.trim() === extra);
}

// ---------------------------------------------------------------------------------------------
// Query parameters: each check adds its error to `errors` and returns a usable value.

function queryError(parameter, message) {
  return apiError(ERROR_CODES.INVALID_QUERY, message, { source: { parameter } });
}

function lowerParam(params, name) {
  return params.get(name)?.toLowerCase() ?? null;
}

function integerParam(params, name, fallback, max, errors) {
  const raw = params.get(name);
  if (raw === null) return fallback;
  const value = Number(raw);
  if (DIGITS.test(raw) && value >= 1 && value <= max) return value;
  const range = max === MAX_PER_PAGE ? `from 1 to ${max}` : "of at least 1";
  errors.push(queryError(name, `${name} must be an integer ${range}`));
  return fallback;
}

function statusParam(params, errors) {
  const raw = params.get("status");
  if (raw === null) return "active";
  if (REGISTRATION_STATUSES.includes(raw)) return raw;
  errors.push(queryError("status", `status must be one of ${REGISTRATION_STATUSES.join(", ")}`));
  return "active";
}

/** An RFC 3339 timestamp as ms, or null when absent. */
function timeParam(params, name, errors) {
  const raw = params.get(name);
  if (raw === null) return null;
  const ms = rfc3339Ms(raw.toUpperCase());
  if (ms !== null) return ms;
  errors.push(queryError(name, `${name} must be an RFC 3339 timestamp`));
  return null;
}

// Date.parse alone takes "2026-02-30" (as March 2) and "24:00": every field is range-checked.
function rfc3339Ms(text) {
  const match = RFC3339.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second] = match.slice(1, 7).map(Number);
  const [offsetHours = 0, offsetMinutes = 0] = match.slice(9, 11).map((v) => (v === undefined ? 0 : Number(v)));
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const inRange =
    month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth && hour <= 23 && minute <= 59 && second <= 59 &&
    offsetHours <= 23 && offsetMinutes <= 59;
  return inRange ? Date.parse(text) : null;
}

// ---------------------------------------------------------------------------------------------
// Cursors: base64url of "o<offset>.<check>", the check a hash of the offset, so a cursor the
// stand-in did not mint (garbled, hand-made, from another API) is refused rather than guessed at.

export function encodeCursor(offset) {
  const check = createHash("sha256").update(`standin cursor ${offset}`).digest("hex").slice(0, 8);
  return Buffer.from(`o${offset}.${check}`).toString("base64url");
}

/** The offset a cursor stands for; an empty `cursor=` is the start, like no cursor at all. */
function cursorParam(params, errors) {
  const raw = params.get("cursor");
  if (raw === null || raw === "") return 0;
  const offset = Number(/^o([0-9]{1,15})\./.exec(Buffer.from(raw, "base64url").toString("latin1"))?.[1]);
  if (Number.isSafeInteger(offset) && encodeCursor(offset) === raw) return offset;
  errors.push(queryError("cursor", "cursor is not one this API issued"));
  return 0;
}
