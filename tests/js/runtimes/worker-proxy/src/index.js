// The admin page's production proxy as a Cloudflare Worker: the same rules as the dev server's
// proxy mode (www/proxy.mjs), for a page served from this Worker's static assets.
//
// api.cloudflare.com sends no CORS headers, so the page calls this Worker on its own origin with
// `new Client({ baseUrl: location.origin + "/client/v4" })` and no credentials. The Worker holds
// account-wide credentials (secrets), so it forwards as little as it can:
//   - one method on each of three exact paths, and the upstream URL is rebuilt from the checked
//     account id and query, never copied from the request:
//       PATCH /client/v4/accounts/{account_id}/access/seats           (no query string)
//       GET   /client/v4/accounts/{account_id}/access/users           (email, name, search, page, per_page)
//       GET   /client/v4/accounts/{account_id}/devices/registrations  (status, seen_after, seen_before,
//                                                                      search, per_page, cursor)
//     only the query keys the package sends, each once, each value percent-encoded as the
//     package does it and checked; the registrations list's other documented keys (user.id, id,
//     device.id, policy.id, sort_by, sort_order, include) are refused; a GET takes no body;
//   - only callers that Cloudflare Access let in (a verified Cf-Access-Jwt-Assertion), and only
//     from this origin (Origin / Sec-Fetch-Site), so another site cannot spend the credentials;
//   - only a well-formed seats edit (checked by the package's validateEdits), at most 16 MiB;
//   - the browser's Cookie, Authorization and other headers are never forwarded: the credentials
//     come from the Worker's secrets only.
import { validateEdits, ValidationError } from "zero-trust-seats";
// The rules it shares with the dev server's proxy: a copy of www/proxy-rules.mjs, put here by
// the steps of docs/runtimes.md (and by the tests), so both proxies apply one set of rules.
import {
  API_PREFIX, EMAIL, LOOPBACK_HOSTS, MAX_BODY_BYTES, OVERRIDE_HEADERS, ROUTES, ROUTES_TEXT, SECRET, UPSTREAM_TIMEOUT_MS, checkQuery,
} from "./proxy-rules.mjs";

const TARGET = /^\/client\/v4\/accounts\/([A-Za-z0-9]{1,32})\/(access\/seats|access\/users|devices\/registrations)$/;
const FORWARDED_RESPONSE_HEADERS = ["content-type", "cf-ray", "retry-after", "retry-after-ms", "x-should-retry"];
const SECURITY_HEADERS = {
  "content-security-policy": "default-src 'none'; frame-ancestors 'none'",
  "x-content-type-options": "nosniff",
  "referrer-policy": "no-referrer",
  "cache-control": "no-store",
};

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    let config;
    try {
      config = proxyConfig(env);
    } catch (err) {
      // The message names the setting at fault, never a secret's value.
      return refusal(500, `proxy not configured: ${err.message}`);
    }
    const foreign = refuseForeign(request, url);
    if (foreign) return refusal(403, foreign);
    const denied = await checkAccess(request, config);
    if (denied) return refusal(403, denied);
    if (url.pathname === "/dev-server.json") {
      return json(200, {
        mode: "proxy",
        upstream: config.upstream,
        credentials: config.credentialKind,
        accounts: [...config.accounts],
      });
    }
    if (url.pathname === API_PREFIX || url.pathname.startsWith(`${API_PREFIX}/`)) return proxy(request, url, config);
    // Only reached when run_worker_first sends a path the Worker does not own.
    return env.ASSETS ? env.ASSETS.fetch(request) : refusal(404, "not found");
  },
};

/** The settings from vars and secrets; throws an Error that never quotes a secret. */
function proxyConfig(env) {
  const upstream = baseUrl(env.UPSTREAM || "https://api.cloudflare.com/client/v4", "UPSTREAM");
  const accounts = new Set(
    String(env.ACCOUNTS ?? "")
      .split(",")
      .map((id) => id.trim())
      .filter(Boolean),
  );
  for (const id of accounts) {
    if (!/^[A-Za-z0-9]{1,32}$/.test(id)) throw new Error(`ACCOUNTS: ${JSON.stringify(id)} is not an account id`);
  }
  const access = env.ACCESS_TEAM_DOMAIN || env.ACCESS_AUD
    ? { team: baseUrl(env.ACCESS_TEAM_DOMAIN ?? "", "ACCESS_TEAM_DOMAIN"), aud: requireSetting(env.ACCESS_AUD, "ACCESS_AUD") }
    : null;
  // Only for `wrangler dev` on loopback: Access cannot sit in front of localhost.
  if (!access && env.ALLOW_WITHOUT_ACCESS !== "true") {
    throw new Error("set ACCESS_TEAM_DOMAIN and ACCESS_AUD (the Access application in front of this Worker)");
  }
  return { upstream, accounts, access, ...credentials(env) };
}

