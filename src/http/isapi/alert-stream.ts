import type { Device } from "../../emulator/device.js";
import type { Clock, Timer } from "../../emulator/clock.js";
import { DeviceError } from "../../emulator/errors.js";
import { ANY_USER, type ReplySink, type RequestContext, type Route, type Reply } from "../router.js";
import { buildXml, type XmlChildren } from "../xml.js";

/** The multipart boundary real firmware uses (curl captures in pyHik#62, home-assistant/core#82767). */
export const ALERT_BOUNDARY = "boundary";

/** Alert streams open per device (RAM of the fronts: a reboot ends them all anyway). */
const openStreams = new WeakMap<Device, DeviceStreams>();

/**
 * `GET /ISAPI/Event/notification/alertStream`: HTTP server push, `multipart/mixed;
 * boundary=boundary` (the ISAPI guide, §8.11.12 "Notification alertStream"). The connection stays
 * open; every `media.heartbeat.seconds` of device clock a videoloss/inactive EventNotificationAlert
 * part goes out (the heartbeat pyHik's watchdog and node-red-contrib-hikvision-ultimate wait for).
 * Reboot ends the stream as the device's OS closes it; power off and a pulled cable drop it. A
 * stream lives only as long as what let it open: the user's account changing (password, level,
 * deletion) or the IP filter turning its address away drops it, as the device ends that user's
 * web sessions. At most `media.maxAlertStreams` at once per device: one more gets deviceBusy.
 */
export const alertStreamRoutes: Route[] = [{ method: "GET", path: "/ISAPI/Event/notification/alertStream", auth: ANY_USER, handler: alertStream }];

function alertStream({ device, clock, user, request }: RequestContext): Reply {
  let streams = openStreams.get(device);
  if (!streams) {
    streams = new DeviceStreams(device);
    openStreams.set(device, streams);
  }
  if (streams.size >= device.profile.media.maxAlertStreams) throw new DeviceError("deviceBusy", "alert streams at their limit");
  const open = streams;
  const client: StreamClient = { userName: user ?? "", peer: request.socket.remoteAddress ?? "" };
  return { status: 200, contentType: `multipart/mixed; boundary=${ALERT_BOUNDARY}`, body: "", stream: (sink) => follow(device, clock, sink, open, client) };
}

interface StreamClient {
  readonly userName: string;
  readonly peer: string;
}

function follow(device: Device, clock: Clock, sink: ReplySink, streams: DeviceStreams, client: StreamClient): void {
  streams.add(sink, client);
  let timer: Timer | undefined;
  // Part head and document go out as two writes: node-hikvision-api parses each socket read as
  // one XML document, which works when the document arrives in a read of its own.
  const beat = () => {
    const xml = heartbeatXml(device);
    if (sink.write(partHead(xml)) && sink.write(xml)) schedule();
  };
  const schedule = () => {
    timer = clock.timer(`${device.name} alertStream heartbeat`, device.profile.media.heartbeat.seconds * 1000, beat);
  };
  sink.onClose(() => {
    timer?.cancel();
    streams.delete(sink);
  });
  schedule();
}

/**
 * A device's open streams and the three device events that end them; the listeners are on the
 * device only while a stream is open (one set per device, not one per stream).
 */
class DeviceStreams {
  readonly #sinks = new Map<ReplySink, StreamClient>();

  constructor(private readonly device: Device) {}

  get size(): number {
    return this.#sinks.size;
  }

  add(sink: ReplySink, client: StreamClient): void {
    if (this.#sinks.size === 0) {
      this.device.events.on("reachable", this.#onReachable);
      this.device.events.on("userChanged", this.#onUserChanged);
      this.device.events.on("securityChanged", this.#onSecurityChanged);
    }
    this.#sinks.set(sink, client);
  }

  delete(sink: ReplySink): void {
    if (!this.#sinks.delete(sink) || this.#sinks.size > 0) return;
    this.device.events.off("reachable", this.#onReachable);
    this.device.events.off("userChanged", this.#onUserChanged);
    this.device.events.off("securityChanged", this.#onSecurityChanged);
  }

  // A reboot closes the connection as the OS shuts down; a power cut or a pulled cable just drops it.
  readonly #onReachable = ({ reachable }: { reachable: boolean }) => {
    if (reachable) return;
    for (const sink of [...this.#sinks.keys()]) {
      if (this.device.power === "rebooting") sink.end();
      else sink.cut();
    }
  };

  readonly #onUserChanged = ({ action, userName }: { action: string; userName: string }) => {
    if (action === "created") return;
    for (const [sink, client] of [...this.#sinks]) if (client.userName === userName) sink.cut();
  };

  readonly #onSecurityChanged = ({ setting }: { setting: string }) => {
    if (setting !== "ipFilter") return;
    for (const [sink, client] of [...this.#sinks]) if (!this.device.security.admits(client.peer)) sink.cut();
  };
}

/** How many alert streams a device has open (tests, the control plane). */
export function openAlertStreams(device: Device): number {
  return openStreams.get(device)?.size ?? 0;
}

/** The start of a multipart part for a document: delimiter and the part headers real firmware sends. */
export function partHead(xml: string): string {
  return `--${ALERT_BOUNDARY}\r\nContent-Type: application/xml; charset="UTF-8"\r\nContent-Length: ${Buffer.byteLength(xml)}\r\n\r\n`;
}

/**
 * The heartbeat part's document, without the XML prolog as the captures show it.
 * `camera`: pyHik#62 (DS-2CD2386G2-I, V5.5+) and the ISAPI SDK guides' heartbeat example —
 * channelID 1. `recorder`: an isapi.org NVR (tropicoo/hikvision-camera-bot#66) — protocolType,
 * empty dynChannelID/channelID/channelName. activePostCount 0, eventType videoloss, eventState
 * inactive in both (the guides: "videoloss" + "inactive" marks a heartbeat).
 */
export function heartbeatXml(device: Device): string {
  const { profile } = device;
  const head: XmlChildren = [
    ["ipAddress", device.network.ipv4],
    ["portNo", String(device.serving.httpPort)],
  ];
  const event: XmlChildren = [
    ["dateTime", device.time.isapiTime()],
    ["activePostCount", "0"],
    ["eventType", "videoloss"],
    ["eventState", "inactive"],
    ["eventDescription", "videoloss alarm"],
  ];
  const children: XmlChildren =
    profile.media.heartbeat.style === "recorder"
      ? [...head, ["protocolType", "HTTP"], ["macAddress", device.identity.mac], ["dynChannelID", ""], ["channelID", ""], ...event, ["channelName", ""]]
      : [...head, ["protocol", "HTTP"], ["macAddress", device.identity.mac], ["channelID", "1"], ...event];
  const document = buildXml({ name: "EventNotificationAlert", attributes: { version: "2.0", xmlns: profile.isapi.namespace }, children });
  return document.slice(document.indexOf("\r\n") + 2);
}
