// Source of the Node CommonJS entry (node.cjs): esbuild turns this into one CJS file.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { initSync } from "./zero_trust_seats.js";

initSync({ module: readFileSync(join(__dirname, "zero_trust_seats_bg.wasm")) });

export {
  Client, editSeats, validateEdits, listUsers, listDeviceRegistrations, findUsersByEmail, planReclaim,
} from "./api.js";
export {
  ZeroTrustSeatsError, ValidationError, APIError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError,
  InternalServerError, InvalidResponseError, APIConnectionError, APIConnectionTimeoutError,
  APIUserAbortError, BulkEditError,
} from "./errors.js";
