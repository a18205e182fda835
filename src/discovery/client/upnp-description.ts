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
 * Whether a client may follow LOCATION: plain http to the host that answered. An answer is a
 * single unauthenticated datagram, so LOCATION could name any host; following it only to the
 * responder keeps a search from making requests elsewhere. One host answering for devices on
 * many loopback addresses (hikemu on 127.x) may point at another loopback address.
 */
export function mayFollowLocation(location: string, responder: string): URL | undefined {
  let url: URL;
  try {
    url = new URL(location);
  } catch {
    return undefined;
  }
  if (url.protocol !== "http:") return undefined;
  const host = url.hostname;
  return host === responder || (isLoopback(host) && isLoopback(responder)) ? url : undefined;
}

/** GET LOCATION (bounded in time and size) and read its `<device>`; undefined on any failure. */
export function fetchDescription(location: string, responder: string, timeoutMs: number): Promise<DeviceDescription | undefined> {
  const url = mayFollowLocation(location, responder);
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
