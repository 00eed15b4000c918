// The progress indicator of a running edit, with a Cancel button (the package's `signal`).
//
// A one-request edit shows an indeterminate bar; a batched one (large pastes) passes `update` as
// the package's `onProgress`, which makes the same bar determinate, counted in seats.

import { $, formatCount } from "./dom.js";

export function createProgress() {
  const section = $("progress");
  const bar = $("progress-bar");
  const text = $("progress-text");
  const cancel = $("cancel");
  let controller = null;

  cancel.addEventListener("click", () => {
    controller?.abort();
    text.textContent = "Cancelling…";
  });

  /** Shows the indicator; returns the AbortSignal the call should honour. */
  function start(message) {
    controller = new AbortController();
    bar.removeAttribute("value"); // indeterminate
    bar.removeAttribute("max");
    text.textContent = message;
    cancel.disabled = false;
    section.hidden = false;
    section.setAttribute("aria-busy", "true");
    cancel.focus();
    return controller.signal;
  }

  /** `unit`: what is counted ("seats sent", "users listed"); without a total the bar stays indeterminate. */
  function update({ done, total }, unit = "seats sent") {
    if (Number.isFinite(total) && total > 0) {
      bar.max = total;
      bar.value = done;
      text.textContent = `${formatCount(done)} of ${formatCount(total)} ${unit}…`;
    } else {
      bar.removeAttribute("value");
      bar.removeAttribute("max");
      text.textContent = `${formatCount(done)} ${unit}…`;
    }
  }

  function stop() {
    controller = null;
    section.hidden = true;
    section.removeAttribute("aria-busy");
  }

  return { start, update: (p) => update(p), count: update, stop };
}
