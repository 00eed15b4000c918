// The admin page: wires the panels together around the package's public API
// (validateEdits to check, editSeats to send, the error classes to report).
//
//   text  --parse+check-->  rows (marked in place)  --Preview-->  snapshot  --Apply(+confirm)-->  results | error

import { $, plural } from "./dom.js";
import { parseSeats, setRowFlags } from "./csv.js";
import { createRowChecker, countEffects } from "./rows.js";
import { createConnection, ConnectionError } from "./connection.js";
import { createEditor } from "./editor.js";
import { createPreview } from "./preview.js";
import { createProgress } from "./progress.js";
import { createResults } from "./results.js";
import { createErrors } from "./errors.js";
import { createSource } from "./source.js";

const MAX_FILE_BYTES = 64 * 1024 * 1024;
const PARSE_DELAY_MS = 150;

const bareFlags = $("bare-flags");
const previewButton = $("preview");
const previewStatus = $("preview-status");

const state = {
  pkg: null, // the package module, once loaded
  checker: null,
  checked: null, // the text as rows, checked
  snapshot: null, // what the preview counted and Apply sends
  running: false,
};

const connection = createConnection({ onChange: invalidate });
const editor = createEditor({ onToggle });
const preview = createPreview();
const progress = createProgress();
const results = createResults();
const errors = createErrors();
let parseTimer = 0;
const source = createSource({
  onChange({ typing }) {
    invalidate();
    clearTimeout(parseTimer);
    // Typing is re-checked once it pauses; a whole new list at once.
    if (typing) parseTimer = setTimeout(reparse, PARSE_DELAY_MS);
    else reparse();
  },
});

init();

function init() {
  // Nothing on this page is ever submitted; Enter in a field runs the preview instead.
  $("connection").addEventListener("submit", (event) => event.preventDefault());
  $("seats").addEventListener("submit", (event) => {
    event.preventDefault();
    runPreview();
  });
  bareFlags.addEventListener("change", reparse);
  $("seats-file").addEventListener("change", loadFile);
  $("apply").addEventListener("click", runApply);
  loadPackage();
  loadServerConfig();
}

// Imported dynamically so a missing build is reported on the page instead of a dead form.
async function loadPackage() {
  try {
    state.pkg = await import("/pkg/browser.js");
    state.checker = createRowChecker(state.pkg.validateEdits);
    previewButton.disabled = false;
    previewStatus.textContent = "";
    reparse();
  } catch (err) {
    previewStatus.textContent = "";
    errors.show({ name: "PackageNotBuilt", message: `Could not load /pkg/browser.js (${err.message}). Run \`make build\`, then reload.` });
  }
}

/** The dev server says whether it serves the stand-in (demo) or proxies to the real API. */
async function loadServerConfig() {
  let config = null;
  try {
    const res = await fetch("/dev-server.json", { cache: "no-store" });
    if (res.ok) config = await res.json();
  } catch {
    // Served by something else: no mode banner, nothing prefilled.
  }
  connection.configure(config);
  if (config?.mode === "standin") showDemoMode(config.demo);
  if (config?.mode === "proxy") showProxyMode(config);
}

function showDemoMode(demo) {
  $("mode").hidden = false;
  $("mode").classList.add("demo");
  $("mode-text").textContent =
    "Demo mode: this server answers with an in-memory stand-in of the Cloudflare API, holding 40 example " +
    `seats of account ${demo.accountId}. Nothing leaves this machine; restarting the server restores the seats.`;
  const useDemo = $("use-demo");
  useDemo.hidden = false;
  useDemo.addEventListener("click", () => connection.useDemo(demo));
  const example = $("load-example");
  example.hidden = false;
  example.addEventListener("click", () => loadExample(demo.accountId));
}

function showProxyMode(config) {
  $("mode").hidden = false;
  $("mode").classList.add("live");
  $("mode-text").textContent =
    `Live: edits are forwarded to ${config.upstream}, and this server adds the credentials. ` +
    "Changes are real.";
}

/**
 * Six real seats of the stand-in as CSV: one removed, two changed to a single seat type, the
 * rest kept with both (seats that hold both already, where there are enough).
 */
async function loadExample(accountId) {
  try {
    const res = await fetch(`/__standin/accounts/${encodeURIComponent(accountId)}/seats`, { cache: "no-store" });
    const seats = res.ok ? await res.json() : [];
    const both = seats.filter((seat) => seat.access_seat && seat.gateway_seat);
    const picked = [...both, ...seats.filter((seat) => !both.includes(seat))].slice(0, 6);
    const flags = ["false,false", "true,false", "false,true", "true,true", "true,true", "true,true"];
    const lines = picked.map((seat, i) => `${seat.seat_uid},${flags[i]}`);
    source.set(["seat_uid,access_seat,gateway_seat", ...lines].join("\n"), "Example");
  } catch {
    // The stand-in went away: leave the text as it is.
  }
}

async function loadFile(event) {
  const file = event.target.files?.[0];
  event.target.value = ""; // the same file can be loaded again after editing the text
  if (!file) return;
  if (file.size > MAX_FILE_BYTES) {
    errors.show({ name: "FileTooLarge", message: `${file.name} is over ${MAX_FILE_BYTES / 1024 / 1024} MiB.` });
    return;
  }
  source.set(await file.text(), file.name);
}

function reparse() {
  if (!state.checker) return;
  const [access, gateway] = bareFlags.value.split(",").map((v) => v === "true");
  const parsed = parseSeats(source.text(), { bareFlags: { access_seat: access, gateway_seat: gateway } });
  state.checked = state.checker.check(parsed);
  editor.render(state.checked);
  $("seats-summary").textContent = editor.summary(state.checked);
}

