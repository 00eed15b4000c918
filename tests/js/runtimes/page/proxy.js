// The page of the Worker-proxy test, served by the Worker's static assets next to the package
// (public/pkg/). It holds no credentials: the Worker adds them to the one route it forwards.
import { Client, PermissionDeniedError, APIError } from "/pkg/browser.js";

const query = new URLSearchParams(location.search);
const client = new Client({ baseUrl: `${location.origin}/client/v4`, maxRetries: 0 });
const report = {};

try {
  report.page = await client.editSeats(query.get("account"), [
    { seat_uid: query.get("seat"), access_seat: true, gateway_seat: false },
  ]);
} catch (err) {
  report.editError = { name: err.name, message: err.message };
}

try {
  await client.editSeats(query.get("other"), []);
  report.refused = "no error";
} catch (err) {
  report.refused = { isPermissionDenied: err instanceof PermissionDeniedError, isAPIError: err instanceof APIError, status: err.status };
}

const out = document.getElementById("result");
out.textContent = JSON.stringify(report);
out.dataset.done = "true";
