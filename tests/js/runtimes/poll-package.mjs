// A worker of build.test.mjs: looks at a package folder as fast as it can until told to stop,
// then posts what it saw: { complete, absent, acrossSwap, partial: [first few problems] }.
// A look that fails while the folder was replaced under it (another inode at the end) is
// counted `acrossSwap`, not partial: a reader going by paths can always meet that, and the
// next look sees the new folder whole. `partial` is one folder seen incomplete.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { parentPort, workerData } from "node:worker_threads";

const { dir, stop } = workerData;
const inode = () => statSync(dir, { throwIfNoEntry: false })?.ino;

/** The first file the package.json's `files` (or the build stamp) names that is missing, or null. */
function missingFile() {
  const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
  const wanted = [...manifest.files, ".build-stamp"];
  return wanted.find((file) => !existsSync(join(dir, file))) ?? null;
}

const seen = { complete: 0, absent: 0, acrossSwap: 0, partial: [] };
while (Atomics.load(stop, 0) === 0) {
  const before = inode();
  if (before === undefined) {
    seen.absent++;
    continue;
  }
  let problem;
  try {
    problem = missingFile();
  } catch (err) {
    problem = err.message;
  }
  if (!problem) seen.complete++;
  else if (inode() !== before) seen.acrossSwap++;
  else if (seen.partial.length < 5) seen.partial.push(problem);
}
parentPort.postMessage(seen);
