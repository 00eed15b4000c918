// The admin page: wires the panels together around the package's public API
// (validateEdits to check, editSeats to send, the error classes to report).
//
//   text  --parse+check-->  rows (marked in place)  --Preview-->  snapshot  --Apply(+confirm)-->  results | error

import { $, el, formatCount, plural } from "./dom.js";
import { parseSeats, setRowFlags } from "./csv.js";
import { createRowChecker, countEffects } from "./rows.js";
import { createConnection, ConnectionError } from "./connection.js";
import { createEditor } from "./editor.js";
import { createPreview } from "./preview.js";
import { createProgress } from "./progress.js";
import { createResults } from "./results.js";
import { createErrors } from "./errors.js";
import { createSource } from "./source.js";
import { createUsers } from "./users.js";
import { effectOf, flagsText, reportCsv } from "./people.js";

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
  devices: [], // every device registration, as last listed
  selectionText: null, // the seat list the user selection last wrote
  report: null, // { csv, fileName } of the last apply from the user selection
};

const connection = createConnection({ onChange: invalidate, onForget: () => dropClient() });
const editor = createEditor({ onToggle });
const preview = createPreview();
const progress = createProgress({ currentLimit: () => cachedClient?.client.rateLimit });
const results = createResults();
const errors = createErrors();
const users = createUsers({ onSelectionChange: writeSelection });
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
  $("load-users").addEventListener("click", () => loadUsers());
  $("reclaim").addEventListener("click", runReclaim);
  $("emails-select").addEventListener("click", selectByEmail);
  $("report").addEventListener("click", downloadReport);
  $("retry-failed").addEventListener("click", retryFailed);
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
    "Demo mode: this server answers with an in-memory stand-in of the Cloudflare API: a demo account " +
    `(${demo.accountId}) of ${formatCount(demo.users)} users, some idle for months. Fill in the demo account, ` +
    "then Load users and Reclaim idle seats. Nothing leaves this machine; restarting the server restores the account.";
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
  followSeatList();
}

/**
 * The seat list edited by hand (not as the ticks wrote it): the users' ticks follow its valid
 * lines, so the table never shows a selection other than what Preview and Apply will read.
 */
function followSeatList() {
  const text = source.text();
  if (!users.loaded() || text === state.selectionText) return;
  const edits = state.checked.rows.filter((row) => !row.problem && !row.error && row.edit).map((row) => row.edit);
  users.selectEdits(edits, "", { notify: false });
  state.selectionText = edits.length > 0 ? text : null;
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
    if (line !== undefined) editor.markLines(new Map([[line, `${err.name}: ${err.message}`]]));
    say("Nothing to preview: the package refused the edit.");
    return errors.show(err);
  }
  state.snapshot = {
    accountId,
    baseUrl: connection.baseUrl(),
    body,
    lines: checked.lines,
    counts: countEffects(body),
    people: peopleOf(body),
  };
  say("");
  preview.show(state.snapshot);
  const batched = batchOptions(state.snapshot).batchSize;
  $("apply-hint").textContent = batched
    ? `Sends the rows above in batches of ${formatCount(batched)} seats, with progress; Cancel stops the rest.`
    : "Sends every row above in one request.";
  $("apply").focus();
}

