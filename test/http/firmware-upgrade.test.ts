import t from "tap";
import { request } from "urllib";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { sadpMac } from "../../src/util/mac.js";
import { encodeFirmwarePackage, firmwarePayload, type FirmwareManifest } from "../../src/firmware/package.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet, startRestartableFleet } from "../helpers/emulator.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { pollUntil } from "../helpers/poll.js";

// Devices of this file: 127.131.0.x (one fleet per test, third octet apart) and 127.132.0.x (the restart).
const PASSWORD = "Hik12345!";
const LEGACY = "DS-2CD2532F-IWS";
const CAMERA = "DS-2CD2146G2-ISU";
const pkg = (manifest: FirmwareManifest, sign = true) => encodeFirmwarePackage(manifest, firmwarePayload(manifest), sign ? {} : { sign: false });
const V550 = pkg({ model: LEGACY, version: "V5.5.0", build: "170725" });

interface Reply {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string | string[] | undefined>;
  element(name: string): string | undefined;
}

/** One request as a Digest client sends it (urllib): without credentials, then again after the 401. */
async function isapi(url: string, path: string, password: string, method = "GET", body?: Buffer, contentType = "application/octet-stream"): Promise<Reply> {
  const reply = await request(`${url}${path}`, {
    method: method as "GET",
    digestAuth: `admin:${password}`,
    dataType: "text",
    timeout: 60_000,
    ...(body === undefined ? {} : { content: body, headers: { "content-type": contentType } }),
  });
  const text = String(reply.data);
  return { status: reply.status, body: text, headers: reply.headers, element: (name) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1] };
}

/** What the web UI's upload form sends: the package as the file of a multipart/form-data body. */
function form(file: Buffer, field = "updateFile"): { body: Buffer; contentType: string } {
  const boundary = "----hikemuFormBoundary7MA4YWxkTrZu0gW";
  const head = `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="digicap.dav"\r\nContent-Type: application/octet-stream\r\n\r\n`;
  return { body: Buffer.concat([Buffer.from(head), file, Buffer.from(`\r\n--${boundary}--\r\n`)]), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function bootThrough(emulator: RunningEmulator, clock: VirtualClock, device: Device): Promise<void> {
  await clock.advance(device.readyAt - clock.now());
  await emulator.http.settled();
}

async function sadpFields(emulator: RunningEmulator, clock: VirtualClock, device: Device): Promise<Map<string, string>> {
  const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: emulator.fleet.devices.length, clock });
  const fields = replies.byMac.get(sadpMac(device.identity.mac));
  if (!fields) throw new Error(`${device.name} did not answer SADP`);
  return fields;
}

const RECOVERY_FIELDS = ["SoftwareVersion", "DSPVersion", "PasswordResetAbility", "PasswordResetModeSecond", "SupportSecurityQuestion", "SupportGUID", "SupportHCPlatform", "HCPlatformEnable"];

