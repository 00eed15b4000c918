// Seat lists as text: what the administrator pastes or loads, and the CSV the page writes.
// Pure functions without DOM, so Node tests run them as they are.
//
// Lines are parsed one by one (a quoted field cannot span lines) so a row's line number is the
// textarea's line number, which is how rows are marked and rewritten in place.

export const COLUMNS = ["seat_uid", "access_seat", "gateway_seat"];

const LINE_BREAK = /\r\n|\n|\r/;

/**
 * Parses pasted text. Returns { header, rows }:
 * - header: null, or { line, columns: { seat_uid, access_seat, gateway_seat } (field indexes),
 *   width, problem? } when the first line names its columns;
 * - rows: [{ line (1-based), fields (the raw line when it cannot be split), edit?, bare?, problem? }].
 *   `edit` is the object the package will check, with values as typed: a flag that is not
 *   true/false stays a string and a missing field stays missing, so the package's own
 *   validation message names the problem. `problem` is a CSV-level issue (unclosed quote, too
 *   many fields) that leaves no edit to check.
 * `bareFlags` gives the flags of a line holding only a seat UID.
 */
export function parseSeats(text, { bareFlags = { access_seat: false, gateway_seat: false } } = {}) {
  const lines = String(text).replace(/^\uFEFF/, "").split(LINE_BREAK);
  let header = null;
  const rows = [];
  lines.forEach((raw, index) => {
    const line = index + 1;
    if (raw.trim() === "" || raw.trimStart().startsWith("#")) return; // blank lines and comments
    const split = splitLine(raw);
    if (header === null && rows.length === 0 && !split.problem && isHeader(split.fields)) {
      header = parseHeader(split.fields, line);
      return;
    }
    if (split.problem) return rows.push({ line, fields: [raw.trim()], problem: split.problem });
    rows.push(header ? rowWithHeader(split.fields, line, header) : rowWithoutHeader(split.fields, line, bareFlags));
  });
  return { header, rows };
}

/** "true"/"false" in any case become booleans; anything else is kept for the package to name. */
export function parseFlag(text) {
  const lower = text.toLowerCase();
  if (lower === "true") return true;
  if (lower === "false") return false;
  return text;
}

function isHeader(fields) {
  return fields.some((field) => field.toLowerCase() === "seat_uid");
}

function parseHeader(fields, line) {
  const names = fields.map((field) => field.toLowerCase());
  const columns = {};
  for (const name of COLUMNS) {
    const index = names.indexOf(name);
    if (index >= 0) columns[name] = index;
  }
  const missing = COLUMNS.filter((name) => !(name in columns));
  const header = { line, columns, width: fields.length };
  if (missing.length > 0) header.problem = `the header row has no ${missing.join(" or ")} column`;
  return header;
}

function rowWithHeader(fields, line, header) {
  if (fields.length > header.width) {
    return { line, fields, problem: `${fields.length} fields, but the header row names ${header.width}` };
  }
  const edit = {};
  for (const [name, index] of Object.entries(header.columns)) {
    if (index < fields.length) edit[name] = name === "seat_uid" ? fields[index] : parseFlag(fields[index]);
  }
  return { line, fields, edit };
}

function rowWithoutHeader(fields, line, bareFlags) {
  if (fields.length === 1) {
    // A lone value that holds separators is more likely a mis-separated row than a seat UID,
    // and a lone seat UID means a removal by default: refuse to guess.
    if (/[\s;]/.test(fields[0])) {
      return { line, fields, problem: "separate seat_uid, access_seat and gateway_seat with commas" };
    }
    return { line, fields, bare: true, edit: { seat_uid: fields[0], ...bareFlags } };
  }
  if (fields.length > COLUMNS.length) {
    return { line, fields, problem: `${fields.length} fields: expected seat_uid,access_seat,gateway_seat (add a header row to name extra columns)` };
  }
  const edit = { seat_uid: fields[0], access_seat: parseFlag(fields[1]) };
  if (fields.length === 3) edit.gateway_seat = parseFlag(fields[2]);
  return { line, fields, edit };
}

/**
 * Splits one CSV line: fields separated by commas, optionally in double quotes ("" is a quote).
 * Unquoted fields are trimmed; quoted ones are kept exactly. Returns { fields } or { problem }.
 */
export function splitLine(line) {
  const fields = [];
  let i = 0;
  for (;;) {
    let j = i;
    while (line[j] === " " || line[j] === "\t") j++;
    if (line[j] === '"') {
      const quoted = readQuoted(line, j + 1);
      if (quoted.problem) return quoted;
      fields.push(quoted.value);
      j = quoted.end;
      while (line[j] === " " || line[j] === "\t") j++;
      if (j < line.length && line[j] !== ",") return { problem: "text after a closing quote" };
    } else {
      const end = line.indexOf(",", i) < 0 ? line.length : line.indexOf(",", i);
      const value = line.slice(i, end).trim();
      if (value.includes('"')) return { problem: "a quote inside an unquoted field" };
      fields.push(value);
      j = end;
    }
    if (j >= line.length) return { fields };
    i = j + 1; // past the comma; a trailing comma leaves one more, empty field
  }
}

function readQuoted(line, start) {
  let value = "";
  let j = start;
  for (;;) {
    if (j >= line.length) return { problem: "a quoted field is not closed" };
    if (line[j] === '"') {
      if (line[j + 1] !== '"') return { value, end: j + 1 };
      value += '"';
      j += 2;
    } else {
      value += line[j++];
    }
  }
}

/** One CSV field: quoted when it holds a comma, quote, line break or outer spaces. */
export function formatField(value) {
  const text = String(value);
  return /[",\r\n]|^\s|\s$/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

/** CSV text of rows of values, CRLF-terminated as RFC 4180 asks. */
export function toCsv(rows) {
  return rows.map((row) => row.map(formatField).join(",") + "\r\n").join("");
}

/**
 * `text` with the flags of the row on `line` set, the rest of the line (extra columns) kept.
 * A lone seat UID grows into `seat_uid,access_seat,gateway_seat`. Null when the line has no
 * place for the flags (a header row without those columns) or cannot be parsed.
 */
export function setRowFlags(text, line, flags, header) {
  const lines = String(text).replace(/^\uFEFF/, "").split(LINE_BREAK);
  const split = splitLine(lines[line - 1] ?? "");
  if (split.problem) return null;
  const fields = [...split.fields];
  const columns = header ? header.columns : { seat_uid: 0, access_seat: 1, gateway_seat: 2 };
  if (columns.access_seat === undefined || columns.gateway_seat === undefined) return null;
  for (const name of ["access_seat", "gateway_seat"]) {
    while (fields.length <= columns[name]) fields.push("");
    fields[columns[name]] = String(flags[name]);
  }
  lines[line - 1] = fields.map(formatField).join(",");
  return lines.join("\n");
}
