import t from "tap";
import { createServer } from "node:net";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { sadpMac } from "../../src/util/mac.js";
import { adminPassword, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { freePort, tryConnect } from "../helpers/sockets.js";
import { startLoggedFleet } from "../helpers/address-fleet.js";
import { readFixture } from "../helpers/golden.js";

const PASSWORD = "Hik12345!";
const PATH = "/ISAPI/Security/adminAccesses";

function portOf(xml: string, protocol: string): string | undefined {
  return new RegExp(`<protocol>${protocol}</protocol>\\r\\n(?:<[^>]+>[^<]*</[^>]+>\\r\\n)*?<portNo>(\\d+)</portNo>`).exec(xml)?.[1];
}

async function sadpFields(emulator: RunningEmulator, clock: VirtualClock, device: Device): Promise<Map<string, string> | undefined> {
  const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: emulator.fleet.devices.length, clock });
  return replies.byMac.get(sadpMac(device.identity.mac));
}

async function rebootThrough(emulator: RunningEmulator, clock: VirtualClock, device: Device, base: string, password: string): Promise<void> {
  const reboot = await isapiCall(base, "/ISAPI/System/reboot", "admin", password, "PUT");
  if (reboot.status !== 200) throw new Error(`reboot refused: ${reboot.status}`);
  await emulator.http.settled();
  await clock.advance(device.profile.shutdownSeconds * 1000);
  await clock.advance(device.readyAt - clock.now());
  await emulator.http.settled();
}

const list = (...entries: string[]) => `<?xml version="1.0" encoding="UTF-8"?><AdminAccessProtocolList version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">${entries.join("")}</AdminAccessProtocolList>`;
const entry = (id: number, protocol: string, port: number | string) => `<AdminAccessProtocol><id>${id}</id><enabled>true</enabled><protocol>${protocol}</protocol><portNo>${port}</portNo></AdminAccessProtocol>`;

t.test("a new HTTP port: answered 7 rebootRequired, served on the old port until the reboot, then on the new one; SADP follows", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 146, clock);
  const camera = deviceOf(emulator, "camera-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const { address, httpPort: oldPort } = camera.serving;
  const oldBase = `http://${address}:${oldPort}`;
  const newPort = await freePort(address);
  const changes = [];
  camera.events.on("settingsChanged", (e) => changes.push(e));

  const before = await isapiCall(oldBase, PATH, "admin", password);
  t.equal(portOf(before.body, "HTTP"), String(oldPort), "GET shows the port served (the fleet's)");
  t.equal(portOf(before.body, "DEV_MANAGE"), "8000");

  const put = await isapiCall(oldBase, PATH, "admin", password, "PUT", list(entry(1, "HTTP", newPort), entry(3, "DEV_MANAGE", 8001)));
  t.equal(put.status, 200);
  t.match(put.body, /<requestURL>\/ISAPI\/Security\/adminAccesses<\/requestURL>\r\n<statusCode>7<\/statusCode>\r\n<statusString>Reboot Required<\/statusString>\r\n<subStatusCode>rebootRequired<\/subStatusCode>/, "Reboot Required (§2.9)");
  t.equal(changes.length, 1, "settingsChanged once");

  const after = await isapiCall(oldBase, PATH, "admin", password);
  t.equal(after.status, 200, "still served on the old port");
  t.equal(portOf(after.body, "HTTP"), String(newPort), "GET shows the new HTTP port");
  t.equal(portOf(after.body, "DEV_MANAGE"), "8001", "and the new DEV_MANAGE port");
  t.equal(await tryConnect(address, newPort), "ECONNREFUSED", "nothing on the new port before the reboot");
  const early = await sadpFields(emulator, clock, camera);
  t.same([early?.get("HttpPort"), early?.get("CommandPort")], [String(oldPort), "8000"], "SADP: the ports the device booted with");

  await rebootThrough(emulator, clock, camera, oldBase, password);
  t.equal(camera.power, "running");
  t.equal(camera.serving.httpPort, newPort, "served on the new port");
  t.equal(await tryConnect(address, oldPort), "ECONNREFUSED", "not on the old one");
  const newBase = `http://${address}:${newPort}`;
  const info = await isapiCall(newBase, "/ISAPI/System/deviceInfo", "admin", password);
  t.equal(info.status, 200, "ISAPI with Digest on the new port");
  t.equal(portOf((await isapiCall(newBase, PATH, "admin", password)).body, "HTTP"), String(newPort));
  const late = await sadpFields(emulator, clock, camera);
  t.same([late?.get("HttpPort"), late?.get("CommandPort")], [String(newPort), "8001"], "SADP after the boot: the flash ports");

  const again = await isapiCall(newBase, PATH, "admin", password, "PUT", list(entry(1, "HTTP", newPort)));
  t.equal(again.statusCode, "1", "the same ports again: 1 OK, nothing to reboot for");
  t.equal(changes.length, 1);
});

