// A Node CommonJS user under `moduleResolution: nodenext` (the `node` + `require` condition).
import seats = require("zero-trust-seats");

export async function run(): Promise<string | undefined> {
  const client = new seats.Client({ apiToken: "token" });
  try {
    const page: seats.SeatsPage = await client.editSeats("abc", [{ seat_uid: "u", access_seat: true, gateway_seat: false }]);
    return page.result[0]?.seat_uid;
  } catch (err: unknown) {
    if (err instanceof seats.ValidationError) return err.field;
    throw err;
  }
}
// @ts-expect-error `gateway_seat` is required
seats.validateEdits([{ seat_uid: "u", access_seat: true }]);
