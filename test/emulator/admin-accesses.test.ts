import t, { type Test } from "tap";
import { CAMERA, LEGACY, NVR, makeFleet, spec } from "../helpers/harness.js";
import { DeviceError } from "../../src/emulator/errors.js";
import { factoryPorts, protocolEntry } from "../../src/emulator/ports.js";
import type { Device } from "../../src/emulator/device.js";
import type { ProtocolChange } from "../../src/emulator/admin-accesses.js";
import type { DeviceEventMap } from "../../src/emulator/events.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";

const ACTOR = { via: "isapi", userName: "admin", peer: "127.0.0.1" };
const change = (id: number, fields: Partial<Omit<ProtocolChange, "id">> = {}): ProtocolChange => ({ id, options: {}, ...fields });

async function oneCamera(model = CAMERA) {
  const store = new MemoryStore();
  const h = await makeFleet({ specs: [spec(model, "unit-1", "127.146.200.10", "Hik12345!")], store });
  const device = h.fleet.byName("unit-1") as Device;
  // What the HTTP front reports once it listens (port 0 in tests becomes the OS's pick).
  device.reportServedPort(41_080);
  return { ...h, device, store };
}

async function refused(t: Test, device: Device, changes: ProtocolChange[], code: string, element: RegExp): Promise<void> {
  const before = JSON.stringify(device.flash);
  const revision = device.revision;
  const error = await device.ports.change(changes, ACTOR).then(
    () => undefined,
    (e: unknown) => e,
  );
  t.ok(error instanceof DeviceError, `refused: ${JSON.stringify(changes)}`);
  t.equal((error as DeviceError).code, code, "code");
  t.match((error as DeviceError).detail ?? "", element, "names the element");
  t.equal(JSON.stringify(device.flash), before, "flash unchanged");
  t.equal(device.revision, revision, "nothing a front shows changed");
}

t.test("factory ports follow each model's capture, in its order", async (t) => {
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1") as Device;
  t.same(
    camera.flash.ports.map((p) => [p.protocol, p.enabled, p.port]),
    [
      ["HTTP", true, 80],
      ["HTTPS", true, 443],
      ["DEV_MANAGE", true, 8000],
      ["RTSP", true, 554],
      ["SDK_OVER_TLS", true, 8443],
      ["WebSocket", true, 7681],
      ["WebSocketS", false, 7682],
      ["SRTP", false, 322],
      ["Bonjour", true, undefined],
    ],
  );
  t.same(protocolEntry(camera.flash.ports, "HTTPS")?.options, { redirectToHttps: false, TLS1_1Enable: false, TLS1_2Enable: true, TLS1_3Enable: true });
  const nvr = fleet.byName("nvr-1") as Device;
  t.same(protocolEntry(nvr.flash.ports, "RTSP")?.port, 10554, "the NVR's RTSP port");
  t.same(protocolEntry(nvr.flash.ports, "SDK_OVER_TLS")?.options, { streamOverTls: false });
  const legacy = fleet.byName("legacy-1") as Device;
  t.same(legacy.flash.ports.map((p) => p.protocol), ["HTTP", "HTTPS", "DEV_MANAGE", "RTSP"]);
  t.same(protocolEntry(legacy.flash.ports, "HTTPS")?.options, {}, "V5.2 has no TLS flags");
});

t.test("a change is written to flash, shown at once, and in force only from the next boot", async (t) => {
  const { device, store, clock } = await oneCamera();
  const events: DeviceEventMap["settingsChanged"][0][] = [];
  device.events.on("settingsChanged", (e) => events.push(e));
  t.equal(device.ports.shownPort(protocolEntry(device.flash.ports, "HTTP")!), 41_080, "HTTP shows the port served while the fleet gives it");

  const changed = await device.ports.change([change(1, { portNo: "8081" }), change(3, { portNo: "8001" }), change(2, { options: { TLS1_1Enable: "true" } })], ACTOR);
  t.equal(changed, true, "flash changed: a reboot is required");
  const http = protocolEntry(device.flash.ports, "HTTP")!;
  t.same([http.port, http.portSetByDevice], [8081, true], "HTTP: the device's own port from now on");
  t.equal(device.ports.shownPort(http), 8081, "GET shows the new port");
  t.equal(protocolEntry(device.flash.ports, "HTTPS")?.options["TLS1_1Enable"], true);
  t.equal(protocolEntry(device.flash.ports, "DEV_MANAGE")?.portSetByDevice, undefined, "only HTTP and HTTPS are served ports");
  const stored = (await store.load("unit-1")) as { flash: { ports: { protocol: string; port?: number }[] } };
  t.equal(stored.flash.ports.find((p) => p.protocol === "DEV_MANAGE")?.port, 8001, "persisted");
  t.same(events, [{ name: "unit-1", setting: "adminAccesses", actor: ACTOR }], "settingsChanged names the resource and the actor");

  t.equal(device.ports.runningPort("DEV_MANAGE"), 8000, "until the next boot the old ports are in force");
  t.equal(protocolEntry(device.ports.running, "HTTP")?.portSetByDevice, undefined);
  device.reboot("isapi");
  await clock.advance((device.profile.shutdownSeconds + device.profile.bootSeconds) * 1000);
  t.equal(device.power, "running");
  t.equal(device.ports.runningPort("DEV_MANAGE"), 8001, "after the boot the new ones are");
  t.equal(protocolEntry(device.ports.running, "HTTP")?.port, 8081);

  t.equal(await device.ports.change([change(1, { portNo: "8081" }), change(3, { portNo: "8001", enabled: "true" })], ACTOR), false, "repeating what it has changes nothing");
  t.equal(events.length, 1, "and announces nothing");
});

