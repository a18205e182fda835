import t from "tap";
import { SADP_GROUP, type SadpFleet } from "../../../src/discovery/sadp/responder.js";
import type { Device } from "../../../src/emulator/device.js";
import { CAMERA, makeFleet, spec } from "../../helpers/harness.js";
import { SADP, SimClient, dashed, simResponder } from "../../helpers/sadp-sim.js";

const PASSWORD = "Hik12345!";

t.test("a ProbeMatch is encoded once per device state, and changes with activation, power and port", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const field = (uuid: string, name: string, value: string) => client.to(uuid).find((f) => f.get("DeviceSN") === fleet.byName(name)!.identity.serial)?.get(value);

  const first = await client.probe();
  await clock.advance(10);
  const second = await client.probe("inquiry_v32");
  await clock.advance(10);
  t.equal(responder.stats.encoded, 3, "two inquiries, three devices: three encodings");
  t.same(client.to(second).map((f) => f.get("Types")), ["inquiry_v32", "inquiry_v32", "inquiry_v32"], "the echo is per probe");
  t.equal(field(first, "camera-1", "Activated"), "false");

  await fleet.byName("camera-1")!.activate(PASSWORD, "test");
  await clock.advance(60_000);
  fleet.byName("nvr-1")!.powerOff();
  fleet.byName("nvr-1")!.powerOn();
  await clock.advance(fleet.byName("nvr-1")!.profile.bootSeconds * 1000);
  fleet.byName("legacy-1")!.reportServedPort(8080);
  const third = await client.probe();
  await clock.advance(10);
  t.equal(responder.stats.encoded, 6, "each device changed once: re-encoded once");
  t.equal(field(third, "camera-1", "Activated"), "true", "activation shows");
  t.not(field(third, "nvr-1", "BootTime"), field(first, "nvr-1", "BootTime"), "a power cycle moves BootTime");
  t.equal(field(third, "legacy-1", "HttpPort"), "8080", "the served port shows");
  t.equal(field(third, "legacy-1", "Uuid"), third);
});

t.test("one answer set per Uuid per sender within the duplicate window", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simResponder(fleet, clock, { limits: { duplicateWindowMs: 2000 } });
  const tool = SimClient.bind(network);
  const other = SimClient.bind(network);
  // SADP Tool sends one Uuid several ways (§1.1): the group, broadcast, unicast.
  const uuid = await tool.probe("inquiry", { to: SADP_GROUP });
  await tool.probe("inquiry", { uuid, to: "255.255.255.255" });
  await tool.probe("inquiry", { uuid });
  await other.probe("inquiry", { uuid });
  await clock.advance(100);
  t.equal(tool.to(uuid).length, 3, "the tool got one reply per device");
  t.equal(other.to(uuid).length, 3, "another sender with the same Uuid is answered too");
  t.equal(responder.stats.duplicate, 2);
  t.equal(responder.stats.accepted, 2);

  await clock.advance(1899);
  await tool.probe("inquiry", { uuid });
  await clock.advance(1);
  await tool.probe("inquiry", { uuid });
  await clock.advance(100);
  t.equal(responder.stats.duplicate, 3, "still a duplicate 1,999 ms after the first");
  t.equal(tool.to(uuid).length, 6, "answered again once the 2,000 ms window has passed");
});

t.test("the queue is capped; what does not fit is counted, and the cap frees as it drains", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simResponder(fleet, clock, { limits: { maxQueuedProbes: 2 } });
  const client = SimClient.bind(network);
  const uuids: string[] = [];
  for (let i = 0; i < 5; i++) uuids.push(await client.probe());
  await clock.advance(100);
  t.same(uuids.map((u) => client.to(u).length), [3, 3, 0, 0, 0], "the first two probes answered in full");
  t.same({ accepted: responder.stats.accepted, queueFull: responder.stats.queueFull, queuePeak: responder.stats.queuePeak }, { accepted: 2, queueFull: 3, queuePeak: 2 });
  t.equal(responder.queued, 0);
  const later = await client.probe();
  await clock.advance(100);
  t.equal(client.to(later).length, 3, "room again once drained");
});

