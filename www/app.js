// Demo page logic. Plain DOM, textContent only (API answers are never parsed as HTML).
// The API token is read from its field at the moment of the call and passed straight to the
// package: it is never written to storage, cookies or the URL.

const $ = (id) => document.getElementById(id);

const form = $("seats-form");
const accountInput = $("account-id");
const baseUrlInput = $("base-url");
const tokenInput = $("api-token");
const seatsInput = $("seats-input");
const applyButton = $("apply");
const statusLine = $("status");

/** Filled once /pkg/browser.js has loaded (it instantiates the wasm itself). */
let editSeats = null;

class InputError extends Error {
  name = "InputError";
}

init();

function init() {
  baseUrlInput.value = `${location.origin}/client/v4`;
  form.addEventListener("submit", onSubmit);
  loadPackage();
  prefillSeats();
}

// Imported dynamically so a missing build is reported on the page instead of a blank form.
async function loadPackage() {
  try {
    ({ editSeats } = await import("/pkg/browser.js"));
    applyButton.disabled = false;
    setStatus("Ready.");
  } catch (err) {
    setStatus("");
    showError({
      name: "PackageNotBuilt",
      message: `Could not load /pkg/browser.js (${err.message}). Run \`make build\` first, then reload.`,
    });
  }
}

// The stand-in's control API gives real seat uids to start from; against a real API (no
// stand-in) the textarea simply stays empty.
async function prefillSeats() {
  try {
    const account = encodeURIComponent(accountInput.value.trim());
    const res = await fetch(`/__standin/accounts/${account}/seats`, { cache: "no-store" });
    if (!res.ok) return;
    const seats = seatList(await res.json()).filter((s) => typeof s?.seat_uid === "string");
    if (seats.length < 2 || seatsInput.value.trim() !== "") return;
    seatsInput.value = exampleLines(seats[0], seats[1]);
  } catch {
    // No stand-in: nothing to prefill.
  }
}

function seatList(json) {
  if (Array.isArray(json)) return json;
  return json?.result ?? json?.seats ?? [];
}

/** One line that removes a seat, one that changes another seat's flags. */
function exampleLines(removed, changed) {
  const access = !changed.access_seat;
  const gateway = access ? Boolean(changed.gateway_seat) : true;
  return `${removed.seat_uid},false,false\n${changed.seat_uid},${access},${gateway}`;
}

async function onSubmit(event) {
  event.preventDefault();
  if (!editSeats) return;
  // Clear the previous outcome so a stale table never reads as this call's result.
  hideError();
  $("results-section").hidden = true;
  let request;
  try {
    request = readForm();
  } catch (err) {
    return showError(err);
  }
  await apply(request);
}

function readForm() {
  const accountId = accountInput.value.trim();
  if (!accountId) throw new InputError("Account ID is empty.");
  const body = parseSeatLines(seatsInput.value);
  const options = { baseUrl: baseUrlInput.value.trim() };
  const apiToken = tokenInput.value.trim();
  if (apiToken) options.apiToken = apiToken;
  return { accountId, body, options };
}

/** `seat_uid,access_seat,gateway_seat` a line; blank lines and `#` comments are skipped. */
function parseSeatLines(text) {
  const body = [];
  text.split("\n").forEach((line, index) => {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) return;
    body.push(parseSeatLine(trimmed, index + 1));
  });
  if (body.length === 0) throw new InputError("Enter at least one seat edit.");
  return body;
}

function parseSeatLine(line, number) {
  const parts = line.split(",").map((p) => p.trim());
  if (parts.length !== 3 || parts[0] === "") {
    throw new InputError(`Line ${number}: expected seat_uid,access_seat,gateway_seat.`);
  }
  const [seat_uid, access, gateway] = parts;
  return {
    seat_uid,
    access_seat: parseFlag(access, number, "access_seat"),
    gateway_seat: parseFlag(gateway, number, "gateway_seat"),
  };
}

function parseFlag(value, number, field) {
  const lower = value.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  throw new InputError(`Line ${number}: ${field} must be true or false, got "${value}".`);
}

async function apply({ accountId, body, options }) {
  applyButton.disabled = true;
  setStatus(`Updating ${body.length} seat${body.length === 1 ? "" : "s"}…`);
  try {
    const response = await editSeats(accountId, body, options);
    const seats = response?.result ?? [];
    showResults(seats);
    setStatus(`Done: ${seats.length} seat${seats.length === 1 ? "" : "s"} returned.`);
  } catch (err) {
    setStatus("Failed.");
    showError(err);
  } finally {
    applyButton.disabled = false;
  }
}

function showResults(seats) {
  const rows = seats.map((seat) =>
    row([seat.seat_uid ?? "", flag(seat.access_seat), flag(seat.gateway_seat), seat.updated_at ?? ""]),
  );
  $("results").tBodies[0].replaceChildren(...rows);
  $("results-section").hidden = false;
}

function flag(value) {
  return typeof value === "boolean" ? String(value) : "";
}

function row(cells) {
  const tr = document.createElement("tr");
  for (const text of cells) {
    const td = document.createElement("td");
    td.textContent = text;
    tr.append(td);
  }
  return tr;
}

function showError(err) {
  $("error-name").textContent = err?.name ?? "Error";
  $("error-message").textContent = err?.message ?? String(err);
  $("error-details").replaceChildren(...errorDetails(err));
  $("error").hidden = false;
}

function errorDetails(err) {
  const details = [];
  if (err?.status != null) details.push(["Status", String(err.status)]);
  if (err?.rayId) details.push(["Ray ID", err.rayId]);
  if (err?.field) details.push(["Field", err.field]);
  for (const e of Array.isArray(err?.errors) ? err.errors : []) {
    details.push([`Code ${e.code}`, e.message ?? ""]);
  }
  return details.flatMap(([term, text]) => [element("dt", term), element("dd", text)]);
}

function element(tag, text) {
  const el = document.createElement(tag);
  el.textContent = text;
  return el;
}

function hideError() {
  $("error").hidden = true;
}

function setStatus(text) {
  statusLine.textContent = text;
}
