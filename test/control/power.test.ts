import t from "tap";
import { startControlFixture } from "../helpers/control-api.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { sadpMac } from "../../src/util/mac.js";
import { tryConnect } from "../helpers/sockets.js";

t.test("power off over the API: HTTP refused and SADP silent; power on: back once the boot time has passed on /api/clock/advance", async (t) => {
  const { api, emulator, clock } = await startControlFixture(t, 64);
  const camera = emulator.fleet.byName("camera-1")!;
  const { address, httpPort } = camera.serving;
  const url = `http://${address}:${httpPort}/SDK/activateStatus`;
  t.equal((await fetch(url)).status, 200, "answers before");

  const off = await api("POST", "/api/devices/camera-1/power", { state: "off" });
  t.equal(off.status, 200);
  t.match(off.body.device, { name: "camera-1", power: "off", reachable: false, led: "off" });
  t.equal(await tryConnect(address, httpPort), "ECONNREFUSED", "the reply came after the listener closed");
  const silent = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 2, clock: clock! });
  t.notOk(silent.byMac.has(sadpMac(camera.identity.mac)), "SADP leaves it out");
  t.equal(silent.byMac.size, 2, "its neighbours answer");

  const again = await api("POST", "/api/devices/camera-1/power", { state: "off" });
  t.equal(again.status, 409);
  t.same(again.body, { error: { code: "invalidOperation", message: "camera-1 is already off" } });

  const before = clock!.now();
  const on = await api("POST", "/api/devices/camera-1/power", { state: "on" });
  t.equal(on.status, 200);
  t.match(on.body.device, { power: "booting", reachable: false, led: "steady", bootTime: new Date(before).toISOString(), readyAt: new Date(before + 60_000).toISOString() });
  t.equal(await tryConnect(address, httpPort), "ECONNREFUSED", "booting: still refused");
  const onAgain = await api("POST", "/api/devices/camera-1/power", { state: "on" });
  t.equal(onAgain.status, 409, "power on while booting");
  t.same(onAgain.body.error, { code: "invalidOperation", message: "camera-1 is already powered on" });

  const early = await api("POST", "/api/clock/advance", { seconds: 59 });
  t.equal(early.status, 200);
  t.equal(early.body.epochMs, before + 59_000);
  t.equal(await tryConnect(address, httpPort), "ECONNREFUSED", "59 s into a 60 s boot");
  await api("POST", "/api/clock/advance", { seconds: 1 });
  t.match((await api("GET", "/api/devices/camera-1")).body, { power: "running", reachable: true });
  t.equal((await fetch(url)).status, 200, "answers again, on the same port");
  const back = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3, clock: clock! });
  t.ok(back.byMac.has(sadpMac(camera.identity.mac)), "SADP shows it again");
});

t.test("cycle: from running and from off, a fresh boot", async (t) => {
  const { api, clock } = await startControlFixture(t, 64);
  await clock!.advance(5_000);
  const cycled = await api("POST", "/api/devices/nvr-1/power", { state: "cycle" });
  t.equal(cycled.status, 200);
  t.match(cycled.body.device, { power: "booting", bootTime: new Date(clock!.now()).toISOString(), readyAt: new Date(clock!.now() + 90_000).toISOString() });
  await api("POST", "/api/devices/nvr-1/power", { state: "off" });
  const fromOff = await api("POST", "/api/devices/nvr-1/power", { state: "cycle" });
  t.equal(fromOff.status, 200, "cycle on a device that is off powers it on");
  t.equal(fromOff.body.device.power, "booting");
});

t.test("power: bad bodies are 400 naming the field, and change nothing", async (t) => {
  const { api, emulator } = await startControlFixture(t, 64);
  const cases: [unknown, RegExp][] = [
    [{}, /^state: /],
    [{ state: "reboot" }, /^state: /],
    [{ state: 1 }, /^state: /],
    [{ state: "ON" }, /^state: /],
    [{ state: "off", force: true }, /force/],
    [["off"], /object/],
  ];
  for (const [body, message] of cases) {
    const reply = await api("POST", "/api/devices/camera-1/power", body);
    t.equal(reply.status, 400, JSON.stringify(body));
    t.equal(reply.body.error.code, "badRequest");
    t.match(reply.body.error.message, message);
  }
  const none = await api("POST", "/api/devices/camera-1/power");
  t.equal(none.status, 400, "no body at all");
  t.match(none.body.error.message, /^state: /);
  t.equal(emulator.fleet.byName("camera-1")!.power, "running");
});
