// The table of `make bench`: which figure each row is, its target, its statistics over rounds,
// and the markdown it prints as. bench/README.md explains every row.

export const CONTENDERS = ["raw", "sdk", "ours"];
export const NAMES = { raw: "raw fetch", sdk: "official SDK", ours: "zero-trust-seats" };

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (xs) => (xs.length ? { min: Math.min(...xs), median: median(xs), max: Math.max(...xs), n: xs.length } : null);
const fixed = (v) => ({ min: v, median: v, max: v, n: 1 });

// Per-round values of one figure for one contender.
const series = (samples, scenario, contender, pick) => (samples[scenario]?.[contender] ?? []).map(pick);

// Ratios (or differences) are taken round by round (same round = same machine conditions), then
// summarised; the target is judged on the median. A round a contender missed pairs with nothing.
function paired(samples, scenario, pick, a, b, op) {
  const xs = series(samples, scenario, a, pick);
  const ys = series(samples, scenario, b, pick);
  const n = Math.min(xs.length, ys.length);
  const pairs = Array.from({ length: n }, (_, i) => (xs[i] != null && ys[i] != null ? op(xs[i], ys[i]) : null)).filter((v) => v != null);
  return stats(pairs);
}

const ratio = (x, y) => x / y;
const minus = (x, y) => x - y;

// Targets: `ratio` is ours/raw ≤ max (and, with belowSdk, ours/SDK < 1); `diff` is ours − raw
// ≤ max; `abs` is ours ≤ max.
const RATIO_1_10 = { kind: "ratio", max: 1.1, text: "≤ 1.10 × raw" };
const STEADY = { kind: "ratio", max: 1.15, belowSdk: true, text: "≤ 1.15 × raw and < SDK" };
const FIRST = { kind: "ratio", max: 1.3, text: "≤ 1.30 × raw" };

const BUNDLE_ROWS = [
  ["edit", "gzip9", "bundle, editSeats page, wasm + JS, gzip -9 (KiB)", { kind: "abs", max: 25, text: "≤ 25 KiB (issue 6)" }],
  ["all", "gzip9", "bundle, every endpoint + planner, wasm + JS, gzip -9 (KiB)", { kind: "abs", max: 40, text: "≤ 40 KiB" }],
  ["edit", "raw", "bundle, editSeats page, raw (KiB)", null],
  ["all", "raw", "bundle, every endpoint + planner, raw (KiB)", null],
];

const rss = (r) => (r.firstMaxRssKiB ?? r.maxRssKiB) / 1024;

/** [scenario, pick or field, label, target]: the timed rows, in the order printed. */
const TIMED_ROWS = [
  ["cold", "wallMs", "cold start wall: import + construct + 1st call (ms)", { kind: "diff", max: 15, text: "ours − raw ≤ 15 ms" }],
  ["cold", "cpuMs", "cold start CPU: import + construct + 1st call (ms)", null],
  ["cold", "loadWallMs", "  of which import + construct, wall (ms)", null],
  ["cold", "firstCallWallMs", "  of which the 1st call, wall (ms)", null],
  ["seq", "cpuPerCallMs", "client CPU per 1-seat call, sequential (ms)", RATIO_1_10],
  ["seq", "wallPerCallMs", "wall per 1-seat call, sequential (ms)", null],
  ["par32", "cpuPerCallMs", "client CPU per 1-seat call, 32 in flight (ms)", RATIO_1_10],
  ["par32", "wallPerCallMs", "wall per call, 32 in flight (ms)", null],
  ["bulk10k", "steadyCpuMs", "10k-seat call, steady state: client CPU (ms)", STEADY],
  ["bulk10k", "cpuMs", "10k-seat call, 1st of a fresh process: client CPU (ms)", FIRST],
  ["bulk10k", "mainCpuMs", "  of which on the main thread (ms)", null],
  ["bulk10k", "steadyWallMs", "10k-seat call, steady state: wall (ms)", null],
  ["bulk10k", "wallMs", "10k-seat call, 1st of a fresh process: wall (ms)", null],
  ["bulk10k", rss, "10k-seat call: process peak RSS (MiB)", null],
  ["bulk100k", "steadyCpuMs", "100k-seat call, steady state: client CPU (ms)", STEADY],
  ["bulk100k", "cpuMs", "100k-seat call, 1st of a fresh process: client CPU (ms)", FIRST],
  ["bulk100k", "mainCpuMs", "  of which on the main thread (ms)", null],
  ["bulk100k", "steadyWallMs", "100k-seat call, steady state: wall (ms)", null],
  ["bulk100k", "wallMs", "100k-seat call, 1st of a fresh process: wall (ms)", null],
  ["bulk100k", rss, "100k-seat call: process peak RSS (MiB)", RATIO_1_10],
  ["users10k", "steadyCpuMs", "listUsers, 10k users (10 pages), steady state: client CPU (ms)", { kind: "ratio", max: 1.15, text: "≤ 1.15 × raw loop" }],
  ["users10k", "cpuMs", "listUsers, 10k users, 1st of a fresh process: client CPU (ms)", null],
  ["users10k", "steadyWallMs", "listUsers, 10k users, steady state: wall (ms)", null],
  ["devices10k", "steadyCpuMs", "listDeviceRegistrations, 10k (10 pages), steady state: client CPU (ms)", null],
  ["devices10k", "cpuMs", "listDeviceRegistrations, 10k, 1st of a fresh process: client CPU (ms)", null],
  ["reclaim", "cpuMs", "planReclaim 100k users + 150k regs, 1st of a fresh process: CPU (ms; raw = JSON.parse of the pages)", { kind: "ratio", max: 1.0, text: "≤ 1.0 × JSON.parse" }],
  ["reclaim", "steadyCpuMs", "planReclaim 100k users + 150k regs, steady state: CPU (ms; raw = JSON.parse)", null],
  ["reclaim", rss, "planReclaim 100k users + 150k regs: process peak RSS (MiB)", null],
];

