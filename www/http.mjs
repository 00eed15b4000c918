// Response helpers shared by the dev server's parts: the page's Content-Security-Policy, the
// headers every answer carries, and plain-text / Cloudflare-shaped JSON answers.

/**
 * The page's policy. The page is static files from this origin and talks only to this origin;
 * 'wasm-unsafe-eval' lets it compile the package's wasm and allows nothing else to eval.
 * Trusted Types with no policy makes every HTML-parsing DOM sink (innerHTML, ...) throw, so a
 * future change cannot quietly turn an API answer into markup.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "require-trusted-types-for 'script'",
  "trusted-types 'none'",
].join("; ");

/** On every answer: nothing is sniffed, cached, framed, referred or read by another origin. */
export function setCommonHeaders(res) {
  res.setHeader("X-Content-Type-Options", "nosniff");
  res.setHeader("Referrer-Policy", "no-referrer");
  res.setHeader("Cache-Control", "no-store"); // a rebuilt pkg/ must show up on reload
  res.setHeader("Cross-Origin-Resource-Policy", "same-origin");
  res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
}

/** Headers of an HTML document on top of the common ones. */
export function setDocumentHeaders(res) {
  res.setHeader("Content-Security-Policy", CSP);
  res.setHeader("X-Frame-Options", "DENY"); // frame-ancestors for browsers that predate it
}

export function sendText(res, status, text, headers = {}) {
  res.writeHead(status, {
    "Content-Type": "text/plain; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

export function sendJson(res, status, value, headers = {}) {
  const text = JSON.stringify(value);
  res.writeHead(status, {
    "Content-Type": "application/json; charset=utf-8",
    "Content-Length": Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}

/**
 * A refusal in Cloudflare's error envelope, so the package reports it as a typed error with a
 * readable `[code] message` instead of an InvalidResponseError about a non-JSON body. The code
 * is the HTTP status: these refusals come from the dev server, not from Cloudflare.
 */
export function sendRefusal(res, status, message, headers = {}) {
  sendJson(res, status, { success: false, errors: [{ code: status, message }], messages: [], result: null }, headers);
}
