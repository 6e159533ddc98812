// Evaluate [rule, data] pairs with the real json-logic-js, for the differential test.
//
// stdin: a JSON array of [rule, data] pairs. stdout: a JSON array with, per pair,
// {"ok": value} or {"error": message}. JSON cannot carry every JS value, so values are
// encoded: {"$js": "NaN" | "Infinity" | "-Infinity" | "-0" | "undefined" | "function"}
// for those, and {"$obj": {...}} for plain objects (so data holding a "$js" key cannot
// be mistaken for a tag). Everything is batched into one process: node starts slowly.
import { createRequire } from "node:module";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(resolve(repoRoot, "package.json"));
const jsonLogic = require("json-logic-js");

// The "log" operator writes to console.log, which would corrupt the JSON on stdout.
console.log = (...args) => process.stderr.write(args.map(String).join(" ") + "\n");

function encode(value) {
  if (value === undefined) return { $js: "undefined" };
  if (typeof value === "function") return { $js: "function" };
  if (typeof value === "number") {
    if (Number.isNaN(value)) return { $js: "NaN" };
    if (value === Infinity) return { $js: "Infinity" };
    if (value === -Infinity) return { $js: "-Infinity" };
    if (Object.is(value, -0)) return { $js: "-0" };
    return value;
  }
  if (Array.isArray(value)) return value.map(encode);
  if (value !== null && typeof value === "object") {
    const out = {};
    for (const key of Object.keys(value)) out[key] = encode(value[key]);
    return { $obj: out };
  }
  return value;
}

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const cases = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const results = cases.map(([rule, data]) => {
  try {
    return { ok: encode(jsonLogic.apply(rule, data)) };
  } catch (err) {
    return { error: String(err && err.message ? err.message : err) };
  }
});
process.stdout.write(JSON.stringify(results));
