// A local stand-in of Cloudflare's `PATCH /accounts/{account_id}/access/seats` and of the two
// lists a seats client reads (`GET .../access/users`, `GET .../devices/registrations`), faithful
// enough that the client, its tests and the demo cannot tell it from the real API, plus a control
// API under /__standin/ with which tests seed state, read what was sent and inject faults.
//
// Node built-ins only, so it runs wherever the tests run. The list routes live in lists.mjs, the
// users and registrations in directory.mjs, the seed data in seed.mjs.

import { randomBytes } from "node:crypto";
import { createServer } from "node:http";
import { ERROR_CODES, ControlError, apiError, defaultFailure, failure, isObject, need, pointed, successWith } from "./envelopes.mjs";
import { SEED_TIME, defaultSeed, defaultUsers, generateUsers, makeSeat } from "./seed.mjs";
import { buildDirectory, renderUser } from "./directory.mjs";
import { listRegistrations, listUsers } from "./lists.mjs";
import { RATE_LIMIT_HEADER_NAMES, admit, createLimiter, credentialOf, limiterView, normalizeRateLimit } from "./ratelimit.mjs";

export { ERROR_CODES } from "./envelopes.mjs";
export { DEMO_ACCOUNT_ID, SEED_TIME, defaultSeed, defaultUsers, generateUsers } from "./seed.mjs";
export { MAX_PER_PAGE, encodeCursor } from "./lists.mjs";
export { CLOUDFLARE_RATE_LIMIT, HEADER_STYLES, RATE_LIMIT_HEADER_NAMES } from "./ratelimit.mjs";

export const DEFAULT_TOKEN = "test-token-0123456789abcdef";
/** Well-formed, but always refused: stands for a token without the Access permission. */
export const FORBIDDEN_TOKEN = "forbidden-token-0123456789abcdef";
export const DEFAULT_EMAIL = "admin@example.com";
export const DEFAULT_KEY = "0123456789abcdef0123456789abcdef01234";
/** Default body limit. 100,000 seats with 36-character uids take ~9.3 MB: they need a bigger one. */
export const MAX_BODY_BYTES = 8 * 1024 * 1024;

const CONTROL_ROOT = "/__standin";
// The API routes, each with its one method. Faults name a route by its kind.
const API_ROUTES = [
  { kind: "seats", pattern: /^\/accounts\/([^/]*)\/access\/seats$/, method: "PATCH" },
  { kind: "users", pattern: /^\/accounts\/([^/]*)\/access\/users$/, method: "GET" },
  { kind: "registrations", pattern: /^\/accounts\/([^/]*)\/devices\/registrations$/, method: "GET" },
];
const FAULT_ROUTES = ["seats", "users", "registrations", "any"];
const ACCOUNT_IN_PATH = /^\/accounts\/([^/]+)/;
const VALID_ACCOUNT_ID = /^[A-Za-z0-9]{1,32}$/;
const BEARER = /^Bearer +(\S+) *$/;
const SEAT_UID_MAX = 36;
// A body of 100,000 bad seats must not answer with a 10 MB error list.
const MAX_REPORTED_ERRORS = 50;
const EXPOSED_HEADERS = "cf-ray, retry-after, retry-after-ms, x-should-retry";
// With a quota on, browsers must also see the rate-limit headers (off, the list stays as it was).
const EXPOSED_WITH_RATE_LIMIT = [EXPOSED_HEADERS, ...RATE_LIMIT_HEADER_NAMES].join(", ");
const PREFLIGHT_METHODS = "PATCH, GET, PUT, POST, OPTIONS";
const PREFLIGHT_HEADERS = "content-type, authorization, x-auth-email, x-auth-key";
const MISSING_AUTH_MESSAGE = "Missing X-Auth-Key, X-Auth-Email or Authorization headers";
const FAULT_FLAGS = ["applyFirst", "hang", "reset", "truncate", "omitTotalPages", "repeatCursor"];
const FAULT_FIELDS = new Set(["account", "route", "status", "body", "headers", "delayMs", "repeatPage", "resultInfo", ...FAULT_FLAGS]);
// The most users one generate call makes: 200,000 take about a second and ~200 MB.
const MAX_GENERATED_USERS = 200_000;
const MAX_REGISTRATIONS_PER_USER = 20;

