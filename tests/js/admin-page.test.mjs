// The admin page in a real browser: Debian's Chromium driven by playwright-core, against the dev
// server running in-process (stand-in mode, and proxy mode with a stand-in as the upstream).
// Needs `make build` first: without pkg/ it fails on purpose, a skipped browser test would hide
// a broken build. Screenshots go to test-output/.
//
//   node --test tests/js/admin-page.test.mjs

import { describe, it, before, after, beforeEach } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import { chromium } from "playwright-core";
import { startStandin } from "../../standin/standin.mjs";
import { startDevServer } from "../../www/server.mjs";
import { validateEdits } from "../../pkg/node.mjs";
import {
  CHROMIUM,
  CHROMIUM_ARGS,
  assertPrerequisites,
  control,
  outputPath,
  recordedRequests,
  seatsOf,
} from "./admin-harness.mjs";

const ACCOUNT = "699d98642c564d2e855e9661899b7252";
const TOKEN = "test-token-0123456789abcdef";
const HEADER = "seat_uid,access_seat,gateway_seat";
const UNKNOWN_SEAT = "00000000-0000-4000-8000-000000000000";
const TIMEOUT = 60_000;

describe("admin page", { timeout: 10 * TIMEOUT }, () => {
  let server;
  let browser;

  before(async () => {
    assertPrerequisites();
    server = await startDevServer({ port: 0, log: () => {} });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  beforeEach(async () => {
    if (server) await control(server.origin, "POST", "/__standin/reset");
  });

  const requests = () => recordedRequests(server.origin);
  const seats = () => seatsOf(server.origin, ACCOUNT);

  it("greets a first-time user with the demo mode, labelled controls and the test hooks", { timeout: TIMEOUT }, async () => {
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      assert.equal(await page.title(), "Zero Trust seats");
      assert.match(await page.getByTestId("mode").innerText(), /Demo mode: .*stand-in.*Nothing leaves this machine/s);
      for (const id of ["account-id", "api-token", "seats-input", "preview", "forget"]) {
        assert.ok(await page.getByTestId(id).isVisible(), `${id} visible`);
      }
      // Present from the start, shown when their step comes.
      for (const id of ["apply", "confirm", "progress", "results", "error"]) {
        assert.equal(await page.getByTestId(id).count(), 1, `${id} present`);
        assert.equal(await page.getByTestId(id).isVisible(), false, `${id} hidden at first`);
      }
      assert.deepEqual(await unlabelledControls(page), []);

      await page.getByRole("button", { name: "Fill in the demo account and token" }).click();
      assert.equal(await page.getByTestId("account-id").inputValue(), ACCOUNT);
      assert.equal(await page.getByTestId("api-token").inputValue(), TOKEN);
      await page.getByRole("button", { name: "Load example seats" }).click();
      await waitForSummary(page, /^6 rows: 3 kept, 2 changed, 1 removed$/);
      assert.deepEqual(await unlabelledControls(page), [], "row toggles are labelled too");
      assert.deepEqual(await requests(), [], "nothing is sent before Apply");
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("previews, confirms a removal, applies, shows and downloads the results", { timeout: TIMEOUT }, async () => {
    const before = await seats();
    const [removed, changed, kept] = before.filter((s) => s.access_seat && s.gateway_seat);
    const csv = [HEADER, `${removed.seat_uid},false,false`, `${changed.seat_uid},true,false`, `${kept.seat_uid},true,true`].join("\n");
    const { page, context, problems, close } = await openPage(browser, server.url, { width: 1280, height: 900 });
    try {
      await page.getByTestId("account-id").fill(ACCOUNT);
      await page.getByTestId("api-token").fill(TOKEN);
      await page.getByTestId("seats-input").fill(csv);
      await waitForSummary(page, /^3 rows: 1 kept, 1 changed, 1 removed$/);
      assert.deepEqual(await rowTable(page), [
        ["2", removed.seat_uid, false, false, "Removed: loses access"],
        ["3", changed.seat_uid, true, false, "Access only"],
        ["4", kept.seat_uid, true, true, "Keeps Access and Gateway"],
      ]);

      await page.getByTestId("preview").click();
      assert.equal(await page.getByTestId("count-kept").innerText(), "1");
      assert.equal(await page.getByTestId("count-changed").innerText(), "1");
      assert.equal(await page.getByTestId("count-removed").innerText(), "1");
      assert.match(await page.getByTestId("preview-panel").innerText(), /1 seat loses access/);

      await page.getByTestId("apply").click();
      const dialog = page.getByRole("dialog");
      await dialog.waitFor({ state: "visible" });
      assert.match(await dialog.innerText(), /Remove 1 seat\?[\s\S]*1 seat loses access/);
      assert.deepEqual(await requests(), [], "nothing is sent before the confirmation");

      // A slow answer, so the progress indicator can be seen while the request runs.
      await control(server.origin, "POST", "/__standin/faults", { delayMs: 1500 });
      await page.getByTestId("confirm").click();
      const progress = page.getByTestId("progress");
      await progress.waitFor({ state: "visible" });
      assert.match(await progress.innerText(), /Sending 3 seat edits/);
      assert.equal(await progress.locator("progress").getAttribute("value"), null, "indeterminate");
      const rows = await resultRows(page);
      assert.equal(await progress.isVisible(), false);

      assert.deepEqual(
        rows.map((r) => r.slice(0, 3)),
        [
          [removed.seat_uid, "false", "false"],
          [changed.seat_uid, "true", "false"],
          [kept.seat_uid, "true", "true"],
        ],
      );
      for (const row of rows) assert.ok(!Number.isNaN(Date.parse(row[3])), `updated_at ${row[3]}`);
      assert.equal(await page.getByTestId("error").isVisible(), false);
      assert.match(await page.getByTestId("results-summary").innerText(), /returned 3 seats, 1 of them removed/);

      const after = await seats();
      assert.equal(after.length, before.length - 1);
      assert.equal(after.find((s) => s.seat_uid === removed.seat_uid), undefined, "the removed seat is still there");
      assert.deepEqual(pick(after.find((s) => s.seat_uid === changed.seat_uid)), [true, false]);
      assert.deepEqual(pick(after.find((s) => s.seat_uid === kept.seat_uid)), [true, true]);
      const [sent, ...more] = await requests();
      assert.equal(more.length, 0, "exactly one API request");
      assert.equal(sent.method, "PATCH");
      assert.equal(sent.path, `/accounts/${ACCOUNT}/access/seats`);
      assert.equal(sent.headers.authorization, `Bearer ${TOKEN}`);
      assert.deepEqual(JSON.parse(sent.body), [
        { access_seat: false, gateway_seat: false, seat_uid: removed.seat_uid },
        { access_seat: true, gateway_seat: false, seat_uid: changed.seat_uid },
        { access_seat: true, gateway_seat: true, seat_uid: kept.seat_uid },
      ]);

      await page.screenshot({ path: outputPath("admin-page-after-apply.png"), fullPage: true });

      const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download").click()]);
      assert.match(download.suggestedFilename(), new RegExp(`^seats-${ACCOUNT}-.*\\.csv$`));
      const file = fs.readFileSync(await download.path(), "utf8");
      assert.deepEqual(
        file.trimEnd().split("\r\n").map((line) => line.split(",").slice(0, 3).join(",")),
        [HEADER, `${removed.seat_uid},false,false`, `${changed.seat_uid},true,false`, `${kept.seat_uid},true,true`],
      );
      assert.equal(file.split("\r\n")[0], `${HEADER},updated_at`);

      await assertSecretGone(page, context, TOKEN);
      assert.match(await page.getByTestId("credential-status").innerText(), /held in this tab's memory/);
      await page.getByTestId("forget").click();
      assert.equal(await page.getByTestId("credential-status").innerText(), "Credentials forgotten.");
      // The in-memory copy is gone too: a new preview asks for the token again.
      await page.getByTestId("preview").click();
      assert.match(await page.locator("#api-token-error").innerText(), /Enter an API token/);
      assert.equal(await page.getByTestId("api-token").getAttribute("aria-invalid"), "true");
      await assertSecretGone(page, context, TOKEN);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("sends nothing when the removal is not confirmed", { timeout: TIMEOUT }, async () => {
    const before = await seats();
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      await useDemo(page);
      await page.getByTestId("seats-input").fill(`${before[0].seat_uid},false,false\n${before[1].seat_uid}`);
      await waitForSummary(page, /^2 rows: 0 kept, 0 changed, 2 removed$/);
      await page.getByTestId("preview").click();
      await page.getByTestId("apply").click();
      await page.getByRole("dialog").waitFor({ state: "visible" });
      assert.match(await page.getByRole("dialog").innerText(), /Remove 2 seats\?[\s\S]*2 seats lose access/);
      await page.keyboard.press("Escape");
      await page.getByRole("dialog").waitFor({ state: "hidden" });
      await page.getByTestId("apply").click();
      await page.getByTestId("confirm-cancel").click();
      assert.equal(await page.locator("#preview-status").innerText(), "Nothing was sent.");
      assert.deepEqual(await requests(), []);
      assert.deepEqual(await seats(), before);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("marks invalid and duplicate rows in place with the package's messages and sends nothing", { timeout: TIMEOUT }, async () => {
    const [a, b] = await seats();
    const lines = [
      `${a.seat_uid},true,true`,
      `${"x".repeat(37)},true,false`,
      `${b.seat_uid},maybe,false`,
      `${a.seat_uid},false,false`,
      `"unclosed,true,true`,
    ];
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      await useDemo(page);
      await page.getByTestId("seats-input").fill(lines.join("\n"));
      await waitForSummary(page, /3 invalid, 1 duplicate: fix them before the preview$/);
      const table = await rowTable(page);
      // Each message is the package's own, for the row's place in the whole body.
      const body = lines.slice(0, 4).map((line) => {
        const [seat_uid, access, gateway] = line.split(",");
        const flag = (v) => (v === "true" ? true : v === "false" ? false : v);
        return { seat_uid, access_seat: flag(access), gateway_seat: flag(gateway) };
      });
      const fixed = (i) => ({ seat_uid: `fixed-${i}`, access_seat: true, gateway_seat: true });
      const expected = (i, badBefore) => packageMessage(body.slice(0, i + 1).map((edit, j) => (badBefore.includes(j) ? fixed(j) : edit)));
      assert.equal(packageMessage(body), "ValidationError: body[1].seat_uid must be at most 36 characters");
      assert.deepEqual(table[0], ["1", a.seat_uid, true, true, "Keeps Access and Gateway"]);
      assert.deepEqual(table[1].slice(4), [`Invalid ${expected(1, [])}`]);
      assert.deepEqual(table[2].slice(2), [false, false, `Invalid ${expected(2, [1])}`]);
      assert.equal(await page.locator('[data-testid="row-3"] input[data-flag="access_seat"]').evaluate((box) => box.indeterminate), true);
      assert.deepEqual(table[3].slice(4), [`Duplicate of line 1 ${expected(3, [1, 2])}`]);
      assert.match(table[3][4], /body\[3\]\.seat_uid repeats body\[0\]\.seat_uid/);
      assert.deepEqual(table[4].slice(2), ["Not a CSV row a quoted field is not closed"], "no toggles without a seat edit");

      await page.getByTestId("preview").click();
      assert.match(await page.locator("#preview-status").innerText(), /Nothing to preview: 4 rows need fixing/);
      assert.equal(await page.getByTestId("preview-panel").isVisible(), false);
      assert.equal(await page.getByTestId("apply").isVisible(), false);
      assert.equal(await page.evaluate(() => document.activeElement?.dataset?.line), "2", "the focus goes to the first bad row");
      assert.deepEqual(await requests(), [], "a request was sent");
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("shows the package's ValidationError at the field when editSeats refuses the account id", { timeout: TIMEOUT }, async () => {
    const [a] = await seats();
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      await useDemo(page);
      await page.getByTestId("account-id").fill("not-an-account!");
      await fillSeats(page, `${a.seat_uid},true,true`, 1);
      await page.getByTestId("preview").click();
      await page.getByTestId("apply").click();
      const box = page.getByTestId("error");
      await box.waitFor({ state: "visible" });
      const text = await box.innerText();
      assert.match(text, /^ValidationError\n+accountId must be 1 to 32 ASCII letters and digits/);
      assert.equal(text.split("ValidationError").length, 2, "the class once");
      assert.match(text, /Field\s+accountId/);
      assert.match(text, /Nothing was sent\./);
      assert.equal(await page.getByTestId("account-id").getAttribute("aria-invalid"), "true");
      assert.match(await page.locator("#account-id-error").innerText(), /accountId must be/);
      assert.deepEqual(await requests(), []);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("shows a 403 as the package reports it: class, [code] message, documentation link, ray ID", { timeout: TIMEOUT }, async () => {
    const before = await seats();
    const docs = "https://developers.cloudflare.com/fundamentals/api/get-started/create-token/";
    await control(server.origin, "POST", "/__standin/faults", {
      status: 403,
      body: { success: false, errors: [{ code: 10000, message: "Authentication error", documentation_url: docs }], messages: [], result: null },
    });
    const { page, context, problems, close } = await openPage(browser, server.url);
    try {
      await useDemo(page);
      await fillSeats(page, `${before[0].seat_uid},true,true`, 1);
      await page.getByTestId("preview").click();
      await page.getByTestId("apply").click();
      const box = page.getByTestId("error");
      await box.waitFor({ state: "visible" });
      const text = await box.innerText();
      assert.ok(text.startsWith(`PermissionDeniedError\n\n403 [10000] Authentication error (${docs})\n`), text);
      assert.equal(text.split("PermissionDeniedError").length, 2, "the class once");
      assert.match(text, /^\[10000\] Authentication error Documentation$/m);
      assert.match(text, /Status\s+403/);
      assert.match(text, /Ray ID\s+[0-9a-f]{16}-[A-Z]{3}/);
      assert.match(text, /check the token's permissions/);
      assert.doesNotMatch(text, /[{}]|"success"|"errors"/, "no JSON dump");
      const link = box.getByRole("link", { name: "Documentation" });
      assert.equal(await link.getAttribute("href"), docs);
      assert.equal(await link.getAttribute("rel"), "noopener noreferrer");
      assert.equal(await page.getByTestId("results").isVisible(), false);
      assert.deepEqual(await seats(), before);
      await assertSecretGone(page, context, TOKEN);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("shows a wrong token's 403 from the stand-in itself", { timeout: TIMEOUT }, async () => {
    const before = await seats();
    const { page, context, problems, close } = await openPage(browser, server.url);
    try {
      await page.getByTestId("account-id").fill(ACCOUNT);
      await page.getByTestId("api-token").fill("forbidden-token-0123456789abcdef");
      await fillSeats(page, `${before[0].seat_uid},true,true`, 1);
      await page.getByTestId("preview").click();
      await page.getByTestId("apply").click();
      const box = page.getByTestId("error");
      await box.waitFor({ state: "visible" });
      assert.match(await box.innerText(), /^PermissionDeniedError\n+403 \[10000\] Authentication error\n/);
      assert.deepEqual(await seats(), before);
      await assertSecretGone(page, context, "forbidden-token-0123456789abcdef");
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("marks the row of a seat the API does not know", { timeout: TIMEOUT }, async () => {
    const [a] = await seats();
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      await useDemo(page);
      await fillSeats(page, `${HEADER}\n${a.seat_uid},true,true\n${UNKNOWN_SEAT},true,false`, 2);
      await page.getByTestId("preview").click();
      await page.getByTestId("apply").click();
      await page.getByTestId("error").waitFor({ state: "visible" });
      assert.match(await page.getByTestId("error").innerText(), /^NotFoundError\n+404 \[12130\] Seat not found/);
      const table = await rowTable(page);
      assert.deepEqual(table[0].slice(4), ["Keeps Access and Gateway"]);
      assert.deepEqual(table[1].slice(4), [`Refused by the API NotFoundError: [12130] Seat not found: ${UNKNOWN_SEAT}`]);
      assert.match(await page.locator("#preview-status").innerText(), /the API named 1 row/);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("cancels a request that hangs", { timeout: TIMEOUT }, async () => {
    const [a] = await seats();
    await control(server.origin, "POST", "/__standin/faults", { hang: true });
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      await useDemo(page);
      await fillSeats(page, `${a.seat_uid},true,true`, 1);
      await page.getByTestId("preview").click();
      await page.getByTestId("apply").click();
      await page.getByTestId("progress").waitFor({ state: "visible" });
      assert.equal(await page.getByTestId("seats-input").isDisabled(), true, "the text is locked while sending");
      await page.getByTestId("cancel").click();
      await page.getByTestId("error").waitFor({ state: "visible" });
      assert.match(await page.getByTestId("error").innerText(), /^APIUserAbortError\n[\s\S]*may still have reached the API/);
      assert.equal(await page.getByTestId("progress").isVisible(), false);
      assert.equal(await page.getByTestId("seats-input").isDisabled(), false);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("turns bare seat UIDs into rows with toggles that rewrite the text, by mouse or keyboard", { timeout: TIMEOUT }, async () => {
    const [a, b] = await seats();
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      const input = page.getByTestId("seats-input");
      await input.fill(`${a.seat_uid}\n\n# a comment\n${b.seat_uid}`);
      await waitForSummary(page, /^2 rows: 0 kept, 0 changed, 2 removed$/);
      await page.getByTestId("bare-flags").selectOption("true,true");
      await waitForSummary(page, /^2 rows: 2 kept, 0 changed, 0 removed$/);

      const gateway = page.locator('[data-testid="row-1"] input[data-flag="gateway_seat"]');
      await gateway.focus();
      await page.keyboard.press("Space");
      await waitForSummary(page, /^2 rows: 1 kept, 1 changed, 0 removed$/);
      assert.equal(await input.inputValue(), `${a.seat_uid},true,false\n\n# a comment\n${b.seat_uid}`);
      assert.deepEqual(
        await page.evaluate(() => [document.activeElement?.dataset.line, document.activeElement?.dataset.flag]),
        ["1", "gateway_seat"],
        "the focus stays on the toggle",
      );
      await page.locator('[data-testid="row-4"] input[data-flag="access_seat"]').click();
      assert.equal(await input.inputValue(), `${a.seat_uid},true,false\n\n# a comment\n${b.seat_uid},false,true`);
      await waitForSummary(page, /^2 rows: 0 kept, 2 changed, 0 removed$/);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("loads a .csv file", { timeout: TIMEOUT }, async () => {
    const [a, b] = await seats();
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      const csv = `\uFEFFSeat_UID,Gateway_Seat,Access_Seat,note\r\n"${a.seat_uid}",TRUE,FALSE,"left, in May"\r\n${b.seat_uid},false,false,\r\n`;
      await page.getByTestId("seats-file").setInputFiles({ name: "seats.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
      await waitForSummary(page, /^2 rows: 0 kept, 1 changed, 1 removed$/);
      assert.deepEqual(await rowTable(page), [
        ["2", a.seat_uid, false, true, "Gateway only"],
        ["3", b.seat_uid, false, false, "Removed: loses access"],
      ]);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("keeps a 100,000-line paste out of the text box, draws the first rows and can show only the bad ones", { timeout: TIMEOUT }, async () => {
    const lines = Array.from({ length: 100_000 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, "0")},true,true`);
    lines[43_210] = `${"too-long-".repeat(5)},true,true`;
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      await paste(page, lines.join("\n"));
      await waitForSummary(page, /^100,000 rows: 99,999 kept, 0 changed, 0 removed · 1 invalid: fix them before the preview$/, 30_000);
      assert.match(await page.getByTestId("large-note").innerText(), /^Pasted text: 100,000 lines, checked below\./);
      assert.equal(await page.getByTestId("seats-input").isVisible(), false);
      assert.equal(await page.getByTestId("rows").locator("tbody tr").count(), 200);
      assert.match(await page.locator("#rows-note").innerText(), /Showing the first 200 of 100,000 rows/);
      await page.getByTestId("only-problems").check();
      const table = await rowTable(page);
      assert.deepEqual(table.map((row) => [row[0], row[4]]), [["43211", "Invalid ValidationError: body[43210].seat_uid must be at most 36 characters"]]);
      await page.getByTestId("only-problems").uncheck();
      // The toggles edit the list held in memory.
      await page.locator('[data-testid="row-1"] input[data-flag="gateway_seat"]').click();
      await waitForSummary(page, /^100,000 rows: 99,998 kept, 1 changed, 0 removed/, 30_000);
      await page.getByRole("button", { name: "Clear" }).click();
      await waitForSummary(page, /^No seats yet\.$/);
      assert.equal(await page.getByTestId("seats-input").isVisible(), true);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("sends a large paste in batches and shows the progress per batch", { timeout: 2 * TIMEOUT }, async () => {
    // 2,500 seats the stand-in knows: three batches of at most 1,000, two in flight.
    const uids = Array.from({ length: 2_500 }, (_, i) => `10000000-0000-4000-8000-${String(i).padStart(12, "0")}`);
    await control(server.origin, "PUT", `/__standin/accounts/${ACCOUNT}/seats`,
      uids.map((seat_uid) => ({ seat_uid, access_seat: true, gateway_seat: true })));
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      await page.getByTestId("account-id").fill(ACCOUNT);
      await page.getByTestId("api-token").fill(TOKEN);
      await paste(page, [HEADER, ...uids.map((uid) => `${uid},true,false`)].join("\n"));
      await waitForSummary(page, /^2,500 rows: 0 kept, 2,500 changed, 0 removed$/, 30_000);
      await page.getByTestId("preview").click();
      // Slow answers, so the determinate bar can be seen between batches.
      await control(server.origin, "POST", "/__standin/faults",
        [{ delayMs: 700 }, { delayMs: 700 }, { delayMs: 700 }]);
      await page.getByTestId("apply").click();
      const bar = page.getByTestId("progress").locator("progress");
      await page.waitForFunction(() => {
        const progress = document.querySelector('[data-testid="progress"] progress');
        return progress && progress.max === 2500 && progress.value >= 1000;
      }, null, { timeout: 30_000 });
      assert.equal(await bar.getAttribute("max"), "2500");
      assert.match(await page.getByTestId("progress").innerText(), /of 2,500 seats sent/);
      await page.getByTestId("results").waitFor({ state: "visible", timeout: 30_000 });
      assert.match(await page.getByTestId("results-summary").innerText(), /returned 2,500 seats/);
      const patches = (await requests()).filter((r) => r.method === "PATCH");
      assert.deepEqual(patches.map((r) => JSON.parse(r.body).length).sort(), [1000, 1000, 500]);
      assert.ok((await seats()).filter((s) => uids.includes(s.seat_uid)).every((s) => s.access_seat && !s.gateway_seat));
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("can be used with the keyboard alone", { timeout: TIMEOUT }, async () => {
    const [a] = await seats();
    const { page, problems, close } = await openPage(browser, server.url);
    try {
      const reached = await tabThrough(page, 30);
      for (const id of ["account-id", "base-url", "auth-token", "api-token", "forget", "seats-input", "seats-file", "bare-flags", "preview"]) {
        assert.ok(reached.includes(id), `Tab reaches ${id} (reached: ${reached.join(", ")})`);
      }
      await tabTo(page, "use-demo");
      await page.keyboard.press("Enter");
      await tabTo(page, "seats-input");
      await page.keyboard.type(`${a.seat_uid},true,false`);
      await tabTo(page, "preview");
      await page.keyboard.press("Enter");
      await page.getByTestId("preview-panel").waitFor({ state: "visible" });
      assert.equal(await page.evaluate(() => document.activeElement?.dataset.testid), "apply", "the focus moves to Apply");
      await page.keyboard.press("Enter");
      await resultRows(page);
      assert.deepEqual(pick((await seats()).find((s) => s.seat_uid === a.seat_uid)), [true, false]);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });

  it("is readable on a 360 px screen", { timeout: TIMEOUT }, async () => {
    const { page, problems, close } = await openPage(browser, server.url, { width: 360, height: 800 });
    try {
      await useDemo(page);
      await page.getByRole("button", { name: "Load example seats" }).click();
      await waitForSummary(page, /^6 rows/);
      await page.getByTestId("preview").click();
      await assertFitsScreen(page, "the preview");
      await page.getByTestId("apply").click();
      await assertFitsScreen(page, "the confirmation");
      await page.getByTestId("confirm").click();
      await resultRows(page);
      await assertFitsScreen(page, "the results");
      await page.screenshot({ path: outputPath("admin-page-360.png"), fullPage: true });
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});

describe("admin page behind the proxy", { timeout: 5 * TIMEOUT }, () => {
  let upstream;
  let server;
  let browser;

  before(async () => {
    assertPrerequisites();
    upstream = await startStandin({ prefix: "/client/v4" });
    server = await startDevServer({ port: 0, proxyUpstream: upstream.url, credentials: { apiToken: TOKEN }, log: () => {} });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    await upstream?.close();
  });

  it("sends no credentials from the page; the server adds its own", { timeout: TIMEOUT }, async () => {
    const [a] = await seatsOf(upstream.origin, ACCOUNT);
    const { page, context, problems, close } = await openPage(browser, server.url);
    try {
      assert.match(await page.getByTestId("mode").innerText(), new RegExp(`Live: edits are forwarded to ${upstream.url}`));
      assert.equal(await page.getByTestId("auth-none").isChecked(), true);
      assert.equal(await page.getByTestId("api-token").isVisible(), false);
      assert.equal(await page.locator("#use-demo").isVisible(), false, "no demo shortcuts against a real API");
      await page.getByTestId("account-id").fill(ACCOUNT);
      await fillSeats(page, `${a.seat_uid},true,false`, 1);
      await page.getByTestId("preview").click();
      await page.getByTestId("apply").click();
      const rows = await resultRows(page);
      assert.deepEqual(rows[0].slice(0, 3), [a.seat_uid, "true", "false"]);
      const [sent, ...more] = await recordedRequests(upstream.origin);
      assert.equal(more.length, 0);
      assert.equal(sent.headers.authorization, `Bearer ${TOKEN}`);
      assert.equal(sent.headers.cookie, undefined);
      await assertSecretGone(page, context, TOKEN);
      assert.deepEqual(problems, []);
    } finally {
      await close();
    }
  });
});

// --- helpers ---------------------------------------------------------------------------------

/** A fresh context per test, so storage starts empty and nothing leaks between tests. */
async function openPage(browser, url, viewport = { width: 1024, height: 800 }) {
  const context = await browser.newContext({ viewport, acceptDownloads: true });
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (err) => problems.push(`pageerror: ${err.message}`));
  page.on("console", (msg) => {
    const text = msg.text();
    // A failed API call logs its status; the page shows it, which is what the tests check.
    if (/^Failed to load resource: the server responded with a status of/.test(text)) return;
    if (msg.type() === "error" || /Content Security Policy|Trusted Type|Refused to/i.test(text)) problems.push(`${msg.type()}: ${text}`);
  });
  await page.goto(url);
  // Enabled once /pkg/browser.js (and with it the wasm) has loaded; the banner once the
  // server said which mode it runs in.
  await page.waitForSelector("[data-testid=preview]:enabled");
  await page.getByTestId("mode").waitFor({ state: "visible" });
  return { page, context, problems, close: () => context.close() };
}

async function useDemo(page) {
  await page.getByRole("button", { name: "Fill in the demo account and token" }).click();
}

/** Nothing scrolls sideways and no visible element sticks out of its panel or the screen. */
async function assertFitsScreen(page, stage) {
  const report = await page.evaluate(() => {
    const view = document.documentElement.clientWidth;
    const outside = [...document.querySelectorAll("main *, dialog *")]
      .filter((node) => node.getClientRects().length > 0 && !node.closest(".table-wrap, textarea"))
      .filter((node) => {
        const box = node.closest(".panel, .error, .mode, dialog, header") ?? document.documentElement;
        const limit = node === box ? view : box.getBoundingClientRect().right;
        return node.getBoundingClientRect().right > Math.min(limit, view) + 0.5;
      })
      .map((node) => `${node.tagName.toLowerCase()}#${node.id}.${node.className}`);
    return { scroll: document.documentElement.scrollWidth, view, outside };
  });
  assert.ok(report.scroll <= report.view, `${stage}: the page scrolls sideways (${report.scroll} > ${report.view})`);
  assert.deepEqual(report.outside, [], `${stage}: elements stick out`);
}

/**
 * Types the list and waits until the page has checked it: the rows table it draws moves the
 * buttons below, and a click aimed before that move could land elsewhere.
 */
async function fillSeats(page, text, rows) {
  await page.getByTestId("seats-input").fill(text);
  await waitForSummary(page, new RegExp(`^${rows} rows?: `));
}

/** A paste as the browser delivers it (playwright's fill() types multi-line text far slower). */
function paste(page, text) {
  return page.getByTestId("seats-input").evaluate((input, value) => {
    input.focus();
    const data = new DataTransfer();
    data.setData("text/plain", value);
    const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    if (input.dispatchEvent(event)) {
      // Not taken over by the page: insert it as the browser would.
      input.setRangeText(value, input.selectionStart, input.selectionEnd, "end");
      input.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "insertFromPaste" }));
    }
  }, text);
}

async function waitForSummary(page, pattern, timeout = 15_000) {
  const summary = page.getByTestId("seats-summary");
  await page.waitForFunction(
    ([source, flags]) => new RegExp(source, flags).test(document.querySelector("[data-testid=seats-summary]").textContent),
    [pattern.source, pattern.flags],
    { timeout },
  ).catch(async (err) => {
    throw new Error(`summary is "${await summary.innerText()}", expected ${pattern}`, { cause: err });
  });
}

/** [line, seat_uid, access checked, gateway checked, result text] per drawn row. */
function rowTable(page) {
  return page.getByTestId("rows").locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => {
      const boxes = [...tr.querySelectorAll("input[type=checkbox]")];
      return [
        tr.cells[0].textContent.trim(),
        tr.cells[1].textContent.trim(),
        ...boxes.map((box) => box.checked),
        tr.cells[4].textContent.replace(/\s+/g, " ").trim(),
      ];
    }),
  );
}

async function resultRows(page) {
  const table = page.getByTestId("results");
  await table.waitFor({ state: "visible" }).catch(async (err) => {
    const error = await page.getByTestId("error").innerText().catch(() => "");
    throw new Error(`no results table; error box says: ${error || "(empty)"}`, { cause: err });
  });
  return table.locator("tbody tr").evaluateAll((trs) => trs.map((tr) => [...tr.cells].map((td) => td.textContent.trim())));
}

/** Visible form controls without an accessible name (label, aria-label(ledby), button text). */
function unlabelledControls(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll("input, select, textarea, button")]
      .filter((node) => node.getClientRects().length > 0)
      .filter((node) => {
        const labelled = [...(node.labels ?? [])].some((label) => label.textContent.trim());
        const aria = node.getAttribute("aria-label")?.trim() || node.getAttribute("aria-labelledby");
        const text = node.tagName === "BUTTON" && node.textContent.trim();
        return !(labelled || aria || text);
      })
      .map((node) => node.id || node.outerHTML.slice(0, 80)),
  );
}

/** The data-testid (or id) of each element Tab reaches, from the top of the page. */
async function tabThrough(page, steps) {
  await page.evaluate(() => document.activeElement?.blur());
  const reached = [];
  for (let i = 0; i < steps; i++) {
    await page.keyboard.press("Tab");
    reached.push(await page.evaluate(() => document.activeElement?.dataset?.testid ?? document.activeElement?.id ?? ""));
  }
  return reached;
}

/** Presses Tab until the element with that data-testid has the focus. */
async function tabTo(page, testid, max = 40) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press("Tab");
    if ((await page.evaluate(() => document.activeElement?.dataset?.testid)) === testid) return;
  }
  throw new Error(`Tab never reached ${testid}`);
}

/** The secret is nowhere a page could keep it: storage, cookies, URL, markup or any field. */
async function assertSecretGone(page, context, secret) {
  const seen = await page.evaluate(() => {
    const dump = (s) => Array.from({ length: s.length }, (_, i) => `${s.key(i)}=${s.getItem(s.key(i))}`).join("\n");
    return {
      local: dump(localStorage),
      session: dump(sessionStorage),
      cookie: document.cookie,
      url: location.href,
      html: document.documentElement.outerHTML,
      values: [...document.querySelectorAll("input, textarea, select")].map((node) => node.value).join("\n"),
    };
  });
  for (const [where, text] of Object.entries(seen)) assert.ok(!text.includes(secret), `the secret is in ${where}`);
  const cookies = await context.cookies();
  assert.ok(!JSON.stringify(cookies).includes(secret), "the secret is in a cookie");
  assert.ok(!page.url().includes(secret), "the secret is in the URL");
}

function pick(seat) {
  return [seat?.access_seat, seat?.gateway_seat];
}

function packageMessage(body) {
  try {
    validateEdits(body);
    return null;
  } catch (err) {
    return `${err.name}: ${err.message}`; // a row's mark names the class
  }
}
