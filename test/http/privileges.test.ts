import t from "tap";
import type { Test } from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import { adminPassword, baseUrl } from "../helpers/emulator.js";
import { startLoggedFleet } from "../helpers/address-fleet.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { tryConnect } from "../helpers/sockets.js";

const PASSWORD = "Hik12345!";
const NAMES = ["camera-1", "legacy-camera-1", "nvr-1"] as const;

/** The default fleet at 127.79.<n>.10-12, every device activated with an Operator and a Viewer. */
async function fleetWithUsers(t: Test, n: number) {
  const clock = new VirtualClock();
  const { emulator } = await startLoggedFleet(t, [`127.79.${n}.10`, `127.79.${n}.11`, `127.79.${n}.12`], { clock });
  const passwords = new Map<string, string>();
  for (const name of NAMES) {
    const password = await adminPassword(emulator, name, PASSWORD);
    passwords.set(name, password);
    const device = emulator.fleet.byName(name)!;
    const admin = { userName: "admin", peer: "127.0.0.1", loginPassword: password };
    await device.userDirectory.create(admin, { userName: "op", password: "Oper1234!", level: "Operator" });
    await device.userDirectory.create(admin, { userName: "viewer", password: "View1234!", level: "Viewer" });
  }
  return { clock, emulator, passwords };
}

const state = (device: Device) => ({ flash: JSON.stringify(device.flash), power: device.power });
const ipAddressBody = (ipv4: string, addressing = "static") =>
  `<?xml version="1.0" encoding="UTF-8"?><IPAddress version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema"><ipVersion>dual</ipVersion><addressingType>${addressing}</addressingType><ipAddress>${ipv4}</ipAddress><subnetMask>255.255.0.0</subnetMask><DefaultGateway><ipAddress>127.79.0.1</ipAddress></DefaultGateway></IPAddress>`;

t.test("ACCEPTANCE: an Operator cannot create users or reboot, a Viewer cannot change the network: lowPrivilege, and nothing changes", async (t) => {
  const { emulator } = await fleetWithUsers(t, 1);
  for (const name of NAMES) {
    const device = emulator.fleet.byName(name)!;
    const base = baseUrl(emulator, name);
    const before = state(device);
    const refusals = [
      ["op", "Oper1234!", "POST", "/ISAPI/Security/users", `<User><id>0</id><userName>eve</userName><password>Evil1234!</password><userLevel>Viewer</userLevel><loginPassword>Oper1234!</loginPassword></User>`],
      // Refused before the body is read: not even parsed (no badXmlFormat).
      ["op", "Oper1234!", "POST", "/ISAPI/Security/users", "not xml at all"],
      ["op", "Oper1234!", "PUT", "/ISAPI/System/reboot", undefined],
      ["op", "Oper1234!", "PUT", "/ISAPI/System/factoryReset?mode=full", undefined],
      ["op", "Oper1234!", "DELETE", "/ISAPI/Security/users/3", undefined],
      ["viewer", "View1234!", "PUT", "/ISAPI/System/Network/interfaces/1/ipAddress", ipAddressBody(`127.79.1.${60 + NAMES.indexOf(name)}`)],
      ["viewer", "View1234!", "POST", "/ISAPI/Security/users", `<User><id>0</id><userName>eve</userName><password>Evil1234!</password><userLevel>Viewer</userLevel></User>`],
      ["viewer", "View1234!", "PUT", "/ISAPI/System/reboot", undefined],
    ] as const;
    for (const [user, password, method, path, body] of refusals) {
      const reply = await isapiCall(base, path, user, password, method, body);
      t.same([reply.status, reply.statusCode, reply.subStatusCode], [403, "4", "lowPrivilege"], `${name}: ${user} ${method} ${path}`);
      t.match(reply.body, /<statusString>Invalid Operation<\/statusString>/);
    }
    t.same(state(device), before, `${name}: flash and power unchanged`);
    t.same(device.users.map((u) => u.userName), ["admin", "op", "viewer"]);
    t.equal(device.power, "running", "no reboot");
    t.equal((await isapiCall(base, "/ISAPI/System/Network/interfaces/1/ipAddress", "viewer", "View1234!")).status, 200, "the Viewer still reads the network settings");
  }
});

