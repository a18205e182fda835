import t from "tap";
import { startControlFixture } from "../helpers/control-api.js";
import { adminPassword, baseUrl } from "../helpers/emulator.js";
import { openSse } from "../helpers/sse-client.js";
import { qrKeyFor } from "../../src/support/qr-key.js";

interface Wire {
  readonly type: string;
  readonly device: string;
  readonly data: Record<string, unknown>;
}

const FIRST = "EvFirst!234";
const NEW = "EvSecond!567";

async function certify(base: string, verificationCode: string, password: string): Promise<number> {
  const response = await fetch(`${base}/ISAPI/Security/emailCertification?format=json`, { method: "PUT", body: JSON.stringify({ EmailCertification: { verificationCode, password } }) });
  await response.arrayBuffer();
  return response.status;
}

t.test("recovery shows in the control plane's event stream: recoveryFailed for a wrong key, passwordReset for the right one; no event carries the key or a password", async (t) => {
  const { emulator, control } = await startControlFixture(t, 180);
  await adminPassword(emulator, "camera-1", FIRST);
  const stream = await openSse(`${control.url}/api/events?device=camera-1`);
  t.teardown(() => stream.close());
  const base = baseUrl(emulator, "camera-1");

  const qr = (await (await fetch(`${base}/ISAPI/Security/email/qrCode?format=json`)).json()) as { QRCode: { data: string } };
  const key = qrKeyFor(qr.QRCode.data);
  const wrongKey = key === "AAAAAAAA" ? "BBBBBBBB" : "AAAAAAAA";
  t.equal(await certify(base, wrongKey, NEW), 400);
  t.equal(await certify(base, key, NEW), 200);

  const raw = await stream.waitFor(2);
  const events = raw.map((e) => JSON.parse(e.data) as Wire);
  t.same(
    events.map((e) => e.type),
    ["recoveryFailed", "passwordReset"],
  );
  t.match(events[0]?.data, { method: "qrKey", reason: "badResetCode", actor: { via: "isapi", peer: "127.0.0.1" } });
  t.match(events[1]?.data, { method: "qrKey", syncIPCPassword: false, actor: { via: "isapi" } });
  const text = raw.map((e) => e.data).join("\n");
  for (const secret of [key, wrongKey, NEW, FIRST]) t.notOk(text.includes(secret), "the stream does not carry a key or a password");
});
