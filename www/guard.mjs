// Who may talk to the dev server at all. It listens on loopback only, but a browser can still be
// made to reach it: by another site (cross-origin fetch, form, image) or through DNS rebinding
// (evil.example resolving to 127.0.0.1). In proxy mode either would let a web page spend the
// server's Cloudflare credentials, so every request must name this server in Host and, when the
// browser says where it comes from, come from this origin.

const LOOPBACK = new Set(["127.0.0.1", "::1", "localhost"]);

/**
 * The Host values this server answers to: its own host:port, plus localhost:port when it is
 * bound to loopback (a name an attacker's DNS cannot point anywhere else).
 */
export function allowedHosts(host, port) {
  const hosts = new Set([`${formatHost(host)}:${port}`]);
  if (LOOPBACK.has(host)) {
    for (const name of LOOPBACK) hosts.add(`${formatHost(name)}:${port}`);
  }
  return hosts;
}

function formatHost(host) {
  return host.includes(":") ? `[${host}]` : host;
}

/**
 * Null when the request may proceed, else why it is refused (403). `Origin` is sent by
 * browsers on every cross-origin request and on same-origin ones that are not GET/HEAD;
 * `Sec-Fetch-Site` tells the same for every request of a modern browser. A cross-site
 * navigation (a link to the demo) is allowed: it only loads the page.
 */
export function refuseForeign(req, hosts) {
  const host = req.headers.host;
  if (!host || !hosts.has(host.toLowerCase())) return "unexpected Host header";
  const origin = req.headers.origin;
  if (origin !== undefined && origin !== `http://${host.toLowerCase()}`) return "cross-origin request";
  const site = req.headers["sec-fetch-site"];
  if (site === undefined || site === "same-origin" || site === "none") return null;
  const navigation = (req.method === "GET" || req.method === "HEAD") && req.headers["sec-fetch-mode"] === "navigate";
  return navigation ? null : "cross-site request";
}
