// The benchmark's server: a lean, stateless stand-in of
// `PATCH /client/v4/accounts/{account_id}/access/seats` that answers every well-formed edit
// with Cloudflare's success envelope, each seat echoed with timestamps. Any seat_uid is accepted
// (no seeding), nothing is recorded (memory stays flat over 100k-seat calls), and the work per
// request is the same whichever client sent it. Node built-ins only.
//
//   node bench/server.mjs [port]     # prints `bench server listening on <base url>`; port 0 = any
//
// It runs in its own process, so none of its CPU or memory is counted against a client.
// Accepts `Authorization: Bearer <TOKEN>` (what all three contenders send) and ignores any other
// header (the official SDK adds x-stainless-*, user-agent, idempotency keys…).

import { createServer } from "node:http";
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { fstatSync } from "node:fs";
import { TOKEN, PREFIX } from "./config.mjs";
const MAX_BODY_BYTES = 64 * 1024 * 1024; // 100,000 seats are ~9.3 MB
const ROUTE = /^\/client\/v4\/accounts\/([A-Za-z0-9]{1,32})\/access\/seats\/?$/;
const STAMP = "2026-01-01T00:00:00Z";

function send(res, status, body) {
  const bytes = Buffer.from(JSON.stringify(body));
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
    const path = (req.url ?? "").split("?")[0];
    if (!ROUTE.test(path)) return failure(res, 404, 7000, "No route for that URI");
    if (req.method !== "PATCH") return failure(res, 405, 10405, "Method not allowed");
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return failure(res, 403, 10000, "Authentication error");
    let edits;
    try {
      edits = JSON.parse(Buffer.concat(chunks, size).toString("utf8"));
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
  });
}

/** Starts the server; resolves to { url, close }. */
export function startServer(port = 0, host = "127.0.0.1") {
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