// ---------------------------------------------------------------------------------------------
// Public API

/**
 * Builds a stand-in. `handle(req, res)` answers and returns true for paths under `prefix` and
 * under /__standin/; it returns false (and touches nothing) for any other path, so a host
 * server can serve its own files next to it.
 *
 * `seed`: seats by account (default defaultSeed()). `users`: users by account, each with
 * optional `registrations` (default defaultUsers(): the demo account's 300 users, who hold the
 * seats of defaultSeed()); loaded after the seats, and a user with seat flags sets its seat.
 * `rateLimit`: a quota `{requests, windowMs?, penaltyMs?, headers?}` (default none; README).
 */
export function createStandin({
  prefix = "",
  seed = defaultSeed(),
  users = defaultUsers(),
  maxBodyBytes = MAX_BODY_BYTES,
  rateLimit,
} = {}) {
  const standin = {
    rateLimitOption: normalizeRateLimit(rateLimit),
    prefix: normalizePrefix(prefix),
    maxBodyBytes,
    seed: structuredClone(seed),
    userSeed: structuredClone(users),
    state: new Map(),
    directory: new Map(),
    requests: [],
    faults: [],
    credentials: defaultCredentials(),
    limiter: createLimiter(null),
  };
  standin.reset = () => resetStandin(standin);
  standin.handle = (req, res) => handleRequest(standin, req, res);
  standin.reset();
  return standin;
}

/** Runs a stand-in on its own HTTP server; paths it does not own get a 404 envelope. */
export async function startStandin({ port = 0, host = "127.0.0.1", prefix = "", seed, users, maxBodyBytes, rateLimit } = {}) {
  const standin = createStandin({ prefix, seed, users, maxBodyBytes, rateLimit });
  const server = createServer((req, res) => {
    if (!standin.handle(req, res)) sendOutside(req, res);
  });
  await listen(server, port, host);
  const bound = server.address().port;
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
  return { url: origin + standin.prefix, origin, port: bound, standin, server, close: () => closeServer(server) };
}

// ---------------------------------------------------------------------------------------------
// State

function defaultCredentials() {
  return { tokens: [DEFAULT_TOKEN], emailKeys: [{ email: DEFAULT_EMAIL, key: DEFAULT_KEY }] };
}

// Mutates in place: hosts and tests hold on to `state` and `requests`.
function resetStandin(standin) {
  standin.requests.length = 0;
  standin.faults.length = 0;
  standin.credentials = defaultCredentials();
  standin.limiter = createLimiter(standin.rateLimitOption);
  standin.state.clear();
  standin.directory.clear();
  for (const [accountId, seats] of Object.entries(standin.seed)) {
    standin.state.set(accountId, seatMap(seats));
  }
  for (const [accountId, users] of Object.entries(standin.userSeed)) {
    storeUsers(standin, accountId, users);
  }
}

/** Replaces an account's users and registrations; users with seat flags set their seats. */
function storeUsers(standin, accountId, entries, options) {
  const { directory, seatWrites } = buildDirectory(accountId, entries, options);
  standin.directory.set(accountId, directory);
  if (seatWrites.length === 0) return;
  if (!standin.state.has(accountId)) standin.state.set(accountId, new Map());
  const seats = standin.state.get(accountId);
  for (const write of seatWrites) {
    const kept = seats.get(write.seat_uid)?.created_at ?? write.created_at;
    const seat = makeSeat(write, kept, write.updated_at);
    if (hasAnySeat(seat)) seats.set(seat.seat_uid, seat);
    else seats.delete(seat.seat_uid);
  }
}

function seatMap(list) {
  const seats = new Map();
  for (const item of list) {
    const seat = makeSeat(item, item.created_at ?? SEED_TIME, item.updated_at ?? SEED_TIME);
    // A seat without either flag does not exist in Cloudflare: it is removed.
    if (hasAnySeat(seat)) seats.set(seat.seat_uid, seat);
  }
  return seats;
}

function hasAnySeat(seat) {
  return seat.access_seat || seat.gateway_seat;
}

