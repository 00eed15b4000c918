// Browser and bundler entry: fetches and instantiates the wasm once, at import.
import init from "./zero_trust_seats.js";

await init({ module_or_path: new URL("./zero_trust_seats_bg.wasm", import.meta.url) });

export {
  Client, editSeats, validateEdits, listUsers, listDeviceRegistrations, findUsersByEmail, planReclaim,
} from "./api.js";
export {
  ZeroTrustSeatsError, ValidationError, APIError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError,
  InternalServerError, InvalidResponseError, APIConnectionError, APIConnectionTimeoutError,
  APIUserAbortError, BulkEditError,
} from "./errors.js";
