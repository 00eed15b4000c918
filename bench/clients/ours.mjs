// Contender 3: this package (release build, wasm-opt) through its Node ESM entry, node.mjs.
// The runner passes BENCH_PKG_URL, a snapshot of ../../pkg taken when the run starts, so a rebuild
// of pkg/ during a run cannot mix builds; alone, this file uses ../../pkg itself.
import { run, baseUrl } from "./harness.mjs";
import { TOKEN } from "../config.mjs";

const PER_PAGE = 1000;
// The planning scenario's policy (bench/README.md): data.mjs's NOW, not imported (see raw.mjs).
const POLICY = { now: "2026-06-01T00:00:00Z", inactiveDays: 90, keep: ["@contractors.example"] };

run(async () => {
  const pkg = process.env.BENCH_PKG_URL || new URL("../../pkg/", import.meta.url).href;
  const { Client, planReclaim } = await import(new URL("node.mjs", pkg));
  const client = new Client({ apiToken: TOKEN, baseUrl: baseUrl(), maxRetries: 0 });
  return {
    async edit(accountId, body) {
      const page = await client.editSeats(accountId, body);
      return page.result;
    },
    listUsers: (accountId) => client.listUsers(accountId, { perPage: PER_PAGE }),
    listDevices: (accountId) => client.listDeviceRegistrations(accountId, { perPage: PER_PAGE }),
    // The lists as listUsers/listDeviceRegistrations would give them: parsed from the page texts.
    prepareReclaim({ userPages, devicePages }) {
      const users = userPages.flatMap((text) => JSON.parse(text).result);
      const devices = devicePages.flatMap((text) => JSON.parse(text).result);
      return () => planReclaim({ users, devices, ...POLICY }).summary.users;
    },
  };
});
