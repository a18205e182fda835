import t, { type Test } from "tap";
import { randomUUID } from "node:crypto";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import type { Store } from "../../src/emulator/store/store.js";
import type { Device } from "../../src/emulator/device.js";
import type { IpFilterSettings } from "../../src/emulator/state.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { deviceOf, startRestartableFleet } from "../helpers/emulator.js";
import { encodeProbe } from "../../src/discovery/sadp/codec.js";
import { sadpMac } from "../../src/util/mac.js";
import { listenOnGroup, sadpProbe } from "../helpers/sadp-client.js";
import { activateOverSadp, udpRequest, type SadpSend } from "../helpers/sadp-activation-client.js";
import { ssdpSearch } from "../helpers/ssdp-client.js";

const PASSWORD = "Sadp4ctive!";
/** A wait for replies that must not come (a network wait, not a device timer). */
const SILENCE_MS = 1200;

/** The default fleet with SADP and SSDP on OS-picked ports, devices on 127.99.<third>.10-12 (octets reserved for this file). */
function start(t: Test, third: number, store: Store = new MemoryStore()): Promise<RunningEmulator> {
  return startRestartableFleet(t, `127.99.${third}`, { store });
}

/** The MACs (SADP's dashed form) that answer an inquiry sent from `from`. */
async function inquiryFrom(emulator: RunningEmulator, from: string): Promise<string[]> {
  const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: emulator.fleet.devices.length, timeoutMs: SILENCE_MS, bindAddress: from });
  return [...replies.byMac.keys()].sort();
}

/** The device names whose USN answers an `upnp:rootdevice` M-SEARCH sent from `from`. */
async function searchFrom(emulator: RunningEmulator, from: string, expect: number): Promise<string[]> {
  const responses = await ssdpSearch({ address: "127.0.0.1", port: emulator.ssdpPort ?? 0, st: "upnp:rootdevice", expect, afterMs: 400, timeoutMs: SILENCE_MS, bindAddress: from });
  return responses.map((r) => emulator.fleet.devices.find((d) => r.headers["USN"]?.startsWith(`uuid:${d.identity.deviceId}`))?.name ?? "?").sort();
}

function macsOf(...devices: Device[]): string[] {
  return devices.map((d) => sadpMac(d.identity.mac)).sort();
}

/** SADP commands to one device over a real socket bound to `from`. */
function sender(emulator: RunningEmulator, device: Device, from: string, timeoutMs: number): SadpSend {
  return (types, fields) => udpRequest("127.0.0.1", emulator.sadpPort, (uuid) => encodeProbe(uuid, types, [["MAC", sadpMac(device.identity.mac)], ...fields]), timeoutMs, from);
}

t.test("SADP and SSDP: a deny list silences that device to the listed sources; the others still answer", async (t) => {
  const emulator = await start(t, 1);
  const [camera, legacy, nvr] = ["camera-1", "legacy-camera-1", "nvr-1"].map((n) => deviceOf(emulator, n)) as [Device, Device, Device];
  const all = macsOf(camera, legacy, nvr);
  t.same(await inquiryFrom(emulator, "127.99.200.1"), all, "filter off: every device answers");
  t.same(await searchFrom(emulator, "127.99.200.1", 3), ["camera-1", "legacy-camera-1", "nvr-1"]);

  const deny: IpFilterSettings = {
    enabled: true,
    permission: "deny",
    rules: [
      { id: 1, kind: "specific", address: "127.99.200.1" },
      { id: 2, kind: "range", start: "127.99.201.10", end: "127.99.201.20" },
    ],
  };
  await camera.security.setIpFilter(deny, "test");
  for (const from of ["127.99.200.1", "127.99.201.10", "127.99.201.20"]) {
    t.same(await inquiryFrom(emulator, from), macsOf(legacy, nvr), `SADP inquiry from ${from}: the camera is silent, the others answer`);
    t.same(await searchFrom(emulator, from, 2), ["legacy-camera-1", "nvr-1"], `SSDP M-SEARCH from ${from}: likewise`);
  }
  for (const from of ["127.99.200.2", "127.99.201.21"]) {
    t.same(await inquiryFrom(emulator, from), all, `SADP inquiry from ${from}: unlisted, all answer`);
    t.same(await searchFrom(emulator, from, 3), ["camera-1", "legacy-camera-1", "nvr-1"], `SSDP M-SEARCH from ${from}: all answer`);
  }

  // A MAC-directed inquiry names the camera alone: nothing comes back.
  const directed = (from: string) => udpRequest("127.0.0.1", emulator.sadpPort, (uuid) => encodeProbe(uuid, "inquiry", [["MAC", sadpMac(camera.identity.mac)]]), SILENCE_MS, from);
  t.equal(await directed("127.99.200.1"), undefined, "directed inquiry from a denied source: no answer");
  t.equal((await directed("127.99.200.3"))?.get("MAC"), sadpMac(camera.identity.mac), "from another source: answered");

  await camera.security.setIpFilter({ ...deny, enabled: false }, "test");
  t.same(await inquiryFrom(emulator, "127.99.200.1"), all, "disabled: the listed source is answered again");
  t.same(await searchFrom(emulator, "127.99.200.1", 3), ["camera-1", "legacy-camera-1", "nvr-1"]);
});

