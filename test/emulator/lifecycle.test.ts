import t from "tap";
import { CAMERA, LEGACY, NVR, makeFleet, profile, spec } from "../helpers/harness.js";
import { LIFECYCLE_EVENTS, loneLifecycle, namesOf, recordEvents } from "../helpers/lifecycle.js";
import { newClientKey, rsaDecryptPkcs1, encryptPassword } from "../helpers/isapi-activation-client.js";

const PEER = { front: "isapi", peer: "10.0.0.9" } as const;
const camera = profile(CAMERA);
const nvr = profile(NVR);

// ---------------------------------------------------------------- Lifecycle alone

t.test("Lifecycle alone: a new lifecycle is running, light steady, booted now and ready already", (t) => {
  const { lifecycle, clock, boots } = loneLifecycle(camera);
  t.equal(lifecycle.state, "running");
  t.equal(lifecycle.led, "steady");
  t.equal(lifecycle.bootedAt, clock.now());
  t.equal(lifecycle.readyAt, clock.now(), "ready in the past (now): it was on before hikemu looked");
  t.equal(boots(), 0, "no boot ran: RAM is what the device module built");
  t.same(clock.pendingTimers(), []);
  t.end();
});

t.test("Lifecycle alone: power off, then on; running exactly bootSeconds after power-on, to the millisecond", async (t) => {
  const { lifecycle, clock, events, boots, changes } = loneLifecycle(camera, "cam");
  const seen = recordEvents(events, LIFECYCLE_EVENTS);
  const t0 = clock.now();

  lifecycle.powerOff();
  t.equal(lifecycle.state, "off");
  t.equal(lifecycle.led, "off", "no power, no light");
  t.same(seen, [
    ["power", { name: "cam", state: "off" }],
    ["led", { name: "cam", state: "off" }],
    ["powered", { name: "cam", on: false }],
  ]);
  t.equal(changes(), 2, "onChange for the state and for the light");

  await clock.advance(7_000);
  seen.length = 0;
  lifecycle.powerOn();
  const bootTime = t0 + 7_000;
  t.equal(lifecycle.state, "booting");
  t.equal(lifecycle.led, "steady", "the light comes on with power");
  t.equal(lifecycle.bootedAt, bootTime, "a new boot time, taken at power-on");
  t.equal(lifecycle.readyAt, bootTime + 60_000, "ready after the profile's 60 s");
  t.equal(boots(), 1, "RAM rebuilt at the start of the boot");
  t.same(seen, [
    ["powered", { name: "cam", on: true }],
    ["power", { name: "cam", state: "booting" }],
    ["led", { name: "cam", state: "steady" }],
    ["booting", { name: "cam", bootTime, bootSeconds: 60 }],
    ["irCut", { name: "cam" }],
  ]);
  t.same(clock.pendingTimers(), ["cam boot"]);

  seen.length = 0;
  await clock.advance(60_000 - 1);
  t.equal(lifecycle.state, "booting", "one millisecond short of the boot time");
  t.same(seen, []);
  await clock.advance(1);
  t.equal(lifecycle.state, "running");
  t.equal(clock.now(), lifecycle.readyAt);
  t.same(seen, [
    ["power", { name: "cam", state: "running" }],
    ["ready", { name: "cam", bootTime }],
  ]);
  t.equal(lifecycle.led, "steady");
  t.equal(boots(), 1, "one boot, one RAM rebuild");
  t.same(clock.pendingTimers(), []);
});

t.test("Lifecycle alone: a recorder (no IR-cut filter) boots without the click, in its own 90 s", async (t) => {
  const { lifecycle, clock, events } = loneLifecycle(nvr, "rec");
  lifecycle.powerOff();
  const seen = recordEvents(events, LIFECYCLE_EVENTS);
  lifecycle.powerOn();
  await clock.advance(90_000 - 1);
  t.equal(lifecycle.state, "booting");
  await clock.advance(1);
  t.equal(lifecycle.state, "running");
  t.same(namesOf(seen), ["powered", "power", "led", "booting", "power", "ready"], "no irCut");
  t.match(seen[3], ["booting", { bootSeconds: 90 }]);
});

