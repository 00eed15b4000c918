// The preview of a checked edit, and the confirmation that removals need.
//
// A preview is a snapshot: Apply sends exactly the body that was counted, and any change to the
// text or the connection hides it, so what was confirmed is what is sent.

import { $, el, formatCount, plural } from "./dom.js";
import { EFFECT_TEXT } from "./people.js";

/** Drawn people in the preview; the counts and the report cover all of them. */
export const MAX_PREVIEW_PEOPLE = 200;

export function createPreview() {
  const panel = $("preview-panel");
  const dialog = $("confirm-dialog");
  $("confirm").addEventListener("click", () => dialog.close("confirm"));
  $("confirm-cancel").addEventListener("click", () => dialog.close("cancel"));

  function show(snapshot) {
    const { counts, accountId, baseUrl } = snapshot;
    $("preview-target").textContent = `${plural(counts.total, "seat edit")} for account ${accountId}, sent to ${baseUrl}.`;
    $("count-kept").textContent = formatCount(counts.kept);
    $("count-changed").textContent = formatCount(counts.changed);
    $("count-changed-detail").textContent = `${formatCount(counts.accessOnly)} Access only, ${formatCount(counts.gatewayOnly)} Gateway only`;
    $("count-removed").textContent = formatCount(counts.removed);
    const warning = $("preview-warning");
    warning.hidden = counts.removed === 0;
    warning.textContent = `${loseAccess(counts.removed)}: their users keep neither an Access nor a Gateway seat. You will be asked to confirm.`;
    $("apply").textContent = counts.removed > 0 ? `Apply, removing ${plural(counts.removed, "seat")}…` : `Apply ${plural(counts.total, "edit")}`;
    showPeople(snapshot.people ?? []);
    panel.hidden = false;
  }

  /** Who loses which seat, by name and email, when the seats belong to loaded users. */
  function showPeople(people) {
    const box = $("preview-people");
    box.hidden = people.length === 0;
    if (people.length === 0) return;
    const c = peopleCounts(people);
    $("preview-people-counts").textContent =
      `${plural(people.length, "user")}: ${plural(c.access, "user loses", "users lose")} access (both seats), ` +
      `${formatCount(c["access-seat"])} lose${c["access-seat"] === 1 ? "s" : ""} only the Access seat, ` +
      `${formatCount(c["gateway-seat"])} lose${c["gateway-seat"] === 1 ? "s" : ""} only the Gateway seat` +
      (c.other > 0 ? `, ${formatCount(c.other)} other` : "") + ".";
    const drawn = people.slice(0, MAX_PREVIEW_PEOPLE);
    $("preview-users").tBodies[0].replaceChildren(
      ...drawn.map((p) =>
        el(
          "tr",
          { "data-testid": "preview-user", "data-email": p.email, "data-loses": p.loses, class: p.loses === "access" ? "removed" : null },
          el("td", { class: "uid name", text: p.name }),
          el("td", { class: "email", text: p.email }),
          el("td", { class: "outcome", "data-label": "Change:", text: EFFECT_TEXT[p.loses] ?? p.loses }),
          el("td", { class: "outcome", "data-label": "Reason:", text: p.reason }),
        ),
      ),
    );
    $("preview-people-note").textContent =
      drawn.length < people.length ? `The table shows the first ${formatCount(drawn.length)} of ${formatCount(people.length)}; the report has all.` : "";
  }

  function hide() {
    panel.hidden = true;
    if (dialog.open) dialog.close("cancel");
  }

  /** Resolves true only when the admin confirms, in a modal that states the number. */
  function confirmRemoval(counts, people = [], batched = false) {
    $("confirm-title").textContent = `Remove ${plural(counts.removed, "seat")}?`;
    const others = counts.total - counts.removed;
    const where = batched ? "in the same run" : "in the same request";
    let text =
      `${loseAccess(counts.removed)} (no Access and no Gateway seat).` +
      (others > 0 ? ` The other ${plural(others, "edit")} ${others === 1 ? "is" : "are"} applied ${where}.` : "");
    if (people.length > 0) {
      const c = peopleCounts(people);
      text +=
        ` ${plural(c.access, "user loses", "users lose")} access; ` +
        `${formatCount(c["access-seat"] + c["gateway-seat"])} more lose${c["access-seat"] + c["gateway-seat"] === 1 ? "s" : ""} one seat type.`;
    }
    $("confirm-text").textContent = text;
    $("confirm").textContent = `Remove ${plural(counts.removed, "seat")}`;
    dialog.returnValue = "";
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
      dialog.showModal(); // Escape cancels; the focus starts on Cancel
    });
  }

  return { show, hide, confirmRemoval };
}

function peopleCounts(people) {
  const c = { access: 0, "access-seat": 0, "gateway-seat": 0, other: 0 };
  for (const p of people) {
    if (p.loses in c) c[p.loses]++;
    else c.other++;
  }
  return c;
}

function loseAccess(n) {
  return `${plural(n, "seat")} ${n === 1 ? "loses" : "lose"} access`;
}
