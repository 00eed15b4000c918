// Where the seat list's text lives: in the textarea, or in memory only when it is large.
//
// A browser takes seconds to lay out a textarea holding 100,000 lines (~4.6 MB), and again on
// every change, so a large file or a large paste into an empty box is kept in memory instead,
// with a note in the textarea's place; the rows table still shows and marks every row, and
// the toggles still work. "Edit as text" puts it into the textarea anyway.

import { $, formatCount } from "./dom.js";

export const LARGE_LINES = 5000;

export function createSource({ onChange }) {
  const input = $("seats-input");
  const note = $("large-note");
  /** { name, text } while a large list is held in memory, else null. */
  let held = null;

  input.addEventListener("input", () => onChange({ typing: true }));
  input.addEventListener("paste", onPaste);
  $("large-edit").addEventListener("click", () => {
    const { text } = held;
    held = null;
    show();
    input.value = text;
    input.focus();
    onChange({});
  });
  $("large-clear").addEventListener("click", () => {
    held = null;
    input.value = "";
    show();
    input.focus();
    onChange({});
  });

  // Only a paste that replaces everything is taken over: one into the middle of existing text
  // stays an ordinary edit.
  function onPaste(event) {
    const text = event.clipboardData?.getData("text/plain") ?? "";
    const replacesAll = input.selectionStart === 0 && input.selectionEnd === input.value.length;
    if (!replacesAll || !isLarge(text)) return;
    event.preventDefault();
    set(text, "Pasted text");
  }

  function text() {
    return held ? held.text : input.value;
  }

  /** Replaces the whole list; `name` says where it came from (a file name). */
  function set(value, name) {
    if (isLarge(value)) {
      held = { name, text: value };
      input.value = "";
    } else {
      held = null;
      input.value = value;
    }
    show();
    onChange({});
  }

  /** Writes back an edited list (a toggle), wherever it lives. */
  function replace(value) {
    if (held) held.text = value;
    else input.value = value;
  }

  function show() {
    input.hidden = Boolean(held);
    note.hidden = !held;
    if (held) {
      $("large-text").textContent =
        `${held.name}: ${formatCount(countLines(held.text))} lines, checked below. ` +
        "Held in memory rather than in the text box, which would take seconds per change.";
    }
  }

  return { text, set, replace, isHeld: () => Boolean(held) };
}

function isLarge(text) {
  return countLines(text, LARGE_LINES) > LARGE_LINES;
}

/** Counts lines, stopping early past `stop`. */
function countLines(text, stop = Infinity) {
  let lines = 1;
  for (let i = text.indexOf("\n"); i >= 0 && lines <= stop; i = text.indexOf("\n", i + 1)) lines++;
  return lines;
}
