import t from "tap";
import { EventEmitter } from "node:events";
import { VirtualClock } from "../../../src/emulator/clock.js";
import type { DeviceEventMap } from "../../../src/emulator/events.js";
import { DeviceLog } from "../../../src/emulator/device-log/device-log.js";
import { LogRing } from "../../../src/emulator/device-log/log-ring.js";
import { majorOf, metaMajor } from "../../../src/emulator/device-log/log-types.js";
import type { LogEntry } from "../../../src/emulator/device-log/log-entry.js";
import { makeFleet } from "../../helpers/harness.js";

const START = Date.UTC(2024, 4, 1, 12, 0, 0);
const NAME = "unit-1";
const ACTOR = { via: "isapi", userName: "admin", peer: "127.138.0.5" } as const;

function loneLog(capacity = 50) {
  const events = new EventEmitter<DeviceEventMap>();
  const clock = new VirtualClock(START);
  let cap = capacity;
  const log = new DeviceLog({ events, now: () => clock.now(), capacity: () => cap });
  return { events, clock, log, setCapacity: (n: number) => (cap = n) };
}

/** What a client reads of an entry: type, user, address and the extras. */
const shape = (e: LogEntry) => ({ major: e.major, minor: e.minor, userName: e.userName, peer: e.peer, paraType: e.paraType, detail: e.detail });
const ALL = { types: [], position: 0, max: 1000 } as const;

t.test("events become entries with the real minor types, the user and the address, stamped with the device wall clock", async (t) => {
  const { events, clock, log } = loneLog();
  events.emit("loginSucceeded", { name: NAME, userName: "admin", front: "isapi", peer: "127.138.0.5" });
  await clock.advance(1000);
  events.emit("loginFailed", { name: NAME, userName: "admin", front: "isapi", peer: "127.138.0.6", failures: 1 });
  events.emit("loginLocked", { name: NAME, userName: "admin", front: "isapi", peer: "127.138.0.6", unlockSeconds: 1800 });
  events.emit("loggedOut", { name: NAME, userName: "admin", front: "web", peer: "127.138.0.5" });
  events.emit("userChanged", { name: NAME, action: "created", userName: "op1", by: "admin", peer: "127.138.0.5" });
  events.emit("securityChanged", { name: NAME, setting: "ipFilter", via: "isapi", actor: ACTOR });
  events.emit("settingsChanged", { name: NAME, setting: "motionDetection", actor: ACTOR });
  events.emit("timeChanged", { name: NAME, actor: ACTOR });
  events.emit("configurationExported", { name: NAME, actor: ACTOR });
  events.emit("firmwareRefused", { name: NAME, reason: "wrong model", actor: ACTOR });
  events.emit("activated", { name: NAME, via: "sadp" });
  const entries = log.entries();
  t.same(entries.map(shape), [
    { major: "Operation", minor: "remoteLogin", userName: "admin", peer: "127.138.0.5", paraType: undefined, detail: undefined },
    { major: "Exception", minor: "illlegealAccess", userName: "admin", peer: "127.138.0.6", paraType: undefined, detail: undefined },
    { major: "Operation", minor: "remoteLoginLock", userName: "admin", peer: "127.138.0.6", paraType: undefined, detail: "locked for 1800 s" },
    { major: "Operation", minor: "remoteLogout", userName: "admin", peer: "127.138.0.5", paraType: undefined, detail: undefined },
    { major: "Operation", minor: "remoteCfgPara", userName: "admin", peer: "127.138.0.5", paraType: "user", detail: "created op1" },
    { major: "Operation", minor: "remoteCfgPara", userName: "admin", peer: "127.138.0.5", paraType: "ipFilter", detail: undefined },
    { major: "Operation", minor: "remoteCfgPara", userName: "admin", peer: "127.138.0.5", paraType: "motionDetection", detail: undefined },
    { major: "Operation", minor: "remoteCheckTime", userName: "admin", peer: "127.138.0.5", paraType: undefined, detail: undefined },
    { major: "Operation", minor: "remoteDownloadCfgFile", userName: "admin", peer: "127.138.0.5", paraType: undefined, detail: undefined },
    { major: "Operation", minor: "remoteUpgrade", userName: "admin", peer: "127.138.0.5", paraType: undefined, detail: "refused: wrong model" },
    { major: "Operation", minor: "remoteSetDeviceActive", userName: undefined, peer: undefined, paraType: undefined, detail: "via sadp" },
  ]);
  t.equal(entries[0]!.time, START, "stamped with the wall clock the log was given");
  t.equal(entries[1]!.time, START + 1000);
  t.same(entries.map((e) => e.seq), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11], "numbered in writing order");
});

