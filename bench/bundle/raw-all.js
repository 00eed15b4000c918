// A page that uses every endpoint, contender 1: fetch loops over the users and registrations
// pages and the seats edit (no planner: raw fetch has none).
import { edit } from "./raw.js";

export { edit };

async function get(url, apiToken) {
  const res = await fetch(url, { headers: { Authorization: `Bearer ${apiToken}` } });
  const json = await res.json();
  if (!res.ok || !json.success) throw new Error(`HTTP ${res.status}`);
  return json;
}

export async function listUsers(baseUrl, apiToken, accountId) {
  const all = [];
  for (let page = 1; ; page++) {
    const json = await get(`${baseUrl}/accounts/${accountId}/access/users?page=${page}&per_page=1000`, apiToken);
    all.push(...json.result);
    if (page >= json.result_info.total_pages) return all;
  }
}

export async function listDevices(baseUrl, apiToken, accountId) {
  const all = [];
  let cursor = "";
  do {
    const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
    const json = await get(`${baseUrl}/accounts/${accountId}/devices/registrations?per_page=1000${after}`, apiToken);
    all.push(...json.result);
    cursor = json.result_info.cursor;
  } while (cursor);
  return all;
}
