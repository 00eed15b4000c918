// The stand-in's rate-limit quota, as Cloudflare enforces it: a quota of requests per window per
// credential (1,200 per 5 minutes on the real API). The request over the quota and every request
// of that credential during the penalty after it (5 minutes on the real API) get 429 code 971 with
// Retry-After, and are not applied; after the penalty a new window starts. Each counted answer
// carries the headers of the chosen style: `Ratelimit` / `Ratelimit-Policy` (structured fields,
// since 2025), the earlier `X-RateLimit-Limit` / `-Remaining` / `-Reset` (a date), both, or none.
//
// Off by default (no quota, no headers). Pure bookkeeping: standin.mjs asks `admit` per request.

import { need, isObject } from "./envelopes.mjs";

export const HEADER_STYLES = ["structured", "legacy", "both", "none"];
/** Cloudflare's own numbers: 1,200 requests per 5 minutes, then 5 minutes blocked. */
export const CLOUDFLARE_RATE_LIMIT = Object.freeze({ requests: 1200, windowMs: 300_000, penaltyMs: 300_000, headers: "structured" });
/** The names a browser must be allowed to read for a client to pace itself. */
export const RATE_LIMIT_HEADER_NAMES = ["ratelimit", "ratelimit-policy", "x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"];

const POLICY = "default";
const BEARER = /^Bearer +(\S+) *$/;

/**
 * Checks a `rateLimit` setting: `null`/`undefined`/`false` is off; otherwise
 * `{requests (integer >= 1), windowMs? (> 0, default 300000), penaltyMs? (>= 0, default 300000),
 * headers? ("structured" (default) | "legacy" | "both" | "none")}`. Throws a ControlError.
 */
export function normalizeRateLimit(raw) {
  if (raw === undefined || raw === null || raw === false) return null;
  need(isObject(raw), "rateLimit must be an object {requests, windowMs?, penaltyMs?, headers?} or null");
  const known = new Set(["requests", "windowMs", "penaltyMs", "headers"]);
  const unknown = Object.keys(raw).filter((key) => !known.has(key));
  need(unknown.length === 0, `unknown rateLimit field(s): ${unknown.join(", ")}`);
  const { requests, windowMs = CLOUDFLARE_RATE_LIMIT.windowMs, penaltyMs = CLOUDFLARE_RATE_LIMIT.penaltyMs, headers = "structured" } = raw;
  need(Number.isSafeInteger(requests) && requests >= 1, "rateLimit.requests must be an integer >= 1");
  need(Number.isFinite(windowMs) && windowMs > 0, "rateLimit.windowMs must be a number > 0");
  need(Number.isFinite(penaltyMs) && penaltyMs >= 0, "rateLimit.penaltyMs must be a number >= 0");
  need(HEADER_STYLES.includes(headers), `rateLimit.headers must be one of ${HEADER_STYLES.join(", ")}`);
  return { requests, windowMs, penaltyMs, headers };
}

/** A limiter for `config` (normalized, or null: off), with empty windows and zero counters. */
export function createLimiter(config) {
  return { config, buckets: new Map(), counted: 0, answered429: 0, penalties: 0 };
}

/**
 * The credential a request is counted under: the bearer token, or the email (case-insensitive)
 * and key, as the API authenticates; a request with neither is counted as "anonymous".
 * Authorization wins when both schemes are sent, as in authentication.
 */
export function credentialOf(headers) {
  if (headers.authorization !== undefined) return `token:${BEARER.exec(headers.authorization)?.[1] ?? headers.authorization}`;
  const email = headers["x-auth-email"];
  const key = headers["x-auth-key"];
  if (email !== undefined || key !== undefined) return `key:${(email ?? "").toLowerCase()}:${key ?? ""}`;
  return "anonymous";
}

/**
 * Counts one API request at `now` (ms). Returns null when the limiter is off, else
 * `{limited: false, headers}` (serve it, with these headers) or `{limited: true, headers,
 * retryAfter}` (answer 429 971 and apply nothing).
 */
export function admit(limiter, credential, now = Date.now()) {
  const { config } = limiter;
  if (!config) return null;
  let bucket = limiter.buckets.get(credential);
  if (bucket?.penaltyUntil !== undefined && now < bucket.penaltyUntil) return limited(limiter, bucket.penaltyUntil - now, now);
  if (!bucket || bucket.penaltyUntil !== undefined || now >= bucket.windowStart + config.windowMs) {
    bucket = { windowStart: now, used: 0, penaltyUntil: undefined };
    limiter.buckets.set(credential, bucket);
  }
  if (bucket.used >= config.requests) {
    bucket.penaltyUntil = now + config.penaltyMs;
    limiter.penalties++;
    return limited(limiter, config.penaltyMs, now);
  }
  bucket.used++;
  limiter.counted++;
  const resetMs = bucket.windowStart + config.windowMs - now;
  return { limited: false, headers: rateLimitHeaders(config, config.requests - bucket.used, resetMs, now) };
}

function limited(limiter, waitMs, now) {
  limiter.answered429++;
  const retryAfter = Math.ceil(waitMs / 1000);
  const headers = { ...rateLimitHeaders(limiter.config, 0, waitMs, now), "retry-after": String(retryAfter) };
  return { limited: true, headers, retryAfter };
}

/** The headers of the configured style for `remaining` requests left and `resetMs` to the reset. */
export function rateLimitHeaders({ requests, windowMs, headers: style }, remaining, resetMs, now) {
  const out = {};
  if (style === "structured" || style === "both") {
    out.ratelimit = `"${POLICY}";r=${remaining};t=${Math.ceil(resetMs / 1000)}`;
    out["ratelimit-policy"] = `"${POLICY}";q=${requests};w=${Math.ceil(windowMs / 1000)}`;
  }
  if (style === "legacy" || style === "both") {
    out["x-ratelimit-limit"] = String(requests);
    out["x-ratelimit-remaining"] = String(remaining);
    // RFC 1123, whole seconds (truncated): the window ends within the second after this date.
    out["x-ratelimit-reset"] = new Date(now + resetMs).toUTCString();
  }
  return out;
}

/** What GET /__standin/ratelimit answers. */
export function limiterView(limiter, now = Date.now()) {
  const { config } = limiter;
  const credentials = [...limiter.buckets].map(([credential, bucket]) => {
    const view = { credential, windowStart: new Date(bucket.windowStart).toISOString(), used: bucket.used };
    if (config) view.resetAt = new Date(bucket.windowStart + config.windowMs).toISOString();
    if (bucket.penaltyUntil !== undefined) {
      view.penaltyUntil = new Date(bucket.penaltyUntil).toISOString();
      view.blocked = now < bucket.penaltyUntil;
    }
    return view;
  });
  return { config, counted: limiter.counted, answered429: limiter.answered429, penalties: limiter.penalties, credentials };
}