function sortedSeats(seats) {
  return [...(seats?.values() ?? [])].sort((a, b) => (a.seat_uid < b.seat_uid ? -1 : a.seat_uid > b.seat_uid ? 1 : 0));
}

// ---------------------------------------------------------------------------------------------
// Envelopes (the shared ones are in envelopes.mjs)

/** The PATCH answer: every edit, on one page. */
function success(result) {
  const n = result.length;
  return successWith(result, { count: n, page: 1, per_page: n, total_count: n, total_pages: 1 });
}

function invalidHeaders(chained) {
  return failure(400, [apiError(ERROR_CODES.INVALID_HEADERS, "Invalid request headers", { error_chain: [chained] })]);
}

// ---------------------------------------------------------------------------------------------
// The endpoint's rules, as pure functions from request to outcome. An outcome is
// { status, headers, body, commit? }: commit() applies an accepted edit, so a fault can decide
// whether the edit happens at all.

/** { kind: "seats" | "users" | "registrations" | "none", method, accountId, accountValid }. */
function routeOf(path) {
  for (const { kind, pattern, method } of API_ROUTES) {
    const match = pattern.exec(path);
    if (match) return { kind, method, accountId: match[1], accountValid: VALID_ACCOUNT_ID.test(match[1]) };
  }
  return { kind: "none", accountId: ACCOUNT_IN_PATH.exec(path)?.[1] ?? null };
}

function routeFailure(route, path, method) {
  // A PATCH reaches no route but the seats one: the stand-in knew only PATCH before the lists
  // came, and its tests pin a PATCH on /access/users to 404 7000.
  const patchElsewhere = method === "PATCH" && route.method !== "PATCH";
  if (route.kind === "none" || patchElsewhere) return failure(404, [apiError(ERROR_CODES.NO_ROUTE, "No route for that URI")]);
  if (!route.accountValid) {
    const message = `Could not route to ${path}, perhaps your object identifier is invalid?`;
    return failure(404, [apiError(ERROR_CODES.INVALID_IDENTIFIER, message)]);
  }
  if (method === route.method) return null;
  return failure(405, [apiError(ERROR_CODES.METHOD_NOT_ALLOWED, "Method not allowed")], { allow: route.method });
}

// Authorization wins when both schemes are sent, as on the real API.
function authenticate(headers, credentials) {
  if (headers.authorization !== undefined) return checkBearer(headers.authorization, credentials);
  return checkEmailKey(headers["x-auth-email"], headers["x-auth-key"], credentials);
}

function checkBearer(value, { tokens }) {
  const token = BEARER.exec(value)?.[1];
  if (token === undefined) {
    return invalidHeaders(apiError(ERROR_CODES.INVALID_AUTHORIZATION, "Invalid format for Authorization header"));
  }
  if (token === FORBIDDEN_TOKEN || !tokens.includes(token)) {
    return failure(403, [apiError(ERROR_CODES.AUTHENTICATION, "Authentication error")]);
  }
  return null;
}

function checkEmailKey(email, key, { emailKeys }) {
  if (!email || !key) return failure(400, [apiError(ERROR_CODES.MISSING_AUTH, MISSING_AUTH_MESSAGE)]);
  const wanted = email.toLowerCase();
  if (emailKeys.some((pair) => pair.email.toLowerCase() === wanted && pair.key === key)) return null;
  return failure(403, [apiError(ERROR_CODES.UNKNOWN_KEY, "Unknown X-Auth-Key or X-Auth-Email")]);
}

function checkContentType(headers) {
  if (/application\/json/i.test(headers["content-type"] ?? "")) return null;
  const message = "Invalid Content-Type header, valid values are application/json,multipart/form-data";
  return invalidHeaders(apiError(ERROR_CODES.INVALID_CONTENT_TYPE, message));
}

function parseJson(text) {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return { rejected: failure(400, [pointed(ERROR_CODES.MALFORMED_JSON, "Malformed JSON in request body", "")]) };
  }
}

function invalid(pointer, message) {
  return pointed(ERROR_CODES.INVALID_BODY, message, pointer);
}

