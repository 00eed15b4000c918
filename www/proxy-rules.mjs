// The rules both proxies of the admin page apply (the dev server, www/proxy.mjs, and the
// production Worker, tests/js/runtimes/worker-proxy/): the three routes, the query keys each
// forwards and the check of each value, the limits and the header and credential patterns.
// No imports, so a Worker bundles it as it is (docs/runtimes.md copies it next to the Worker).

export const API_PREFIX = "/client/v4";
/** 100,000 seats with 36-character uids are ~9.3 MB; anything much bigger is not a seats edit. */
export const MAX_BODY_BYTES = 16 * 1024 * 1024;
/** Longer than the package's default per-attempt timeout (60 s): the client gives up first. */
export const UPSTREAM_TIMEOUT_MS = 120_000;

/** Query values: what the package sends, RFC 3986 unreserved characters and %XX escapes only. */
const QUERY_VALUE = /^(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})*$/;
const TEXT = (value) => value.length <= 1024 && !/[\x00-\x1f\x7f]/.test(value);
const PER_PAGE = (value) => /^[1-9][0-9]{0,3}$/.test(value) && Number(value) <= 1000;
/**
 * The query keys each route forwards, and the check of each decoded value. The registrations
 * list documents more (`user.id`, `id`, `device.id`, `policy.id`, `sort_by`, `sort_order`,
 * `include`); the package never sends them, so they are refused like any unknown key.
 */
export const ROUTES = {
  "access/seats": { method: "PATCH", query: null },
  "access/users": {
    method: "GET",
    query: { email: TEXT, name: TEXT, search: TEXT, page: (value) => /^[1-9][0-9]{0,8}$/.test(value), per_page: PER_PAGE },
  },
  "devices/registrations": {
    method: "GET",
    query: {
      status: (value) => ["active", "all", "revoked"].includes(value),
      seen_after: TEXT,
      seen_before: TEXT,
      search: TEXT,
      per_page: PER_PAGE,
      cursor: TEXT,
    },
  },
};
const MAX_QUERY_BYTES = 8192;
/** What a refused path is told. */
export const ROUTES_TEXT =
  "only PATCH /client/v4/accounts/{account_id}/access/seats, GET /client/v4/accounts/{account_id}/access/users and GET /client/v4/accounts/{account_id}/devices/registrations are forwarded";
/** Method-override headers: refused, so no request can claim another method than its own. */
export const OVERRIDE_HEADERS = ["x-http-method-override", "x-http-method", "x-method-override"];
/** Visible ASCII, no spaces: what API tokens and keys are made of; anything else could split a header. */
export const SECRET = /^[\x21-\x7e]+$/;
/** The shape of an account email (visible ASCII around one @). */
export const EMAIL = /^[\x21-\x7e]+@[\x21-\x7e]+$/;
/** Hosts that name this machine. */
export const LOOPBACK_HOSTS = new Set(["127.0.0.1", "[::1]", "localhost"]);

/**
 * Checks a list's raw query string (`undefined`, or `?` and the rest) against `allowed`
 * (key → check of the decoded value): every pair `key=value`, each key known and at most once,
 * each value percent-encoded as the package does and passing its check. Returns
 * `{ text }` (`""` or `?pairs`, the pairs byte for byte in the caller's order) or `{ error }`.
 */
export function checkQuery(allowed, rawQuery) {
  if (rawQuery === undefined) return { text: "" };
  if (rawQuery.length > MAX_QUERY_BYTES) return { error: `query string over ${MAX_QUERY_BYTES} bytes` };
  const pairs = rawQuery.slice(1).split("&");
  const seen = new Set();
  for (const pair of pairs) {
    const equals = pair.indexOf("=");
    if (equals < 1) return { error: "the query string must be key=value pairs joined by &" };
    const key = pair.slice(0, equals);
    const raw = pair.slice(equals + 1);
    if (!Object.hasOwn(allowed, key)) {
      const shown = JSON.stringify(key.length > 40 ? `${key.slice(0, 40)}…` : key);
      return { error: `query parameter ${shown} is not forwarded (allowed: ${Object.keys(allowed).join(", ")})` };
    }
    if (seen.has(key)) return { error: `query parameter ${key} given twice` };
    seen.add(key);
    let value;
    try {
      if (!QUERY_VALUE.test(raw)) throw new URIError();
      value = decodeURIComponent(raw);
    } catch {
      return { error: `query parameter ${key} must be percent-encoded UTF-8 (letters, digits, -._~ and %XX only)` };
    }
    if (!allowed[key](value)) return { error: `query parameter ${key} has a value this proxy does not forward` };
  }
  return { text: `?${pairs.join("&")}` };
}
