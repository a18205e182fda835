import t from "tap";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { CAMERA, LEGACY, NVR, makeFleet, spec } from "../helpers/harness.js";
import { addressNote, wantedAddress } from "../../src/emulator/placement.js";

// No sockets here: Fleet alone decides where each device should be served (issue #8).
const specs = (a: string, b: string, c: string) => [spec(CAMERA, "camera-1", a), spec(LEGACY, "legacy-1", b), spec(NVR, "nvr-1", c)];

t.test("at start: the fleet file places a device until it sets its network; then its flash wins", async (t) => {
  const store = new MemoryStore();
  const first = await makeFleet({ store, specs: specs("127.0.94.10", "127.0.94.11", "127.0.94.12") });
  await first.fleet.byName("camera-1")!.changeNetwork({ ipv4: "127.0.94.50" }, "sadp");

  // The fleet file changes every address; the camera set its own, the others did not.
  const { fleet } = await makeFleet({ store, specs: specs("127.0.94.20", "127.0.94.21", "127.0.94.22") });
  const camera = fleet.byName("camera-1")!;
  const nvr = fleet.byName("nvr-1")!;
  t.equal(camera.network.ipv4, "127.0.94.50", "the camera believes what it set");
  t.same(camera.serving, { address: "127.0.94.50", httpPort: 0, fleetAddress: "127.0.94.20" }, "and is placed there");
  t.equal(fleet.byAddress("127.0.94.50"), camera);
  t.equal(fleet.byAddress("127.0.94.20"), undefined, "nothing at its fleet file address");
  t.equal(addressNote(camera), "moved by the device; fleet file says 127.0.94.20");

  t.same(nvr.network, { ipv4: "127.0.94.22", mask: "255.255.0.0", gateway: "127.20.0.1", dhcp: false }, "the NVR takes the new fleet file address");
  t.equal(nvr.serving.address, "127.0.94.22");
  t.equal(addressNote(nvr), undefined, "nothing to say");
  const stored = (await store.load("nvr-1")) as { flash: { network: { ipv4: string }; networkSetBy: string } };
  t.equal(stored.flash.network.ipv4, "127.0.94.22", "persisted at start");
  t.equal(stored.flash.networkSetBy, "fleet", "still the fleet file's to decide");
});

t.test("at start: an address another device has in the fleet file stays that device's", async (t) => {
  const store = new MemoryStore();
  const first = await makeFleet({ store, specs: specs("127.0.94.30", "127.0.94.31", "127.0.94.32") });
  await first.fleet.byName("camera-1")!.changeNetwork({ ipv4: "127.0.94.40" }, "sadp");
  await first.fleet.byName("legacy-1")!.changeNetwork({ ipv4: "127.0.94.40" }, "sadp");

  // Now the fleet file gives .40 to the NVR; both cameras set .40 themselves.
  const { fleet } = await makeFleet({ store, specs: specs("127.0.94.30", "127.0.94.31", "127.0.94.40") });
  const camera = fleet.byName("camera-1")!;
  t.equal(fleet.byAddress("127.0.94.40"), fleet.byName("nvr-1"), "the fleet file's device keeps it");
  t.same(camera.serving, { address: "127.0.94.30", httpPort: 0, fleetAddress: "127.0.94.30", blocked: "the fleet file gives it to nvr-1" });
  t.equal(wantedAddress(camera), "127.0.94.40");
  t.equal(addressNote(camera), "believes 127.0.94.40, cannot be served there (the fleet file gives it to nvr-1)");
  t.equal(camera.network.ipv4, "127.0.94.40", "flash is not rewritten: the device still believes it");

  // Without the NVR there, the first device in fleet-file order gets it.
  const again = await makeFleet({ store, specs: specs("127.0.94.30", "127.0.94.31", "127.0.94.33") });
  t.equal(again.fleet.byAddress("127.0.94.40"), again.fleet.byName("camera-1"), "first in fleet-file order");
  t.same(again.fleet.byName("legacy-1")!.serving, { address: "127.0.94.31", httpPort: 0, fleetAddress: "127.0.94.31", blocked: "camera-1 is served there" });
});

t.test("relocate moves the index; addressConflict names who has the address", async (t) => {
  const { fleet } = await makeFleet({ specs: specs("127.0.94.60", "127.0.94.61", "127.0.94.62") });
  const camera = fleet.byName("camera-1")!;
  t.equal(fleet.addressConflict(camera, "127.0.94.61"), "legacy-1 is served there");
  t.equal(fleet.addressConflict(camera, "127.0.94.70"), undefined);
  const revision = camera.revision;
  fleet.relocate(camera, "127.0.94.70");
  t.equal(fleet.byAddress("127.0.94.70"), camera);
  t.equal(fleet.byAddress("127.0.94.60"), undefined);
  t.equal(camera.serving.address, "127.0.94.70");
  t.ok(camera.revision > revision, "a front re-renders");

  const nvr = fleet.byName("nvr-1")!;
  t.equal(fleet.addressConflict(nvr, "127.0.94.60"), "the fleet file gives it to camera-1", "a vacated fleet file address stays reserved");
  t.throws(() => fleet.relocate(nvr, "127.0.94.70"), /camera-1 is served there/);
  t.equal(fleet.byAddress("127.0.94.70"), camera, "unchanged");
  await t.rejects(fleet.add(spec(CAMERA, "late", "127.0.94.60")), /used twice/, "nor can a new device take it");

  fleet.remove("camera-1");
  t.equal(fleet.byAddress("127.0.94.70"), undefined, "removal frees where it was served");
  t.equal(fleet.addressConflict(nvr, "127.0.94.60"), undefined, "and its fleet file address");
  t.throws(() => fleet.relocate(camera, "127.0.94.71"), /not in the fleet/);
});
