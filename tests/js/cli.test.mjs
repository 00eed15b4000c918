// The command line (pkg/cli.mjs) run as a child process against the stand-in: stdout, stderr,
// exit codes, and what the stand-in received and holds afterwards. stdin is never a terminal.
//
//   node scripts/package.mjs && node --test tests/js/cli.test.mjs
import { test, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath } from "node:url";
import { startStandin, DEMO_ACCOUNT_ID } from "../../standin/standin.mjs";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const CLI = join(ROOT, "pkg", "cli.mjs");
const TOKEN = "test-token-0123456789abcdef";
const ACCOUNT = "cliaccount";
const NOW = "2026-12-01T12:00:00Z";
const DAY = 86_400_000;
const ago = (days) => new Date(Date.parse(NOW) - days * DAY).toISOString();
const USERS_HEADER = "id,uid,seat_uid,name,email,access_seat,gateway_seat,active_device_count,last_successful_login,created_at,updated_at";
const REPORT_HEADER = "email,name,seat_uid,action,reason,last_active,last_active_from";

let api;
let dir;

before(async () => {
  api = await startStandin({ prefix: "/client/v4" });
  dir = mkdtempSync(join(tmpdir(), "zts-cli-"));
});
after(() => {
  api.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  await control("POST", "/__standin/reset");
  await control("PUT", `/__standin/accounts/${ACCOUNT}/users`, USERS);
});

async function control(method, path, body) {
  const res = await fetch(api.origin + path, { method, body: body === undefined ? undefined : JSON.stringify(body) });
  assert.ok(res.ok, `${method} ${path}: ${res.status}`);
  return res.json();
}
const requests = async (account = ACCOUNT) => control("GET", `/__standin/requests?account=${account}`);
const patches = async (account = ACCOUNT) => (await requests(account)).filter((r) => r.method === "PATCH");
const seatMap = async (account = ACCOUNT) =>
  new Map((await control("GET", `/__standin/accounts/${account}/seats`)).map((s) => [s.seat_uid, s]));

