// Dev server of the demo page: serves www/ at /, the built package (pkg/) at /pkg/, and the API
// stand-in at /client/v4, all on one origin so the page needs no CORS and a strict CSP holds.
//
//   node www/server.mjs          (PORT=8787 by default, always bound to 127.0.0.1)
//
// Tests import startDevServer() and run it in-process on port 0.

import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const WWW_ROOT = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.dirname(WWW_ROOT);
const PKG_ROOT = path.join(REPO_ROOT, "pkg");
const STANDIN_MODULE = path.join(REPO_ROOT, "standin", "standin.mjs");
const API_PREFIX = "/client/v4";

export const CSP = [
  "default-src 'self'",
  // 'wasm-unsafe-eval' lets the page compile the package's wasm; nothing else may eval.
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const MIME = new Map([
  [".html", "text/html; charset=utf-8"],
  [".js", "text/javascript; charset=utf-8"],
  [".mjs", "text/javascript; charset=utf-8"],
  [".css", "text/css; charset=utf-8"],
  [".wasm", "application/wasm"],
  [".json", "application/json; charset=utf-8"],
  [".ts", "text/plain; charset=utf-8"], // .d.ts: shown as text, never run
  [".map", "application/json; charset=utf-8"],
  [".md", "text/plain; charset=utf-8"],
]);

/** True when the package has been built, i.e. the page can load it. */
export function pkgBuilt() {
  return fs.existsSync(path.join(PKG_ROOT, "browser.js"));
}

/**
 * Starts the server. Resolves once it listens, with { url, close, server, standin }: close()
 * also drops keep-alive connections, so tests and Ctrl-C never hang on an idle socket. Pass
 * `standin` to mount another stand-in object (null: none); by default the repo's is loaded.
 */
export async function startDevServer({ port = 8787, host = "127.0.0.1", standin } = {}) {
  const api = standin === undefined ? await loadStandin() : standin;
  const server = http.createServer((req, res) => {
    route(api, req, res).catch((err) => fail(res, err));
  });
  await new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port: bound } = server.address();
  return {
    url: `http://${host}:${bound}/`,
    server,
    standin: api,
    close: () => closeServer(server),
  };
}

async function loadStandin() {
  if (!fs.existsSync(STANDIN_MODULE)) {
    console.warn(`demo: ${path.relative(REPO_ROOT, STANDIN_MODULE)} is missing; serving without the API stand-in`);
    return null;
  }
  const { createStandin } = await import(new URL("../standin/standin.mjs", import.meta.url).href);
  return createStandin({ prefix: API_PREFIX });
}

function closeServer(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function route(api, req, res) {
  setCommonHeaders(res);
  // Only origin-form targets (`/path`); `//host/x` would read as another origin to URL parsers.
  if (!req.url.startsWith("/") || req.url.startsWith("//")) return sendText(res, 404, "not found\n");
  if (api && (await api.handle(req, res))) return;
  if (req.method !== "GET" && req.method !== "HEAD") {
    res.setHeader("Allow", "GET, HEAD");
    return sendText(res, 405, "method not allowed\n");
  }
  const file = await resolveStatic(req.url);
  if (!file) return sendText(res, 404, "not found\n");
  await sendFile(req, res, file);
}

function setCommonHeaders(res) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cache-Control", "no-store"); // a rebuilt pkg/ must show up on reload
}

/**
 * Maps a raw request target to a file inside www/ or pkg/, or null. The raw target is checked
 * before any normalisation: a URL parser would silently fold `/../x` or `/%2e%2e/x` into `/x`,
 * which hides the attempt instead of refusing it.
 */
async function resolveStatic(rawUrl) {
  const segments = decodeSegments(rawUrl);
  if (!segments) return null;
  let root = WWW_ROOT;
  let rest = segments;
  if (segments[0] === "pkg") {
    root = PKG_ROOT;
    rest = segments.slice(1);
  }
  if (root === WWW_ROOT && rest.length === 0) rest = ["index.html"];
  if (rest.length === 0 || rest.includes("")) return null; // directories: no listing
  if (root === WWW_ROOT && rest.join("/") === "server.mjs") return null;
  return containedFile(root, rest);
}

/** Splits the path into decoded segments; null when any segment could escape or hide. */
function decodeSegments(rawUrl) {
  const rawPath = String(rawUrl).split(/[?#]/, 1)[0];
  if (!rawPath.startsWith("/") || rawPath.includes("\\")) return null;
  if (rawPath === "/") return [];
  const segments = [];
  for (const raw of rawPath.slice(1).split("/")) {
    let seg;
    try {
      seg = decodeURIComponent(raw);
    } catch {
      return null;
    }
    // Encoded separators would smuggle extra segments past this check; a leading dot covers
    // `.`, `..` and dotfiles; empty segments only matter as a trailing `/` (a directory).
    if (/[/\\\0]/.test(seg) || seg.startsWith(".")) return null;
    segments.push(seg);
  }
  return segments;
}

/** Resolves symlinks too, so a link inside the root cannot point outside it. */
async function containedFile(root, rest) {
  const candidate = path.resolve(root, ...rest);
  if (!isInside(root, candidate)) return null;
  try {
    const [realRoot, real] = await Promise.all([fs.promises.realpath(root), fs.promises.realpath(candidate)]);
    if (!isInside(realRoot, real)) return null;
    const stat = await fs.promises.stat(real);
    return stat.isFile() && MIME.has(path.extname(real)) ? real : null;
  } catch {
    return null;
  }
}

function isInside(root, candidate) {
  const rel = path.relative(root, candidate);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}

async function sendFile(req, res, file) {
  const type = MIME.get(path.extname(file));
  const body = await fs.promises.readFile(file);
  res.setHeader("Content-Type", type);
  res.setHeader("Content-Length", body.length);
  if (type.startsWith("text/html")) {
    res.setHeader("Content-Security-Policy", CSP);
    res.setHeader("X-Frame-Options", "DENY"); // frame-ancestors for browsers that predate it
  }
  res.writeHead(200);
  res.end(req.method === "HEAD" ? undefined : body);
}

function sendText(res, status, text) {
  res.writeHead(status, { "Content-Type": "text/plain; charset=utf-8", "Content-Length": Buffer.byteLength(text) });
  res.end(text);
}

function fail(res, err) {
  console.error("demo: request failed:", err);
  if (res.headersSent) return res.destroy();
  sendText(res, 500, "internal error\n");
}

function portFromEnv() {
  const raw = process.env.PORT ?? "8787";
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`PORT must be an integer 0-65535, got ${JSON.stringify(raw)}`);
  }
  return port;
}

async function main() {
  if (!pkgBuilt()) {
    console.warn("demo: pkg/browser.js is missing, so the page cannot load the package: run `make build` first");
  }
  const { url, close } = await startDevServer({ port: portFromEnv() });
  console.log(`demo: ${url}`);
  const stop = () => close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

function runDirectly() {
  if (!process.argv[1]) return false;
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (runDirectly()) {
  main().catch((err) => {
    console.error(`demo: ${err.message}`);
    process.exit(1);
  });
}
