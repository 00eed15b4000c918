// The admin page's pure modules in Node: CSV parsing and writing (www/csv.js) and the row
// checks against the package's own validateEdits (www/rows.js, with pkg/node.mjs).
//
//   node --test tests/js/admin-csv.test.mjs

import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { parseSeats, splitLine, formatField, toCsv, setRowFlags, parseFlag } from "../../www/csv.js";
import { createRowChecker, countEffects, effectOf, reindex } from "../../www/rows.js";
import { validateEdits } from "../../pkg/node.mjs";

const A = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const B = "0825129a-2ae4-412e-9488-d61c2bf9ebba";
const C = "43bf28bb-a628-42ad-a07b-fe83940b062a";
const REMOVE = { access_seat: false, gateway_seat: false };

const edits = (text, options) => parseSeats(text, options).rows.map((row) => row.edit ?? { problem: row.problem });

describe("csv.js", () => {
  it("reads seat_uid,access_seat,gateway_seat lines, with or without a header, any case of true/false", () => {
    const rows = [`${A},true,false`, `${B},FALSE,True`];
    const expected = [
      { seat_uid: A, access_seat: true, gateway_seat: false },
      { seat_uid: B, access_seat: false, gateway_seat: true },
    ];
    assert.deepEqual(edits(rows.join("\n")), expected);
    assert.deepEqual(edits(["seat_uid,access_seat,gateway_seat", ...rows].join("\r\n")), expected);
    assert.deepEqual(parseSeats(`SEAT_UID,Access_Seat,Gateway_Seat\n${rows[0]}`).header, {
      line: 1,
      columns: { seat_uid: 0, access_seat: 1, gateway_seat: 2 },
      width: 3,
    });
  });

  it("takes the columns in the header's order and ignores extra named columns", () => {
    const text = `\uFEFFgateway_seat,note,seat_uid,access_seat\r\ntrue,"left, in May",${A},false\r\n`;
    assert.deepEqual(edits(text), [{ seat_uid: A, access_seat: false, gateway_seat: true }]);
  });

  it("gives a lone seat UID the chosen flags, and refuses lone values that look mis-separated", () => {
    assert.deepEqual(edits(`${A}\n${B}`), [{ seat_uid: A, ...REMOVE }, { seat_uid: B, ...REMOVE }]);
    const both = { access_seat: true, gateway_seat: true };
    assert.deepEqual(edits(A, { bareFlags: both }), [{ seat_uid: A, ...both }]);
    assert.equal(parseSeats(A).rows[0].bare, true);
    assert.deepEqual(edits(`${A};true;false`), [{ problem: "separate seat_uid, access_seat and gateway_seat with commas" }]);
    assert.deepEqual(edits(`${A}\ttrue\tfalse`), [{ problem: "separate seat_uid, access_seat and gateway_seat with commas" }]);
  });

  it("skips blank lines and # comments but keeps the textarea's line numbers", () => {
    const parsed = parseSeats(`# removals\n\n${A},false,false\n   \n${B},true,true\n`);
    assert.deepEqual(parsed.rows.map((row) => row.line), [3, 5]);
  });

  it("leaves what is not true/false, or missing, for the package to name", () => {
    assert.deepEqual(edits(`${A},yes,false\n${B},true\n${C},,`), [
      { seat_uid: A, access_seat: "yes", gateway_seat: false },
      { seat_uid: B, access_seat: true },
      { seat_uid: C, access_seat: "", gateway_seat: "" },
    ]);
    assert.equal(parseFlag("TRUE"), true);
    assert.equal(parseFlag("0"), "0");
  });

  it("reports CSV-level problems on their line", () => {
    const parsed = parseSeats(`${A},true,true,extra\n"${B},true,true\n"${C}" x,true,true\nseat_uid,access_seat`);
    assert.deepEqual(parsed.rows.map((row) => [row.line, row.problem]), [
      [1, "4 fields: expected seat_uid,access_seat,gateway_seat (add a header row to name extra columns)"],
      [2, "a quoted field is not closed"],
      [3, "text after a closing quote"],
      // A header-like line after data is data: its uid is "seat_uid".
      [4, undefined],
    ]);
    assert.equal(parseSeats("seat_uid\nabc").header.problem, "the header row has no access_seat or gateway_seat column");
    assert.equal(parseSeats(`seat_uid,access_seat,gateway_seat\n${A},true,true,x`).rows[0].problem, "4 fields, but the header row names 3");
  });

  it("splits quoted fields as RFC 4180 does", () => {
    assert.deepEqual(splitLine(' a , "b, ""c""" ,d'), { fields: ["a", 'b, "c"', "d"] });
    assert.deepEqual(splitLine('" padded "'), { fields: [" padded "] });
    assert.deepEqual(splitLine("a,"), { fields: ["a", ""] });
    assert.deepEqual(splitLine('a"b'), { problem: "a quote inside an unquoted field" });
  });

  it("writes CSV that reads back the same", () => {
    assert.equal(formatField('say "hi", twice'), '"say ""hi"", twice"');
    assert.equal(formatField(" x"), '" x"');
    assert.equal(formatField("plain"), "plain");
    const csv = toCsv([["seat_uid", "access_seat", "gateway_seat"], ["a,b", "true", "false"]]);
    assert.equal(csv, 'seat_uid,access_seat,gateway_seat\r\n"a,b",true,false\r\n');
    assert.deepEqual(edits(csv), [{ seat_uid: "a,b", access_seat: true, gateway_seat: false }]);
  });

  it("rewrites one line's flags in place, keeping its other columns", () => {
    const flags = { access_seat: true, gateway_seat: false };
    assert.equal(setRowFlags(`${A}\n${B}`, 2, flags, null), `${A}\n${B},true,false`);
    assert.equal(setRowFlags(`${A},false,false`, 1, flags, null), `${A},true,false`);
    const text = `note,gateway_seat,seat_uid,access_seat\n"a, b",true,${A},true`;
    const { header } = parseSeats(text);
    assert.equal(setRowFlags(text, 2, flags, header), `note,gateway_seat,seat_uid,access_seat\n"a, b",false,${A},true`);
    assert.equal(setRowFlags("seat_uid\nx", 2, flags, parseSeats("seat_uid\nx").header), null);
  });
});

