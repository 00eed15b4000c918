// Contender 1, the floor: the global fetch, JSON.stringify and res.json(), nothing else.
import { run, baseUrl } from "./harness.mjs";
import { TOKEN } from "../config.mjs";

run(async () => {
  const base = baseUrl();
  const headers = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
  return async (accountId, body) => {
    const res = await fetch(`${base}/accounts/${accountId}/access/seats`, {
      method: "PATCH",
      headers,
      body: JSON.stringify(body),
    });
    const json = await res.json();
    if (!res.ok || !json.success) throw new Error(`HTTP ${res.status}`);
    return json.result;
  };
});
