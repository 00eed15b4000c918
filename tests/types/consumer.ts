// A TypeScript user of the package, compiled by tests/js/types.test.mjs with
// `tsc --strict --noEmit` against the packed tarball installed into a scratch project.
// Correct use must compile; each `@ts-expect-error` marks wrong use that must NOT compile
// (tsc reports an unused `@ts-expect-error` as an error, so each one is a real check).
import {
  Client, editSeats, validateEdits, listUsers, listDeviceRegistrations, findUsersByEmail, planReclaim,
  ZeroTrustSeatsError, ValidationError, APIError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError,
  InternalServerError, InvalidResponseError, APIConnectionError, APIConnectionTimeoutError,
  APIUserAbortError,
} from "zero-trust-seats";
import type {
  SeatEdit, Seat, SeatsPage, ResultInfo, ResponseInfo, ClientOptions, RequestOptions,
  User, DeviceRegistration, UsersPage, EmailMatches, ListOptions, UsersQuery, DevicesQuery,
  ReclaimPlan, ReclaimDecision, ReclaimReport, RateLimitInfo, Progress, Listed,
} from "zero-trust-seats";

/** Fails to compile unless A and B are the same type. */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function assertType<T extends true>(): T | void {}

const accountId = "699d98642c564d2e855e9661899b7252";
const edits: SeatEdit[] = [{ seat_uid: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", access_seat: true, gateway_seat: false }];

// ---- correct use --------------------------------------------------------------------------

const clientOptions: ClientOptions = {
  apiToken: "token",
  baseUrl: "https://admin.example.com/client/v4",
  timeoutMs: 10_000,
  maxRetries: 3,
  fetch: (input, init) => fetch(input, init),
  defaultHeaders: { "x-request-source": "types-test" },
};
const legacy: ClientOptions = { apiEmail: "admin@example.com", apiKey: "key" };
const requestOptions: RequestOptions = {
  signal: AbortSignal.timeout(5_000),
  timeoutMs: 1_000,
  maxRetries: 0,
  headers: { "x-trace": "1" },
};

export async function correctUse(): Promise<void> {
  const client = new Client(clientOptions);
  new Client(legacy);
  new Client(); // credentials and base URL from CLOUDFLARE_* (Node)
  const page: SeatsPage = await client.editSeats(accountId, edits, requestOptions);
  await client.editSeats(accountId, edits);
  await editSeats(accountId, edits, { ...clientOptions, ...requestOptions });
  await editSeats(accountId, edits);
  const checked: SeatEdit[] = validateEdits(edits);

  // The page's shapes.
  const success: true = page.success;
  const seats: Seat[] = page.result;
  const first: Seat | undefined = seats[0];
  const uid: string | undefined = first?.seat_uid;
  const access: boolean | undefined = first?.access_seat;
  const gateway: boolean | undefined = first?.gateway_seat;
  const created: string | undefined = first?.created_at;
  const updated: string | undefined = first?.updated_at;
  const info: ResultInfo | undefined = page.result_info;
  const counts: (number | undefined)[] = [info?.count, info?.page, info?.per_page, info?.total_count, info?.total_pages];
  const messages: ResponseInfo[] = page.messages;
  const code: number | undefined = page.errors[0]?.code;
  const text: string | undefined = messages[0]?.message;
  const docs: string | undefined = messages[0]?.documentation_url;
  const pointer: string | undefined = messages[0]?.source?.pointer;
  void [success, uid, access, gateway, created, updated, counts, code, text, docs, pointer, checked];

  assertType<Equals<Awaited<ReturnType<typeof editSeats>>, SeatsPage>>();
  assertType<Equals<SeatEdit, { seat_uid: string; access_seat: boolean; gateway_seat: boolean }>>();
  assertType<Equals<ReturnType<typeof validateEdits>, SeatEdit[]>>();

  // The lists.
  const listOptions: ListOptions = { signal: AbortSignal.timeout(5_000), onProgress: (p) => void [p.done, p.total ?? 0] };
  const usersQuery: UsersQuery = { email: "a+b@example.com", perPage: 100 };
  const users: User[] = await client.listUsers(accountId, usersQuery, listOptions);
  const listed: Listed<User> = await client.listUsers(accountId);
  const listView: RateLimitInfo | undefined = listed.rateLimit;
  const paced = (p: Progress): string => (p.waiting === undefined ? `${p.done}` : `waiting ${p.waiting} ms`);
  await client.editSeats(accountId, [], { onProgress: (p) => void [paced(p), p.total.toFixed()] });
  const matchesView: RateLimitInfo | undefined = (await client.findUsersByEmail(accountId, [])).rateLimit;
  void [listView?.remaining, matchesView?.resetMs];
  await client.listUsers(accountId);
  const usersPage: UsersPage = await client.usersPage(accountId, { page: 2, perPage: 10 });
  const devicesQuery: DevicesQuery = { status: "all", seenAfter: "2026-01-01T00:00:00Z" };
  const devices: DeviceRegistration[] = await client.listDeviceRegistrations(accountId, devicesQuery);
  const lastSeen: string | undefined = devices[0]?.last_seen_at;
  const owner: string | undefined = devices[0]?.user?.id;
  const revokedAt: string | null | undefined = devices[0]?.revoked_at;
  const matches: EmailMatches = await client.findUsersByEmail(accountId, ["ann@example.com"]);
  const foundUid: string | undefined = matches.found[0]?.user.seat_uid;
  const missing: string[] = matches.missing;
  const twins: User[] | undefined = matches.ambiguous[0]?.users;
  const login: string | undefined = users[0]?.last_successful_login;
  const holds: boolean | undefined = users[0]?.gateway_seat;
  await listUsers(accountId, {}, { ...clientOptions, onProgress: () => {} });
  await listDeviceRegistrations(accountId, { status: "revoked" }, clientOptions);
  await findUsersByEmail(accountId, [], clientOptions);
  void [usersPage.result_info?.total_pages, lastSeen, owner, revokedAt, foundUid, missing, twins, login, holds];
  const plan: ReclaimPlan = planReclaim({ users, devices, inactiveDays: 90, keep: ["@contractors.example"], now: new Date() });
  const decision: ReclaimDecision | undefined = plan.decisions[0];
  const action: "remove" | "remove-access" | "remove-gateway" | "keep" | undefined = decision?.action;
  const reclaimEdits: SeatEdit[] = plan.edits;
  void [action, reclaimEdits, plan.summary.holdingSeats];
  const report: ReclaimReport = await client.reclaimSeats(accountId, {
    inactiveDays: 90, apply: false, batchSize: 50, onProgress: (p) => void [p.phase, p.done],
  });
  const appliedSeats: Seat[] | undefined = report.applied;
  void appliedSeats;
  // @ts-expect-error `apply` is a boolean
  await client.reclaimSeats(accountId, { inactiveDays: 90, apply: "yes" });
  // @ts-expect-error `inactiveDays` is required
  planReclaim({ users, devices });
  // @ts-expect-error `seats` takes only "any", "access" or "gateway"
  planReclaim({ users, devices, inactiveDays: 9, seats: "both" });
  // @ts-expect-error `status` takes only "active", "all" or "revoked"
  await client.listDeviceRegistrations(accountId, { status: "deleted" });
  // @ts-expect-error `per_page` is spelled `perPage`
  await client.listUsers(accountId, { per_page: 10 });
  // @ts-expect-error `page` belongs to usersPage, not to the full listing
  await client.listUsers(accountId, { page: 2 });

  client.free();
}

// Every error class, narrowed with instanceof, with its fields typed.
export async function errorHandling(): Promise<string> {
  try {
    await editSeats(accountId, edits, { apiToken: "token" });
    return "ok";
  } catch (err: unknown) {
    if (err instanceof ValidationError) {
      const field: string = err.field;
      const attempts: number = err.attempts;
      return `${err.name} ${err.message} ${field} ${attempts}`;
    }
    if (err instanceof RateLimitError) {
      const wait: number | undefined = err.retryAfterMs;
      return `retry in ${wait ?? 0} ms`;
    }
    if (err instanceof APIConnectionTimeoutError) {
      const asConnection: APIConnectionError = err;
      return `timeout after ${asConnection.attempts} attempts`;
    }
    if (err instanceof APIError) {
      const status: number | undefined = err.status;
      const code: number | undefined = err.errors[0]?.code;
      const messages: ResponseInfo[] = err.messages;
      const rayId: string | undefined = err.rayId;
      const base: ZeroTrustSeatsError = err;
      const error: Error = base;
      return `${status} ${code} ${messages.length} ${rayId} ${error.stack}`;
    }
    throw err;
  }
}

const everyClass: (typeof ZeroTrustSeatsError)[] = [
  ZeroTrustSeatsError, ValidationError, APIError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError,
  InternalServerError, InvalidResponseError, APIConnectionError, APIConnectionTimeoutError,
  APIUserAbortError,
];
void everyClass;

// ---- wrong use: each must fail to compile -------------------------------------------------

export async function wrongUse(client: Client): Promise<void> {
  // A typo'd field.
  // @ts-expect-error `acess_seat` is not a field of SeatEdit
  await editSeats(accountId, [{ seat_uid: "u", acess_seat: true, gateway_seat: true }]);
  // A missing flag.
  // @ts-expect-error `gateway_seat` is required
  await editSeats(accountId, [{ seat_uid: "u", access_seat: true }]);
  // A string for a boolean.
  // @ts-expect-error `access_seat` is a boolean
  await client.editSeats(accountId, [{ seat_uid: "u", access_seat: "true", gateway_seat: true }]);
  // A number for the seat id.
  // @ts-expect-error `seat_uid` is a string
  validateEdits([{ seat_uid: 7, access_seat: true, gateway_seat: true }]);
  // An unknown client option.
  // @ts-expect-error `apiTokn` is not an option
  new Client({ apiTokn: "token" });
  // An unknown call option.
  // @ts-expect-error `retries` is not an option
  await client.editSeats(accountId, edits, { retries: 2 });
  // A wrong option type.
  // @ts-expect-error `timeoutMs` is a number
  new Client({ timeoutMs: "10s" });
  // @ts-expect-error `signal` is an AbortSignal
  await client.editSeats(accountId, edits, { signal: true });
  // @ts-expect-error header values are strings
  new Client({ defaultHeaders: { "x-count": 1 } });
  // The account id is a string.
  // @ts-expect-error `accountId` is a string
  await editSeats(12345, edits);
  // The body is an array of edits.
  // @ts-expect-error not an array
  await editSeats(accountId, edits[0]);
  // The page is not a bag of anything.
  const page = await client.editSeats(accountId, edits);
  // @ts-expect-error `results` is not a field of SeatsPage
  void page.results;
  // @ts-expect-error `success` is always true
  const failed: false = page.success;
  void failed;
  // Error fields are typed.
  const err = new APIError("x");
  // @ts-expect-error `status` is a number
  const status: string = err.status;
  void status;
  // @ts-expect-error only ValidationError has `field`
  void err.field;
}

// The wasm-bindgen init internals are not part of the package's API.
// @ts-expect-error not exported
import { initSync } from "zero-trust-seats";
// @ts-expect-error not exported
import type { InitInput } from "zero-trust-seats";
// @ts-expect-error not exported
import type { InitOutput } from "zero-trust-seats";
// @ts-expect-error no default export
import init from "zero-trust-seats";
void [initSync, init];
export type Unused = [InitInput, InitOutput];
