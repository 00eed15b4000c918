// Runs the API stand-in (the seats PATCH, the users and registrations lists) on its own port:
//
//   node standin/server.mjs [--port N] [--host H] [--prefix /client/v4]
//                           [--rate-limit requests[,windowMs[,penaltyMs[,headers]]]]
//
// --rate-limit turns the quota on (README "Rate limit"), e.g. `--rate-limit 1200` (Cloudflare's)
// or `--rate-limit 20,2000,5000,legacy`.
// The port also comes from STANDIN_PORT (default 8788). Prints exactly one line once it
// listens, `standin listening on <url>`, so scripts can wait for it; SIGINT/SIGTERM stop it.

import { parseArgs } from "node:util";
import { startStandin } from "./standin.mjs";

function options() {
  const { values } = parseArgs({
    options: {
      port: { type: "string" },
      host: { type: "string", default: "127.0.0.1" },
      prefix: { type: "string", default: "" },
      "rate-limit": { type: "string" },
    },
  });
  const port = portOf(values.port ?? process.env.STANDIN_PORT ?? "8788");
  return { port, host: values.host, prefix: values.prefix, rateLimit: rateLimitOf(values["rate-limit"]) };
}

function rateLimitOf(raw) {
  if (raw === undefined) return undefined;
  const [requests, windowMs, penaltyMs, headers] = raw.split(",").map((part) => part.trim());
  const number = (text) => (text === undefined || text === "" ? undefined : Number(text));
  return { requests: number(requests), windowMs: number(windowMs), penaltyMs: number(penaltyMs), headers: headers || undefined };
}

function portOf(raw) {
  const port = Number(raw);
  if (/^\d+$/.test(raw) && port <= 65535) return port;
  throw new Error(`port must be an integer 0-65535, got ${JSON.stringify(raw)}`);
}

async function main() {
  const running = await startStandin(options());
  process.stdout.write(`standin listening on ${running.url}\n`);
  const stop = () => running.close().then(() => process.exit(0));
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error) => {
  process.stderr.write(`standin: ${error.message}\n`);
  process.exit(1);
});
