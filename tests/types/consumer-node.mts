// A Node ESM user under `moduleResolution: nodenext` (the `node` + `import` condition).
import { Client, editSeats, ValidationError, type SeatsPage } from "zero-trust-seats";

const page: SeatsPage = await new Client({ apiToken: "token" }).editSeats("abc", [
  { seat_uid: "u", access_seat: true, gateway_seat: false },
]);
await editSeats("abc", []).catch((err: unknown) => (err instanceof ValidationError ? err.field : undefined));
// @ts-expect-error `acess_seat` is not a field of SeatEdit
await editSeats("abc", [{ seat_uid: "u", acess_seat: true, gateway_seat: false }]);
export { page };
