import t from "tap";
import { readFileSync } from "node:fs";
import { ERROR_CATALOG, ISAPI_ERROR_CODES, STATUS_STRINGS, DeviceError, type ErrorCode } from "../../src/emulator/errors.js";

const doc = readFileSync(new URL("../../docs/errors.md", import.meta.url), "utf8");

t.test("every catalog entry is documented with its codes", (t) => {
  for (const [code, entry] of Object.entries(ERROR_CATALOG)) {
    const row = doc.split("\n").find((line) => line.startsWith(`| \`${code}\` |`));
    t.ok(row, `${code} has a row in docs/errors.md`);
    const cells = (row ?? "").split("|").map((c) => c.trim());
    t.equal(cells[2], String(entry.statusCode), `${code}: statusCode`);
    t.equal(cells[3], entry.subStatusCode, `${code}: subStatusCode`);
    t.match(cells[4], String(entry.httpStatus), `${code}: HTTP status`);
    t.equal(cells[5], entry.sadpResult, `${code}: SADP result`);
  }
  t.end();
});

t.test("entries use the statusCode vocabulary of §2.9 and map 4xx/5xx consistently", (t) => {
  for (const [code, entry] of Object.entries(ERROR_CATALOG)) {
    t.ok(entry.statusCode in STATUS_STRINGS, code);
    if (entry.statusCode === 1) t.equal(entry.httpStatus, 200, code);
    if (entry.statusCode === 2) t.equal(entry.httpStatus, 503, code);
    if (entry.statusCode === 3) t.equal(entry.httpStatus, 500, code);
    if (entry.statusCode === 5 || entry.statusCode === 6) t.equal(entry.httpStatus, 400, code);
  }
  t.end();
});

t.test("DeviceError carries the code; accept() rethrows anything else", (t) => {
  const error = new DeviceError("riskPassword", "too short");
  t.equal(error.code, "riskPassword" satisfies ErrorCode);
  t.equal(error.entry.subStatusCode, "riskPassword");
  t.equal(error.message, "the password is too weak (risky): too short");
  t.doesNotThrow(() => DeviceError.accept(error));
  t.throws(() => DeviceError.accept(new TypeError("boom")), TypeError);
  t.end();
});

t.test("the errorCode table of docs/errors.md is ISAPI_ERROR_CODES, and each number's top nibble is its statusCode", (t) => {
  const rows = doc
    .split("\n")
    .map((line) => /^\| (\w+) \| (0x[0-9a-f]{8}) \|$/.exec(line))
    .filter((m) => m !== null)
    .map((m) => [m[1], Number(m[2])]);
  t.same(Object.fromEntries(rows), ISAPI_ERROR_CODES);
  for (const entry of Object.values(ERROR_CATALOG)) {
    const number = ISAPI_ERROR_CODES[entry.subStatusCode];
    if (number !== undefined) t.equal(number >>> 28, entry.statusCode, `${entry.subStatusCode}: statusCode ${entry.statusCode}`);
  }
  t.end();
});
