import t from "tap";
import { EventEmitter } from "node:events";
import { Faults, NO_FAULTS, type FaultSettings } from "../../src/emulator/faults.js";
import type { DeviceEventMap } from "../../src/emulator/events.js";
import { SeededRandom, type Random } from "../../src/emulator/random.js";
import { makeFleet } from "../helpers/harness.js";
import { namesOf, recordEvents } from "../helpers/lifecycle.js";

/** A seeded Random that counts the bytes drawn from it. */
class CountingRandom implements Random {
  drawn = 0;
  readonly #inner: SeededRandom;

  constructor(seed: string) {
    this.#inner = new SeededRandom(seed);
  }

  bytes(length: number): Buffer {
    this.drawn += length;
    return this.#inner.bytes(length);
  }
}

function loneFaults(seed = "faults") {
  const events = new EventEmitter<DeviceEventMap>();
  const random = new CountingRandom(seed);
  let changes = 0;
  const faults = new Faults({ name: "unit-1", random, events, onChange: () => changes++ });
  return { faults, events, random, changes: () => changes };
}

function count(times: number, roll: () => boolean): number {
  let hits = 0;
  for (let i = 0; i < times; i++) if (roll()) hits++;
  return hits;
}

// ---------------------------------------------------------------- Faults alone

t.test("Faults alone: none at first; set merges into what is in force; clear returns to none", (t) => {
  const { faults, events, changes } = loneFaults();
  const seen = recordEvents(events, ["faults"]);
  t.equal(faults.current, NO_FAULTS);
  t.same(NO_FAULTS, { httpLatencyMs: 0, httpErrorRate: 0, discoveryDropRate: 0, unplugged: false, extraBootSeconds: 0 });
  t.equal(faults.active, false);

  const first = faults.set({ httpLatencyMs: 250 });
  t.same(first, { ...NO_FAULTS, httpLatencyMs: 250 });
  t.equal(faults.current, first, "set returns what is now in force");
  t.ok(Object.isFrozen(first), "a snapshot nobody can change behind the device's back");
  t.equal(faults.active, true);

  const second = faults.set({ httpErrorRate: 0.25, unplugged: true });
  t.same(second, { httpLatencyMs: 250, httpErrorRate: 0.25, discoveryDropRate: 0, unplugged: true, extraBootSeconds: 0 }, "merged, the latency kept");
  faults.set({ httpLatencyMs: 0, discoveryDropRate: 1, extraBootSeconds: 20, unplugged: false });
  t.same(faults.current, { httpLatencyMs: 0, httpErrorRate: 0.25, discoveryDropRate: 1, unplugged: false, extraBootSeconds: 20 });

  faults.clear();
  t.equal(faults.current, NO_FAULTS);
  t.equal(faults.active, false);
  t.same(seen, [
    ["faults", { name: "unit-1", action: "set", faults: first }],
    ["faults", { name: "unit-1", action: "set", faults: second }],
    ["faults", { name: "unit-1", action: "set", faults: { httpLatencyMs: 0, httpErrorRate: 0.25, discoveryDropRate: 1, unplugged: false, extraBootSeconds: 20 } }],
    ["faults", { name: "unit-1", action: "cleared", faults: NO_FAULTS }],
  ]);
  t.equal(changes(), 4, "onChange after every change");
  t.end();
});

t.test("Faults alone: setting every fault back to its default is no fault at all", (t) => {
  const { faults } = loneFaults();
  faults.set({ httpErrorRate: 0.5, unplugged: true });
  t.equal(faults.set({ httpErrorRate: 0, unplugged: false }), NO_FAULTS);
  t.equal(faults.active, false);
  t.equal(faults.set({}), NO_FAULTS, "an empty patch changes nothing");
  t.end();
});

t.test("Faults alone: the limits themselves are accepted", (t) => {
  const { faults } = loneFaults();
  const edge: FaultSettings = { httpLatencyMs: 600_000, httpErrorRate: 1, discoveryDropRate: 1, unplugged: true, extraBootSeconds: 86_400 };
  t.same(faults.set(edge), edge);
  t.end();
});

