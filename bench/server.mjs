// The benchmark's server: a lean, stateless stand-in of three routes of the API, so that what a
// request costs the server is the same whichever client sent it. Node built-ins only, plus the
// bench's own data (data.mjs).
//
//   PATCH /client/v4/accounts/{id}/access/seats      every edit echoed with timestamps, Cloudflare's
//                                                    success envelope; any seat_uid is accepted (no
//                                                    seeding) and nothing is recorded (memory stays
//                                                    flat over 100k-seat calls)
//   GET   /client/v4/accounts/{id}/access/users      ?page=&per_page=: LIST_USERS users, result_info
//                                                    {page, per_page, count, total_count, total_pages};
//                                                    a page past the last is empty
//   GET   /client/v4/accounts/{id}/devices/registrations   ?per_page=&cursor=: LIST_DEVICES
//                                                    registrations, result_info.cursor "" on the last
//
// List pages are answer texts made once per server and per_page (per_page=1000, what every
// contender asks for, at start), so serving one costs a lookup and a write.
//
//   node bench/server.mjs [port]     # prints `bench server listening on <base url>`; port 0 = any
//
// It runs in its own process, so none of its CPU or memory is counted against a client.
// Accepts `Authorization: Bearer <TOKEN>` (what all three contenders send) and ignores any other
// header (the official SDK adds x-stainless-*, user-agent, idempotency keys…) and query parameter.

import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { fstatSync } from "node:fs";
import { TOKEN, PREFIX } from "./config.mjs";
import { LIST_ITEMS as LIST_USERS, LIST_ITEMS as LIST_DEVICES, PER_PAGE, offsetOf, registrationsPageText, usersPageText } from "./data.mjs";

const MAX_BODY_BYTES = 64 * 1024 * 1024; // 100,000 seats are ~9.3 MB
const ROUTE = /^\/client\/v4\/accounts\/[A-Za-z0-9]{1,32}\/(access\/seats|access\/users|devices\/registrations)\/?$/;
const STAMP = "2026-01-01T00:00:00Z";

function send(res, status, body) {
  sendBytes(res, status, Buffer.from(JSON.stringify(body)));
}

function sendBytes(res, status, bytes) {
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": bytes.length,
    "cf-ray": `${randomBytes(8).toString("hex")}-BEN`,
  });
  res.end(bytes);
}

function failure(res, status, code, message) {
  send(res, status, { success: false, errors: [{ code, message }], messages: [], result: null });
}

// ---------------------------------------------------------------------------------------------
// PATCH …/access/seats

function editSeats(res, body) {
  let edits;
  try {
    edits = JSON.parse(body.toString("utf8"));
  } catch {
    return failure(res, 400, 6007, "Malformed JSON in request body");
  }
  if (!Array.isArray(edits)) return failure(res, 400, 10001, "body must be an array");
  const result = edits.map((e) => ({
    seat_uid: e.seat_uid,
    access_seat: e.access_seat,
    gateway_seat: e.gateway_seat,
    created_at: STAMP,
    updated_at: STAMP,
  }));
  const n = result.length;
  send(res, 200, {
    success: true,
    errors: [],
    messages: [],
    result,
    result_info: { count: n, page: 1, per_page: n, total_count: n, total_pages: 1 },
  });
}

// ---------------------------------------------------------------------------------------------
// The lists: answer bytes made once per (route, per_page, page or offset)

const pageCache = new Map();
function cachedPage(key, make) {
  let bytes = pageCache.get(key);
  if (!bytes) pageCache.set(key, (bytes = Buffer.from(make())));
  return bytes;
}

// per_page as the API takes it: 1 to 1000, default 1000 (left out or not a number).
function perPageOf(params) {
  const n = Number(params.get("per_page") || PER_PAGE);
  return Number.isInteger(n) && n >= 1 && n <= 1000 ? n : null;
}

function listUsers(res, params) {
  const perPage = perPageOf(params);
  const page = Number(params.get("page") || 1);
  if (perPage === null || !Number.isInteger(page) || page < 1) return failure(res, 400, 12000, "invalid page or per_page");
  // Pages up to the first empty one (the SDK asks for it) are kept; later ones are made each time.
  const make = () => usersPageText(LIST_USERS, perPage, page);
  sendBytes(res, 200, page <= Math.ceil(LIST_USERS / perPage) + 1 ? cachedPage(`users ${perPage} ${page}`, make) : Buffer.from(make()));
}

function listRegistrations(res, params) {
  const perPage = perPageOf(params);
  const offset = params.get("cursor") ? offsetOf(params.get("cursor")) : 0;
  if (perPage === null || offset === null || offset > LIST_DEVICES) return failure(res, 400, 12000, "invalid cursor or per_page");
  sendBytes(res, 200, cachedPage(`devices ${perPage} ${offset}`, () => registrationsPageText(LIST_DEVICES, perPage, offset)));
}

// Made at start for per_page=1000, so no contender's first listing waits for them.
function warmPages() {
  for (let page = 1; page <= Math.ceil(LIST_USERS / PER_PAGE) + 1; page++) {
    cachedPage(`users ${PER_PAGE} ${page}`, () => usersPageText(LIST_USERS, PER_PAGE, page));
  }
  for (let offset = 0; offset < LIST_DEVICES; offset += PER_PAGE) {
    cachedPage(`devices ${PER_PAGE} ${offset}`, () => registrationsPageText(LIST_DEVICES, PER_PAGE, offset));
  }
}

// ---------------------------------------------------------------------------------------------

const METHODS = { "access/seats": "PATCH", "access/users": "GET", "devices/registrations": "GET" };

function answer(req, res, body) {
  const [path, query] = (req.url ?? "").split("?");
  const route = ROUTE.exec(path)?.[1];
  if (!route) return failure(res, 404, 7000, "No route for that URI");
  if (req.method !== METHODS[route]) return failure(res, 405, 10405, "Method not allowed");
  if (req.headers.authorization !== `Bearer ${TOKEN}`) return failure(res, 403, 10000, "Authentication error");
  if (route === "access/seats") return editSeats(res, body);
  const params = new URLSearchParams(query ?? "");
  return route === "access/users" ? listUsers(res, params) : listRegistrations(res, params);
}

function handle(req, res) {
  const chunks = [];
  let size = 0;
  let tooLarge = false;
  req.on("data", (chunk) => {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) tooLarge = true;
    else chunks.push(chunk);
  });
  req.on("end", () => {
    if (tooLarge) return failure(res, 413, 10413, "Request body too large");
    answer(req, res, Buffer.concat(chunks, size));
  });
}

/** Starts the server; resolves to { url, close }. */
export function startServer(port = 0, host = "127.0.0.1") {
  warmPages();
  const server = createServer({ keepAliveTimeout: 30_000 }, handle);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      const { port: bound } = server.address();
      resolve({
        url: `http://${host}:${bound}${PREFIX}`,
        close: () => new Promise((done) => { server.close(() => done()); server.closeAllConnections(); }),
      });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const running = await startServer(Number(process.argv[2] ?? 0));
  process.stdout.write(`bench server listening on ${running.url}\n`);
  const stop = () => running.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  // Started by the runner with a pipe on stdin: when the runner ends (or dies) the pipe closes.
  if (fstatSync(0).isFIFO()) process.stdin.on("end", stop).resume();
}
