// Where a fresh process's first bulk call spends its CPU, by phase: before `fetch` is called
// (packing, checking and writing the body), from `fetch` to the answer's text, and after it
// (parsing, the page). Each client runs in a fresh process per round, the clients alternating:
//
//   node bench/first-call.mjs [rounds=8] [seats=10000] [pause=0] <raw|pkg dir>...
//   NODE_FLAGS="--liftoff-only" node bench/first-call.mjs 8 10000 500 raw pkg
//
// After a 1-seat warm-up call, each process waits `pause` ms before the timed call. With 0 it
// is the table's "1st of a fresh process" row, where V8's background compiles started by the
// warm-up (undici's llhttp) are billed to the call; a pause of ~500 ms lets them end first, so
// what is left is the client's own. The phases come from a `fetch` wrapper (given to ours as its
// `fetch` option; raw calls it directly) that marks when fetch is called and when the text
// arrives. CPU is the whole process (process.cpuUsage) and its main thread alone (Linux
// schedstat); `off` is the rest: V8's compilers and GC helpers. NODE_FLAGS go to each child.
// Prints per client the median of each figure over the rounds.

import { spawnSync } from "node:child_process";
import { resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { ACCOUNT_ID, TOKEN, edits } from "./config.mjs";
import { median } from "./figures.mjs";
import { startServerProcess } from "./server-process.mjs";
import { cpuMs, mainThreadMs } from "./clients/harness.mjs";

const SELF = fileURLToPath(import.meta.url);
const PHASES = ["before fetch", "fetch to text", "after text", "whole call"];

/** The child: one client, one warm-up, the pause, then one timed call; prints its marks. */
async function child(client, base, seats, pause) {
  const marks = [];
  const mark = () => marks.push({ cpu: cpuMs(process.cpuUsage()), main: mainThreadMs(), wall: performance.now() });
  const timedFetch = async (url, init) => {
    mark();
    const response = await globalThis.fetch(url, init);
    const text = response.text.bind(response);
    response.text = async () => {
      const body = await text();
      mark();
      return body;
    };
    response.json = async () => JSON.parse(await response.text());
    return response;
  };
  let edit;
  if (client === "raw") {
    const headers = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
    edit = async (body) => {
      const res = await timedFetch(`${base}/accounts/${ACCOUNT_ID}/access/seats`, { method: "PATCH", headers, body: JSON.stringify(body) });
      return (await res.json()).result;
    };
  } else {
    const { Client } = await import(pathToFileURL(resolve(client, "node.mjs")).href);
    const c = new Client({ apiToken: TOKEN, baseUrl: base, maxRetries: 0, fetch: timedFetch });
    edit = async (body) => (await c.editSeats(ACCOUNT_ID, body)).result;
  }
  await edit(edits(1));
  const body = edits(seats);
  if (pause > 0) await new Promise((r) => setTimeout(r, pause));
  marks.length = 0;
  mark();
  const result = await edit(body);
  mark();
  if (result.length !== seats || marks.length !== 4) throw new Error(`expected ${seats} seats and 4 marks`);
  const [start, fetched, texted, end] = marks;
  const span = (a, b) => ({ cpu: b.cpu - a.cpu, main: b.main - a.main, wall: b.wall - a.wall });
  const phases = [span(start, fetched), span(fetched, texted), span(texted, end), span(start, end)];
  console.log(JSON.stringify(phases));
}

if (process.env.FIRST_CALL_CHILD) {
  const [client, base, seats, pause] = process.argv.slice(2);
  await child(client, base, Number(seats), Number(pause));
} else {
  const args = process.argv.slice(2);
  const numbers = args.filter((a) => /^\d+$/.test(a)).map(Number);
  const clients = args.filter((a) => !/^\d+$/.test(a));
  const [rounds = 8, seats = 10_000, pause = 0] = numbers;
  if (clients.length === 0) {
    process.stderr.write("usage: node bench/first-call.mjs [rounds=8] [seats=10000] [pause=0] <raw|pkg dir>...\n");
    process.exit(2);
  }
  const flags = (process.env.NODE_FLAGS ?? "").split(" ").filter(Boolean);
  const server = await startServerProcess();
  const runs = new Map(clients.map((c) => [c, []]));
  try {
    for (let r = 0; r < rounds; r++) {
      for (const client of r % 2 ? [...clients].reverse() : clients) {
        const out = spawnSync(process.execPath, [...flags, SELF, client, server.url, String(seats), String(pause)], {
          encoding: "utf8",
          env: { ...process.env, FIRST_CALL_CHILD: "1" },
        });
        if (out.status !== 0) throw new Error(`${client}: ${out.stderr}`);
        runs.get(client).push(JSON.parse(out.stdout.trim().split("\n").pop()));
      }
    }
  } finally {
    server.stop();
  }
  console.log(`first ${seats}-seat call after a ${pause} ms pause, ${rounds} fresh processes each${flags.length ? ` (${flags.join(" ")})` : ""}; medians, ms:`);
  for (const [client, list] of runs) {
    const cells = PHASES.map((name, i) => {
      const m = (key) => median(list.map((p) => (key === "off" ? p[i].cpu - p[i].main : p[i][key]))).toFixed(1);
      return `${name}: cpu ${m("cpu")} main ${m("main")} off ${m("off")} wall ${m("wall")}`;
    });
    console.log(`  ${client}\n    ${cells.join("\n    ")}`);
  }
}
