import t from "tap";
import { startDefaultFleet, adminPassword, baseUrl } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { VirtualClock } from "../../src/emulator/clock.js";

/**
 * `/ISAPI/Security/email/parameter` and `/ISAPI/Security/emailCertification` (issue #11) refuse
 * bad input naming the element, and leave flash and what GET shows as they were. 127.171.x.
 */

const PASSWORD = "Mail1234!x";
const PARAMETER = "/ISAPI/Security/email/parameter?format=json";

t.test("PUT email/parameter: malformed, out of range, wrong or missing password are refused and change nothing; set, masked put-back, clear", async (t) => {
  const emulator = await startDefaultFleet(t, 171, new VirtualClock());
  const camera = emulator.fleet.byName("camera-1")!;
  await adminPassword(emulator, "camera-1", PASSWORD);
  const base = baseUrl(emulator, "camera-1");
  const put = (body: string, password = PASSWORD) => isapiCall(base, PARAMETER, "admin", password, "PUT", body);
  const shown = async () => JSON.parse((await isapiCall(base, PARAMETER, "admin", PASSWORD)).body) as unknown;
  const body = (address: unknown, password: unknown = PASSWORD) => JSON.stringify({ SecurityEmail: { password, SecurityInformation: [{ emailAddress: address }] } });

  t.same(await shown(), { SecurityEmail: { SecurityInformation: [] } }, "nothing set: an empty list");
  t.equal((await put(body("first@lab.example"))).status, 200);
  const flash = camera.flash;
  const before = await shown();
  t.same(before, { SecurityEmail: { SecurityInformation: [{ emailAddress: "f***@lab.example" }] } });

  const cases: [string, string, number, string][] = [
    ["not JSON", "<SecurityEmail/>", 400, "badXmlFormat"],
    ["no SecurityEmail", JSON.stringify({ Other: {} }), 400, "badXmlContent"],
    ["no SecurityInformation", JSON.stringify({ SecurityEmail: { password: PASSWORD } }), 400, "badParameters"],
    ["not an address", body("not-an-address"), 400, "badParameters"],
    ["an address with a space", body("a b@lab.example"), 400, "badParameters"],
    ["too long", body(`${"a".repeat(60)}@lab.example`), 400, "badParameters"],
    ["not a string", body(42), 400, "badParameters"],
    ["two addresses", JSON.stringify({ SecurityEmail: { password: PASSWORD, SecurityInformation: [{ emailAddress: "a@lab.example" }, { emailAddress: "b@lab.example" }] } }), 400, "badParameters"],
    ["no login password", JSON.stringify({ SecurityEmail: { SecurityInformation: [{ emailAddress: "x@lab.example" }] } }), 400, "badParameters"],
    ["a wrong login password", body("x@lab.example", "Wrong9999!"), 403, ""],
  ];
  for (const [what, text, status, sub] of cases) {
    const reply = await put(text);
    t.equal(reply.status, status, `${what}: HTTP ${status}`);
    if (sub) t.equal(reply.subStatusCode, sub, `${what}: ${sub}`);
    if (sub === "badParameters") t.match(reply.body, /SecurityInformation|emailAddress|password/, `${what}: the message names the element`);
    t.same(camera.flash, flash, `${what}: flash unchanged`);
    t.same(await shown(), before, `${what}: GET unchanged`);
  }

  t.equal((await put(body("f***@lab.example"))).status, 200, "putting back the masked address GET showed");
  t.equal(camera.flash.recovery?.email, "first@lab.example", "means unchanged");
  t.equal((await put(JSON.stringify({ SecurityEmail: { password: PASSWORD, SecurityInformation: [] } }))).status, 200, "an empty list clears it");
  t.equal(camera.flash.recovery?.email, undefined);
  t.same(await shown(), { SecurityEmail: { SecurityInformation: [] } });
});

t.test("PUT emailCertification: malformed input is refused naming the element; the password does not change", async (t) => {
  const emulator = await startDefaultFleet(t, 171, new VirtualClock(), { subnet: 1 });
  const camera = emulator.fleet.byName("camera-1")!;
  await adminPassword(emulator, "camera-1", PASSWORD);
  const base = baseUrl(emulator, "camera-1");
  const qr = await fetch(`${base}/ISAPI/Security/email/qrCode`);
  t.equal(qr.status, 200, "a pending challenge (JSON without format=json too)");
  await qr.arrayBuffer();
  const flash = camera.flash;
  const cases: [string, string, number, RegExp][] = [
    ["not JSON", "verificationCode=ABC", 400, /badXmlFormat/],
    ["no EmailCertification", JSON.stringify({ verificationCode: "ABCDEFGH" }), 400, /EmailCertification is missing/],
    ["no code", JSON.stringify({ EmailCertification: { password: "Good1234!x" } }), 400, /verificationCode is missing/],
    ["no password", JSON.stringify({ EmailCertification: { verificationCode: "ABCDEFGH" } }), 400, /password \(the new password\) is missing/],
    ["a number as the code", JSON.stringify({ EmailCertification: { verificationCode: 12345678, password: "Good1234!x" } }), 400, /verificationCode must be a string/],
  ];
  for (const [what, text, status, message] of cases) {
    const response = await fetch(`${base}/ISAPI/Security/emailCertification?format=json`, { method: "PUT", body: text });
    t.equal(response.status, status, `${what}: HTTP ${status}`);
    t.match(await response.text(), message, `${what}: named`);
    t.same(camera.flash, flash, `${what}: flash unchanged`);
  }
  const big = await fetch(`${base}/ISAPI/Security/emailCertification?format=json`, { method: "PUT", body: "x".repeat(8 * 1024) });
  t.equal(big.status, 400, "a body over 4 KiB is refused unread (catalog bodyTooLarge)");
  t.match(JSON.parse(await big.text()), { subStatusCode: "badXmlContent" }, "in JSON: the request asked format=json");
  t.same(camera.flash, flash);
});
