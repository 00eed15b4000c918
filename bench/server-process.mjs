// The bench server in a process of its own, so none of its CPU or memory counts against a
// client: what run.mjs, profile.mjs and interleave.mjs start before their clients.

import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const SERVER = fileURLToPath(new URL("server.mjs", import.meta.url));

/** Starts bench/server.mjs on a free port; resolves to { url, stop } once it listens. */
export function startServerProcess() {
  return new Promise((resolveStart, reject) => {
    const child = spawn(process.execPath, [SERVER, "0"], { stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    const onData = (chunk) => {
      out += chunk;
      const m = /listening on (\S+)/.exec(out);
      if (!m) return;
      child.stdout.off("data", onData);
      child.stdout.resume();
      resolveStart({ url: m[1], stop: () => { child.stdin.end(); child.kill("SIGTERM"); } });
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.once("exit", (code) => reject(new Error(`the bench server exited (${code}) before listening`)));
    child.once("error", reject);
  });
}
