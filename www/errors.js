// Shows a failure the way the package reports it: the class, its one-line message, each
// `[code] message` with its documentation link, the ray ID and the other typed fields. Never a
// JSON dump: every value is a field read one by one and set as text.

import { $, el, formatCount } from "./dom.js";

/** A sentence on what to do next, per class; the most specific class of the error wins. */
const HINTS = new Map([
  ["ValidationError", () => "Nothing was sent."],
  ["ConnectionError", () => "Nothing was sent."],
  ["AuthenticationError", () => "The API did not accept the credentials. Nothing was changed."],
  ["PermissionDeniedError", () => "The credentials were refused for this account: check the token's permissions (Zero Trust / Access write). Nothing was changed."],
  ["RateLimitError", (err) => `Too many requests: wait${err.retryAfterMs ? ` ${Math.ceil(err.retryAfterMs / 1000)} s` : ""} and apply again.`],
  ["APIUserAbortError", () => "Cancelled. The request may still have reached the API: check the seats before applying again."],
  ["APIConnectionTimeoutError", () => "No answer in time. The edit may or may not have been applied."],
  ["APIConnectionError", (_, ctx) => `No answer from ${ctx.baseUrl}. The page can only reach its own server; to reach the real API, start the server in proxy mode.`],
  ["NotFoundError", () => "The account or a seat was not found; rows the API named are marked above."],
  ["InternalServerError", () => "The API failed; it is usually safe to apply the same edit again."],
  ["BulkEditError", () => "Part of the edit was applied: the results below are the seats the API confirmed."],
]);

export function createErrors() {
  const box = $("error");

  /** `context`: { baseUrl } for the hints. */
  function show(err, context = {}) {
    const name = typeof err?.name === "string" ? err.name : "Error";
    $("error-name").textContent = name;
    $("error-message").textContent = typeof err?.message === "string" ? err.message : String(err);
    $("error-list").replaceChildren(...apiErrors(err));
    $("error-details").replaceChildren(...details(err));
    $("error-hint").textContent = hintFor(err, context);
    $("bulk-people").hidden = true;
    box.hidden = false;
    box.scrollIntoView({ block: "nearest" });
    // Keyboard users land on it (a field named by the error takes the focus after this).
    $("error-name").focus({ preventScroll: true });
  }

  function hide() {
    box.hidden = true;
  }

  /**
   * A stopped batched edit, by person: `groups` is [{ title, people: [{ name, email }] }];
   * `canRetry` shows the retry button.
   */
  function showPeople(groups, canRetry) {
    $("bulk-list").replaceChildren(
      ...groups
        .filter((g) => g.people.length > 0)
        .map((g) =>
          el(
            "li",
            { "data-testid": `bulk-${g.kind}` },
            `${g.title} (${formatCount(g.people.length)}): `,
            g.people.slice(0, 50).map((p) => `${p.name || "?"} <${p.email || p.seat_uid}>`).join(", ") +
              (g.people.length > 50 ? `, and ${formatCount(g.people.length - 50)} more` : ""),
          ),
        ),
    );
    $("retry-failed").hidden = !canRetry;
    $("bulk-people").hidden = false;
  }

  return { show, hide, showPeople };
}

/** `[code] message`, with a link when the API gave an http(s) documentation URL. */
function apiErrors(err) {
  const list = Array.isArray(err?.errors) ? err.errors : [];
  return list.slice(0, 20).map((item) => {
    const text = `[${item?.code ?? "?"}] ${item?.message ?? ""}`;
    const url = safeUrl(item?.documentation_url);
    const pointer = item?.source?.pointer ? ` (at ${item.source.pointer})` : "";
    return el(
      "li",
      {},
      text + pointer,
      url ? [" ", el("a", { href: url, target: "_blank", rel: "noopener noreferrer", text: "Documentation" })] : null,
    );
  });
}

function safeUrl(value) {
  if (typeof value !== "string") return null;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : null;
  } catch {
    return null;
  }
}

function details(err) {
  const rows = [];
  if (Number.isInteger(err?.status)) rows.push(["Status", String(err.status)]);
  if (err?.rayId) rows.push(["Ray ID", String(err.rayId)]);
  if (err?.field) rows.push(["Field", String(err.field)]);
  if (Number.isInteger(err?.attempts) && err.attempts > 1) rows.push(["Attempts", String(err.attempts)]);
  if (Number.isFinite(err?.retryAfterMs)) rows.push(["Retry after", `${Math.ceil(err.retryAfterMs / 1000)} s`]);
  for (const item of Array.isArray(err?.messages) ? err.messages.slice(0, 5) : []) {
    rows.push(["Message", `[${item?.code ?? "?"}] ${item?.message ?? ""}`]);
  }
  // A batched edit that stopped (BulkEditError) accounts for every seat: say how many went where.
  if (Array.isArray(err?.applied)) rows.push(["Applied", `${formatCount(err.applied.length)} seats`]);
  if (Array.isArray(err?.failed)) {
    const seats = err.failed.reduce((sum, batch) => sum + (Array.isArray(batch?.edits) ? batch.edits.length : 0), 0);
    rows.push(["Failed", `${formatCount(seats)} seats in ${formatCount(err.failed.length)} batches`]);
  }
  if (Array.isArray(err?.notAttempted)) rows.push(["Not sent", `${formatCount(err.notAttempted.length)} seats`]);
  // The cause's class too: its message alone (`403 [10000] …`) does not say what it is.
  if (err?.cause?.message) rows.push(["Cause", `${err.cause.name ?? "Error"}: ${err.cause.message}`]);
  return rows.flatMap(([term, text]) => [el("dt", { text: term }), el("dd", { text })]);
}

function hintFor(err, context) {
  // Up the prototype chain, so a subclass without a hint of its own (a future class too) gets
  // its parent's.
  for (let proto = err, depth = 0; proto && depth < 10; proto = Object.getPrototypeOf(proto), depth++) {
    const hint = HINTS.get(proto.name);
    if (hint) return hint(err, context);
  }
  return "";
}
