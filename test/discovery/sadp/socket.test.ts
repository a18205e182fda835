import t from "tap";
import { randomBytes } from "node:crypto";
import { startDefaultFleet } from "../../helpers/emulator.js";
import { sadpProbe, sendRaw } from "../../helpers/sadp-client.js";
import { readFixture } from "../../helpers/golden.js";

t.test("over real UDP sockets: inquiry answered, junk survived", async (t) => {
  const emulator = await startDefaultFleet(t, 24);
  const port = emulator.sadpPort;

  const first = await sadpProbe({ address: "127.0.0.1", port, expect: 3 });
  t.equal(first.byMac.size, 3, "one ProbeMatch per device");
  for (const device of emulator.fleet.devices) {
    const fields = first.byMac.get(device.identity.mac.replaceAll(":", "-"))!;
    t.equal(fields.get("Uuid"), first.uuid);
    // V5.2 firmware has no activation: active from the factory (issue #5).
    t.equal(fields.get("Activated"), device.supportsActivation ? "false" : "true", `${device.name}: Activated`);
    t.not(fields.get("HttpPort"), "0", "the port actually served is reported");
  }

  await sendRaw(randomBytes(512), "127.0.0.1", port);
  await sendRaw(readFixture("sadp/probe.inquiry.xml").subarray(0, 70), "127.0.0.1", port);
  await sendRaw(Buffer.alloc(65507, 0x41), "127.0.0.1", port);
  const after = await sadpProbe({ address: "127.0.0.1", port, expect: 3, types: "inquiry_v32" });
  t.equal(after.byMac.size, 3, "still answering after junk");
  t.ok(emulator.sadp.stats.dropped >= 3, "junk counted as dropped");
});