t.test("bad PUTs are refused with the element named, and change neither flash nor what GET shows", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 146, clock, { subnet: 1 });
  for (const name of ["camera-1", "nvr-1"]) {
    const device = deviceOf(emulator, name);
    const password = await adminPassword(emulator, name, PASSWORD);
    const base = `http://${device.serving.address}:${device.serving.httpPort}`;
    const shown = (await isapiCall(base, PATH, "admin", password)).body;
    const flash = JSON.stringify(device.flash);
    // The element each refusal names is asserted on the core (test/emulator/admin-accesses.test.ts);
    // on the wire, the ResponseStatus codes.
    const cases: [string, string, number, string][] = [
      ["not XML", "<AdminAccessProtocolList><AdminAccessProtocol>", 400, "badXmlFormat"],
      ["wrong root", "<Other/>", 400, "badXmlContent"],
      ["no entries", list(), 400, "badXmlContent"],
      ["port 0", list(entry(1, "HTTP", 0)), 400, "badPort"],
      ["port 70000", list(entry(4, name === "nvr-1" ? "DEV_MANAGE" : "RTSP", 70000)), 400, "badPort"],
      ["port not a number", list(entry(3, name === "nvr-1" ? "HTTPS" : "DEV_MANAGE", "eighty")), 400, "badPort"],
      ["another protocol's port", list(entry(1, "HTTP", 8000)), 400, "badPort"],
      ["unknown id", list(entry(42, "HTTP", 81)), 400, "badXmlContent"],
      ["protocol not the id's", list(entry(1, "RTSP", 81)), 400, "badXmlContent"],
      ["no id", list("<AdminAccessProtocol><portNo>81</portNo></AdminAccessProtocol>"), 400, "badXmlContent"],
      ["HTTP off", list("<AdminAccessProtocol><id>1</id><enabled>false</enabled></AdminAccessProtocol>"), 400, "badParameters"],
    ];
    for (const [what, body, status, sub] of cases) {
      const reply = await isapiCall(base, PATH, "admin", password, "PUT", body);
      t.equal(reply.status, status, `${name}, ${what}: HTTP ${status}`);
      t.equal(reply.subStatusCode, sub, `${name}, ${what}: ${sub}`);
    }
    t.equal(JSON.stringify(device.flash), flash, `${name}: flash unchanged`);
    t.equal((await isapiCall(base, PATH, "admin", password)).body, shown, `${name}: GET unchanged`);
  }
});

t.test("one protocol at a time: GET and PUT /ISAPI/Security/adminAccesses/<id>", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 146, clock, { subnet: 2 });
  const nvr = deviceOf(emulator, "nvr-1");
  const password = await adminPassword(emulator, "nvr-1", PASSWORD);
  const base = `http://${nvr.serving.address}:${nvr.serving.httpPort}`;
  const one = await isapiCall(base, `${PATH}/2`, "admin", password);
  t.equal(one.status, 200);
  t.match(one.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\r\n<AdminAccessProtocol version="2.0" xmlns="http:\/\/www.isapi.org\/ver20\/XMLSchema">\r\n<id>2<\/id>\r\n<enabled>true<\/enabled>\r\n<protocol>RTSP<\/protocol>\r\n<portNo>10554<\/portNo>\r\n<\/AdminAccessProtocol>/, "the NVR's RTSP entry as its capture has it");
  const put = await isapiCall(base, `${PATH}/2`, "admin", password, "PUT", "<AdminAccessProtocol><enabled>true</enabled><portNo>1554</portNo></AdminAccessProtocol>");
  t.equal(put.statusCode, "7", "rebootRequired");
  t.match((await isapiCall(base, `${PATH}/2`, "admin", password)).body, "<portNo>1554</portNo>");
  t.equal(portOf((await isapiCall(base, PATH, "admin", password)).body, "RTSP"), "1554", "the list shows it too");
  const mismatch = await isapiCall(base, `${PATH}/2`, "admin", password, "PUT", "<AdminAccessProtocol><id>3</id><portNo>1555</portNo></AdminAccessProtocol>");
  t.same([mismatch.status, mismatch.subStatusCode], [400, "badXmlContent"], "a body id other than the path's");
  t.equal((await isapiCall(base, `${PATH}/99`, "admin", password)).status, 403, "an id the model does not have: an unknown resource, 403 on the NVR (profile isapi.replies)");
  t.equal((await isapiCall(base, `${PATH}/2`, "admin", password)).body.includes("<portNo>1554</portNo>"), true, "the refused PUT changed nothing");
});

