// A Cloudflare Worker that edits seats with the package: a plain import, no init() call, no
// wasm glue (the package's `workerd` export imports its .wasm as a module, as Wrangler expects).
//   POST /  {"accountId": "...", "edits": [{seat_uid, access_seat, gateway_seat}], "oneOff"?: true}
// answers with the API's page, or with the typed error's fields.
import { Client, editSeats, validateEdits, ValidationError, APIError } from "zero-trust-seats";

let client; // one per isolate: the options are checked once, then reused by every request

export default {
  async fetch(request, env) {
    if (request.method !== "POST") return Response.json({ error: "POST {accountId, edits}" }, { status: 405 });
    const { accountId, edits, oneOff } = await request.json();
    const options = { apiToken: env.CLOUDFLARE_API_TOKEN, baseUrl: env.CLOUDFLARE_BASE_URL };
    try {
      const page = oneOff
        ? await editSeats(accountId, edits, options)
        : await (client ??= new Client(options)).editSeats(accountId, validateEdits(edits));
      return Response.json(page);
    } catch (err) {
      if (!(err instanceof ValidationError || err instanceof APIError)) throw err;
      const { name, message, status, field, attempts, stack } = err;
      return Response.json({ error: { name, message, status, field, attempts, stack } }, { status: status ?? 400 });
    }
  },
};
