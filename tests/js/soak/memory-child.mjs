// Child process of tests/js/memory.test.mjs (run with --expose-gc): `calls` sequential calls of
// the package against the stand-in at `url`, sampling memory after a full GC every `every` calls.
// Prints one JSON line per sample, then a summary line.
//
//   node --expose-gc tests/js/soak/memory-child.mjs <url> <account> <calls> <every>

import { loadWatched } from "../wasm-memory.mjs";

const [url, account, callsArg, everyArg] = process.argv.slice(2);
const calls = Number(callsArg);
const every = Number(everyArg);
const TOKEN = "test-token-0123456789abcdef";
const SEATS = 50; // the stand-in's seats of `account`: mem-0 … mem-49

// The memory of the instance node.mjs calls into (tests/js/wasm-memory.mjs says why not initSync's).
const { pkg, memory } = await loadWatched();
const { Client, NotFoundError, ValidationError, editSeats } = pkg;

if (typeof globalThis.gc !== "function") throw new Error("run with --expose-gc");

const client = new Client({ apiToken: TOKEN, baseUrl: url, maxRetries: 0 });
const FLAGS = [
  [true, true],
  [true, false],
  [false, true],
];

async function fullGc() {
  for (let i = 0; i < 3; i++) {
    globalThis.gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function sample(done) {
  await fullGc();
  const m = process.memoryUsage();
  const line = {
    calls: done,
    rss: m.rss,
    heapUsed: m.heapUsed,
    external: m.external,
    arrayBuffers: m.arrayBuffers,
    wasm: memory.buffer.byteLength,
  };
  process.stdout.write(`${JSON.stringify(line)}\n`);
}

/**
 * Call `i`: mostly a one-seat edit through the shared client; every 10th through the one-off
 * `editSeats`, every 25th a batched call (batchSize 1), every 20th an unknown seat (404), every
 * 50th an invalid body (ValidationError, nothing sent). All 1-seat calls, all sequential.
 */
async function call(i) {
  const [access_seat, gateway_seat] = FLAGS[i % 3];
  const seat = { seat_uid: `mem-${i % SEATS}`, access_seat, gateway_seat };
  if (i % 50 === 49) {
    try {
      await client.editSeats(account, [{ ...seat, acess_seat: true }]);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return "validation";
    }
    throw new Error("an invalid body was accepted");
  }
  if (i % 20 === 19) {
    try {
      await client.editSeats(account, [{ ...seat, seat_uid: `missing-${i}` }]);
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
      return "notFound";
    }
    throw new Error("an unknown seat was accepted");
  }
  let page;
  if (i % 25 === 24) page = await client.editSeats(account, [seat], { batchSize: 1, onProgress: () => {} });
  else if (i % 10 === 9) page = await editSeats(account, [seat], { apiToken: TOKEN, baseUrl: url, maxRetries: 0 });
  else page = await client.editSeats(account, [seat]);
  if (page.result[0]?.seat_uid !== seat.seat_uid || page.result[0].access_seat !== access_seat) {
    throw new Error(`call ${i}: unexpected page ${JSON.stringify(page)}`);
  }
  return "ok";
}

const counts = { ok: 0, notFound: 0, validation: 0 };
const started = Date.now();
await sample(0);
for (let i = 0; i < calls; i++) {
  counts[await call(i)]++;
  if ((i + 1) % every === 0) await sample(i + 1);
}
process.stdout.write(`${JSON.stringify({ summary: true, counts, durationMs: Date.now() - started })}\n`);