function bundleRows(bundles) {
  return BUNDLE_ROWS.map(([page, key, label, target]) => {
    const size = (c) => bundles[c][page][key];
    return {
      key: `bundle.${page}.${key}`, label, unit: "KiB",
      ...Object.fromEntries(CONTENDERS.map((c) => [c, fixed(size(c) / 1024)])),
      oursOverRaw: fixed(size("ours") / size("raw")),
      oursOverSdk: fixed(size("ours") / size("sdk")),
      target,
    };
  });
}

function timedRow(samples, [scenario, field, label, target]) {
  const pick = typeof field === "function" ? field : (r) => r[field];
  const name = typeof field === "function" ? "maxRssMiB" : field;
  const row = { key: `${scenario}.${name}`, label, unit: label.match(/\((\w+)[;)]/)?.[1] ?? "" };
  for (const c of CONTENDERS) row[c] = stats(series(samples, scenario, c, pick).filter((v) => v != null));
  row.oursOverRaw = paired(samples, scenario, pick, "ours", "raw", ratio);
  row.oursOverSdk = paired(samples, scenario, pick, "ours", "sdk", ratio);
  if (target?.kind === "diff") row.oursMinusRaw = paired(samples, scenario, pick, "ours", "raw", minus);
  row.target = target;
  return row;
}

function judge(row) {
  const t = row.target;
  const value = t.kind === "abs" ? row.ours?.median : t.kind === "diff" ? row.oursMinusRaw?.median : row.oursOverRaw?.median;
  row.measured = value ?? null;
  row.met = value == null ? null : value <= t.max;
  if (row.met !== null && t.belowSdk) row.met = row.oursOverSdk != null && row.met && row.oursOverSdk.median < 1;
}

/** Every row of the table with its statistics and, where it has a target, whether it was met. */
export function figureRows(samples, bundles) {
  const rows = bundles ? bundleRows(bundles) : [];
  for (const spec of TIMED_ROWS) if (samples[spec[0]]) rows.push(timedRow(samples, spec));
  for (const row of rows) if (row.target) judge(row);
  return rows;
}

export function fmt(v) {
  if (v == null || Number.isNaN(v)) return "–";
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toFixed(3);
}
const cell = (s) => (!s ? "–" : s.n === 1 || s.min === s.max ? fmt(s.median) : `${fmt(s.median)} (${fmt(s.min)}–${fmt(s.max)})`);
const ratioCell = (s) => (!s ? "–" : s.n === 1 || s.min === s.max ? `${s.median.toFixed(2)}×` : `${s.median.toFixed(2)}× (${s.min.toFixed(2)}–${s.max.toFixed(2)})`);
const targetCell = (r) => (!r.target ? "" : r.target.kind === "diff" ? `${r.target.text} (${fmt(r.oursMinusRaw?.median)})` : r.target.text);
const metCell = (r) => (r.met == null ? (r.target ? "?" : "") : r.met ? "met" : "MISSED");

/** The rows as a markdown table. */
export function table(rows) {
  const head = ["figure", NAMES.raw, NAMES.sdk, `${NAMES.ours} (ours)`, "ours/raw", "ours/SDK", "target", "met/missed"];
  const body = rows.map((r) => [r.label, cell(r.raw), cell(r.sdk), cell(r.ours), ratioCell(r.oursOverRaw), ratioCell(r.oursOverSdk), targetCell(r), metCell(r)]);
  return [head, head.map(() => "---"), ...body].map((cols) => `| ${cols.join(" | ")} |`).join("\n");
}