t.test("SADP and SSDP: an allow list answers only the listed address and range", async (t) => {
  const emulator = await start(t, 2);
  const [camera, legacy, nvr] = ["camera-1", "legacy-camera-1", "nvr-1"].map((n) => deviceOf(emulator, n)) as [Device, Device, Device];
  await nvr.security.setIpFilter(
    {
      enabled: true,
      permission: "allow",
      rules: [
        { id: 3, kind: "specific", address: "127.99.210.1" },
        { id: 9, kind: "range", start: "127.99.211.0", end: "127.99.211.255" },
      ],
    },
    "test",
  );
  for (const from of ["127.99.210.1", "127.99.211.0", "127.99.211.255"]) {
    t.same(await inquiryFrom(emulator, from), macsOf(camera, legacy, nvr), `SADP from ${from}: listed, the NVR answers too`);
    t.same(await searchFrom(emulator, from, 3), ["camera-1", "legacy-camera-1", "nvr-1"], `SSDP from ${from}`);
  }
  for (const from of ["127.99.210.2", "127.99.212.0"]) {
    t.same(await inquiryFrom(emulator, from), macsOf(camera, legacy), `SADP from ${from}: not listed, the NVR is silent`);
    t.same(await searchFrom(emulator, from, 2), ["camera-1", "legacy-camera-1"], `SSDP from ${from}`);
  }
});

t.test("SADP: the group copy of a refused device's reply is not sent either", async (t) => {
  const emulator = await start(t, 3);
  const camera = deviceOf(emulator, "camera-1");
  await camera.security.setIpFilter({ enabled: true, permission: "deny", rules: [{ id: 1, kind: "specific", address: "127.99.220.1" }] }, "test");
  // As SADP Tool listens: on the SADP port, joined to the group on loopback. The probe goes to
  // the group (a unicast one to the shared port would reach this listener, sadp-probe-main.ts).
  const count = async (from: string): Promise<{ unicast: number; viaGroup: number }> => {
    const uuid = randomUUID().toUpperCase();
    const listener = listenOnGroup(uuid, emulator.sadpPort, "127.0.0.1");
    await listener.ready;
    try {
      const replies = await sadpProbe({ address: "239.255.255.250", port: emulator.sadpPort, expect: 3, timeoutMs: SILENCE_MS, uuid, multicastInterface: "127.0.0.1", bindAddress: from });
      return { unicast: replies.byMac.size, viaGroup: await listener.atLeast(3, 500) };
    } finally {
      listener.close();
    }
  };
  t.same(await count("127.99.220.1"), { unicast: 2, viaGroup: 2 }, "denied source: two devices answer, to it and to the group");
  t.same(await count("127.99.220.2"), { unicast: 3, viaGroup: 3 }, "another source: all three, both ways");
});

t.test("SADP commands: a refused source gets no answer and the device does not act; an admitted one activates it", async (t) => {
  const emulator = await start(t, 4);
  const camera = deviceOf(emulator, "camera-1");
  const nvr = deviceOf(emulator, "nvr-1");
  await camera.security.setIpFilter({ enabled: true, permission: "allow", rules: [{ id: 1, kind: "range", start: "127.99.230.0", end: "127.99.230.9" }] }, "test");

  const refused = await activateOverSadp(sender(emulator, camera, "127.99.231.1", SILENCE_MS), PASSWORD);
  t.equal(refused.exchange, undefined, "exchangecode from outside the range: no answer");
  t.equal(camera.activated, false, "and no activation");
  const other = await activateOverSadp(sender(emulator, nvr, "127.99.231.1", 3000), PASSWORD);
  t.equal(other.exchange?.get("Result"), "success", "the NVR (no filter) answers the same source");
  t.equal(other.reply?.get("Result"), "success");

  const admitted = await activateOverSadp(sender(emulator, camera, "127.99.230.9", 3000), PASSWORD);
  t.equal(admitted.exchange?.get("Result"), "success", "from inside the range: answered");
  t.equal(admitted.reply?.get("Result"), "success");
  t.equal(camera.activated, true, "activated");
});

t.test("in flash: after a restart on the same store, SADP and SSDP still keep the refused source out", async (t) => {
  const store = new MemoryStore();
  const first = await start(t, 5, store);
  await deviceOf(first, "legacy-camera-1").security.setIpFilter({ enabled: true, permission: "deny", rules: [{ id: 4, kind: "specific", address: "127.99.240.1" }] }, "test");
  await first.stop();

  const second = await start(t, 5, store);
  const [camera, legacy, nvr] = ["camera-1", "legacy-camera-1", "nvr-1"].map((n) => deviceOf(second, n)) as [Device, Device, Device];
  t.same(legacy.security.current.ipFilter.rules, [{ id: 4, kind: "specific", address: "127.99.240.1" }], "read back from the store");
  t.same(await inquiryFrom(second, "127.99.240.1"), macsOf(camera, nvr), "SADP: the legacy camera is silent to it");
  t.same(await searchFrom(second, "127.99.240.1", 2), ["camera-1", "nvr-1"], "SSDP too");
  t.same(await inquiryFrom(second, "127.99.240.2"), macsOf(camera, legacy, nvr), "another source: all answer");
});