function validateEdits(value) {
  if (!Array.isArray(value)) return [invalid("", "request body must be an array of seats")];
  const errors = [];
  for (let i = 0; i < value.length && errors.length < MAX_REPORTED_ERRORS; i++) {
    errors.push(...itemErrors(value[i], `/${i}`));
  }
  return errors.slice(0, MAX_REPORTED_ERRORS);
}

// Extra keys are ignored, as the real API does.
function itemErrors(item, at) {
  if (item === null || typeof item !== "object" || Array.isArray(item)) return [invalid(at, "seat must be an object")];
  return [booleanError(item, "access_seat", at), booleanError(item, "gateway_seat", at), seatUidError(item, at)] //
    .filter(Boolean);
}

function booleanError(item, key, at) {
  if (!Object.hasOwn(item, key)) return invalid(`${at}/${key}`, `${key} is required`);
  return typeof item[key] === "boolean" ? null : invalid(`${at}/${key}`, `${key} must be a boolean`);
}

function seatUidError(item, at) {
  const pointer = `${at}/seat_uid`;
  if (!Object.hasOwn(item, "seat_uid")) return invalid(pointer, "seat_uid is required");
  if (typeof item.seat_uid !== "string") return invalid(pointer, "seat_uid must be a string");
  // maxLength counts characters, not UTF-16 units; the spread only runs on long strings.
  if (item.seat_uid.length > SEAT_UID_MAX && [...item.seat_uid].length > SEAT_UID_MAX) {
    return invalid(pointer, `seat_uid must be at most ${SEAT_UID_MAX} characters`);
  }
  return null;
}

/**
 * Checks every seat against the state before the request, so either all edits apply or none.
 * Duplicates are applied in body order (the last one wins); each still gets its own result.
 * Removing a seat that is already gone succeeds: an edit sets absolute values, so re-sending an
 * applied removal (after a lost answer) must not turn into an error.
 */
function planEdit(seats, edits, now) {
  const unknown = unknownSeats(seats, edits);
  if (unknown.length > 0) return failure(404, unknown);
  const result = edits.map((edit) => makeSeat(edit, seats?.get(edit.seat_uid)?.created_at ?? now, now));
  return { ...success(result), commit: () => storeSeats(seats, result) };
}

function unknownSeats(seats, edits) {
  const errors = [];
  for (let i = 0; i < edits.length && errors.length < MAX_REPORTED_ERRORS; i++) {
    const uid = edits[i].seat_uid;
    const removal = !edits[i].access_seat && !edits[i].gateway_seat;
    if (!removal && !seats?.has(uid)) errors.push(pointed(ERROR_CODES.SEAT_NOT_FOUND, `Seat not found: ${uid}`, `/${i}/seat_uid`));
  }
  return errors;
}

function storeSeats(seats, result) {
  if (!seats) return; // an account with no seats: only removals of absent seats got here
  for (const seat of result) {
    if (hasAnySeat(seat)) seats.set(seat.seat_uid, seat);
    else seats.delete(seat.seat_uid);
  }
}

function evaluatePatch(standin, accountId, headers, text) {
  const rejected = authenticate(headers, standin.credentials) ?? checkContentType(headers);
  if (rejected) return rejected;
  const parsed = parseJson(text);
  if (parsed.rejected) return parsed.rejected;
  const errors = validateEdits(parsed.value);
  if (errors.length > 0) return failure(400, errors);
  return planEdit(standin.state.get(accountId), parsed.value, new Date().toISOString());
}

// ---------------------------------------------------------------------------------------------
// Faults

/** The first queued fault for this account and route kind; a fault without `route` is a seats one. */
function takeFault(faults, accountId, kind) {
  const forRoute = (fault) => fault.route === "any" || (fault.route ?? "seats") === kind;
  const forAccount = (fault) => fault.account === undefined || fault.account === accountId;
  const index = faults.findIndex((fault) => forRoute(fault) && forAccount(fault));
  return index < 0 ? null : faults.splice(index, 1)[0];
}

/** A fault that only delays or adds headers: the request is otherwise served as usual. */
function passesThrough(fault) {
  return fault.status === undefined && !fault.hang && !fault.reset && !fault.truncate;
}

