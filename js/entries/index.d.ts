// The package's types: the API and data shapes from the wasm build, and the error classes.
export { Client, editSeats, validateEdits } from "./zero_trust_seats.js";
export type {
  SeatEdit, Seat, ResultInfo, ResponseInfo, SeatsPage, ClientOptions, RequestOptions,
} from "./zero_trust_seats.js";
export {
  ZeroTrustSeatsError, ValidationError, APIError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError,
  InternalServerError, InvalidResponseError, APIConnectionError, APIConnectionTimeoutError,
  APIUserAbortError, BulkEditError,
} from "./errors.js";
