import t from "tap";
import { connect } from "node:net";
import DigestClient from "digest-fetch";
import { VirtualClock } from "../../src/emulator/clock.js";
import { parseXml, textAt } from "../../src/http/xml.js";
import { openAlertStreams } from "../../src/http/isapi/alert-stream.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { MultipartReader } from "../helpers/multipart-reader.js";
import { digestChallenge } from "../helpers/sockets.js";
import { digestHeader } from "../helpers/digest-header.js";
import { pollUntil } from "../helpers/poll.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";

const PASSWORD = "Hik12345!";
const OCTET = 155;
const PATH = "/ISAPI/Event/notification/alertStream";

/** Opens the stream with digest-fetch (a maintained Digest client), as an integration does. */
async function openStream(emulator: RunningEmulator, name: string, password: string, signal?: AbortSignal) {
  const client = new DigestClient("admin", password, { algorithm: "MD5" });
  const response = (await client.fetch(`${baseUrl(emulator, name)}${PATH}`, signal ? { signal } : {})) as Response;
  const reader = response.status === 200 && response.body ? new MultipartReader(response.body as unknown as AsyncIterable<Uint8Array>, "boundary") : undefined;
  return { response, reader };
}

const heartbeatTimers = (clock: VirtualClock) => clock.pendingTimers().filter((n) => n.includes("alertStream"));

t.test("camera-1: multipart/mixed; boundary=boundary, videoloss heartbeats every 10 s of device clock, open until the reboot", async (t) => {
  const clock = new VirtualClock(Date.UTC(2026, 4, 2, 8, 0, 0));
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 1 });
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const camera = deviceOf(emulator, "camera-1");

  const { response, reader } = await openStream(emulator, "camera-1", password);
  t.equal(response.status, 200);
  t.equal(response.headers.get("content-type"), "multipart/mixed; boundary=boundary");
  t.equal(response.headers.get("content-length"), null, "no Content-Length: the body runs until the connection ends");
  t.equal(response.headers.get("transfer-encoding"), null, "not chunked");
  t.equal(response.headers.get("connection"), "close");
  t.ok(reader);
  await pollUntil(() => openAlertStreams(camera) === 1);
  t.equal(openAlertStreams(camera), 1);

  await clock.advance(9_999);
  t.equal(reader!.parts.length, 0, "nothing before the first interval");
  await clock.advance(1);
  t.ok(await reader!.waitForParts(1), "a heartbeat part at 10 s");
  const [part] = reader!.parts;
  t.equal(part!.headers["content-type"], 'application/xml; charset="UTF-8"', "part headers as real firmware sends them");
  t.equal(Number(part!.headers["content-length"]), Buffer.byteLength(part!.body));
  t.match(reader!.raw, /^--boundary\r\nContent-Type: application\/xml; charset="UTF-8"\r\nContent-Length: \d+\r\n\r\n<EventNotificationAlert version="2.0" xmlns="http:\/\/www.hikvision.com\/ver20\/XMLSchema">\r\n/, "delimiter, headers, the document without prolog");
  const doc = parseXml(part!.body)!;
  const at = (name: string) => textAt(doc, "EventNotificationAlert", name);
  t.equal(at("eventType"), "videoloss");
  t.equal(at("eventState"), "inactive");
  t.equal(at("activePostCount"), "0");
  t.equal(at("channelID"), "1");
  t.equal(at("eventDescription"), "videoloss alarm");
  t.equal(at("protocol"), "HTTP");
  t.equal(at("ipAddress"), camera.network.ipv4);
  t.equal(at("portNo"), String(camera.serving.httpPort));
  t.equal(at("macAddress"), camera.identity.mac);
  t.equal(at("dateTime"), "1970-01-01T08:00:10+08:00", "the device's time of the beat: a never-set clock 10 s after it started, in the factory zone CST-8:00:00");
  t.same(
    [...part!.body.matchAll(/<(\w+)[ >]/g)].map((m) => m[1]),
    ["EventNotificationAlert", "ipAddress", "portNo", "protocol", "macAddress", "channelID", "dateTime", "activePostCount", "eventType", "eventState", "eventDescription"],
    "element order of the camera captures",
  );

  await clock.advance(20_000);
  t.ok(await reader!.waitForParts(3), "one more every 10 s");
  t.equal(reader!.ended, false, "the stream stays open");

  camera.reboot("control");
  t.ok(await reader!.waitForEnd(), "the reboot ends the stream");
  t.equal(reader!.error, undefined, "ended cleanly (the device's OS closes the connection)");
  await pollUntil(() => openAlertStreams(camera) === 0);
  t.equal(openAlertStreams(camera), 0, "forgotten");
  t.same(heartbeatTimers(clock), [], "no heartbeat timer left");
});

