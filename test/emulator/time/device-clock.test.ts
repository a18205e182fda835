import t from "tap";
import { makeFleet, spec, CAMERA, LEGACY, NVR } from "../../helpers/harness.js";
import { recordEvents } from "../../helpers/lifecycle.js";
import { MemoryStore } from "../../../src/emulator/store/memory-store.js";
import { VirtualClock } from "../../../src/emulator/clock.js";

const ACTOR = { via: "isapi", userName: "admin", peer: "127.142.0.1" };
const HOUR = 3_600_000;

t.test("a never-set clock reads 1970 from when hikemu first runs the device, in the factory zone, and runs on through reboots", async (t) => {
  const host = Date.UTC(2026, 3, 1, 9, 0, 0);
  const { fleet, clock } = await makeFleet({ clock: new VirtualClock(host) });
  const camera = fleet.byName("camera-1")!;
  t.equal(camera.time.isSet, false);
  t.equal(camera.deviceTime(), 0, "1970-01-01T00:00:00Z");
  t.equal(camera.time.isapiTime(), "1970-01-01T08:00:00+08:00", "factory zone CST-8:00:00 (UTC+08:00)");
  await clock.advance(5 * HOUR);
  t.equal(camera.deviceTime(), 5 * HOUR);
  camera.reboot("control");
  await clock.advance((camera.profile.shutdownSeconds + camera.profile.bootSeconds) * 1000);
  t.equal(camera.deviceTime(), 5 * HOUR + (camera.profile.shutdownSeconds + camera.profile.bootSeconds) * 1000, "a reboot does not reset it (the captures: 1970-02 after days of uptime)");
  t.equal(camera.time.uptimeSeconds(), camera.profile.bootSeconds);
  t.equal(camera.time.bootTime(), camera.deviceTime() - camera.profile.bootSeconds * 1000, "boot time = now - uptime, on the device clock");
  camera.powerOff();
  await clock.advance(HOUR);
  camera.powerOn();
  t.equal(camera.deviceTime(), 6 * HOUR + (camera.profile.shutdownSeconds + camera.profile.bootSeconds) * 1000, "nor does a power cut (battery-backed)");
});

t.test("a device the fleet file installs activated starts set to host time; a factory-new one does not", async (t) => {
  const host = Date.UTC(2026, 3, 1, 9, 0, 0);
  const { fleet } = await makeFleet({ clock: new VirtualClock(host), specs: [spec(CAMERA, "camera-1", "127.142.0.10", "Hik12345!"), spec(NVR, "nvr-1", "127.142.0.12")] });
  t.equal(fleet.byName("camera-1")!.deviceTime(), host);
  t.equal(fleet.byName("camera-1")!.time.isSet, true);
  t.same(fleet.byName("camera-1")!.flash.time.clock, { set: true, offsetMs: 0 });
  t.equal(fleet.byName("nvr-1")!.deviceTime(), 0);
});

t.test("manual time: the offset from the host clock is written to flash, survives a restart of hikemu, and is announced with its actor", async (t) => {
  const host = Date.UTC(2026, 3, 1, 9, 0, 0);
  const store = new MemoryStore();
  const clock = new VirtualClock(host);
  const { fleet } = await makeFleet({ clock, store });
  const camera = fleet.byName("camera-1")!;
  const seen = recordEvents(camera.events, ["timeChanged"]);
  const next = await camera.time.setTime({ mode: "manual", localTime: "2024-01-01T12:00:00+08:00", timeZone: "CST+5:00:00" }, ACTOR);
  t.equal(camera.deviceTime(), Date.UTC(2024, 0, 1, 4, 0, 0));
  t.equal(camera.time.isapiTime(), "2023-12-31T23:00:00-05:00", "shown in the new zone");
  t.same(next.clock, { set: true, offsetMs: Date.UTC(2024, 0, 1, 4, 0, 0) - host });
  t.same(seen, [["timeChanged", { name: "camera-1", actor: ACTOR }]]);
  const stored = (await store.load("camera-1")) as { flash: { time: { clock: unknown; timeZone: string } } };
  t.same(stored.flash.time.clock, next.clock, "durable before the promise resolves");
  await clock.advance(HOUR);
  const again = await makeFleet({ clock, store });
  t.equal(again.fleet.byName("camera-1")!.deviceTime(), Date.UTC(2024, 0, 1, 5, 0, 0), "a restarted hikemu keeps the set clock running");
  t.equal(again.fleet.byName("camera-1")!.time.settings.timeZone, "CST+5:00:00");
});

t.test("localTime without an offset is read in the zone given with it", async (t) => {
  const { fleet } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  await camera.time.setTime({ localTime: "2025-06-01T10:00:00", timeZone: "CST-2:00:00" }, ACTOR);
  t.equal(camera.deviceTime(), Date.UTC(2025, 5, 1, 8, 0, 0));
  t.equal(camera.time.isapiTime(), "2025-06-01T10:00:00+02:00");
});

