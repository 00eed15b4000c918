// The parsed rows under the textarea: one table row per seat edit with its two toggles and what
// it does, or the problem that keeps it from being sent, marked in place.
//
// The textarea stays the single source of truth: a toggle rewrites its line there (app.js), and
// the table is redrawn from the text. Only the first MAX_ROWS rows are drawn, so a paste of
// 100,000 seats stays responsive; "only rows with problems" brings the bad ones into view.

import { $, el, formatCount, plural } from "./dom.js";

export const MAX_ROWS = 200;

const EFFECT_TEXT = {
  kept: "Keeps Access and Gateway",
  "access-only": "Access only",
  "gateway-only": "Gateway only",
  removed: "Removed: loses access",
};

export function createEditor({ onToggle }) {
  const tbody = $("rows").tBodies[0];
  const onlyProblems = $("only-problems");
  let current = null;
  /** Problems the API reported for body rows of the last run, by line: shown until the text changes. */
  let apiProblems = new Map();

  tbody.addEventListener("change", (event) => {
    const box = event.target;
    if (!(box instanceof HTMLInputElement) || !box.dataset.flag) return;
    onToggle(Number(box.dataset.line), box.dataset.flag, box.checked);
  });
  onlyProblems.addEventListener("change", () => current && render(current, { keepApiProblems: true }));

  function render(checked, { keepApiProblems = false } = {}) {
    current = checked;
    if (!keepApiProblems) apiProblems = new Map();
    const withProblems = checked.rows.filter((row) => hasProblem(row));
    // The filter would show nothing once every row is fixed: show all rows again.
    if (withProblems.length === 0) onlyProblems.checked = false;
    const shown = onlyProblems.checked ? withProblems : checked.rows;
    const drawn = shown.slice(0, MAX_ROWS);
    const header = checked.header?.problem ? [headerRow(checked.header)] : [];
    tbody.replaceChildren(...header, ...drawn.map(rowElement));
    $("rows-wrap").hidden = checked.rows.length === 0 && header.length === 0;
    $("rows-tools").hidden = checked.rows.length <= MAX_ROWS && withProblems.length === 0;
    $("rows-note").textContent =
      shown.length > drawn.length ? `Showing the first ${formatCount(drawn.length)} of ${formatCount(shown.length)} rows.` : "";
  }

  function hasProblem(row) {
    return Boolean(row.problem || row.error || apiProblems.has(row.line));
  }

  function headerRow(header) {
    return el(
      "tr",
      { class: "invalid", "data-line": header.line, tabindex: -1 },
      el("td", { class: "line", "data-label": "Line", text: String(header.line) }),
      el("td", { class: "outcome", colspan: 4 }, el("span", { class: "badge bad", text: "Header" }), " ", el("span", { class: "message", text: header.problem })),
    );
  }

  function rowElement(row) {
    const problem = row.problem ?? row.error?.message ?? apiProblems.get(row.line);
    const messageId = problem ? `row-${row.line}-message` : null;
    const classes = [problem ? "invalid" : "", row.effect === "removed" ? "removed" : ""].filter(Boolean).join(" ");
    return el(
      "tr",
      // Focusable (not tabbable) when bad, so "fix this row" can move the focus to it.
      { class: classes || null, "data-line": row.line, "data-testid": `row-${row.line}`, tabindex: problem ? -1 : null },
      // data-label: the column name, shown before the cell when narrow screens stack the rows.
      el("td", { class: "line", "data-label": "Line", text: String(row.line) }),
      el("td", { class: "uid", text: row.edit?.seat_uid ?? row.fields.join(",") }),
      el("td", { class: "flag", "data-label": "Access" }, toggle(row, "access_seat", "Access", messageId)),
      el("td", { class: "flag", "data-label": "Gateway" }, toggle(row, "gateway_seat", "Gateway", messageId)),
      el("td", { class: "outcome" }, outcome(row, problem, messageId)),
    );
  }

  function toggle(row, flag, label, messageId) {
    if (!row.edit) return "";
    const value = row.edit[flag];
    const box = el("input", {
      type: "checkbox",
      "data-line": row.line,
      "data-flag": flag,
      "aria-label": `${label} seat, line ${row.line}`,
      "aria-describedby": messageId,
      "aria-invalid": messageId ? "true" : null,
    });
    box.checked = value === true;
    // Not true/false yet (a typo, a missing field): neither checked nor unchecked.
    box.indeterminate = typeof value !== "boolean";
    return box;
  }

  function outcome(row, problem, messageId) {
    if (!problem) {
      const removed = row.effect === "removed";
      return el("span", { class: `badge ${removed ? "bad" : "ok"}`, text: EFFECT_TEXT[row.effect] });
    }
    const label = row.duplicateOf
      ? `Duplicate of line ${row.duplicateOf}`
      : row.problem
        ? "Not a CSV row"
        : row.error
          ? "Invalid"
          : "Refused by the API";
    return [el("span", { class: "badge bad", text: label }), " ", el("span", { class: "message", id: messageId, text: problem })];
  }

  /** Moves the focus back to a toggle after a redraw (keyboard users keep their place). */
  function focusToggle(line, flag) {
    tbody.querySelector(`input[data-line="${line}"][data-flag="${flag}"]`)?.focus();
  }

  /** Brings the first row with a problem into view, e.g. after a refused preview. */
  function revealFirstProblem() {
    const bad = tbody.querySelector("tr.invalid");
    bad?.scrollIntoView({ block: "center" });
    bad?.focus();
  }

  /**
   * Marks rows with problems found after the text was checked (the API's answer, the final
   * check of the whole body): `problems` maps lines to messages. Cleared by the next redraw.
   */
  function markLines(problems) {
    apiProblems = problems;
    if (current) render(current, { keepApiProblems: true });
  }

  return { render, focusToggle, revealFirstProblem, markLines, summary: summaryText };
}

/** "42 seats: 30 keep both, 5 change, 7 removed · 2 invalid, 1 duplicate". */
function summaryText(checked) {
  const rows = checked.rows.length;
  if (rows === 0) return checked.header ? "Only a header row so far." : "No seats yet.";
  const { kept, changed, removed } = checked.counts;
  const parts = [`${plural(rows, "row")}: ${formatCount(kept)} kept, ${formatCount(changed)} changed, ${formatCount(removed)} removed`];
  const bad = checked.invalid + (checked.header?.problem ? 1 : 0);
  const problems = [];
  if (bad > 0) problems.push(`${formatCount(bad)} invalid`);
  if (checked.duplicates > 0) problems.push(plural(checked.duplicates, "duplicate"));
  if (problems.length > 0) parts.push(`${problems.join(", ")}: fix them before the preview`);
  return parts.join(" · ");
}