t.test("ACCEPTANCE: upgrading the legacy camera to current firmware changes what SADP and /ISAPI/Security/capabilities report for recovery", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 131, clock);
  const legacy = deviceOf(emulator, "legacy-camera-1");
  const url = baseUrl(emulator, "legacy-camera-1");
  const password = await adminPassword(emulator, "legacy-camera-1", PASSWORD);
  t.equal(password, "12345", "V5.2.0: admin / 12345 from the factory");

  const before = await sadpFields(emulator, clock, legacy);
  t.same(
    RECOVERY_FIELDS.map((f) => before.get(f)),
    ["V5.2.0build 140721", "V5.0 build 140714", "true", "false", "false", "false", "false", "flase"],
    "V5.2.0: the security code only",
  );
  const capsBefore = await isapi(url, "/ISAPI/Security/capabilities", password);
  t.equal(capsBefore.status, 200);
  t.equal(capsBefore.element("isSupportSecurityEmail"), undefined, "no recovery elements in the V5.2 SecurityCap");
  t.equal(capsBefore.element("isSupportSecurityQuestionConfig"), undefined);
  t.equal((await isapi(url, "/ISAPI/System/deviceInfo", password)).element("firmwareVersion"), "V5.2.0");

  // The PUT is answered once the image is written: meanwhile clients poll upgradeStatus.
  const put = isapi(url, "/ISAPI/System/updateFirmware", password, "PUT", V550);
  t.ok(await pollUntil(() => legacy.firmware.upgrading), "the device took the package");
  const started = await isapi(url, "/ISAPI/System/upgradeStatus", password);
  t.equal(started.status, 200);
  t.match(started.body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\s*<upgradeStatus version="2\.0" xmlns="http:\/\/www\.hikvision\.com\/ver20\/XMLSchema">\s*<upgrading>true<\/upgrading>\s*<percent>0<\/percent>\s*<\/upgradeStatus>\s*$/);
  await clock.advance(45_000);
  t.equal((await isapi(url, "/ISAPI/System/upgradeStatus", password)).element("percent"), "75", "progress on the device clock");
  await clock.advance(15_000);
  const reply = await put;
  t.equal(reply.status, 200);
  t.equal(reply.element("statusCode"), "1");
  t.equal(reply.element("subStatusCode"), "ok");
  t.equal(reply.element("requestURL"), "/ISAPI/System/updateFirmware");
  t.equal(reply.headers.connection, "close", "like reboot: the device goes down after this reply");
  t.equal(legacy.power, "rebooting");

  await bootThrough(emulator, clock, legacy);
  const info = await isapi(url, "/ISAPI/System/deviceInfo", password);
  t.equal(info.status, 200, "the same password after the upgrade");
  t.equal(info.element("firmwareVersion"), "V5.5.0");
  t.equal(info.element("firmwareReleasedDate"), "build 170725");
  t.equal(info.element("firmwareVersionInfo"), "B-R-G1-0");
  t.equal(info.element("subSerialNumber"), undefined, "as the V5.5.0 capture");

  const after = await sadpFields(emulator, clock, legacy);
  t.same(
    RECOVERY_FIELDS.map((f) => after.get(f)),
    ["V5.5.0build 170725", "V7.3 build 170627", "true", "true", "false", "false", "true", "flase"],
    "V5.5.0: the key-file reset (PasswordResetModeSecond) and the Hik-Connect platform",
  );
  const capsAfter = await isapi(url, "/ISAPI/Security/capabilities", password);
  t.equal(capsAfter.element("isSupportSecurityEmail"), "true", "reserved e-mail recovery");
  t.equal(capsAfter.element("isSupportSecurityQuestionConfig"), "false");
  t.equal(capsAfter.element("issupIllegalLoginLock"), "true");
  t.same((await isapi(url, "/ISAPI/System/upgradeStatus", password)).element("upgrading"), "false", "RAM: nothing in progress after the boot");
  const activate = await request(`${url}/SDK/activateStatus`, { dataType: "text" });
  t.match(String(activate.data), "<Activated>true</Activated>", "the activation resource exists now; the device stays active");
});

