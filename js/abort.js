// A call's abort wiring in plain JS callbacks: a Rust closure handed to JS costs a
// FinalizationRegistry entry and its removal (~7 µs of a 1-seat call apiece), and these two are
// made on every attempt. No decision is made here: src/wasm/timer.rs owns them and cleans up.

/** Aborts `controller` after `ms` milliseconds; the timer's id, for clearTimeout. */
export function abortAfter(controller, ms) {
  return setTimeout(() => controller.abort(), ms);
}

/** Aborts `controller` when `signal` fires; the listener, for removeEventListener. */
export function abortWith(signal, controller) {
  const listener = () => controller.abort();
  signal.addEventListener("abort", listener, { once: true });
  return listener;
}
