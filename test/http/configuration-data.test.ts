import t, { type Test } from "tap";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { request } from "urllib";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { CAMERA, LEGACY, profile } from "../helpers/harness.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { curl } from "../helpers/curl.js";

const PASSWORD_A = "Alpha1234!";
const PASSWORD_B = "Bravo1234!";
const NS = "http://www.hikvision.com/ver20/XMLSchema";
const PATH = "/ISAPI/System/configurationData";

/**
 * The default fleet with the legacy camera's slot running the G2 camera's profile: camera-1 (A)
 * and legacy-camera-1 (B) are two units of one model, nvr-1 another model.
 */
async function twoOfAModel(t: Test, octet: number) {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, octet, clock, { profileOf: (p) => (p.model === LEGACY ? profile(CAMERA) : p) });
  const passwordA = await adminPassword(emulator, "camera-1", PASSWORD_A);
  const passwordB = await adminPassword(emulator, "legacy-camera-1", PASSWORD_B);
  const passwordN = await adminPassword(emulator, "nvr-1", PASSWORD_A);
  const a = deviceOf(emulator, "camera-1");
  const b = deviceOf(emulator, "legacy-camera-1");
  t.equal(b.profile.model, a.profile.model, "A and B are one model");
  return {
    clock,
    emulator,
    a,
    b,
    urlA: baseUrl(emulator, "camera-1"),
    urlB: baseUrl(emulator, "legacy-camera-1"),
    urlN: baseUrl(emulator, "nvr-1"),
    adminA: `admin:${passwordA}`,
    adminB: `admin:${passwordB}`,
    adminN: `admin:${passwordN}`,
  };
}

/** GET of the configuration file as a Digest client (urllib), bytes kept as bytes. */
async function exportFrom(url: string, userpass: string, query = ""): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }> {
  const reply = await request(`${url}${PATH}${query}`, { digestAuth: userpass });
  return { status: reply.status, headers: reply.headers, body: Buffer.from(reply.data as Buffer) };
}

async function importInto(url: string, userpass: string, file: Buffer, query = ""): Promise<{ status: number; headers: Record<string, unknown>; body: string; subStatusCode: string | undefined; statusCode: string | undefined }> {
  const reply = await request(`${url}${PATH}${query}`, { method: "PUT", digestAuth: userpass, content: file, headers: { "content-type": "application/octet-stream" }, dataType: "text" });
  const body = String(reply.data);
  const element = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(body)?.[1];
  return { status: reply.status, headers: reply.headers, body, statusCode: element("statusCode"), subStatusCode: element("subStatusCode") };
}

/** What a client sees of the settings a configuration carries. */
async function settingsOf(url: string, userpass: string): Promise<string[]> {
  const [user, password] = userpass.split(":") as [string, string];
  const pages = ["/ISAPI/Security/illegalLoginLock", "/ISAPI/Security/webCertificate", "/ISAPI/System/Network/ipFilter"];
  const bodies: string[] = [];
  for (const page of pages) {
    const reply = await isapiCall(url, page, user, password);
    if (reply.status !== 200) throw new Error(`${page}: ${reply.status}`);
    bodies.push(reply.body);
  }
  return bodies;
}

async function bootThrough(emulator: RunningEmulator, clock: VirtualClock, device: Device): Promise<void> {
  await clock.advance(device.profile.shutdownSeconds * 1000);
  await clock.advance(device.readyAt - clock.now());
  await emulator.http.settled();
}

async function changeSettings(url: string, userpass: string): Promise<void> {
  const [user, password] = userpass.split(":") as [string, string];
  const put = async (path: string, body: string, method: "PUT" | "POST" = "PUT") => {
    const reply = await isapiCall(url, path, user, password, method, body);
    if (reply.status !== 200) throw new Error(`${method} ${path}: ${reply.status} ${reply.body}`);
  };
  await put("/ISAPI/Security/illegalLoginLock", `<IllegalLoginLock version="2.0" xmlns="${NS}"><enabled>true</enabled><maxIllegalLoginTimes>11</maxIllegalLoginTimes><maxIllegalLoginLockTime>900</maxIllegalLoginLockTime></IllegalLoginLock>`);
  await put("/ISAPI/Security/webCertificate", `<WebCertificate version="2.0" xmlns="${NS}"><CertificateType>digest/basic</CertificateType><SecurityAlgorithm><algorithmType>MD5/SHA256</algorithmType></SecurityAlgorithm></WebCertificate>`);
  await put(
    "/ISAPI/System/Network/ipFilter",
    `<IPFilter version="2.0" xmlns="${NS}"><enabled>true</enabled><permissionType>deny</permissionType><IPFilterItemList><IPFilterItem><id>1</id><addressFilterType>range</addressFilterType><AddressRange><startIPAddress>10.9.0.1</startIPAddress><endIPAddress>10.9.0.99</endIPAddress></AddressRange></IPFilterItem></IPFilterItemList></IPFilter>`,
  );
  await put("/ISAPI/Security/users", `<User><id>0</id><userName>operator1</userName><password>Oper4567!</password><userLevel>Operator</userLevel><loginPassword>${password}</loginPassword></User>`, "POST");
}

