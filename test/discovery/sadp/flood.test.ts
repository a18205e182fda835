import t, { type Test } from "tap";
import { MB, rss } from "../../helpers/memory.js";
import { createSocket, type Socket } from "node:dgram";
import { randomUUID } from "node:crypto";
import { startEmulator, type RunningEmulator } from "../../../src/runtime/emulator.js";
import { MemoryStore } from "../../../src/emulator/store/memory-store.js";
import { encodeProbe, decodeProbeMatch } from "../../../src/discovery/sadp/codec.js";
import { parseXml } from "../../../src/http/xml.js";
import { digestHeader } from "../../helpers/digest-header.js";
import { profile, silentLogger, CAMERA } from "../../helpers/harness.js";

/**
 * Issue #5 over real sockets: 200 inquiries at a 1,000-device fleet must not stop a device
 * from answering HTTP, and must stay within the responder's bounds. Not timed: the latency
 * figures are in docs/benchmarks.md (npm run bench).
 */

const DEVICES = 1000;
const INQUIRIES = 200;
const PASSWORD = "Flood12345!";


async function thousand(t: Test, octet: number): Promise<RunningEmulator> {
  const specs = Array.from({ length: DEVICES }, (_, i) => ({
    name: `cam-${i}`,
    profile: profile(CAMERA),
    address: `127.${octet}.${(i + 10) >> 8}.${(i + 10) & 255}`,
    mask: "255.0.0.0",
    gateway: "127.0.0.1",
    initial: i === DEVICES - 1 ? ({ activated: true, password: PASSWORD } as const) : ({ activated: false } as const),
  }));
  const emulator = await startEmulator({
    config: { seed: `flood-${octet}`, interface: "loopback", httpPort: 0, httpFallbackPort: 0, sadpPort: 0, ssdpPort: 0, specs },
    store: new MemoryStore(),
    logger: silentLogger,
  });
  t.teardown(() => emulator.stop());
  return emulator;
}

function bindSender(address: string): Promise<{ socket: Socket; replies: () => number }> {
  const socket = createSocket({ type: "udp4", recvBufferSize: 1 << 20 });
  let replies = 0;
  socket.on("message", (data) => {
    if (decodeProbeMatch(data)) replies++;
  });
  return new Promise((resolve) => socket.bind(0, address, () => resolve({ socket, replies: () => replies })));
}

/** Waits (for the network, bounded) until the responder has seen `count` well-formed probes. */
async function probesSeen(emulator: RunningEmulator, count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (emulator.sadp.stats.probes < count) {
    if (Date.now() > deadline) throw new Error(`only ${emulator.sadp.stats.probes}/${count} probes arrived`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
}

/** Sends `perSender` inquiries with fresh Uuids from each sender, one sender at a time (a socket buffer's worth). */
async function flood(emulator: RunningEmulator, senders: Socket[], perSender: number): Promise<void> {
  let sent = 0;
  for (const socket of senders) {
    for (let i = 0; i < perSender; i++) {
      await new Promise<void>((resolve, reject) =>
        socket.send(encodeProbe(randomUUID().toUpperCase(), "inquiry"), emulator.sadpPort, "127.0.0.1", (e) => (e ? reject(e) : resolve())),
      );
    }
    sent += perSender;
    await probesSeen(emulator, sent);
  }
}

/** Digest GET /ISAPI/System/deviceInfo on the activated device; returns status and the serial it reports. */
async function deviceInfo(emulator: RunningEmulator): Promise<{ status: number; serial: string | undefined }> {
  const device = emulator.fleet.byName(`cam-${DEVICES - 1}`)!;
  const url = `http://${device.serving.address}:${device.serving.httpPort}/ISAPI/System/deviceInfo`;
  const challenge = await fetch(url);
  await challenge.arrayBuffer();
  const nonce = /nonce="([^"]+)"/.exec(challenge.headers.get("www-authenticate") ?? "")?.[1] ?? "";
  const response = await fetch(url, { headers: { authorization: digestHeader(device.identity.realm, nonce, "/ISAPI/System/deviceInfo", PASSWORD) } });
  const info = parseXml(await response.text())?.["DeviceInfo"] as Record<string, string> | undefined;
  return { status: response.status, serial: info?.["serialNumber"] };
}

t.test("200 inquiries from one sender: rate limited, and HTTP answers while the replies drain", async (t) => {
  const emulator = await thousand(t, 60);
  const { sadp } = emulator;
  const expectedSerial = emulator.fleet.byName(`cam-${DEVICES - 1}`)!.identity.serial;
  const sender = await bindSender("127.0.0.1");
  t.teardown(() => sender.socket.close());
  t.same(await deviceInfo(emulator), { status: 200, serial: expectedSerial }, "before: answered (and fetch is loaded, so RSS below is SADP's)");
  const rssBefore = rss();

  await flood(emulator, [sender.socket], INQUIRIES);
  const info = await deviceInfo(emulator);
  t.ok(sadp.queued > 0, "the GET was answered while SADP replies were still queued");
  t.same(info, { status: 200, serial: expectedSerial }, "Digest GET answered, with the device's own serial");

  const s = sadp.stats;
  t.equal(s.probes, INQUIRIES);
  t.equal(s.accepted + s.rateLimited + s.queueFull + s.duplicate, INQUIRIES, "every inquiry accounted for");
  t.ok(s.accepted >= sadp.limits.senderBurst, `the burst was accepted (${s.accepted})`);
  t.ok(s.rateLimited >= INQUIRIES - sadp.limits.maxQueuedProbes, `most were rate limited (${s.rateLimited})`);
  t.equal(s.duplicate, 0, "distinct Uuids are not duplicates");
  t.ok(s.queuePeak <= sadp.limits.maxQueuedProbes, `queue peak ${s.queuePeak} within the cap ${sadp.limits.maxQueuedProbes}`);
  t.ok(sender.replies() > 0, "the sender is being answered");
  const growth = (rss() - rssBefore) / MB;
  t.ok(growth < 40, `RSS grew ${growth.toFixed(1)} MB (bound 40 MB)`);
});

t.test("200 inquiries from ten senders: the queue cap holds, and HTTP still answers", async (t) => {
  const emulator = await thousand(t, 61);
  const { sadp } = emulator;
  const senders = await Promise.all(Array.from({ length: 10 }, (_, i) => bindSender(`127.61.200.${i + 1}`)));
  t.teardown(() => senders.forEach((s) => s.socket.close()));
  t.equal((await deviceInfo(emulator)).status, 200, "before: answered");
  const rssBefore = rss();

  await flood(
    emulator,
    senders.map((s) => s.socket),
    INQUIRIES / senders.length,
  );
  const info = await deviceInfo(emulator);
  t.ok(sadp.queued > 0, "the GET was answered while SADP replies were still queued");
  t.equal(info.status, 200);
  t.equal(info.serial, emulator.fleet.byName(`cam-${DEVICES - 1}`)!.identity.serial);

  const s = sadp.stats;
  t.equal(s.accepted + s.rateLimited + s.queueFull + s.duplicate, INQUIRIES, "every inquiry accounted for");
  t.ok(s.queueFull > 0, `queue full drops (${s.queueFull})`);
  t.ok(s.rateLimited > 0, `rate limited drops (${s.rateLimited})`);
  t.equal(s.queuePeak, sadp.limits.maxQueuedProbes, "the queue reached its cap and no further");
  t.ok(sadp.queued <= sadp.limits.maxQueuedProbes);
  const growth = (rss() - rssBefore) / MB;
  t.ok(growth < 40, `RSS grew ${growth.toFixed(1)} MB (bound 40 MB)`);
});
