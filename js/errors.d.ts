import type { RateLimitInfo, ResponseInfo, Seat, SeatEdit } from "../../../zero_trust_seats.js";

/** Base class of every error this package throws. */
export class ZeroTrustSeatsError extends Error {
  /** HTTP status, when an answer came. */
  status?: number;
  /** Cloudflare's errors from the answer. */
  errors: ResponseInfo[];
  /** Cloudflare's messages from the answer. */
  messages: ResponseInfo[];
  /** The `cf-ray` header of the answer. */
  rayId?: string;
  /** Attempts made (0 when nothing was sent). */
  attempts: number;
  /** How long the server asked (or the rate limit needs) to wait before a retry. */
  retryAfterMs?: number;
  /** The rate-limit view of the last answer, when the API sent one. */
  rateLimit?: RateLimitInfo;
}
/** Bad input or options, caught before anything was sent. */
export class ValidationError extends ZeroTrustSeatsError {
  /** The option or body place at fault, e.g. `body[3].seat_uid`. */
  field: string;
}
/** A failure that involved the API. */
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
/** No answer arrived. */
export class APIConnectionError extends APIError {}
/** An attempt ran past `timeoutMs`. */
export class APIConnectionTimeoutError extends APIConnectionError {}
/** The caller's AbortSignal fired. */
export class APIUserAbortError extends APIError {}
/** A batched call stopped after a batch failed; says exactly which seats changed. */
export class BulkEditError extends ZeroTrustSeatsError {
  /** The error of the first batch that failed. */
  cause: ZeroTrustSeatsError;
  /** The seats the API confirmed, in body order. */
  applied: Seat[];
  /** The batches that failed after their retries, with their errors. */
  failed: { edits: SeatEdit[]; error: ZeroTrustSeatsError }[];
  /** The edits never sent. */
  notAttempted: SeatEdit[];
}
