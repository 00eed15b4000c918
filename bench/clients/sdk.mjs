// Contender 2: the official SDK, npm package `cloudflare` (pinned in bench/package.json). Lists
// use its documented auto-pagination (`for await` over the items of `list()`); it has no planner.
import { run, baseUrl } from "./harness.mjs";
import { TOKEN } from "../config.mjs";

const PER_PAGE = 1000;

async function collect(list) {
  const all = [];
  for await (const item of list) all.push(item);
  return all;
}

run(async () => {
  const { default: Cloudflare } = await import("cloudflare");
  const client = new Cloudflare({ apiToken: TOKEN, baseURL: baseUrl(), maxRetries: 0 });
  return {
    async edit(accountId, body) {
      const page = await client.zeroTrust.seats.edit({ account_id: accountId, body });
      return page.result;
    },
    listUsers: (accountId) => collect(client.zeroTrust.access.users.list({ account_id: accountId, per_page: PER_PAGE })),
    listDevices: (accountId) => collect(client.zeroTrust.devices.registrations.list({ account_id: accountId, per_page: PER_PAGE })),
  };
});
