import t from "tap";
import { encodeProbeMatch } from "../../../src/discovery/sadp/codec.js";
import { probeMatchFields } from "../../../src/discovery/sadp/probe-match.js";
import { ProbeMatchCache, probeMatchHead } from "../../../src/discovery/sadp/probe-match-cache.js";
import { VirtualClock } from "../../../src/emulator/clock.js";
import { golden } from "../../helpers/golden.js";
import { makeFleet } from "../../helpers/harness.js";

t.test("spliced replies are byte-for-byte the full encoding, golden file included", async (t) => {
  const { fleet } = await makeFleet({ seed: "golden", clock: new VirtualClock(Date.UTC(2026, 0, 1, 12, 0, 0)) });
  const camera = fleet.byName("camera-1")!;
  camera.reportServedPort(80);
  const cache = new ProbeMatchCache();
  const uuid = "8A1C2E44-5F8B-4D7A-9E0C-1B2D3E4F5A6B";
  const spliced = cache.reply(camera, probeMatchHead(uuid, "inquiry"));
  t.same(spliced, golden("sadp/probematch.camera-1.golden.xml", spliced), "the codec's golden file");
  const uuids = [uuid, "", "a&b<c>\"d'e", "ünïcødé-Ω", " padded "];
  for (const device of fleet.devices) {
    for (const u of uuids) {
      for (const types of ["inquiry", "inquiry_v32"]) {
        const full = encodeProbeMatch(probeMatchFields(device, u, types));
        t.ok(cache.reply(device, probeMatchHead(u, types)).equals(full), `${device.name}, Uuid ${JSON.stringify(u)}, ${types}`);
      }
    }
  }
});

t.test("a body is encoded once per device revision", async (t) => {
  const { fleet, clock } = await makeFleet();
  const cache = new ProbeMatchCache();
  const camera = fleet.byName("camera-1")!;
  const first = cache.body(camera);
  t.equal(cache.body(camera), first, "same Buffer while nothing changed");
  t.equal(cache.encoded, 1);
  await clock.advance(5000);
  camera.powerOff();
  camera.powerOn();
  await clock.advance(camera.profile.bootSeconds * 1000);
  const after = cache.body(camera);
  t.equal(cache.encoded, 2, "power cycle bumped the revision");
  t.not(after.toString(), first.toString(), "BootTime moved");
  t.ok(after.equals(encodeProbeMatch(probeMatchFields(camera, "", "")).subarray(probeMatchHead("", "").length)), "and matches a fresh encoding");
});
