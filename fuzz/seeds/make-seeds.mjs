// Writes the hand-made seed inputs of both fuzz targets into fuzz/seeds/<target>/seed-*.
// Run from anywhere: node fuzz/seeds/make-seeds.mjs (the seeds are committed; rerun after editing this file).
// Seeds are realistic inputs, kept apart from fuzz/corpus/ (which `cargo fuzz cmin` trims):
// scripts/fuzz.sh hands both directories to libFuzzer, which adds what it finds to the corpus.
import { mkdirSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";

const corpus = new URL("./", import.meta.url);
function write(target, content) {
  const dir = new URL(`${target}/`, corpus);
  mkdirSync(dir, { recursive: true });
  const bytes = Buffer.isBuffer(content) ? content : Buffer.from(content, "utf8");
  const name = "seed-" + createHash("sha1").update(bytes).digest("hex").slice(0, 16);
  writeFileSync(new URL(name, dir), bytes);
}

// ---- classify: "<status> <attempts> <maxRetries> <nowMs> <random> [<dateMs>]\n<headers>\n\n<body>"
const seat = (uid, a, g) => ({ seat_uid: uid, access_seat: a, gateway_seat: g,
  created_at: "2014-01-01T05:20:00.12345Z", updated_at: "2026-01-01T00:00:00Z" });
const ok = (result) => JSON.stringify({ success: true, errors: [], messages: [], result,
  result_info: { count: result.length, page: 1, per_page: 20, total_count: result.length, total_pages: 1 } });
const fail = (...errors) => JSON.stringify({ success: false, errors, messages: [], result: null });
const answer = (status, headers, body, line = `${status} 1 2 1764000000000 0.5`) =>
  `${line}\n${headers.map(([n, v]) => `${n}: ${v}`).join("\n")}\n\n${body}`;
const json = [["Content-Type", "application/json"], ["CF-Ray", "8f1e2d3c4b5a6978-SJC"]];
const classify = [
  answer(200, json, ok([seat("f174e90a-fafe-4643-bbbc-4a0ed4fc8415", false, false)])),
  answer(200, json, ok([])),
  answer(200, json, ok([seat("a", true, false), seat("b", false, true), seat("é✓🙂", true, true)])),
  answer(200, json, JSON.stringify({ success: true, errors: [], messages: [{ code: 1001, message: "ok" }], result: [] })),
  answer(200, json, JSON.stringify({ success: true, result: {} })),
  answer(200, json, JSON.stringify({ success: true, errors: [], messages: [] })),
  answer(200, json, JSON.stringify({ success: "true", result: [] })),
  answer(200, json, fail({ code: 7003, message: "No route" })),
  answer(200, [["Content-Type", "text/html"]], "<!DOCTYPE html><html><body>Please log in</body></html>"),
  answer(200, json, '{"success":true,"result":[{"seat_ui'),
  answer(200, json, ""),
  answer(200, json, "[]"),
  answer(200, json, "null"),
  answer(204, [], ""),
  answer(400, json, fail({ code: 10001, message: "body[0].seat_uid: must be a string", source: { pointer: "/0/seat_uid" } })),
  answer(400, json, fail({ code: 6003, message: "Invalid request headers", error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }] })),
  answer(401, json, fail({ code: 10000, message: "Authentication error" })),
  answer(403, json, fail({ code: 10000, message: "Authentication error", documentation_url: "https://developers.cloudflare.com/fundamentals/api/" }, { code: 9103, message: "Unknown X-Auth-Key or X-Auth-Email" })),
  answer(404, json, fail({ code: 12130, message: "Seat not found: x", source: { pointer: "/3/seat_uid" } })),
  answer(405, [["Allow", "PATCH"], ...json], fail({ code: 10405, message: "Method not allowed" })),
  answer(409, json, fail({ code: 1001, message: "conflict" })),
  answer(413, json, fail({ code: 10413, message: "Request entity too large" })),
  answer(422, json, fail({ code: 1, message: "unprocessable" })),
  answer(429, [["Retry-After", "3"], ...json], fail({ code: 971, message: "Please wait and consider throttling your request speed" })),
  answer(429, [["retry-after-ms", "1234.5"], ["retry-after", "9"], ...json], fail({ code: 971, message: "Please wait" })),
  answer(429, [["Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"], ...json], fail({ code: 971, message: "Please wait" })),
  answer(429, [["Retry-After", "Sun, 06 Nov 1994 08:49:37 GMT"], ...json], fail({ code: 971, message: "Please wait" })),
  answer(429, [["Retry-After", "120"]], fail({ code: 971, message: "Please wait" })),
  answer(429, [["Retry-After", "0"]], "", "429 2 2 1764000000000 0.999"),
  answer(429, [["Retry-After", "soon"]], ""),
  answer(429, [["Retry-After", "Wed, 21 Oct 2026 07:28:00 GMT"]], "", "429 1 2 NaN 0.5 NaN"),
  answer(429, [["Retry-After", "x"]], "", "429 1 2 1764000000000 0.5 -inf"),
  answer(500, json, fail({ code: 10002, message: "Internal error" })),
  answer(502, [["Content-Type", "text/html"]], "<html><body>Bad gateway</body></html>"),
  answer(503, [["X-Should-Retry", "false"]], fail({ code: 10002, message: "x" })),
  answer(400, [["x-should-retry", "true"]], fail({ code: 10002, message: "x" })),
  answer(503, [], "", "503 3 2 1764000000000 0.5"),
  answer(503, [], "", "503 0 0 0 0"),
  answer(418, [], "I'm a teapot"),
  answer(302, [["Location", "https://dash.cloudflare.com/login"]], ""),
  answer(200, json, '{"success":true,"result":[],"errors":[{"code":1.5,"message":"x"},{"code":"7","message":"y"},{"code":7},null,[],{"code":10000,"message":"\\u00e9\\ud83d\\ude00\\n","source":{"pointer":"/0"}}]}'),
  answer(200, json, '{"success":true,"result":[' + "[".repeat(200) + "]".repeat(200) + "]}"),
  answer(200, json, "\uFEFF" + ok([])),
  answer(200, json, '{"success":true,"success":false,"result":[],"result":null}'),
  answer(500, json, '{"errors":[{"code":1e3,"message":"e"},{"code":-0,"message":"z"},{"code":12345678901234567890,"message":"big"}]}'),
  answer(200, json, '{"success":true,"result":[1,2.5e-3,-0,"\\"",true,false,null,{}]}'),
  Buffer.concat([Buffer.from(`200 1 2 0 0\nContent-Type: application/json\n\n{"success":true,"result":["`), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from(`"]}`)]),
];
for (const input of classify) write("classify", input);

