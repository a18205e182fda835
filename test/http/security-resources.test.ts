import t from "tap";
import { request } from "urllib";
import { XMLParser } from "fast-xml-parser";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { golden, readFixture } from "../helpers/golden.js";
import { parseXml, textAt } from "../../src/http/xml.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";

const PASSWORD = "Hik12345!";
const OCTET = 97;
const NAMES = ["camera-1", "legacy-camera-1", "nvr-1"] as const;
const CAPTURE_OF: Record<(typeof NAMES)[number], string> = { "camera-1": "DS-2CD2146G2-ISU", "legacy-camera-1": "DS-2CD2532F-IWS", "nvr-1": "DS-7608NXI-I2" };

/** Parsed like the diagnostics dumps the captures come from: attributes as `@name`, text as `#text`. */
const capParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", parseTagValue: false, parseAttributeValue: false, removeNSPrefix: true });

async function get(emulator: RunningEmulator, name: string, path: string, userpass: string): Promise<{ status: number; body: string }> {
  const response = await request(`${baseUrl(emulator, name)}${path}`, { digestAuth: userpass, dataType: "text" });
  return { status: response.status, body: String(response.data) };
}

async function put(emulator: RunningEmulator, name: string, path: string, userpass: string, body: string): Promise<{ status: number; body: string }> {
  const response = await request(`${baseUrl(emulator, name)}${path}`, { method: "PUT", digestAuth: userpass, dataType: "text", content: body, headers: { "content-type": "application/xml" } });
  return { status: response.status, body: String(response.data) };
}

const webCertificate = (type: string, algorithm: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><WebCertificate version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema"><CertificateType>${type}</CertificateType><SecurityAlgorithm><algorithmType>${algorithm}</algorithmType></SecurityAlgorithm></WebCertificate>`;

t.test("userCheck: 200 with the userCheck document, flags where the firmware has them; failures are the profile's 401", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 1 });
  for (const name of NAMES) {
    const device = emulator.fleet.byName(name)!;
    const password = await adminPassword(emulator, name, PASSWORD);
    const ok = await get(emulator, name, "/ISAPI/Security/userCheck", `admin:${password}`);
    t.equal(ok.status, 200, `${name}: 200`);
    const doc = parseXml(ok.body)!;
    t.equal(textAt(doc, "userCheck", "statusValue"), "200");
    t.equal(textAt(doc, "userCheck", "statusString"), "OK");
    if (device.profile.security.userCheckFlags) {
      t.equal(textAt(doc, "userCheck", "isDefaultPassword"), "false", `${name}: an activated password is never the factory one`);
      t.equal(textAt(doc, "userCheck", "isRiskPassword"), "false");
      t.equal(textAt(doc, "userCheck", "isActivated"), "true");
    } else {
      t.notMatch(ok.body, /isDefaultPassword/, `${name}: V5.2 firmware has no password flags`);
    }
    const wrong = await get(emulator, name, "/ISAPI/Security/userCheck", "admin:Wrong1234!");
    t.equal(wrong.status, 401, `${name}: wrong password 401`);
    if (device.profile.isapi.unauthorizedBody === "html") t.equal(wrong.body, readFixture("isapi/unauthorized.DS-2CD2155FWD-I.capture.html").toString(), `${name}: the captured HTML page`);
    else t.match(wrong.body, /^<\?xml version="1.0" encoding="UTF-8" \?>\n<userCheck>\n<statusValue>401<\/statusValue>\n<statusString>Unauthorized<\/statusString>\n<lockStatus>unlock<\/lockStatus>/, `${name}: the NVR capture's layout (LF, spaced prolog)`);
  }
});