t.test("Faults alone: a bad value is badParameters and changes nothing, not even the valid part of the patch", (t) => {
  const { faults, events, changes } = loneFaults();
  const inForce = faults.set({ httpLatencyMs: 100, httpErrorRate: 0.1 });
  const seen = recordEvents(events, ["faults"]);
  const changesBefore = changes();
  const bad: [string, Record<string, unknown>, RegExp][] = [
    ["negative latency", { httpLatencyMs: -1 }, /httpLatencyMs must be a number from 0 to 600000/],
    ["latency too large", { httpLatencyMs: 600_001 }, /httpLatencyMs/],
    ["infinite latency", { httpLatencyMs: Number.POSITIVE_INFINITY }, /httpLatencyMs/],
    ["error rate above 1", { httpErrorRate: 1.01 }, /httpErrorRate must be a number from 0 to 1/],
    ["negative drop rate", { discoveryDropRate: -0.1 }, /discoveryDropRate/],
    ["NaN error rate", { httpErrorRate: Number.NaN }, /httpErrorRate/],
    ["NaN drop rate", { discoveryDropRate: Number.NaN }, /discoveryDropRate/],
    ["rate as a string", { httpErrorRate: "0.5" }, /httpErrorRate/],
    ["undefined latency", { httpLatencyMs: undefined }, /httpLatencyMs/],
    ["negative extra boot", { extraBootSeconds: -5 }, /extraBootSeconds/],
    ["extra boot above a day", { extraBootSeconds: 86_401 }, /extraBootSeconds/],
    ["unplugged as a number", { unplugged: 1 }, /unplugged must be true or false/],
    ["unplugged as a string", { unplugged: "true" }, /unplugged/],
    ["unknown key", { packetLoss: 0.5 }, /unknown fault packetLoss/],
    ["Object.prototype member as a key", { constructor: 1 }, /unknown fault constructor/],
    ["another prototype member", { toString: 0 }, /unknown fault toString/],
    ["valid first, bad after", { httpLatencyMs: 5, httpErrorRate: 2 }, /httpErrorRate/],
    ["valid first, unknown after", { unplugged: true, bogus: true }, /unknown fault bogus/],
  ];
  for (const [what, patch, message] of bad) {
    t.throws(() => faults.set(patch as Partial<FaultSettings>), { code: "badParameters", message }, what);
    t.equal(faults.current, inForce, `${what}: faults unchanged`);
  }
  // Keys as a JSON body (the control plane) would carry them, own properties included.
  t.throws(() => faults.set(JSON.parse('{"__proto__": 1}') as Partial<FaultSettings>), { code: "badParameters" }, "__proto__ as an own key");
  t.throws(() => faults.set(JSON.parse('{"hasOwnProperty": 0.5}') as Partial<FaultSettings>), { code: "badParameters" }, "hasOwnProperty as an own key");
  t.equal(faults.current, inForce);
  t.same(faults.current, { ...NO_FAULTS, httpLatencyMs: 100, httpErrorRate: 0.1 });
  t.same(seen, [], "no faults event for a refused patch");
  t.equal(changes(), changesBefore, "no onChange either");
  t.end();
});

t.test("Faults alone: the dice: rate 0 never, rate 1 always, neither draws randomness", (t) => {
  const { faults, random } = loneFaults();
  t.equal(count(1000, () => faults.failHttp()), 0);
  t.equal(count(1000, () => faults.dropDiscovery()), 0);
  faults.set({ httpErrorRate: 1, discoveryDropRate: 1 });
  t.equal(count(1000, () => faults.failHttp()), 1000);
  t.equal(count(1000, () => faults.dropDiscovery()), 1000);
  t.equal(random.drawn, 0, "certain outcomes cost no random bytes");
  t.end();
});

