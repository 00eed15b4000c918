// Users as people: when each was last active, searching, sorting and filtering them, the seat
// edit a selection makes, what an edit does to a person, and the report CSV. Pure (no DOM).

import { toCsv } from "./csv.js";

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * One entry per user, prepared once per load so a search or a sort of 5,000 users is a plain
 * pass over arrays: `{ user, lastActive (ms or null), lastActiveFrom, devices, key }`.
 */
export function prepareUsers(users, devices) {
  const seen = new Map(); // user id -> { last (ms), count }
  for (const reg of devices) {
    const id = reg?.user?.id;
    if (!id) continue;
    const entry = seen.get(id) ?? { last: null, count: 0 };
    entry.count++;
    const at = Date.parse(reg.last_seen_at ?? "");
    if (Number.isFinite(at) && (entry.last === null || at > entry.last)) entry.last = at;
    seen.set(id, entry);
  }
  return users.map((user, index) => {
    const login = Date.parse(user.last_successful_login ?? "");
    const device = seen.get(user.id);
    let lastActive = Number.isFinite(login) ? login : null;
    let lastActiveFrom = lastActive === null ? null : "login";
    if (device?.last !== null && device?.last !== undefined && (lastActive === null || device.last > lastActive)) {
      lastActive = device.last;
      lastActiveFrom = "device";
    }
    return {
      user,
      index,
      lastActive,
      lastActiveFrom,
      devices: device?.count ?? 0,
      key: `${user.name ?? ""}\n${user.email ?? ""}`.toLowerCase(),
    };
  });
}

/** Seats held, by type, and users. */
export function countSeats(people) {
  let access = 0;
  let gateway = 0;
  let any = 0;
  for (const { user } of people) {
    if (user.access_seat) access++;
    if (user.gateway_seat) gateway++;
    if (user.access_seat || user.gateway_seat) any++;
  }
  return { users: people.length, any, access, gateway };
}

/** `filter`: "all" | "any" | "access" | "gateway" | "none"; `sort`: see SORTS. */
export function selectPeople(people, { search = "", filter = "all", sort = "idle" } = {}) {
  const needle = search.trim().toLowerCase();
  const matches = FILTERS[filter] ?? FILTERS.all;
  const shown = people.filter((p) => matches(p.user) && (!needle || p.key.includes(needle)));
  return shown.sort(SORTS[sort] ?? SORTS.idle);
}

const FILTERS = {
  all: () => true,
  any: (u) => Boolean(u.access_seat || u.gateway_seat),
  access: (u) => Boolean(u.access_seat),
  gateway: (u) => Boolean(u.gateway_seat),
  none: (u) => !u.access_seat && !u.gateway_seat,
};

// Never active sorts as the most idle; ties keep the API's order.
const activeOf = (p) => (p.lastActive === null ? -Infinity : p.lastActive);
export const SORTS = {
  idle: (a, b) => activeOf(a) - activeOf(b) || a.index - b.index,
  recent: (a, b) => activeOf(b) - activeOf(a) || a.index - b.index,
  name: (a, b) => (a.user.name ?? "").localeCompare(b.user.name ?? "") || a.index - b.index,
  email: (a, b) => (a.user.email ?? "").localeCompare(b.user.email ?? "") || a.index - b.index,
};

/** "2026-03-02 · 12 days ago (login)", or "Never". */
export function describeActive(person, now) {
  if (person.lastActive === null) return "Never";
  const date = new Date(person.lastActive).toISOString().slice(0, 10);
  const days = Math.floor((now - person.lastActive) / DAY_MS);
  const ago = days <= 0 ? "today" : days === 1 ? "1 day ago" : `${days.toLocaleString()} days ago`;
  return `${date} · ${ago} (${person.lastActiveFrom})`;
}

/** The seat edit that applies `action` to `user`, or null when it changes nothing. */
export function editFor(user, action) {
  if (!user.seat_uid || !(user.access_seat || user.gateway_seat)) return null;
  const access = action === "remove" || action === "remove-access" ? false : Boolean(user.access_seat);
  const gateway = action === "remove" || action === "remove-gateway" ? false : Boolean(user.gateway_seat);
  if (access === Boolean(user.access_seat) && gateway === Boolean(user.gateway_seat)) return null;
  return { seat_uid: user.seat_uid, access_seat: access, gateway_seat: gateway };
}

export function flagsText(access, gateway) {
  if (access && gateway) return "Access + Gateway";
  if (access) return "Access";
  if (gateway) return "Gateway";
  return "none";
}

/**
 * What one edit does to the person who holds the seat: `loses` is "access" (both seats go),
 * "access-seat", "gateway-seat", "nothing" or "gains".
 */
export function effectOf(user, edit) {
  const before = { access: Boolean(user?.access_seat), gateway: Boolean(user?.gateway_seat) };
  const after = { access: edit.access_seat === true, gateway: edit.gateway_seat === true };
  let loses = "nothing";
  if (!after.access && !after.gateway && (before.access || before.gateway || !user)) loses = "access";
  else if (before.access && !after.access) loses = "access-seat";
  else if (before.gateway && !after.gateway) loses = "gateway-seat";
  else if ((after.access && !before.access) || (after.gateway && !before.gateway)) loses = "gains";
  return { before, after, loses };
}

export const EFFECT_TEXT = {
  access: "Loses access (both seats)",
  "access-seat": "Loses the Access seat",
  "gateway-seat": "Loses the Gateway seat",
  nothing: "No change",
  gains: "Gains a seat",
};

/** The report: one line per decision and per sent edit. */
export function reportCsv(lines) {
  const header = ["email", "name", "seat_uid", "before", "after", "reason", "outcome"];
  return toCsv([header, ...lines.map((l) => header.map((k) => l[k] ?? ""))]);
}
