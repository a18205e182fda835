import t from "tap";
import { request } from "urllib";
import { sadpProbe } from "../helpers/sadp-client.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { parseXml } from "../../src/http/xml.js";
import { VirtualClock } from "../../src/emulator/clock.js";
import { golden, readFixture } from "../helpers/golden.js";
import { digestHeader } from "../helpers/digest-header.js";

const PASSWORD = "Hik12345!";

t.test("deviceInfo: 401 Digest challenge without credentials, 200 with them, matching SADP", async (t) => {
  const emulator = await startDefaultFleet(t, 28);
  const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3 });
  for (const name of ["camera-1", "legacy-camera-1", "nvr-1"]) {
    const device = emulator.fleet.byName(name)!;
    const url = `${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`;
    const password = await adminPassword(emulator, name, PASSWORD);

    const anonymous = await fetch(url);
    t.equal(anonymous.status, 401, `${name}: 401 without credentials`);
    const challenge = anonymous.headers.get("www-authenticate") ?? "";
    t.match(challenge, /^Digest /);
    t.match(challenge, /qop="auth"/);
    t.match(challenge, new RegExp(`realm="${device.identity.realm.replace(/[()]/g, "\\$&")}"`));
    t.match(challenge, /nonce="[0-9a-f]{32}"/);
    t.match(challenge, /stale="FALSE"/);
    t.equal(anonymous.headers.get("server"), device.profile.isapi.server);
    const body401 = await anonymous.text();
    if (device.profile.isapi.unauthorizedBody === "html") t.match(body401, /Document Error: Unauthorized/);
    else t.match(body401, /<userCheck>\n<statusValue>401<\/statusValue>\n<statusString>Unauthorized<\/statusString>/);

    const ok = await request(url, { digestAuth: `admin:${password}`, dataType: "text" });
    t.equal(ok.status, 200, `${name}: 200 through urllib's Digest`);
    const info = parseXml(ok.data as string)!["DeviceInfo"] as Record<string, string>;
    const fromSadp = sadp.byMac.get(device.identity.mac.replaceAll(":", "-"))!;
    t.equal(info["model"], fromSadp.get("DeviceDescription"), `${name}: model matches SADP`);
    t.equal(info["serialNumber"], fromSadp.get("DeviceSN"), `${name}: serial matches SADP`);
    t.equal(info["macAddress"], fromSadp.get("MAC")!.replaceAll("-", ":"), `${name}: MAC matches SADP (colons in ISAPI)`);
    t.ok(fromSadp.get("SoftwareVersion")!.startsWith(`${info["firmwareVersion"]}build ${info["firmwareReleasedDate"]!.replace("build ", "")}`), `${name}: firmware matches SADP`);

    const wrong = await request(url, { digestAuth: "admin:Wrong1234!", dataType: "text" });
    t.equal(wrong.status, 401, `${name}: wrong password refused`);
  }
});

t.test("deviceInfo bodies are byte-stable per profile (golden files)", async (t) => {
  const emulator = await startDefaultFleet(t, 29);
  for (const name of ["camera-1", "legacy-camera-1", "nvr-1"]) {
    const password = await adminPassword(emulator, name, PASSWORD);
    const response = await request(`${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${password}`, dataType: "text" });
    const body = String(response.data);
    t.equal(body, golden(`isapi/deviceInfo.${name}.golden.xml`, body).toString(), name);
  }
});

t.test("paths match case-insensitively, as cameras answer /ISAPI/System/deviceinfo", async (t) => {
  const emulator = await startDefaultFleet(t, 30);
  await adminPassword(emulator, "camera-1", PASSWORD);
  const response = await request(`${baseUrl(emulator, "camera-1")}/ISAPI/System/deviceinfo`, { digestAuth: `admin:${PASSWORD}`, dataType: "text" });
  t.equal(response.status, 200);
});

t.test("nonces expire on the device clock: stale=TRUE, then the retry works", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 31, clock);
  const url = `${baseUrl(emulator, "camera-1")}/ISAPI/System/deviceInfo`;
  await adminPassword(emulator, "camera-1", PASSWORD);
  const first = await fetch(url);
  const nonce = /nonce="([^"]+)"/.exec(first.headers.get("www-authenticate") ?? "")![1]!;
  const device = emulator.fleet.byName("camera-1")!;
  const authorization = digestHeader(device.identity.realm, nonce, "/ISAPI/System/deviceInfo", PASSWORD);
  t.equal((await fetch(url, { headers: { authorization } })).status, 200, "fresh nonce accepted");
  await clock.advance(device.profile.isapi.nonceLifetimeSeconds * 1000 + 1000);
  const stale = await fetch(url, { headers: { authorization } });
  t.equal(stale.status, 401);
  t.match(stale.headers.get("www-authenticate"), /stale="TRUE"/);
  t.equal((await request(url, { digestAuth: `admin:${PASSWORD}`, dataType: "text" })).status, 200, "a client retrying with a new nonce gets in");
  t.equal((await fetch(url, { headers: { authorization: digestHeader(device.identity.realm, "f".repeat(32), "/ISAPI/System/deviceInfo", PASSWORD) } })).status, 401, "a nonce the device never issued is refused");
});


t.test("deviceInfo has the captured devices' elements in their order", async (t) => {
  const emulator = await startDefaultFleet(t, 32);
  const captures: [string, string][] = [
    ["camera-1", "isapi/deviceInfo.DS-2CD2146G2-ISU.capture.xml"],
    ["legacy-camera-1", "isapi/deviceInfo.DS-2CD2532F-IWS.capture.xml"],
    ["nvr-1", "isapi/deviceInfo.DS-7608NXI-I2.capture.xml"],
  ];
  const names = (xml: string) => [...xml.matchAll(/^<([A-Za-z]+)>/gm)].map((m) => m[1]);
  for (const [name, capture] of captures) {
    const password = await adminPassword(emulator, name, PASSWORD);
    const ours = String((await request(`${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${password}`, dataType: "text" })).data);
    const real = readFixture(capture).toString();
    t.same(names(ours), names(real), `${name}: same elements, same order as ${capture}`);
    t.equal(/<DeviceInfo [^>]*>/.exec(ours)![0], /<DeviceInfo [^>]*>/.exec(real)![0], `${name}: same version and namespace`);
  }
});
