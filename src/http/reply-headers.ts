import type { Device } from "../emulator/device.js";
import type { ReplyHeader } from "../profiles/reply-style.js";
import type { HttpDate } from "./http-date.js";

/** Values of the headers that carry nothing per reply (§2.12). */
const FIXED: Partial<Record<ReplyHeader, string>> = {
  "Cache-Control": "no-cache",
  "X-Frame-Options": "SAMEORIGIN",
  "X-Content-Type-Options": "nosniff",
  "X-XSS-Protection": "1; mode=block",
};

export interface ReplyFrame {
  /** Absent for a streaming reply, whose body runs until the connection closes. */
  readonly contentLength?: number;
  /** Absent for a reply without a body (Node's own errors): no Content-Type then. */
  readonly contentType?: string;
  /** Requests the connection may still serve after this one; absent: the connection closes. */
  readonly keepAliveMax?: number;
}

/**
 * The device's fixed headers in the profile's wire order (`isapi.replies.headers`, §2.12) as a
 * flat name/value list: Date on the device's own clock (a never-set camera says 1970, §1.3),
 * the Server banner, the constant ones, the body's framing, and Connection / Keep-Alive written
 * by us, not Node, so `max=` can count down as the firmware's does.
 */
export function replyHeaders(device: Device, dates: HttpDate, frame: ReplyFrame): string[] {
  const style = device.profile.isapi.replies;
  const keepAlive = frame.keepAliveMax !== undefined;
  const headers: string[] = [];
  for (const name of style.headers) {
    switch (name) {
      case "Date":
        // The wall clock's reading labelled GMT, as the cameras do (DS-2CD2155FWD-I cassettes:
        // `Date` equals the local currentDeviceTime; time/device-clock.ts wallClock).
        headers.push(name, dates.format(device.time.wallClock()));
        break;
      case "Server":
        headers.push(name, device.profile.isapi.server);
        break;
      case "Content-Length":
        if (frame.contentLength !== undefined) headers.push(name, String(frame.contentLength));
        break;
      case "Content-Type":
        if (frame.contentType !== undefined) headers.push(name, frame.contentType);
        break;
      case "Connection":
        headers.push(name, keepAlive ? "keep-alive" : "close");
        break;
      case "Keep-Alive":
        if (keepAlive) headers.push(name, `timeout=${style.keepAliveTimeoutSeconds}, max=${frame.keepAliveMax}`);
        break;
      default:
        headers.push(name, FIXED[name] ?? "");
    }
  }
  return headers;
}