function faultOutcome(fault, outcome) {
  if (fault.status === undefined) return { ...outcome, headers: { ...outcome.headers, ...fault.headers } };
  const body = "body" in fault ? fault.body : fault.status >= 400 ? defaultFailure(fault.status).body : outcome.body;
  return { status: fault.status, headers: fault.headers ?? {}, body };
}

function normalizeFault(raw) {
  need(isObject(raw), "a fault must be an object");
  const unknown = Object.keys(raw).filter((key) => !FAULT_FIELDS.has(key));
  need(unknown.length === 0, `unknown fault field(s): ${unknown.join(", ")}`);
  checkFaultTypes(raw);
  const fault = { ...raw };
  if (raw.headers) fault.headers = lowerCaseHeaders(raw.headers);
  return fault;
}

function checkFaultTypes({ status, headers, delayMs, account, route, repeatPage, resultInfo, ...flags }) {
  const absent = (value) => value === undefined;
  const statusOk = Number.isInteger(status) && status >= 100 && status <= 599;
  need(absent(status) || statusOk, "fault status must be an integer 100-599");
  need(absent(headers) || isObject(headers), "fault headers must be an object");
  need(absent(delayMs) || (Number.isFinite(delayMs) && delayMs >= 0), "fault delayMs must be a number >= 0");
  need(absent(account) || typeof account === "string", "fault account must be a string");
  need(absent(route) || FAULT_ROUTES.includes(route), `fault route must be one of ${FAULT_ROUTES.join(", ")}`);
  need(absent(repeatPage) || (Number.isSafeInteger(repeatPage) && repeatPage >= 1), "fault repeatPage must be an integer >= 1");
  need(absent(resultInfo) || isObject(resultInfo), "fault resultInfo must be an object");
  for (const flag of FAULT_FLAGS) {
    need(absent(flags[flag]) || typeof flags[flag] === "boolean", `fault ${flag} must be a boolean`);
  }
}

function lowerCaseHeaders(headers) {
  return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), String(value)]));
}

// ---------------------------------------------------------------------------------------------
// HTTP plumbing

function handleRequest(standin, req, res) {
  const receivedAt = new Date().toISOString();
  const [pathname, query] = splitUrl(req.url);
  const scope = scopeOf(standin.prefix, pathname);
  if (scope === null) return false;
  const exchange = { standin, req, res, path: scope.path, query, receivedAt };
  const served = scope.control ? serveControl(exchange) : serveApi(exchange);
  served.catch((error) => sendInternalError(req, res, error));
  return true;
}

// By hand rather than with URL: `//x/y` must stay a path, not become a host.
function splitUrl(url) {
  const mark = url.indexOf("?");
  return mark < 0 ? [url, ""] : [url.slice(0, mark), url.slice(mark + 1)];
}

function scopeOf(prefix, pathname) {
  if (isUnder(pathname, CONTROL_ROOT)) return { control: true, path: pathname.slice(CONTROL_ROOT.length) };
  if (!pathname.startsWith("/") || !isUnder(pathname, prefix)) return null;
  return { control: false, path: pathname.slice(prefix.length) };
}

function isUnder(pathname, root) {
  return pathname === root || pathname.startsWith(`${root}/`);
}

function normalizePrefix(prefix) {
  const trimmed = String(prefix).replace(/\/+$/, "");
  return trimmed === "" || trimmed.startsWith("/") ? trimmed : `/${trimmed}`;
}

/** Reads the whole body; beyond `limit` it keeps draining but stores only the first `limit` bytes. */
function readBody(req, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      const room = limit - size;
      size += chunk.length;
      if (room > 0) chunks.push(room >= chunk.length ? chunk : chunk.subarray(0, room));
    });
    const done = (aborted) => {
      resolve({ text: Buffer.concat(chunks).toString("utf8"), tooLarge: size > limit, aborted });
    };
    req.on("end", () => done(false));
    req.on("error", () => done(true));
    req.on("close", () => done(!req.complete));
  });
}

function corsHeaders(req, exposed = EXPOSED_HEADERS) {
  return {
    "access-control-allow-origin": req.headers.origin ?? "*",
    vary: "Origin",
    "access-control-expose-headers": exposed,
  };
}

