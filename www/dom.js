// Tiny DOM helpers. Text only ever goes in through textContent: nothing the API or a pasted
// file says can become markup (the CSP's Trusted Types would refuse innerHTML anyway).

export const $ = (id) => document.getElementById(id);

/** An element with attributes (a value of false or null leaves the attribute out) and children. */
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child !== null && child !== undefined && child !== false) node.append(child);
  }
  return node;
}

/** 12345 -> "12,345" in the reader's locale. */
export function formatCount(n) {
  return n.toLocaleString();
}

/** "1 seat" / "2 seats". */
export function plural(n, word, words = `${word}s`) {
  return `${formatCount(n)} ${n === 1 ? word : words}`;
}
