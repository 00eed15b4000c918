// Proxy mode of the dev server: forwards exactly three routes to a real upstream
// (api.cloudflare.com sends no CORS headers, so a page cannot call it itself) and adds the
// credentials there, so the browser never holds them:
//   PATCH /client/v4/accounts/{id}/access/seats            (no query string)
//   GET   /client/v4/accounts/{id}/access/users            (email, name, search, page, per_page)
//   GET   /client/v4/accounts/{id}/devices/registrations   (status, seen_after, seen_before,
//                                                            search, per_page, cursor)
//
// Because the server holds account-wide credentials, it forwards as little as it can: one
// method per exact path, only the query keys the package sends (each at most once, each value
// checked), a whitelist of request headers, a bounded body (none on a GET), and it rebuilds the
// upstream URL from the validated account id and query instead of passing the browser's path
// along. See www/README.md and docs/runtimes.md for the reasoning.

import http from "node:http";
import https from "node:https";
import { sendRefusal } from "./http.mjs";
import {
  API_PREFIX, EMAIL, LOOPBACK_HOSTS, MAX_BODY_BYTES, OVERRIDE_HEADERS, ROUTES, ROUTES_TEXT, SECRET, UPSTREAM_TIMEOUT_MS, checkQuery,
} from "./proxy-rules.mjs";

export { API_PREFIX, MAX_BODY_BYTES, ROUTES, UPSTREAM_TIMEOUT_MS, checkQuery };

// Matched against the raw request target, so `%2e%2e`, `%2f`, `;`, `//` and `\` all fail the
// match instead of being normalised into it. The seats route takes no query string at all (`?x`
// is a 404, as before); the two lists take one, checked by checkQuery (www/proxy-rules.mjs).
const TARGET = /^\/client\/v4\/accounts\/([A-Za-z0-9]{1,32})\/(access\/seats|access\/users|devices\/registrations)(\?[^]*)?$/;
const FORWARDED_REQUEST_HEADERS = ["content-type", "accept"];
const FORWARDED_RESPONSE_HEADERS = [
  "content-type",
  "content-length",
  "content-encoding",
  "cf-ray",
  "retry-after",
  "retry-after-ms",
  "x-should-retry",
];
const USER_AGENT = "zero-trust-seats-dev-proxy";

export class ProxyConfigError extends Error {
  name = "ProxyConfigError";
}

/** True for a raw request target the proxy owns (it answers all of them, mostly with 404). */
export function isApiTarget(rawUrl) {
  const pathname = rawUrl.split("?", 1)[0];
  return pathname === API_PREFIX || pathname.startsWith(`${API_PREFIX}/`);
}

/**
 * The credentials from the environment, named as the package names them, or null when none is
 * set. Mixed or half-set credentials are an error: which ones would be used is a guess.
 */
export function credentialsFromEnv(env = process.env) {
  const apiToken = env.CLOUDFLARE_API_TOKEN || undefined;
  const apiEmail = env.CLOUDFLARE_EMAIL || undefined;
  const apiKey = env.CLOUDFLARE_API_KEY || undefined;
  if (!apiToken && !apiEmail && !apiKey) return null;
  if (apiToken && (apiEmail || apiKey)) {
    throw new ProxyConfigError("set either CLOUDFLARE_API_TOKEN or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY, not both");
  }
  if (apiToken) return { apiToken };
  if (!apiEmail || !apiKey) {
    throw new ProxyConfigError("CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY go together: one of them is missing");
  }
  return { apiEmail, apiKey };
}

/** Checks the proxy's settings; throws a ProxyConfigError that never quotes a secret. */
export function proxyConfig({ upstream, credentials, accounts = [], maxBodyBytes = MAX_BODY_BYTES }) {
  return {
    upstream: parseUpstream(upstream),
    authHeaders: authHeaders(credentials),
    credentialKind: credentials.apiToken ? "token" : "email-key",
    accounts: new Set(checkAccounts(accounts)),
    maxBodyBytes,
  };
}

