import { z } from "zod";

/** Headers the fleet handler writes on every ISAPI reply, by name; `replies.headers` picks and orders them. */
export const REPLY_HEADERS = ["Date", "Server", "Cache-Control", "X-Frame-Options", "X-Content-Type-Options", "X-XSS-Protection", "Content-Length", "Content-Type", "Connection", "Keep-Alive"] as const;
export type ReplyHeader = (typeof REPLY_HEADERS)[number];

/** Headers no reply may lack: the body's framing, the connection, and what §2.12 says every device sends. */
const REQUIRED: readonly ReplyHeader[] = ["Date", "Server", "Content-Length", "Content-Type", "Connection"];

/**
 * The wire order of the NVR 401 in hikvision_next issue #50 (a packet capture, hik-protocols.md
 * §2.2): Date, Server, Cache-Control, Content-Length, Content-Type, Connection, Keep-Alive; the
 * reply's own headers (WWW-Authenticate, Allow, …) follow. The default adds X-Frame-Options after
 * Cache-Control (§2.12 "common headers"; its place is a guess) for current cameras.
 */
export const CURRENT_CAMERA_HEADERS: readonly ReplyHeader[] = ["Date", "Server", "Cache-Control", "X-Frame-Options", "Content-Length", "Content-Type", "Connection", "Keep-Alive"];

/**
 * How a firmware's web server frames its replies and errors (issue 10, strict edges). Defaults
 * are the current camera's (V5.7), so a profile that says nothing behaves like camera-1.
 */
export const replyStyleSchema = z
  .object({
    /** Fixed headers in wire order (§2.12). `Keep-Alive` is sent only on a connection kept open. */
    headers: z
      .array(z.enum(REPLY_HEADERS))
      .refine((list) => new Set(list).size === list.length, "a header is listed twice")
      .refine((list) => REQUIRED.every((name) => list.includes(name)), `headers must include ${REQUIRED.join(", ")}`)
      .default([...CURRENT_CAMERA_HEADERS]),
    /** `Keep-Alive: timeout=…`: 10 on the V5.5 camera cassette, 60 on the NVR capture (§2.2); idle connections close after it. */
    keepAliveTimeoutSeconds: z.number().int().positive().default(10),
    /**
     * Requests one connection serves: `max=` counts down from one less (99, 98, … in the V5.5
     * cassette, 99 on the NVR), and the last reply says `Connection: close`.
     */
    keepAliveMax: z.number().int().min(2).default(100),
    /**
     * HTTP status of a path the firmware does not have (ResponseStatus notSupport): V5.7/V5.8
     * cameras answer 404, older cameras 403 (real-responses README: System/Holidays).
     */
    unknownResourceStatus: z.union([z.literal(403), z.literal(404)]).default(404),
    /**
     * Newer firmware appends `errorCode` (decimal) and `errorMsg` to an error ResponseStatus,
     * after subStatusCode (§2.9 "JSON error (newer firmware)"; public device logs, errors.ts
     * ISAPI_ERROR_CODES); older firmware shows neither (the hikvision_next badXmlContent capture;
     * a V4.82 NVR in hikvision_next issue #154). Which firmware starts is not known: on for the
     * V5.7 camera (LIKELY), off for the V5.2 camera and the V4.62 NVR.
     */
    errorDetail: z.boolean().default(true),
    /**
     * `version` of ResponseStatus: 1.0 on the hikvision.com cameras (hikvision_next badXmlContent
     * capture) and a V4.82 NVR (hikvision_next issue #154), 2.0 on isapi.org NVR firmware
     * (DS-7608NI-I2/8P in hikvision_next issue #58; the unattributed deviceError capture).
     */
    responseStatusVersion: z.enum(["1.0", "2.0"]).default("1.0"),
    /**
     * Layout of the XML 401 body (`unauthorizedBody: userCheck`): `crlf` as every other document
     * (xml.ts buildXml), or `lf` — LF line ends and `<?xml … ?>` with a space, the NVR's 401 of
     * hikvision_next issue #50 (Content-Length 138, byte for byte).
     */
    unauthorizedXmlLayout: z.enum(["crlf", "lf"]).default("crlf"),
  })
  .strict()
  .prefault({});

export type ReplyStyle = z.infer<typeof replyStyleSchema>;
