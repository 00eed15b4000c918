// Checks parsed rows with the package's own validation and sums up what an edit would do.
// No DOM: `validateEdits` is passed in (pkg/browser.js in the page, pkg/node.mjs in tests).
//
// validateEdits stops at the first problem of a body, but the page marks every bad row, so
// each row is checked as a body of its own and the package's message is re-indexed to the
// row's place in the whole body: `body[0].seat_uid ...` of row 7 reads `body[7].seat_uid ...`,
// exactly what validateEdits(wholeBody) says when row 7 is the first problem. The whole body
// is still checked once more at preview time; that check is the one that gates sending.

/** What a seat edit does: both flags false removes the seat. */
export function effectOf(edit) {
  if (edit.access_seat && edit.gateway_seat) return "kept";
  if (edit.access_seat || edit.gateway_seat) return edit.access_seat ? "access-only" : "gateway-only";
  return "removed";
}

/** Counts of a valid body: kept (both seat types), changed (one seat type), removed (none). */
export function countEffects(body) {
  const counts = { total: body.length, kept: 0, changed: 0, accessOnly: 0, gatewayOnly: 0, removed: 0 };
  for (const edit of body) {
    const effect = effectOf(edit);
    if (effect === "access-only") counts.accessOnly++;
    else if (effect === "gateway-only") counts.gatewayOnly++;
    else counts[effect]++;
  }
  counts.changed = counts.accessOnly + counts.gatewayOnly;
  return counts;
}

/**
 * Creates a checker with a cache of per-row verdicts: a 100,000-line paste is checked once, and
 * editing one line afterwards re-checks that line only.
 */
export function createRowChecker(validateEdits) {
  const verdicts = new Map();

  /** The package's message for one edit standing at body[0], or null when it is valid. */
  function verdict(edit) {
    const key = JSON.stringify(edit);
    if (!verdicts.has(key)) verdicts.set(key, messageOf(() => validateEdits([edit])));
    return verdicts.get(key);
  }

  /** The package's message about a repeated seat_uid, for body[1] repeating body[0]. */
  function repeatMessage(seatUid) {
    const edit = { seat_uid: seatUid, access_seat: true, gateway_seat: true };
    return messageOf(() => validateEdits([edit, edit]));
  }

  /**
   * Annotates `parsed.rows` in place: `index` (place in the body), `error` ({ message, field })
   * from the package (`message` as `ValidationError: body[3].seat_uid …`), `duplicateOf` (line of the first row with that seat_uid), `effect`.
   * Returns the summary { rows, body, lines, invalid, duplicates, problems, counts, header }.
   */
  function check(parsed) {
    const body = [];
    const lines = [];
    let invalid = 0;
    for (const row of parsed.rows) {
      if (row.problem) {
        invalid++;
        continue;
      }
      row.index = body.length;
      body.push(row.edit);
      lines.push(row.line);
    }
    // The usual case, a clean paste: one call checks every row (and finds no repeats).
    const clean = messageOf(() => validateEdits(body)) === null;
    const rows = parsed.rows.filter((row) => !row.problem);
    const { errors, duplicates } = clean ? { errors: 0, duplicates: 0 } : markRows(rows);
    for (const row of rows) {
      if (!row.error || row.duplicateOf) row.effect = effectOf(row.edit);
    }
    invalid += errors;
    const problems = invalid + duplicates + (parsed.header?.problem ? 1 : 0);
    // Counts of the rows that can be sent as they are; the preview counts the checked body.
    const counts = countEffects(rows.filter((row) => !row.error).map((row) => row.edit));
    return { rows: parsed.rows, header: parsed.header, body, lines, invalid, duplicates, problems, counts };
  }

  /** Marks each row the package refuses, and each repeat of an earlier valid row. */
  function markRows(rows) {
    const firstOf = new Map();
    let errors = 0;
    let duplicates = 0;
    for (const row of rows) {
      const error = verdict(row.edit);
      if (error) {
        row.error = reindex(error, [row.index]);
        errors++;
        continue;
      }
      const first = firstOf.get(row.edit.seat_uid);
      if (first === undefined) {
        firstOf.set(row.edit.seat_uid, row);
        continue;
      }
      row.duplicateOf = first.line;
      row.error = reindex(repeatMessage(row.edit.seat_uid), [first.index, row.index]);
      duplicates++;
    }
    return { errors, duplicates };
  }

  return { check };
}

function messageOf(run) {
  try {
    run();
    return null;
  } catch (err) {
    if (err?.name !== "ValidationError") throw err;
    // The row's mark names the class, as the API's marks do (`NotFoundError: [12130] …`).
    return { message: `${err.name}: ${err.message}`, field: err.field ?? "" };
  }
}

/** Rewrites `body[i]` of a message checked on a small body to the indexes in the whole body. */
export function reindex({ message, field }, indexes) {
  const to = (text) => text.replace(/body\[(\d+)\]/g, (all, i) => (indexes[i] === undefined ? all : `body[${indexes[i]}]`));
  return { message: to(message), field: to(field) };
}
