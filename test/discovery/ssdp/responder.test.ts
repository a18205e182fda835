import t from "tap";
import { randomBytes } from "node:crypto";
import { CAMERA, makeFleet, spec } from "../../helpers/harness.js";
import { SsdpSimClient, mSearch, simSsdp } from "../../helpers/ssdp-sim.js";
import { DEVICE_TYPE } from "../../../src/discovery/ssdp/upnp-device.js";
import { SSDP_GROUP } from "../../../src/discovery/ssdp/constants.js";
import { encodeRequest } from "../../../src/discovery/ssdp/node-ssdp-message.js";

const usnsOf = (uuidOf: (name: string) => string, names: string[], suffix: string) => names.map((n) => `uuid:${uuidOf(n)}${suffix}`).sort();

t.test("a unicast ssdp:all (no MX) gets, at once, one 200 OK per target of every device", async (t) => {
  const { fleet, clock } = await makeFleet();
  for (const d of fleet.devices) d.reportServedPort(80);
  const { network, responder } = simSsdp(fleet, clock);
  const client = SsdpSimClient.bind(network, clock);
  const start = clock.now();
  await client.search("ssdp:all");
  await clock.advance(0);
  await clock.advance(10);
  const responses = client.responses();
  t.equal(responses.length, 9, "3 devices × (rootdevice, uuid, device type)");
  t.ok(responses.every((r) => r.at === start || r.at === start + 10), "in the first bursts, without a start delay");
  for (const device of fleet.devices) {
    const id = `uuid:${device.identity.deviceId}`;
    const own = responses.filter((r) => r.headers["USN"]?.startsWith(id));
    t.same(
      own.map((r) => [r.headers["ST"], r.headers["USN"]]).sort(),
      [
        ["upnp:rootdevice", `${id}::upnp:rootdevice`],
        [id, id],
        [DEVICE_TYPE, `${id}::${DEVICE_TYPE}`],
      ].sort(),
      `${device.name}: ST and USN of each target`,
    );
    for (const r of own) {
      t.equal(r.headers["LOCATION"], `http://${device.serving.address}:80/upnp/description.xml`);
      t.equal(r.headers["CACHE-CONTROL"], "max-age=1800");
      t.equal(r.headers["EXT"], "");
      t.equal(r.headers["DATE"], new Date(clock.now()).toUTCString().replace(/:\d\d GMT$/, ":00 GMT"), "DATE from the device clock");
      t.match(r.headers["SERVER"], /^Linux\/3\.0, UPnP\/1\.0, /);
      t.match(r.text, /^HTTP\/1\.1 200 OK\r\n/);
    }
  }
  t.equal(responder.stats.responses, 9);
  t.equal(responder.queued, 0);
});

t.test("upnp:rootdevice, the device type and a uuid each get their own answers", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simSsdp(fleet, clock);
  const client = SsdpSimClient.bind(network, clock);
  const names = fleet.devices.map((d) => d.name);
  const uuidOf = (name: string) => fleet.byName(name)!.identity.deviceId;

  await client.search("upnp:rootdevice", { mx: 1 });
  await clock.advance(1000);
  t.same(client.responses("upnp:rootdevice").map((r) => r.headers["USN"]).sort(), usnsOf(uuidOf, names, "::upnp:rootdevice"), "one per device");

  await client.search(DEVICE_TYPE, { mx: 1 });
  await clock.advance(1000);
  t.same(client.responses(DEVICE_TYPE).map((r) => r.headers["USN"]).sort(), usnsOf(uuidOf, names, `::${DEVICE_TYPE}`), "the device type: one per device");

  const nvr = fleet.byName("nvr-1")!;
  const st = `uuid:${nvr.identity.deviceId.toUpperCase()}`;
  await client.search(st, { mx: 1 });
  await clock.advance(1000);
  t.same(client.responses(st).map((r) => r.headers["USN"]), [`uuid:${nvr.identity.deviceId}`], "a uuid (any case): that device alone, ST echoed as sent");

  client.clear();
  for (const other of ["urn:schemas-upnp-org:device:MediaRenderer:1", "uuid:00000000-0000-0000-0000-000000000000", "urn:schemas-upnp-org:service:WANIPConnection:1"]) await client.search(other, { mx: 1 });
  await clock.advance(1000);
  t.same(client.received, [], "targets we are not: silence");
  t.equal(responder.stats.searches, 6);
});