t.test("each sender address has a token bucket on the clock", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simResponder(fleet, clock, { limits: { senderBurst: 3, senderProbesPerSecond: 1 } });
  const greedy = SimClient.bind(network, "127.0.0.5");
  const greedyOtherPort = SimClient.bind(network, "127.0.0.5");
  const polite = SimClient.bind(network, "127.0.0.6");
  const sent: string[] = [];
  for (let i = 0; i < 4; i++) sent.push(await greedy.probe());
  sent.push(await greedyOtherPort.probe());
  const politeUuid = await polite.probe();
  await clock.advance(100);
  t.same([...sent.slice(0, 4).map((u) => greedy.to(u).length), greedyOtherPort.to(sent[4]!).length], [3, 3, 3, 0, 0], "3 probes, then nothing from that address, whatever its port");
  t.equal(polite.to(politeUuid).length, 3, "another address is not affected");
  t.equal(responder.stats.rateLimited, 2);
  await clock.advance(900);
  const refilled = await greedy.probe();
  const tooSoon = await greedy.probe();
  await clock.advance(100);
  t.equal(greedy.to(refilled).length, 3, "one token back after a second");
  t.equal(greedy.to(tooSoon).length, 0);
  t.equal(responder.stats.rateLimited, 3);
});

t.test("a parse budget for all senders together: a flood from many addresses is dropped unparsed", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simResponder(fleet, clock, { limits: { parseKiBPerSecond: 8 } });
  const big = `<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>U</Uuid><Types>inquiry</Types><Pad>${"x".repeat(1900)}</Pad></Probe>`;
  const senders = Array.from({ length: 8 }, (_, i) => SimClient.bind(network, `127.0.1.${i + 1}`));
  for (const sender of senders) await sender.endpoint.send(Buffer.from(big), "127.0.0.1", SADP);
  await clock.advance(0);
  t.equal(responder.stats.probes, 4, "8 KiB of 2 KiB datagrams parsed");
  t.equal(responder.stats.overBudget, 4, "the rest dropped before any XML work, whoever sent it");
  await clock.advance(1000);
  const uuid = await senders[0]!.probe();
  await clock.advance(100);
  t.equal(senders[0]!.to(uuid).length, 3, "a second later the budget is back and probes are answered");
});

t.test("one sender flooding spends its own parse budget, not everyone's: another sender is still answered", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simResponder(fleet, clock);
  const big = `<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>U</Uuid><Types>inquiry</Types><Pad>${"x".repeat(1900)}</Pad></Probe>`;
  const flooder = SimClient.bind(network, "127.0.1.66");
  for (let i = 0; i < 2000; i++) await flooder.endpoint.send(Buffer.from(big.replace("<Uuid>U", `<Uuid>U${i}`)), "127.0.0.1", SADP);
  await clock.advance(0);
  t.equal(responder.stats.probes, 16, "the flooder's 32 KiB burst of 2 KiB datagrams parsed");
  t.equal(responder.stats.overBudget, 2000 - 16, "the rest of its 4 MB dropped before any XML work");
  const other = SimClient.bind(network, "127.0.1.67");
  const uuid = await other.probe();
  await clock.advance(1000);
  t.equal(other.to(uuid).length, 3, "a tool on another address is answered (after the flooder's 16 accepted probes)");
});

t.test("a device that is off is left out of inquiries and ignores directed commands", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const nvr = fleet.byName("nvr-1")!;
  const mac = dashed(nvr.identity.mac);
  nvr.faults.set({ unplugged: true });
  const sweep = await client.probe();
  const directed = await client.probe("inquiry", { extra: [["MAC", mac]] });
  const command = await client.probe("lamp", { extra: [["MAC", mac]] });
  await clock.advance(10);
  t.same(client.macs(sweep), fleet.devices.filter((d) => d !== nvr).map((d) => dashed(d.identity.mac)).sort(), "the others answer");
  t.same(client.to(directed), [], "no ProbeMatch from a device that is off");
  t.same(client.to(command), [], "no 'denied' either");

  const turnedOffMidSweep = await client.probe();
  nvr.faults.set({ unplugged: false });
  fleet.byName("legacy-1")!.powerOff();
  await clock.advance(10);
  t.same(client.macs(turnedOffMidSweep), [fleet.byName("camera-1")!, nvr].map((d) => dashed(d.identity.mac)).sort(), "reachability is read when the reply is due");
  t.equal(responder.stats.replies, 8);
});

