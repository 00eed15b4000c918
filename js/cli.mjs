#!/usr/bin/env node
// zero-trust-seats: the package's command line (copied to pkg/cli.mjs by scripts/package.mjs,
// where it sits next to node.mjs). Plain Node >= 18: node:util parseArgs and built-ins only.
//
// Design notes:
// - Credentials come only from the environment, never from flags (flags end up in shell history
//   and in `ps` output); the Client reads CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL +
//   CLOUDFLARE_API_KEY, and CLOUDFLARE_BASE_URL by itself.
// - Every command that changes seats is a dry run unless --apply; --apply asks on the terminal
//   unless --yes, and refuses (exit 2, nothing sent) when stdin is not a terminal.
// - Results go to stdout, progress and errors to stderr, so `users --format csv > users.csv` works.
// - CSV output is RFC 4180 (CRLF line ends, quotes only where needed) and guarded against
//   spreadsheet formula injection: a text cell starting with = + - @ (or a tab / carriage return)
//   gets a leading ' so Excel/Sheets show it as text. The `edit` reader undoes exactly that guard
//   (a cell "'=…", "'+…", "'-…", "'@…" is read without the '), so exported files read back.
// - Exit codes: 0 done, 1 error, 2 bad usage or refused confirmation, 3 partly applied (some
//   batches applied, some failed or were not attempted; stdout and --report say which). A batched
//   apply where nothing at all was applied exits 1: the account is unchanged.
import { parseArgs } from "node:util";
import { readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";

const PROG = "zero-trust-seats";
const BATCH_SIZE = 100;
const CONCURRENCY = 4;

const CREDENTIALS_NOTE = `Credentials are read only from the environment: CLOUDFLARE_API_TOKEN, or
CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY (legacy key). CLOUDFLARE_BASE_URL points at a proxy or
a stand-in. --account defaults to CLOUDFLARE_ACCOUNT_ID.`;

const USAGE = {
  main: `Usage: ${PROG} <command> [options]

Commands:
  users     List the account's users and their seats
  reclaim   Take back the seats of users inactive for more than N days
  edit      Set seats from a CSV file (seat_uid or email, access_seat, gateway_seat)
  remove    Remove the seats of users given by email

Run "${PROG} <command> --help" for a command's options.

${CREDENTIALS_NOTE}

Commands that change seats are dry runs unless --apply. With --apply they show the plan and ask
"Remove seats of N users? [y/N]" on the terminal; --yes skips the question. Without a terminal
on stdin and without --yes they refuse and send nothing.
Progress goes to stderr, results to stdout.

Exit codes: 0 done, 1 error, 2 bad usage or refused confirmation,
3 partly applied (stdout and --report say which seats were applied, failed, not attempted).`,

  users: `Usage: ${PROG} users --account ID [--email E | --search S] [--format table|csv|json]

List the account's users with their seats.

Options:
  --account ID       Account ID (default: CLOUDFLARE_ACCOUNT_ID)
  --email E          Only users whose email contains E (the API's filter: a case-insensitive
                     substring, not an exact match)
  --search S         Only users whose name or email contains S
  --format F         table (default), csv or json
  -h, --help         Show this help

CSV columns: id,uid,seat_uid,name,email,access_seat,gateway_seat,active_device_count,
last_successful_login,created_at,updated_at (RFC 4180; text cells starting with = + - @
get a leading ' against spreadsheet formula injection).

${CREDENTIALS_NOTE}`,

  reclaim: `Usage: ${PROG} reclaim --account ID --inactive-days N [--seats any|access|gateway]
                        [--keep a@x.com,@contractors.example] [--never-active keep|reclaim]
                        [--as-of DATE] [--report plan.csv] [--apply] [--yes]

Take back the seats of users whose last login and last device activity are more than N days
before --as-of (default now). A dry run unless --apply.

Options:
  --account ID          Account ID (default: CLOUDFLARE_ACCOUNT_ID)
  --inactive-days N     Inactive for more than N days (whole days, 1 to 3650)
  --seats KIND          Which seats to take back: any (default: both flags off), access, gateway
  --keep LIST           Emails or @domains never touched, comma-separated; may be repeated
  --never-active P      Users with no login and no device ever: keep (default) or reclaim
                        (judged by when they were created)
  --as-of DATE          The moment judged: RFC 3339 (2026-12-01T12:00:00Z) or a day (2026-12-01,
                        meaning 00:00 UTC); default now
  --report FILE         Write every decision as CSV: email,name,seat_uid,action,reason,
                        last_active,last_active_from (+ outcome with --apply: applied, failed,
                        not attempted, kept)
  --apply               Change the seats (after the question below)
  --yes                 Do not ask "Remove seats of N users? [y/N]"
  -h, --help            Show this help

Seats are sent in batches of 100, 4 at a time. If a batch fails after others went through, exit
code 3 (1 when none went through): stdout and the report say which seats were applied, failed
and not attempted.

${CREDENTIALS_NOTE}`,

  edit: `Usage: ${PROG} edit --account ID FILE.csv [--apply] [--yes]

Set seats from a CSV file with a header row and the columns seat_uid or email (or both: a row's
seat_uid wins when set), access_seat and gateway_seat (true or false). Both false removes the
seat. Emails are matched exactly (case-insensitive); an email no user or several users hold
stops the command before anything is sent. Rows that change nothing are not sent. The output
of "users --format csv" is a valid input. A dry run unless --apply: it shows what changes.

Options:
  --account ID       Account ID (default: CLOUDFLARE_ACCOUNT_ID)
  --apply            Send the edits (after the question below)
  --yes              Do not ask "Remove seats of N users? [y/N]"
  -h, --help         Show this help

${CREDENTIALS_NOTE}`,

  remove: `Usage: ${PROG} remove --account ID --email a@x.com [--email …] [--apply] [--yes]

Remove the seats (Access and Gateway) of the users with these emails (exact, case-insensitive;
--email may be repeated or comma-separated). Emails no user holds are reported and skipped; an
email several users hold (differing only in case) stops the command before anything is sent.
A dry run unless --apply.

Options:
  --account ID       Account ID (default: CLOUDFLARE_ACCOUNT_ID)
  --email E          A user's email; may be repeated
  --apply            Send the edits (after the question below)
  --yes              Do not ask "Remove seats of N users? [y/N]"
  -h, --help         Show this help

${CREDENTIALS_NOTE}`,
};

const COMMON = {
  account: { type: "string" },
  help: { type: "boolean", short: "h" },
};
const APPLY = {
  apply: { type: "boolean" },
  yes: { type: "boolean" },
  // Hidden: batch size and concurrency of --apply (tests, tuning).
  "batch-size": { type: "string" },
  concurrency: { type: "string" },
};
const OPTIONS = {
  users: { ...COMMON, email: { type: "string" }, search: { type: "string" }, format: { type: "string" } },
  reclaim: {
    ...COMMON, ...APPLY,
    "inactive-days": { type: "string" }, seats: { type: "string" }, keep: { type: "string", multiple: true },
    "never-active": { type: "string" }, "as-of": { type: "string" }, report: { type: "string" },
  },
  edit: { ...COMMON, ...APPLY },
  remove: { ...COMMON, ...APPLY, email: { type: "string", multiple: true } },
};

const CREDENTIAL_FLAGS = /^--?(api[-_]?token|token|api[-_]?key|key|auth[-_]?key|api[-_]?email|auth[-_]?email|password|secret)(=|$)/i;

class UsageError extends Error {}
class Exit extends Error {
  constructor(code) {
    super(`exit ${code}`);
    this.code = code;
  }
}

// ---------- output helpers ----------

const out = (text) => process.stdout.write(text.endsWith("\n") ? text : text + "\n");
const err = (text) => process.stderr.write(text.endsWith("\n") ? text : text + "\n");
const oneLine = (text) => String(text).replace(/\s*[\r\n]+\s*/g, " ").trim();
/** One line for an error: the package's (and Node's) with their class, the CLI's own plainly. */
const errorLine = (e) => oneLine(e instanceof Error && e.name !== "Error" ? `${e.name}: ${e.message}` : e?.message ?? e);

/** One CSV cell: RFC 4180 quoting, and a leading ' on text that a spreadsheet would run as a formula. */
export function csvCell(value) {
  if (value === undefined || value === null) return "";
  if (typeof value !== "string") return String(value);
  let text = /^[=+\-@\t\r]/.test(value) ? "'" + value : value;
  if (/[",\r\n]/.test(text)) text = '"' + text.replaceAll('"', '""') + '"';
  return text;
}
const csv = (header, rows) => [header, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";

/** RFC 4180 parser: quoted fields with "" escapes and line breaks, CRLF or LF, a BOM dropped. */
export function parseCsv(text) {
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  let i = 0;
  let line = 1;
  while (i < text.length) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') { field += '"'; i += 2; continue; }
        quoted = false; i++; continue;
      }
      if (ch === "\n") line++;
      field += ch; i++; continue;
    }
    if (ch === '"') {
      if (field !== "") throw new Error(`CSV line ${line}: a quote inside an unquoted field`);
      quoted = true; i++; continue;
    }
    if (ch === ",") { row.push(field); field = ""; i++; continue; }
    if (ch === "\r" || ch === "\n") {
      row.push(field); rows.push({ line, cells: row }); row = []; field = "";
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      continue;
    }
    field += ch; i++;
  }
  if (quoted) throw new Error(`CSV line ${line}: a quoted field is not closed`);
  if (field !== "" || row.length) { row.push(field); rows.push({ line, cells: row }); }
  return rows.filter((r) => !(r.cells.length === 1 && r.cells[0].trim() === ""));
}
const unguard = (cell) => (/^'[=+\-@\t\r]/.test(cell) ? cell.slice(1) : cell);

function table(header, rows) {
  const cells = [header, ...rows].map((row) => row.map((c) => (c === undefined || c === null ? "" : oneLine(c))));
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i].length)));
  return cells.map((row) => row.map((c, i) => (i === row.length - 1 ? c : c.padEnd(widths[i]))).join("  ").trimEnd()).join("\n") + "\n";
}

