import t from "tap";
import { request } from "urllib";
import { activateOverIsapi, newClientKey, requestChallenge, randomFromChallenge, encryptPassword } from "../helpers/isapi-activation-client.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { readFixture } from "../helpers/golden.js";

t.test("a §2.3 client activates one device; SADP then shows it active, and only it", async (t) => {
  const emulator = await startDefaultFleet(t, 25);
  const camera = baseUrl(emulator, "camera-1");

  const before = await fetch(`${camera}/SDK/activateStatus`);
  t.equal(before.status, 200, "activateStatus needs no auth");
  t.equal(await before.text(), readFixture("isapi/activateStatus.false.xml").toString());

  const result = await activateOverIsapi(camera, "Hik12345!");
  t.equal(result.challengeStatus, 200);
  t.equal(result.status, 200);
  t.match(result.body, /<statusCode>1<\/statusCode>/);
  t.match(result.body, /<subStatusCode>ok<\/subStatusCode>/);

  const after = await (await fetch(`${camera}/SDK/activateStatus`)).text();
  t.match(after, /<Activated>true<\/Activated>/);

  const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3 });
  const activated = [...replies.byMac.values()].map((f) => [f.get("IPv4Address"), f.get("Activated")]);
  t.same(
    activated.sort(),
    [
      ["127.25.0.10", "true"],
      ["127.25.0.11", "true"], // V5.2: no activation, active from the factory (issue #5)
      ["127.25.0.12", "false"],
    ],
  );
});

t.test("risky password → riskPassword, device stays inactive; second activation → hasActivated", async (t) => {
  const emulator = await startDefaultFleet(t, 26);
  const nvr = baseUrl(emulator, "nvr-1");
  const risky = await activateOverIsapi(nvr, "12345678");
  t.equal(risky.status, 403);
  t.match(risky.body, /<statusCode>4<\/statusCode>/);
  t.match(risky.body, /<subStatusCode>riskPassword<\/subStatusCode>/);
  t.match(risky.body, /xmlns="http:\/\/www.isapi.org\/ver20\/XMLSchema"/, "the NVR's namespace");
  t.match(await (await fetch(`${nvr}/SDK/activateStatus`)).text(), /<Activated>false<\/Activated>/);

  t.equal((await activateOverIsapi(nvr, "Hik12345!")).status, 200);
  const again = await activateOverIsapi(nvr, "Other123!");
  t.equal(again.status, 403);
  t.match(again.body, /<subStatusCode>hasActivated<\/subStatusCode>/);
  t.match(again.body, /<requestURL>\/ISAPI\/System\/activate<\/requestURL>/);
});

t.test("bad input gets a well-formed ResponseStatus and changes nothing", async (t) => {
  const emulator = await startDefaultFleet(t, 27);
  const camera = baseUrl(emulator, "camera-1");
  const put = (path: string, body: string, method = "PUT") => fetch(`${camera}${path}`, { method, body });

  const cases: [string, Response, number, string][] = [
    ["not XML", await put("/ISAPI/System/activate", "<ActivateInfo><password>"), 400, "badXmlFormat"],
    ["no password element", await put("/ISAPI/System/activate", "<ActivateInfo/>"), 400, "badXmlContent"],
    ["activate before any challenge", await put("/ISAPI/System/activate", "<ActivateInfo><password>QUJD</password></ActivateInfo>"), 403, "invalidOperation"],
    ["challenge with a junk key", await put("/ISAPI/Security/challenge", "<PublicKey><key>!!!</key></PublicKey>", "POST"), 400, "badParameters"],
    // Challenge before revealing (issue #5): while inactive, nothing but the public resources answers.
    ["unknown resource while inactive", await fetch(`${camera}/ISAPI/No/Such`), 403, "notActivated"],
    ["wrong method while inactive", await put("/SDK/activateStatus", ""), 403, "notActivated"],
    ["a 300 KB body", await put("/ISAPI/System/activate", `<ActivateInfo><password>${"A".repeat(300_000)}</password></ActivateInfo>`), 400, "badXmlContent"],
  ];
  for (const [what, response, status, sub] of cases) {
    t.equal(response.status, status, what);
    t.equal(response.headers.get("content-type"), 'application/xml; charset="UTF-8"', what);
    t.match(await response.text(), new RegExp(`<ResponseStatus version="1.0" xmlns="[^"]+">[\\s\\S]*<subStatusCode>${sub}</subStatusCode>`), what);
  }

  const { publicKey, privateKey } = newClientKey();
  const challenge = await requestChallenge(camera, publicKey);
  const random = randomFromChallenge(privateKey, challenge.body);
  const wrong = await put("/ISAPI/System/activate", `<ActivateInfo><password>${encryptPassword(`${random[0] === "0" ? "1" : "0"}${random.slice(1)}`, "Hik12345!")}</password></ActivateInfo>`);
  t.equal(wrong.status, 400, "ciphertext made with another key");
  t.match(await wrong.text(), /badParameters/);
  t.equal(emulator.fleet.byName("camera-1")!.activated, false, "nothing changed");
});

t.test("firmware before V5.3.0 has no activation: admin / 12345 from the factory, activation resources absent", async (t) => {
  const emulator = await startDefaultFleet(t, 34);
  const legacy = baseUrl(emulator, "legacy-camera-1");
  const device = emulator.fleet.byName("legacy-camera-1")!;
  t.equal(device.activated, true, "active from the factory");

  const info = await request(`${legacy}/ISAPI/System/deviceInfo`, { digestAuth: "admin:12345", dataType: "text" });
  t.equal(info.status, 200, "Digest with the factory password");
  t.match(String(info.data), "<firmwareVersion>V5.2.0</firmwareVersion>");

  for (const [method, path] of [["GET", "/SDK/activateStatus"], ["POST", "/ISAPI/Security/challenge"], ["PUT", "/ISAPI/System/activate"]] as const) {
    const anonymous = await fetch(`${legacy}${path}`, { method, ...(method === "GET" ? {} : { body: "<x/>" }) });
    t.equal(anonymous.status, 401, `${method} ${path}: an unknown resource, so the challenge first`);
    const known = await request(`${legacy}${path}`, { method, digestAuth: "admin:12345", dataType: "text", ...(method === "GET" ? {} : { content: "<x/>" }) });
    t.equal(known.status, 403, `${method} ${path}: not on this firmware (403 for a missing resource before V5.7)`);
    t.match(String(known.data), /<subStatusCode>notSupport<\/subStatusCode>/);
  }
  const result = await activateOverIsapi(legacy, "Hik12345!");
  t.equal(result.challengeStatus, 401, "an activation client gets no challenge");
  t.equal((await request(`${legacy}/ISAPI/System/deviceInfo`, { digestAuth: "admin:12345", dataType: "text" })).status, 200, "password unchanged");
});