function requireSetting(value, name) {
  if (!value) throw new Error(`${name} is not set`);
  return String(value);
}

function baseUrl(raw, name) {
  let url;
  try {
    url = new URL(String(raw));
  } catch {
    throw new Error(`${name} is not a URL`);
  }
  const loopback = LOOPBACK_HOSTS.has(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new Error(`${name} must be an https:// URL (http:// only for localhost)`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new Error(`${name} must be a plain base URL, without user info, query or fragment`);
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, "")}`;
}

function credentials(env) {
  const apiToken = env.CLOUDFLARE_API_TOKEN || undefined;
  const apiEmail = env.CLOUDFLARE_EMAIL || undefined;
  const apiKey = env.CLOUDFLARE_API_KEY || undefined;
  if (apiToken && (apiEmail || apiKey)) throw new Error("set either CLOUDFLARE_API_TOKEN or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY, not both");
  if (apiToken) {
    if (!SECRET.test(apiToken)) throw new Error("CLOUDFLARE_API_TOKEN must be visible ASCII without spaces");
    return { credentialKind: "token", authHeaders: { authorization: `Bearer ${apiToken}` } };
  }
  if (!apiEmail && !apiKey) throw new Error("no credentials: `wrangler secret put CLOUDFLARE_API_TOKEN`");
  if (!apiEmail || !apiKey) throw new Error("CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY go together");
  if (!EMAIL.test(apiEmail)) throw new Error("CLOUDFLARE_EMAIL must be an email address");
  if (!SECRET.test(apiKey)) throw new Error("CLOUDFLARE_API_KEY must be visible ASCII without spaces");
  return { credentialKind: "email-key", authHeaders: { "x-auth-email": apiEmail, "x-auth-key": apiKey } };
}

/**
 * Null when the request may proceed. `Origin` comes with every cross-origin request and with
 * same-origin ones that are not GET/HEAD; `Sec-Fetch-Site` with every request of a modern browser.
 */
function refuseForeign(request, url) {
  const origin = request.headers.get("origin");
  if (origin !== null && origin !== url.origin) return "cross-origin request refused";
  const site = request.headers.get("sec-fetch-site");
  if (site !== null && site !== "same-origin" && site !== "none") return "cross-site request refused";
  return null;
}

// ---------------------------------------------------------------------------------------------
// Cloudflare Access: https://developers.cloudflare.com/cloudflare-one/identity/authorization-cookie/validating-json/

let keyCache = { team: null, at: 0, keys: [] };
const KEY_CACHE_MS = 10 * 60 * 1000;

/** Null when Access let the caller in (or the check is off for local dev), else why not. */
async function checkAccess(request, config) {
  if (!config.access) return null;
  const token = request.headers.get("cf-access-jwt-assertion");
  if (!token) return "no Cloudflare Access token: put this Worker's hostname behind an Access application";
  const parts = token.split(".");
  if (parts.length !== 3) return "malformed Access token";
  let header;
  let payload;
  try {
    header = JSON.parse(base64UrlText(parts[0]));
    payload = JSON.parse(base64UrlText(parts[1]));
  } catch {
    return "malformed Access token";
  }
  if (header.alg !== "RS256") return "Access token: unexpected algorithm";
  const jwk = await accessKey(config.access.team, header.kid);
  if (!jwk) return "Access token: unknown signing key";
  const key = await crypto.subtle.importKey("jwk", jwk, { name: "RSASSA-PKCS1-v1_5", hash: "SHA-256" }, false, ["verify"]);
  const signed = new TextEncoder().encode(`${parts[0]}.${parts[1]}`);
  if (!(await crypto.subtle.verify("RSASSA-PKCS1-v1_5", key, base64UrlBytes(parts[2]), signed))) {
    return "Access token: bad signature";
  }
  const now = Date.now() / 1000;
  const audiences = Array.isArray(payload.aud) ? payload.aud : [payload.aud];
  if (!audiences.includes(config.access.aud)) return "Access token: wrong audience";
  if (payload.iss !== config.access.team) return "Access token: wrong issuer";
  if (typeof payload.exp !== "number" || payload.exp <= now) return "Access token: expired";
  if (typeof payload.nbf === "number" && payload.nbf > now + 60) return "Access token: not valid yet";
  return null;
}

/** The team's signing key `kid`, from its certs endpoint (cached; refetched for an unknown kid). */
async function accessKey(team, kid) {
  const find = () => keyCache.keys.find((key) => key.kid === kid);
  if (keyCache.team === team && Date.now() - keyCache.at < KEY_CACHE_MS && find()) return find();
  const res = await fetch(`${team}/cdn-cgi/access/certs`);
  if (!res.ok) return null;
  const { keys } = await res.json();
  keyCache = { team, at: Date.now(), keys: Array.isArray(keys) ? keys : [] };
  return find() ?? null;
}

function base64UrlBytes(text) {
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(text.length / 4) * 4, "="));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}

function base64UrlText(text) {
  return new TextDecoder().decode(base64UrlBytes(text));
}

// ---------------------------------------------------------------------------------------------
// The route

async function proxy(request, url, config) {
  const match = TARGET.exec(url.pathname);
  if (!match) return refusal(404, ROUTES_TEXT);
  const [, accountId, path] = match;
  const route = ROUTES[path];
  // The query as the runtime serialised the URL: `?` alone stays, a fragment never comes.
  const at = request.url.indexOf("?");
  const rawQuery = at < 0 ? undefined : request.url.slice(at);
  if (route.query === null && rawQuery !== undefined) return refusal(404, ROUTES_TEXT);
  if (request.method !== route.method) return refusal(405, "method not allowed", { allow: route.method });
  if (OVERRIDE_HEADERS.some((name) => request.headers.has(name))) return refusal(400, "method override headers are refused");
  if (config.accounts.size > 0 && !config.accounts.has(accountId)) {
    return refusal(403, "this proxy is not set up for that account");
  }
  if (route.method === "GET") {
    const length = request.headers.get("content-length");
    if (request.body !== null || request.headers.has("transfer-encoding") || (length !== null && length !== "0")) {
      return refusal(400, "a GET takes no body");
    }
    const query = checkQuery(route.query, rawQuery);
    if (query.error) return refusal(400, query.error);
    return forward(request, config, `${config.upstream}/accounts/${accountId}/${path}${query.text}`, { method: "GET" });
  }
  if (!/^application\/json\s*(;|$)/i.test(request.headers.get("content-type") ?? "")) {
    return refusal(415, "Content-Type must be application/json");
  }
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) {
    return refusal(413, `request body over ${MAX_BODY_BYTES} bytes`);
  }
  const bytes = await request.arrayBuffer();
  if (bytes.byteLength > MAX_BODY_BYTES) return refusal(413, `request body over ${MAX_BODY_BYTES} bytes`);
  let edits;
  try {
    edits = validateEdits(JSON.parse(new TextDecoder().decode(bytes)));
  } catch (err) {
    if (err instanceof SyntaxError) return refusal(400, "the body is not JSON");
    if (err instanceof ValidationError) return refusal(400, err.message);
    throw err;
  }
  return forward(request, config, `${config.upstream}/accounts/${accountId}/access/seats`, {
    method: "PATCH",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(edits),
  });
}

/** Sends the checked request upstream with the Worker's credentials; passes the answer back. */
async function forward(request, config, target, { method, headers = {}, body }) {
  let answer;
  try {
    answer = await fetch(target, {
      method,
      headers: {
        accept: "application/json",
        "user-agent": "zero-trust-seats-worker-proxy",
        ...headers,
        ...config.authHeaders,
      },
      body,
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(UPSTREAM_TIMEOUT_MS)].filter(Boolean)),
    });
  } catch (err) {
    return refusal(502, `no answer from the upstream (${err.name})`);
  }
  const answerHeaders = new Headers(SECURITY_HEADERS);
  for (const name of FORWARDED_RESPONSE_HEADERS) {
    const value = answer.headers.get(name);
    if (value !== null) answerHeaders.set(name, value);
  }
  return new Response(answer.body, { status: answer.status, headers: answerHeaders });
}

/** The answer shape of www/http.mjs's sendRefusal: a Cloudflare-style error envelope. */
function refusal(status, message, headers = {}) {
  return json(status, { success: false, errors: [{ code: status, message: `worker proxy: ${message}` }], messages: [], result: null }, headers);
}

function json(status, value, headers = {}) {
  return new Response(JSON.stringify(value), {
    status,
    headers: { ...SECURITY_HEADERS, "content-type": "application/json", ...headers },
  });
}