t.test("a configuration exported from one device and imported into another of the same model reproduces its settings; a tampered file is refused and nothing changes", async (t) => {
  const { clock, emulator, a, b, urlA, urlB, urlN, adminA, adminB, adminN } = await twoOfAModel(t, 135);
  await changeSettings(urlA, adminA);
  const settingsA = await settingsOf(urlA, adminA);
  const settingsB = await settingsOf(urlB, adminB);
  t.notSame(settingsB, settingsA, "B starts with other settings");

  const exported = await exportFrom(urlA, adminA);
  t.equal(exported.status, 200);
  t.equal(exported.headers["content-type"], "application/octet-stream");
  t.equal(exported.headers["content-disposition"], 'attachment; filename="devCfg.bin"');
  t.equal(exported.body.subarray(0, 8).toString("latin1"), "HIKEMUCF", "hikemu's configuration file");
  t.notOk(exported.body.includes(Buffer.from("operator1")), "opaque: no user name in clear");

  const operator = await isapiCall(urlA, PATH, "operator1", "Oper4567!");
  t.same([operator.status, operator.subStatusCode], [403, "lowPrivilege"], "Administrators only");

  const flashB = b.flash;
  const unchanged = async (what: string) => {
    t.equal(b.flash, flashB, `${what}: B's flash untouched`);
    t.equal(b.power, "running", `${what}: no reboot`);
    t.same(await settingsOf(urlB, adminB), settingsB, `${what}: B's pages as before`);
  };
  const tampered = Buffer.from(exported.body);
  tampered[exported.body.length - 5] = (tampered[exported.body.length - 5] as number) ^ 0x01;
  const refusedTampered = await importInto(urlB, adminB, tampered);
  t.same([refusedTampered.status, refusedTampered.statusCode, refusedTampered.subStatusCode], [400, "6", "fileContentError"], "one flipped byte: fileContentError");
  t.match(refusedTampered.body, `<requestURL>${PATH}</requestURL>`);
  await unchanged("tampered");

  const truncated = await importInto(urlB, adminB, exported.body.subarray(0, 40));
  t.same([truncated.status, truncated.subStatusCode], [400, "fileContentError"], "cut inside its header");
  await unchanged("truncated");

  const fromNvr = await exportFrom(urlN, adminN);
  t.equal(fromNvr.status, 200);
  const otherModel = await importInto(urlB, adminB, fromNvr.body);
  t.same([otherModel.status, otherModel.statusCode, otherModel.subStatusCode], [400, "6", "badDevType"], "the NVR's file on a camera: badDevType");
  await unchanged("another model");

  const locked = await exportFrom(urlA, adminA, "?secretkey=Backup%232024");
  t.equal(locked.status, 200);
  const wrongKey = await importInto(urlB, adminB, locked.body, "?secretkey=Backup%232025");
  t.same([wrongKey.status, wrongKey.subStatusCode], [400, "importErrorData"], "wrong secretkey");
  await unchanged("wrong secretkey");
  const noKey = await importInto(urlB, adminB, locked.body);
  t.same([noKey.status, noKey.subStatusCode], [400, "badParameters"], "no secretkey for a locked file");
  await unchanged("missing secretkey");

  const accepted = await importInto(urlB, adminB, exported.body);
  t.same([accepted.status, accepted.statusCode, accepted.subStatusCode], [200, "1", "ok"]);
  t.equal(accepted.headers["connection"], "close", "like reboot: the connection closes");
  t.equal(b.power, "rebooting", "B reboots into the imported configuration");
  t.same(b.flash.security, a.flash.security, "flash written before the reply");

  await bootThrough(emulator, clock, b);
  t.equal(b.power, "running");
  t.same(await settingsOf(urlB, adminB), settingsA, "after the reboot B shows A's lockout, web auth and IP filter");
  t.equal((await isapiCall(urlB, "/ISAPI/System/deviceInfo", "admin", PASSWORD_A)).status, 401, "A's admin password does not open B: B keeps its accounts");
  t.equal((await isapiCall(urlB, "/ISAPI/System/deviceInfo", "operator1", "Oper4567!")).status, 401, "A's operator is not on B");
  t.not(b.serving.address, a.serving.address);
  t.equal(b.network.ipv4, flashB.network.ipv4, "B keeps its own address");
});

