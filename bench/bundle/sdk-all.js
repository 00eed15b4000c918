// A page that uses every endpoint the official SDK has for this job, contender 2: the seats
// edit and the two lists, auto-paginated (it has no planner).
import Cloudflare from "cloudflare";

export { edit } from "./sdk.js";

async function collect(list) {
  const all = [];
  for await (const item of list) all.push(item);
  return all;
}

export function lists(baseURL, apiToken, accountId) {
  const client = new Cloudflare({ apiToken, baseURL });
  return Promise.all([
    collect(client.zeroTrust.access.users.list({ account_id: accountId, per_page: 1000 })),
    collect(client.zeroTrust.devices.registrations.list({ account_id: accountId, per_page: 1000 })),
  ]);
}
