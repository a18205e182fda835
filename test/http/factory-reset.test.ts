import t from "tap";
import { Agent } from "node:http";
import { request } from "urllib";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import { sadpMac } from "../../src/util/mac.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { digestHeader } from "../helpers/digest-header.js";
import { agentRequest, digestChallenge, tryConnect } from "../helpers/sockets.js";
import { activateOverIsapi } from "../helpers/isapi-activation-client.js";

const PASSWORD = "Hik12345!";

/** Moves the device clock past the shutdown and boot, and waits for the listener to reopen. */
async function bootThrough(emulator: RunningEmulator, clock: VirtualClock, device: Device): Promise<void> {
  await clock.advance(device.profile.shutdownSeconds * 1000);
  await clock.advance(device.readyAt - clock.now());
  await emulator.http.settled();
}

async function sadpFields(emulator: RunningEmulator, clock: VirtualClock, device: Device): Promise<Map<string, string> | undefined> {
  const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: emulator.fleet.devices.length, clock });
  return replies.byMac.get(sadpMac(device.identity.mac));
}

t.test("Restore (mode=basic): reboots and stays activated, same address and password", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 74, clock);
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const camera = emulator.fleet.byName("camera-1")!;
  const url = baseUrl(emulator, "camera-1");
  const network = camera.network;

  // urllib keeps connections alive: the 401 and the authenticated retry share one.
  const reply = await request(`${url}/ISAPI/System/factoryReset?mode=basic`, { method: "PUT", digestAuth: `admin:${password}`, dataType: "text" });
  t.equal(reply.status, 200);
  t.match(reply.data, /<requestURL>\/ISAPI\/System\/factoryReset\?mode=basic<\/requestURL>\r\n<statusCode>1<\/statusCode>\r\n<statusString>OK<\/statusString>\r\n<subStatusCode>ok<\/subStatusCode>/);
  t.equal(camera.power, "rebooting");
  await emulator.http.settled();
  t.equal(await tryConnect(camera.serving.address, camera.serving.httpPort), "ECONNREFUSED", "down while it reboots");

  await bootThrough(emulator, clock, camera);
  const fields = await sadpFields(emulator, clock, camera);
  t.equal(fields?.get("Activated"), "true", "still activated (§2.6: Restore keeps users)");
  t.equal(fields?.get("IPv4Address"), network.ipv4, "same address (Restore keeps the network)");
  t.same(camera.network, network);
  const info = await request(`${url}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${password}`, dataType: "text" });
  t.equal(info.status, 200, "same password");
});

t.test("Default (mode=full) over a keep-alive connection: factory state, inactive, activatable again", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 75, clock);
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const camera = emulator.fleet.byName("camera-1")!;
  const nvr = emulator.fleet.byName("nvr-1")!;
  const url = baseUrl(emulator, "camera-1");
  const { address, httpPort } = camera.serving;

  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  t.teardown(() => agent.destroy());
  const path = "/ISAPI/System/factoryReset?mode=full";
  const challenge = await agentRequest(agent, `${url}${path}`, { method: "PUT" });
  t.equal(challenge.status, 401);
  const { realm, nonce } = digestChallenge(challenge.headers["www-authenticate"]);
  // The handler answers after the flash write, when the device is already going down: the
  // listener has begun its graceful close by then, and the reply still gets out.
  const reply = await agentRequest(agent, `${url}${path}`, { method: "PUT", headers: { authorization: digestHeader(realm, nonce, path, password, "admin", "PUT") } });
  t.ok(reply.reusedSocket, "on the kept-alive connection");
  t.equal(reply.status, 200);
  t.match(reply.body, "<statusCode>1</statusCode>");
  t.equal(reply.headers.connection, "close");
  await reply.socketClosed;
  t.equal(camera.activated, false, "flash was factory before the reply left");
  await emulator.http.settled();
  t.equal(await tryConnect(address, httpPort), "ECONNREFUSED", "down while it reboots");

  await bootThrough(emulator, clock, camera);
  t.equal(camera.power, "running");
  const fields = await sadpFields(emulator, clock, camera);
  t.equal(fields?.get("Activated"), "false", "SADP: inactive again (§2.6 Default)");
  const factory = camera.profile.factoryNetwork;
  t.equal(factory.ipv4, "192.168.1.64", "the camera profile's factory address (§2.7)");
  t.same(
    [fields?.get("IPv4Address"), fields?.get("IPv4SubnetMask"), fields?.get("IPv4Gateway"), fields?.get("DHCP")],
    [factory.ipv4, factory.mask, factory.gateway, String(factory.dhcp)],
    "SADP shows the factory network",
  );
  t.equal(camera.serving.address, address, "hikemu still serves it where it was (DESIGN.md Addresses)");
  t.match(await (await fetch(`${url}/SDK/activateStatus`)).text(), "<Activated>false</Activated>");
  const old = await request(`${url}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${password}`, dataType: "text" });
  t.equal(old.status, 403, "the old password no longer opens anything");
  t.match(old.data, "<subStatusCode>notActivated</subStatusCode>");
  t.same(camera.users, [], "no users in flash");

  const again = await activateOverIsapi(url, "Other1234!");
  t.equal(again.status, 200, "activated again");
  t.equal((await request(`${url}/ISAPI/System/deviceInfo`, { digestAuth: "admin:Other1234!", dataType: "text" })).status, 200, "with the new password");
  t.equal((await request(`${url}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${password}`, dataType: "text" })).status, 401, "the old one fails");
  t.equal(nvr.activated, false, "the neighbour is untouched");
  t.equal(nvr.power, "running");
});

t.test("Default on firmware without activation: active again with the factory password, factory address", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 76, clock);
  const legacy = emulator.fleet.byName("legacy-camera-1")!;
  const password = await adminPassword(emulator, "legacy-camera-1", PASSWORD);
  const url = baseUrl(emulator, "legacy-camera-1");
  const reply = await request(`${url}/ISAPI/System/factoryReset?mode=full`, { method: "PUT", digestAuth: `admin:${password}`, dataType: "text" });
  t.equal(reply.status, 200);
  await bootThrough(emulator, clock, legacy);
  const fields = await sadpFields(emulator, clock, legacy);
  t.equal(fields?.get("Activated"), "true", "V5.2 firmware leaves the factory active (issue #5)");
  t.equal(fields?.get("IPv4Address"), legacy.profile.factoryNetwork.ipv4);
  t.equal((await request(`${url}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${password}`, dataType: "text" })).status, 200, "admin / the factory password");
});