t.test("Faults alone: seeded fractions land near their rate, one 4-byte draw per roll, reproducibly", (t) => {
  const { faults, random } = loneFaults("dice");
  faults.set({ httpErrorRate: 0.5, discoveryDropRate: 0.1 });
  const http = count(1000, () => faults.failHttp());
  t.ok(http >= 450 && http <= 550, `0.5 over 1000 rolls: ${http}`);
  t.equal(random.drawn, 4000);
  const sadp = count(1000, () => faults.dropDiscovery());
  t.ok(sadp >= 70 && sadp <= 130, `0.1 over 1000 rolls: ${sadp}`);

  const again = loneFaults("dice");
  again.faults.set({ httpErrorRate: 0.5, discoveryDropRate: 0.1 });
  t.equal(count(1000, () => again.faults.failHttp()), http, "the same seed rolls the same dice");
  t.equal(count(1000, () => again.faults.dropDiscovery()), sadp);

  const small = loneFaults("dice-2");
  small.faults.set({ httpErrorRate: 0.001 });
  t.ok(count(1000, () => small.faults.failHttp()) <= 5, "a tiny rate stays tiny");
  t.end();
});

// ---------------------------------------------------------------- through the Device facade

t.test("Device: faults are announced and counted as revisions; unplugging flips reachable, with events", async (t) => {
  const { fleet } = await makeFleet();
  const cam = fleet.byName("camera-1")!;
  const seen = recordEvents(cam.events, ["faults", "reachable", "power"]);
  const revision = cam.revision;

  cam.faults.set({ httpLatencyMs: 40 });
  t.equal(cam.revision, revision + 1);
  t.equal(cam.reachable, true, "latency alone leaves it reachable");

  cam.faults.set({ unplugged: true });
  t.equal(cam.reachable, false, "cable out");
  t.equal(cam.power, "running", "still powered and running");
  cam.faults.set({ unplugged: true });
  cam.faults.clear();
  t.equal(cam.reachable, true, "cleared: the cable is back");
  t.same(seen, [
    ["faults", { name: "camera-1", action: "set", faults: { ...NO_FAULTS, httpLatencyMs: 40 } }],
    ["faults", { name: "camera-1", action: "set", faults: { ...NO_FAULTS, httpLatencyMs: 40, unplugged: true } }],
    ["reachable", { name: "camera-1", reachable: false }],
    ["faults", { name: "camera-1", action: "set", faults: { ...NO_FAULTS, httpLatencyMs: 40, unplugged: true } }],
    ["faults", { name: "camera-1", action: "cleared", faults: NO_FAULTS }],
    ["reachable", { name: "camera-1", reachable: true }],
  ]);
  t.equal(fleet.byName("nvr-1")!.faults.active, false, "faults are per device");
});

t.test("Device: an unplugged device stays unreachable through a boot; plugging in makes it reachable", async (t) => {
  const { fleet, clock } = await makeFleet();
  const rec = fleet.byName("nvr-1")!;
  rec.powerOff();
  const seen = recordEvents(rec.events, ["reachable", "ready"]);
  rec.faults.set({ unplugged: true });
  t.same(seen, [], "already unreachable: no event");
  rec.powerOn();
  await clock.advance(rec.profile.bootSeconds * 1000);
  t.equal(rec.power, "running");
  t.equal(rec.reachable, false, "booted, but the cable is out");
  t.same(namesOf(seen), ["ready"]);
  rec.faults.set({ unplugged: false });
  t.equal(rec.reachable, true);
  t.same(seen[1], ["reachable", { name: "nvr-1", reachable: true }]);

  rec.faults.set({ unplugged: true, discoveryDropRate: 0.5 });
  rec.reboot("control");
  await clock.advance((rec.profile.shutdownSeconds + rec.profile.bootSeconds) * 1000);
  t.same(rec.faults.current, { ...NO_FAULTS, unplugged: true, discoveryDropRate: 0.5 }, "faults survive a reboot");
  t.equal(rec.reachable, false);
});

t.test("Device: a refused fault patch changes nothing, not even the revision", async (t) => {
  const { fleet } = await makeFleet();
  const cam = fleet.byName("camera-1")!;
  cam.faults.set({ httpErrorRate: 0.2 });
  const revision = cam.revision;
  const seen = recordEvents(cam.events, ["faults", "changed", "reachable"]);
  t.throws(() => cam.faults.set({ unplugged: true, httpErrorRate: 7 }), { code: "badParameters", name: "DeviceError" });
  t.equal(cam.reachable, true, "the unplugged in the refused patch was not applied");
  t.equal(cam.revision, revision);
  t.same(seen, []);
  t.same(cam.faults.current, { ...NO_FAULTS, httpErrorRate: 0.2 });
});