t.test("Lifecycle alone: the IR-cut click follows the profile field, not the device type", async (t) => {
  // The legacy camera has irCutFilter too; a copy of the camera profile without it stays silent.
  for (const [p, clicks] of [
    [profile(LEGACY), 1],
    [{ ...camera, irCutFilter: false }, 0],
  ] as const) {
    const { lifecycle, events, clock } = loneLifecycle(p);
    const seen = recordEvents(events, ["irCut"]);
    lifecycle.powerOff();
    lifecycle.powerOn();
    lifecycle.reboot("control");
    await clock.advance(p.shutdownSeconds * 1000);
    t.equal(seen.length, clicks * 2, `${p.model} irCutFilter=${p.irCutFilter}: one click per boot`);
  }
});

t.test("Lifecycle alone: reboot is rebooting for shutdownSeconds, then a full boot; the light stays on", async (t) => {
  const { lifecycle, clock, events, boots } = loneLifecycle(camera, "cam");
  const seen = recordEvents(events, LIFECYCLE_EVENTS);
  const t0 = clock.now();
  t.equal(camera.shutdownSeconds, 3, "the profile default");

  lifecycle.reboot("isapi");
  t.equal(lifecycle.state, "rebooting");
  t.equal(lifecycle.readyAt, t0 + 3_000 + 60_000, "from the start of the shutdown it tells when it answers again");
  t.same(seen, [
    ["power", { name: "cam", state: "rebooting" }],
    ["rebooted", { name: "cam", cause: "isapi" }],
  ]);
  t.equal(boots(), 0, "RAM is rebuilt when the boot begins, not when shutdown begins");
  await clock.advance(3_000 - 1);
  t.equal(lifecycle.state, "rebooting", "still shutting down 1 ms before shutdownSeconds");
  await clock.advance(1);
  t.equal(lifecycle.state, "booting");
  t.equal(lifecycle.bootedAt, t0 + 3_000, "the boot time is the end of the shutdown");
  t.equal(lifecycle.readyAt, t0 + 3_000 + 60_000);
  t.equal(boots(), 1);
  await clock.advance(60_000 - 1);
  t.equal(lifecycle.state, "booting");
  await clock.advance(1);
  t.equal(lifecycle.state, "running");
  t.same(seen, [
    ["power", { name: "cam", state: "rebooting" }],
    ["rebooted", { name: "cam", cause: "isapi" }],
    ["power", { name: "cam", state: "booting" }],
    ["booting", { name: "cam", bootTime: t0 + 3_000, bootSeconds: 60 }],
    ["irCut", { name: "cam" }],
    ["power", { name: "cam", state: "running" }],
    ["ready", { name: "cam", bootTime: t0 + 3_000 }],
  ]);
  t.notOk(namesOf(seen).includes("led"), "a reboot never switches the light off");
});

t.test("Lifecycle alone: refused transitions name the device, change nothing and emit nothing", async (t) => {
  const { lifecycle, clock, events, changes } = loneLifecycle(camera, "cam");
  const seen = recordEvents(events, LIFECYCLE_EVENTS);

  t.throws(() => lifecycle.powerOn(), { code: "invalidOperation", message: /cam is already powered on/ }, "powerOn while running");
  lifecycle.reboot("control");
  t.throws(() => lifecycle.reboot("control"), { code: "deviceBusy", message: /cam is already rebooting/ }, "reboot while rebooting");
  t.throws(() => lifecycle.powerOn(), { code: "invalidOperation" }, "powerOn while rebooting");
  await clock.advance(3_000);
  t.equal(lifecycle.state, "booting");
  t.throws(() => lifecycle.powerOn(), { code: "invalidOperation" }, "powerOn while booting");
  lifecycle.powerOff();
  t.throws(() => lifecycle.powerOff(), { code: "invalidOperation", message: /cam is already off/ }, "powerOff while off");
  t.throws(() => lifecycle.reboot("sadp"), { code: "invalidOperation", message: /cam is powered off/ }, "reboot while off");

  const before = { events: seen.length, changes: changes(), state: lifecycle.state, led: lifecycle.led };
  t.throws(() => lifecycle.powerOff(), { code: "invalidOperation" });
  t.throws(() => lifecycle.reboot("web"), { code: "invalidOperation" });
  t.same({ events: seen.length, changes: changes(), state: lifecycle.state, led: lifecycle.led }, before, "the refusals left no trace");
  t.same(clock.pendingTimers(), []);
});

