//! TypeScript declarations of the options (JS-only values: functions, AbortSignal), emitted into
//! the package's `.d.ts`. The data types' declarations come from `#[derive(Tsify)]` in `types.rs`.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Options of a client. Left-out credentials and base URL come from CLOUDFLARE_* in Node. */
export interface ClientOptions {
  /** An API token (permission "Zero Trust: Seats Write"): sent as `Authorization: Bearer`. */
  apiToken?: string;
  /** The account email of a legacy Global API key; needs `apiKey`. */
  apiEmail?: string;
  /** A legacy Global API key; needs `apiEmail`. */
  apiKey?: string;
  /** Default https://api.cloudflare.com/client/v4; point it at a proxy in browsers. */
  baseUrl?: string;
  /** Time limit of each attempt in ms, default 60000. */
  timeoutMs?: number;
  /** Retries after the first attempt, 0 to 10, default 2. */
  maxRetries?: number;
  /** A fetch implementation used instead of the global one (a PATCH's `init.body` is its JSON as UTF-8 bytes, a `Uint8Array`). */
  fetch?: typeof fetch;
  /** Extra headers sent with every request. */
  defaultHeaders?: Record<string, string>;
  /** Pace requests by the API's rate-limit headers, default true. */
  rateLimitPacing?: boolean;
  /** Requests left to others of the token when pacing: default 10 % of the limit, or 10. */
  rateLimitReserve?: number;
  /** A pacing wait longer than this (ms, default 60000) throws RateLimitError before sending. */
  maxRateLimitWaitMs?: number;
}
/** What `onProgress` is told after each page or batch, and while pacing holds a request back. */
export interface Progress {
  /** Items (seats, users, registrations) done so far. */
  done: number;
  /** How many there are, when known. */
  total?: number;
  /** Set while the rate limit holds the next request back: the wait in milliseconds. */
  waiting?: number;
}
/** A list as `listUsers` / `listDeviceRegistrations` resolve to it. */
export type Listed<T> = T[] & {
  /** The rate-limit view after the call's last answer, when the API sent one. */
  rateLimit?: RateLimitInfo;
};
/** The API's rate-limit view after an answer (its `Ratelimit` or `X-RateLimit-*` headers). */
export interface RateLimitInfo {
  /** Requests left in the window. */
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
  /** The window's quota, when the API said. */
  limit?: number;
  /** The window's length in ms, when the API said. */
  windowMs?: number;
  /** The name of the governing policy, when the API named it. */
  policy?: string;
}
/** Options of one call. */
export interface RequestOptions {
  /** Aborts the call at once, also during a retry wait. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for this call. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` for this call. */
  maxRetries?: number;
  /** Overrides the client's `rateLimitReserve` for this call. */
  rateLimitReserve?: number;
  /** Overrides the client's `maxRateLimitWaitMs` for this call. */
  maxRateLimitWaitMs?: number;
  /** Extra headers for this call; they override `defaultHeaders` of the same name. */
  headers?: Record<string, string>;
  /** Split the body into requests of at most this many seats (default: one request). */
  batchSize?: number;
  /** Batches in flight at once, 1 to 32 (default 1). */
  concurrency?: number;
  /** Called after each confirmed batch, counted in seats. */
  onProgress?: (progress: Progress & { total: number }) => void;
}
/** Options of one list call: a call's options plus progress. */
export interface ListOptions {
  /** Aborts the call at once, also during a retry wait. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for each request of this call. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` for each request of this call. */
  maxRetries?: number;
  /** Overrides the client's `rateLimitReserve` for this call. */
  rateLimitReserve?: number;
  /** Overrides the client's `maxRateLimitWaitMs` for this call. */
  maxRateLimitWaitMs?: number;
  /** Extra headers for this call; they override `defaultHeaders` of the same name. */
  headers?: Record<string, string>;
  /** Called after each page: items listed so far, and the total when the API gave one. */
  onProgress?: (progress: Progress) => void;
}
/** What `planReclaim` judges: the lists as the API gave them, and the policy. */
export interface PlanReclaimInput {
  /** Every user of the account (`listUsers`). */
  users: User[];
  /** Every registration, revoked ones too (`listDeviceRegistrations` with `status: "all"`). */
  devices: DeviceRegistration[];
  /** The moment judged: an RFC 3339 string, milliseconds or a Date; default now. */
  now?: string | number | Date;
  /** Inactive for more than this many days (exact 24 h days), 1 to 3650. */
  inactiveDays: number;
  /** Which seat types to take back, default "any". */
  seats?: "any" | "access" | "gateway";
  /** Emails, or "@domain" (that exact domain), case-insensitive: never touched. */
  keep?: string[];
  /** No login and no device ever: "keep" (default) or "reclaim" (judged by created_at). */
  neverActive?: "keep" | "reclaim";
}
/** The verdict on one user holding a seat of the chosen kind. */
export interface ReclaimDecision {
  /** The user's email. */
  email?: string;
  /** The user's name. */
  name?: string;
  /** The user's seat; absent only when the API gave none. */
  seat_uid?: string;
  /** "remove" when the edit leaves both flags false. */
  action: "remove" | "remove-access" | "remove-gateway" | "keep";
  /** One readable line, e.g. "last active 2026-03-02 (274 days ago: login)". */
  reason: string;
  /** ISO date-time of the moment judged; absent when never active and kept. */
  lastActive?: string;
  /** Where that moment came from. */
  lastActiveFrom?: "login" | "device" | "created";
}
/** Counts of a plan: the kept buckets and `reclaim` add up to `holdingSeats`. */
export interface ReclaimSummary {
  /** Users given. */
  users: number;
  /** Users holding a seat of the chosen kind. */
  holdingSeats: number;
  /** Users whose seat is taken back. */
  reclaim: number;
  /** Kept: the API gave no seat_uid. */
  keptNoSeatUid: number;
  /** Kept: on the keep list. */
  keptListed: number;
  /** Kept: active within the window. */
  keptActive: number;
  /** Kept: never active (under neverActive "keep"). */
  keptNeverActive: number;
}
/** What `planReclaim` returns. */
export interface ReclaimPlan {
  /** Exactly the edits that would be sent. */
  edits: SeatEdit[];
  /** One per user holding a seat of the chosen kind, in the users' order. */
  decisions: ReclaimDecision[];
  /** The counts. */
  summary: ReclaimSummary;
}
/** What `reclaimSeats` takes: `planReclaim`'s policy, and how to apply it. */
export interface ReclaimOptions {
  /** The moment judged: an RFC 3339 string, milliseconds or a Date; default now. */
  now?: string | number | Date;
  /** Inactive for more than this many days (exact 24 h days), 1 to 3650. */
  inactiveDays: number;
  /** Which seat types to take back, default "any". */
  seats?: "any" | "access" | "gateway";
  /** Emails, or "@domain" (that exact domain), case-insensitive: never touched. */
  keep?: string[];
  /** No login and no device ever: "keep" (default) or "reclaim". */
  neverActive?: "keep" | "reclaim";
  /** Send the plan's edits; default false: a dry run that sends no PATCH. */
  apply?: boolean;
  /** Seats per PATCH, default 100. */
  batchSize?: number;
  /** PATCHes in flight, 1 to 32, default 4. */
  concurrency?: number;
  /** Aborts the call at once. */
  signal?: AbortSignal;
  /** Overrides the client's `timeoutMs` for each request. */
  timeoutMs?: number;
  /** Overrides the client's `maxRetries` for each request. */
  maxRetries?: number;
  /** Extra headers for this call. */
  headers?: Record<string, string>;
  /** After each page and each batch: the phase, items (users, registrations, seats) so far. */
  onProgress?: (progress: Progress & { phase: "users" | "devices" | "apply" }) => void;
}
/** What `reclaimSeats` resolves to: the plan, plus the seats the API confirmed when applied. */
export interface ReclaimReport extends ReclaimPlan {
  /** The seats as the API reported them after the edits (only with `apply: true`). */
  applied?: Seat[];
}
/** Filters of the users list; every value is checked before anything is sent. */
export interface UsersQuery {
  /** The API's `email` filter (not documented as exact: `findUsersByEmail` re-checks). */
  email?: string;
  /** The API's `name` filter. */
  name?: string;
  /** The API's `search` filter. */
  search?: string;
  /** Users per request, 1 to 1000 (default 1000). */
  perPage?: number;
}
/** Filters of the device registrations list. */
export interface DevicesQuery {
  /** Which registrations: the API's default is "active". */
  status?: "active" | "all" | "revoked";
  /** Only registrations last seen after this RFC 3339 time. */
  seenAfter?: string;
  /** Only registrations last seen before this RFC 3339 time. */
  seenBefore?: string;
  /** The API's `search` filter. */
  search?: string;
  /** Registrations per request, 1 to 1000 (default 1000). */
  perPage?: number;
}
"#;
