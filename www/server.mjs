// Dev server of the admin page: serves www/ at /, the built package (pkg/) at /pkg/, and the API
// at /client/v4 on the same origin, so the page needs no CORS and a strict CSP holds. The API is
//   - by default, the in-memory stand-in (standin/), seeded with a demo account of users: works offline;
//   - with PROXY_UPSTREAM set, a locked-down proxy to that upstream that adds the credentials
//     from CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY). See www/README.md.
//
//   node www/server.mjs          (PORT=8787 by default, always bound to 127.0.0.1)
//
// Tests import startDevServer() and run it in-process on port 0.

import http from "node:http";
import fs from "node:fs";
import { fileURLToPath } from "node:url";
import { setCommonHeaders, sendRefusal, sendJson, sendText } from "./http.mjs";
import { allowedHosts, refuseForeign } from "./guard.mjs";
import { serveStatic, pkgBuilt } from "./static.mjs";
import { API_PREFIX, createProxy, credentialsFromEnv, isApiTarget, proxyConfig, ProxyConfigError } from "./proxy.mjs";
import { closeServer, listen } from "../standin/standin.mjs";

export { CSP } from "./http.mjs";
export { pkgBuilt } from "./static.mjs";
export { MAX_BODY_BYTES } from "./proxy.mjs";

/** What the page asks to know which mode it runs in (no secrets: it is served to the browser). */
const CONFIG_PATH = "/dev-server.json";

/**
 * Starts the server. Resolves once it listens, with { url, origin, mode, server, standin,
 * close }: close() also drops keep-alive connections, so tests and Ctrl-C never hang.
 *
 * - `proxyUpstream` (with `credentials`: { apiToken } or { apiEmail, apiKey }): proxy mode.
 *   Throws a ProxyConfigError, before listening, when the credentials are missing or unusable.
 * - otherwise `standin`: a stand-in object to mount (null: none); by default the repo's.
 * - `accounts`: in proxy mode, the only account ids forwarded (default: any).
 * - `log`: gets one line per proxied request; never a header value.
 */
export async function startDevServer({
  port = 8787,
  host = "127.0.0.1",
  proxyUpstream,
  credentials,
  accounts,
  maxBodyBytes,
  standin,
  log = console.log,
} = {}) {
  // Checked before listening: a proxy without usable credentials must not start at all.
  const config = proxyUpstream ? proxyConfig({ upstream: proxyUpstream, credentials, accounts, maxBodyBytes }) : null;
  const proxy = config ? createProxy(config, { log }) : null;
  // In proxy mode the stand-in is not mounted: /client/v4 must mean the real API only.
  const api = proxy ? null : standin === undefined ? await loadStandin() : standin;
  const pageConfig = proxy ? proxyPageConfig(config) : await standinPageConfig(api);
  const context = { proxy, api, pageConfig, hosts: new Set() };
  const server = http.createServer((req, res) => {
    route(context, req, res).catch((err) => fail(res, err));
  });
  await listen(server, port, host);
  const bound = server.address().port;
  context.hosts = allowedHosts(host, bound);
  const origin = `http://${host.includes(":") ? `[${host}]` : host}:${bound}`;
  return {
    url: `${origin}/`,
    origin,
    mode: proxy ? "proxy" : "standin",
    server,
    standin: api,
    close: () => {
      proxy?.close();
      return closeServer(server);
    },
  };
}

async function loadStandin() {
  const { createStandin } = await import("../standin/standin.mjs");
  return createStandin({ prefix: API_PREFIX });
}

async function standinPageConfig(api) {
  if (!api) return { mode: "static" };
  const { DEMO_ACCOUNT_ID, DEFAULT_TOKEN } = await import("../standin/standin.mjs");
  const { DEMO_USER_COUNT } = await import("../standin/seed.mjs");
  // The stand-in's public test credentials, so a first-time user can try the page in one click.
  return { mode: "standin", demo: { accountId: DEMO_ACCOUNT_ID, apiToken: DEFAULT_TOKEN, users: DEMO_USER_COUNT } };
}

function proxyPageConfig(config) {
  return {
    mode: "proxy",
    upstream: config.upstream,
    credentials: config.credentialKind,
    accounts: [...config.accounts],
  };
}

async function route({ proxy, api, pageConfig, hosts }, req, res) {
  setCommonHeaders(res);
  const foreign = refuseForeign(req, hosts);
  if (foreign) return sendRefusal(res, 403, `dev server: ${foreign} refused`);
  if (proxy && isApiTarget(req.url)) return proxy.handle(req, res);
  if (api && (await api.handle(req, res))) return;
  if (req.url === CONFIG_PATH && (req.method === "GET" || req.method === "HEAD")) return sendJson(res, 200, pageConfig);
  return serveStatic(req, res);
}


function fail(res, err) {
  console.error("demo: request failed:", err);
  if (res.headersSent) return res.destroy();
  sendText(res, 500, "internal error\n");
}

// ---------------------------------------------------------------------------------------------
// `node www/server.mjs` (what `make demo` runs)

function portFromEnv(env) {
  const raw = env.PORT ?? "8787";
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port > 65535) throw new Error(`PORT must be an integer 0-65535, got ${JSON.stringify(raw)}`);
  return port;
}

/** Server options from the environment; the credentials are only read in proxy mode. */
export function optionsFromEnv(env = process.env) {
  const options = { port: portFromEnv(env) };
  if (!env.PROXY_UPSTREAM) return options;
  options.proxyUpstream = env.PROXY_UPSTREAM;
  options.credentials = credentialsFromEnv(env);
  if (env.PROXY_ACCOUNTS) options.accounts = env.PROXY_ACCOUNTS.split(",").map((id) => id.trim()).filter(Boolean);
  return options;
}

async function main() {
  const options = optionsFromEnv();
  if (!pkgBuilt()) console.warn("demo: pkg/browser.js is missing, so the page cannot load the package: run `make build` first");
  if (!options.proxyUpstream && (process.env.CLOUDFLARE_API_TOKEN || process.env.CLOUDFLARE_API_KEY)) {
    console.warn("demo: Cloudflare credentials are set but PROXY_UPSTREAM is not: they are ignored, the page talks to the stand-in");
  }
  const running = await startDevServer(options);
  if (running.mode === "proxy") {
    // Names the variables the credentials came from, never their values.
    const kind = options.credentials.apiToken ? "CLOUDFLARE_API_TOKEN" : "CLOUDFLARE_EMAIL + CLOUDFLARE_API_KEY";
    console.log(`demo: proxy mode: PATCH ${API_PREFIX}/accounts/{account_id}/access/seats, GET …/access/users and …/devices/registrations -> ${options.proxyUpstream}, credentials from ${kind}`);
  } else if (running.standin) {
    console.log(`demo: API stand-in at ${API_PREFIX} (offline, in memory: restarting resets it)`);
  }
  let stopping = false;
  const stop = () => {
    if (stopping) process.exit(1); // a second Ctrl-C: do not wait
    stopping = true;
    running.close().then(() => {
      console.log("demo: stopped");
      process.exit(0);
    });
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // Printed last: whoever waits for this line can stop the server right away.
  console.log(`demo: open ${running.url}   (Ctrl-C stops)`);
}

function runDirectly() {
  if (!process.argv[1]) return false;
  try {
    return fs.realpathSync(process.argv[1]) === fs.realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (runDirectly()) {
  main().catch((err) => {
    const hint = err.code === "EADDRINUSE" ? " (set PORT to another port)" : "";
    console.error(`demo: ${err instanceof ProxyConfigError ? "" : "cannot start: "}${err.message}${hint}`);
    process.exit(1);
  });
}