t.test("refusals: another model's package, corrupt, unsigned, unknown release, empty, a form without a file, too large, a second upgrade — real error shape, nothing changes", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 131, clock, { subnet: 1 });
  const legacy = deviceOf(emulator, "legacy-camera-1");
  const url = baseUrl(emulator, "legacy-camera-1");
  const password = await adminPassword(emulator, "legacy-camera-1", PASSWORD);
  const infoBefore = (await isapi(url, "/ISAPI/System/deviceInfo", password)).body;
  const tampered = Buffer.from(V550);
  tampered[200] = (tampered[200] ?? 0) ^ 0x01;
  const emptyForm = "------x\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n------x--\r\n";
  const cases: [string, Buffer, string, number, string, string?][] = [
    ["a package for another model", pkg({ model: CAMERA, version: "V5.7.18", build: "240826" }), "badDevType", 400, "6"],
    ["a vendor image (not a hikemu package)", Buffer.concat([Buffer.from([0x34, 0x12, 0x00, 0x00]), Buffer.alloc(2048, 0xa5)]), "fileFormatError", 400, "6"],
    ["a tampered package", tampered, "fileContentError", 400, "6"],
    ["an unsigned package", pkg({ model: LEGACY, version: "V5.5.0", build: "170725" }, false), "fileContentError", 400, "6"],
    ["a release the model lacks", pkg({ model: LEGACY, version: "V5.9.0", build: "990101" }), "badVersion", 400, "6"],
    ["a cut-short package", V550.subarray(0, 100), "fileFormatError", 400, "6"],
    ["a form without a file", Buffer.from(emptyForm), "fileFormatError", 400, "6", "multipart/form-data; boundary=----x"],
    // A form cut off inside its file part: the parser's stream errors (this once crashed the process).
    ["a form cut short inside the file", Buffer.concat([Buffer.from('------x\r\nContent-Disposition: form-data; name="file"; filename="v.hkfw"\r\nContent-Type: application/octet-stream\r\n\r\n'), V550.subarray(0, 300)]), "fileFormatError", 400, "6", "multipart/form-data; boundary=----x"],
    ["a body over the limit (a real digicap.dav)", Buffer.alloc(4 * 1024 * 1024 + 1, 0x11), "badXmlContent", 400, "6"],
  ];
  for (const [what, body, code, status, statusCode, contentType] of cases) {
    const flash = legacy.flash;
    const revision = legacy.revision;
    const reply = await isapi(url, "/ISAPI/System/updateFirmware", password, "PUT", body, contentType);
    t.equal(reply.status, status, what);
    t.equal(reply.element("statusCode"), statusCode, `${what}: statusCode`);
    t.equal(reply.element("subStatusCode"), code, `${what}: subStatusCode`);
    t.equal(reply.element("requestURL"), "/ISAPI/System/updateFirmware");
    t.equal(legacy.flash, flash, `${what}: flash untouched`);
    t.equal(legacy.revision, revision, `${what}: nothing shown changed`);
    t.equal(legacy.power, "running");
    t.equal((await isapi(url, "/ISAPI/System/deviceInfo", password)).body, infoBefore, `${what}: deviceInfo as before`);
    t.equal((await isapi(url, "/ISAPI/System/upgradeStatus", password)).element("upgrading"), "false");
  }

  // A second upgrade while one is writing: 503 upgrading; the first goes on.
  const first = isapi(url, "/ISAPI/System/updateFirmware", password, "PUT", V550);
  t.ok(await pollUntil(() => legacy.firmware.upgrading));
  const second = await isapi(url, "/ISAPI/System/updateFirmware", password, "PUT", V550);
  t.equal(second.status, 503);
  t.equal(second.element("statusCode"), "2");
  t.equal(second.element("subStatusCode"), "upgrading");
  const reboot = await isapi(url, "/ISAPI/System/reboot", password, "PUT");
  t.equal(reboot.element("subStatusCode"), "upgrading", "nor a reboot meanwhile");
  await clock.advance(60_000);
  t.equal((await first).status, 200);
  t.equal(legacy.flash.firmware.version, "V5.5.0");
});

t.test("the web UI's multipart upload and POST both work; Operators may not upgrade", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 131, clock, { subnet: 2 });
  const camera = deviceOf(emulator, "camera-1");
  const nvr = deviceOf(emulator, "nvr-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const nvrPassword = await adminPassword(emulator, "nvr-1", PASSWORD);

  await camera.userDirectory.create({ userName: "admin", peer: "127.0.0.1", loginPassword: password }, { userName: "op7", password: "Qx7#mLp2vW", level: "Operator" });
  const low = await request(`${baseUrl(emulator, "camera-1")}/ISAPI/System/updateFirmware`, { method: "PUT", digestAuth: "op7:Qx7#mLp2vW", dataType: "text", content: V550 });
  t.equal(low.status, 403);
  t.match(String(low.data), "<subStatusCode>lowPrivilege</subStatusCode>");
  const lowStatus = await request(`${baseUrl(emulator, "camera-1")}/ISAPI/System/upgradeStatus`, { digestAuth: "op7:Qx7#mLp2vW", dataType: "text" });
  t.equal(lowStatus.status, 403, "upgradeStatus is the administrator's too");

  const upload = form(pkg({ model: CAMERA, version: "V5.7.18", build: "240826" }));
  const viaForm = isapi(baseUrl(emulator, "camera-1"), "/ISAPI/System/updateFirmware", password, "PUT", upload.body, upload.contentType);
  const viaPost = isapi(baseUrl(emulator, "nvr-1"), "/ISAPI/System/updateFirmware", nvrPassword, "POST", pkg({ model: "DS-7608NXI-I2/8P/S", version: "V4.62.210", build: "230612" }));
  t.ok(await pollUntil(() => camera.firmware.upgrading && nvr.firmware.upgrading));
  await clock.advance(60_000);
  t.equal((await viaForm).status, 200);
  t.equal((await viaPost).status, 200);
  await bootThrough(emulator, clock, nvr);
  await bootThrough(emulator, clock, camera);
  t.equal((await isapi(baseUrl(emulator, "camera-1"), "/ISAPI/System/deviceInfo", password)).element("firmwareReleasedDate"), "build 240826");
  const nvrInfo = await isapi(baseUrl(emulator, "nvr-1"), "/ISAPI/System/deviceInfo", nvrPassword);
  t.equal(nvrInfo.element("firmwareReleasedDate"), "build 230612", "the NVR runs the other build");
  t.match(nvrInfo.body, 'xmlns="http://www.isapi.org/ver20/XMLSchema"');
});

