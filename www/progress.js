// The progress indicator of a running edit, with a Cancel button (the package's `signal`).
//
// A one-request edit shows an indeterminate bar; a batched one (large pastes) passes `update` as
// the package's `onProgress`, which makes the same bar determinate, counted in seats. While the
// package paces requests by the rate limit, the line says so and for how long.

import { $, formatCount } from "./dom.js";

/** `currentLimit`: the running client's latest `rateLimit` view (for the policy it names). */
export function createProgress({ currentLimit = () => undefined } = {}) {
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
   * indeterminate. `waiting` (ms) is the package's pacing: the next request waits for the rate
   * limit, whose policy `limit` (the client's `rateLimit`, when the API gave one) names.
   */
  function update({ done, total, waiting }, unit = "seats sent", limit = currentLimit()) {
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
      ? `${counts}; waiting ${waitText(waiting)} for the API's rate limit${policyText(limit)}…`
      : `${counts}…`;
  }

  /** " (1,200 requests per 5 min)" from a rateLimit view that knows its policy; "" otherwise. */
  function policyText(view) {
    if (!Number.isFinite(view?.limit) || !Number.isFinite(view?.windowMs)) return "";
    const seconds = Math.round(view.windowMs / 1000);
    const window = seconds % 60 === 0 && seconds >= 60 ? `${seconds / 60} min` : `${seconds} s`;
    return ` (${formatCount(view.limit)} requests per ${window})`;
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
