import t from "tap";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { StoreError } from "../../src/emulator/store/store.js";
import { CAMERA, NVR, makeFleet, spec, threeSpecs } from "../helpers/harness.js";

t.test("identities are stable across fleet restarts, and flash comes back from the store", async (t) => {
  const store = new MemoryStore();
  const first = await makeFleet({ store });
  await first.fleet.byName("nvr-1")!.activate("Hik12345!", "test");
  const second = await makeFleet({ store });
  for (const device of first.fleet.devices) {
    const again = second.fleet.byName(device.name)!;
    t.same(again.identity, device.identity, `${device.name}: same identity`);
    t.same(again.serving.address, device.serving.address);
  }
  t.equal(second.fleet.byName("nvr-1")!.activated, true, "activation survived");
  t.equal(second.fleet.byName("camera-1")!.activated, false);
});

t.test("a fresh store with the same seed derives the same identities", async (t) => {
  const a = await makeFleet();
  const b = await makeFleet();
  t.same(
    a.fleet.devices.map((d) => d.identity),
    b.fleet.devices.map((d) => d.identity),
  );
});

t.test("lookups by name, MAC (any notation) and listen address", async (t) => {
  const { fleet } = await makeFleet();
  const nvr = fleet.byName("nvr-1")!;
  t.equal(fleet.byMac(nvr.identity.mac.toUpperCase().replaceAll(":", "-")), nvr);
  t.equal(fleet.byAddress("127.21.0.12"), nvr);
  t.equal(fleet.byAddress("::ffff:127.21.0.12"), nvr, "IPv4-mapped form");
  t.equal(fleet.byAddress("127.21.0.99"), undefined);
});

t.test("1,000 devices get 1,000 distinct MACs and serials", async (t) => {
  const specs = Array.from({ length: 1000 }, (_, i) => spec(CAMERA, `cam-${i}`, `127.22.${i >> 8}.${i & 255}`));
  const { fleet } = await makeFleet({ specs });
  t.equal(new Set(fleet.devices.map((d) => d.identity.mac)).size, 1000);
  t.equal(new Set(fleet.devices.map((d) => d.identity.serial)).size, 1000);
});

t.test("fleet-file initial state 'activated' activates through the same operation", async (t) => {
  const { fleet } = await makeFleet({ specs: [spec(NVR, "nvr-a", "127.21.1.1", "Hik12345!")] });
  t.equal(fleet.byName("nvr-a")!.activated, true);
  await t.rejects(makeFleet({ specs: [spec(NVR, "nvr-b", "127.21.1.2", "weak")] }), { code: "riskPassword" });
});

t.test("bad specs and mismatched stored state are refused clearly", async (t) => {
  await t.rejects(makeFleet({ specs: [spec(CAMERA, "x", "127.21.2.1"), spec(CAMERA, "x", "127.21.2.2")] }), /used twice/);
  await t.rejects(makeFleet({ specs: [spec(CAMERA, "x", "127.21.2.1"), spec(CAMERA, "y", "127.21.2.1")] }), /used twice/);
  const store = new MemoryStore();
  await makeFleet({ store, specs: threeSpecs() });
  const swapped = threeSpecs().map((s) => (s.name === "camera-1" ? { ...s, profile: spec(NVR, "z", "127.0.0.1").profile } : s));
  await t.rejects(makeFleet({ store, specs: swapped }), StoreError);
  await store.save("camera-1", { version: 1, model: CAMERA, identity: { serial: 1 } });
  await t.rejects(makeFleet({ store, specs: threeSpecs() }), /malformed at identity/);
});
