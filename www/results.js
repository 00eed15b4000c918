// The results table: the seats as the API returned them, and their CSV download.

import { $, el, formatCount, plural } from "./dom.js";
import { toCsv } from "./csv.js";

/** Drawn rows; the download always holds every seat. */
export const MAX_RESULT_ROWS = 500;

export function createResults() {
  const section = $("results-section");
  let csv = "";
  let fileName = "seats.csv";

  $("download").addEventListener("click", download);

  /** `seats`: the API's result array; `meta`: { accountId, at (Date), removed }. */
  function show(seats, { accountId, at }) {
    const rows = seats.map((seat) => [seat.seat_uid ?? "", flag(seat.access_seat), flag(seat.gateway_seat), seat.updated_at ?? ""]);
    // Same columns as the input CSV (plus updated_at), so the file can be pasted back in.
    csv = toCsv([["seat_uid", "access_seat", "gateway_seat", "updated_at"], ...rows]);
    fileName = `seats-${accountId}-${at.toISOString().replace(/[:.]/g, "-")}.csv`;
    const drawn = rows.slice(0, MAX_RESULT_ROWS);
    $("results").tBodies[0].replaceChildren(...drawn.map(resultRow));
    const removed = seats.filter((s) => s.access_seat === false && s.gateway_seat === false).length;
    $("results-summary").textContent =
      `Applied at ${at.toLocaleTimeString()}: the API returned ${plural(seats.length, "seat")}` +
      (removed > 0 ? `, ${formatCount(removed)} of them removed.` : ".");
    $("results-note").textContent =
      drawn.length < rows.length ? `The table shows the first ${formatCount(drawn.length)}; the CSV has all ${formatCount(rows.length)}.` : "";
    section.hidden = false;
    section.scrollIntoView({ block: "start" });
    $("results-title").focus?.();
  }

  function hide() {
    section.hidden = true;
  }

  // A Blob URL, not a data: URL: large results stay out of the DOM and out of any URL bar.
  function download() {
    const url = URL.createObjectURL(new Blob([csv], { type: "text/csv;charset=utf-8" }));
    const link = el("a", { href: url, download: fileName, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  return { show, hide, csv: () => csv };
}

function flag(value) {
  return typeof value === "boolean" ? String(value) : "";
}

const CELLS = [
  { class: "uid" },
  { class: "flag", "data-label": "access" },
  { class: "flag", "data-label": "gateway" },
  { class: "time", "data-label": "updated_at" },
];

function resultRow(cells) {
  const removed = cells[1] === "false" && cells[2] === "false";
  return el("tr", { class: removed ? "removed" : null }, cells.map((text, i) => el("td", { ...CELLS[i], text })));
}
