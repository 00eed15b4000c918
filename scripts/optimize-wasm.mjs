// The wasm-opt step of the build: optimises wasm-pack's .wasm with the flags in Cargo.toml
// ([package.metadata.zero-trust-seats] wasm-opt), which also shorten its import, export and
// module names (`--minify-imports-and-exports-and-modules`). wasm-bindgen names each import
// `__wbg_<name>_<16 hex digits>` under a module named by its path ("./zero_trust_seats_bg.js",
// "./snippets/…/read-lists.js"): ~5.9 KB of the .wasm, and the same names again in the glue,
// random hex that gzip cannot squeeze. wasm-opt prints the map of what it renamed; this script
// applies it to the glue's import object, its `wasm.<export>` calls and the declarations, then
// checks that the result links. wasm-pack's own wasm-opt run is off (Cargo.toml): it drops the map.
//
//   node scripts/optimize-wasm.mjs <wasm-pack output folder>      (scripts/build.sh runs it)
//
// A folder whose glue is renamed already (a copy of a built package) is left as it is.

import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { wasmOptFlags } from "./wasm-opt-flags.mjs";

const root = resolve(fileURLToPath(new URL("..", import.meta.url)));
const dir = resolve(process.argv[2] ?? join(root, "pkg"));
const wasmPath = join(dir, "zero_trust_seats_bg.wasm");
const gluePath = join(dir, "zero_trust_seats.js");
const typesPath = join(dir, "zero_trust_seats.d.ts");
const BG_MODULE = "./zero_trust_seats_bg.js";
const MINIFY = "--minify-imports-and-exports-and-modules";

/** Cargo.toml's wasm-opt flags, which must shorten the names. */
function flags() {
  const listed = wasmOptFlags();
  if (!listed.includes(MINIFY)) fail(`Cargo.toml's wasm-opt flags must include ${MINIFY}`);
  return listed;
}

function fail(message) {
  throw new Error(`optimize-wasm: ${message}`);
}

/**
 * Replaces the one match of `pattern` in `text` by `replace(...match)` (a function: the new names
 * hold `$`, which a replacement string would read as a pattern); more or none is a glue this
 * script does not know.
 */
function replaceOnce(text, pattern, replace, what) {
  let count = 0;
  const out = text.replace(pattern, (...match) => {
    count++;
    return replace(...match);
  });
  if (count !== 1) fail(`${what}: found ${count} times, expected once`);
  return out;
}

const escape = (name) => name.replace(/[$]/g, "\\$&");

let glue = readFileSync(gluePath, "utf8");
const imported = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath)));
if (!imported.some((i) => i.module === BG_MODULE) && !glue.includes(JSON.stringify(BG_MODULE))) {
  console.log("optimize-wasm: the .wasm and glue are optimised and renamed already: left as they are");
  process.exit(0);
}

const wasmOpt = join(root, "node_modules", ".bin", "wasm-opt");
const map = JSON.parse(execFileSync(wasmOpt, [...flags(), wasmPath, "-o", wasmPath], { encoding: "utf8" }));
const module = new WebAssembly.Module(readFileSync(wasmPath));
const modules = new Set(WebAssembly.Module.imports(module).map((i) => i.module));
if (modules.size !== 1) fail(`expected one import module after renaming, got ${[...modules].join(", ")}`);
const [newModule] = modules;
const exportNames = new Set(WebAssembly.Module.exports(module).map((e) => e.name));

// The import object: `return { __proto__: null, "<module>": <object>, … };` at the end of
// __wbg_get_imports, where the bg module's object is a literal of `<name>: function(…)` and any
// other module's is its namespace import.
const returned = /return \{\n\s+__proto__: null,\n((?:\s+"[^"]+": \w+,\n)+)\s+\};/;
const entries = returned.exec(glue)?.[1] ?? fail("no import object found in the glue");
const objectOf = new Map([...entries.matchAll(/"([^"]+)": (\w+),/g)].map((m) => [m[1], m[2]]));
const bgObject = objectOf.get(BG_MODULE) ?? fail(`no ${BG_MODULE} imports in the glue`);
const borrowed = [];
for (const [from, name, renamed] of map.imports) {
  if (from === BG_MODULE) {
    const key = new RegExp(`^(\\s+)${escape(name)}(: function\\()`, "m");
    glue = replaceOnce(glue, key, (_, before, after) => before + renamed + after, `import ${name}`);
  } else {
    const namespace = objectOf.get(from) ?? fail(`no import object for ${from}`);
    borrowed.push(`    ${bgObject}[${JSON.stringify(renamed)}] = ${namespace}.${name};\n`);
  }
}
glue = replaceOnce(
  glue,
  returned,
  () => `${borrowed.join("")}    return {\n        __proto__: null,\n        ${JSON.stringify(newModule)}: ${bgObject},\n    };`,
  "import object",
);

// The exports: every `wasm.<name>` of the glue, and the declared InitOutput.
const renamedExport = new Map(map.exports);
glue = glue.replace(/\bwasm\.([A-Za-z_$][\w$]*)/g, (whole, name) => {
  const renamed = renamedExport.get(name) ?? fail(`the glue uses wasm.${name}, which the module does not export`);
  return `wasm.${renamed}`;
});
let types = readFileSync(typesPath, "utf8");
for (const [name, renamed] of map.exports) {
  const field = new RegExp(`(\\n\\s+readonly )${escape(name)}(:)`);
  types = types.replace(field, (_, before, after) => before + renamed + after);
}
for (const name of glue.matchAll(/\bwasm\.([A-Za-z_$][\w$]*)/g)) {
  if (!exportNames.has(name[1])) fail(`wasm.${name[1]} is not an export`);
}
writeFileSync(gluePath, glue);
writeFileSync(typesPath, types);

// It must link: every import the module asks for is in the glue's import object.
const { initSync } = await import(`${pathToFileURL(gluePath).href}?check=${Date.now()}`);
initSync({ module });
console.log(`optimize-wasm: ${map.imports.length} imports and ${map.exports.length} exports renamed`);