t.test("MX: answers start at a random moment in the first half of MX and are paced in bursts", async (t) => {
  const specs = Array.from({ length: 10 }, (_, i) => spec(CAMERA, `c${i}`, `127.0.121.${i + 1}`));
  const { fleet, clock } = await makeFleet({ specs });
  const { network } = simSsdp(fleet, clock, { burstSize: 6, burstIntervalMs: 10 });
  const starts: number[] = [];
  for (let i = 0; i < 4; i++) {
    const client = SsdpSimClient.bind(network, clock, `127.0.121.${100 + i}`);
    const sent = clock.now();
    await client.search("ssdp:all", { mx: 2 });
    await clock.advance(2000);
    const times = client.responses().map((r) => r.at - sent);
    t.equal(times.length, 30, `search ${i}: 10 devices × 3 answers`);
    const first = Math.min(...times);
    t.ok(first >= 0 && first < 1000, `search ${i}: the first answer within MX/2 (${first} ms)`);
    t.ok(Math.max(...times) <= 2000, `search ${i}: the last within MX`);
    t.equal(new Set(times).size, 5, `search ${i}: 30 datagrams in 5 bursts of 2 devices`);
    starts.push(first);
  }
  t.ok(new Set(starts).size > 1, `start moments differ between searches: ${starts.join(", ")}`);
});

t.test("MX above 5 counts as 5 (UDA 1.1)", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network } = simSsdp(fleet, clock, { burstSize: 64 });
  const clients = Array.from({ length: 6 }, (_, i) => SsdpSimClient.bind(network, clock, `127.0.122.${i + 1}`));
  const sent = clock.now();
  for (const client of clients) await client.search("upnp:rootdevice", { mx: 120 });
  await clock.advance(2500);
  t.ok(clients.every((c) => c.responses().length === 3), "every answer within 2.5 s, half of the capped MX");
  t.ok(clients.every((c) => c.responses().every((r) => r.at - sent <= 2500)));
});

t.test("a repeated search is answered once while the first is still being answered", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simSsdp(fleet, clock);
  const client = SsdpSimClient.bind(network, clock);
  await client.search("upnp:rootdevice", { mx: 3 });
  await client.search("upnp:rootdevice", { mx: 3 });
  await client.search("upnp:rootdevice", { mx: 3 });
  await clock.advance(3000);
  t.equal(client.responses().length, 3, "one answer per device");
  t.equal(responder.stats.duplicate, 2);
  await client.search("upnp:rootdevice", { mx: 3 });
  await clock.advance(3000);
  t.equal(client.responses().length, 6, "once it is answered, the next search is a new one");
});

t.test("per-sender rate limit and a bounded queue", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simSsdp(fleet, clock, { limits: { senderBurst: 3, senderSearchesPerSecond: 1, maxQueuedSearches: 4 } });
  const flooder = SsdpSimClient.bind(network, clock, "127.0.123.1");
  for (let i = 0; i < 10; i++) await flooder.search(`uuid:not-ours-${i}`, { mx: 5 });
  await clock.advance(0);
  t.equal(responder.stats.rateLimited, 7, "3 searches accepted, 7 over the sender's budget");
  const others = Array.from({ length: 3 }, (_, i) => SsdpSimClient.bind(network, clock, `127.0.123.${10 + i}`));
  for (const other of others) await other.search("upnp:rootdevice", { mx: 5 });
  await clock.advance(0);
  t.equal(responder.stats.queueFull, 2, "4 searches queued at most; the rest dropped");
  t.equal(responder.stats.queuePeak, 4);
  await clock.advance(5000);
  t.equal(others[0]!.responses().length, 3, "an accepted search is answered");
  t.equal(responder.queued, 0);
  await clock.advance(3000);
  await flooder.search("upnp:rootdevice");
  await clock.advance(20);
  t.equal(flooder.responses().length, 3, "the sender's budget refills with time");
});

