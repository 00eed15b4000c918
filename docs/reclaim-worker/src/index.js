// A Cloudflare Worker that takes back idle Zero Trust seats once a day, on a cron trigger
// (wrangler.toml: [triggers] crons). Each run lists every user and every device registration
// of ACCOUNT_ID, plans with the package's reclaim rules and — only with APPLY = "true" — sends
// the edits. Without APPLY it is a dry run: the same lists and plan, no PATCH.
//
// Settings (wrangler.toml [vars], secrets with `wrangler secret put`):
//   ACCOUNT_ID            the account (required)
//   INACTIVE_DAYS         inactive for more than this many days, 1 to 3650 (required)
//   KEEP                  comma-separated emails or "@domain"s never touched (optional)
//   APPLY                 "true" sends the edits; "false" or unset: dry run; anything else: an error
//   CLOUDFLARE_API_TOKEN  secret: the API token (see README.md for its permissions)
//   CLOUDFLARE_BASE_URL   optional; default https://api.cloudflare.com/client/v4
//   NOW                   optional, for tests: the moment judged (RFC 3339); default: the
//                         trigger's scheduled time
//
// Every run logs exactly one JSON line (Workers Logs / `wrangler tail`): the summary, or the
// error, and for a failure mid-apply what was and was not changed. The token is never logged.
import { Client, BulkEditError, ZeroTrustSeatsError } from "zero-trust-seats";

const MAX_LOGGED_SEATS = 2000;

export default {
  async scheduled(controller, env) {
    const started = Date.now();
    const line = { event: "reclaim-seats", cron: controller.cron, scheduledTime: isoTime(controller.scheduledTime) };
    try {
      const settings = readSettings(env, controller);
      Object.assign(line, {
        account: settings.accountId,
        apply: settings.apply,
        inactiveDays: settings.inactiveDays,
        keep: settings.keep.length,
        now: settings.now,
      });
      const client = new Client({ apiToken: env.CLOUDFLARE_API_TOKEN, baseUrl: env.CLOUDFLARE_BASE_URL || undefined });
      const report = await client.reclaimSeats(settings.accountId, {
        inactiveDays: settings.inactiveDays,
        keep: settings.keep,
        apply: settings.apply,
        now: settings.now,
      });
      Object.assign(line, {
        ok: true,
        summary: report.summary,
        edits: report.edits.length,
        applied: report.applied?.length ?? 0,
        ms: Date.now() - started,
      });
      console.log(JSON.stringify(line));
    } catch (err) {
      Object.assign(line, { ok: false, error: describe(err), ms: Date.now() - started });
      if (err instanceof BulkEditError) {
        // Exactly which seats changed before the failure: rerun (the plan is recomputed) or fix by hand.
        line.applied = err.applied.length;
        line.failed = err.failed.reduce((sum, batch) => sum + batch.edits.length, 0);
        line.notAttempted = err.notAttempted.length;
        // The seat_uids that changed, capped so the line stays within Workers Logs' limits.
        line.appliedSeats = err.applied.slice(0, MAX_LOGGED_SEATS).map((seat) => seat.seat_uid);
        if (err.applied.length > MAX_LOGGED_SEATS) line.appliedSeatsTruncated = true;
      }
      console.log(JSON.stringify(line));
      // Rethrown so the run is marked as failed in the dashboard's cron events.
      throw err;
    }
  },

  // No HTTP interface: a reclaim is started by the cron trigger only, never by a request.
  async fetch() {
    return new Response("this Worker runs on its cron trigger only\n", { status: 404 });
  },
};

/** The settings from `env`; throws a SettingsError naming the setting (never quoting a secret). */
function readSettings(env, controller) {
  const accountId = String(env.ACCOUNT_ID ?? "").trim();
  if (!accountId) throw new SettingsError("ACCOUNT_ID is not set");
  const days = String(env.INACTIVE_DAYS ?? "").trim();
  if (!/^[0-9]{1,4}$/.test(days)) throw new SettingsError("INACTIVE_DAYS must be a whole number of days (1 to 3650)");
  const keep = String(env.KEEP ?? "")
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  const apply = String(env.APPLY ?? "").trim().toLowerCase();
  if (!["", "false", "true"].includes(apply)) throw new SettingsError('APPLY must be "true" (apply) or "false" / unset (dry run)');
  if (!env.CLOUDFLARE_API_TOKEN) throw new SettingsError("CLOUDFLARE_API_TOKEN is not set: `wrangler secret put CLOUDFLARE_API_TOKEN`");
  const now = env.NOW ? String(env.NOW) : isoTime(controller.scheduledTime ?? Date.now());
  return { accountId, inactiveDays: Number(days), keep, apply: apply === "true", now };
}

class SettingsError extends Error {
  name = "SettingsError";
}

/** What the log says about an error: the package's typed fields, never a header or a secret. */
function describe(err) {
  const out = { name: err?.name ?? "Error", message: String(err?.message ?? err) };
  if (err instanceof ZeroTrustSeatsError) {
    for (const key of ["status", "field", "rayId", "attempts"]) {
      if (err[key] !== undefined && err[key] !== null) out[key] = err[key];
    }
    if (err instanceof BulkEditError && err.cause) out.cause = describe(err.cause);
  }
  return out;
}

function isoTime(ms) {
  return new Date(ms).toISOString();
}
