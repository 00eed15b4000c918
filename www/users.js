// The Users panel: every user of the account with their seats and when they were last active,
// searched, sorted and filtered, and a selection of people whose seats change.
//
// Only a window of rows is drawn (PAGE_ROWS, "Show more" adds as many), so 5,000 users stay
// responsive: a search or a sort is one pass over prepared arrays, and at most a few hundred
// rows reach the DOM. The selection is kept by user id, whatever the filter shows.

import { $, el, formatCount, plural } from "./dom.js";
import { countSeats, describeActive, editFor, prepareUsers, selectPeople } from "./people.js";

export const PAGE_ROWS = 100;

export function createUsers({ onSelectionChange }) {
  const section = $("users");
  const tbody = $("users-table").tBodies[0];
  const search = $("search");
  const sort = $("sort");
  const filter = $("seat-filter");
  const action = $("selection-action");
  let people = [];
  let byId = new Map();
  let bySeat = new Map();
  let shown = [];
  let limit = PAGE_ROWS;
  /** user id -> { edit, action, reason? } */
  let selection = new Map();
  /** seat_uid -> planReclaim decision, for the Plan column */
  let decisions = new Map();
  let lastRenderMs = 0;

  search.addEventListener("input", () => refilter());
  sort.addEventListener("change", () => refilter());
  filter.addEventListener("change", () => refilter());
  $("show-more").addEventListener("click", () => {
    const next = tbody.rows.length;
    limit += PAGE_ROWS;
    draw();
    tbody.rows[next]?.querySelector("input")?.focus();
  });
  $("clear-selection").addEventListener("click", () => {
    decisions = new Map();
    setSelection(new Map());
  });
  tbody.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || box.dataset.testid !== "user-select") return;
    const person = byId.get(box.dataset.id);
    if (!person) return;
    const next = new Map(selection);
    if (box.checked) {
      const edit = editFor(person.user, action.value);
      if (edit) next.set(person.user.id, { edit, action: action.value });
    } else {
      next.delete(person.user.id);
    }
    setSelection(next, { redraw: false });
    box.closest("tr").classList.toggle("selected", next.has(person.user.id));
  });

  /** The moment "n days ago" counts from: a test may pin it (`data-now` on the section). */
  function now() {
    const pinned = Date.parse(section.dataset.now ?? "");
    return Number.isFinite(pinned) ? pinned : Date.now();
  }

  function setData(users, devices) {
    people = prepareUsers(users, devices);
    byId = new Map(people.map((p) => [p.user.id, p]));
    bySeat = new Map(people.filter((p) => p.user.seat_uid).map((p) => [p.user.seat_uid, p]));
    // A reload keeps the selection of people still there whose edit still changes something.
    const kept = new Map();
    for (const [id, item] of selection) {
      const person = byId.get(id);
      const edit = person && editFor(person.user, item.action);
      if (edit && item.edit.seat_uid === edit.seat_uid) kept.set(id, { ...item, edit });
    }
    selection = kept;
    $("users-body").hidden = false;
    const counts = countSeats(people);
    $("users-counts").textContent =
      `${plural(counts.users, "user")} · ${plural(counts.any, "holds a seat", "hold a seat")}: ` +
      `${formatCount(counts.access)} Access, ${formatCount(counts.gateway)} Gateway`;
    refilter();
    summarize();
    onSelectionChange();
  }

  function refilter() {
    const started = performance.now();
    shown = selectPeople(people, { search: search.value, filter: filter.value, sort: sort.value });
    limit = PAGE_ROWS;
    draw();
    lastRenderMs = performance.now() - started;
    $("users-table").dataset.renderMs = lastRenderMs.toFixed(1);
  }

  function draw() {
    const at = now();
    const drawn = shown.slice(0, limit);
    tbody.replaceChildren(...drawn.map((p) => userRow(p, at)));
    $("users-shown").textContent =
      shown.length === 0
        ? "No user matches."
        : `Showing ${formatCount(drawn.length)} of ${plural(shown.length, "matching user")} (${formatCount(people.length)} in all).`;
    $("show-more").hidden = drawn.length >= shown.length;
  }

  function userRow(person, at) {
    const { user } = person;
    const picked = selection.get(user.id);
    const decision = user.seat_uid ? decisions.get(user.seat_uid) : undefined;
    const selectable = Boolean(user.seat_uid && (user.access_seat || user.gateway_seat));
    const label = `Select ${user.name || user.email}`;
    return el(
      "tr",
      { "data-testid": "user-row", "data-email": user.email ?? "", class: picked ? "selected" : null },
      el(
        "td",
        { class: "pick" },
        el("input", {
          type: "checkbox",
          "data-testid": "user-select",
          "data-id": user.id,
          "aria-label": label,
          checked: Boolean(picked),
          disabled: !selectable,
          title: selectable ? null : "Holds no seat",
        }),
      ),
      el("td", { class: "name", text: user.name ?? "" }),
      el("td", { class: "email", text: user.email ?? "" }),
      el("td", { class: "flag", "data-label": "Access", text: user.access_seat ? "yes" : "no" }),
      el("td", { class: "flag", "data-label": "Gateway", text: user.gateway_seat ? "yes" : "no" }),
      el("td", { class: "time", "data-label": "Last active", text: describeActive(person, at) }),
      el("td", { class: "flag", "data-label": "Devices", text: String(person.devices) }),
      el("td", { class: "outcome", "data-testid": "user-reason", text: picked?.reason ?? decision?.reason ?? "" }),
    );
  }

  /** `notify: false` when the seat list itself changed: the ticks follow it, nothing is written back. */
  function setSelection(next, { redraw = true, notify = true } = {}) {
    selection = next;
    if (redraw) draw();
    summarize();
    if (notify) onSelectionChange();
  }

  function summarize() {
    $("selection-summary").textContent = selection.size === 0 ? "No one selected." : `${plural(selection.size, "user")} selected.`;
  }

  /** planReclaim's plan becomes the selection; every decision's reason shows on its row. */
  function applyPlan(plan) {
    decisions = new Map(plan.decisions.filter((d) => d.seat_uid).map((d) => [d.seat_uid, d]));
    const edits = new Map(plan.edits.map((e) => [e.seat_uid, e]));
    const next = new Map();
    for (const d of plan.decisions) {
      const person = d.seat_uid && bySeat.get(d.seat_uid);
      if (d.action === "keep" || !person || !edits.has(d.seat_uid)) continue;
      next.set(person.user.id, { edit: edits.get(d.seat_uid), action: d.action, reason: d.reason });
    }
    setSelection(next);
  }

  /** Adds these users (API objects) to the selection with the chosen action; the ones that changed nothing are returned. */
  function select(users, reason) {
    const next = new Map(selection);
    const skipped = [];
    for (const user of users) {
      const person = byId.get(user.id);
      const edit = person && editFor(person.user, action.value);
      if (!edit) skipped.push(user);
      else next.set(user.id, { edit, action: action.value, reason });
    }
    setSelection(next);
    return skipped;
  }

  /**
   * Replaces the selection by the people holding these edits' seats (a retry, or the seat list
   * edited by hand: then `notify` is false, so the ticks follow the text without rewriting it).
   */
  function selectEdits(edits, reason, { notify = true } = {}) {
    const next = new Map();
    for (const edit of edits) {
      const person = bySeat.get(edit.seat_uid);
      if (!person) continue;
      const action = !edit.access_seat && !edit.gateway_seat ? "remove" : !edit.access_seat ? "remove-access" : "remove-gateway";
      next.set(person.user.id, { edit, action, reason: selection.get(person.user.id)?.reason ?? reason });
    }
    setSelection(next, { notify });
  }

  /** The selection's edits, in the API's order of the users. */
  function edits() {
    return people.filter((p) => selection.has(p.user.id)).map((p) => selection.get(p.user.id).edit);
  }

  /** Who holds a seat, with the reason their row was picked: for the preview and the report. */
  function personOfSeat(seatUid) {
    const person = bySeat.get(seatUid);
    if (!person) return null;
    return { user: person.user, reason: selection.get(person.user.id)?.reason ?? decisions.get(seatUid)?.reason ?? "" };
  }

  return {
    setData,
    applyPlan,
    select,
    selectEdits,
    edits,
    personOfSeat,
    now,
    loaded: () => people.length > 0,
    users: () => people.map((p) => p.user),
    bySeatUid: (uid) => bySeat.get(uid)?.user,
    decisions: () => [...decisions.values()],
    selectionSize: () => selection.size,
    renderMs: () => lastRenderMs,
    setDisabled(disabled) {
      section.querySelectorAll("input, select, textarea, button").forEach((node) => (node.disabled = disabled));
      if (!disabled) draw(); // restores the rows' own disabled boxes
    },
  };
}