t.test("junk, NOTIFYs, responses and malformed searches are dropped and never stop the responder", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simSsdp(fleet, clock);
  const client = SsdpSimClient.bind(network, clock);
  const junk = [
    randomBytes(600),
    Buffer.alloc(0),
    Buffer.alloc(65507, 0x41),
    Buffer.from("M-SEARCH "),
    Buffer.concat([Buffer.from("M-SEARCH * HTTP/1.1\r\n"), randomBytes(300)]),
    encodeRequest("NOTIFY", { HOST: `${SSDP_GROUP}:1900`, NT: "upnp:rootdevice", NTS: "ssdp:alive" }),
    Buffer.from("HTTP/1.1 200 OK\r\nST: upnp:rootdevice\r\n\r\n"),
    mSearch("ssdp:all", { man: "ssdp:other" }),
    mSearch("", { mx: 1 }),
    mSearch("ssdp:all", { mx: -1 }),
    Buffer.from('M-SEARCH /path HTTP/1.1\r\nMAN: "ssdp:discover"\r\nST: ssdp:all\r\n\r\n'),
    Buffer.from('M-SEARCH * HTTP/1.1\nMAN: "ssdp:discover"\nST: ssdp:all\n\n'),
    Buffer.from("M-SEARCH * HTTP/1.1\r\nMAN: \"ssdp:discover\"\r\nMX: 1e3\r\nST: ssdp:all\r\n\r\n"),
  ];
  for (const data of junk) await client.raw(data);
  await clock.advance(1000);
  t.same(client.received, [], "no answer to any of them");
  t.equal(responder.stats.dropped, junk.length);
  t.equal(responder.stats.searches, 0);
  await client.search("ssdp:all");
  await clock.advance(20);
  t.equal(client.responses().length, 9, "a real search is still answered");
});

t.test("loopback only: searches from other hosts are refused", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simSsdp(fleet, clock);
  const lan = SsdpSimClient.bind(network, clock, "192.0.2.10");
  await lan.search("ssdp:all", { to: SSDP_GROUP, mx: 1 });
  await clock.advance(1000);
  t.same(lan.received, []);
  t.equal(responder.stats.refused, 1);

  const open = simSsdp(fleet, clock, { loopbackOnly: false });
  const lanToOpen = SsdpSimClient.bind(open.network, clock, "192.0.2.10");
  await lanToOpen.search("ssdp:all", { mx: 1 });
  await clock.advance(1000);
  t.equal(lanToOpen.responses().length, 9, "with --interface, LAN hosts are answered");

  // Only sources on a chosen subnet (runtime/interfaces.ts discoverySourceAllowed): no reflection.
  const onLink = simSsdp(fleet, clock, { loopbackOnly: false, sourceAllowed: (a) => a.startsWith("192.0.2.") });
  const stranger = SsdpSimClient.bind(onLink.network, clock, "198.51.100.9");
  await stranger.search("ssdp:all", { mx: 1 });
  await clock.advance(1000);
  t.same(stranger.responses(), [], "an off-link source gets nothing");
  t.equal(onLink.responder.stats.refused, 1);
});

t.test("devices that are off, unplugged or removed do not answer; injected discovery loss drops answers", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simSsdp(fleet, clock);
  const client = SsdpSimClient.bind(network, clock);
  fleet.byName("camera-1")!.powerOff();
  fleet.byName("legacy-1")!.faults.set({ unplugged: true });
  await client.search("upnp:rootdevice");
  await clock.advance(20);
  t.same(client.responses().map((r) => r.headers["USN"]), [`uuid:${fleet.byName("nvr-1")!.identity.deviceId}::upnp:rootdevice`], "only the NVR");
  client.clear();
  fleet.byName("nvr-1")!.faults.set({ discoveryDropRate: 1 });
  await client.search("upnp:rootdevice");
  await clock.advance(20);
  t.same(client.responses(), []);
  t.equal(responder.stats.faultDropped, 1);
  client.clear();
  fleet.byName("nvr-1")!.faults.clear();
  fleet.remove("nvr-1");
  await client.search("upnp:rootdevice");
  await clock.advance(20);
  t.same(client.responses(), [], "a removed device is gone");
});

