import t, { type Test } from "tap";
import { startEmulator } from "../../../src/runtime/emulator.js";
import { MemoryStore } from "../../../src/emulator/store/memory-store.js";
import { defaultFleet } from "../../../src/config/fleet-config.js";
import { parseXml } from "../../../src/http/xml.js";
import { DEVICE_TYPE } from "../../../src/discovery/ssdp/upnp-device.js";
import { SSDP_GROUP } from "../../../src/discovery/ssdp/constants.js";
import { profiles, silentLogger } from "../../helpers/harness.js";
import { ssdpListener, ssdpSearch } from "../../helpers/ssdp-client.js";
import { pollUntil } from "../../helpers/poll.js";
import { SeededRandom, type Random } from "../../../src/emulator/random.js";

/** The default fleet on real sockets, devices on 127.0.<octet>.10-12, every port the OS's pick. */
async function start(t: Test, octet: number, ssdp = true, random?: Random) {
  const base = defaultFleet(profiles);
  const config = { ...base, ssdp, sadpPort: 0, ssdpPort: 0, httpPort: 0, specs: base.specs.map((s, i) => ({ ...s, address: `127.0.${octet}.${10 + i}` })) };
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger: silentLogger, ...(random ? { random } : {}) });
  let stopped = false;
  t.teardown(() => (stopped ? undefined : emulator.stop()));
  return {
    emulator,
    port: emulator.ssdpPort ?? 0,
    stop: async () => {
      stopped = true;
      await emulator.stop();
    },
  };
}

t.test("loopback: a unicast M-SEARCH to 127.0.0.1 gets each device's 200 OKs, and LOCATION serves its description", async (t) => {
  const { emulator, port } = await start(t, 120);
  t.not(port, 0, "an OS-picked port");
  const devices = emulator.fleet.devices;

  const roots = await ssdpSearch({ address: "127.0.0.1", port, st: "upnp:rootdevice", expect: devices.length });
  t.equal(roots.length, devices.length, "exactly one response per device for upnp:rootdevice");
  t.same(roots.map((r) => r.headers["USN"]).sort(), devices.map((d) => `uuid:${d.identity.deviceId}::upnp:rootdevice`).sort());
  t.ok(roots.every((r) => r.statusLine === "HTTP/1.1 200 OK" && r.from === `127.0.0.1:${emulator.ssdpPort}`), "200 OK from the SSDP port");

  const all = await ssdpSearch({ address: "127.0.0.1", port, st: "ssdp:all", expect: devices.length * 3 });
  t.equal(all.length, devices.length * 3, "ssdp:all: rootdevice, uuid and device type of every device");

  for (const device of devices) {
    const own = roots.find((r) => r.headers["USN"]?.startsWith(`uuid:${device.identity.deviceId}`))!;
    const location = own.headers["LOCATION"]!;
    t.equal(location, `http://${device.serving.address}:${device.serving.httpPort}/upnp/description.xml`, `${device.name}: LOCATION on its own address and HTTP port`);
    const response = await fetch(location);
    t.equal(response.status, 200, `${device.name}: description without credentials, on a factory-new device`);
    t.equal(response.headers.get("content-type"), 'text/xml; charset="utf-8"');
    const root = parseXml(await response.text())!["root"] as Record<string, Record<string, string>>;
    const described = root["device"]!;
    t.equal(described["UDN"], `uuid:${device.identity.deviceId}`);
    t.equal(described["modelName"], device.profile.model);
    t.equal(described["serialNumber"], device.identity.serial);
    t.equal(described["deviceType"], DEVICE_TYPE);
    t.equal(described["presentationURL"], `http://${device.serving.address}:${device.serving.httpPort}/`);
  }
});

t.test("loopback: a search to the group on 127.0.0.1 is answered; stop says byebye for every device", async (t) => {
  const { emulator, port, stop } = await start(t, 121);
  const devices = emulator.fleet.devices;
  const viaGroup = await ssdpSearch({ address: SSDP_GROUP, port, st: DEVICE_TYPE, mx: 1, expect: devices.length, multicastInterface: "127.0.0.1" });
  t.equal(viaGroup.length, devices.length, "one answer per device, within MX");

  const listener = ssdpListener(port, "127.0.0.1");
  await listener.ready;
  t.teardown(listener.close);
  await stop();
  const byebyes = () => listener.notifies.filter((n) => n["NTS"] === "ssdp:byebye");
  t.ok(await pollUntil(() => byebyes().length >= devices.length * 3), "the byebyes arrive");
  const byebye = byebyes();
  t.same(
    byebye.map((n) => n["USN"]).sort(),
    devices.flatMap((d) => [`uuid:${d.identity.deviceId}::upnp:rootdevice`, `uuid:${d.identity.deviceId}`, `uuid:${d.identity.deviceId}::${DEVICE_TYPE}`]).sort(),
    "byebye for each target of each device, to the group",
  );
  t.ok(byebye.every((n) => n["HOST"] === `${SSDP_GROUP}:${port}`));
});

t.test("ssdp off: no SSDP socket, no responder; the description is still served over HTTP", async (t) => {
  const { emulator } = await start(t, 122, false);
  t.equal(emulator.ssdpPort, undefined);
  t.equal(emulator.ssdp, undefined);
  const device = emulator.fleet.devices[0]!;
  const response = await fetch(`http://${device.serving.address}:${device.serving.httpPort}/upnp/description.xml`);
  t.equal(response.status, 200);
  await response.arrayBuffer();
});

t.test("SSDP draws on its own Random: searches and rounds take no bytes of the devices' seeded one", async (t) => {
  const seeded = new SeededRandom("devices");
  let drawn = 0;
  const counting: Random = {
    bytes(length) {
      drawn += length;
      return seeded.bytes(length);
    },
  };
  const { emulator, port } = await start(t, 153, true, counting);
  const before = drawn;
  const devices = emulator.fleet.devices;
  for (let i = 0; i < 3; i++) {
    const answers = await ssdpSearch({ address: SSDP_GROUP, port, st: "upnp:rootdevice", mx: 1, expect: devices.length, afterMs: 50, multicastInterface: "127.0.0.1" });
    t.equal(answers.length, devices.length, `search ${i}: answered`);
  }
  t.equal(drawn, before, "the device Random is untouched by SSDP traffic");
});