function parseUpstream(raw) {
  let url;
  try {
    url = new URL(String(raw));
  } catch {
    throw new ProxyConfigError(`PROXY_UPSTREAM is not a URL: ${JSON.stringify(String(raw))}`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ProxyConfigError("PROXY_UPSTREAM must be an https:// URL");
  }
  if (url.protocol === "http:" && !LOOPBACK_HOSTS.has(url.hostname)) {
    throw new ProxyConfigError("PROXY_UPSTREAM must be https:// (http:// only for localhost): the credentials would cross the network in clear");
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ProxyConfigError("PROXY_UPSTREAM must be a plain base URL, without user info, query or fragment");
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function authHeaders(credentials) {
  if (!credentials || (!credentials.apiToken && !credentials.apiEmail && !credentials.apiKey)) {
    throw new ProxyConfigError(
      "proxy mode needs credentials: set CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY)",
    );
  }
  const { apiToken, apiEmail, apiKey } = credentials;
  if (apiToken) {
    if (apiEmail || apiKey) throw new ProxyConfigError("pass either an API token or an email + key, not both");
    if (!SECRET.test(apiToken)) throw new ProxyConfigError("CLOUDFLARE_API_TOKEN must be visible ASCII without spaces");
    return { authorization: `Bearer ${apiToken}` };
  }
  if (!apiEmail || !apiKey) throw new ProxyConfigError("CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY go together");
  if (!EMAIL.test(apiEmail)) throw new ProxyConfigError("CLOUDFLARE_EMAIL must be an email address");
  if (!SECRET.test(apiKey)) throw new ProxyConfigError("CLOUDFLARE_API_KEY must be visible ASCII without spaces");
  return { "x-auth-email": apiEmail, "x-auth-key": apiKey };
}

function checkAccounts(accounts) {
  for (const id of accounts) {
    if (!/^[A-Za-z0-9]{1,32}$/.test(id)) throw new ProxyConfigError(`PROXY_ACCOUNTS: ${JSON.stringify(id)} is not an account id`);
  }
  return accounts;
}

/**
 * Builds the handler for every target under /client/v4 (see isApiTarget). The caller has
 * already checked Host, Origin and Sec-Fetch-Site. `log` gets one line per request, never a
 * header value.
 */
export function createProxy(config, { log = console.log } = {}) {
  // Own agent, so close() can drop its idle upstream connections.
  const agents = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };
  const handle = async (req, res) => {
    const started = Date.now();
    const checked = refuse(config, req);
    if (checked.refusal) {
      const { refusal } = checked;
      log(`proxy: refused ${req.method} ${JSON.stringify(req.url)}: ${refusal.status} ${refusal.message}`);
      return sendRefusal(res, refusal.status, `dev proxy: ${refusal.message}`, refusal.headers);
    }
    const body = checked.method === "GET" ? { bytes: Buffer.alloc(0) } : await readBody(req, config.maxBodyBytes);
    if (body.aborted) return;
    if (body.tooLarge) {
      log(`proxy: refused ${req.method} ${JSON.stringify(req.url)}: 413 body over ${config.maxBodyBytes} bytes`);
      return sendRefusal(res, 413, `dev proxy: request body over ${config.maxBodyBytes} bytes`, { Connection: "close" });
    }
    const status = await forward(config, agents, checked, req, res, body.bytes);
    log(`proxy: ${req.method} ${req.url} -> ${status} (${Date.now() - started} ms, ${body.bytes.length} bytes sent)`);
  };
  const close = () => Object.values(agents).forEach((agent) => agent.destroy());
  return { handle, close };
}

/**
 * Checks the request without reading its body: `{ refusal }` with the first reason to refuse
 * it, or the route to forward, `{ method, accountId, path, query }` (query: "" or "?…", rebuilt
 * from the checked pairs).
 */
function refuse(config, req) {
  const refusal = (status, message, headers) => ({ refusal: { status, message, headers } });
  const match = TARGET.exec(req.url);
  if (!match) return refusal(404, ROUTES_TEXT);
  const [, accountId, path, rawQuery] = match;
  const route = ROUTES[path];
  // The seats route takes no query string, not even an empty one: the same 404 as before.
  if (route.query === null && rawQuery !== undefined) return refusal(404, ROUTES_TEXT);
  if (req.method !== route.method) return refusal(405, "method not allowed", { Allow: route.method });
  // A framework upstream of Cloudflare could honour these and turn the request into something else.
  if (OVERRIDE_HEADERS.some((name) => name in req.headers)) return refusal(400, "method override headers are refused");
  if (config.accounts.size > 0 && !config.accounts.has(accountId)) {
    return refusal(403, "this proxy is not set up for that account");
  }
  if (route.method === "GET") {
    const length = req.headers["content-length"];
    if (req.headers["transfer-encoding"] !== undefined || (length !== undefined && length !== "0")) {
      return refusal(400, "a GET takes no body", { Connection: "close" });
    }
    const query = checkQuery(route.query, rawQuery);
    if (query.error) return refusal(400, query.error);
    return { method: "GET", accountId, path, query: query.text };
  }
  if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) {
    return refusal(415, "Content-Type must be application/json");
  }
  const length = Number(req.headers["content-length"] ?? 0);
  if (length > config.maxBodyBytes) {
    return refusal(413, `request body over ${config.maxBodyBytes} bytes`, { Connection: "close" });
  }
  return { method: "PATCH", accountId, path, query: "" };
}

/** The whole body, or tooLarge once it passes `limit` (the rest is read and dropped). */
function readBody(req, limit) {
  return new Promise((resolve) => {
    const chunks = [];
    let size = 0;
    req.on("data", (chunk) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      // Far past the limit: stop reading instead of draining an endless upload.
      else if (size > 2 * limit) req.destroy();
    });
    req.on("end", () => resolve({ bytes: Buffer.concat(chunks), tooLarge: size > limit, aborted: false }));
    req.on("close", () => {
      if (!req.complete) resolve({ aborted: true });
    });
  });
}