t.test("the NVR sends the recorder shape; the V5.2 camera beats every second", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 2 });
  const nvrPassword = await adminPassword(emulator, "nvr-1", PASSWORD);
  const legacyPassword = await adminPassword(emulator, "legacy-camera-1", PASSWORD);
  const nvr = await openStream(emulator, "nvr-1", nvrPassword);
  const legacy = await openStream(emulator, "legacy-camera-1", legacyPassword);
  await pollUntil(() => heartbeatTimers(clock).length === 2);
  await clock.advance(10_000);
  t.ok(await nvr.reader!.waitForParts(1));
  t.ok(await legacy.reader!.waitForParts(10), "ten beats in ten seconds");
  const body = nvr.reader!.parts[0]!.body;
  t.match(body, /^<EventNotificationAlert version="2.0" xmlns="http:\/\/www.isapi.org\/ver20\/XMLSchema">/);
  t.same(
    [...body.matchAll(/<(\w+)[ >]/g)].map((m) => m[1]),
    ["EventNotificationAlert", "ipAddress", "portNo", "protocolType", "macAddress", "dynChannelID", "channelID", "dateTime", "activePostCount", "eventType", "eventState", "eventDescription", "channelName"],
    "element order of the recorder capture",
  );
  const doc = parseXml(body)!;
  t.equal(textAt(doc, "EventNotificationAlert", "channelID"), "", "empty channel: the recorder itself");
  t.equal(textAt(doc, "EventNotificationAlert", "eventType"), "videoloss");
  t.equal(textAt(doc, "EventNotificationAlert", "eventState"), "inactive");
});

t.test("at most media.maxAlertStreams per device (deviceBusy); a client that leaves frees its place and its timer", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 3 });
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const camera = deviceOf(emulator, "camera-1");
  const baseline = camera.events.listenerCount("reachable");
  const aborts = [new AbortController(), new AbortController(), new AbortController()];
  const streams = [];
  for (const abort of aborts) streams.push(await openStream(emulator, "camera-1", password, abort.signal));
  t.same(
    streams.map((s) => s.response.status),
    [200, 200, 200],
  );
  await pollUntil(() => openAlertStreams(camera) === 3);
  const refused = await openStream(emulator, "camera-1", password);
  t.equal(refused.response.status, 503, "a fourth is refused");
  t.equal(textAt(parseXml(await refused.response.text())!, "ResponseStatus", "subStatusCode"), "deviceBusy");
  t.equal(heartbeatTimers(clock).length, 3);
  t.equal(camera.events.listenerCount("reachable"), baseline + 1, "one device listener for all its streams");

  aborts[0]!.abort();
  t.ok(await pollUntil(() => openAlertStreams(camera) === 2), "the closed client is forgotten");
  t.equal(heartbeatTimers(clock).length, 2, "and its timer cancelled");
  const again = await openStream(emulator, "camera-1", password);
  t.equal(again.response.status, 200, "room for a new one");
  await clock.advance(10_000);
  t.ok(await again.reader!.waitForParts(1));
  t.ok(await streams[1]!.reader!.waitForParts(1), "the others beat on");
  for (const abort of aborts) abort.abort();
  t.ok(await pollUntil(() => openAlertStreams(camera) === 1), "aborted clients forgotten");
  t.equal(camera.events.listenerCount("reachable"), baseline + 1, "the listener stays while a stream is open");
  camera.reboot("control");
  t.ok(await pollUntil(() => openAlertStreams(camera) === 0));
  t.equal(camera.events.listenerCount("reachable"), baseline, "and goes with the last stream");
});