t.test("a sweep answers for the fleet as it was when the probe came, less devices removed since", async (t) => {
  const specs = Array.from({ length: 6 }, (_, i) => spec(CAMERA, `c${i}`, `127.23.2.${i + 1}`));
  const { fleet, clock } = await makeFleet({ specs });
  let devices: readonly Device[] = fleet.devices.slice(0, 4);
  const changing: SadpFleet = { get devices() { return devices; }, byMac: (mac) => devices.find((d) => d.identity.mac === mac.replaceAll("-", ":")) };
  const { network } = simResponder(changing, clock);
  const client = SimClient.bind(network);
  const uuid = await client.probe();
  await clock.advance(0);
  t.equal(client.to(uuid).length, 2, "first step: c0, c1");
  // c1 (already answered) and c3 (not yet) removed, c4 and c5 added, between two steps.
  devices = [fleet.devices[0]!, fleet.devices[2]!, fleet.devices[4]!, fleet.devices[5]!];
  await clock.advance(20);
  t.same(
    client.to(uuid).map((f) => f.get("IPv4Address")),
    ["127.23.2.1", "127.23.2.2", "127.23.2.3"],
    "no device skipped or answered twice when the list shifts; c3 (removed) stays silent, c4 and c5 came after the probe",
  );
  const next = await client.probe();
  await clock.advance(20);
  t.same(client.to(next).map((f) => f.get("IPv4Address")), ["127.23.2.1", "127.23.2.3", "127.23.2.5", "127.23.2.6"], "the next probe sees the fleet as it is now");
});

t.test("one drain step looks at a bounded number of devices, answering or not", async (t) => {
  const specs = Array.from({ length: 9 }, (_, i) => spec(CAMERA, `c${i}`, `127.23.3.${i + 1}`));
  const { fleet, clock } = await makeFleet({ specs });
  for (const d of fleet.devices.slice(0, 8)) d.powerOff();
  const { network, responder } = simResponder(fleet, clock, { limits: { maxDevicesPerStep: 3 } });
  const client = SimClient.bind(network);
  const uuid = await client.probe();
  await clock.advance(0);
  t.equal(responder.queued, 1, "three devices looked at, none on: the sweep goes on");
  await clock.advance(10);
  t.equal(client.to(uuid).length, 0);
  await clock.advance(10);
  t.same(client.macs(uuid), [dashed(fleet.devices[8]!.identity.mac)], "third step reaches the last device");
  t.equal(responder.queued, 0);
});

t.test("directed commands are answered before a sweep in progress", async (t) => {
  const specs = Array.from({ length: 8 }, (_, i) => spec(CAMERA, `c${i}`, `127.23.4.${i + 1}`));
  const { fleet, clock } = await makeFleet({ specs });
  const { network } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const sweep = await client.probe();
  await clock.advance(0);
  const command = await client.probe("lamp", { extra: [["MAC", dashed(fleet.devices[7]!.identity.mac)]] });
  await clock.advance(10);
  t.equal(client.to(command).length, 1, "the command's reply went in the next step");
  t.equal(client.to(sweep).length, 3, "which carried one sweep reply besides");
});

t.test("a reply that cannot be encoded is logged and skipped; the sweep goes on", async (t) => {
  const { fleet, clock } = await makeFleet();
  const broken = {
    name: "broken",
    reachable: true,
    identity: { mac: "00:00:00:00:00:01" },
    get revision(): number {
      throw new Error("state unreadable");
    },
  } as unknown as Device;
  const devices = [fleet.devices[0]!, broken, fleet.devices[1]!];
  const { network, responder } = simResponder({ devices, byMac: (mac) => devices.find((d) => d.identity.mac === mac.replaceAll("-", ":")) }, clock);
  const client = SimClient.bind(network);
  const uuid = await client.probe();
  await clock.advance(20);
  t.same(client.macs(uuid), [fleet.devices[0]!, fleet.devices[1]!].map((d) => dashed(d.identity.mac)).sort());
  t.equal(responder.queued, 0);
});