t.test("a port the host cannot give: the device stays on the one it had and the log says why, once", async (t) => {
  const clock = new VirtualClock();
  const { emulator, logs } = await startLoggedFleet(t, ["127.146.3.10", "127.146.3.11", "127.146.3.12"], { clock });
  const camera = deviceOf(emulator, "camera-1");
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const { address, httpPort: oldPort } = camera.serving;
  const base = `http://${address}:${oldPort}`;
  // Another program holds the port the device is told to use.
  const squatter = createServer();
  await new Promise<void>((resolve) => squatter.listen(0, address, resolve));
  t.teardown(() => squatter.close());
  const taken = (squatter.address() as { port: number }).port;
  t.equal((await isapiCall(base, PATH, "admin", password, "PUT", list(entry(1, "HTTP", taken)))).statusCode, "7");
  await rebootThrough(emulator, clock, camera, base, password);
  t.equal(camera.serving.httpPort, oldPort, "still served on the old port");
  t.equal((await isapiCall(base, "/ISAPI/System/deviceInfo", "admin", password)).status, 200);
  t.equal(portOf((await isapiCall(base, PATH, "admin", password)).body, "HTTP"), String(taken), "it still believes the port it was given");
  await rebootThrough(emulator, clock, camera, base, password);
  const warnings = logs().filter((l) => l.msg === "cannot serve the device on its HTTP port; it stays on the port it had");
  t.equal(warnings.length, 1, "one warning for the value, not one per boot");
  t.match(warnings[0], { device: "camera-1", port: taken, servedOn: oldPort, reason: "address and port in use by another program" });
});

t.test("each protocol's own resource has the elements of its entry in the capture, in order, for every default-fleet model", async (t) => {
  const emulator = await startDefaultFleet(t, 146, undefined, { subnet: 4 });
  // fixtures/isapi/adminAccesses.<model>.capture.xml: real-responses/<model>/Security_adminAccesses.json rendered as XML.
  const captures: [string, string][] = [
    ["camera-1", "isapi/adminAccesses.DS-2CD2146G2-ISU.capture.xml"],
    ["legacy-camera-1", "isapi/adminAccesses.DS-2CD2532F-IWS.capture.xml"],
    ["nvr-1", "isapi/adminAccesses.DS-7608NXI-I2.capture.xml"],
  ];
  for (const [name, capture] of captures) {
    const device = deviceOf(emulator, name);
    const password = await adminPassword(emulator, name, PASSWORD);
    const base = `http://${device.serving.address}:${device.serving.httpPort}`;
    const entries = [...readFixture(capture).toString().matchAll(/<AdminAccessProtocol(?: [^>]*)?>([\s\S]*?)<\/AdminAccessProtocol>/g)].map((m) => m[1] as string);
    t.ok(entries.length >= 4, `${name}: the capture's entries`);
    for (const captured of entries) {
      const id = /<id>(\d+)<\/id>/.exec(captured)?.[1] as string;
      const reply = await isapiCall(base, `${PATH}/${id}`, "admin", password);
      t.equal(reply.status, 200, `${name} id ${id}`);
      t.match(reply.body, new RegExp(`^<\\?xml version="1.0" encoding="UTF-8"\\?>\\r\\n<AdminAccessProtocol version="2.0" xmlns="${device.profile.isapi.namespace}">`), `${name} id ${id}: its own document`);
      t.same(elementNames(reply.body).slice(1), elementNames(captured), `${name} id ${id}: elements and order of the capture's entry`);
    }
  }
});

function elementNames(xml: string): string[] {
  return [...xml.matchAll(/<([A-Za-z0-9_]+)[ >]/g)].map((m) => m[1] as string);
}