t.test("Lifecycle alone: a power cut during the boot cancels it: no ghost ready later", async (t) => {
  const { lifecycle, clock, events } = loneLifecycle(camera, "cam");
  lifecycle.powerOff();
  lifecycle.powerOn();
  await clock.advance(30_000);
  const seen = recordEvents(events, LIFECYCLE_EVENTS);
  lifecycle.powerOff();
  t.same(clock.pendingTimers(), [], "the boot timer is gone");
  await clock.advance(10 * 60_000);
  t.equal(lifecycle.state, "off");
  t.same(namesOf(seen), ["power", "led", "powered"], "only the power cut itself");

  // On again: a fresh, full boot from the new power-on, not the remainder of the old one.
  const on = clock.now();
  lifecycle.powerOn();
  await clock.advance(59_999);
  t.equal(lifecycle.state, "booting");
  await clock.advance(1);
  t.equal(lifecycle.state, "running");
  t.equal(lifecycle.bootedAt, on);
});

t.test("Lifecycle alone: a power cut during a reboot's shutdown cancels it: no boot, no ready", async (t) => {
  const { lifecycle, clock, events, boots } = loneLifecycle(camera, "cam");
  lifecycle.reboot("control");
  await clock.advance(1_000);
  lifecycle.powerOff();
  const seen = recordEvents(events, LIFECYCLE_EVENTS);
  t.same(clock.pendingTimers(), []);
  await clock.advance(5 * 60_000);
  t.same(seen, [], "nothing after the power cut");
  t.equal(lifecycle.state, "off");
  t.equal(boots(), 0);
});

t.test("Lifecycle alone: a reboot while booting restarts the boot (the power-on reset path)", async (t) => {
  const { lifecycle, clock, events } = loneLifecycle(camera, "cam");
  lifecycle.powerOff();
  lifecycle.powerOn();
  await clock.advance(10_000);
  const seen = recordEvents(events, ["ready", "booting"]);
  const t10 = clock.now();
  lifecycle.reboot("button");
  t.equal(lifecycle.state, "rebooting");
  t.same(clock.pendingTimers(), ["cam shutdown"], "the first boot's timer was cancelled");
  await clock.advance(3_000 + 60_000);
  t.equal(lifecycle.state, "running");
  t.same(seen, [
    ["booting", { name: "cam", bootTime: t10 + 3_000, bootSeconds: 60 }],
    ["ready", { name: "cam", bootTime: t10 + 3_000 }],
  ], "exactly one ready, for the second boot");
});

t.test("Lifecycle alone: extraBootSeconds (slow-boot fault) is read at each boot and lengthens it", async (t) => {
  const { lifecycle, clock, events, setExtraBootSeconds } = loneLifecycle(camera, "cam");
  const booting = recordEvents(events, ["booting"]);
  setExtraBootSeconds(30);
  lifecycle.powerOff();
  lifecycle.powerOn();
  t.equal(lifecycle.readyAt, clock.now() + 90_000);
  t.match(booting[0], ["booting", { bootSeconds: 90 }]);
  // Changing the fault during a boot does not move that boot's end.
  setExtraBootSeconds(0);
  await clock.advance(90_000 - 1);
  t.equal(lifecycle.state, "booting");
  await clock.advance(1);
  t.equal(lifecycle.state, "running");
  lifecycle.reboot("control");
  await clock.advance(3_000);
  t.match(booting[1], ["booting", { bootSeconds: 60 }], "the next boot is back to the profile's time");
  await clock.advance(60_000);
  t.equal(lifecycle.state, "running");
});