t.test("a search's MX is its deadline: answers that cannot leave by then are dropped and counted late", async (t) => {
  const specs = Array.from({ length: 200 }, (_, i) => spec(CAMERA, `c${i}`, `127.0.150.${i + 1}`));
  const { fleet, clock } = await makeFleet({ specs });
  // One device a step (every 10 ms) sends 300 of the 600 answers a second: half of them fit in MX 1.
  const { network, responder } = simSsdp(fleet, clock, { burstSize: 32, burstIntervalMs: 10, limits: { maxDevicesPerStep: 1 } });
  const client = SsdpSimClient.bind(network, clock, "127.0.150.250");
  const sent = clock.now();
  await client.search("ssdp:all", { mx: 1 });
  await clock.advance(3000);
  const times = client.responses().map((r) => r.at - sent);
  t.ok(times.length > 0 && times.length < 600, `some answers, not all (${times.length})`);
  t.ok(Math.max(...times) < 1000, `none after MX (the last ${Math.max(...times)} ms)`);
  t.equal(responder.stats.responses + responder.stats.late, 600, "every answer either sent in time or counted late");
  t.equal(responder.queued, 0, "the search is over");
  await client.search("ssdp:all", { mx: 1 });
  t.equal(responder.stats.duplicate, 0, "the sender may search again");
});

t.test("a multicast search (HOST the group) needs an MX of 1 to 5 s; a unicast one (HOST ours) is answered at once, MX or not", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simSsdp(fleet, clock);
  const client = SsdpSimClient.bind(network, clock, "127.0.151.1");
  const multicast = [
    mSearch("upnp:rootdevice", { host: `${SSDP_GROUP}:1900` }),
    mSearch("upnp:rootdevice", { host: SSDP_GROUP }),
    mSearch("upnp:rootdevice", { host: `${SSDP_GROUP}:1900`, mx: 0 }),
    Buffer.from(`M-SEARCH * HTTP/1.1\r\nHOST: ${SSDP_GROUP}:1900\r\nMAN: "ssdp:discover"\r\nMX: soon\r\nST: upnp:rootdevice\r\n\r\n`),
    Buffer.from('M-SEARCH * HTTP/1.1\r\nMAN: "ssdp:discover"\r\nMX: 1\r\nST: upnp:rootdevice\r\n\r\n'),
  ];
  for (const data of multicast) await client.raw(data);
  await clock.advance(6000);
  t.same(client.received, [], "no MX (or MX 0, or not a number) on a multicast search, or no HOST: ignored");
  t.equal(responder.stats.dropped, multicast.length);

  const sent = clock.now();
  await client.search("upnp:rootdevice", { host: "127.0.0.1:1900" });
  await client.search(DEVICE_TYPE, { host: "127.0.0.1:1900", mx: 5 });
  await clock.advance(0);
  t.equal(client.responses("upnp:rootdevice").length, 3, "unicast without MX");
  t.equal(client.responses(DEVICE_TYPE).length, 3, "unicast with MX 5: at once all the same");
  t.ok(client.responses().every((r) => r.at === sent));

  client.clear();
  await client.raw(mSearch("upnp:rootdevice", { host: `${SSDP_GROUP}:41234`, mx: 1 }));
  await clock.advance(1000);
  t.equal(client.responses().length, 3, "the group on another port (--ssdp-port) is multicast too, and answered within its MX");
});

t.test("search answers are encoded once per device and target; DATE stays current and LOCATION follows the device", async (t) => {
  const { fleet, clock } = await makeFleet();
  const { network, responder } = simSsdp(fleet, clock);
  const client = SsdpSimClient.bind(network, clock, "127.0.152.1");
  await client.search("ssdp:all");
  await clock.advance(20);
  t.equal(responder.encoded, 3, "one answer set per device");
  await clock.advance(61_000);
  client.clear();
  await client.search("ssdp:all");
  await clock.advance(20);
  t.equal(responder.encoded, 3, "the second search reuses them");
  const date = new Date(Math.floor(clock.now() / 1000) * 1000).toUTCString();
  t.equal(client.responses().length, 9);
  t.ok(client.responses().every((r) => r.headers["DATE"] === date), `DATE is now (${date}), not the first search's`);
  const camera = fleet.devices[0]!;
  camera.reportServedPort(8123);
  client.clear();
  await client.search(`uuid:${camera.identity.deviceId}`);
  await clock.advance(20);
  t.equal(client.responses()[0]?.headers["LOCATION"], `http://${camera.serving.address}:8123/upnp/description.xml`, "a new revision, a new answer");
});
