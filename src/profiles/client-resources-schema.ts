import { z } from "zod";

/**
 * One entry of a model's captured documents (issue #10): what the device answers to a `GET` of
 * that ISAPI path, in the xmltodict rendering of the captures (real-responses README §1:
 * attributes as `@name`, text beside attributes as `#text`, repeated siblings as an array, empty
 * elements as null). `status_code`: the device refuses it with that HTTP status (403 notSupport,
 * 404 notFound, 500 deviceError). `list`: a list document no capture shows, built from member
 * documents (`root` with version 2.0 and the profile's namespace; members keep their root
 * attributes when `memberAttributes`).
 */
export const capturedDocument = z.union([
  z
    .object({ response: z.record(z.string(), z.unknown()) })
    .strict()
    .refine((d) => Object.keys(d.response).length === 1, { message: "a response has exactly one root element" }),
  z
    .object({ status_code: z.number().int() })
    .strict()
    .refine((d) => [403, 404, 500].includes(d.status_code), { message: "status_code must be 403, 404 or 500" }),
  z.object({ list: z.object({ root: z.string(), members: z.array(z.string()), memberAttributes: z.boolean() }).strict() }).strict(),
]);

/**
 * The read-mostly resources ISAPI client libraries call when they connect (issue #10):
 * event triggers, video inputs, streams, storage, notification hosts, IO ports, holidays,
 * recorder channels. Profile data, not code: `documents` maps each path below `/ISAPI/` to
 * the model's captured answer (docs/profiles.md). A path a model has no entry for answers
 * 403 notSupport (the captures' answer for resources a model lacks).
 */
export const resourcesSchema = z
  .object({
    documents: z.record(z.string(), capturedDocument).default({}),
    /**
     * The channel name a factory-new device shows (`{{channelName}}` in the documents). The
     * captures show names users gave ("Terrasse"); "Camera 01" is the usual factory name
     * (LIKELY: hik-protocols.md §4.2 example).
     */
    channelName: z.string().min(1).max(32).default("Camera 01"),
    /**
     * `PUT …/motionDetection`: the grid the captures' `Grid` gives (18 rows × 22 columns,
     * `gridMap` 3 bytes a row in hex) and how many polygon regions the layout's `RegionList`
     * holds (its `size`; 0 where the capture has no RegionList).
     */
    motionDetection: z
      .object({
        gridRows: z.number().int().positive().default(18),
        gridColumns: z.number().int().positive().default(22),
        maxRegions: z.number().int().min(0).default(0),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .prefault({});

/**
 * Snapshots and the alert stream (issue #10; src/http/isapi/picture.ts, alert-stream.ts).
 * Defaults are a 1080p camera's; the models give their captures' figures.
 */
export const mediaSchema = z
  .object({
    /**
     * Video streams `/ISAPI/Streaming/channels/<id>/picture` serves a test card for, `<channel><stream>`
     * ids (101 main, 102 sub) at the resolution of real-responses/<model>/Streaming_channels_<id>.json.
     */
    streams: z
      .array(z.object({ id: z.number().int().min(101).max(9999), width: z.number().int().min(16).max(8192), height: z.number().int().min(16).max(8192) }).strict())
      .min(1)
      .default([
        { id: 101, width: 1920, height: 1080 },
        { id: 102, width: 640, height: 480 },
      ]),
    /**
     * Heartbeat of `/ISAPI/Event/notification/alertStream`: a videoloss/inactive part every `seconds`
     * (10 s on V5.5+ firmware: the SDK guides' heartbeat remark and the curl captures in pyHik #62),
     * shaped as a camera or a recorder sends it (alert-stream.ts).
     */
    heartbeat: z
      .object({ seconds: z.number().positive().default(10), style: z.enum(["camera", "recorder"]).default("camera") })
      .strict()
      .prefault({}),
    /** Alert streams open at once; one more is refused with deviceBusy (our choice: real devices allow few). */
    maxAlertStreams: z.number().int().min(1).default(3),
  })
  .strict()
  .prefault({});