t.test("Lifecycle alone: the light flashing for a reset stays flashing through the reboot until the next boot completes", async (t) => {
  const { lifecycle, clock, events } = loneLifecycle(camera, "cam");
  const leds = recordEvents(events, ["led"]);
  lifecycle.setLed("flashing");
  lifecycle.setLed("flashing");
  t.same(leds, [["led", { name: "cam", state: "flashing" }]], "setting the same state again emits nothing");
  lifecycle.reboot("button");
  await clock.advance(3_000);
  t.equal(lifecycle.state, "booting");
  t.equal(lifecycle.led, "flashing", "still flashing while the device boots");
  await clock.advance(60_000 - 1);
  t.equal(lifecycle.led, "flashing");
  await clock.advance(1);
  t.equal(lifecycle.led, "steady", "steady once the boot has completed");
  t.same(namesOf(leds), ["led", "led"]);

  // A power cut puts it out whatever it was doing; power-on lights it steady.
  lifecycle.setLed("flashing");
  lifecycle.powerOff();
  t.equal(lifecycle.led, "off");
  lifecycle.powerOn();
  t.equal(lifecycle.led, "steady");
});

// ---------------------------------------------------------------- through the Device facade

t.test("Device: power off/on events in order, with reachability, and the boot timing to the millisecond", async (t) => {
  const { fleet, clock } = await makeFleet();
  const cam = fleet.byName("camera-1")!;
  const seen = recordEvents(cam.events, LIFECYCLE_EVENTS);
  const revision = cam.revision;
  t.equal(cam.power, "running");
  t.equal(cam.reachable, true);

  cam.powerOff();
  t.equal(cam.power, "off");
  t.equal(cam.led, "off");
  t.equal(cam.reachable, false);
  t.same(seen, [
    ["power", { name: "camera-1", state: "off" }],
    ["reachable", { name: "camera-1", reachable: false }],
    ["led", { name: "camera-1", state: "off" }],
    ["powered", { name: "camera-1", on: false }],
  ]);
  t.ok(cam.revision > revision, "a power change is a revision");

  await clock.advance(2_000);
  seen.length = 0;
  const on = clock.now();
  cam.powerOn();
  t.equal(cam.power, "booting");
  t.equal(cam.reachable, false, "booting: not reachable");
  t.equal(cam.bootedAt, on);
  t.equal(cam.readyAt, on + cam.profile.bootSeconds * 1000);
  await clock.advance(cam.profile.bootSeconds * 1000 - 1);
  t.equal(cam.reachable, false, "bootSeconds - 1 ms: still not reachable");
  await clock.advance(1);
  t.equal(cam.reachable, true, "bootSeconds: reachable");
  t.equal(cam.power, "running");
  t.same(seen, [
    ["powered", { name: "camera-1", on: true }],
    ["power", { name: "camera-1", state: "booting" }],
    ["led", { name: "camera-1", state: "steady" }],
    ["booting", { name: "camera-1", bootTime: on, bootSeconds: 60 }],
    ["irCut", { name: "camera-1" }],
    ["power", { name: "camera-1", state: "running" }],
    ["reachable", { name: "camera-1", reachable: true }],
    ["ready", { name: "camera-1", bootTime: on }],
  ]);
});