function preflightHeaders(req) {
  return {
    "access-control-allow-methods": PREFLIGHT_METHODS,
    "access-control-allow-headers": req.headers["access-control-request-headers"] ?? PREFLIGHT_HEADERS,
    "access-control-max-age": "600",
  };
}

function newRay() {
  return `${randomBytes(8).toString("hex")}-SJC`;
}

function jsonHeaders(base, length, headers) {
  return { ...base, "content-type": "application/json", "content-length": length, ...headers };
}

function send(res, status, headers, text) {
  res.writeHead(status, jsonHeaders({}, Buffer.byteLength(text), headers));
  res.end(text);
}

function sendOutcome({ res, base }, { status, headers, body }) {
  send(res, status, { ...base, ...headers }, typeof body === "string" ? body : JSON.stringify(body));
}

function sendPreflight(res, req, base) {
  res.writeHead(204, { ...base, ...preflightHeaders(req) });
  res.end();
}

/** Announces the full body's length, sends half of it, then drops the connection. */
function sendTruncated({ req, res, base }, outcome, headers) {
  const bytes = Buffer.from(JSON.stringify(outcome.body));
  res.writeHead(outcome.status, jsonHeaders(base, bytes.length, headers));
  res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => req.socket.destroy());
}

function sendOutside(req, res) {
  const base = { ...corsHeaders(req), "cf-ray": newRay() };
  sendOutcome({ res, base }, failure(404, [apiError(ERROR_CODES.NO_ROUTE, "No route for that URI")]));
}

function sendInternalError(req, res, error) {
  console.error("standin: request failed:", error);
  if (res.headersSent) return res.destroy();
  sendOutcome({ res, base: { ...corsHeaders(req), "cf-ray": newRay() } }, defaultFailure(500));
}

/** Starts `server` on host:port; rejects on a listen error (a port in use, say). */
export function listen(server, port, host) {
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
}

// closeAllConnections also ends hung requests, which would otherwise keep close() waiting.
/** Stops `server`, ending open connections too. */
export function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// The API side

async function serveApi(exchange) {
  const { standin, req, path } = exchange;
  const body = await readBody(req, standin.maxBodyBytes);
  const route = routeOf(path);
  standin.requests.push(recordOf(exchange, route.accountId, body.text));
  if (body.aborted) return;
  const exposed = standin.limiter.config ? EXPOSED_WITH_RATE_LIMIT : EXPOSED_HEADERS;
  exchange.base = { ...corsHeaders(req, exposed), "cf-ray": newRay() };
  if (req.method === "OPTIONS") return sendPreflight(exchange.res, req, exchange.base);
  // The quota comes first: a request over it is answered 429 and touches nothing (no fault is
  // taken, no edit applied); a counted one carries the rate-limit headers on whatever answers.
  const admitted = admit(standin.limiter, credentialOf(req.headers));
  if (admitted?.limited) return sendOutcome(exchange, { ...defaultFailure(429), headers: admitted.headers });
  if (admitted) Object.assign(exchange.base, admitted.headers);
  if (body.tooLarge) return sendOutcome(exchange, tooLarge(standin.maxBodyBytes));
  const rejected = routeFailure(route, path, req.method);
  if (rejected) return sendOutcome(exchange, rejected);
  if (route.kind === "seats") return answerPatch(exchange, route.accountId, body.text);
  return answerList(exchange, route);
}

function recordOf({ req, path, receivedAt }, accountId, body) {
  return { method: req.method, url: req.url, path, accountId, headers: { ...req.headers }, body, at: receivedAt };
}

function tooLarge(limit) {
  return failure(413, [apiError(ERROR_CODES.BODY_TOO_LARGE, `Request body too large (limit ${limit} bytes)`)]);
}

async function answerPatch(exchange, accountId, text) {
  const { standin, req } = exchange;
  const fault = takeFault(standin.faults, accountId, "seats");
  const outcome = evaluatePatch(standin, accountId, req.headers, text);
  if (!fault || passesThrough(fault) || fault.applyFirst) outcome.commit?.();
  if (fault?.delayMs > 0) await sleep(fault.delayMs);
  if (!fault) return sendOutcome(exchange, outcome);
  return answerFault(exchange, fault, outcome);
}

