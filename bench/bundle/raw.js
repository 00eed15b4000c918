// A page that only edits seats, contender 1: fetch + JSON.stringify + res.json().
export async function edit(baseUrl, apiToken, accountId, body) {
  const res = await fetch(`${baseUrl}/accounts/${accountId}/access/seats`, {
    method: "PATCH",
    headers: { Authorization: `Bearer ${apiToken}`, "Content-Type": "application/json" },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (!res.ok || !json.success) throw new Error(`HTTP ${res.status}`);
  return json.result;
}
