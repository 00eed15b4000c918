// Constants shared by the runner, the server and the clients. No imports: a client loads this
// before its clock starts, and it must not pull in anything a contender would load itself.

export const TOKEN = "bench-token-0123456789abcdef";
export const ACCOUNT_ID = "699d98642c564d2e855e9661899b7252";
export const PREFIX = "/client/v4";

/** A deterministic, unique 36-character seat uid (UUID-shaped, like the real ones). */
export function seatUid(i) {
  return `00000000-0000-4000-8000-${i.toString(16).padStart(12, "0")}`;
}

/** `n` edits that alternate flags, as a real bulk change would. */
export function edits(n, offset = 0) {
  const body = new Array(n);
  for (let i = 0; i < n; i++) {
    const k = offset + i;
    body[i] = { seat_uid: seatUid(k), access_seat: k % 2 === 0, gateway_seat: k % 3 !== 0 };
  }
  return body;
}
