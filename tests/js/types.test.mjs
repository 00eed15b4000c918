// The package's TypeScript types, as a TypeScript user gets them: the packed tarball installed
// into a scratch project, consumers from tests/types/ compiled with the root's `tsc --strict
// --noEmit` (correct use compiles; every `@ts-expect-error` line is wrong use that must fail),
// and the compiler API walking everything the types entry exports: no `any` anywhere, no
// wasm-bindgen init internals.
//
//   node --test tests/js/types.test.mjs

import { test, before } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { cpSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { promisify } from "node:util";
import { BIN, REPO, devBin, scratchProject } from "./runtimes/tarball.mjs";

const TYPES_DIR = join(REPO, "tests", "types");
const TIMEOUT = 180_000;

const VALUE_EXPORTS = [
  "Client", "editSeats", "validateEdits",
  "ZeroTrustSeatsError", "ValidationError", "APIError", "BadRequestError", "AuthenticationError",
  "PermissionDeniedError", "NotFoundError", "ConflictError", "UnprocessableEntityError", "RateLimitError",
  "InternalServerError", "InvalidResponseError", "APIConnectionError", "APIConnectionTimeoutError",
  "APIUserAbortError",
];
const TYPE_EXPORTS = ["SeatEdit", "Seat", "SeatsPage", "ResultInfo", "ResponseInfo", "ClientOptions", "RequestOptions"];
/** wasm-bindgen's loader: the entries call it, users never need it. */
const INIT_INTERNALS = ["default", "initSync", "__wbg_init", "InitInput", "InitOutput", "SyncInitInput"];
const ERROR_FIELDS = ["name", "message", "status", "errors", "messages", "rayId", "attempts", "retryAfterMs"];

let project;
let runtimeKeys;

before(async () => {
  devBin("tsc");
  project = await scratchProject("types", { packageJson: { type: "module" } });
  cpSync(TYPES_DIR, project.dir, { recursive: true });
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--input-type=module", "-e", 'import * as pkg from "zero-trust-seats"; console.log(JSON.stringify(Object.keys(pkg).sort()));'],
    { cwd: project.dir, encoding: "utf8" },
  );
  runtimeKeys = JSON.parse(stdout);
});

async function tsc(config) {
  try {
    await promisify(execFile)(join(BIN, "tsc"), ["-p", config, "--pretty", "false"], { cwd: project.dir, encoding: "utf8" });
    return "";
  } catch (err) {
    return `${err.stdout ?? ""}${err.stderr ?? ""}` || err.message;
  }
}

test("a strict bundler-style consumer compiles, and each wrong use is a compile error", { timeout: TIMEOUT }, async () => {
  const config = JSON.parse(readFileSync(join(TYPES_DIR, "tsconfig.json"), "utf8")).compilerOptions;
  assert.equal(config.strict, true);
  assert.equal(config.noEmit, true);
  assert.equal(config.skipLibCheck, false, "the package's own .d.ts must be checked too");
  const source = readFileSync(join(TYPES_DIR, "consumer.ts"), "utf8");
  const expected = source.match(/@ts-expect-error/g).length;
  assert.ok(expected >= 15, `only ${expected} @ts-expect-error checks`);
  // An unused @ts-expect-error is itself an error (TS2578): exit 0 proves each wrong use failed.
  assert.equal(await tsc("tsconfig.json"), "", "tsc --strict --noEmit -p tests/types/tsconfig.json");
});

test("Node consumers (ESM .mts and CommonJS .cts, nodenext resolution) compile", { timeout: TIMEOUT }, async () => {
  assert.equal(await tsc("tsconfig.node.json"), "", "tsc -p tests/types/tsconfig.node.json");
});