t.test("the new firmware survives an emulator restart and a Default over ISAPI (which now leaves the device inactive)", async (t) => {
  const clock = new VirtualClock();
  const store = new MemoryStore();
  const first = await startRestartableFleet(t, "127.132.0", { clock, store, ssdp: false });
  const legacy = deviceOf(first, "legacy-camera-1");
  const url = baseUrl(first, "legacy-camera-1");
  const put = isapi(url, "/ISAPI/System/updateFirmware", "12345", "PUT", pkg({ model: LEGACY, version: "V5.4.5", build: "170124" }));
  t.ok(await pollUntil(() => legacy.firmware.upgrading));
  await clock.advance(60_000);
  t.equal((await put).status, 200);
  await first.stop();

  const second = await startRestartableFleet(t, "127.132.0", { clock, store, ssdp: false });
  const restarted = deviceOf(second, "legacy-camera-1");
  const url2 = baseUrl(second, "legacy-camera-1");
  t.equal((await isapi(url2, "/ISAPI/System/deviceInfo", "12345")).element("firmwareVersion"), "V5.4.5", "flash kept it across the restart");
  t.equal((await sadpFields(second, clock, restarted)).get("SoftwareVersion"), "V5.4.5build 170124");

  const reset = await isapi(url2, "/ISAPI/System/factoryReset?mode=full", "12345", "PUT");
  t.equal(reset.status, 200);
  await bootThrough(second, clock, restarted);
  const fields = await sadpFields(second, clock, restarted);
  t.equal(fields.get("SoftwareVersion"), "V5.4.5build 170124", "Default keeps the installed firmware");
  t.equal(fields.get("Activated"), "false", "and V5.4.5 leaves the factory inactive: activation exists on it");
  const status = await request(`${url2}/SDK/activateStatus`, { dataType: "text" });
  t.match(String(status.data), "<Activated>false</Activated>");
});

t.test("no downgrade across activation: the NVR's V3.0.18 package onto V4.62 answers badVersion and changes nothing", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 203, clock);
  const nvr = deviceOf(emulator, "nvr-1");
  const url = baseUrl(emulator, "nvr-1");
  const password = await adminPassword(emulator, "nvr-1", PASSWORD);
  const flash = nvr.flash;
  const revision = nvr.revision;
  const reply = await isapi(url, "/ISAPI/System/updateFirmware", password, "PUT", pkg({ model: "DS-7608NXI-I2/8P/S", version: "V3.0.18", build: "150113" }));
  t.equal(reply.status, 400);
  t.equal(reply.element("statusCode"), "6");
  t.equal(reply.element("subStatusCode"), "badVersion", "the catalog's refusal of a release");
  t.equal(nvr.flash, flash, "flash untouched");
  t.equal(nvr.revision, revision);
  t.equal(nvr.firmware.upgrading, false, "no upgrading phase");
  t.equal((await isapi(url, "/ISAPI/System/deviceInfo", password)).element("firmwareVersion"), "V4.62.210");
  t.equal(nvr.supportsActivation, true, "still the activation firmware: no security code");
  t.same(nvr.profile.recovery.includes("securityCode"), false);
});
