import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { decodeQrPng } from "../helpers/qr-decode.js";
import { QR_TEXT_LIMIT } from "../../src/http/web/qr-image.js";
import { WEB_CSP } from "../../src/http/web/web-app.js";
import { isapiCall } from "../helpers/isapi-call.js";

/** `GET /doc/qrcode.png?text=…` (issue #12, forgot password): the picture of the pending challenge decodes back to exactly its text. 127.191.x, 127.201.x. */

t.test("the device draws its pending recovery QR payload as a PNG that decodes to exactly that payload, and nothing else", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 201, clock);
  await adminPassword(emulator, "camera-1", "Qr12345!x");
  const base = baseUrl(emulator, "camera-1");
  const camera = emulator.fleet.byName("camera-1")!;
  const picture = (text: string) => fetch(`${base}/doc/qrcode.png?text=${encodeURIComponent(text)}`);
  const issue = async () => ((await (await fetch(`${base}/ISAPI/Security/email/qrCode?format=json`)).json()) as { QRCode: { data: string } }).QRCode.data;

  const before = await picture("hikemu-qr:1?serial=anything&mode=key");
  t.equal(before.status, 404, "no challenge pending: nothing is drawn");
  t.match(before.headers.get("content-type"), /^text\/plain/);
  await before.arrayBuffer();

  const payload = await issue();
  t.match(payload, /^hikemu-qr:1\?serial=.*&mode=key$/, "a key-mode challenge");
  const response = await picture(payload);
  t.equal(response.status, 200);
  t.equal(response.headers.get("content-type"), "image/png");
  t.equal(response.headers.get("server"), camera.profile.isapi.server, "the device's Server banner");
  t.equal(response.headers.get("content-security-policy"), WEB_CSP);
  const png = Buffer.from(await response.arrayBuffer());
  t.same([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  t.equal(decodeQrPng(png), payload, "decodes to the payload");
  t.same(Buffer.from(await (await picture(payload)).arrayBuffer()), png, "asked again: the same picture");
  t.equal(camera.recovery.qr.pendingPayload(), payload, "drawing it leaves the challenge pending");

  for (const [what, text] of [
    ["any other text", "hello"],
    ["the payload with one character changed", `${payload.slice(0, -1)}x`],
    ["the payload with more after it", `${payload}&x=1`],
  ] as const) {
    const other = await picture(text);
    t.equal(other.status, 404, `${what}: 404, not drawn`);
    await other.arrayBuffer();
  }

  const next = await issue();
  t.not(next, payload, "a new challenge replaces the old one");
  const stale = await picture(payload);
  t.equal(stale.status, 404, "the replaced payload is no longer drawn");
  await stale.arrayBuffer();
  t.equal(decodeQrPng(Buffer.from(await (await picture(next)).arrayBuffer())), next, "the new one is");

  await clock.advance((camera.profile.recoveryExpiry.qrKey + 1) * 1000);
  const expired = await picture(next);
  t.equal(expired.status, 404, "an expired challenge is not drawn");
  await expired.arrayBuffer();
});

t.test("the longest payload (e-mail mode, a 64-character reserved address) fits the limit and is drawn", async (t) => {
  const emulator = await startDefaultFleet(t, 201, new VirtualClock(), { subnet: 2 });
  const password = await adminPassword(emulator, "nvr-1", "Qr12345!x");
  const base = baseUrl(emulator, "nvr-1");
  const address = `${"a".repeat(64 - "@lab.example".length)}@lab.example`;
  t.equal(address.length, 64, "the longest address the reserved e-mail takes");
  const set = await isapiCall(base, "/ISAPI/Security/email/parameter?format=json", "admin", password, "PUT", JSON.stringify({ SecurityEmail: { password, SecurityInformation: [{ emailAddress: address }] } }));
  t.equal(set.status, 200, "reserved e-mail set");
  const payload = ((await (await fetch(`${base}/ISAPI/Security/email/qrCode?format=json`)).json()) as { QRCode: { data: string } }).QRCode.data;
  t.match(payload, /&mode=email&mail=/, "e-mail mode");
  t.ok(payload.length <= QR_TEXT_LIMIT, `the payload (${payload.length} characters) is within ${QR_TEXT_LIMIT}`);
  const response = await fetch(`${base}/doc/qrcode.png?text=${encodeURIComponent(payload)}`);
  t.equal(response.status, 200);
  t.equal(decodeQrPng(Buffer.from(await response.arrayBuffer())), payload, "decodes to the payload");
});

t.test("a missing, empty, repeated or over-long text is refused", async (t) => {
  const emulator = await startDefaultFleet(t, 201, new VirtualClock(), { subnet: 1 });
  const base = baseUrl(emulator, "nvr-1");
  const cases: [string, string, number][] = [
    ["no text", "", 400],
    ["an empty text", "?text=", 400],
    ["two texts", "?text=a&text=b", 400],
    ["one character over the limit", `?text=${"y".repeat(QR_TEXT_LIMIT + 1)}`, 414],
  ];
  for (const [what, query, status] of cases) {
    const response = await fetch(`${base}/doc/qrcode.png${query}`);
    t.equal(response.status, status, `${what}: HTTP ${status}`);
    t.match(response.headers.get("content-type"), /^text\/plain/, `${what}: a plain-text reason, not an image`);
    await response.arrayBuffer();
  }
});

t.test("the anonymous probes the forgot-password page relies on: 400 where the firmware has the method, 401 where not, and none counts toward the lockout", async (t) => {
  const emulator = await startDefaultFleet(t, 191, new VirtualClock(), { subnet: 3 });
  const password = "Probe123!x";
  const passwords = { "camera-1": await adminPassword(emulator, "camera-1", password), "nvr-1": await adminPassword(emulator, "nvr-1", password), "legacy-camera-1": await adminPassword(emulator, "legacy-camera-1", password) };
  const probes = [
    ["/ISAPI/Security/emailCertification?format=json", "{}"],
    ["/ISAPI/Security/GUIDCertification", '<?xml version="1.0" encoding="UTF-8"?><GUIDCertification/>'],
  ] as const;
  const expected: Record<keyof typeof passwords, [number, number]> = { "camera-1": [400, 401], "nvr-1": [400, 400], "legacy-camera-1": [401, 401] };
  for (const name of Object.keys(passwords) as (keyof typeof passwords)[]) {
    const base = baseUrl(emulator, name);
    const flash = emulator.fleet.byName(name)!.flash;
    // More rounds than the 7 failures that lock an address: none may count.
    for (let round = 0; round < 10; round++) {
      for (const [index, [path, body]] of probes.entries()) {
        const response = await fetch(`${base}${path}`, { method: "PUT", body });
        await response.arrayBuffer();
        if (round === 0) t.equal(response.status, expected[name][index], `${name} ${path}: HTTP ${expected[name][index]}`);
      }
    }
    t.same(emulator.fleet.byName(name)!.flash, flash, `${name}: the probes change nothing`);
    t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", passwords[name])).status, 200, `${name}: the admin still logs in from this address (not locked out)`);
  }
});
