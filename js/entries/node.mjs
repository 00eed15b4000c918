// Node ESM entry: the wasm is read from disk and instantiated synchronously at import.
// scripts/package.mjs bundles it with what it imports into pkg/node.mjs, one module.
import { readFileSync } from "node:fs";
import { initSync } from "./zero_trust_seats.js";

initSync({ module: readFileSync(new URL("./zero_trust_seats_bg.wasm", import.meta.url)) });

export {
  Client, editSeats, validateEdits, listUsers, listDeviceRegistrations, findUsersByEmail, planReclaim,
} from "./api.js";
export {
  ZeroTrustSeatsError, ValidationError, APIError, BadRequestError, AuthenticationError,
  PermissionDeniedError, NotFoundError, ConflictError, UnprocessableEntityError, RateLimitError,
  InternalServerError, InvalidResponseError, APIConnectionError, APIConnectionTimeoutError,
  APIUserAbortError, BulkEditError,
} from "./errors.js";