/** Runs the CLI; stdin is a pipe (not a TTY), closed at once. */
function run(args, { env = {}, input = "" } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      env: { PATH: process.env.PATH, CLOUDFLARE_API_TOKEN: TOKEN, CLOUDFLARE_BASE_URL: api.url, ...env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

/** RFC 4180 parse for the checks (quotes, "" escapes, CRLF). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") { row.push(field); field = ""; }
    else if (ch === "\r" && text[i + 1] === "\n") { row.push(field); rows.push(row); row = []; field = ""; i++; }
    else if (ch === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else field += ch;
  }
  if (field !== "" || row.length) { row.push(field); rows.push(row); }
  return rows;
}
const csvObjects = (text) => {
  const [header, ...rows] = parseCsv(text);
  return rows.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i]])));
};

const user = (n, email, extra = {}) => ({
  id: `u${n}`, email, name: `User ${n}`, seat_uid: `seat-${n}`, access_seat: true, gateway_seat: true,
  created_at: ago(800), updated_at: ago(1), ...extra,
});
// Under --inactive-days 90 as of NOW: reclaim idle, idle-access (access only: "remove"), formula;
// keep active, device (seen 2 days ago), contractor (--keep), never (never active), twins (active).
const USERS = [
  user(1, "active@example.com", { last_successful_login: ago(3) }),
  user(2, "idle@example.com", { last_successful_login: ago(200) }),
  user(3, "idle-access@example.com", { gateway_seat: false, last_successful_login: ago(120) }),
  user(4, "device@example.com", { last_successful_login: ago(200), registrations: [{ id: "r4", last_seen_at: ago(2) }] }),
  user(5, "old@contractors.example", { last_successful_login: ago(400) }),
  user(6, "never@example.com", {}),
  user(7, "formula@example.com", { name: "=HYPERLINK(\"http://evil\",\"x\"), \"quoted\"", last_successful_login: ago(300) }),
  user(8, "Pat.Twin@example.com", { last_successful_login: ago(5) }),
  user(9, "pat.twin@example.com", { last_successful_login: ago(6) }),
  user(10, "seatless@example.com", { access_seat: false, gateway_seat: false, last_successful_login: ago(10) }),
];
const RECLAIMED = ["seat-2", "seat-3", "seat-7"];
const common = ["--account", ACCOUNT];

// ---------- users ----------

test("users: table, csv (parseable, exact header, formula guard) and json", async () => {
  const t = await run(["users", ...common]);
  assert.equal(t.code, 0, t.stderr);
  const lines = t.stdout.trimEnd().split("\n");
  assert.match(lines[0], /^email\s+name\s+seat_uid\s+access\s+gateway\s+devices\s+last_login$/);
  assert.equal(lines.length, 1 + USERS.length + 1);
  assert.match(t.stdout, /idle@example\.com\s+User 2\s+seat-2\s+yes\s+yes\s+0\s+2026-05-15/);
  assert.match(lines.at(-1), /^10 users: 9 with Access, 8 with Gateway$/);
  assert.match(t.stderr, /^users: 10\/10$/m, "plain progress lines without a TTY");

  const c = await run(["users", ...common, "--format", "csv"]);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(c.stdout.split("\r\n")[0], USERS_HEADER);
  const rows = csvObjects(c.stdout);
  assert.equal(rows.length, USERS.length);
  assert.deepEqual(rows.map((r) => r.email), USERS.map((u) => u.email));
  const idle = rows.find((r) => r.email === "idle@example.com");
  const { last_successful_login, created_at, updated_at, ...rest } = idle;
  assert.deepEqual(rest, {
    id: "u2", uid: "u2", seat_uid: "seat-2", name: "User 2", email: "idle@example.com", access_seat: "true",
    gateway_seat: "true", active_device_count: "0",
  });
  assert.equal(Date.parse(created_at), Date.parse(ago(800)));
  assert.equal(Date.parse(updated_at), Date.parse(ago(1)));
  assert.equal(Date.parse(idle.last_successful_login), Date.parse(ago(200)));
  assert.equal(rows.find((r) => r.email === "never@example.com").last_successful_login, "");
  assert.equal(rows.find((r) => r.email === "formula@example.com").name, "'" + USERS[6].name, "formula guarded, quotes round-trip");

  const j = await run(["users", ...common, "--format", "json", "--search", "twin"]);
  assert.equal(j.code, 0, j.stderr);
  const list = JSON.parse(j.stdout);
  assert.deepEqual(list.map((u) => u.email), ["Pat.Twin@example.com", "pat.twin@example.com"]);
  assert.equal(list[0].seat_uid, "seat-8");

  const e = await run(["users", ...common, "--format", "json", "--email", "idle"]);
  assert.deepEqual(JSON.parse(e.stdout).map((u) => u.email), ["idle@example.com", "idle-access@example.com"]);
  const seen = (await requests()).filter((r) => r.method === "GET").map((r) => r.url);
  assert.ok(seen.some((u) => u.includes("search=twin")) && seen.some((u) => u.includes("email=idle")));
});

test("users: the demo account's 300 users, account from CLOUDFLARE_ACCOUNT_ID", async () => {
  const c = await run(["users", "--format", "csv"], { env: { CLOUDFLARE_ACCOUNT_ID: DEMO_ACCOUNT_ID } });
  assert.equal(c.code, 0, c.stderr);
  assert.equal(csvObjects(c.stdout).length, 300);
});

// ---------- reclaim ----------

const reclaimArgs = ["reclaim", ...common, "--inactive-days", "90", "--as-of", NOW, "--keep", "@contractors.example"];

test("reclaim dry run: plan, summary, report with exact columns; nothing sent", async () => {
  const report = join(dir, "plan.csv");
  const r = await run([...reclaimArgs, "--report", report]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^10 users, 9 holding a seat: 3 to reclaim \(inactive > 90 days as of 2026-12-01T12:00:00Z\); kept: 4 active, 1 on the keep list, 1 never active, 0 without seat_uid$/m);
  assert.match(r.stdout, /^remove\s+idle@example\.com\s+User 2\s+seat-2\s+last active 2026-05-15/m);
  assert.doesNotMatch(r.stdout, /active@example\.com\s+User 1/);
  assert.match(r.stdout, /^dry run: nothing sent; add --apply to change seats$/m);
  assert.match(r.stderr, /^users: 10\/10$/m);
  assert.match(r.stderr, /^registrations: 1$/m);
  assert.deepEqual(await patches(), []);
  const regs = (await requests()).find((q) => q.path.endsWith("/devices/registrations"));
  assert.match(regs.url, /status=all/);

  const text = readFileSync(report, "utf8");
  assert.equal(text.split("\r\n")[0], REPORT_HEADER);
  const rows = csvObjects(text);
  assert.equal(rows.length, 9);
  assert.deepEqual(rows.filter((x) => x.action !== "keep").map((x) => x.seat_uid), RECLAIMED);
  const idle = rows.find((x) => x.seat_uid === "seat-2");
  assert.equal(idle.action, "remove");
  assert.equal(idle.last_active_from, "login");
  assert.equal(Date.parse(idle.last_active), Date.parse(ago(200)));
  assert.equal(rows.find((x) => x.seat_uid === "seat-4").last_active_from, "device");
  assert.equal(rows.find((x) => x.seat_uid === "seat-7").name[0], "'", "formula guard in the report");
});

test("reclaim options: --seats gateway, --never-active reclaim, a day as --as-of", async () => {
  const r = await run(["reclaim", ...common, "--inactive-days", "90", "--as-of", "2026-12-01", "--seats", "gateway",
    "--never-active", "reclaim", "--keep", "old@contractors.example,nobody@x.com", "--report", join(dir, "g.csv")]);
  assert.equal(r.code, 0, r.stderr);
  const rows = csvObjects(readFileSync(join(dir, "g.csv"), "utf8"));
  assert.deepEqual(rows.filter((x) => x.action !== "keep").map((x) => [x.seat_uid, x.action]),
    [["seat-2", "remove-gateway"], ["seat-6", "remove-gateway"], ["seat-7", "remove-gateway"]]);
  assert.deepEqual(await patches(), []);
});

test("reclaim --apply without a TTY and without --yes: refused, exit 2, nothing sent", async () => {
  const r = await run([...reclaimArgs, "--apply"], { input: "y\n" });
  assert.equal(r.code, 2);
  assert.match(r.stdout, /3 to reclaim/, "the summary is shown first");
  assert.match(r.stderr, /^error: refusing to change seats without confirmation: stdin is not a terminal; add --yes/m);
  assert.deepEqual(await patches(), []);
  assert.equal((await seatMap()).size, 9);
});

test("reclaim --apply --yes: exactly the planned seats change; report outcome", async () => {
  const before = await seatMap();
  const report = join(dir, "applied.csv");
  const r = await run([...reclaimArgs, "--apply", "--yes", "--report", report]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^applied: 3 seats changed$/m);
  assert.match(r.stderr, /^seats: 3\/3$/m);
  const sent = (await patches()).flatMap((p) => JSON.parse(p.body));
  assert.deepEqual(sent.sort((a, b) => a.seat_uid.localeCompare(b.seat_uid)), [
    { seat_uid: "seat-2", access_seat: false, gateway_seat: false },
    { seat_uid: "seat-3", access_seat: false, gateway_seat: false },
    { seat_uid: "seat-7", access_seat: false, gateway_seat: false },
  ]);
  const after = await seatMap();
  assert.deepEqual([...before.keys()].filter((k) => !after.has(k)).sort(), RECLAIMED);
  for (const [uid, seat] of after) assert.deepEqual(seat, before.get(uid));
  const text = readFileSync(report, "utf8");
  assert.equal(text.split("\r\n")[0], REPORT_HEADER + ",outcome");
  const rows = csvObjects(text);
  for (const row of rows) assert.equal(row.outcome, RECLAIMED.includes(row.seat_uid) ? "applied" : "kept", row.seat_uid);
});

test("reclaim --apply with a failing batch: exit 3, report outcome matches the stand-in", async () => {
  // 7 idle users in batches of 2, one at a time: batch 1 goes (delay only), batch 2 is refused,
  // batches 3 and 4 are never sent.
  const idle = Array.from({ length: 7 }, (_, i) => user(100 + i, `idle${i}@example.com`, { last_successful_login: ago(300) }));
  await control("PUT", `/__standin/accounts/${ACCOUNT}/users`, idle);
  await control("POST", "/__standin/faults", [
    { account: ACCOUNT, route: "seats", delayMs: 1 },
    { account: ACCOUNT, route: "seats", status: 403 },
  ]);
  const report = join(dir, "partial.csv");
  const r = await run(["reclaim", ...common, "--inactive-days", "90", "--as-of", NOW, "--apply", "--yes",
    "--report", report, "--batch-size", "2", "--concurrency", "1"]);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stdout, /^partly applied: 2 applied, 2 failed, 3 not attempted$/m);
  assert.match(r.stdout, /^failed\s+seat-102\s+idle2@example\.com$/m);
  assert.match(r.stdout, /^not attempted\s+seat-106\s+idle6@example\.com$/m);
  const errLines = r.stderr.split("\n").filter((l) => l.startsWith("error:"));
  assert.equal(errLines.length, 1);
  assert.match(errLines[0], /403/);
  assert.doesNotMatch(r.stderr, /\n\s+at /, "no stack trace");
  const rows = csvObjects(readFileSync(report, "utf8"));
  const seats = await seatMap();
  const outcomes = {};
  for (const row of rows) {
    (outcomes[row.outcome] ??= []).push(row.seat_uid);
    assert.equal(seats.has(row.seat_uid), row.outcome !== "applied", `${row.seat_uid} ${row.outcome}`);
  }
  assert.deepEqual(outcomes, { applied: ["seat-100", "seat-101"], failed: ["seat-102", "seat-103"], "not attempted": ["seat-104", "seat-105", "seat-106"] });
  assert.equal((await patches()).length, 2);
});

test("reclaim --apply with default batching (100 x 4) on generated users: outcome matches the stand-in", async () => {
  await control("POST", `/__standin/accounts/${ACCOUNT}/users/generate`, { count: 1500, seed: 7, registrationsPerUser: [0, 1] });
  await control("POST", "/__standin/faults", [
    { account: ACCOUNT, route: "seats", delayMs: 1 },
    { account: ACCOUNT, route: "seats", status: 403 },
  ]);
  const report = join(dir, "big.csv");
  // Far in the future: every seat with a known last activity is idle.
  const r = await run(["reclaim", ...common, "--inactive-days", "30", "--as-of", "2040-01-01T00:00:00Z", "--apply", "--yes", "--report", report]);
  const rows = csvObjects(readFileSync(report, "utf8")).filter((x) => x.action !== "keep");
  assert.ok(rows.length > 400, `${rows.length} reclaimed`);
  assert.equal(r.code, 3, r.stderr);
  const seats = await seatMap();
  const counts = { applied: 0, failed: 0, "not attempted": 0 };
  for (const row of rows) {
    counts[row.outcome]++;
    assert.equal(seats.has(row.seat_uid), row.outcome !== "applied", `${row.seat_uid} ${row.outcome}`);
  }
  assert.equal(counts.failed, 100, "one batch of 100 refused");
  assert.ok(counts.applied >= 100);
  assert.match(r.stdout, new RegExp(`^partly applied: ${counts.applied} applied, ${counts.failed} failed, ${counts["not attempted"]} not attempted$`, "m"));
  const sizes = (await patches()).map((p) => JSON.parse(p.body).length);
  assert.ok(sizes.every((n) => n <= 100), `batch sizes ${sizes}`);
});

// ---------- edit ----------

test("edit by email and by seat_uid: dry run shows the changes, --apply sends them", async () => {
  const file = join(dir, "edit.csv");
  writeFileSync(file, "email,seat_uid,access_seat,gateway_seat\r\n" +
    "IDLE@example.com,,false,false\r\n" +
    ",seat-3,true,true\r\n" +
    "\"active@example.com\",,true,TRUE\r\n" +
    "'=x@example.com,seat-5,false,true\r\n");
  const dry = await run(["edit", ...common, file]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^remove\s+idle@example\.com\s+seat-2\s+yes -> no\s+yes -> no$/m);
  assert.match(dry.stdout, /^add gateway\s+idle-access@example\.com\s+seat-3\s+yes -> yes\s+no -> yes$/m);
  assert.match(dry.stdout, /^no change\s+active@example\.com\s+seat-1/m);
  assert.match(dry.stdout, /^remove access\s+old@contractors\.example\s+seat-5\s+yes -> no\s+yes -> yes$/m);
  assert.match(dry.stdout, /^4 rows: 1 seat removal, 2 other changes, 1 unchanged \(not sent\)$/m);
  assert.match(dry.stdout, /^dry run: nothing sent; add --apply to change seats$/m);
  assert.deepEqual(await patches(), []);

  const refused = await run(["edit", ...common, file, "--apply"]);
  assert.equal(refused.code, 2);
  assert.deepEqual(await patches(), []);

  const applied = await run(["edit", ...common, file, "--apply", "--yes"]);
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /^applied: 3 seats changed$/m);
  const seats = await seatMap();
  assert.equal(seats.has("seat-2"), false);
  assert.deepEqual([seats.get("seat-3").access_seat, seats.get("seat-3").gateway_seat], [true, true]);
  assert.deepEqual([seats.get("seat-5").access_seat, seats.get("seat-5").gateway_seat], [false, true]);
  assert.deepEqual(JSON.parse((await patches())[0].body), [
    { seat_uid: "seat-2", access_seat: false, gateway_seat: false },
    { seat_uid: "seat-3", access_seat: true, gateway_seat: true },
    { seat_uid: "seat-5", access_seat: false, gateway_seat: true },
  ]);
});

test("edit: the users CSV export reads back; a changed copy applies only the changed rows", async () => {
  const exported = await run(["users", ...common, "--format", "csv"]);
  const file = join(dir, "roundtrip.csv");
  writeFileSync(file, exported.stdout);
  const same = await run(["edit", ...common, file, "--apply", "--yes"]);
  assert.equal(same.code, 0, same.stderr);
  assert.match(same.stdout, /^10 rows: 0 seat removals, 0 other changes, 10 unchanged \(not sent\)$/m);
  assert.match(same.stdout, /^nothing to change$/m);
  assert.deepEqual(await patches(), []);
  writeFileSync(file, exported.stdout.replace(/^(u7,.*,formula@example\.com),true,true,/m, "$1,false,false,"));
  const changed = await run(["edit", ...common, file, "--apply", "--yes"]);
  assert.equal(changed.code, 0, changed.stderr);
  assert.match(changed.stdout, /^remove\s+formula@example\.com\s+seat-7/m);
  assert.deepEqual(JSON.parse((await patches())[0].body), [{ seat_uid: "seat-7", access_seat: false, gateway_seat: false }]);
});

test("edit: missing and ambiguous emails, unknown seat_uid, bad values: exit 1, nothing sent", async () => {
  const file = join(dir, "bad.csv");
  writeFileSync(file, "email,access_seat,gateway_seat\nnobody@example.com,false,false\npat.twin@example.com,false,false\nidle@example.com,false,false\n");
  const r = await run(["edit", ...common, file, "--apply", "--yes"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^error: 2 row problems, nothing sent: no user has email nobody@example\.com; 2 users have email pat\.twin@example\.com \(Pat\.Twin@example\.com, pat\.twin@example\.com\)$/m);
  assert.equal(r.stdout, "");

  writeFileSync(file, "seat_uid,access_seat,gateway_seat\nseat-404,false,false\n");
  const u = await run(["edit", ...common, file, "--apply", "--yes"]);
  assert.equal(u.code, 1);
  assert.match(u.stderr, /^error: .*no user holds seat_uid seat-404/m);

  writeFileSync(file, "seat_uid,access_seat,gateway_seat\nseat-2,maybe,false\n");
  const b = await run(["edit", ...common, file]);
  assert.equal(b.code, 1);
  assert.match(b.stderr, /^error: .*line 2: access_seat must be true or false, not "maybe"$/m);

  writeFileSync(file, "seat_uid,access_seat\nseat-2,false\n");
  const h = await run(["edit", ...common, file]);
  assert.equal(h.code, 1);
  assert.match(h.stderr, /needs access_seat and gateway_seat columns/);

  const m = await run(["edit", ...common, join(dir, "does-not-exist.csv")]);
  assert.equal(m.code, 1);
  assert.match(m.stderr, /^error: cannot read .*ENOENT$/m);
  assert.deepEqual(await patches(), []);
});

// ---------- remove ----------

test("remove: found users lose both seats; missing ones are reported", async () => {
  const dry = await run(["remove", ...common, "--email", "idle@example.com", "--email", "ghost@example.com,IDLE-ACCESS@example.com"]);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /^not found\s+ghost@example\.com$/m);
  assert.match(dry.stdout, /^remove\s+idle@example\.com\s+seat-2\s+access\+gateway$/m);
  assert.match(dry.stdout, /^remove\s+idle-access@example\.com\s+seat-3\s+access$/m);
  assert.match(dry.stdout, /^3 emails: 2 seats to remove, 1 not found, 0 without a seat$/m);
  assert.match(dry.stderr, /^warning: no user has email ghost@example\.com$/m);
  assert.match(dry.stdout, /^dry run: nothing sent/m);
  assert.deepEqual(await patches(), []);

  const r = await run(["remove", ...common, "--email", "idle@example.com", "--email", "ghost@example.com", "--email", "seatless@example.com", "--apply", "--yes"]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^skip: no seat\s+seatless@example\.com/m);
  assert.match(r.stdout, /^applied: 1 seat changed$/m);
  assert.deepEqual(JSON.parse((await patches())[0].body), [{ seat_uid: "seat-2", access_seat: false, gateway_seat: false }]);
  const seats = await seatMap();
  assert.equal(seats.has("seat-2"), false);
  assert.equal(seats.size, 8);
});

test("remove: an email held by a case-twin pair is refused, exit 1, nothing sent", async () => {
  const r = await run(["remove", ...common, "--email", "pat.twin@example.com", "--email", "idle@example.com", "--apply", "--yes"]);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /^ambiguous: pat\.twin@example\.com is held by 2 users: Pat\.Twin@example\.com \(seat seat-8\), pat\.twin@example\.com \(seat seat-9\)$/m);
  assert.match(r.stderr, /^error: 1 email is held by more than one user, nothing sent: pat\.twin@example\.com/m);
  assert.deepEqual(await patches(), []);
  // The demo account's twins too.
  const d = await run(["remove", "--account", DEMO_ACCOUNT_ID, "--email", "dana.lee@example.com"]);
  assert.equal(d.code, 1);
  assert.match(d.stderr, /Dana\.Lee@example\.com/);
});

// ---------- usage, errors, help ----------

test("bad usage: exit 2 with the usage text on stderr, nothing sent", async () => {
  const cases = [
    [["users", ...common, "--bogus"], /^error: Unknown option '--bogus'/, /Usage: zero-trust-seats users/],
    [["users"], /^error: --account is required \(or set CLOUDFLARE_ACCOUNT_ID\)$/m, /Usage: zero-trust-seats users/],
    [["users", ...common, "--token", "abc"], /^error: --token: credentials are never taken from flags/, /CLOUDFLARE_API_TOKEN/],
    [["remove", ...common, "--email", "a@x.com", "--api-key=abc"], /^error: --api-key: credentials are never taken from flags/, /Usage: zero-trust-seats remove/],
    [["users", ...common, "--format", "xml"], /^error: --format must be table, csv, json, not "xml"$/m, /Usage/],
    [["users", ...common, "--email", "a", "--search", "b"], /cannot be combined/, /Usage/],
    [["reclaim", ...common], /^error: --inactive-days is required$/m, /Usage: zero-trust-seats reclaim/],
    [["reclaim", ...common, "--inactive-days", "0"], /--inactive-days must be a whole number from 1 to 3650/, /Usage/],
    [["reclaim", ...common, "--inactive-days", "9", "--seats", "both"], /--seats must be any, access, gateway/, /Usage/],
    [["reclaim", ...common, "--inactive-days", "9", "--as-of", "yesterday"], /--as-of must be/, /Usage/],
    [["reclaim", ...common, "--inactive-days", "9", "--yes"], /--yes only goes with --apply/, /Usage/],
    [["edit", ...common], /^error: FILE\.csv is required$/m, /Usage: zero-trust-seats edit/],
    [["remove", ...common], /^error: --email is required$/m, /Usage: zero-trust-seats remove/],
    [["users", ...common, "extra"], /Unexpected argument 'extra'/, /Usage/],
    [["frobnicate"], /^error: unknown command "frobnicate"$/m, /Commands:/],
    [[], /^error: a command is required$/m, /Commands:/],
  ];
  for (const [args, message, usage] of cases) {
    const r = await run(args);
    assert.equal(r.code, 2, `${args.join(" ")}: ${r.stderr}`);
    assert.match(r.stderr, message, args.join(" "));
    assert.match(r.stderr, usage, args.join(" "));
    assert.equal(r.stdout, "", args.join(" "));
  }
  assert.deepEqual(await requests(), []);
});

test("an API error: exit 1, one line, no stack trace", async () => {
  const r = await run(["users", ...common], { env: { CLOUDFLARE_API_TOKEN: "wrong-token-0123456789abcdef" } });
  assert.equal(r.code, 1);
  assert.equal(r.stdout, "");
  const errors = r.stderr.split("\n").filter(Boolean);
  assert.deepEqual(errors, ["error: PermissionDeniedError: 403 [10000] Authentication error"]);

  await control("POST", "/__standin/faults", { account: ACCOUNT, route: "seats", status: 403 });
  const a = await run(["remove", ...common, "--email", "idle@example.com", "--apply", "--yes"]);
  assert.equal(a.code, 1, "a single-batch failure changed nothing");
  assert.match(a.stderr, /^error: PermissionDeniedError: 403 \[10000\] /m);
  assert.doesNotMatch(a.stderr, /\n\s+at /);
  assert.equal((await seatMap()).has("seat-2"), true);

  // Legacy key credentials are read from the environment too.
  const k = await run(["users", ...common, "--format", "json"], {
    env: { CLOUDFLARE_API_TOKEN: "", CLOUDFLARE_EMAIL: "admin@example.com", CLOUDFLARE_API_KEY: "0123456789abcdef0123456789abcdef01234" },
  });
  assert.equal(k.code, 0, k.stderr);
  assert.equal(JSON.parse(k.stdout).length, USERS.length);
});

test("--help on every command and at the top: usage on stdout, exit 0", async () => {
  const top = await run(["--help"]);
  assert.equal(top.code, 0);
  assert.match(top.stdout, /^Usage: zero-trust-seats <command> \[options\]/);
  for (const command of ["users", "reclaim", "edit", "remove"]) {
    for (const args of [[command, "--help"], [command, "-h"], ["help", command], [command, "--account", "x", "--bogus", "--help"]]) {
      const r = await run(args);
      assert.equal(r.code, 0, args.join(" "));
      assert.match(r.stdout, new RegExp(`^Usage: zero-trust-seats ${command} --account ID`), args.join(" "));
      assert.equal(r.stderr, "");
    }
  }
  const reclaim = await run(["reclaim", "--help"]);
  for (const flag of ["--inactive-days", "--seats", "--keep", "--never-active", "--as-of", "--report", "--apply", "--yes"]) {
    assert.ok(reclaim.stdout.includes(flag), flag);
  }
  assert.deepEqual(await requests(), []);
});

test("pkg/package.json: bin points at the shipped cli.mjs", () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, "pkg", "package.json"), "utf8"));
  assert.deepEqual(manifest.bin, { "zero-trust-seats": "./cli.mjs" });
  assert.ok(manifest.files.includes("cli.mjs"));
  assert.match(readFileSync(CLI, "utf8"), /^#!\/usr\/bin\/env node\n/);
});