test("Node consumers compile under module node16 too, the CommonJS one against index.d.cts", { timeout: TIMEOUT }, async () => {
  // One compile that also lists the files it read: the CommonJS consumer must have got index.d.cts.
  const { stdout } = await promisify(execFile)(join(BIN, "tsc"), ["-p", "tsconfig.node16.json", "--pretty", "false", "--listFiles"], {
    cwd: project.dir,
    encoding: "utf8",
  }).catch((err) => assert.fail(`tsc -p tests/types/tsconfig.node16.json:\n${err.stdout ?? ""}${err.stderr ?? err.message}`));
  const ours = stdout.split("\n").filter((f) => f.includes("node_modules/zero-trust-seats/")).map((f) => f.split("zero-trust-seats/")[1]);
  assert.ok(ours.includes("index.d.cts") && ours.includes("index.d.ts"), ours.join(", "));
});

test("the types entry exports exactly the API, with no `any` and no init internals", { timeout: TIMEOUT }, () => {
  const ts = createRequire(join(REPO, "package.json"))("typescript");
  const probe = project.path("probe.ts");
  project.write("probe.ts", 'import * as pkg from "zero-trust-seats";\nexport { pkg };\n');
  const program = ts.createProgram([probe], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
    types: [],
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(probe);
  const specifier = source.statements[0].moduleSpecifier;
  const moduleSymbol = checker.getSymbolAtLocation(specifier);
  assert.ok(moduleSymbol, "zero-trust-seats has no types entry that tsc can resolve");
  const entry = moduleSymbol.declarations[0].getSourceFile().fileName;
  assert.match(entry, /node_modules\/zero-trust-seats\/index\.d\.ts$/);

  const exported = new Map(checker.getExportsOfModule(moduleSymbol).map((s) => [s.getName(), s]));
  for (const name of [...VALUE_EXPORTS, ...TYPE_EXPORTS]) assert.ok(exported.has(name), `${name} is not exported by the types`);
  for (const name of INIT_INTERNALS) assert.ok(!exported.has(name), `the types entry exports the init internal ${name}`);
  // The values the types declare are exactly the values the package exports at run time.
  const resolved = (s) => (s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
  const typedValues = [...exported].filter(([, s]) => resolved(s).flags & ts.SymbolFlags.Value).map(([n]) => n).sort();
  assert.deepEqual(typedValues, runtimeKeys, "values in index.d.ts vs. exports of node.mjs");

  const inPackage = (decl) => decl.getSourceFile().fileName.includes("/node_modules/zero-trust-seats/");
  const problems = [];

  // 1. Declaration text: no `any` in any declaration the exports lead to (comments stripped).
  const seenDecls = new Set();
  const visitDecl = (decl, where) => {
    if (seenDecls.has(decl) || !inPackage(decl)) return;
    seenDecls.add(decl);
    const text = stripComments(decl.getText());
    // String literal types ("any" of a seat-kind union) are text, not the `any` type: blanked out.
    const code = text.replace(/"[^"\n]*"/g, (literal) => `"${" ".repeat(literal.length - 2)}"`);
    for (const match of code.matchAll(/\bany\b/g)) {
      const line = text.slice(0, match.index).split("\n").length - 1;
      problems.push(`${where}: \`${text.split("\n")[line].trim()}\` (${decl.getSourceFile().fileName.split("node_modules/")[1]})`);
    }
  };

  // 2. Types: walk every exported symbol's type, into the package's own types (properties,
  //    signatures, unions, type arguments); a type from the package or unresolved as `any`
  //    (e.g. a lib type missing) is reported.
  const seenTypes = new Set();
  const visitType = (type, where, depth = 0) => {
    if (!type || depth > 12) return;
    if (type.flags & ts.TypeFlags.Any) {
      problems.push(`${where}: ${checker.typeToString(type)}`);
      return;
    }
    if (seenTypes.has(type)) return;
    seenTypes.add(type);
    if (type.isUnionOrIntersection()) {
      type.types.forEach((t, i) => visitType(t, `${where}|${i}`, depth + 1));
      return;
    }
    for (const arg of type.aliasTypeArguments ?? []) visitType(arg, `${where}<alias arg>`, depth + 1);
    if (type.flags & ts.TypeFlags.Object && type.objectFlags & ts.ObjectFlags.Reference) {
      checker.getTypeArguments(type).forEach((arg, i) => visitType(arg, `${where}<${i}>`, depth + 1));
    }
    const symbol = type.getSymbol() ?? type.aliasSymbol;
    const own = symbol?.declarations?.some(inPackage) ?? false;
    // Anonymous object and function types (e.g. `typeof fetch`'s signature) are walked too.
    const anonymous = !symbol || symbol.flags & (ts.SymbolFlags.TypeLiteral | ts.SymbolFlags.ObjectLiteral);
    if (!own && !anonymous) return;
    for (const decl of symbol?.declarations ?? []) visitDecl(decl, where);
    for (const prop of checker.getPropertiesOfType(type)) {
      const decl = prop.valueDeclaration ?? prop.declarations?.[0];
      if (decl && !inPackage(decl)) continue; // inherited from Error, Object…
      visitType(checker.getTypeOfSymbol(prop), `${where}.${prop.getName()}`, depth + 1);
    }
    for (const kind of [ts.SignatureKind.Call, ts.SignatureKind.Construct]) {
      for (const sig of checker.getSignaturesOfType(type, kind)) visitSignature(sig, where, depth);
    }
    for (const info of checker.getIndexInfosOfType(type)) visitType(info.type, `${where}[index]`, depth + 1);
  };
  const visitSignature = (sig, where, depth) => {
    for (const param of sig.getParameters()) visitType(checker.getTypeOfSymbol(param), `${where}(${param.getName()})`, depth + 1);
    visitType(sig.getReturnType(), `${where}()`, depth + 1);
  };

  for (const [name, alias] of exported) {
    const symbol = alias.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(alias) : alias;
    for (const decl of symbol.declarations ?? []) visitDecl(decl, name);
    if (symbol.flags & ts.SymbolFlags.Value) {
      visitType(checker.getTypeOfSymbol(symbol), `${name} (value)`);
    }
    if (symbol.flags & (ts.SymbolFlags.Class | ts.SymbolFlags.Interface | ts.SymbolFlags.TypeAlias)) {
      visitType(checker.getDeclaredTypeOfSymbol(symbol), `${name} (type)`);
    }
  }
  assert.ok(seenDecls.size >= VALUE_EXPORTS.length + TYPE_EXPORTS.length, `only ${seenDecls.size} declarations walked`);
  assert.deepEqual(problems, [], "`any` in the package's exported types");

  // 3. Every error class has the documented fields, typed (none optional-any).
  const instanceOf = (name) => {
    const symbol = checker.getAliasedSymbol(exported.get(name));
    return checker.getDeclaredTypeOfSymbol(symbol);
  };
  for (const name of [...exported.keys()].filter((n) => n.endsWith("Error"))) {
    const props = new Set(checker.getPropertiesOfType(instanceOf(name)).map((p) => p.getName()));
    for (const field of ERROR_FIELDS) assert.ok(props.has(field), `${name} has no ${field}`);
    if (VALUE_EXPORTS.includes(name)) assert.equal(props.has("field"), name === "ValidationError", `${name}: field`);
  }
  const fieldType = (name, field) => checker.typeToString(checker.getTypeOfSymbol(instanceOf(name).getProperty(field)));
  assert.equal(fieldType("APIError", "status"), "number | undefined");
  assert.equal(fieldType("APIError", "errors"), "ResponseInfo[]");
  assert.equal(fieldType("APIError", "rayId"), "string | undefined");
  assert.equal(fieldType("APIError", "attempts"), "number");
  assert.equal(fieldType("RateLimitError", "retryAfterMs"), "number | undefined");
  assert.equal(fieldType("ValidationError", "field"), "string");
});

function stripComments(text) {
  return text.replace(/\/\*[\s\S]*?\*\//g, "").replace(/\/\/.*$/gm, "");
}