// A fault is taken before the credentials are checked, as on the seats route: it answers even a
// request the API would refuse. Its list modifiers only shape an answer the API would give.
async function answerList(exchange, { kind, accountId }) {
  const { standin, req, query } = exchange;
  const fault = takeFault(standin.faults, accountId, kind);
  const outcome = authenticate(req.headers, standin.credentials) ?? listOutcome(standin, kind, accountId, query, fault ?? {});
  if (fault?.delayMs > 0) await sleep(fault.delayMs);
  if (!fault) return sendOutcome(exchange, outcome);
  return answerFault(exchange, fault, outcome);
}

function listOutcome(standin, kind, accountId, query, modifiers) {
  const directory = standin.directory.get(accountId);
  if (kind === "users") return listUsers(directory, standin.state.get(accountId), query, modifiers);
  return listRegistrations(directory, query, modifiers);
}

function answerFault(exchange, fault, outcome) {
  if (fault.hang) return; // the socket stays open until the client gives up
  if (fault.reset) return exchange.req.socket.destroy();
  const status = fault.status ?? outcome.status;
  if (fault.truncate) return sendTruncated(exchange, { ...outcome, status }, fault.headers ?? {});
  return sendOutcome(exchange, faultOutcome(fault, outcome));
}

// ---------------------------------------------------------------------------------------------
// The control API

const CONTROL_ROUTES = [
  ["GET", /^\/requests$/, listRequests],
  ["POST", /^\/reset$/, resetAction],
  ["GET", /^\/accounts\/([^/]+)\/seats$/, getSeats],
  ["PUT", /^\/accounts\/([^/]+)\/seats$/, putSeats],
  ["GET", /^\/accounts\/([^/]+)\/users$/, getUsers],
  ["PUT", /^\/accounts\/([^/]+)\/users$/, putUsers],
  ["POST", /^\/accounts\/([^/]+)\/users\/generate$/, generateAction],
  ["GET", /^\/accounts\/([^/]+)\/registrations$/, getRegistrations],
  ["GET", /^\/faults$/, (standin) => standin.faults],
  ["POST", /^\/faults$/, addFaults],
  ["GET", /^\/config$/, getConfig],
  ["POST", /^\/config$/, setConfig],
  ["GET", /^\/ratelimit$/, (standin) => limiterView(standin.limiter)],
];

async function serveControl(exchange) {
  const { standin, req, res } = exchange;
  const body = await readBody(req, standin.maxBodyBytes);
  if (body.aborted) return;
  const headers = corsHeaders(req);
  if (req.method === "OPTIONS") return sendPreflight(res, req, headers);
  const reply = body.tooLarge ? controlFailure(413, "body too large") : runControl(exchange, body.text);
  send(res, reply.status, { ...headers, ...reply.headers }, JSON.stringify(reply.body));
}

function runControl(exchange, text) {
  const { standin, req, path, query } = exchange;
  const routes = CONTROL_ROUTES.filter(([, pattern]) => pattern.test(path));
  const route = routes.find(([method]) => method === req.method);
  if (!route) return routes.length > 0 ? methodNotAllowed(routes) : controlFailure(404, `no control route ${path}`);
  try {
    return { status: 200, headers: {}, body: route[2](standin, { match: route[1].exec(path), query, text }) };
  } catch (error) {
    if (error instanceof ControlError) return controlFailure(400, error.message);
    throw error;
  }
}

function controlFailure(status, error) {
  return { status, headers: {}, body: { ok: false, error } };
}

function methodNotAllowed(routes) {
  const allow = routes.map(([method]) => method).join(", ");
  return { ...controlFailure(405, "method not allowed"), headers: { allow } };
}

function controlJson(text) {
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError("body is not valid JSON");
  }
}

function listRequests(standin, { query }) {
  const account = new URLSearchParams(query).get("account");
  return account === null ? standin.requests : standin.requests.filter((request) => request.accountId === account);
}

function resetAction(standin) {
  standin.reset();
  return { ok: true };
}

function getSeats(standin, { match }) {
  return sortedSeats(standin.state.get(match[1]));
}