const yesNo = (flag) => (flag === true ? "yes" : flag === false ? "no" : "");
const day = (iso) => (iso ? String(iso).slice(0, 10) : "");

function duration(seconds) {
  if (!Number.isFinite(seconds)) return "?";
  seconds = Math.round(seconds);
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
  return `${Math.floor(seconds / 3600)}h${String(Math.floor((seconds % 3600) / 60)).padStart(2, "0")}m`;
}

/** Progress on stderr: a redrawn bar with rate and ETA on a terminal, plain log lines otherwise. */
class Progress {
  constructor(label, stream = process.stderr) {
    this.label = label;
    this.stream = stream;
    this.tty = Boolean(stream.isTTY);
    this.start = Date.now();
    this.lastDraw = 0;
    this.last = null;
    this.drawn = false;
  }
  update = ({ done, total }) => {
    this.last = { done, total };
    if (!this.tty) {
      this.stream.write(`${this.label}: ${done}${total !== undefined ? `/${total}` : ""}\n`);
      return;
    }
    const now = Date.now();
    if (now - this.lastDraw < 80 && !(total !== undefined && done >= total)) return;
    this.lastDraw = now;
    this.draw();
  };
  draw() {
    const { done, total } = this.last;
    const elapsed = Math.max((Date.now() - this.start) / 1000, 0.001);
    const rate = done / elapsed;
    let line = `${this.label} `;
    if (total !== undefined && total > 0) {
      const width = 24;
      const filled = Math.min(width, Math.round((done / total) * width));
      line += `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total}`;
      line += `  ${rate.toFixed(rate < 10 ? 1 : 0)}/s`;
      line += done >= total ? `  ${duration(elapsed)}` : `  ETA ${rate > 0 ? duration((total - done) / rate) : "?"}`;
    } else {
      line += `${done}  ${rate.toFixed(rate < 10 ? 1 : 0)}/s`;
    }
    const columns = this.stream.columns || 80;
    this.stream.write(`\r\x1b[K${line.slice(0, columns - 1)}`);
    this.drawn = true;
  }
  end() {
    if (this.tty && this.last) {
      this.draw();
      this.stream.write("\n");
    }
  }
}

