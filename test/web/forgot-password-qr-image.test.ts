import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { decodeQrPng } from "../helpers/qr-decode.js";
import { QR_TEXT_LIMIT } from "../../src/http/web/qr-image.js";
import { WEB_CSP } from "../../src/http/web/web-app.js";
import { isapiCall } from "../helpers/isapi-call.js";

/** `GET /doc/qrcode.png?text=…` (issue #12, forgot password): the picture decodes back to exactly the text. 127.191.x. */

t.test("the device draws the recovery QR payload as a PNG that decodes to exactly that payload", async (t) => {
  const emulator = await startDefaultFleet(t, 191, new VirtualClock());
  await adminPassword(emulator, "camera-1", "Qr12345!x");
  const base = baseUrl(emulator, "camera-1");
  const camera = emulator.fleet.byName("camera-1")!;
  const challenge = (await (await fetch(`${base}/ISAPI/Security/email/qrCode?format=json`)).json()) as { QRCode: { data: string } };
  const payload = challenge.QRCode.data;
  t.match(payload, /^hikemu-qr:1\?serial=.*&mode=key$/, "a key-mode challenge");

  const response = await fetch(`${base}/doc/qrcode.png?text=${encodeURIComponent(payload)}`);
  t.equal(response.status, 200);
  t.equal(response.headers.get("content-type"), "image/png");
  t.equal(response.headers.get("server"), camera.profile.isapi.server, "the device's Server banner");
  t.equal(response.headers.get("content-security-policy"), WEB_CSP);
  const png = Buffer.from(await response.arrayBuffer());
  t.same([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "PNG signature");
  t.equal(decodeQrPng(png), payload, "decodes to the payload");

  const longest = "x".repeat(QR_TEXT_LIMIT);
  const atLimit = await fetch(`${base}/doc/qrcode.png?text=${longest}`);
  t.equal(atLimit.status, 200, "a text at the limit is drawn");
  t.equal(decodeQrPng(Buffer.from(await atLimit.arrayBuffer())), longest);
});

t.test("a missing, empty, repeated or over-long text is refused", async (t) => {
  const emulator = await startDefaultFleet(t, 191, new VirtualClock(), { subnet: 1 });
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