/** Sends the checked request upstream and streams the answer back; resolves with the status sent. */
function forward(config, agents, route, req, res, bytes) {
  const target = new URL(`${config.upstream}/accounts/${route.accountId}/${route.path}${route.query}`);
  const headers = { ...pick(req.headers, route.method === "GET" ? ["accept"] : FORWARDED_REQUEST_HEADERS), "user-agent": USER_AGENT };
  Object.assign(headers, config.authHeaders);
  if (route.method !== "GET") headers["content-length"] = String(bytes.length);
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const upstream = client.request(target, {
      method: route.method,
      headers,
      agent: agents[target.protocol],
      timeout: UPSTREAM_TIMEOUT_MS,
    });
    upstream.on("response", (answer) => {
      res.writeHead(answer.statusCode, pick(answer.headers, FORWARDED_RESPONSE_HEADERS));
      answer.pipe(res);
      answer.on("error", () => res.destroy());
      resolve(answer.statusCode);
    });
    upstream.on("timeout", () => upstream.destroy(new Error("upstream timed out")));
    upstream.on("error", (err) => {
      if (res.headersSent) return res.destroy();
      // The error's text names the upstream host and a reason; it never contains a header.
      sendRefusal(res, 502, `dev proxy: no answer from the upstream (${err.code ?? err.message})`);
      resolve(502);
    });
    // The browser gave up (timeout, abort): stop waiting for the upstream too.
    res.on("close", () => {
      if (!res.writableFinished) upstream.destroy();
    });
    if (route.method === "GET") upstream.end();
    else upstream.end(bytes);
  });
}

function pick(headers, names) {
  const picked = {};
  for (const name of names) {
    if (headers[name] !== undefined) picked[name] = headers[name];
  }
  return picked;
}