t.test("Device: the NVR boots in 90 s without an IR-cut click", async (t) => {
  const { fleet, clock } = await makeFleet();
  const rec = fleet.byName("nvr-1")!;
  rec.powerOff();
  const seen = recordEvents(rec.events, LIFECYCLE_EVENTS);
  rec.powerOn();
  await clock.advance(89_999);
  t.equal(rec.reachable, false);
  await clock.advance(1);
  t.equal(rec.reachable, true);
  t.same(namesOf(seen), ["powered", "power", "led", "booting", "power", "reachable", "ready"]);
});

t.test("Device: reboot is rebooting for shutdownSeconds, then booting, then running; reachable only at the end", async (t) => {
  const { fleet, clock } = await makeFleet();
  const cam = fleet.byName("camera-1")!;
  const seen = recordEvents(cam.events, LIFECYCLE_EVENTS);
  const t0 = clock.now();
  cam.reboot("isapi");
  t.equal(cam.power, "rebooting");
  t.equal(cam.reachable, false);
  await clock.advance(2_999);
  t.equal(cam.power, "rebooting");
  await clock.advance(1);
  t.equal(cam.power, "booting");
  t.equal(cam.bootedAt, t0 + 3_000);
  await clock.advance(59_999);
  t.equal(cam.reachable, false);
  await clock.advance(1);
  t.equal(cam.reachable, true);
  t.same(seen, [
    ["power", { name: "camera-1", state: "rebooting" }],
    ["reachable", { name: "camera-1", reachable: false }],
    ["rebooted", { name: "camera-1", cause: "isapi" }],
    ["power", { name: "camera-1", state: "booting" }],
    ["booting", { name: "camera-1", bootTime: t0 + 3_000, bootSeconds: 60 }],
    ["irCut", { name: "camera-1" }],
    ["power", { name: "camera-1", state: "running" }],
    ["reachable", { name: "camera-1", reachable: true }],
    ["ready", { name: "camera-1", bootTime: t0 + 3_000 }],
  ]);
});

t.test("Device: powerOn when on, powerOff when off, reboot when off or rebooting are refused", async (t) => {
  const { fleet, clock } = await makeFleet();
  const cam = fleet.byName("camera-1")!;
  t.throws(() => cam.powerOn(), { code: "invalidOperation" }, "powerOn while running");
  cam.reboot("control");
  // Through the facade a reboot while rebooting is refused as invalidOperation (maintenance.ts
  // checks the state first); the lifecycle's own deviceBusy is tested above.
  t.throws(() => cam.reboot("control"), { code: "invalidOperation", message: /camera-1 is rebooting/ }, "reboot while rebooting");
  await clock.advance(3_000);
  t.throws(() => cam.powerOn(), { code: "invalidOperation" }, "powerOn while booting");
  cam.powerOff();
  const revision = cam.revision;
  t.throws(() => cam.powerOff(), { code: "invalidOperation" }, "powerOff while off");
  t.throws(() => cam.reboot("isapi"), { code: "invalidOperation", message: /camera-1 is powered off/ }, "reboot while off");
  t.equal(cam.revision, revision, "the refusals changed nothing");
  t.equal(cam.power, "off");
  t.same(clock.pendingTimers(), []);
});

t.test("Device: a power cut during boot or reboot leaves no ghost ready behind", async (t) => {
  const { fleet, clock } = await makeFleet();
  const cam = fleet.byName("camera-1")!;
  const seen = recordEvents(cam.events, ["ready", "booting", "reachable"]);
  cam.reboot("web");
  await clock.advance(1_500);
  cam.powerOff();
  await clock.advance(10 * 60_000);
  cam.powerOn();
  await clock.advance(20_000);
  cam.powerOff();
  await clock.advance(10 * 60_000);
  t.equal(cam.power, "off");
  t.equal(cam.reachable, false);
  t.same(namesOf(seen), ["reachable", "booting"], "down once, one boot begun (then cut), never ready");
  t.same(clock.pendingTimers(), []);
});