async function runApply() {
  const snapshot = state.snapshot;
  if (!snapshot || state.running) return;
  const batches = batchOptions(snapshot);
  if (snapshot.counts.removed > 0 && !(await preview.confirmRemoval(snapshot.counts, snapshot.people, Boolean(batches.batchSize)))) {
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
  const signal = progress.start(`Sending ${plural(snapshot.body.length, "seat edit")} to ${snapshot.baseUrl}…`);
  let outcome;
  try {
    const page = await clientFor(options).editSeats(snapshot.accountId, snapshot.body, { ...batches, signal });
    outcome = { ok: true };
    results.show(Array.isArray(page?.result) ? page.result : [], { accountId: snapshot.accountId, at: new Date() });
    say("Done. Preview again to send another edit.");
  } catch (err) {
    outcome = { err };
    reportRunError(err, snapshot);
  } finally {
    progress.stop();
    setRunning(false);
    // Applied (or failed): the next Apply needs a fresh preview.
    state.snapshot = null;
    preview.hide();
  }
  if (snapshot.people.length > 0) {
    state.report = buildReport(snapshot, outcome);
    $("report").hidden = false;
    // The table shows what the account holds now, not what was asked.
    await loadUsers({ usersOnly: true, quiet: true });
  }
}

/** Seats per request for large edits: the bar then moves per batch, and a failure stops early. */
const BATCH_SIZE = 1000;
/** Fewest seats per request of an edit of loaded users: small batches, so progress and a failure are per few people. */
const USER_BATCH_MIN = 5;

/**
 * Large pastes go in batches of BATCH_SIZE, two in flight, with progress per batch; a failed batch
 * stops the rest, and the package's BulkEditError says exactly which seats changed. An edit of
 * loaded users goes in about twenty batches (at least USER_BATCH_MIN seats each).
 */
function batchOptions(snapshot) {
  const seats = snapshot.body.length;
  if (snapshot.people.length > 0 && seats > USER_BATCH_MIN) {
    // About twenty steps of progress, at least USER_BATCH_MIN and at most BATCH_SIZE seats each.
    const batchSize = Math.min(BATCH_SIZE, Math.max(USER_BATCH_MIN, Math.ceil(seats / 20)));
    return { batchSize, concurrency: 2, onProgress: (p) => progress.update(p) };
  }
  if (seats <= BATCH_SIZE) return {};
  return { batchSize: BATCH_SIZE, concurrency: 2, onProgress: (p) => progress.update(p) };
}

// --- users ----------------------------------------------------------------------------------

/** The connection the cached Client was made for, and that Client. */
let cachedClient = null;

/**
 * The package's Client for these connection options. One per connection, reused by every call of
 * the page, so its pacing sees all of them: the API's quota is per token, and one-off calls would
 * each start without the last answer's rate-limit view.
 */
function clientFor(options) {
  const same = cachedClient && ["baseUrl", "apiToken", "apiEmail", "apiKey"].every((k) => cachedClient.options[k] === options[k]);
  if (!same) {
    dropClient();
    cachedClient = { options, client: new state.pkg.Client(options) };
  }
  return cachedClient.client;
}

/** Lets the cached Client (and the credentials inside it) go: on Forget, and on a new connection. */
function dropClient() {
  cachedClient?.client.free();
  cachedClient = null;
}

/**
 * Lists every user and (unless `usersOnly`) every device registration, revoked ones too, with
 * progress; the table then shows them. Returns false when it failed (shown as an error).
 */
async function loadUsers({ usersOnly = false, quiet = false } = {}) {
  if (!state.pkg || (state.running && !quiet)) return false;
  let accountId;
  let options;
  try {
    accountId = connection.accountId();
    options = connection.requestOptions();
  } catch (err) {
    reportConnectionError(err);
    return false;
  }
  if (!quiet) errors.hide();
  setRunning(true);
  const signal = progress.start(usersOnly ? "Reloading the users…" : "Listing users…");
  const status = $("users-status");
  try {
    const client = clientFor(options);
    const list = await client.listUsers(accountId, {}, {
      signal,
      onProgress: (p) => progress.count(p, "users listed"),
    });
    if (!usersOnly) {
      state.devices = await client.listDeviceRegistrations(accountId, { status: "all" }, {
        signal,
        onProgress: (p) => progress.count(p, "device registrations listed"),
      });
    }
    users.setData(list, state.devices);
    status.textContent = `${plural(list.length, "user")} and ${plural(state.devices.length, "device registration")} listed at ${new Date().toLocaleTimeString()}.`;
    return true;
  } catch (err) {
    status.textContent = "Could not list the users.";
    errors.show(err, { baseUrl: connection.baseUrl() });
    if (err?.field) connection.markField(err.field, err.message);
    return false;
  } finally {
    progress.stop();
    setRunning(false);
  }
}

/** The selection is written into the seat list (the single thing Preview and Apply read). */
function writeSelection() {
  const edits = users.edits();
  const current = source.text();
  if (edits.length === 0) {
    if (state.selectionText !== null && current === state.selectionText) source.set("", "Selected users");
    state.selectionText = null;
    return;
  }
  const text = ["seat_uid,access_seat,gateway_seat", ...edits.map((e) => `${e.seat_uid},${e.access_seat},${e.gateway_seat}`)].join("\n");
  state.selectionText = text;
  source.set(text, "Selected users");
}

function runReclaim() {
  if (!state.pkg || state.running || !users.loaded()) return;
  errors.hide();
  const days = Number($("reclaim-days").value);
  const keep = $("reclaim-keep").value.split(/[\n,]/).map((s) => s.trim()).filter(Boolean);
  let plan;
  try {
    plan = state.pkg.planReclaim({
      users: users.users(),
      devices: state.devices,
      now: new Date(users.now()),
      inactiveDays: days,
      seats: $("reclaim-seats").value,
      keep,
    });
  } catch (err) {
    $("reclaim-status").textContent = "No plan: see the error below.";
    return errors.show(err);
  }
  users.applyPlan(plan);
  const s = plan.summary;
  $("reclaim-status").textContent =
    `${plural(s.reclaim, "user")} of ${formatCount(s.holdingSeats)} seat holders selected: inactive for more than ${plural(days, "day")}. ` +
    `Kept: ${formatCount(s.keptActive)} active, ${formatCount(s.keptListed)} on the keep list, ${formatCount(s.keptNeverActive)} never active` +
    (s.keptNoSeatUid ? `, ${formatCount(s.keptNoSeatUid)} without a seat UID` : "") + ".";
}

/** Each line of the box: an email (looked up with findUsersByEmail) or a seat UID of a loaded user. */
async function selectByEmail() {
  if (!state.pkg || state.running) return;
  if (!users.loaded() && !(await loadUsers())) return;
  const lines = $("emails-input").value.split(/\r?\n/).map((text, i) => ({ line: i + 1, text: text.trim() })).filter((l) => l.text && !l.text.startsWith("#"));
  const emails = [...new Set(lines.filter((l) => l.text.includes("@")).map((l) => l.text))];
  let matches = { found: [], missing: [], ambiguous: [] };
  const status = $("emails-status");
  if (emails.length > 0) {
    let options;
    try {
      options = connection.requestOptions();
    } catch (err) {
      return reportConnectionError(err);
    }
    setRunning(true);
    const signal = progress.start(`Looking up ${plural(emails.length, "email")}…`);
    try {
      matches = await clientFor(options).findUsersByEmail(connection.accountId(), emails, { signal });
    } catch (err) {
      status.textContent = "Could not look the emails up.";
      return errors.show(err, { baseUrl: connection.baseUrl() });
    } finally {
      progress.stop();
      setRunning(false);
    }
  }
  // The package reports each address once, compared without case: look the lines up the same way.
  const key = (email) => email.trim().toLowerCase();
  const found = new Map(matches.found.map((m) => [key(m.email), m.user]));
  const missing = new Set(matches.missing.map(key));
  const ambiguous = new Map(matches.ambiguous.map((m) => [key(m.email), m.users]));
  const picked = [];
  const marks = lines.map(({ line, text }) => {
    if (!text.includes("@")) {
      const user = users.bySeatUid(text);
      if (!user) return { line, text, status: "unknown", note: "Unknown seat UID: no loaded user holds it" };
      picked.push(user);
      return { line, text, status: "found", note: `${user.name} <${user.email}>`, user };
    }
    if (ambiguous.has(key(text))) {
      const names = ambiguous.get(key(text)).map((u) => u.email).join(", ");
      return { line, text, status: "ambiguous", note: `Ambiguous: matches ${names}; type the exact address` };
    }
    if (found.has(key(text))) {
      const user = found.get(key(text));
      picked.push(user);
      return { line, text, status: "found", note: `${user.name} <${user.email}>`, user };
    }
    if (missing.has(key(text))) return { line, text, status: "unknown", note: "Unknown: no user has this email" };
    return { line, text, status: "unknown", note: "Not matched" };
  });
  const skipped = new Set(users.select(picked, "listed by email").map((u) => u.id));
  for (const mark of marks) {
    if (mark.status === "found" && skipped.has(mark.user.id)) {
      mark.status = "no-seat";
      mark.note = `${mark.note}: holds no seat the chosen action changes`;
    }
  }
  $("emails-lines").replaceChildren(
    ...marks.map((m) =>
      el(
        "li",
        { "data-testid": "email-line", "data-line": m.line, "data-status": m.status, class: m.status === "found" ? "ok" : "bad", value: m.line },
        el("span", { class: "email", text: m.text }),
        " ",
        el("span", { class: `badge ${m.status === "found" ? "ok" : "bad"}`, text: { found: "Selected", unknown: "Unknown", ambiguous: "Ambiguous", "no-seat": "No seat" }[m.status] }),
        " ",
        el("span", { class: "message", text: m.note }),
      ),
    ),
  );
  $("emails-lines").hidden = marks.length === 0;
  const count = (s) => marks.filter((m) => m.status === s).length;
  status.textContent = `${plural(count("found"), "line")} selected, ${formatCount(count("unknown"))} unknown, ${formatCount(count("ambiguous"))} ambiguous` +
    (count("no-seat") ? `, ${formatCount(count("no-seat"))} without a seat` : "") + ".";
}

/** The body's edits as people: name, email, what they lose and why (only seats of loaded users). */
function peopleOf(body) {
  if (!users.loaded()) return [];
  const people = [];
  for (const edit of body) {
    const person = users.personOfSeat(edit.seat_uid);
    if (!person) continue;
    const { before, after, loses } = effectOf(person.user, edit);
    people.push({ name: person.user.name ?? "", email: person.user.email ?? "", seat_uid: edit.seat_uid, before, after, loses, reason: person.reason, edit });
  }
  return people;
}

/** The report: every sent edit with its outcome, and the plan's kept decisions. */
function buildReport(snapshot, outcome) {
  const outcomes = new Map();
  const err = outcome.err;
  if (err?.name === "BulkEditError") {
    for (const seat of err.applied ?? []) outcomes.set(seat.seat_uid, "applied");
    for (const batch of err.failed ?? []) {
      for (const edit of batch.edits ?? []) outcomes.set(edit.seat_uid, `failed: ${batch.error?.name ?? "Error"}: ${batch.error?.message ?? ""}`);
    }
    for (const edit of err.notAttempted ?? []) outcomes.set(edit.seat_uid, "not sent");
  }
  const fallback = outcome.ok ? "applied" : err?.name === "APIUserAbortError" ? "cancelled (may have been applied)" : `failed: ${err?.name ?? "Error"}`;
  const sent = new Set(snapshot.body.map((e) => e.seat_uid));
  const lines = snapshot.people.map((p) => ({
    email: p.email,
    name: p.name,
    seat_uid: p.seat_uid,
    before: flagsText(p.before.access, p.before.gateway),
    after: flagsText(p.after.access, p.after.gateway),
    reason: p.reason,
    outcome: outcomes.get(p.seat_uid) ?? fallback,
  }));
  for (const d of users.decisions()) {
    if (d.action !== "keep" || sent.has(d.seat_uid)) continue;
    const user = users.bySeatUid(d.seat_uid);
    const flags = flagsText(Boolean(user?.access_seat), Boolean(user?.gateway_seat));
    lines.push({ email: d.email, name: d.name, seat_uid: d.seat_uid, before: flags, after: flags, reason: d.reason, outcome: "kept" });
  }
  const at = new Date().toISOString().replace(/[:.]/g, "-");
  return { csv: reportCsv(lines), fileName: `seats-report-${snapshot.accountId}-${at}.csv` };
}

function downloadReport() {
  if (!state.report) return;
  const url = URL.createObjectURL(new Blob([state.report.csv], { type: "text/csv;charset=utf-8" }));
  const link = el("a", { href: url, download: state.report.fileName, hidden: true });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** After a stopped batched edit: the failed and unsent seats become the selection, previewed again. */
function retryFailed() {
  const err = state.lastBulk;
  if (!err) return;
  const edits = [...(err.failed ?? []).flatMap((b) => b.edits ?? []), ...(err.notAttempted ?? [])];
  users.selectEdits(edits, "retry");
  runPreview();
}

function reportConnectionError(err) {
  if (!(err instanceof ConnectionError)) throw err;
  connection.markField(err.field, err.message);
  say(err.message);
}

function reportRunError(err, snapshot) {
  // A batched edit that stopped part-way (BulkEditError) still changed seats: show them.
  if (Array.isArray(err?.applied) && (err.applied.length > 0 || snapshot.people.length > 0)) {
    results.show(err.applied, { accountId: snapshot.accountId, at: new Date() });
  }
  errors.show(err, { baseUrl: snapshot.baseUrl });
  if (err?.name === "BulkEditError" && snapshot.people.length > 0) showBulkPeople(err, snapshot);
  if (err?.name === "ValidationError" && ["apiToken", "apiEmail", "apiKey"].includes(err.field)) {
    // The package refused the credentials themselves: drop them from memory and ask again.
    connection.forget("");
  }
  if (err?.field) connection.markField(err.field, err.message);
  const marked = pointedLines(err, snapshot.lines);
  editor.markLines(marked);
  say(marked.size > 0 ? `Failed: the API named ${plural(marked.size, "row")}, marked above.` : "Failed: see the error below.");
}

/** A stopped batched edit of loaded users, by name: applied, failed, not sent. */
function showBulkPeople(err, snapshot) {
  state.lastBulk = err;
  const byUid = new Map(snapshot.people.map((p) => [p.seat_uid, p]));
  const who = (uids) => uids.map((uid) => byUid.get(uid) ?? { seat_uid: uid });
  const failed = (err.failed ?? []).flatMap((b) => (b.edits ?? []).map((e) => e.seat_uid));
  const notSent = (err.notAttempted ?? []).map((e) => e.seat_uid);
  errors.showPeople(
    [
      { kind: "applied", title: "Applied", people: who((err.applied ?? []).map((s) => s.seat_uid)) },
      { kind: "failed", title: "Failed", people: who(failed) },
      { kind: "not-sent", title: "Not sent", people: who(notSent) },
    ],
    failed.length + notSent.length > 0,
  );
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
  users.setDisabled(running);
}

function say(text) {
  previewStatus.textContent = text;
}
