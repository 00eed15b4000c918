// The page script of the browser tests, used as is by the plain page (through an import map)
// and by the Vite app (bundled): a bare import of the package, no init() call.
// Reads the stand-in's URL, token and account from the query string, edits one seat and
// writes what happened into #result as JSON.
import { editSeats, validateEdits, Client, ValidationError, APIError, PermissionDeniedError } from "zero-trust-seats";

const query = new URLSearchParams(location.search);
const account = query.get("account");
const options = { apiToken: query.get("token"), baseUrl: query.get("api"), maxRetries: 0 };
const report = {};

try {
  const page = await editSeats(account, [{ seat_uid: query.get("seat"), access_seat: false, gateway_seat: true }], options);
  report.page = page;
} catch (err) {
  report.editError = { name: err.name, message: err.message };
}

try {
  validateEdits([{ seat_uid: "x", acess_seat: true, gateway_seat: true }]);
  report.validation = "no error";
} catch (err) {
  report.validation = { isValidationError: err instanceof ValidationError, name: err.name, field: err.field };
}

try {
  await new Client({ ...options, apiToken: "forbidden-token-0123456789abcdef" }).editSeats(`${account}denied`, []);
  report.denied = "no error";
} catch (err) {
  report.denied = {
    isPermissionDenied: err instanceof PermissionDeniedError,
    isAPIError: err instanceof APIError,
    status: err.status,
    code: err.errors?.[0]?.code,
    attempts: err.attempts,
    // The stack starts at this script's await, with no wasm frame (issue 14).
    stackFrames: err.stack.split("\n").filter((line) => /^\s+at /.test(line)).map((line) => line.trim()),
  };
}

const out = document.getElementById("result");
out.textContent = JSON.stringify(report);
out.dataset.done = "true";
