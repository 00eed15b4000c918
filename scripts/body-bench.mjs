// How long reading, checking and sending a body takes inside the package, without a network:
// `validateEdits` and `editSeats` (with a `fetch` that answers at once) for 1 and 10,000 seats,
// next to "raw" (JSON.stringify + the same fetch + res.json()). Prints medians of CPU time
// (process.cpuUsage, user + system) per call in ms. Used for docs/body-snapshot.md.
//   node scripts/body-bench.mjs [pkg-dir]     (default: pkg/)
import { pathToFileURL } from "node:url";
import { resolve } from "node:path";

const dir = resolve(process.argv[2] ?? "pkg");
const { editSeats, validateEdits } = await import(pathToFileURL(`${dir}/node.mjs`).href);

const ACCOUNT = "699d98642c564d2e855e9661899b7252";
const uid = (i) => `f174e90a-fafe-4643-bbbc-${String(i).padStart(12, "0")}`;
const body = (n) => Array.from({ length: n }, (_, i) => ({ seat_uid: uid(i), access_seat: true, gateway_seat: i % 2 === 0 }));

/** A fetch that answers at once with the API's success envelope for `n` seats. */
function fetchFor(n) {
  const result = body(n).map((s) => ({ ...s, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" }));
  const text = JSON.stringify({ success: true, errors: [], messages: [], result });
  const headers = { get: (name) => (name === "content-type" ? "application/json" : null) };
  return async (_url, init) => {
    void init.body.length;
    return { status: 200, headers, text: async () => text, json: async () => JSON.parse(text) };
  };
}

async function cpuMsAsync(fn) {
  const start = process.cpuUsage();
  await fn();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function measure(name, n, calls, once) {
  const edits = body(n);
  for (let i = 0; i < Math.min(calls, 20); i++) await once(edits); // warm-up
  const samples = [];
  for (let round = 0; round < 9; round++) {
    samples.push((await cpuMsAsync(async () => { for (let i = 0; i < calls; i++) await once(edits); })) / calls);
  }
  console.log(`${name.padEnd(24)} ${String(n).padStart(6)} seats: ${median(samples).toFixed(4)} ms/call (median of 9 × ${calls})`);
}

for (const [n, calls] of [[1, 2000], [10_000, 5]]) {
  const fetch = fetchFor(n);
  const options = { apiToken: "test-token-0123456789abcdef", baseUrl: "http://127.0.0.1:9/client/v4", maxRetries: 0, fetch };
  await measure("raw", n, calls, async (edits) => {
    const res = await fetch(`http://127.0.0.1:9/client/v4/accounts/${ACCOUNT}/access/seats`, { method: "PATCH", body: JSON.stringify(edits) });
    await res.json();
  });
  await measure("validateEdits", n, calls, (edits) => validateEdits(edits));
  await measure("editSeats", n, calls, (edits) => editSeats(ACCOUNT, edits, options));
}