t.test("reboots: a network reboot is written with its user; the boot is a power-on; a reset, upgrade or import explains its own reboot", async (t) => {
  const { events, log } = loneLog();
  events.emit("rebooted", { name: NAME, cause: "isapi", actor: ACTOR });
  events.emit("booting", { name: NAME, bootTime: START, bootSeconds: 40 });
  events.emit("rebooted", { name: NAME, cause: "control" });
  events.emit("booting", { name: NAME, bootTime: START, bootSeconds: 40 });
  events.emit("reset", { name: NAME, mode: "full", cause: "isapi", actor: ACTOR });
  events.emit("rebooted", { name: NAME, cause: "isapi", actor: ACTOR });
  events.emit("booting", { name: NAME, bootTime: START, bootSeconds: 40 });
  events.emit("reset", { name: NAME, mode: "basic", cause: "button" });
  events.emit("rebooted", { name: NAME, cause: "button" });
  events.emit("booting", { name: NAME, bootTime: START, bootSeconds: 40 });
  events.emit("firmwareUpgraded", { name: NAME, from: "V5.2.0", to: "V5.7.17", actor: ACTOR });
  events.emit("rebooted", { name: NAME, cause: "isapi", actor: ACTOR });
  events.emit("booting", { name: NAME, bootTime: START, bootSeconds: 40 });
  events.emit("configurationImported", { name: NAME, actor: ACTOR });
  events.emit("rebooted", { name: NAME, cause: "isapi", actor: ACTOR });
  events.emit("powered", { name: NAME, on: false });
  events.emit("powered", { name: NAME, on: true });
  events.emit("booting", { name: NAME, bootTime: START, bootSeconds: 40 });
  t.same(
    log.entries().map((e) => [e.minor, e.userName, e.detail]),
    [
      ["remoteReboot", "admin", undefined],
      ["devicePowerOn", undefined, undefined],
      ["devicePowerOn", undefined, undefined],
      ["remoteParamFactoryDefault", "admin", "default"],
      ["devicePowerOn", undefined, undefined],
      ["localParamSimpleDefault", undefined, "restore"],
      ["devicePowerOn", undefined, undefined],
      ["remoteUpgrade", "admin", "V5.2.0 -> V5.7.17"],
      ["devicePowerOn", undefined, undefined],
      ["remoteUploadCfgFile", "admin", undefined],
      ["devicePowerOn", undefined, undefined],
    ],
  );
});

t.test("the ring keeps the newest `capacity` entries, and follows a new capacity", async (t) => {
  const { events, log, setCapacity } = loneLog(5);
  for (let i = 1; i <= 12; i++) events.emit("loginFailed", { name: NAME, userName: `u${i}`, front: "isapi", peer: "127.138.0.9", failures: i });
  t.equal(log.size, 5);
  t.same(log.entries().map((e) => e.userName), ["u8", "u9", "u10", "u11", "u12"], "oldest overwritten first");
  setCapacity(3);
  events.emit("loginFailed", { name: NAME, userName: "u13", front: "isapi", peer: "127.138.0.9", failures: 13 });
  t.equal(log.capacity, 3);
  t.same(log.entries().map((e) => e.userName), ["u11", "u12", "u13"], "a smaller capacity drops the oldest");
  setCapacity(6);
  events.emit("loginFailed", { name: NAME, userName: "u14", front: "isapi", peer: "127.138.0.9", failures: 14 });
  t.same(log.entries().map((e) => e.userName), ["u11", "u12", "u13", "u14"], "a larger one keeps what there is");
});

t.test("LogRing alone: wraps in place, answers oldest first", async (t) => {
  const ring = new LogRing(3);
  t.same(ring.entries(), []);
  const entry = (seq: number): LogEntry => ({ seq, time: seq, major: "Operation", minor: "remoteLogin" });
  for (let i = 1; i <= 7; i++) ring.push(entry(i));
  t.same(ring.entries().map((e) => e.seq), [5, 6, 7]);
  ring.resize(5);
  ring.push(entry(8));
  t.same(ring.entries().map((e) => e.seq), [5, 6, 7, 8]);
  ring.resize(1);
  t.same(ring.entries().map((e) => e.seq), [8]);
});

