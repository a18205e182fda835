import type { Device } from "../../emulator/device.js";
import { DeviceError } from "../../emulator/errors.js";
import type { Profile } from "../../profiles/index.js";
import { ANY_USER, type RequestContext, type Route } from "../router.js";
import { SnapshotRenderer } from "../snapshot/snapshot-renderer.js";

/** One renderer for every fleet in the process: its queue is what keeps a flood from starving the rest. */
const renderer = new SnapshotRenderer();

type Stream = Profile["media"]["streams"][number];

/**
 * `GET /ISAPI/Streaming/channels/<id>/picture`: a JPEG test card of the stream (profile
 * `media.streams`) showing model, device name, stream and the device's time. Clients:
 * pyHik asks a camera for channel `1` and a recorder for `101`; hikvisionapi for `102`;
 * hikvision_next adds `videoResolutionWidth`/`Height` (its isapi.py get_camera_image).
 */
export const pictureRoutes: Route[] = [{ method: "GET", path: "/ISAPI/Streaming/channels/<id>/picture", auth: ANY_USER, handler: picture }];

async function picture({ device, params, query }: RequestContext) {
  const stream = streamOf(device.profile, params.id ?? "");
  const { width, height } = requestedSize(stream, query);
  const type = query.get("snapShotImageType");
  if (type !== null && type.toUpperCase() !== "JPEG") throw new DeviceError("badParameters", "snapShotImageType must be JPEG");
  const time = device.deviceTime();
  const body = await renderer.picture(device, `${stream.id}:${width}x${height}`, Math.floor(time / 60_000), () => ({ width, height, lines: cardLines(device, stream, width, height, time) }));
  return { status: 200, contentType: "image/jpeg", body };
}

/**
 * The stream an id names. `<n>` below 100 is channel n's main stream (`<n>01`), as cameras
 * answer pyHik's `/channels/1/picture` (LIKELY: pyHik's get_snapshot relies on it). A stream the
 * model lacks answers badXmlContent, the error real firmware gives for a picture of a stream it
 * does not serve (real-responses/_unattributed/Streaming_channels_101_picture.ResponseStatus-badXmlContent.xml).
 */
function streamOf(profile: Profile, id: string): Stream {
  const n = /^\d{1,4}$/.test(id) ? Number(id) : NaN;
  const wanted = n < 100 ? n * 100 + 1 : n;
  const stream = profile.media.streams.find((s) => s.id === wanted);
  if (!stream) throw new DeviceError("badXmlContent", `no video stream ${id}`);
  return stream;
}

/** The stream's resolution, or a smaller one the client asks for (both dimensions, within the stream's). */
function requestedSize(stream: Stream, query: URLSearchParams): { width: number; height: number } {
  const w = query.get("videoResolutionWidth");
  const h = query.get("videoResolutionHeight");
  if (w === null && h === null) return { width: stream.width, height: stream.height };
  const width = dimension("videoResolutionWidth", w, stream.width);
  const height = dimension("videoResolutionHeight", h, stream.height);
  return { width, height };
}

function dimension(name: string, value: string | null, max: number): number {
  const n = value !== null && /^\d{1,5}$/.test(value) ? Number(value) : NaN;
  if (!(n >= 16 && n <= max)) throw new DeviceError("badParameters", `${name} must be 16–${max}`);
  return n;
}

function cardLines(device: Device, stream: Stream, width: number, height: number, time: number): string[] {
  // The device's wall clock in its zone, as /ISAPI/System/time shows it (YYYY-MM-DDTHH:MM:SS+hh:mm).
  const stamp = device.time.isapiTime(time);
  return [
    device.profile.model,
    device.profile.deviceInfo.deviceName,
    `CHANNEL ${Math.floor(stream.id / 100)} STREAM ${stream.id}`,
    `${width}X${height}`,
    `${stamp.slice(0, 10)} ${stamp.slice(11, 16)} ${stamp.slice(19)}`,
    `HIKEMU ${device.name}`,
  ];
}
