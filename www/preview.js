// The preview of a checked edit, and the confirmation that removals need.
//
// A preview is a snapshot: Apply sends exactly the body that was counted, and any change to the
// text or the connection hides it, so what was confirmed is what is sent.

import { $, formatCount, plural } from "./dom.js";

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
    panel.hidden = false;
  }

  function hide() {
    panel.hidden = true;
    if (dialog.open) dialog.close("cancel");
  }

  /** Resolves true only when the admin confirms, in a modal that states the number. */
  function confirmRemoval(counts) {
    $("confirm-title").textContent = `Remove ${plural(counts.removed, "seat")}?`;
    const others = counts.total - counts.removed;
    $("confirm-text").textContent =
      `${loseAccess(counts.removed)} (no Access and no Gateway seat).` +
      (others > 0 ? ` The other ${plural(others, "edit")} ${others === 1 ? "is" : "are"} applied in the same request.` : "");
    $("confirm").textContent = `Remove ${plural(counts.removed, "seat")}`;
    dialog.returnValue = "";
    return new Promise((resolve) => {
      dialog.addEventListener("close", () => resolve(dialog.returnValue === "confirm"), { once: true });
      dialog.showModal(); // Escape cancels; the focus starts on Cancel
    });
  }

  return { show, hide, confirmRemoval };
}

function loseAccess(n) {
  return `${plural(n, "seat")} ${n === 1 ? "loses" : "lose"} access`;
}