t.test("userCheck isDefaultPassword: true while the admin keeps the factory password (a V5.2 profile with the flags)", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, {
    subnet: 2,
    profileOf: (p) => (p.activation.mode === "none" ? { ...p, security: { ...p.security, userCheckFlags: true } } : p),
  });
  const device = emulator.fleet.byName("legacy-camera-1")!;
  t.ok(device.accounts.hasFactoryPassword("admin"), "admin / 12345 from the factory");
  const before = parseXml((await get(emulator, "legacy-camera-1", "/ISAPI/Security/userCheck", "admin:12345")).body)!;
  t.equal(textAt(before, "userCheck", "isDefaultPassword"), "true");
  t.equal(textAt(before, "userCheck", "isRiskPassword"), "true");
  await device.userDirectory.modify({ userName: "admin", peer: "127.0.0.1" }, 1, { password: PASSWORD });
  t.notOk(device.accounts.hasFactoryPassword("admin"), "a changed password is no longer the factory one");
  const after = parseXml((await get(emulator, "legacy-camera-1", "/ISAPI/Security/userCheck", `admin:${PASSWORD}`)).body)!;
  t.equal(textAt(after, "userCheck", "isDefaultPassword"), "false");
  t.notOk(emulator.fleet.byName("camera-1")!.accounts.hasFactoryPassword("admin"), "activation firmware has no factory password");
});

t.test("capabilities: SecurityCap per profile (golden files), elements and values as the model's capture", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 3 });
  for (const name of NAMES) {
    const device = emulator.fleet.byName(name)!;
    const password = await adminPassword(emulator, name, PASSWORD);
    const reply = await get(emulator, name, "/ISAPI/Security/capabilities?username=admin", `admin:${password}`);
    t.equal(reply.status, 200, `${name}: 200 (?username= accepted)`);
    t.equal(reply.body, golden(`isapi/SecurityCap.${name}.golden.xml`, reply.body).toString(), `${name}: golden`);

    const ours = (capParser.parse(reply.body) as Record<string, Record<string, unknown>>)["SecurityCap"]!;
    const capture = JSON.parse(readFixture(`isapi/SecurityCap.${CAPTURE_OF[name]}.capture.json`).toString()) as Record<string, unknown>;
    const elements = Object.keys(ours).filter((k) => !k.startsWith("@"));
    const captured = Object.keys(capture).filter((k) => !k.startsWith("@"));
    t.same(elements, captured.filter((k) => elements.includes(k)), `${name}: our elements are the capture's, in its order`);
    t.ok(elements.every((k) => captured.includes(k)), `${name}: no element the capture lacks`);
    for (const element of elements) {
      // Per-device or per-setting values: the salt is each unit's own; CertificateType carries the current setting.
      if (element === "salt") continue;
      if (element === "SecurityLimits") {
        const limits = ours[element] as Record<string, Record<string, string>>;
        t.same(limits["LoginPasswordLenLimit"], { "@min": String(device.profile.passwordPolicy.minLength), "@max": String(device.profile.passwordPolicy.maxLength) }, `${name}: password length from the profile`);
        t.same(limits["SecurityAnswerLenLimit"], (capture[element] as Record<string, unknown>)["SecurityAnswerLenLimit"]);
        continue;
      }
      if (element === "WebCertificateCap") {
        const cap = ours[element] as Record<string, Record<string, unknown>>;
        const real = capture[element] as Record<string, Record<string, unknown>>;
        t.equal(cap["CertificateType"]!["@opt"], real["CertificateType"]!["@opt"], `${name}: CertificateType options`);
        t.equal(cap["CertificateType"]!["#text"], device.security.current.webAuth.certificateType, `${name}: the current setting`);
        t.same(cap["SecurityAlgorithm"], real["SecurityAlgorithm"], `${name}: algorithm options`);
        continue;
      }
      t.same(ours[element], capture[element], `${name}: ${element} as captured`);
    }
    if (elements.includes("salt")) t.equal(ours["salt"], device.identity.salt, `${name}: salt is the device's (SADP Salt)`);
    else t.notMatch(reply.body, /<salt>/, `${name}: no salt where the capture has none`);
  }
});

