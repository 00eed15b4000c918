// One attempt's wiring in plain JS callbacks: each Rust closure handed to JS costs a
// FinalizationRegistry entry and its removal (~7 µs of a 1-seat call apiece), and these are made
// on every attempt. No decision is made here: src/wasm/transport.rs and src/wasm/timer.rs own
// what these return, check it and clean up.

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

/**
 * `fetch(url, init)`, then the answer's `text()`, as one promise (one await on the wasm side
 * instead of two): `[response, text, false]`, or `[response, error, true]` when reading the text
 * failed — even when `response` is no Response at all, which wasm then names. A fetch that
 * throws or rejects rejects it.
 */
export function fetchText(fetch, url, init) {
  return Promise.resolve(fetch.call(globalThis, url, init)).then((response) => {
    try {
      return Promise.resolve(response.text()).then(
        (text) => [response, text, false],
        (error) => [response, error, true],
      );
    } catch (error) {
      return [response, error, true];
    }
  });
}
