import t from "tap";
import { connect } from "node:net";
import { startControlFixture } from "../helpers/control-api.js";

const NONE = { httpLatencyMs: 0, httpErrorRate: 0, discoveryDropRate: 0, unplugged: false, extraBootSeconds: 0 };

function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED"));
  });
}

t.test("PUT merges faults into those in force; DELETE clears them all", async (t) => {
  const { api } = await startControlFixture(t, 66);
  const first = await api("PUT", "/api/devices/camera-1/faults", { httpLatencyMs: 250, httpErrorRate: 0.5 });
  t.equal(first.status, 200);
  t.same(first.body.device.faults, { ...NONE, httpLatencyMs: 250, httpErrorRate: 0.5 });
  const second = await api("PUT", "/api/devices/camera-1/faults", { discoveryDropRate: 1, httpErrorRate: 0 });
  t.same(second.body.device.faults, { ...NONE, httpLatencyMs: 250, discoveryDropRate: 1 }, "fields not named stay");
  t.same((await api("GET", "/api/devices/nvr-1")).body.faults, NONE, "other devices are untouched");
  const cleared = await api("DELETE", "/api/devices/camera-1/faults");
  t.equal(cleared.status, 200);
  t.same(cleared.body.device.faults, NONE);
});

t.test("out of range is 400 badParameters; wrong types and unknown fields 400 badRequest; nothing changes", async (t) => {
  const { api } = await startControlFixture(t, 66);
  await api("PUT", "/api/devices/camera-1/faults", { httpLatencyMs: 100 });
  const expected = { ...NONE, httpLatencyMs: 100 };
  const ranges: [Record<string, unknown>, string][] = [
    [{ httpErrorRate: 1.5 }, "httpErrorRate must be a number from 0 to 1"],
    [{ discoveryDropRate: -0.1 }, "discoveryDropRate must be a number from 0 to 1"],
    [{ httpLatencyMs: -1 }, "httpLatencyMs must be a number from 0 to 600000"],
    [{ httpLatencyMs: 600_001 }, "httpLatencyMs must be a number from 0 to 600000"],
    [{ extraBootSeconds: 86_401 }, "extraBootSeconds must be a number from 0 to 86400"],
    [{ httpErrorRate: 0.2, unplugged: true, discoveryDropRate: 2 }, "discoveryDropRate must be a number from 0 to 1"],
  ];
  for (const [body, message] of ranges) {
    const reply = await api("PUT", "/api/devices/camera-1/faults", body);
    t.equal(reply.status, 400, JSON.stringify(body));
    t.same(reply.body.error, { code: "badParameters", message });
    t.same((await api("GET", "/api/devices/camera-1")).body.faults, expected, "nothing changed, not even the valid fields beside it");
  }
  for (const body of [{ unplugged: "yes" }, { httpLatencyMs: "100" }, { latency: 5 }, { httpErrorRate: null }, [{ unplugged: true }]]) {
    const reply = await api("PUT", "/api/devices/camera-1/faults", body);
    t.equal(reply.status, 400, JSON.stringify(body));
    t.equal(reply.body.error.code, "badRequest");
  }
  t.same((await api("GET", "/api/devices/camera-1")).body.faults, expected);
});

t.test("unplugged: connections refused while powered; plugged back in, it answers; slow boot lengthens the next boot", async (t) => {
  const { api, emulator, clock } = await startControlFixture(t, 66);
  const camera = emulator.fleet.byName("camera-1")!;
  const { address, httpPort } = camera.serving;
  const unplugged = await api("PUT", "/api/devices/camera-1/faults", { unplugged: true });
  t.match(unplugged.body.device, { power: "running", reachable: false });
  t.ok(await refused(address, httpPort), "connection refused");
  const plugged = await api("PUT", "/api/devices/camera-1/faults", { unplugged: false });
  t.match(plugged.body.device, { reachable: true });
  t.equal((await fetch(`http://${address}:${httpPort}/SDK/activateStatus`)).status, 200);

  await api("PUT", "/api/devices/camera-1/faults", { extraBootSeconds: 30 });
  const cycled = await api("POST", "/api/devices/camera-1/power", { state: "cycle" });
  t.equal(cycled.body.device.readyAt, new Date(clock!.now() + 90_000).toISOString(), "60 s of the profile plus 30 s");
  t.equal(cycled.body.device.faults.extraBootSeconds, 30, "faults survive the device's power cycle");
});
