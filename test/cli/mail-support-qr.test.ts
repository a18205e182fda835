import t from "tap";
import { startControlFixture } from "../helpers/control-api.js";
import { runMailCommand } from "../helpers/cli-in-process.js";
import { formatQrPayload, qrKeyFor } from "../../src/support/qr-key.js";

/**
 * `hikemu mail` and `hikemu support qr` (issue #11) in this process against a running fleet's
 * control API on 127.173.x: key mode offline, e-mail mode through the API, the outbox listed.
 */

const KEY_PAYLOAD = "hikemu-qr:1?serial=DS-2CD2146G2-ISU20230101AAWRJ12345678&nonce=00112233445566ff&issued=1700000000&mode=key";
const MAIL_PAYLOAD = formatQrPayload({ serial: "DS-7608NXI-I2/8P/S0820230309CCRRF79870489WCVU", nonce: "0123456789abcdef", issued: 1_700_000_000, mode: "email", email: "trainee@lab.example" });

t.test("support qr: key mode answers offline; with --control the running desk answers the same key", async (t) => {
  const offline = await runMailCommand(["support", "qr", KEY_PAYLOAD]);
  t.equal(offline.code, 0, offline.stderr);
  t.equal(offline.stdout, `key for DS-2CD2146G2-ISU20230101AAWRJ12345678: ${qrKeyFor(KEY_PAYLOAD)}\n`, "no hikemu needed");

  const { control } = await startControlFixture(t, 173);
  const online = await runMailCommand(["support", "qr", KEY_PAYLOAD, "--control", control.url, "--json"]);
  t.equal(online.code, 0, online.stderr);
  t.same(JSON.parse(online.stdout), { mode: "key", serial: "DS-2CD2146G2-ISU20230101AAWRJ12345678", key: qrKeyFor(KEY_PAYLOAD) });

  const bad = await runMailCommand(["support", "qr", "hello"]);
  t.equal(bad.code, 1, "not a payload: the desk refuses, exit 1 (README \"Exit codes\")");
  t.match(bad.stderr, /not a hikemu QR payload: a hikemu QR payload starts with "hikemu-qr:1\?"/);
});

t.test("support qr in e-mail mode mails through the running hikemu; hikemu mail lists the outbox", async (t) => {
  const { control, emulator } = await startControlFixture(t, 173);
  const empty = await runMailCommand(["mail", "--control", control.url]);
  t.equal(empty.code, 0);
  t.equal(empty.stdout, "the outbox is empty\n");

  const sent = await runMailCommand(["support", "qr", MAIL_PAYLOAD, "--control", control.url]);
  t.equal(sent.code, 0, sent.stderr);
  t.equal(sent.stdout, "verification code for DS-7608NXI-I2/8P/S0820230309CCRRF79870489WCVU mailed to t***@lab.example (read it with `hikemu mail`)\n");
  t.notMatch(sent.stdout, qrKeyFor(MAIL_PAYLOAD), "never the code itself");

  const listed = await runMailCommand(["mail", "--control", control.url, "--to", "trainee@lab.example"]);
  t.equal(listed.code, 0, listed.stderr);
  t.match(listed.stdout, /^#1 {2}\S+ {2}support@hikemu\.invalid -> trainee@lab\.example\n {2}Subject: Verification code for device DS-7608NXI-I2\/8P\/S0820230309CCRRF79870489WCVU\n/);
  t.match(listed.stdout, `    Verification code: ${qrKeyFor(MAIL_PAYLOAD)}`);
  const json = await runMailCommand(["mail", "--control", control.url, "--json"]);
  t.match(JSON.parse(json.stdout), [{ id: 1, to: "trainee@lab.example", from: "support@hikemu.invalid" }]);
  t.equal(emulator.outbox.list().length, 1);
  const nobody = await runMailCommand(["mail", "--control", control.url, "--to", "else@lab.example"]);
  t.equal(nobody.stdout, "no mail to else@lab.example\n");

  const down = await runMailCommand(["support", "qr", MAIL_PAYLOAD, "--control", "http://127.173.9.9:9"]);
  t.equal(down.code, 2, "e-mail mode needs the running hikemu");
  t.match(down.stderr, /no hikemu control API at http:\/\/127\.173\.9\.9:9/);
});

t.test("control API: GET /api/mail and POST /api/support/qr refuse bad input", async (t) => {
  const { api } = await startControlFixture(t, 173);
  const bad = await api("POST", "/api/support/qr", { payload: "hikemu-qr:1?serial=X&nonce=zz&issued=1&mode=key" });
  t.equal(bad.status, 400);
  t.same(bad.body, { error: { code: "badQrPayload", message: "not a hikemu QR payload: nonce must be 16 hex digits" } });
  const missing = await api("POST", "/api/support/qr", {});
  t.equal(missing.status, 400);
  t.equal(missing.body.error.code, "badRequest");
  const extra = await api("POST", "/api/support/qr", { payload: KEY_PAYLOAD, other: 1 });
  t.equal(extra.status, 400, "unknown fields are refused");
  const twice = await api("GET", "/api/mail?to=a@b.example&to=c@d.example");
  t.equal(twice.status, 400);
  const none = await api("GET", "/api/mail");
  t.same(none.body, { messages: [] });
});
