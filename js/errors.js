// The error classes of zero-trust-seats. The wasm core decides which class and
// fields a failure gets; this file only gives them real JS classes, so callers
// can use `instanceof` and read typed fields, and (withCallerStack, at the end)
// gives a thrown error the caller's stack instead of the wasm's.

/** Base class of every error this package throws. */
export class ZeroTrustSeatsError extends Error {}

/** Bad input or options, caught before anything was sent. `field` names the place. */
export class ValidationError extends ZeroTrustSeatsError {}

/** A failure that involved the API: an HTTP error status, a bad answer, or no answer. */
export class APIError extends ZeroTrustSeatsError {}

/** HTTP 400. */
export class BadRequestError extends APIError {}
/** HTTP 401. */
export class AuthenticationError extends APIError {}
/** HTTP 403. */
export class PermissionDeniedError extends APIError {}
/** HTTP 404. */
export class NotFoundError extends APIError {}
/** HTTP 409. */
export class ConflictError extends APIError {}
/** HTTP 422. */
export class UnprocessableEntityError extends APIError {}
/** HTTP 429. */
export class RateLimitError extends APIError {}
/** HTTP 500 and above. */
export class InternalServerError extends APIError {}
/** A 2xx answer that is not a valid success envelope. */
export class InvalidResponseError extends APIError {}
/** The request got no answer (network failure, refused connection, CORS). */
export class APIConnectionError extends APIError {}
/** An attempt ran past `timeoutMs`. */
export class APIConnectionTimeoutError extends APIConnectionError {}
/** The caller's AbortSignal fired. */
export class APIUserAbortError extends APIError {}

/**
 * A batched call stopped after a batch failed: `applied` lists the seats the API confirmed,
 * `failed` the batches that failed with their errors, `notAttempted` the edits never sent.
 */
export class BulkEditError extends ZeroTrustSeatsError {}

const CLASSES = {
  ZeroTrustSeatsError, ValidationError, APIError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError,
  InternalServerError, InvalidResponseError, APIConnectionError, APIConnectionTimeoutError,
  APIUserAbortError, BulkEditError,
};

// `name` is set from these keys, not from the class's own name, so it survives minifiers.
for (const [name, cls] of Object.entries(CLASSES)) {
  Object.defineProperty(cls.prototype, "name", { value: name, writable: true, configurable: true });
}

/**
 * Builds the error the core asked for; wasm then sets its fields. Called from wasm only.
 * @param {string} className one of the classes above
 * @param {string} message the one-line message
 */
export function createError(className, message) {
  const Class = CLASSES[className] ?? ZeroTrustSeatsError;
  return new Class(message);
}

/**
 * `value` (a function or class of the wasm glue) with the caller's stack on this package's
 * errors. An error made in wasm has only `wasm-function[…]` frames; re-capturing its stack in
 * the wrapper gives the caller's frames instead, and for a call that returns a promise the
 * wrapper is an `async` function awaiting it, so V8 adds the awaiting callers (`at async main`).
 * Engines without `Error.captureStackTrace` keep the stack as it was. Used by the package's
 * generated `api.js` only.
 * @template T
 * @param {T} value
 * @returns {T}
 */
export function withCallerStack(value) {
  const wrapped = /^class\b/.test(Function.prototype.toString.call(value)) ? wrapClass(value) : wrapFunction(value);
  Object.defineProperty(wrapped, "name", { value: value.name });
  return wrapped;
}

function wrapFunction(fn) {
  return function callerStack(...args) {
    let result;
    try {
      result = fn.apply(this, args);
    } catch (err) {
      throw fromCaller(err, callerStack);
    }
    return result instanceof Promise ? settled(result) : result;
  };
}

async function settled(promise) {
  try {
    return await promise;
  } catch (err) {
    throw fromCaller(err, settled);
  }
}

/** A subclass whose constructor and methods are wrapped; `instanceof` the glue's class holds. */
function wrapClass(Base) {
  const Wrapped = class extends Base {
    constructor(...args) {
      try {
        super(...args);
      } catch (err) {
        throw fromCaller(err, Wrapped);
      }
    }
  };
  for (const key of Object.getOwnPropertyNames(Base.prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(Base.prototype, key);
    if (key === "constructor" || typeof descriptor.value !== "function") continue;
    Object.defineProperty(Wrapped.prototype, key, { ...descriptor, value: wrapFunction(descriptor.value) });
  }
  return Wrapped;
}

/** Re-captures the stack of one of this package's errors from here, leaving out `above`'s frame. */
function fromCaller(err, above) {
  if (err instanceof ZeroTrustSeatsError && typeof Error.captureStackTrace === "function") {
    Error.captureStackTrace(err, above);
  }
  return err;
}