/** A toggle rewrites its line in the text, which is re-checked and redrawn. */
function onToggle(line, flag, value) {
  const row = state.checked?.rows.find((r) => r.line === line);
  if (!row?.edit) return;
  const flags = {
    access_seat: row.edit.access_seat === true,
    gateway_seat: row.edit.gateway_seat === true,
    [flag]: value,
  };
  const text = setRowFlags(source.text(), line, flags, state.checked.header);
  if (text === null) return reparse(); // no place to write the flag: redraw the truth
  source.replace(text);
  invalidate();
  reparse();
  editor.focusToggle(line, flag);
}

/** Any change after a preview makes it stale: Apply must never send something not previewed. */
function invalidate() {
  if (state.running) return;
  state.snapshot = null;
  preview.hide();
}

function runPreview() {
  if (!state.pkg || state.running) return;
  errors.hide();
  clearTimeout(parseTimer); // checked right now: a pending re-check would only redraw the same rows
  reparse();
  const checked = state.checked;
  if (checked.rows.length === 0) return say("Paste seat UIDs or CSV first.");
  if (checked.problems > 0) {
    say(`Nothing to preview: ${plural(checked.problems, "row")} ${checked.problems === 1 ? "needs" : "need"} fixing (marked below).`);
    return editor.revealFirstProblem();
  }
  let accountId;
  try {
    accountId = connection.accountId();
    connection.checkCredentials();
  } catch (err) {
    return reportConnectionError(err);
  }
  // The gate: the package's check of the very body that will be sent.
  let body;
  try {
    body = state.pkg.validateEdits(checked.body);
  } catch (err) {
    // Only reached if the per-row checks missed something: mark the row the package named.
    const index = /^body\[(\d+)\]/.exec(err.field ?? "")?.[1];
    const line = index === undefined ? undefined : checked.lines[Number(index)];
    if (line !== undefined) editor.markLines(new Map([[line, err.message]]));
    say("Nothing to preview: the package refused the edit.");
    return errors.show(err);
  }
  state.snapshot = { accountId, baseUrl: connection.baseUrl(), body, lines: checked.lines, counts: countEffects(body) };
  say("");
  preview.show(state.snapshot);
  $("apply").focus();
}

async function runApply() {
  const snapshot = state.snapshot;
  if (!snapshot || state.running) return;
  if (snapshot.counts.removed > 0 && !(await preview.confirmRemoval(snapshot.counts))) {
    return say("Nothing was sent.");
  }
  errors.hide();
  results.hide();
  let options;
  try {
    options = connection.requestOptions();
  } catch (err) {
    return reportConnectionError(err);
  }
  setRunning(true);
  options.signal = progress.start(`Sending ${plural(snapshot.body.length, "seat edit")} to ${snapshot.baseUrl}…`);
  Object.assign(options, batchOptions(snapshot.body.length));
  try {
    const page = await state.pkg.editSeats(snapshot.accountId, snapshot.body, options);
    results.show(Array.isArray(page?.result) ? page.result : [], { accountId: snapshot.accountId, at: new Date() });
    say("Done. Preview again to send another edit.");
  } catch (err) {
    reportRunError(err, snapshot);
  } finally {
    progress.stop();
    setRunning(false);
    // Applied (or failed): the next Apply needs a fresh preview.
    state.snapshot = null;
    preview.hide();
  }
}

/** Seats per request for large edits: the bar then moves per batch, and a failure stops early. */
const BATCH_SIZE = 1000;

/**
 * Large pastes go in batches of BATCH_SIZE, two in flight, with progress per batch; a failed batch
 * stops the rest, and the package's BulkEditError says exactly which seats changed.
 */
function batchOptions(seats) {
  if (seats <= BATCH_SIZE) return {};
  return { batchSize: BATCH_SIZE, concurrency: 2, onProgress: progress.update };
}

function reportConnectionError(err) {
  if (!(err instanceof ConnectionError)) throw err;
  connection.markField(err.field, err.message);
  say(err.message);
}

function reportRunError(err, snapshot) {
  // A batched edit that stopped part-way (BulkEditError) still changed seats: show them.
  if (Array.isArray(err?.applied) && err.applied.length > 0) {
    results.show(err.applied, { accountId: snapshot.accountId, at: new Date() });
  }
  errors.show(err, { baseUrl: snapshot.baseUrl });
  if (err?.name === "ValidationError" && ["apiToken", "apiEmail", "apiKey"].includes(err.field)) {
    // The package refused the credentials themselves: drop them from memory and ask again.
    connection.forget("");
  }
  if (err?.field) connection.markField(err.field, err.message);
  const marked = pointedLines(err, snapshot.lines);
  editor.markLines(marked);
  say(marked.size > 0 ? `Failed: the API named ${plural(marked.size, "row")}, marked above.` : "Failed: see the error below.");
}

/** Lines of the rows the API named in `errors[].source.pointer` (`/3/seat_uid` is body[3]). */
function pointedLines(err, lines) {
  const marked = new Map();
  // A batch's pointers count from the start of that batch, not of the body.
  if (err?.name === "BulkEditError") return marked;
  for (const item of Array.isArray(err?.errors) ? err.errors : []) {
    const index = /^\/(\d+)(\/|$)/.exec(item?.source?.pointer ?? "")?.[1];
    const line = index === undefined ? undefined : lines[Number(index)];
    if (line !== undefined && !marked.has(line)) marked.set(line, `${err.name}: [${item.code}] ${item.message}`);
  }
  return marked;
}

function setRunning(running) {
  state.running = running;
  connection.setDisabled(running);
  $("seats").querySelectorAll("textarea, input, select, button").forEach((node) => (node.disabled = running));
  $("apply").disabled = running;
}

function say(text) {
  previewStatus.textContent = text;
}
