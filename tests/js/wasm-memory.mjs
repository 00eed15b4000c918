// The linear memory of the wasm instance that pkg/node.mjs itself creates. node.mjs is a bundle
// with its own copy of the glue, so pkg/zero_trust_seats.js's initSync makes a second, idle
// instance whose memory never grows: watching that one measured nothing. This wraps
// WebAssembly.Instance while node.mjs loads (it instantiates synchronously at import) and keeps
// the memory of the instance it made.
//
//   const { pkg, memory } = await loadWatched();   // pkg: node.mjs's exports

/** Imports pkg/node.mjs (once per process) and returns its exports and its instance's memory. */
export async function loadWatched() {
  const Instance = WebAssembly.Instance;
  const made = [];
  WebAssembly.Instance = function (module, imports) {
    const instance = new Instance(module, imports);
    made.push(instance);
    return instance;
  };
  let pkg;
  try {
    pkg = await import("../../pkg/node.mjs");
  } finally {
    WebAssembly.Instance = Instance;
  }
  const memories = made.flatMap((instance) => Object.values(instance.exports).filter((value) => value instanceof WebAssembly.Memory));
  if (memories.length !== 1) throw new Error(`node.mjs made ${made.length} instances with ${memories.length} memories; expected one`);
  return { pkg, memory: memories[0] };
}
