// Puts a finished build in place of pkg/ (scripts/build.sh runs it last):
//
//   node scripts/replace-dir.mjs pkg.next.123 pkg
//
// pkg/ must never be seen half-built: tests, the demo server and the benchmark read it while a
// build runs. The build happens beside it; this swaps the two with two renames, one right after
// the other in this process: pkg/ → pkg.old.<pid>/, then the new build → pkg/. A reader sees
// the old package or the new one, whole; only between the two renames (microseconds; measured
// by tests/js/build.test.mjs) is there no pkg/ at all. Linux can swap in one step
// (renameat2 RENAME_EXCHANGE) but neither Node nor Debian 12's mv offers it.
import { renameSync, rmSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** Replaces the directory `live` (which may be missing) by `next`, then deletes the old one. */
export function replaceDir(next, live) {
  const old = `${live}.old.${process.pid}`;
  const hadOld = moveAway(live, old);
  try {
    renameSync(next, live);
  } catch (err) {
    // Another build put its pkg/ in place between our renames: keep that one, drop ours.
    if (err.code !== "ENOTEMPTY" && err.code !== "EEXIST") {
      if (hadOld) renameSync(old, live);
      throw err;
    }
    rmSync(next, { recursive: true, force: true });
  }
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

function moveAway(live, old) {
  try {
    renameSync(live, old);
    return true;
  } catch (err) {
    if (err.code === "ENOENT") return false;
    throw err;
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [next, live] = process.argv.slice(2);
  if (!next || !live) throw new Error("usage: node scripts/replace-dir.mjs NEXT_DIR LIVE_DIR");
  replaceDir(next, live);
}
