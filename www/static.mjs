// Static files of the dev server: the page from www/ and the built package from pkg/.
//
// Only the page's own file types are served from www/ (.html, .css, .js): the server's modules
// are .mjs and its docs .md, so they can never be fetched by a browser.

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sendText, setDocumentHeaders } from "./http.mjs";

export const WWW_ROOT = path.dirname(fileURLToPath(import.meta.url));
export const PKG_ROOT = path.join(path.dirname(WWW_ROOT), "pkg");

const MIME = new Map([
  [".html", "text/html; charset=utf-8"],
  [".js", "text/javascript; charset=utf-8"],
  [".css", "text/css; charset=utf-8"],
  [".wasm", "application/wasm"],
  [".json", "application/json; charset=utf-8"],
  [".ts", "text/plain; charset=utf-8"], // .d.ts: shown as text, never run
]);

const SERVED = new Map([
  [WWW_ROOT, new Set([".html", ".css", ".js"])],
  [PKG_ROOT, new Set([".js", ".wasm", ".json", ".ts"])],
]);

/** True when the package has been built, i.e. the page can load it. */
export function pkgBuilt() {
  return fs.existsSync(path.join(PKG_ROOT, "browser.js"));
}

/** Answers a request for a static file: 404 when there is none, 405 for other methods. */
export async function serveStatic(req, res) {
  const file = await resolveStatic(req.url);
  if (!file) return sendText(res, 404, "not found\n");
  if (req.method !== "GET" && req.method !== "HEAD") {
    return sendText(res, 405, "method not allowed\n", { Allow: "GET, HEAD" });
  }
  const type = MIME.get(path.extname(file));
  const body = await fs.promises.readFile(file);
  if (type.startsWith("text/html")) setDocumentHeaders(res);
  res.writeHead(200, { "Content-Type": type, "Content-Length": body.length });
  res.end(req.method === "HEAD" ? undefined : body);
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
  return containedFile(root, rest);
}

/** Splits the path into decoded segments; null when any segment could escape or hide. */
function decodeSegments(rawUrl) {
  const rawPath = String(rawUrl).split(/[?#]/, 1)[0];
  // Only origin-form targets (`/path`); `//host/x` would read as another origin to URL parsers.
  if (!rawPath.startsWith("/") || rawPath.startsWith("//") || rawPath.includes("\\")) return null;
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
    return stat.isFile() && SERVED.get(root).has(path.extname(real)) ? real : null;
  } catch {
    return null;
  }
}

function isInside(root, candidate) {
  const rel = path.relative(root, candidate);
  return rel !== "" && !rel.startsWith("..") && !path.isAbsolute(rel);
}