function putSeats(standin, { match, text }) {
  const seats = controlJson(text);
  need(Array.isArray(seats), "body must be an array of seats");
  seats.forEach(checkControlSeat);
  standin.state.set(match[1], seatMap(seats));
  return { ok: true, count: standin.state.get(match[1]).size };
}

function checkControlSeat(seat, index) {
  const optionalString = (value) => value === undefined || typeof value === "string";
  const valid =
    isObject(seat) &&
    typeof seat.seat_uid === "string" &&
    typeof seat.access_seat === "boolean" &&
    typeof seat.gateway_seat === "boolean" &&
    optionalString(seat.created_at) &&
    optionalString(seat.updated_at);
  need(valid, `seat ${index} needs seat_uid (string), access_seat and gateway_seat (booleans)`);
}

function addFaults(standin, { text }) {
  const value = controlJson(text);
  const faults = (Array.isArray(value) ? value : [value]).map(normalizeFault);
  standin.faults.push(...faults);
  return { ok: true, queued: standin.faults.length };
}

// `rateLimit` is shown only when a quota is on, so the default answer is just the credentials.
function getConfig(standin) {
  const { config } = standin.limiter;
  return config ? { ...standin.credentials, rateLimit: config } : standin.credentials;
}

function setConfig(standin, { text }) {
  const body = controlJson(text) ?? {};
  const { tokens, emailKeys } = body;
  // Checked before anything changes: a bad setting leaves the config as it was.
  const rateLimit = isObject(body) && "rateLimit" in body ? normalizeRateLimit(body.rateLimit) : undefined;
  const tokenOk = (token) => typeof token === "string";
  const pairOk = (pair) => typeof pair?.email === "string" && typeof pair?.key === "string";
  need(tokens === undefined || (Array.isArray(tokens) && tokens.every(tokenOk)), "tokens must be an array of strings");
  const pairsOk = emailKeys === undefined || (Array.isArray(emailKeys) && emailKeys.every(pairOk));
  need(pairsOk, "emailKeys must be an array of {email, key} strings");
  if (tokens) standin.credentials.tokens = [...tokens];
  if (emailKeys) standin.credentials.emailKeys = emailKeys.map(({ email, key }) => ({ email, key }));
  // A new setting (null: off) starts every credential afresh and zeroes the counters.
  if (rateLimit !== undefined) standin.limiter = createLimiter(rateLimit);
  return { ok: true };
}

function getUsers(standin, { match }) {
  const directory = standin.directory.get(match[1]);
  const seats = standin.state.get(match[1]);
  return (directory?.users ?? []).map((user) => renderUser(user, seats, directory.activeDevices));
}

/** Every registration of the account, revoked ones included, with `policy`. */
function getRegistrations(standin, { match }) {
  return (standin.directory.get(match[1])?.registrations ?? []).map(({ record }) => record);
}

function putUsers(standin, { match, text }) {
  storeUsers(standin, match[1], controlJson(text));
  return usersSummary(standin, match[1]);
}

function generateAction(standin, { match, text }) {
  const { count, seed = 1, registrationsPerUser = [0, 2] } = controlJson(text) ?? {};
  const countOk = Number.isSafeInteger(count) && count >= 0 && count <= MAX_GENERATED_USERS;
  need(countOk, `count must be an integer from 0 to ${MAX_GENERATED_USERS}`);
  need(Number.isSafeInteger(seed), "seed must be an integer");
  const [min, max] = Array.isArray(registrationsPerUser) ? registrationsPerUser : [];
  const rangeOk = Number.isInteger(min) && Number.isInteger(max) && min >= 0 && min <= max && max <= MAX_REGISTRATIONS_PER_USER;
  need(rangeOk && registrationsPerUser.length === 2, `registrationsPerUser must be [min, max] with 0 <= min <= max <= ${MAX_REGISTRATIONS_PER_USER}`);
  storeUsers(standin, match[1], generateUsers({ count, seed, registrationsPerUser }), { trusted: true });
  return usersSummary(standin, match[1]);
}

function usersSummary(standin, accountId) {
  const { users, registrations } = standin.directory.get(accountId);
  return { ok: true, users: users.length, registrations: registrations.length, seats: standin.state.get(accountId)?.size ?? 0 };
}