t.test("PUT ipAddress: an Operator changes the network, the reply arrives, the device moves there without rebooting", async (t) => {
  const { emulator, passwords } = await fleetWithUsers(t, 2);
  const camera = emulator.fleet.byName("camera-1")!;
  const { address, httpPort } = camera.serving;
  const base = baseUrl(emulator, "camera-1");
  const bootedAt = camera.bootedAt;
  const changes: unknown[] = [];
  camera.events.on("networkChanged", (e) => changes.push(e));

  const reply = await isapiCall(base, "/ISAPI/System/Network/interfaces/1/ipAddress", "op", "Oper1234!", "PUT", ipAddressBody("127.79.2.50"));
  t.same([reply.status, reply.statusCode, reply.subStatusCode], [200, "1", "ok"], "ResponseStatus OK");
  t.match(reply.body, "<requestURL>/ISAPI/System/Network/interfaces/1/ipAddress</requestURL>");
  t.same(camera.network, { ipv4: "127.79.2.50", mask: "255.255.0.0", gateway: "127.79.0.1", dhcp: false });
  t.match(changes, [{ name: "camera-1", via: "isapi", previous: { ipv4: address } }]);
  await emulator.http.settled(camera);
  t.equal(camera.serving.address, "127.79.2.50", "served at the new address");
  t.equal(await tryConnect(address, httpPort), "ECONNREFUSED", "not at the old one");
  t.equal(camera.power, "running");
  t.equal(camera.bootedAt, bootedAt, "no reboot");
  const read = await isapiCall(baseUrl(emulator, "camera-1"), "/ISAPI/System/Network/interfaces/1/ipAddress", "admin", passwords.get("camera-1")!);
  t.match(read.body, /<addressingType>static<\/addressingType>\r\n<ipAddress>127\.79\.2\.50<\/ipAddress>\r\n<subnetMask>255\.255\.0\.0<\/subnetMask>/, "GET shows it");

  const nvr = emulator.fleet.byName("nvr-1")!;
  const dynamic = await isapiCall(baseUrl(emulator, "nvr-1"), "/ISAPI/System/Network/interfaces/1/ipAddress", "admin", passwords.get("nvr-1")!, "PUT", "<IPAddress><addressingType>dynamic</addressingType></IPAddress>");
  t.equal(dynamic.statusCode, "1", "the admin may too; a partial document changes only what it names");
  t.same([nvr.network.dhcp, nvr.network.ipv4], [true, "127.79.2.12"]);
});

t.test("PUT ipAddress with bad bodies: the ResponseStatus says why and nothing changes", async (t) => {
  const { emulator, passwords } = await fleetWithUsers(t, 3);
  const camera = emulator.fleet.byName("camera-1")!;
  const base = baseUrl(emulator, "camera-1");
  const before = state(camera);
  for (const [body, status, sub] of [
    ["<IPAddress><ipAddress>127.79.3.50</ipAddress>", 400, "badXmlFormat"],
    ["", 400, "badXmlFormat"],
    ["<DeviceInfo><ipAddress>127.79.3.50</ipAddress></DeviceInfo>", 400, "badXmlContent"],
    ["<IPAddress><ipVersion>dual</ipVersion></IPAddress>", 400, "badXmlContent"],
    [ipAddressBody("127.79.3.50", "manual"), 400, "badXmlContent"],
    [ipAddressBody("300.1.1.1"), 400, "badParameters"],
    [ipAddressBody("224.0.0.1"), 400, "badParameters"],
    ["<IPAddress><ipAddress>127.79.3.50</ipAddress><subnetMask>255.0.255.0</subnetMask></IPAddress>", 400, "badParameters"],
  ] as const) {
    const reply = await isapiCall(base, "/ISAPI/System/Network/interfaces/1/ipAddress", "admin", passwords.get("camera-1")!, "PUT", body);
    t.same([reply.status, reply.subStatusCode], [status, sub], JSON.stringify(body));
  }
  t.same(state(camera), before, "flash and power unchanged");
  t.equal(camera.serving.address, "127.79.3.10", "still where it was");
});