t.test("a multipart upload restores the unit's own file, accounts included", async (t) => {
  const { clock, emulator, a, urlA, adminA } = await twoOfAModel(t, 136);
  await changeSettings(urlA, adminA);
  const saved = await exportFrom(urlA, adminA, "?secretkey=Mine%231");
  const savedSettings = await settingsOf(urlA, adminA);
  const removed = await isapiCall(urlA, "/ISAPI/Security/users/2", "admin", PASSWORD_A, "DELETE");
  t.equal(removed.status, 200, "operator1 deleted");
  await isapiCall(urlA, "/ISAPI/Security/illegalLoginLock", "admin", PASSWORD_A, "PUT", `<IllegalLoginLock><maxIllegalLoginTimes>4</maxIllegalLoginTimes></IllegalLoginLock>`);
  t.equal((await isapiCall(urlA, "/ISAPI/System/deviceInfo", "operator1", "Oper4567!")).status, 401);

  const dir = t.testdir();
  const file = join(dir, "devCfg.bin");
  writeFileSync(file, saved.body);
  const upload = await curl(["--digest", "--user", adminA, "-X", "PUT", "-F", `file=@${file};type=application/octet-stream`, `${urlA}${PATH}?secretkey=Mine%231`]);
  t.same(upload.statuses, [200], "curl (Digest: challenge, then the upload) ends with 200");
  t.match(upload.body, "<subStatusCode>ok</subStatusCode>");
  await bootThrough(emulator, clock, a);
  t.same(await settingsOf(urlA, adminA), savedSettings, "settings as at export");
  t.equal((await isapiCall(urlA, "/ISAPI/System/deviceInfo", "operator1", "Oper4567!")).status, 200, "the same unit gets its accounts back");
});

t.test("bad uploads change nothing: not a file, bad multipart, over the limit, secretkey twice or encrypted", async (t) => {
  const { b, urlB, adminB } = await twoOfAModel(t, 137);
  const flash = b.flash;
  const pages = await settingsOf(urlB, adminB);
  const xml = await importInto(urlB, adminB, Buffer.from('<?xml version="1.0"?><ConfigurationData/>'));
  t.same([xml.status, xml.subStatusCode], [400, "fileFormatError"]);
  const empty = await importInto(urlB, adminB, Buffer.alloc(0));
  t.same([empty.status, empty.subStatusCode], [400, "fileFormatError"], "no body");
  const noFile = await request(`${urlB}${PATH}`, { method: "PUT", digestAuth: adminB, content: "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n", headers: { "content-type": "multipart/form-data; boundary=x" }, dataType: "text" });
  t.same([noFile.status, /<subStatusCode>(\w+)/.exec(String(noFile.data))?.[1]], [400, "badParameters"], "multipart without a file part");
  const cut = await request(`${urlB}${PATH}`, { method: "PUT", digestAuth: adminB, content: "--x\r\nContent-Disposition: form-data; name=\"f\"; filename=\"c.bin\"\r\n\r\nHIKEMU", headers: { "content-type": "multipart/form-data; boundary=x" }, dataType: "text" });
  t.same([cut.status, /<subStatusCode>(\w+)/.exec(String(cut.data))?.[1]], [400, "badParameters"], "multipart cut short");
  const huge = await importInto(urlB, adminB, Buffer.alloc(4 * 1024 * 1024 + 1));
  t.same([huge.status, huge.subStatusCode], [400, "badXmlContent"], "over 4 MiB: refused before it is read (bodyTooLarge)");
  const twice = await exportFrom(urlB, adminB, "?secretkey=a&secretkey=b");
  t.equal(twice.status, 400, "secretkey twice");
  const encrypted = await exportFrom(urlB, adminB, "?secretkey=abc&security=1&iv=00");
  t.equal(encrypted.status, 400, "an encrypted secretkey (security=1) is not emulated");
  t.match(encrypted.body.toString(), "<subStatusCode>badParameters</subStatusCode>");
  const long = await exportFrom(urlB, adminB, `?secretkey=${"k".repeat(17)}`);
  t.equal(long.status, 400, "17 characters: over cfgFileSecretKeyLenLimit");
  const secretTwice = await importInto(urlB, adminB, Buffer.from("HIKEMUCF"), "?secretkey=a&secretkey=b");
  t.same([secretTwice.status, secretTwice.subStatusCode], [400, "badParameters"], "secretkey twice on import");
  t.equal(b.flash, flash, "B's flash untouched");
  t.equal(b.power, "running");
  t.same(await settingsOf(urlB, adminB), pages, "and what B's pages show");
});
