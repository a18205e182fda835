import t from "tap";
import { request } from "urllib";
import { VirtualClock } from "../../src/emulator/clock.js";
import { startLoggedFleet } from "../helpers/address-fleet.js";
import { tryConnect } from "../helpers/sockets.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { sadpMac } from "../../src/util/mac.js";
import { activateOverIsapi } from "../helpers/isapi-activation-client.js";
import { listDevices } from "../../src/cli/fleet-listing.js";
import { deviceView } from "../../src/control/device-view.js";

const PASSWORD = "Moved12345!";
const moveWarnings = (logs: Record<string, unknown>[]) => logs.filter((l) => l.msg === "cannot serve the device at the address it set; it stays where it is");

t.test("a device that sets a free 127.x address is served there, and nowhere else, through power cycles and reboots", async (t) => {
  const clock = new VirtualClock();
  const { emulator, logs } = await startLoggedFleet(t, ["127.0.110.10", "127.0.110.11", "127.0.110.12"], { clock });
  const camera = emulator.fleet.byName("camera-1")!;
  const port = camera.serving.httpPort;
  t.equal((await activateOverIsapi(`http://127.0.110.10:${port}`, PASSWORD)).status, 200);

  await camera.changeNetwork({ ipv4: "127.0.110.50" }, "sadp");
  await emulator.http.settled(camera);
  t.same(camera.serving, { address: "127.0.110.50", httpPort: port, fleetAddress: "127.0.110.10" }, "served at the new address, same port");
  t.equal(emulator.fleet.byAddress("127.0.110.50"), camera);
  t.equal(emulator.fleet.byAddress("127.0.110.10"), undefined);
  t.equal(await tryConnect("127.0.110.10", port), "ECONNREFUSED", "nothing at the old address");
  const info = await request(`http://127.0.110.50:${port}/ISAPI/System/deviceInfo`, { digestAuth: `admin:${PASSWORD}`, dataType: "text" });
  t.equal(info.status, 200, "ISAPI with Digest at the new address");
  t.match(String(info.data), `<serialNumber>${camera.identity.serial}</serialNumber>`);
  t.match(String(info.data), `<macAddress>${camera.identity.mac}</macAddress>`, "it is the same device");
  t.equal(moveWarnings(logs()).length, 0, "no warning");
  t.match(
    logs().filter((l) => l.msg === "device moved to the address it set"),
    [{ level: 30, device: "camera-1", from: "127.0.110.10", to: "127.0.110.50" }],
    "the move is logged",
  );
  const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3, clock });
  t.equal(sadp.byMac.get(sadpMac(camera.identity.mac))?.get("IPv4Address"), "127.0.110.50", "SADP reports the new address");
  t.equal(sadp.byMac.get(sadpMac(camera.identity.mac))?.get("HttpPort"), String(port));
  t.equal(listDevices(emulator.fleet.devices)[0]?.addressNote, "moved by the device; fleet file says 127.0.110.10");
  t.match(deviceView(camera), { ip: "127.0.110.50", networkSetBy: "device", listen: { address: "127.0.110.50", fleetAddress: "127.0.110.10", note: "moved by the device; fleet file says 127.0.110.10" } });

  camera.powerOff();
  await emulator.http.settled(camera);
  t.equal(await tryConnect("127.0.110.50", port), "ECONNREFUSED", "off");
  camera.powerOn();
  await clock.advance(camera.profile.bootSeconds * 1000);
  await emulator.http.settled(camera);
  t.equal((await fetch(`http://127.0.110.50:${port}/SDK/activateStatus`)).status, 200, "power cycle: back at the new address");
  t.equal(await tryConnect("127.0.110.10", port), "ECONNREFUSED", "not at the old one");

  camera.reboot("control");
  await emulator.http.settled(camera);
  await clock.advance(camera.readyAt - clock.now());
  await emulator.http.settled(camera);
  t.equal((await fetch(`http://127.0.110.50:${port}/SDK/activateStatus`)).status, 200, "reboot: back at the new address");
  t.equal(await tryConnect("127.0.110.10", port), "ECONNREFUSED");
  for (const [name, address] of [["legacy-camera-1", "127.0.110.11"], ["nvr-1", "127.0.110.12"]] as const) {
    t.equal(await tryConnect(address, emulator.fleet.byName(name)!.serving.httpPort), "connected", `${name} stays where it was`);
  }
});

t.test("the reply in flight at the old address when the device moves is delivered", async (t) => {
  const clock = new VirtualClock();
  const { emulator } = await startLoggedFleet(t, ["127.0.111.10", "127.0.111.11", "127.0.111.12"], { clock });
  const camera = emulator.fleet.byName("camera-1")!;
  const port = camera.serving.httpPort;
  camera.faults.set({ httpLatencyMs: 5_000 });
  const inFlight = request(`http://127.0.111.10:${port}/SDK/activateStatus`, { dataType: "text" });
  // The request is in the device's hands once its latency timer waits on the device clock.
  while (!clock.pendingTimers().includes("camera-1 http latency")) await new Promise((resolve) => setImmediate(resolve));

  await camera.changeNetwork({ ipv4: "127.0.111.50" }, "isapi");
  await emulator.http.settled(camera);
  t.equal(camera.serving.address, "127.0.111.50", "moved while the reply was pending");
  t.equal(await tryConnect("127.0.111.10", port), "ECONNREFUSED", "the old address takes no new connections");
  await clock.advance(5_000);
  const reply = await inFlight;
  t.equal(reply.status, 200, "the reply in flight went out");
  t.match(String(reply.data), "<Activated>false</Activated>");
  t.equal(reply.headers.connection, "close", "and closed its connection");
  camera.faults.clear();
  t.equal((await fetch(`http://127.0.111.50:${port}/SDK/activateStatus`)).status, 200, "the next request goes to the new address");
});