t.test("NTP mode: synchronised to the host clock at once, localTime ignored; back to manual keeps NTP's time", async (t) => {
  const host = Date.UTC(2026, 3, 1, 9, 0, 0);
  const { fleet, clock } = await makeFleet({ clock: new VirtualClock(host) });
  const camera = fleet.byName("camera-1")!;
  await camera.time.setTime({ mode: "NTP", localTime: "2001-01-01T00:00:00Z" }, ACTOR);
  t.equal(camera.deviceTime(), host, "the host clock, not the localTime");
  t.equal(camera.time.isSet, true);
  await clock.advance(HOUR);
  t.equal(camera.deviceTime(), host + HOUR);
  await camera.time.setTime({ mode: "manual" }, ACTOR);
  t.equal(camera.deviceTime(), host + HOUR, "manual again, still right");
  t.same(camera.flash.time.clock, { set: true, offsetMs: 0 });
});

t.test("bad values refuse the whole change naming the element, and nothing is written or announced", async (t) => {
  const { fleet, store } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  const before = JSON.stringify(await store.load("camera-1"));
  const seen = recordEvents(camera.events, ["timeChanged"]);
  const cases: [Parameters<typeof camera.time.setTime>[0], RegExp][] = [
    [{ mode: "satellite" }, /timeMode/],
    [{ mode: "ntp" }, /timeMode/],
    [{ timeZone: "GMT+8" }, /timeZone/],
    [{ timeZone: "CST-8:00:00", localTime: "2024-13-01T00:00:00" }, /localTime/],
    [{ localTime: "2038-01-20T00:00:00Z" }, /localTime.*1970-2037/],
    [{ localTime: "1969-12-31T23:59:59Z" }, /localTime/],
    [{ localTime: "soon", timeZone: "CST-1:00:00" }, /localTime/],
  ];
  for (const [change, message] of cases) t.throws(() => void camera.time.setTime(change, ACTOR), { code: "badParameters", message }, JSON.stringify(change));
  const servers = [
    [{ addressing: "hostname", host: "bad_host!", port: 123, intervalMinutes: 60 }, /hostName/],
    [{ addressing: "ipaddress", host: "300.1.1.1", port: 123, intervalMinutes: 60 }, /ipAddress/],
    [{ addressing: "hostname", host: "pool.ntp.org", port: 0, intervalMinutes: 60 }, /portNo/],
    [{ addressing: "hostname", host: "pool.ntp.org", port: 123, intervalMinutes: 0 }, /synchronizeInterval/],
    [{ addressing: "dns", host: "pool.ntp.org", port: 123, intervalMinutes: 60 }, /addressingFormatType/],
  ] as const;
  for (const [server, message] of servers) t.throws(() => void camera.time.setNtpServer(server as never, ACTOR), { code: "badParameters", message }, JSON.stringify(server));
  t.equal(JSON.stringify(await store.load("camera-1")), before, "flash untouched");
  t.same(seen, [], "no timeChanged");
});

t.test("an NTP server change is written and announced; the same one again writes nothing", async (t) => {
  const { fleet, store } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  const seen = recordEvents(camera.events, ["timeChanged"]);
  const server = { addressing: "hostname" as const, host: "pool.ntp.org", port: 123, intervalMinutes: 60 };
  await camera.time.setNtpServer(server, ACTOR);
  t.same(camera.time.settings.ntp, server);
  const stored = (await store.load("camera-1")) as { flash: { time: { ntp: unknown } } };
  t.same(stored.flash.time.ntp, server);
  await camera.time.setNtpServer(server, ACTOR);
  t.equal(seen.length, 1, "one event for one change");
});

t.test("Restore and Default return mode, zone and NTP server to the factory's; the clock keeps its time", async (t) => {
  const host = Date.UTC(2026, 3, 1, 9, 0, 0);
  const { fleet, clock } = await makeFleet({ clock: new VirtualClock(host), specs: [spec(CAMERA, "camera-1", "127.142.0.10", "Hik12345!"), spec(LEGACY, "legacy-1", "127.142.0.11")] });
  for (const [name, mode] of [["camera-1", "basic"], ["legacy-1", "full"]] as const) {
    const device = fleet.byName(name)!;
    await device.time.setTime({ mode: "manual", localTime: "2030-01-01T00:00:00Z", timeZone: "CST+3:00:00" }, ACTOR);
    await device.time.setNtpServer({ addressing: "ipaddress", host: "127.142.0.1", port: 1123, intervalMinutes: 5 }, ACTOR);
    await device.factoryReset(mode, "control");
    await clock.advance((device.profile.shutdownSeconds + device.profile.bootSeconds) * 1000);
    t.equal(device.time.settings.timeZone, "CST-8:00:00", `${name} ${mode}: factory zone`);
    t.equal(device.time.settings.mode, "manual");
    t.same(device.time.settings.ntp, device.profile.system.time.ntpServer, "factory NTP server");
    t.equal(device.time.isSet, true, "the clock stays set");
    t.ok(Math.abs(device.deviceTime() - Date.UTC(2030, 0, 1)) < 10 * 60_000, "and runs on from the set time");
  }
});
