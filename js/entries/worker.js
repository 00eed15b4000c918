// Cloudflare Workers (workerd) entry: Wrangler imports the .wasm as a compiled
// WebAssembly.Module, which is instantiated synchronously at import.
import module from "./zero_trust_seats_bg.wasm";
import { initSync } from "./zero_trust_seats.js";

initSync({ module });

export {
  Client, editSeats, validateEdits, listUsers, listDeviceRegistrations, findUsersByEmail, planReclaim,
} from "./api.js";
export {
  ZeroTrustSeatsError, ValidationError, APIError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError,
  InternalServerError, InvalidResponseError, APIConnectionError, APIConnectionTimeoutError,
  APIUserAbortError, BulkEditError,
} from "./errors.js";
