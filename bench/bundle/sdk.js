// A page that only edits seats, contender 2: the official SDK (npm `cloudflare`).
import Cloudflare from "cloudflare";

export async function edit(baseURL, apiToken, accountId, body) {
  const client = new Cloudflare({ apiToken, baseURL });
  const page = await client.zeroTrust.seats.edit({ account_id: accountId, body });
  return page.result;
}
