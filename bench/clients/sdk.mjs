// Contender 2: the official SDK, npm package `cloudflare` (pinned in bench/package.json).
import { run, baseUrl } from "./harness.mjs";
import { TOKEN } from "../config.mjs";

run(async () => {
  const { default: Cloudflare } = await import("cloudflare");
  const client = new Cloudflare({ apiToken: TOKEN, baseURL: baseUrl(), maxRetries: 0 });
  return async (accountId, body) => {
    const page = await client.zeroTrust.seats.edit({ account_id: accountId, body });
    return page.result;
  };
});