t.test("webCertificate: GET/PUT the web auth setting, validated against the profile, Administrator only", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 4 });
  await adminPassword(emulator, "camera-1", PASSWORD);
  const admin = `admin:${PASSWORD}`;
  const camera = emulator.fleet.byName("camera-1")!;
  const initial = await get(emulator, "camera-1", "/ISAPI/Security/webCertificate", admin);
  t.equal(initial.status, 200);
  t.equal(textAt(parseXml(initial.body)!, "WebCertificate", "CertificateType"), "digest", "G2 factory setting: digest");
  t.equal(textAt(parseXml(initial.body)!, "WebCertificate", "SecurityAlgorithm", "algorithmType"), "MD5");
  t.match(initial.body, /<WebCertificate version="2.0" xmlns="http:\/\/www.hikvision.com\/ver20\/XMLSchema">/);

  const changed = await put(emulator, "camera-1", "/ISAPI/Security/webCertificate", admin, webCertificate("digest/basic", "MD5/SHA256"));
  t.equal(changed.status, 200);
  t.equal(textAt(parseXml(changed.body)!, "ResponseStatus", "statusCode"), "1");
  t.same(camera.security.current.webAuth, { certificateType: "digest/basic", algorithm: "MD5/SHA256" }, "written to the device");
  const reread = parseXml((await get(emulator, "camera-1", "/ISAPI/Security/webCertificate", admin)).body)!;
  t.equal(textAt(reread, "WebCertificate", "CertificateType"), "digest/basic");
  t.equal(textAt(reread, "WebCertificate", "SecurityAlgorithm", "algorithmType"), "MD5/SHA256");

  for (const [body, code] of [
    [webCertificate("basic", "MD5"), "badParameters"],
    [webCertificate("digest", "SHA512"), "badParameters"],
    ["<WebCertificate><CertificateType>digest", "badXmlFormat"],
  ] as const) {
    const refused = await put(emulator, "camera-1", "/ISAPI/Security/webCertificate", admin, body);
    t.equal(refused.status, 400, `${code}: 400`);
    t.equal(textAt(parseXml(refused.body)!, "ResponseStatus", "subStatusCode"), code);
  }
  t.same(camera.security.current.webAuth, { certificateType: "digest/basic", algorithm: "MD5/SHA256" }, "refused PUTs changed nothing");

  // The V5.2 camera knows MD5 only: SHA256 is an option its profile lacks.
  const legacy = emulator.fleet.byName("legacy-camera-1")!;
  const sha = await put(emulator, "legacy-camera-1", "/ISAPI/Security/webCertificate", "admin:12345", webCertificate("digest/basic", "SHA256"));
  t.equal(sha.status, 400);
  t.equal(textAt(parseXml(sha.body)!, "ResponseStatus", "subStatusCode"), "badParameters");
  t.same(legacy.security.current.webAuth, { certificateType: "digest/basic", algorithm: "MD5" }, "nothing changed on the V5.2 camera");

  await camera.userDirectory.create({ userName: "admin", peer: "127.0.0.1", loginPassword: PASSWORD }, { userName: "operator1", password: "Oper4567!x", level: "Operator" });
  const operator = "operator1:Oper4567!x";
  t.equal((await get(emulator, "camera-1", "/ISAPI/Security/userCheck", operator)).status, 200, "the Operator logs in");
  const low = await put(emulator, "camera-1", "/ISAPI/Security/webCertificate", operator, webCertificate("digest", "MD5"));
  t.equal(low.status, 403);
  t.equal(textAt(parseXml(low.body)!, "ResponseStatus", "subStatusCode"), "lowPrivilege");
  t.equal(textAt(parseXml((await get(emulator, "camera-1", "/ISAPI/Security/webCertificate", operator)).body)!, "ResponseStatus", "subStatusCode"), "lowPrivilege", "reading it is the Administrator's too");
  t.equal((await get(emulator, "camera-1", "/ISAPI/Security/capabilities", operator)).status, 200, "capabilities: any user");
  t.same(camera.security.current.webAuth, { certificateType: "digest/basic", algorithm: "MD5/SHA256" }, "the Operator changed nothing");
});
