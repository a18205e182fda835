import t, { type Test } from "tap";
import { connect } from "node:net";
import { XMLParser } from "fast-xml-parser";
import DigestClient from "digest-fetch";
import jpeg from "jpeg-js";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { MultipartReader } from "../helpers/multipart-reader.js";
import { pollUntil } from "../helpers/poll.js";
import { CLIENT_SEQUENCES, type AlertStreamStep, type ClientSequence, type DeviceKind, type JpegStep, type XmlStep } from "./client-sequences.js";

const PASSWORD = "Hik12345!";
const OCTET = 156;
const DEVICES: readonly [string, DeviceKind][] = [
  ["camera-1", "camera"],
  ["nvr-1", "nvr"],
];
const ALERT_PATH = "/ISAPI/Event/notification/alertStream";

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, removeNSPrefix: true });

/**
 * One client library's HTTP session with a device: Basic until a 401 turns it to Digest
 * (pyHik, hikvisionapi), Digest only, or Basic only; Digest through digest-fetch.
 */
class Session {
  #mode: "basic" | "digest" | undefined;
  readonly #digest: DigestClient;
  /** What the first Basic try got (pyHik and hikvisionapi switch to Digest on its 401). */
  basicTry: { status: number; challenge: string | null } | undefined;

  constructor(
    private readonly base: string,
    private readonly password: string,
  ) {
    this.#digest = new DigestClient("admin", password, { algorithm: "MD5" });
  }

