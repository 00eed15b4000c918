// `wasm-pack test --node` as a Rust developer types it, but with no stand-in listening: the
// first failure it prints must say how to start one. (With the stand-in, scripts/test.sh runs
// the wasm suites as exactly these plain commands against `make standin`'s address.)
//
// The URL is compiled into the wasm tests, so pointing them at a closed port rebuilds the two
// test crates (seconds; the dependencies stay built).
//
//   node --test tests/js/wasm-pack-standalone.test.mjs

import { test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createServer } from "node:net";
import { homedir } from "node:os";
import { delimiter, join } from "node:path";
import { promisify } from "node:util";
import { REPO } from "./runtimes/tarball.mjs";

/** The first test wasm-bindgen-test runs (tests/common/mod.rs): the last name in sort order. */
const FIRST_TEST = "zz_runs_first_the_stand_in_answers";

/** A port nothing listens on: one the system just handed out, closed again. */
async function closedPort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Runs wasm-pack in the repository; resolves to { code, out } (stdout then stderr). */
async function wasmPack(args, env) {
  // scripts/env.sh's PATH: cargo's bin (wasm-pack, wasm-bindgen) may not be on the caller's.
  const PATH = [join(homedir(), ".cargo", "bin"), process.env.PATH].join(delimiter);
  try {
    const { stdout, stderr } = await promisify(execFile)("wasm-pack", args, {
      cwd: REPO, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, PATH, ...env },
    });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    return { code: err.code, out: `${err.stdout ?? ""}${err.stderr ?? ""}` || err.message };
  }
}

test("without the stand-in, the first failure of `wasm-pack test --node` says how to start it", { timeout: 300_000 }, async (t) => {
  const url = `http://127.0.0.1:${await closedPort()}`;
  const started = performance.now();
  const { code, out } = await wasmPack(["test", "--node", "--mode", "no-install"], { ZTS_STANDIN_URL: url });
  t.diagnostic(`wasm-pack test --node against ${url}: ${Math.round(performance.now() - started)} ms`);
  assert.notEqual(code, 0, out);
  // The library's own wasm tests (src/wasm) need no stand-in and run first, in their own block
  // ("running N tests"); in the first block that fails: its first result line, the first
  // failure's report, and the first panic message in it.
  const blocks = out.split(/^running \d+ tests?$/m).slice(1);
  const failing = blocks.find((block) => /^test \S+ \.\.\. FAIL$/m.test(block));
  assert.equal(failing?.match(/^test (\S+) \.\.\. (?:ok|FAIL)$/m)?.[1], FIRST_TEST, out);
  assert.ok(blocks.indexOf(failing) > 0, "the library's wasm tests ran first and passed");
  assert.equal(out.match(/^---- (\S+) output ----$/m)?.[1], FIRST_TEST, out);
  assert.equal(
    out.match(/panicked at [^\n]*\n\s*([^\n]*)/)?.[1],
    `the stand-in is not reachable at ${url}: start it with \`make standin\` (README, Tests) [TypeError: fetch failed]`,
  );
});