t.test("power off and a pulled cable drop the stream; the raw bytes are not chunked", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 4 });
  const password = await adminPassword(emulator, "nvr-1", PASSWORD);
  const nvr = deviceOf(emulator, "nvr-1");
  const { address, httpPort } = nvr.serving;

  // A raw socket, as node-hikvision-api reads it: status line, head, then the parts as they are.
  const challenge = await fetch(`${baseUrl(emulator, "nvr-1")}${PATH}`);
  t.equal(challenge.status, 401, "the stream needs a login");
  await challenge.text();
  const { realm, nonce } = digestChallenge(challenge.headers.get("www-authenticate"));
  let raw = "";
  let closed = false;
  const socket = connect(httpPort, address);
  socket.on("data", (chunk) => (raw += chunk.toString("latin1")));
  socket.on("close", () => (closed = true));
  socket.on("error", () => undefined);
  socket.write(`GET ${PATH} HTTP/1.1\r\nHost: ${address}\r\nAuthorization: ${digestHeader(realm, nonce, PATH, password)}\r\n\r\n`);
  t.ok(await pollUntil(() => raw.includes("\r\n\r\n")), "head arrives at once");
  await clock.advance(10_000);
  t.ok(await pollUntil(() => raw.includes("</EventNotificationAlert>")));
  const [head, body] = [raw.slice(0, raw.indexOf("\r\n\r\n")), raw.slice(raw.indexOf("\r\n\r\n") + 4)];
  t.match(head, /^HTTP\/1.1 200 OK\r\n/);
  t.notMatch(head, /Transfer-Encoding/i);
  t.notMatch(head, /Content-Length/i);
  t.match(head, /\r\nConnection: close(\r\n|$)/);
  t.match(body, /^--boundary\r\nContent-Type: application\/xml; charset="UTF-8"\r\nContent-Length: \d+\r\n\r\n<EventNotificationAlert /, "the body is the parts themselves");

  const second = await openStream(emulator, "camera-1", await adminPassword(emulator, "camera-1", PASSWORD));
  nvr.faults.set({ unplugged: true });
  t.ok(await pollUntil(() => closed), "unplugged: the connection is dropped");
  t.equal(openAlertStreams(nvr), 0);
  deviceOf(emulator, "camera-1").powerOff();
  t.ok(await second.reader!.waitForEnd(), "power off: the stream is gone");
  t.same(heartbeatTimers(clock), [], "no heartbeat timers left");
});

/** Opens the stream as any user. */
async function openStreamAs(emulator: RunningEmulator, name: string, user: string, password: string) {
  const client = new DigestClient(user, password, { algorithm: "MD5" });
  const response = (await client.fetch(`${baseUrl(emulator, name)}${PATH}`)) as Response;
  return { response, reader: new MultipartReader(response.body as unknown as AsyncIterable<Uint8Array>, "boundary") };
}

t.test("a stream lives only as long as what let it open: the user's account and the IP filter", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, OCTET, clock, { subnet: 5 });
  const password = await adminPassword(emulator, "camera-1", PASSWORD);
  const camera = deviceOf(emulator, "camera-1");
  const admin = { userName: "admin", peer: "127.0.0.1", loginPassword: password };
  const viewer = await camera.userDirectory.create(admin, { userName: "watcher", password: "Watch1234!", level: "Viewer" });
  const viewerStream = await openStreamAs(emulator, "camera-1", "watcher", "Watch1234!");
  const adminStream = await openStreamAs(emulator, "camera-1", "admin", password);
  t.same([viewerStream.response.status, adminStream.response.status], [200, 200]);
  await pollUntil(() => openAlertStreams(camera) === 2);

  await camera.userDirectory.modify(admin, viewer.id, { password: "Other1234!" });
  t.ok(await viewerStream.reader.waitForEnd(), "the viewer's password changed: the viewer's stream is dropped");
  t.equal(openAlertStreams(camera), 1, "the administrator's stays");
  await clock.advance(10_000);
  t.ok(await adminStream.reader.waitForParts(1), "and beats on");

  await camera.security.setIpFilter({ enabled: true, permission: "deny", rules: [{ id: 1, kind: "specific", address: "127.0.0.1" }] }, "control");
  t.ok(await adminStream.reader.waitForEnd(), "the IP filter now turns its address away: dropped");
  t.equal(openAlertStreams(camera), 0);
  t.same(heartbeatTimers(clock), [], "no heartbeat timers left");
});
