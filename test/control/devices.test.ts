import t from "tap";
import { startControlFixture } from "../helpers/control-api.js";
import { CAMERA, LEGACY, NVR } from "../helpers/harness.js";

t.test("GET /api/devices lists the fleet in fleet order, short form", async (t) => {
  const { api, emulator } = await startControlFixture(t, 62);
  const reply = await api("GET", "/api/devices");
  t.equal(reply.status, 200);
  t.match(reply.headers.get("content-type"), /^application\/json/);
  t.same(
    reply.body.devices.map((d: { name: string; model: string }) => [d.name, d.model]),
    [
      ["camera-1", CAMERA],
      ["legacy-camera-1", LEGACY],
      ["nvr-1", NVR],
    ],
  );
  const camera = emulator.fleet.byName("camera-1")!;
  t.same(reply.body.devices[0], { name: "camera-1", model: CAMERA, ip: camera.network.ipv4, listen: "127.62.0.10", power: "running", activated: false, led: "steady" });
  t.equal(reply.body.devices[1].activated, true, "the legacy camera leaves the factory active");
});

t.test("GET /api/devices/:name shows one device in full; an unknown name is 404 notFound", async (t) => {
  const { api, emulator, clock } = await startControlFixture(t, 62);
  const camera = emulator.fleet.byName("camera-1")!;
  const reply = await api("GET", "/api/devices/camera-1");
  t.equal(reply.status, 200);
  t.same(reply.body, {
    name: "camera-1",
    model: CAMERA,
    type: "ipc",
    serial: camera.identity.serial,
    mac: camera.identity.mac,
    ip: camera.network.ipv4,
    networkSetBy: "fleet",
    listen: { address: "127.62.0.10", httpPort: camera.serving.httpPort, fleetAddress: "127.62.0.10", note: null },
    power: "running",
    reachable: true,
    activated: false,
    led: "steady",
    bootTime: new Date(clock!.now()).toISOString(),
    readyAt: new Date(clock!.now()).toISOString(),
    button: { present: true, holdSeconds: 10, atPowerOn: true, whileRunning: true, pressed: false },
    faults: { httpLatencyMs: 0, httpErrorRate: 0, discoveryDropRate: 0, unplugged: false, extraBootSeconds: 0 },
  });
  t.not(reply.body.listen.httpPort, 0, "the port actually bound");

  const missing = await api("GET", "/api/devices/no-such-cam");
  t.equal(missing.status, 404);
  t.same(missing.body, { error: { code: "notFound", message: 'no device named "no-such-cam"' } });
  for (const [method, path, body] of [
    ["POST", "/api/devices/no-such-cam/power", { state: "on" }],
    ["POST", "/api/devices/no-such-cam/button", { action: "press" }],
    ["PUT", "/api/devices/no-such-cam/faults", { unplugged: true }],
    ["DELETE", "/api/devices/no-such-cam/faults", undefined],
  ] as const) {
    const reply = await api(method, path, body);
    t.equal(reply.status, 404, `${method} ${path}`);
    t.equal(reply.body.error.code, "notFound");
  }
});

t.test("an unknown resource or method is 404 in the error shape", async (t) => {
  const { api } = await startControlFixture(t, 62);
  for (const [method, path] of [
    ["GET", "/api/nothing"],
    ["DELETE", "/api/devices/camera-1"],
    ["GET", "/api/devices/camera-1/power"],
  ] as const) {
    const reply = await api(method, path);
    t.equal(reply.status, 404, `${method} ${path}`);
    t.same(reply.body, { error: { code: "notFound", message: "no such resource" } });
  }
});