// ---- validate: "<accountId>\n<body JSON>" (options come from bytes after a NUL; none here)
const A = "699d98642c564d2e855e9661899b7252";
const e = (uid, a = true, g = false) => ({ seat_uid: uid, access_seat: a, gateway_seat: g });
const body = (...items) => JSON.stringify(items);
const validate = [
  `${A}\n${body(e("f174e90a-fafe-4643-bbbc-4a0ed4fc8415", false, false))}`,
  `${A}\n[]`,
  `${A}\n${body(e("a"), e("b", false, true), e("c", true, true), e("d", false, false))}`,
  `${A}\n${body(e("é".repeat(36)))}`,
  `${A}\n${body(e("🙂".repeat(36)))}`,
  `${A}\n${body(e("x".repeat(37)))}`,
  `${A}\n${body(e(""))}`,
  `${A}\n${body(e("a\nb"))}`,
  `${A}\n${body(e("a\u0000b"))}`,
  `${A}\n${body(e("a\u007f"))}`,
  `${A}\n${body(e("\ufffd"))}`,
  `${A}\n[{"seat_uid":"\\ud800","access_seat":true,"gateway_seat":true}]`,
  `${A}\n[{"seat_uid":"\\ud83d\\ude00","access_seat":true,"gateway_seat":true}]`,
  `${A}\n[{"seat_uid":"a\\"b\\\\c\\/","access_seat":true,"gateway_seat":true}]`,
  `${A}\n${body(e("a"), e("a"))}`,
  `${A}\n[{"seat_uid":"a","acess_seat":true,"gateway_seat":true}]`,
  `${A}\n[{"seat_uid":"a","access_seat":true}]`,
  `${A}\n[{"access_seat":true,"gateway_seat":true}]`,
  `${A}\n[{"seat_uid":"a","access_seat":"true","gateway_seat":true}]`,
  `${A}\n[{"seat_uid":"a","access_seat":1,"gateway_seat":null}]`,
  `${A}\n[{"seat_uid":7,"access_seat":true,"gateway_seat":true}]`,
  `${A}\n[{"seat_uid":"a","access_seat":true,"gateway_seat":true,"__proto__":{"x":1}}]`,
  `${A}\n[{"seat_uid":"a","access_seat":true,"gateway_seat":true,"constructor":{}}]`,
  `${A}\n[{"seat_uid":"a","access_seat":true,"access_seat":false,"gateway_seat":true}]`,
  `${A}\n[{"\\u0073eat_uid":"a","access_seat":true,"gateway_seat":true}]`,
  `${A}\n[null]`, `${A}\n[[]]`, `${A}\n[1]`, `${A}\n["a"]`, `${A}\n[true]`,
  `${A}\n{}`, `${A}\nnull`, `${A}\n"x"`, `${A}\n3`, `${A}\n`, `${A}\n[`, `${A}\n[{}`,
  `${A}\n[{"seat_uid":"a","access_seat":true,"gateway_seat":true},]`,
  `${A}\n [ { "seat_uid" : "a" , "access_seat" : true , "gateway_seat" : false } ] `,
  `${A}\n[{"seat_uid":"a","access_seat":true,"gateway_seat":false}]x`,
  `${A}\n[{"seat_uid":"a","access_seat":truex,"gateway_seat":false}]`,
  `${A}\n[{"seat_uid":"a","access_seat":[[[[{}]]]],"gateway_seat":false}]`,
  `../x\n[]`, `a?b\n[]`, `${"a".repeat(33)}\n[]`, `é\n[]`, `\n[]`, `ABCdef123\n[]`,
];
for (const input of validate) write("validate", input);
// A large body with one bad item at the end.
const many = Array.from({ length: 2000 }, (_, i) => e(`u${i}`));
write("validate", `${A}\n${JSON.stringify([...many, { seat_uid: "last", access_seat: 1, gateway_seat: false }])}`);
// With options after a NUL byte: arbitrary bytes, so a few fixed patterns to start from.
for (const tail of [[0], [1, 2, 3, 4, 5, 6, 7, 8], Array.from({ length: 64 }, (_, i) => i * 37 % 256), Array(32).fill(255)]) {
  write("validate", Buffer.concat([Buffer.from(`${A}\n${body(e("a"), e("b"), e("c"))}\0`), Buffer.from(tail)]));
}
console.log(`seeds: ${classify.length} classify, ${validate.length + 5} validate`);