t.test("the served port sent back unchanged keeps the fleet's say over HTTP", async (t) => {
  const { device } = await oneCamera();
  t.equal(await device.ports.change([change(1, { portNo: "41080", protocol: "HTTP", enabled: "true" })], ACTOR), false);
  t.equal(protocolEntry(device.flash.ports, "HTTP")?.portSetByDevice, undefined);
  t.equal(await device.ports.change([change(1, { portNo: "80" })], ACTOR), true, "the capture's 80 differs from the port served: the device's own now");
  t.same(protocolEntry(device.flash.ports, "HTTP"), { ...factoryPorts(device.profile)[0], portSetByDevice: true });
});

t.test("refusals name the element and change nothing", async (t) => {
  const { device } = await oneCamera();
  await refused(t, device, [change(1, { portNo: "0" })], "badPort", /portNo/);
  await refused(t, device, [change(1, { portNo: "65536" })], "badPort", /portNo/);
  await refused(t, device, [change(4, { portNo: "5 54" })], "badPort", /portNo/);
  await refused(t, device, [change(3, { portNo: "abc" })], "badPort", /portNo/);
  await refused(t, device, [change(4, { portNo: "8000" })], "badPort", /portNo 8000 of RTSP is already DEV_MANAGE's/);
  await refused(t, device, [change(4, { portNo: "41080" })], "badPort", /already HTTP's/);
  await refused(t, device, [change(9, { portNo: "1000" })], "badXmlContent", /id 9/);
  await refused(t, device, [change(1, { portNo: "81" }), change(1, { portNo: "82" })], "badXmlContent", /id 1 appears twice/);
  await refused(t, device, [change(1, { protocol: "HTTPS" })], "badXmlContent", /protocol/);
  await refused(t, device, [change(1, { enabled: "yes" })], "badXmlContent", /enabled/);
  await refused(t, device, [change(1, { enabled: "false" })], "badParameters", /enabled: HTTP/);
  await refused(t, device, [change(10, { portNo: "5353" })], "badXmlContent", /portNo: Bonjour has no port/);
  await refused(t, device, [change(2, { options: { TLS1_2Enable: "false", TLS1_3Enable: "false" } })], "badParameters", /TLS1_1Enable\/TLS1_2Enable\/TLS1_3Enable/);
  await refused(t, device, [change(2, { options: { redirectToHttps: "1" } })], "badXmlContent", /redirectToHttps/);
  // One bad entry refuses the whole PUT: the good one before it is not written either.
  await refused(t, device, [change(4, { portNo: "10554" }), change(3, { portNo: "70000" })], "badPort", /portNo/);
  t.equal(protocolEntry(device.flash.ports, "RTSP")?.port, 554);
});

t.test("elements a protocol does not have on the model are ignored", async (t) => {
  const { device } = await oneCamera(LEGACY);
  t.equal(await device.ports.change([change(2, { options: { TLS1_3Enable: "false", unknownThing: "x" } })], ACTOR), false);
  t.same(protocolEntry(device.flash.ports, "HTTPS")?.options, {});
});

t.test("Restore keeps the ports; Default returns them to the capture and to the fleet's say", async (t) => {
  const { device, clock } = await oneCamera(NVR);
  await device.ports.change([change(1, { portNo: "8081" }), change(2, { portNo: "1554" })], ACTOR);
  const changed = device.flash.ports;
  await device.factoryReset("basic", "isapi");
  t.same(device.flash.ports, changed, "Restore keeps them (network settings, §2.6)");
  await clock.advance(10 * 60_000);
  await device.factoryReset("full", "isapi");
  t.same(device.flash.ports, factoryPorts(device.profile), "Default: the capture's ports, HTTP and HTTPS given by the fleet again");
});

t.test("a record stored before ports existed loads with the model's capture; a stored change and certificate load as written", async (t) => {
  const store = new MemoryStore();
  const specs = [spec(NVR, "unit-1", "127.146.201.10")];
  await makeFleet({ specs, store });
  const record = (await store.load("unit-1")) as { flash: Record<string, unknown> };
  const { ports: _ports, ...older } = record.flash;
  await store.save("unit-1", { ...record, flash: older } as never);
  const reloaded = (await makeFleet({ specs, store })).fleet.byName("unit-1") as Device;
  t.same(reloaded.flash.ports, factoryPorts(reloaded.profile), "filled from the profile (state.ts completeFlash)");
  t.equal(reloaded.flash.certificate, undefined);

  await reloaded.ports.change([change(2, { portNo: "1554" })], ACTOR);
  const withCertificate = { ...((await store.load("unit-1")) as { flash: Record<string, unknown> }) };
  await store.save("unit-1", { ...withCertificate, flash: { ...withCertificate.flash, certificate: { key: "KEY PEM", cert: "CERT PEM" } } } as never);
  const again = (await makeFleet({ specs, store })).fleet.byName("unit-1") as Device;
  t.equal(protocolEntry(again.flash.ports, "RTSP")?.port, 1554, "the stored change");
  t.same(again.flash.certificate, { key: "KEY PEM", cert: "CERT PEM" }, "the stored certificate");
  t.equal(again.ports.runningPort("RTSP"), 1554, "in force from the boot it was loaded with");
});