t.test("Device: the extraBootSeconds fault lengthens the boot and survives reboots", async (t) => {
  const { fleet, clock } = await makeFleet();
  const cam = fleet.byName("camera-1")!;
  cam.faults.set({ extraBootSeconds: 15 });
  cam.powerOff();
  cam.powerOn();
  t.equal(cam.readyAt, clock.now() + 75_000);
  await clock.advance(74_999);
  t.equal(cam.reachable, false);
  await clock.advance(1);
  t.equal(cam.reachable, true);
  cam.reboot("control");
  await clock.advance(3_000 + 74_999);
  t.equal(cam.reachable, false, "still slow after a reboot: faults are the surroundings, not RAM");
  await clock.advance(1);
  t.equal(cam.reachable, true);
});

t.test("Device: every boot rebuilds RAM: nonces, session challenges, failure counts and the key exchange are gone; flash stays", async (t) => {
  const { fleet, clock } = await makeFleet({ specs: [spec(CAMERA, "camera-1", "127.21.0.10", "Hik12345!"), spec(NVR, "nvr-1", "127.21.0.12")] });
  const cam = fleet.byName("camera-1")!;
  const rec = fleet.byName("nvr-1")!;

  const nonce = cam.accounts.issueNonce();
  const digest = (n: string) =>
    ({ kind: "digest", userName: "admin", realm: cam.identity.realm, nonce: n, uri: "/", requestUri: "/", method: "GET", algorithm: "md5", response: "0", qop: "auth", nc: "00000001", cnonce: "c" }) as const;
  t.match(cam.login(digest(nonce), PEER), { ok: false, reason: "badCredentials", knownUser: true }, "before: the nonce is known (only the response is wrong)");
  t.equal(cam.accounts.failures("admin", PEER.peer)?.count, 1);
  t.notOk(cam.login({ kind: "plain", userName: "admin", password: "wrong" }, PEER).ok);
  t.equal(cam.accounts.failures("admin", PEER.peer)?.count, 2);
  const used = cam.accounts.beginSession("admin");
  const sessionHash = (sessionId: string) => ({ kind: "sessionHash", userName: "admin", sessionId, hash: "0".repeat(64) }) as const;
  t.match(cam.login(sessionHash(used.sessionId), PEER), { ok: false, reason: "badCredentials", knownUser: true }, "before: a session challenge is known");
  t.equal(cam.accounts.failures("admin", PEER.peer)?.count, 3, "failures counted in RAM");
  const session = cam.accounts.beginSession("admin");

  const key = newClientKey();
  const challenge = rsaDecryptPkcs1(key.privateKey, rec.beginKeyExchange(key.publicKey)).toString("ascii");
  const cipher = Buffer.from(Buffer.from(encryptPassword(challenge, "Hik12345!"), "base64").toString("ascii"), "hex");

  const bootedBefore = cam.bootedAt;
  await clock.advance(1_000);
  cam.reboot("isapi");
  rec.reboot("isapi");
  await clock.advance(3_000);
  t.equal(cam.power, "booting", "RAM is already rebuilt while booting");
  t.equal(cam.bootedAt, bootedBefore + 4_000, "a new boot time");

  t.match(cam.login(digest(nonce), PEER), { ok: false, reason: "staleNonce", knownUser: true }, "a nonce from before the reboot is stale: forgotten, but the device signed it");
  t.equal(cam.accounts.failures("admin", PEER.peer), undefined, "failure counts are gone");
  t.match(
    cam.login(sessionHash(session.sessionId), PEER),
    { ok: false, reason: "unknownNonce", knownUser: true },
    "a session challenge from before the reboot is unknown",
  );
  await t.rejects(rec.activateEncrypted(cipher, "hex", "test"), { code: "noChallenge" }, "the pending key exchange is gone");
  t.equal(rec.activated, false);
  t.equal(cam.activated, true, "flash survives");
  t.ok(cam.login({ kind: "plain", userName: "admin", password: "Hik12345!" }, PEER).ok, "the password still works");
});