describe("rows.js with the package's validateEdits", () => {
  const checker = () => createRowChecker(validateEdits);

  it("counts kept (both), changed (one seat type) and removed (none)", () => {
    assert.equal(effectOf({ access_seat: true, gateway_seat: true }), "kept");
    assert.equal(effectOf({ access_seat: true, gateway_seat: false }), "access-only");
    assert.equal(effectOf({ access_seat: false, gateway_seat: true }), "gateway-only");
    assert.equal(effectOf(REMOVE), "removed");
    const counts = countEffects(edits(`${A},true,true\n${B},true,false\n${C},false,false`));
    assert.deepEqual(counts, { total: 3, kept: 1, changed: 1, accessOnly: 1, gatewayOnly: 0, removed: 1 });
  });

  it("passes a clean paste and keeps its body in order", () => {
    const checked = checker().check(parseSeats(`seat_uid,access_seat,gateway_seat\n${A},false,false\n\n${B},true,true`));
    assert.equal(checked.problems, 0);
    assert.deepEqual(checked.lines, [2, 4]);
    assert.deepEqual(checked.body.map((e) => e.seat_uid), [A, B]);
    assert.deepEqual(checked.rows.map((r) => r.effect), ["removed", "kept"]);
    assert.deepEqual(validateEdits(checked.body).length, 2);
  });

  it("marks every bad row with the package's message for its place in the whole body", () => {
    const text = [`${A},true,true`, `${"x".repeat(37)},true,true`, `${B},maybe,true`, `${A},false,false`, `${C}`, `"broken`].join("\n");
    const checked = checker().check(parseSeats(text, { bareFlags: REMOVE }));
    const marks = checked.rows.map((row) => row.error?.message ?? row.problem ?? null);
    assert.deepEqual(marks, [
      null,
      "ValidationError: body[1].seat_uid must be at most 36 characters",
      "ValidationError: body[2].access_seat must be a boolean (got a string)",
      "ValidationError: body[3].seat_uid repeats body[0].seat_uid: each seat may appear once per edit",
      null,
      "a quoted field is not closed",
    ]);
    assert.deepEqual(checked.rows.map((row) => row.error?.field ?? null).slice(0, 4), [null, "body[1].seat_uid", "body[2].access_seat", "body[3].seat_uid"]);
    assert.equal(checked.rows[3].duplicateOf, 1);
    assert.deepEqual([checked.invalid, checked.duplicates, checked.problems], [3, 1, 4]);
    // The first mark is exactly what the package says about the whole body.
    assert.throws(() => validateEdits(checked.body), (err) => `${err.name}: ${err.message}` === marks[1]);
    // Only rows that can be sent are counted.
    assert.deepEqual(checked.counts, { total: 2, kept: 1, changed: 0, accessOnly: 0, gatewayOnly: 0, removed: 1 });
  });

  it("flags a header without the flag columns as a problem", () => {
    const checked = checker().check(parseSeats(`seat_uid\n${A}`));
    assert.equal(checked.problems, 2); // the header, and the row without flags
    assert.equal(checked.rows[0].error.message, "ValidationError: body[0].access_seat is required");
  });

  it("re-indexes package messages", () => {
    assert.deepEqual(
      reindex({ message: "ValidationError: body[1].seat_uid repeats body[0].seat_uid", field: "body[1].seat_uid" }, [4, 9]),
      { message: "ValidationError: body[9].seat_uid repeats body[4].seat_uid", field: "body[9].seat_uid" },
    );
  });

  it("checks 100,000 rows in one pass and re-checks an edited paste from its cache", () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")},${i % 2 === 0},true`);
    const rows = checker();
    const clean = rows.check(parseSeats(lines.join("\n")));
    assert.equal(clean.problems, 0);
    assert.equal(clean.counts.kept, 50_000);
    lines[70_000] = "bad,maybe,true";
    const dirty = rows.check(parseSeats(lines.join("\n")));
    assert.equal(dirty.problems, 1);
    assert.equal(dirty.rows[70_000].error.message, "ValidationError: body[70000].access_seat must be a boolean (got a string)");
  });
});
