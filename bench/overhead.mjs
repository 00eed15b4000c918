// A client's own cost per call, without the network: each contender gets a `fetch` that answers at
// once with a canned success envelope (a real `Response`), so what is left is building the request,
// checking it, and reading the answer. Raw fetch's figure is JSON.stringify + new Response + json();
// the difference between a contender and raw is that contender's layer. One fresh process each.
//
//   node bench/overhead.mjs [seats=1] [calls=5000]
//
// This explains the per-call CPU rows of the table (whose raw figure adds undici's real work on
// top): the 1.10× target leaves a contender 10 % of raw fetch's real per-call CPU.

import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const seats = Number(process.argv[2] ?? 1);
const calls = Number(process.argv[3] ?? 5000);
const child = process.env.BENCH_OVERHEAD_CHILD;

if (!child) {
  const self = fileURLToPath(import.meta.url);
  console.log(`client-side CPU per call with a canned fetch (no network), ${seats} seat(s), ${calls} calls, fresh process each:`);
  const results = {};
  for (const contender of ["raw", "sdk", "ours"]) {
    const r = spawnSync(process.execPath, [self, String(seats), String(calls)], {
      env: { ...process.env, BENCH_OVERHEAD_CHILD: contender },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`${contender}: ${r.stderr}`);
    results[contender] = JSON.parse(r.stdout);
  }
  for (const [c, r] of Object.entries(results)) {
    const extra = c === "raw" ? "" : `  (+${(r.cpuPerCallUs - results.raw.cpuPerCallUs).toFixed(0)} µs over raw)`;
    console.log(`  ${c.padEnd(5)} ${r.cpuPerCallUs.toFixed(1).padStart(9)} µs CPU/call${extra}`);
  }
} else {
  const { ACCOUNT_ID, TOKEN, edits } = await import("./config.mjs");
  const base = "http://127.0.0.1:9/client/v4";
  const body = edits(seats);
  const text = JSON.stringify({
    success: true,
    errors: [],
    messages: [],
    result: body.map((e) => ({ ...e, created_at: "2026-01-01T00:00:00Z", updated_at: "2026-01-01T00:00:00Z" })),
    result_info: { count: seats, page: 1, per_page: seats, total_count: seats, total_pages: 1 },
  });
  const headers = { "content-type": "application/json; charset=utf-8", "cf-ray": "0123456789abcdef-BEN" };
  const canned = async (input, init) => {
    if (init?.body != null && typeof init.body !== "string") await new Response(init.body).text();
    return new Response(text, { status: 200, headers });
  };
  let edit;
  if (child === "raw") {
    edit = async () => {
      const res = await canned(`${base}/accounts/${ACCOUNT_ID}/access/seats`, {
        method: "PATCH",
        headers: { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" },
        body: JSON.stringify(body),
      });
      const json = await res.json();
      if (!res.ok || !json.success) throw new Error("bad");
      return json.result;
    };
  } else if (child === "sdk") {
    const { default: Cloudflare } = await import("cloudflare");
    const client = new Cloudflare({ apiToken: TOKEN, baseURL: base, maxRetries: 0, fetch: canned });
    edit = async () => (await client.zeroTrust.seats.edit({ account_id: ACCOUNT_ID, body })).result;
  } else {
    const { Client } = await import(new URL("node.mjs", process.env.BENCH_PKG_URL || new URL("../pkg/", import.meta.url)));
    const client = new Client({ apiToken: TOKEN, baseUrl: base, maxRetries: 0, fetch: canned });
    edit = async () => (await client.editSeats(ACCOUNT_ID, body)).result;
  }
  for (let i = 0; i < Math.min(calls, 1000); i++) await edit();
  const c0 = process.cpuUsage();
  for (let i = 0; i < calls; i++) {
    if ((await edit()).length !== seats) throw new Error("wrong result");
  }
  const c = process.cpuUsage(c0);
  process.stdout.write(JSON.stringify({ cpuPerCallUs: (c.user + c.system) / calls }));
}
