// A page that only edits seats, contender 3: this package, imported by name as a user would; the
// runner points the name at (a snapshot of) ../../pkg, whose "browser" condition is browser.js.
import { editSeats } from "zero-trust-seats";

export async function edit(baseUrl, apiToken, accountId, body) {
  const page = await editSeats(accountId, body, { baseUrl, apiToken });
  return page.result;
}
