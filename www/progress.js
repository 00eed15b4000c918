// The progress indicator of a running edit, with a Cancel button (the package's `signal`).
//
// A one-request edit shows an indeterminate bar; a batched one (large pastes) passes `update` as
// the package's `onProgress`, which makes the same bar determinate, counted in seats. While the
// package paces requests by the rate limit, the line says so and for how long.

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

  /**
   * `unit`: what is counted ("seats sent", "users listed"); without a total the bar stays
   * indeterminate. `waiting` (ms) is the package's pacing: the next request waits for the rate limit.
   */
  function update({ done, total, waiting }, unit = "seats sent") {
    let counts = `${formatCount(done)} ${unit}`;
    if (Number.isFinite(total) && total > 0) {
      bar.max = total;
      bar.value = done;
      counts = `${formatCount(done)} of ${formatCount(total)} ${unit}`;
    } else {
      bar.removeAttribute("value");
      bar.removeAttribute("max");
    }
    text.textContent = Number.isFinite(waiting)
      ? `${counts}; waiting ${waitText(waiting)} for the API's rate limit (1,200 requests per 5 minutes)…`
      : `${counts}…`;
  }

  /** "about 12 s" / "about 2 min": the wait as a person reads it. */
  function waitText(ms) {
    const seconds = Math.max(1, Math.ceil(ms / 1000));
    return seconds < 120 ? `about ${seconds} s` : `about ${Math.ceil(seconds / 60)} min`;
  }

  function stop() {
    controller = null;
    section.hidden = true;
    section.removeAttribute("aria-busy");
  }

  return { start, update: (p) => update(p), count: update, stop };
}
