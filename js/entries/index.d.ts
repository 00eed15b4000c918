// The package's types: the API and data shapes from the wasm build, and the error classes.
// wasm-bindgen declares `Client[Symbol.dispose]`; this makes `Symbol.dispose` known to projects
// whose `lib` predates it (ES2022 + DOM, the Vite default) without skipLibCheck. TypeScript >= 5.2.
/// <reference lib="esnext.disposable" />
export {
  Client, editSeats, validateEdits, listUsers, listDeviceRegistrations, findUsersByEmail, planReclaim,
} from "./zero_trust_seats.js";
export type {
  SeatEdit, Seat, ResultInfo, ResponseInfo, ErrorSource, SeatsPage, ClientOptions, RequestOptions,
  User, DeviceRegistration, RegistrationDevice, RegistrationUser, RegistrationPolicy, UsersPage,
  EmailMatches, EmailMatch, AmbiguousEmail, ListOptions, UsersQuery, DevicesQuery,
  PlanReclaimInput, ReclaimPlan, ReclaimDecision, ReclaimSummary, ReclaimOptions, ReclaimReport,
  RateLimitInfo, Progress, Listed,
} from "./zero_trust_seats.js";
export {
  ZeroTrustSeatsError, ValidationError, APIError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError,
  InternalServerError, InvalidResponseError, APIConnectionError, APIConnectionTimeoutError,
  APIUserAbortError, BulkEditError,
} from "./errors.js";
