// A page that uses every endpoint and the planner, contender 3: this package, imported by name
// as a user would (the runner points the name at a snapshot of ../../pkg, its "browser" entry).
import { Client, editSeats, findUsersByEmail, listDeviceRegistrations, listUsers, planReclaim, validateEdits } from "zero-trust-seats";

export async function edit(baseUrl, apiToken, accountId, body) {
  validateEdits(body);
  return (await editSeats(accountId, body, { baseUrl, apiToken })).result;
}

export function lists(baseUrl, apiToken, accountId) {
  const options = { baseUrl, apiToken };
  return Promise.all([listUsers(accountId, {}, options), listDeviceRegistrations(accountId, { status: "all" }, options)]);
}

export const find = (baseUrl, apiToken, accountId, emails) => findUsersByEmail(accountId, emails, { baseUrl, apiToken });

export function plan(users, devices) {
  return planReclaim({ users, devices, inactiveDays: 90, keep: ["@contractors.example"] });
}

export async function reclaim(baseUrl, apiToken, accountId) {
  const client = new Client({ baseUrl, apiToken });
  const page = await client.usersPage(accountId, { page: 1 });
  return { first: page.result, report: await client.reclaimSeats(accountId, { inactiveDays: 90 }) };
}
