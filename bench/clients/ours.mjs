// Contender 3: this package (release build, wasm-opt) through its Node ESM entry, node.mjs.
// The runner passes BENCH_PKG_URL, a snapshot of ../../pkg taken when the run starts, so a rebuild
// of pkg/ during a run cannot mix builds; alone, this file uses ../../pkg itself.
import { run, baseUrl } from "./harness.mjs";
import { TOKEN } from "../config.mjs";

run(async () => {
  const pkg = process.env.BENCH_PKG_URL || new URL("../../pkg/", import.meta.url).href;
  const { Client } = await import(new URL("node.mjs", pkg));
  const client = new Client({ apiToken: TOKEN, baseUrl: baseUrl(), maxRetries: 0 });
  return async (accountId, body) => {
    const page = await client.editSeats(accountId, body);
    return page.result;
  };
});
