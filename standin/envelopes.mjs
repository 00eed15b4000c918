// The answers the stand-in writes itself: Cloudflare's v4 envelopes and their error codes, and the
// error the control API throws on bad input. Shared by standin.mjs and the list routes.

import { STATUS_CODES } from "node:http";

/** The `code` of every error envelope the stand-in writes itself. */
export const ERROR_CODES = Object.freeze({
  INVALID_HEADERS: 6003,
  INVALID_CONTENT_TYPE: 6105,
  INVALID_AUTHORIZATION: 6111,
  MALFORMED_JSON: 6007,
  NO_ROUTE: 7000,
  INVALID_IDENTIFIER: 7003,
  RATE_LIMITED: 971,
  UNKNOWN_KEY: 9103,
  MISSING_AUTH: 9106,
  AUTHENTICATION: 10000,
  INVALID_BODY: 10001,
  INTERNAL: 10002,
  /** A bad query parameter on a list route; `source.parameter` names it. */
  INVALID_QUERY: 10400,
  METHOD_NOT_ALLOWED: 10405,
  BODY_TOO_LARGE: 10413,
  SEAT_NOT_FOUND: 12130,
});

const RATE_LIMIT_MESSAGE = "Please wait and consider throttling your request speed";

export function apiError(code, message, extra) {
  return { code, message, ...extra };
}

export function pointed(code, message, pointer) {
  return apiError(code, message, { source: { pointer } });
}

export function failure(status, errors, headers = {}) {
  return { status, headers, body: { success: false, errors, messages: [], result: null } };
}

/** A 200 outcome with the success envelope around `result` and its `result_info`. */
export function successWith(result, result_info) {
  return { status: 200, headers: {}, body: { success: true, errors: [], messages: [], result, result_info } };
}

/** What an injected fault answers when it names a status but no body. */
export function defaultFailure(status) {
  return failure(status, [defaultError(status)]);
}

function defaultError(status) {
  if (status === 401 || status === 403) return apiError(ERROR_CODES.AUTHENTICATION, "Authentication error");
  if (status === 404) return apiError(ERROR_CODES.NO_ROUTE, "No route for that URI");
  if (status === 429) return apiError(ERROR_CODES.RATE_LIMITED, RATE_LIMIT_MESSAGE);
  if (status >= 500) return apiError(ERROR_CODES.INTERNAL, "An unknown error has occurred");
  return apiError(status, STATUS_CODES[status] ?? "Error");
}

/** Bad input to the control API: answered 400 `{ok: false, error}`. */
export class ControlError extends Error {}

export function need(condition, message) {
  if (!condition) throw new ControlError(message);
}

export function isObject(value) {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
