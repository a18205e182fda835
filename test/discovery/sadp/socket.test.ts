import t from "tap";
import { createSocket } from "node:dgram";
import { startEmulator } from "../../../src/runtime/emulator.js";
import { MemoryStore } from "../../../src/emulator/store/memory-store.js";
import { defaultFleet } from "../../../src/config/fleet-config.js";
import { profiles, silentLogger } from "../../helpers/harness.js";
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

t.test("a SADP port another program already holds is shared, and hikemu says so", async (t) => {
  // A SADP-Tool-like listener: SO_REUSEADDR on a port of its own.
  const tool = createSocket({ type: "udp4", reuseAddr: true });
  await new Promise<void>((resolve) => tool.bind(0, "0.0.0.0", resolve));
  t.teardown(() => tool.close());
  const port = tool.address().port;
  const base = defaultFleet(profiles);
  const config = { ...base, sadpPort: port, httpPort: 0, specs: base.specs.map((s, i) => ({ ...s, address: `127.49.0.${10 + i}` })) };
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger: silentLogger });
  t.teardown(() => emulator.stop());
  t.equal(emulator.sadpPort, port, "it still binds (SO_REUSEADDR), as beside SADP Tool");
  t.equal(emulator.sadpShared, true, "and reports the port as shared");
  const alone = await startDefaultFleet(t, 50);
  t.equal(alone.sadpShared, false, "port 0: never shared");
});