t.test("search: time span (inclusive), types (major, minor), paging oldest first", async (t) => {
  const { events, clock, log } = loneLog();
  for (let i = 0; i < 10; i++) {
    events.emit(i % 2 === 0 ? "loginSucceeded" : "loginFailed", { name: NAME, userName: `u${i}`, front: "isapi", peer: "127.138.0.7", failures: 1 });
    await clock.advance(60_000);
  }
  t.equal(log.search(ALL).total, 10);
  const span = log.search({ ...ALL, spans: [{ from: START + 2 * 60_000, to: START + 5 * 60_000 }] });
  t.same(span.entries.map((e) => e.userName), ["u2", "u3", "u4", "u5"], "both bounds inclusive");
  const two = log.search({ ...ALL, spans: [{ from: START, to: START }, { from: START + 9 * 60_000, to: START + 20 * 60_000 }] });
  t.same(two.entries.map((e) => e.userName), ["u0", "u9"], "several spans: any of them");
  const failures = log.search({ ...ALL, types: [{ major: "Exception" }] });
  t.same(failures.entries.map((e) => e.userName), ["u1", "u3", "u5", "u7", "u9"]);
  const logins = log.search({ ...ALL, types: [{ major: "Operation", minor: "remoteLogin" }] });
  t.equal(logins.total, 5);
  t.equal(log.search({ ...ALL, types: [{ major: "Operation", minor: "remoteReboot" }] }).total, 0, "a minor type with no entries matches nothing");
  t.equal(log.search({ ...ALL, types: [{ major: "Exception" }, { major: "Operation", minor: "remoteLogin" }] }).total, 10, "several types: any of them");
  const page1 = log.search({ types: [], position: 0, max: 4 });
  const page2 = log.search({ types: [], position: 4, max: 4 });
  const page3 = log.search({ types: [], position: 8, max: 4 });
  t.same([page1.total, page2.total, page3.total], [10, 10, 10]);
  t.same([...page1.entries, ...page2.entries, ...page3.entries].map((e) => e.userName), ["u0", "u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9"], "pages join up without gaps or repeats");
  t.same(log.search({ types: [], position: 12, max: 4 }).entries, [], "past the end: nothing");
});

t.test("metaId major types: Information is spelled Infomation on cameras and recorders; clients may write either", async (t) => {
  t.equal(metaMajor("Information"), "Infomation");
  t.equal(metaMajor("Operation"), "Operation");
  t.equal(majorOf("Infomation"), "Information");
  t.equal(majorOf("information"), "Information");
  t.equal(majorOf("exception"), "Exception");
  t.equal(majorOf("Nothing"), undefined);
});

t.test("on a device: the log survives reboots and power cycles; logins are written once per new client, not per request", async (t) => {
  const { fleet, clock } = await makeFleet();
  const camera = fleet.byName("camera-1")!;
  await camera.activate("Hik12345!", "isapi");
  await camera.security.setWebAuth({ certificateType: "digest/basic", algorithm: "MD5" }, "control");
  const basic = { kind: "basic", userName: "admin", password: "Hik12345!" } as const;
  let accepted = 0;
  for (let i = 0; i < 500; i++) if (camera.login(basic, { front: "isapi", peer: "127.138.0.20" }).ok) accepted++;
  t.equal(accepted, 500);
  const logins = () => camera.deviceLog.entries().filter((e) => e.minor === "remoteLogin");
  t.same(logins().map((e) => [e.userName, e.peer]), [["admin", "127.138.0.20"]], "500 authenticated requests: one login");
  camera.login(basic, { front: "isapi", peer: "127.138.0.21" });
  t.equal(logins().length, 2, "another address is another client");
  await clock.advance((camera.profile.security.session.idleSeconds + 1) * 1000);
  camera.login(basic, { front: "isapi", peer: "127.138.0.20" });
  t.equal(logins().length, 3, "back after idling past the online-user time: a new login");
  camera.login({ ...basic, password: "Wrong123!" }, { front: "isapi", peer: "127.138.0.22" });
  camera.reboot("isapi", ACTOR);
  await clock.advance(120_000);
  t.equal(camera.power, "running");
  camera.powerOff();
  camera.powerOn();
  await clock.advance(120_000);
  const minors = camera.deviceLog.entries().map((e) => e.minor);
  t.same(minors.slice(0, 2), ["remoteSetDeviceActive", "localCfgPara"], "activation and the web auth change (from the control plane: local) are still there");
  t.same(minors.slice(-4), ["illlegealAccess", "remoteReboot", "devicePowerOn", "devicePowerOn"], "failed login, reboot and both boots");
  t.equal(camera.deviceLog.capacity, camera.profile.deviceLog.capacity);
  t.equal(fleet.byName("nvr-1")!.deviceLog.capacity, 10000, "recorders keep more (profile)");
  t.equal(fleet.byName("nvr-1")!.deviceLog.size, 0, "each device has its own log");
});
