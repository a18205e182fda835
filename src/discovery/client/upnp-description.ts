import { request } from "node:http";
import { XMLParser } from "fast-xml-parser";
import { isLoopback } from "../../util/ipv4.js";

/** What a UPnP device description's `<device>` says about the box (UPnP 1.0 §2.1). */
export interface DeviceDescription {
  readonly manufacturer: string | undefined;
  readonly modelName: string | undefined;
  readonly modelNumber: string | undefined;
  readonly serialNumber: string | undefined;
  readonly friendlyName: string | undefined;
}

/** A description is a few KB; more is not one. */
const MAX_DESCRIPTION_BYTES = 64 * 1024;

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, trimValues: true, removeNSPrefix: true });

/**
 * Whether a client may follow LOCATION: plain http, and only to a host the search has reason to
 * think the device is at. An answer is a single unauthenticated datagram, so LOCATION could name
 * any host; these rules keep a search from making requests anywhere else:
 * - the host that answered;
 * - an address a SADP ProbeMatch from that same host reported as a device's IPv4Address
 *   (`vouched`): one host may answer for many devices from one socket (hikemu on a LAN answers
 *   from its primary address while each device's LOCATION names the device's own address);
 * - a loopback address when the answer came from loopback: one local hikemu serves many 127.x
 *   addresses and answers from 127.0.0.1. A LAN answer never points a search at our loopback.
 */
export function mayFollowLocation(location: string, responder: string, vouched: ReadonlySet<string> = new Set()): URL | undefined {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:") return undefined;
  const host = url.hostname;
  if (host === responder || vouched.has(host)) return url;
  return isLoopback(host) && isLoopback(responder) ? url : undefined;
}

/** GET LOCATION (bounded in time and size) and read its `<device>`; undefined on any failure. */
export function fetchDescription(location: string, responder: string, timeoutMs: number, vouched?: ReadonlySet<string>): Promise<DeviceDescription | undefined> {
  const url = mayFollowLocation(location, responder, vouched);
  if (!url) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const req = request(url, { method: "GET", timeout: timeoutMs, headers: { accept: "text/xml, application/xml" } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        resolve(undefined);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on("data", (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_DESCRIPTION_BYTES) {
          req.destroy();
          resolve(undefined);
          return;
        }
        chunks.push(chunk);
      });
      res.on("end", () => resolve(parseDescription(Buffer.concat(chunks).toString("utf8"))));
      res.on("error", () => resolve(undefined));
    });
    // The socket timeout counts idle time; the whole exchange is bounded as well.
    const deadline = setTimeout(() => req.destroy(), timeoutMs);
    req.on("close", () => clearTimeout(deadline));
    req.on("timeout", () => req.destroy());
    req.on("error", () => resolve(undefined));
    req.end();
  });
}

export function parseDescription(text: string): DeviceDescription | undefined {
  let doc: unknown;
  try {
    doc = parser.parse(text);
  } catch {
    return undefined;
  }
  const device = (doc as { root?: { device?: unknown } } | undefined)?.root?.device;
  if (!device || typeof device !== "object" || Array.isArray(device)) return undefined;
  const d = device as Record<string, unknown>;
  const field = (name: string) => (typeof d[name] === "string" ? (d[name] as string) : undefined);
  return { manufacturer: field("manufacturer"), modelName: field("modelName"), modelNumber: field("modelNumber"), serialNumber: field("serialNumber"), friendlyName: field("friendlyName") };
}