t.test("an address this host does not have: the device stays where it is, says why once, and still believes it", async (t) => {
  const clock = new VirtualClock();
  const { emulator, logs } = await startLoggedFleet(t, ["127.0.112.10", "127.0.112.11", "127.0.112.12"], { clock });
  const camera = emulator.fleet.byName("camera-1")!;
  const port = camera.serving.httpPort;

  await camera.changeNetwork({ ipv4: "192.168.1.64", gateway: "192.168.1.1", mask: "255.255.255.0" }, "sadp");
  await emulator.http.settled(camera);
  t.equal(camera.serving.address, "127.0.112.10", "still served at the old address");
  t.equal((await fetch(`http://127.0.112.10:${port}/SDK/activateStatus`)).status, 200, "and answers there");
  t.match(moveWarnings(logs()), [{ level: 40, device: "camera-1", believes: "192.168.1.64", servedAt: "127.0.112.10", reason: "192.168.1.64 is outside --interface loopback" }]);
  const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3, clock });
  const fields = sadp.byMac.get(sadpMac(camera.identity.mac));
  t.same([fields?.get("IPv4Address"), fields?.get("IPv4SubnetMask"), fields?.get("IPv4Gateway")], ["192.168.1.64", "255.255.255.0", "192.168.1.1"], "SADP reports what the device believes");
  t.equal(listDevices(emulator.fleet.devices)[0]?.addressNote, "believes 192.168.1.64, cannot be served there (192.168.1.64 is outside --interface loopback)");

  camera.powerOff();
  camera.powerOn();
  await clock.advance(camera.profile.bootSeconds * 1000);
  await emulator.http.settled(camera);
  t.equal((await fetch(`http://127.0.112.10:${port}/SDK/activateStatus`)).status, 200, "after a power cycle, still at the old address");
  t.equal(moveWarnings(logs()).length, 1, "the warning is not repeated for the same change");

  // A Default reset writes the profile's factory network (192.168.1.64) without a networkChanged.
  const legacy = emulator.fleet.byName("legacy-camera-1")!;
  await legacy.factoryReset("full", "control");
  await emulator.http.settled(legacy);
  await clock.advance(legacy.readyAt - clock.now());
  await emulator.http.settled(legacy);
  t.equal(legacy.network.ipv4, legacy.profile.factoryNetwork.ipv4);
  t.equal(legacy.serving.address, "127.0.112.11", "the reset device comes back where it was");
  t.equal(await tryConnect("127.0.112.11", legacy.serving.httpPort), "connected");
  t.match(moveWarnings(logs()), [{ device: "camera-1" }, { device: "legacy-camera-1", believes: legacy.profile.factoryNetwork.ipv4, reason: `${legacy.profile.factoryNetwork.ipv4} is outside --interface loopback` }]);

  await camera.changeNetwork({ ipv4: "127.0.112.10" }, "sadp");
  await emulator.http.settled(camera);
  t.equal(camera.serving.blocked, undefined, "back to an address it is served at: nothing blocked");
  t.equal(listDevices(emulator.fleet.devices)[0]?.addressNote, null);
});

t.test("two devices want one address: the one served there keeps it, the other stays and says why", async (t) => {
  const clock = new VirtualClock();
  const { emulator, logs } = await startLoggedFleet(t, ["127.0.113.10", "127.0.113.11", "127.0.113.12"], { clock });
  const camera = emulator.fleet.byName("camera-1")!;
  const nvr = emulator.fleet.byName("nvr-1")!;
  const cameraPort = camera.serving.httpPort;

  await camera.changeNetwork({ ipv4: "127.0.113.12" }, "sadp");
  await emulator.http.settled(camera);
  t.equal(camera.serving.address, "127.0.113.10", "the NVR's address: the camera stays");
  t.equal(emulator.fleet.byAddress("127.0.113.12"), nvr);
  t.match((await fetch(`http://127.0.113.12:${nvr.serving.httpPort}/SDK/activateStatus`)).status, 200, "the NVR still answers there");
  t.equal((await fetch(`http://127.0.113.10:${cameraPort}/SDK/activateStatus`)).status, 200, "the camera where it was");

  await camera.changeNetwork({ ipv4: "127.0.113.60" }, "sadp");
  await nvr.changeNetwork({ ipv4: "127.0.113.60" }, "isapi");
  await emulator.http.settled();
  t.equal(emulator.fleet.byAddress("127.0.113.60"), camera, "first come, first served");
  t.equal(nvr.serving.address, "127.0.113.12");
  t.equal((await fetch(`http://127.0.113.60:${cameraPort}/SDK/activateStatus`)).status, 200);

  await nvr.changeNetwork({ ipv4: "127.0.113.10" }, "isapi");
  await emulator.http.settled(nvr);
  t.equal(nvr.serving.address, "127.0.113.12", "the camera's fleet file address stays the camera's");
  t.match(moveWarnings(logs()), [
    { device: "camera-1", believes: "127.0.113.12", reason: "nvr-1 is served there" },
    { device: "nvr-1", believes: "127.0.113.60", reason: "camera-1 is served there" },
    { device: "nvr-1", believes: "127.0.113.10", reason: "the fleet file gives it to camera-1" },
  ]);
  t.equal(listDevices(emulator.fleet.devices)[2]?.addressNote, "believes 127.0.113.10, cannot be served there (the fleet file gives it to camera-1)");
});
