import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { sadpTime } from "../../src/discovery/sadp/probe-match.js";
import { startDefaultFleet } from "../helpers/emulator.js";
import { sadpProbe } from "../helpers/sadp-client.js";

t.test("under a virtual device clock SADP still answers at once: pacing is host time, BootTime is device time", async (t) => {
  const clock = new VirtualClock(Date.UTC(2030, 5, 1, 8, 0, 0));
  const emulator = await startDefaultFleet(t, 88, clock);
  const pending = clock.pendingTimers();
  // No clock argument: nobody advances device time while the probe is answered.
  const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3 });
  t.equal(replies.byMac.size, 3, "every device answered without device time moving");
  t.equal(clock.now(), Date.UTC(2030, 5, 1, 8, 0, 0), "device time did not move");
  t.same(clock.pendingTimers(), pending, "and SADP left no timer on the device clock");
  for (const fields of replies.byMac.values()) t.equal(fields.get("BootTime"), "1970-01-01 08:00:00", "BootTime is the device's own time: a never-set clock at 1970, in its factory zone UTC+08:00 (§1.3)");
  const camera = emulator.fleet.byName("camera-1")!;
  t.equal(sadpTime(camera.time.wallClock(camera.time.bootTime())), "1970-01-01 08:00:00", "the same reading the device's clock gives");
});
