// Contender 1, the floor: the global fetch, JSON.stringify and res.json(), nothing else. Lists
// are a fetch loop over the pages, concatenating `result`; planning has no raw equivalent, so its
// baseline is reading the data once: JSON.parse of every page text.
import { run, baseUrl } from "./harness.mjs";
import { TOKEN } from "../config.mjs";

const PER_PAGE = 1000; // data.mjs's, not imported: the cold scenario loads nothing it does not need

run(async () => {
  const base = baseUrl();
  const headers = { Authorization: `Bearer ${TOKEN}`, "Content-Type": "application/json" };
  const getHeaders = { Authorization: `Bearer ${TOKEN}` };
  const get = async (url) => {
    const res = await fetch(url, { headers: getHeaders });
    const json = await res.json();
    if (!res.ok || !json.success) throw new Error(`HTTP ${res.status}`);
    return json;
  };
  return {
    async edit(accountId, body) {
      const res = await fetch(`${base}/accounts/${accountId}/access/seats`, {
        method: "PATCH",
        headers,
        body: JSON.stringify(body),
      });
      const json = await res.json();
      if (!res.ok || !json.success) throw new Error(`HTTP ${res.status}`);
      return json.result;
    },
    // Stops after result_info.total_pages, as our listUsers does (the SDK asks for one more).
    async listUsers(accountId) {
      const all = [];
      for (let page = 1; ; page++) {
        const json = await get(`${base}/accounts/${accountId}/access/users?page=${page}&per_page=${PER_PAGE}`);
        for (const item of json.result) all.push(item);
        if (page >= json.result_info.total_pages) return all;
      }
    },
    async listDevices(accountId) {
      const all = [];
      let cursor = "";
      do {
        const after = cursor ? `&cursor=${encodeURIComponent(cursor)}` : "";
        const json = await get(`${base}/accounts/${accountId}/devices/registrations?per_page=${PER_PAGE}${after}`);
        for (const item of json.result) all.push(item);
        cursor = json.result_info.cursor;
      } while (cursor);
      return all;
    },
    prepareReclaim({ userPages, devicePages }) {
      return () => {
        const users = [];
        const devices = [];
        for (const text of userPages) for (const item of JSON.parse(text).result) users.push(item);
        for (const text of devicePages) for (const item of JSON.parse(text).result) devices.push(item);
        return users.length;
      };
    },
  };
});
