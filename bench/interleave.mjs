// CPU per 1-seat call of several clients in ONE process, in interleaved blocks, against the bench
// server: the A/B for a change to the per-call path. Fresh processes (the table's seq row) differ
// by ±100 µs a call from one run to the next on a shared machine, more than most changes are
// worth; here every block of A is followed by a block of B under the same load, so the machine's
// drift cancels out.
//
//   node bench/interleave.mjs [blocks=30] [calls=200] <client>...
//
// A client is `raw` (the global fetch, JSON.stringify and res.json(), as bench/clients/raw.mjs),
// or a directory holding a build of pkg/ (its node.mjs is loaded; e.g. `pkg`, or a copy of an
// older build), named by its path. Each runs 300 untimed calls first; then `blocks` rounds run
// `calls` calls of each client, the order reversed every other round. Prints per client the
// median and mean CPU per call (µs) over the blocks, and its ratio to the first client's.
// CPU is process.cpuUsage() (every thread), as in the table; both clients' garbage is collected
// in whichever block it falls, one reason to compare means as well as medians.

import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ACCOUNT_ID, TOKEN, edits } from "./config.mjs";
import { median } from "./figures.mjs";
import { startServerProcess } from "./server-process.mjs";

const args = process.argv.slice(2);
const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
const names = args.filter((a) => !/^\d+$/.test(a));
const [blocks = 30, calls = 200] = numbers;
if (names.length === 0) {
  process.stderr.write("usage: node bench/interleave.mjs [blocks=30] [calls=200] <raw|pkg dir>...\n");
  process.exit(2);
}

function rawClient(base) {
  const headers = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
  const url = `${base}/accounts/${ACCOUNT_ID}/access/seats`;
  return async (body) => {
    const res = await fetch(url, { method: "PATCH", headers, body: JSON.stringify(body) });
    const json = await res.json();
    if (!res.ok || !json.success) throw new Error(`HTTP ${res.status}`);
    return json.result;
  };
}

async function packageClient(dir, base) {
  const { Client } = await import(pathToFileURL(resolve(dir, "node.mjs")).href);
  const client = new Client({ apiToken: TOKEN, baseUrl: base, maxRetries: 0 });
  return async (body) => (await client.editSeats(ACCOUNT_ID, body)).result;
}

const cpuUs = () => {
  const u = process.cpuUsage();
  return u.user + u.system;
};

async function runBlock(edit, body, n) {
  const start = cpuUs();
  for (let i = 0; i < n; i++) {
    const seats = await edit(body);
    if (seats.length !== 1) throw new Error(`expected 1 seat back, got ${seats.length}`);
  }
  return (cpuUs() - start) / n;
}

const server = await startServerProcess();
try {
  const clients = [];
  for (const name of names) clients.push({ name, edit: name === "raw" ? rawClient(server.url) : await packageClient(name, server.url), perCall: [] });
  const one = edits(1);
  for (const c of clients) await runBlock(c.edit, one, 300);
  for (let b = 0; b < blocks; b++) {
    for (const c of b % 2 ? [...clients].reverse() : clients) c.perCall.push(await runBlock(c.edit, one, calls));
  }
  const mean = (xs) => xs.reduce((a, x) => a + x, 0) / xs.length;
  const first = clients[0];
  console.log(`CPU per 1-seat call, ${blocks} interleaved blocks of ${calls} calls, one process:`);
  for (const c of clients) {
    const ratio = `${(median(c.perCall) / median(first.perCall)).toFixed(2)}× / ${(mean(c.perCall) / mean(first.perCall)).toFixed(2)}×`;
    console.log(`  ${c.name.padEnd(24)} median ${median(c.perCall).toFixed(1).padStart(7)} µs  mean ${mean(c.perCall).toFixed(1).padStart(7)} µs  vs ${first.name}: ${ratio}`);
  }
} finally {
  server.stop();
}