  async get(path: string, auth: "basicThenDigest" | "digest" | "basic", headers: Record<string, string> = {}): Promise<Response> {
    const url = `${this.base}${path}`;
    if (this.#mode === undefined && auth === "basicThenDigest") {
      const basic = await fetch(url, { headers: { ...headers, authorization: this.#basic() } });
      this.basicTry = { status: basic.status, challenge: basic.headers.get("www-authenticate") };
      if (basic.status !== 401) {
        this.#mode = "basic";
        return basic;
      }
      await basic.arrayBuffer();
      this.#mode = "digest";
    }
    this.#mode ??= auth === "basic" ? "basic" : "digest";
    if (this.#mode === "basic") return fetch(url, { headers: { ...headers, authorization: this.#basic() } });
    return (await this.#digest.fetch(url, { headers })) as Response;
  }

  #basic(): string {
    return `Basic ${Buffer.from(`admin:${this.password}`).toString("base64")}`;
  }
}

/** Whether a path of element names exists under a parsed element (lists: any item). */
function has(node: unknown, path: readonly string[]): boolean {
  if (path.length === 0) return node !== undefined;
  if (Array.isArray(node)) return node.some((item) => has(item, path));
  if (node === null || typeof node !== "object") return false;
  const [head, ...rest] = path;
  return has((node as Record<string, unknown>)[head as string], rest);
}

async function xmlStep(t: Test, session: Session, step: XmlStep, label: string): Promise<void> {
  let status = 0;
  let body = "";
  let answered = "";
  for (const path of step.paths) {
    const reply = await session.get(path, step.auth);
    status = reply.status;
    body = await reply.text();
    answered = path;
    if (status === 200) break;
  }
  if (step.required) t.equal(status, 200, `${label}: ${step.paths.join(" → ")} answers 200 (${step.why})`);
  else t.comment(`${label}: ${answered} answered ${status} (the library goes on without it)`);
  if (status !== 200) return;
  const doc = parser.parse(body) as Record<string, unknown>;
  t.ok(step.root in doc, `${label}: ${answered} root <${step.root}>`);
  for (const read of step.reads) t.ok(has(doc[step.root], read.split("/")), `${label}: ${answered} has ${step.root}/${read}`);
}

async function jpegStep(t: Test, session: Session, step: JpegStep, device: Device, label: string): Promise<void> {
  let reply: Response | undefined;
  for (const path of step.paths) {
    reply = await session.get(path, step.auth);
    if (reply.status === 200) break;
    await reply.arrayBuffer();
  }
  t.equal(reply?.status, 200, `${label}: ${step.paths[0]} answers 200 (${step.why})`);
  if (reply?.status !== 200) return;
  t.equal(reply.headers.get("content-type"), "image/jpeg", `${label}: image/jpeg`);
  const image = jpeg.decode(Buffer.from(await reply.arrayBuffer()), { useTArray: true });
  const stream = device.profile.media.streams.find((s) => s.id === step.stream);
  t.ok(stream, `${label}: the model has stream ${step.stream}`);
  t.same([image.width, image.height], [stream?.width, stream?.height], `${label}: decodes as ${stream?.width}x${stream?.height}`);
}

/** The EventNotificationAlert documents the library gets out of the stream's bytes so far. */
function documentsOf(parse: AlertStreamStep["parse"], raw: string, reader?: MultipartReader, contentType?: string): string[] {
  switch (parse) {
    case "lines": {
      // pyHik: iter_lines; a document runs from the line with `<EventNotificationAlert` to the one with its end tag.
      const docs: string[] = [];
      let current: string | undefined;
      for (const line of raw.split(/\r\n|\n|\r/)) {
        if (!line) continue;
        if (line.includes("<EventNotificationAlert")) current = line;
        else if (line.includes("</EventNotificationAlert>") && current !== undefined) {
          docs.push(current + line);
          current = undefined;
        } else if (current !== undefined) current += line;
      }
      return docs;
    }
    case "boundarySplit":
      // hikvisionapi: a chunk is yielded when the next delimiter (or the end) arrives; then split(b'\r\n\r\n')[1].
      return raw
        .split("--boundary")
        .slice(0, -1)
        .filter((chunk) => chunk.length > 0)
        .map((chunk) => chunk.split("\r\n\r\n")[1] ?? "");
    case "multipart": {
      const boundary = /boundary="?([^";]+)"?/i.exec(contentType ?? "")?.[1];
      if (boundary !== "boundary" || !reader) return [];
      return reader.parts.filter((p) => (p.headers["content-type"] ?? "").includes("application/xml")).map((p) => p.body);
    }
    case "rawReads":
      // What xml2js gets when each document is a read of its own (see client-sequences.ts).
      return [...raw.matchAll(/<EventNotificationAlert[\s\S]*?<\/EventNotificationAlert>/g)].map((m) => m[0]);
  }
}

function checkHeartbeats(t: Test, docs: readonly string[], step: AlertStreamStep, label: string): void {
  t.ok(docs.length >= 1, `${label}: the library gets heartbeat documents (${docs.length})`);
  for (const text of docs.slice(0, 2)) {
    const alert = (parser.parse(text) as Record<string, unknown>)["EventNotificationAlert"] as Record<string, unknown> | undefined;
    t.ok(alert, `${label}: an EventNotificationAlert`);
    for (const read of step.reads) t.ok(has(alert, read.split("/")), `${label}: has ${read}`);
    t.same([alert?.["eventType"], alert?.["eventState"], alert?.["activePostCount"]], ["videoloss", "inactive", "0"], `${label}: a heartbeat (videoloss, inactive, 0)`);
  }
}

/** Reboots over ISAPI and waits (device clock) until the device answers again. */
async function rebootAndWait(session: Session, device: Device, clock: VirtualClock, base: string, password: string): Promise<void> {
  const client = new DigestClient("admin", password, { algorithm: "MD5" });
  const reply = (await client.fetch(`${base}/ISAPI/System/reboot`, { method: "PUT" })) as Response;
  await reply.arrayBuffer();
  await pollUntil(() => !device.reachable);
  await clock.advance((device.profile.shutdownSeconds + device.profile.bootSeconds + 1) * 1000);
  await pollUntil(async () => (await session.get("/ISAPI/System/deviceInfo", "digest").catch(() => undefined))?.status === 200);
}

async function alertStreamStep(t: Test, session: Session, step: AlertStreamStep, device: Device, clock: VirtualClock, base: string, password: string, label: string): Promise<void> {
  const interval = device.profile.media.heartbeat.seconds * 1000;
  if (step.parse === "rawReads") {
    // node-hikvision-api: its own request line on a raw socket, Basic credentials.
    const { address, httpPort } = device.serving;
    let raw = "";
    let closed = false;
    const socket = connect(httpPort, address);
    socket.on("data", (chunk) => (raw += chunk.toString("utf8")));
    socket.on("close", () => (closed = true));
    socket.on("error", () => undefined);
    const credentials = Buffer.from(`admin:${password}`).toString("base64");
    socket.write(`GET ${ALERT_PATH} HTTP/1.1\r\nHost: ${address}:${httpPort}\r\nAuthorization: Basic ${credentials}\r\n${Object.entries(step.headers).map(([k, v]) => `${k}: ${v}\r\n`).join("")}\r\n`);
    t.ok(await pollUntil(() => raw.includes("\r\n\r\n")), `${label}: head`);
    t.match(raw, /^HTTP\/1.1 200 OK\r\n/, `${label}: 200 on Basic`);
    t.notMatch(raw.slice(0, raw.indexOf("\r\n\r\n")), /Transfer-Encoding: chunked/i, `${label}: not chunked (the library reads raw bytes)`);
    await clock.advance(2 * interval);
    await pollUntil(() => documentsOf("rawReads", raw).length >= 2);
    checkHeartbeats(t, documentsOf("rawReads", raw), step, label);
    t.notOk(closed, `${label}: the stream stays open`);
    await rebootAndWait(session, device, clock, base, password);
    t.ok(closed, `${label}: the reboot ended it`);
    return;
  }
  const response = await session.get(ALERT_PATH, step.auth, step.headers);
  t.equal(response.status, 200, `${label}: alertStream 200`);
  if (response.status !== 200 || !response.body) return;
  const contentType = response.headers.get("content-type") ?? "";
  t.equal(contentType, "multipart/mixed; boundary=boundary", `${label}: multipart/mixed; boundary=boundary`);
  const reader = new MultipartReader(response.body as unknown as AsyncIterable<Uint8Array>, "boundary");
  await clock.advance(2 * interval);
  await pollUntil(() => documentsOf(step.parse, reader.raw, reader, contentType).length >= 1);
  checkHeartbeats(t, documentsOf(step.parse, reader.raw, reader, contentType), step, label);
  t.notOk(reader.ended, `${label}: the stream stays open`);
  await rebootAndWait(session, device, clock, base, password);
  t.ok(await reader.waitForEnd(), `${label}: the reboot ended it`);
}

async function replay(t: Test, sequence: ClientSequence, subnet: number): Promise<void> {
  const clock = new VirtualClock();
  const emulator: RunningEmulator = await startDefaultFleet(t, OCTET, clock, { subnet });
  for (const [name, kind] of DEVICES) {
    const device = deviceOf(emulator, name);
    const password = await adminPassword(emulator, name, PASSWORD);
    const base = baseUrl(emulator, name);
    if (sequence.needsBasicAuth) {
      // The user's part: the device must accept Basic (web authentication digest/basic).
      const body = `<WebCertificate version="2.0" xmlns="${device.profile.isapi.namespace}"><CertificateType>digest/basic</CertificateType></WebCertificate>`;
      const reply = (await new DigestClient("admin", password, { algorithm: "MD5" }).fetch(`${base}/ISAPI/Security/webCertificate`, { method: "PUT", body, headers: { "content-type": "application/xml" } })) as Response;
      t.equal(reply.status, 200, `${name}: Basic allowed for ${sequence.id}`);
      await reply.arrayBuffer();
    }
    const session = new Session(base, password);
    for (const [i, step] of sequence.steps(kind).entries()) {
      const label = `${sequence.id} ${name} step ${i + 1}`;
      if (step.kind === "xml") await xmlStep(t, session, step, label);
      else if (step.kind === "jpeg") await jpegStep(t, session, step, device, label);
      else await alertStreamStep(t, session, step, device, clock, base, password, label);
      if (i === 0 && session.basicTry?.status === 401) t.match(session.basicTry.challenge ?? "", /^Digest /, `${label}: Basic refused with a Digest challenge, so the library switches`);
    }
  }
}

for (const [i, sequence] of CLIENT_SEQUENCES.entries()) {
  t.test(`${sequence.library}: connect sequence against camera-1 and nvr-1 (${sequence.usedBy})`, (t) => replay(t, sequence, i + 1));
}
