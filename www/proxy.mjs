// Proxy mode of the dev server: forwards exactly one route, `PATCH /client/v4/accounts/{id}/access/seats`,
// to a real upstream (api.cloudflare.com sends no CORS headers, so a page cannot call it itself)
// and adds the credentials there, so the browser never holds them.
//
// Because the server holds account-wide credentials, it forwards as little as it can: one
// method on one exact path, a whitelist of request headers, a bounded body, and it rebuilds the
// upstream URL from the validated account id instead of passing the browser's path along.
// See www/README.md for the reasoning.

import http from "node:http";
import https from "node:https";
import { sendRefusal } from "./http.mjs";

export const API_PREFIX = "/client/v4";
/** 100,000 seats with 36-character uids are ~9.3 MB; anything much bigger is not a seats edit. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Longer than the package's default per-attempt timeout (60 s): the client gives up first. */
export const UPSTREAM_TIMEOUT_MS = 120_000;

// Matched against the raw request target, query string included, so `?x`, `%2e%2e`, `%2f`,
// `;`, `//` and `\` all fail the match instead of being normalised into it.
const SEATS_TARGET = /^\/client\/v4\/accounts\/([A-Za-z0-9]{1,32})\/access\/seats$/;
const OVERRIDE_HEADERS = ["x-http-method-override", "x-http-method", "x-method-override"];
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
// Visible ASCII, no spaces: what API tokens and keys are made of; anything else could split a header.
const SECRET = /^[\x21-\x7e]+$/;
const EMAIL = /^[\x21-\x7e]+@[\x21-\x7e]+$/;
const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

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
    const refusal = refuse(config, req);
    if (refusal) {
      log(`proxy: refused ${req.method} ${JSON.stringify(req.url)}: ${refusal.status} ${refusal.message}`);
      return sendRefusal(res, refusal.status, `dev proxy: ${refusal.message}`, refusal.headers);
    }
    const body = await readBody(req, config.maxBodyBytes);
    if (body.aborted) return;
    if (body.tooLarge) {
      log(`proxy: refused ${req.method} ${JSON.stringify(req.url)}: 413 body over ${config.maxBodyBytes} bytes`);
      return sendRefusal(res, 413, `dev proxy: request body over ${config.maxBodyBytes} bytes`, { Connection: "close" });
    }
    const status = await forward(config, agents, req, res, body.bytes);
    log(`proxy: ${req.method} ${req.url} -> ${status} (${Date.now() - started} ms, ${body.bytes.length} bytes sent)`);
  };
  const close = () => Object.values(agents).forEach((agent) => agent.destroy());
  return { handle, close };
}

/** The first reason to refuse the request without reading its body, or null. */
function refuse(config, req) {
  const match = SEATS_TARGET.exec(req.url);
  if (!match) return { status: 404, message: "only PATCH /client/v4/accounts/{account_id}/access/seats is forwarded" };
  if (req.method !== "PATCH") return { status: 405, message: "method not allowed", headers: { Allow: "PATCH" } };
  // A framework upstream of Cloudflare could honour these and turn the PATCH into something else.
  if (OVERRIDE_HEADERS.some((name) => name in req.headers)) return { status: 400, message: "method override headers are refused" };
  if (config.accounts.size > 0 && !config.accounts.has(match[1])) {
    return { status: 403, message: "this proxy is not set up for that account" };
  }
  if (!/^application\/json\s*(;|$)/i.test(req.headers["content-type"] ?? "")) {
    return { status: 415, message: "Content-Type must be application/json" };
  }
  const length = Number(req.headers["content-length"] ?? 0);
  if (length > config.maxBodyBytes) {
    return { status: 413, message: `request body over ${config.maxBodyBytes} bytes`, headers: { Connection: "close" } };
  }
  return null;
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

/** Sends the PATCH upstream and streams the answer back; resolves with the status sent. */
function forward(config, agents, req, res, bytes) {
  const target = new URL(`${config.upstream}/accounts/${SEATS_TARGET.exec(req.url)[1]}/access/seats`);
  const headers = { ...pick(req.headers, FORWARDED_REQUEST_HEADERS), "user-agent": USER_AGENT };
  Object.assign(headers, config.authHeaders, { "content-length": String(bytes.length) });
  const client = target.protocol === "https:" ? https : http;
  return new Promise((resolve) => {
    const upstream = client.request(target, {
      method: "PATCH",
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
    upstream.end(bytes);
  });
}

function pick(headers, names) {
  const picked = {};
  for (const name of names) {
    if (headers[name] !== undefined) picked[name] = headers[name];
  }
  return picked;
}