async function withProgress(label, run) {
  const progress = new Progress(label);
  try {
    return await run(progress.update);
  } finally {
    progress.end();
  }
}

// ---------- arguments ----------

function parse(command, argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS[command], strict: true, allowPositionals: command === "edit" });
  } catch (e) {
    throw new UsageError(oneLine(e.message));
  }
  const { values, positionals } = parsed;
  const account = values.account ?? process.env.CLOUDFLARE_ACCOUNT_ID;
  if (!account) throw new UsageError("--account is required (or set CLOUDFLARE_ACCOUNT_ID)");
  if (values["batch-size"] !== undefined) values.batchSize = intOption("--batch-size", values["batch-size"], 1, 1000);
  if (values.concurrency !== undefined) values.concurrencyN = intOption("--concurrency", values.concurrency, 1, 32);
  return { values, positionals, account };
}

function intOption(name, text, min, max) {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) {
    throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}`);
  }
  return Number(text);
}

function choice(name, text, allowed, fallback) {
  if (text === undefined) return fallback;
  if (!allowed.includes(text)) throw new UsageError(`${name} must be ${allowed.join(", ")}, not ${JSON.stringify(text)}`);
  return text;
}

const list = (values) => (values ?? []).flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);

// ---------- confirmation and applying ----------

async function confirm(values, question) {
  if (values.yes) return;
  if (!process.stdin.isTTY) {
    err("error: refusing to change seats without confirmation: stdin is not a terminal; add --yes to go ahead");
    throw new Exit(2);
  }
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  const answer = await new Promise((resolve) => {
    rl.question(`${question} [y/N] `, resolve);
    rl.on("close", () => resolve(""));
  });
  rl.close();
  if (!/^y(es)?$/i.test(answer.trim())) {
    err("aborted: nothing sent");
    throw new Exit(2);
  }
}

/**
 * Sends the edits in batches. Resolves to { outcome: Map(seat_uid → "applied" | "failed" |
 * "not attempted"), error } where error is the BulkEditError (or other error) when not all went.
 */
async function applyEdits(client, account, edits, values, BulkEditError) {
  const outcome = new Map(edits.map((e) => [e.seat_uid, "not attempted"]));
  try {
    await withProgress("seats", (onProgress) =>
      client.editSeats(account, edits, {
        batchSize: values.batchSize ?? BATCH_SIZE,
        concurrency: values.concurrencyN ?? CONCURRENCY,
        onProgress,
      }));
    for (const e of edits) outcome.set(e.seat_uid, "applied");
    return { outcome, error: null };
  } catch (e) {
    if (!(e instanceof BulkEditError)) throw e;
    for (const seat of e.applied ?? []) if (seat.seat_uid !== undefined) outcome.set(seat.seat_uid, "applied");
    for (const f of e.failed ?? []) for (const edit of f.edits) outcome.set(edit.seat_uid, "failed");
    for (const edit of e.notAttempted ?? []) outcome.set(edit.seat_uid, "not attempted");
    return { outcome, error: e };
  }
}

/** Prints the result of applyEdits; throws Exit(3) (or Exit(1) if nothing applied) on failure. */
function reportApplied({ outcome, error }, describe) {
  const counts = { applied: 0, failed: 0, "not attempted": 0 };
  for (const o of outcome.values()) counts[o]++;
  if (!error) {
    out(`applied: ${counts.applied} seat${counts.applied === 1 ? "" : "s"} changed`);
    return;
  }
  out(`${counts.applied ? "partly applied" : "not applied"}: ${counts.applied} applied, ${counts.failed} failed, ${counts["not attempted"]} not attempted`);
  const rows = [...outcome].filter(([, o]) => o !== "applied").map(([uid, o]) => [o, uid, describe(uid)]);
  if (rows.length) out(table(["outcome", "seat_uid", "email"], rows));
  err(`error: ${errorLine(error.cause ?? error)}`);
  throw new Exit(counts.applied > 0 ? 3 : 1);
}

// ---------- commands ----------

const USER_COLUMNS = ["id", "uid", "seat_uid", "name", "email", "access_seat", "gateway_seat", "active_device_count",
  "last_successful_login", "created_at", "updated_at"];

async function users(api, argv) {
  const { values, account } = parse("users", argv);
  if (values.email !== undefined && values.search !== undefined) throw new UsageError("--email and --search cannot be combined");
  const format = choice("--format", values.format, ["table", "csv", "json"], "table");
  const query = { perPage: 1000 };
  if (values.email !== undefined) query.email = values.email;
  if (values.search !== undefined) query.search = values.search;
  const client = new api.Client({});
  const list = await withProgress("users", (onProgress) => client.listUsers(account, query, { onProgress }));
  if (format === "json") return out(JSON.stringify(list, null, 2));
  if (format === "csv") return process.stdout.write(csv(USER_COLUMNS, list.map((u) => USER_COLUMNS.map((c) => u[c]))));
  const rows = list.map((u) => [u.email, u.name, u.seat_uid, yesNo(u.access_seat), yesNo(u.gateway_seat),
    u.active_device_count, day(u.last_successful_login)]);
  out(table(["email", "name", "seat_uid", "access", "gateway", "devices", "last_login"], rows) +
    `${list.length} user${list.length === 1 ? "" : "s"}: ${list.filter((u) => u.access_seat).length} with Access, ` +
    `${list.filter((u) => u.gateway_seat).length} with Gateway`);
}

const REPORT_COLUMNS = ["email", "name", "seat_uid", "action", "reason", "last_active", "last_active_from"];

async function reclaim(api, argv) {
  const { values, account } = parse("reclaim", argv);
  if (values["inactive-days"] === undefined) throw new UsageError("--inactive-days is required");
  const inactiveDays = intOption("--inactive-days", values["inactive-days"], 1, 3650);
  const seats = choice("--seats", values.seats, ["any", "access", "gateway"], "any");
  const neverActive = choice("--never-active", values["never-active"], ["keep", "reclaim"], "keep");
  let now;
  if (values["as-of"] !== undefined) {
    now = /^\d{4}-\d{2}-\d{2}$/.test(values["as-of"]) ? `${values["as-of"]}T00:00:00Z` : values["as-of"];
    if (Number.isNaN(Date.parse(now))) throw new UsageError(`--as-of must be an RFC 3339 date-time or YYYY-MM-DD, not ${JSON.stringify(values["as-of"])}`);
  }
  const keep = list(values.keep);
  if (values.yes && !values.apply) throw new UsageError("--yes only goes with --apply");

  const client = new api.Client({});
  const userList = await withProgress("users", (onProgress) => client.listUsers(account, { perPage: 1000 }, { onProgress }));
  const devices = await withProgress("registrations", (onProgress) =>
    client.listDeviceRegistrations(account, { status: "all", perPage: 1000 }, { onProgress }));
  const plan = api.planReclaim({ users: userList, devices, now, inactiveDays, seats, keep, neverActive });
  const s = plan.summary;
  const reclaimed = plan.decisions.filter((d) => d.action !== "keep");
  const summary = `${s.users} users, ${s.holdingSeats} holding ${seats === "any" ? "a seat" : `an ${seats === "access" ? "Access" : "Gateway"} seat`}: ` +
    `${s.reclaim} to reclaim (inactive > ${inactiveDays} days${now ? ` as of ${now}` : ""}); kept: ${s.keptActive} active, ` +
    `${s.keptListed} on the keep list, ${s.keptNeverActive} never active, ${s.keptNoSeatUid} without seat_uid`;
  if (reclaimed.length) {
    out(table(["action", "email", "name", "seat_uid", "reason"], reclaimed.map((d) => [d.action, d.email, d.name, d.seat_uid, d.reason])));
  }
  out(summary);

  const writeReport = (outcome) => {
    if (values.report === undefined) return;
    const header = outcome ? [...REPORT_COLUMNS, "outcome"] : REPORT_COLUMNS;
    const rows = plan.decisions.map((d) => {
      const row = [d.email, d.name, d.seat_uid, d.action, d.reason, d.lastActive, d.lastActiveFrom];
      if (outcome) row.push(d.action === "keep" ? "kept" : outcome.get(d.seat_uid) ?? "not attempted");
      return row;
    });
    writeFileSync(values.report, csv(header, rows));
    err(`report: ${values.report} (${rows.length} decisions)`);
  };

  if (!values.apply) {
    writeReport(null);
    out("dry run: nothing sent; add --apply to change seats");
    return;
  }
  if (plan.edits.length === 0) {
    writeReport(new Map());
    out("nothing to reclaim");
    return;
  }
  await confirm(values, `Remove seats of ${plan.edits.length} user${plan.edits.length === 1 ? "" : "s"}?`);
  const result = await applyEdits(client, account, plan.edits, values, api.BulkEditError);
  writeReport(result.outcome);
  const emails = new Map(reclaimed.map((d) => [d.seat_uid, d.email]));
  reportApplied(result, (uid) => emails.get(uid));
}

function parseBool(text, where) {
  const t = text.trim().toLowerCase();
  if (t === "true") return true;
  if (t === "false") return false;
  throw new Error(`${where} must be true or false, not ${JSON.stringify(text)}`);
}

function describeChange(before, edit) {
  if (!before) return "set";
  const was = [before.access_seat === true, before.gateway_seat === true];
  const now = [edit.access_seat, edit.gateway_seat];
  if ((was[0] || was[1]) && !now[0] && !now[1]) return "remove";
  const parts = [];
  if (was[0] !== now[0]) parts.push(`${now[0] ? "add" : "remove"} access`);
  if (was[1] !== now[1]) parts.push(`${now[1] ? "add" : "remove"} gateway`);
  return parts.length ? parts.join(", ") : "no change";
}

async function edit(api, argv) {
  const { values, positionals, account } = parse("edit", argv);
  if (positionals.length !== 1) throw new UsageError(positionals.length ? "edit takes one FILE.csv" : "FILE.csv is required");
  if (values.yes && !values.apply) throw new UsageError("--yes only goes with --apply");
  const file = positionals[0];
  let text;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    throw new Error(`cannot read ${file}: ${e.code ?? e.message}`);
  }
  const rows = parseCsv(text);
  if (!rows.length) throw new Error(`${file}: empty, expected a header row`);
  const header = rows[0].cells.map((h) => h.trim().toLowerCase());
  const col = (name) => header.indexOf(name);
  const [iUid, iEmail, iAccess, iGateway] = ["seat_uid", "email", "access_seat", "gateway_seat"].map(col);
  if (iUid < 0 && iEmail < 0) throw new Error(`${file}: needs a seat_uid or an email column (header: ${header.join(",")})`);
  if (iAccess < 0 || iGateway < 0) throw new Error(`${file}: needs access_seat and gateway_seat columns (header: ${header.join(",")})`);

  const entries = [];
  for (const { line, cells } of rows.slice(1)) {
    const cell = (i) => (i >= 0 ? unguard((cells[i] ?? "").trim()) : "");
    const where = `${file} line ${line}`;
    const seat_uid = cell(iUid);
    const email = cell(iEmail);
    if (!seat_uid && !email) throw new Error(`${where}: no seat_uid and no email`);
    entries.push({ line, seat_uid, email, access_seat: parseBool(cell(iAccess), `${where}: access_seat`), gateway_seat: parseBool(cell(iGateway), `${where}: gateway_seat`) });
  }
  if (!entries.length) throw new Error(`${file}: no rows after the header`);

  const client = new api.Client({});
  const byEmail = entries.filter((e) => !e.seat_uid);
  const byUid = entries.filter((e) => e.seat_uid);
  const usersBySeat = new Map();
  if (byUid.length) {
    const all = await withProgress("users", (onProgress) => client.listUsers(account, { perPage: 1000 }, { onProgress }));
    for (const u of all) if (u.seat_uid) usersBySeat.set(u.seat_uid, u);
  }
  const problems = [];
  if (byEmail.length) {
    const found = await withProgress("users", (onProgress) => client.findUsersByEmail(account, byEmail.map((e) => e.email), { onProgress }));
    const match = new Map(found.found.map((f) => [f.email.toLowerCase(), f.user]));
    for (const m of found.missing) problems.push(`no user has email ${m}`);
    for (const a of found.ambiguous) problems.push(`${a.users.length} users have email ${a.email} (${a.users.map((u) => u.email).join(", ")})`);
    for (const e of byEmail) {
      const user = match.get(e.email.toLowerCase());
      if (!user) continue;
      if (!user.seat_uid) problems.push(`${e.email} has no seat_uid`);
      else { e.seat_uid = user.seat_uid; e.user = user; }
    }
  }
  for (const e of byUid) {
    e.user = usersBySeat.get(e.seat_uid);
    if (!e.user) problems.push(`no user holds seat_uid ${e.seat_uid} (line ${e.line})`);
  }
  const seen = new Map();
  for (const e of entries) {
    if (!e.seat_uid) continue;
    if (seen.has(e.seat_uid)) problems.push(`seat ${e.seat_uid} is on lines ${seen.get(e.seat_uid)} and ${e.line}`);
    else seen.set(e.seat_uid, e.line);
  }
  if (problems.length) {
    throw new Error(`${problems.length} row problem${problems.length === 1 ? "" : "s"}, nothing sent: ${problems.join("; ")}`);
  }

  const changes = entries.map((e) => describeChange(e.user, e));
  // Rows that change nothing are not sent: for a user whose seat is already gone, even a no-op
  // edit would be refused (seat not found) and fail its whole batch.
  const edits = entries.filter((_, i) => changes[i] !== "no change")
    .map((e) => ({ seat_uid: e.seat_uid, access_seat: e.access_seat, gateway_seat: e.gateway_seat }));
  const removals = changes.filter((c) => c === "remove").length;
  const unchanged = changes.filter((c) => c === "no change").length;
  const other = changes.length - removals - unchanged;
  out(table(["change", "email", "seat_uid", "access", "gateway"], entries.map((e, i) => [
    changes[i], e.user?.email ?? e.email, e.seat_uid,
    `${yesNo(e.user?.access_seat)} -> ${yesNo(e.access_seat)}`, `${yesNo(e.user?.gateway_seat)} -> ${yesNo(e.gateway_seat)}`,
  ])));
  out(`${entries.length} row${entries.length === 1 ? "" : "s"}: ${removals} seat removal${removals === 1 ? "" : "s"}, ${other} other change${other === 1 ? "" : "s"}, ${unchanged} unchanged (not sent)`);
  if (!values.apply) {
    out("dry run: nothing sent; add --apply to change seats");
    return;
  }
  if (!edits.length) {
    out("nothing to change");
    return;
  }
  const changing = edits.length;
  await confirm(values, removals
    ? `Remove seats of ${removals} user${removals === 1 ? "" : "s"}${other ? ` and change ${other} more` : ""}?`
    : `Change seats of ${changing} user${changing === 1 ? "" : "s"}?`);
  const result = await applyEdits(client, account, edits, values, api.BulkEditError);
  const emails = new Map(entries.map((e) => [e.seat_uid, e.user?.email ?? e.email]));
  reportApplied(result, (uid) => emails.get(uid));
}

async function remove(api, argv) {
  const { values, account } = parse("remove", argv);
  const emails = list(values.email);
  if (!emails.length) throw new UsageError("--email is required");
  if (values.yes && !values.apply) throw new UsageError("--yes only goes with --apply");
  const client = new api.Client({});
  const found = await withProgress("users", (onProgress) => client.findUsersByEmail(account, emails, { onProgress }));
  if (found.ambiguous.length) {
    for (const a of found.ambiguous) err(`ambiguous: ${a.email} is held by ${a.users.length} users: ${a.users.map((u) => `${u.email} (seat ${u.seat_uid ?? "none"})`).join(", ")}`);
    throw new Error(`${found.ambiguous.length} email${found.ambiguous.length === 1 ? " is" : "s are"} held by more than one user, nothing sent: ${found.ambiguous.map((a) => a.email).join(", ")}; use edit with their seat_uid`);
  }
  const rows = [];
  const edits = [];
  for (const m of found.missing) rows.push(["not found", m, "", ""]);
  for (const { email, user } of found.found) {
    if (!user.seat_uid) rows.push(["skip: no seat_uid", user.email ?? email, "", ""]);
    else if (!user.access_seat && !user.gateway_seat) rows.push(["skip: no seat", user.email ?? email, user.seat_uid, ""]);
    else {
      rows.push(["remove", user.email ?? email, user.seat_uid, [user.access_seat && "access", user.gateway_seat && "gateway"].filter(Boolean).join("+")]);
      edits.push({ seat_uid: user.seat_uid, access_seat: false, gateway_seat: false });
    }
  }
  out(table(["action", "email", "seat_uid", "seats"], rows));
  out(`${emails.length} email${emails.length === 1 ? "" : "s"}: ${edits.length} seat${edits.length === 1 ? "" : "s"} to remove, ${found.missing.length} not found, ${found.found.length - edits.length} without a seat`);
  for (const m of found.missing) err(`warning: no user has email ${m}`);
  if (!values.apply) {
    out("dry run: nothing sent; add --apply to change seats");
    return;
  }
  if (!edits.length) {
    out("nothing to remove");
    return;
  }
  await confirm(values, `Remove seats of ${edits.length} user${edits.length === 1 ? "" : "s"}?`);
  const result = await applyEdits(client, account, edits, values, api.BulkEditError);
  const byUid = new Map(found.found.map(({ user }) => [user.seat_uid, user.email]));
  reportApplied(result, (uid) => byUid.get(uid));
}

const COMMANDS = { users, reclaim, edit, remove };

// ---------- main ----------

async function main(argv) {
  const [command, ...rest] = argv;
  const wantsHelp = (args) => args.some((a) => a === "--help" || a === "-h");
  if (command === undefined) throw new UsageError("a command is required");
  if (command === "--help" || command === "-h" || command === "help") {
    const topic = rest[0];
    out(USAGE[COMMANDS[topic] ? topic : "main"]);
    return;
  }
  if (command === "--version" || command === "-v") {
    const pkg = JSON.parse(readFileSync(new URL("./package.json", import.meta.url), "utf8"));
    out(pkg.version);
    return;
  }
  if (!Object.hasOwn(COMMANDS, command)) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  if (wantsHelp(rest)) {
    out(USAGE[command]);
    return;
  }
  try {
    const credential = rest.find((a) => CREDENTIAL_FLAGS.test(a));
    if (credential) {
      throw new UsageError(`${credential.split("=")[0]}: credentials are never taken from flags (they would end up in shell history and process lists); set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY`);
    }
    // Loaded only for a real command, so --help and usage errors need no wasm.
    const api = await import("./node.mjs");
    await COMMANDS[command](api, rest);
  } catch (e) {
    if (e instanceof UsageError) e.command = command;
    throw e;
  }
}

process.stdout.on("error", (e) => {
  if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw e;
});

main(process.argv.slice(2)).then(
  () => { process.exitCode ??= 0; },
  (e) => {
    if (e instanceof Exit) {
      process.exitCode = e.code;
    } else if (e instanceof UsageError) {
      err(`error: ${e.message}\n`);
      err(USAGE[e.command ?? "main"] ?? USAGE.main);
      process.exitCode = 2;
    } else {
      err(`error: ${errorLine(e)}`);
      process.exitCode = 1;
    }
  },
);
