/**
 * What widely used ISAPI client libraries do when they connect to a device (issue #10
 * acceptance), written from reading their public code for facts (no code taken): which
 * resources, in which order, how they authenticate, and which elements they read. Their
 * Python packages are not installable here, so this sequence is the contract the acceptance
 * test (client-sequences.test.ts) replays over real sockets.
 *
 * Element paths in `reads` are relative to the document's root element, namespaces dropped;
 * a path matches when any element along it (lists included) has it.
 */

export type DeviceKind = "camera" | "nvr";

/**
 * `basicThenDigest`: Basic first, Digest after a 401 (pyHik's get_device_info, hikvisionapi's
 * _check_session). `digest`: Digest from the start (a 401 challenge, then the answer).
 * `basic`: Basic only (node-hikvision-api) — works once the device allows it (webCertificate digest/basic).
 */
export type Auth = "basicThenDigest" | "digest" | "basic";

export interface XmlStep {
  readonly kind: "xml";
  /** Tried in order until one answers 200, as the library falls back (pyHik: ISAPI path, then the legacy one). */
  readonly paths: readonly string[];
  readonly auth: Auth;
  readonly root: string;
  readonly reads: readonly string[];
  /**
   * false: the library goes on when the step fails (logs and sets the value to None); the
   * test then checks the shape only if the device answered 200.
   */
  readonly required: boolean;
  readonly why: string;
}

export interface JpegStep {
  readonly kind: "jpeg";
  readonly paths: readonly string[];
  readonly auth: Auth;
  /** The stream the first path names; the JPEG must have its size (profile `media.streams`). */
  readonly stream: number;
  readonly why: string;
}

/**
 * How the library cuts the alert stream into documents: `lines` (pyHik: lines from the one
 * holding `<EventNotificationAlert` to the one holding `</EventNotificationAlert>`),
 * `boundarySplit` (hikvisionapi: iter_lines(delimiter=b'--boundary'), then chunk.split(b'\r\n\r\n')[1]),
 * `multipart` (node-red-contrib-hikvision-ultimate: boundary from Content-Type, Dicer parts whose
 * content-type is application/xml), `rawReads` (node-hikvision-api: a raw socket; each read given to xml2js).
 */
export type StreamParse = "lines" | "boundarySplit" | "multipart" | "rawReads";

export interface AlertStreamStep {
  readonly kind: "alertStream";
  readonly auth: Auth;
  readonly parse: StreamParse;
  /** Request headers the library sends besides credentials. */
  readonly headers: Readonly<Record<string, string>>;
  /** Elements of EventNotificationAlert the library reads. */
  readonly reads: readonly string[];
  readonly why: string;
}

export type Step = XmlStep | JpegStep | AlertStreamStep;

export interface ClientSequence {
  readonly id: string;
  readonly library: string;
  /** Repository, commit and file read. */
  readonly source: string;
  /** Who runs it (what makes it matter). */
  readonly usedBy: string;
  /** The device setting the library needs, if any (node-hikvision-api sends only Basic). */
  readonly needsBasicAuth: boolean;
  readonly steps: (device: DeviceKind) => readonly Step[];
}

const ALERT_READS_PYHIK = ["eventType", "eventState", "activePostCount"];

export const CLIENT_SEQUENCES: readonly ClientSequence[] = [
  {
    id: "pyhik",
    library: "pyHik 0.4.x (PyPI pyhik)",
    source: "mezz64/pyHik @ 02c3d074e6d9, pyhik/hikvision.py (HikCamera.__init__ → initialize, get_video_channels, get_snapshot, alert_stream)",
    usedBy: "Home Assistant core `hikvision` integration (binary sensors, camera)",
    needsBasicAuth: false,
    steps: (device) => [
      {
        kind: "xml",
        // get_device_info: Basic first; a 401 switches both sessions to Digest; a 404 tries /System/deviceInfo.
        paths: ["/ISAPI/System/deviceInfo", "/System/deviceInfo"],
        auth: "basicThenDigest",
        root: "DeviceInfo",
        // Every child into a dict; deviceName → name, deviceID → id (a uuid4 instead when 10 chars or fewer).
        reads: ["deviceName", "deviceID"],
        required: true,
        why: "get_device_info; the namespace of the root is kept for later finds",
      },
      {
        kind: "xml",
        paths: ["/ISAPI/Event/triggers", "/Event/triggers"],
        auth: "digest",
        root: "EventTriggerList",
        // Per EventTrigger: eventType, the notification methods, the first numeric of
        // dynVideoInputChannelID, videoInputChannelID, dynInputIOPortID, inputIOPortID, id (> 1 → NVR).
        reads: ["EventTrigger/eventType", "EventTrigger/id"],
        required: true,
        why: "get_event_triggers: which sensors exist and whether the device is an NVR",
      },
      {
        kind: "xml",
        paths: ["/ISAPI/System/Video/inputs/channels/1/motionDetection"],
        auth: "digest",
        root: "MotionDetection",
        reads: ["enabled"],
        // On failure pyHik logs and sets motion_detection to None.
        required: device === "camera",
        why: "get_motion_detection: the motion switch's state",
      },
      {
        kind: "xml",
        // get_video_channels: VideoInputChannel, else InputProxyChannel, else StreamingChannel.
        // A real NVR answers 403 to the first (real-responses/DS-7608NXI-I2/System_Video_inputs_channels.json).
        paths: device === "camera" ? ["/ISAPI/System/Video/inputs/channels"] : ["/ISAPI/System/Video/inputs/channels", "/ISAPI/ContentMgmt/InputProxy/channels"],
        auth: "digest",
        root: device === "camera" ? "VideoInputChannelList" : "InputProxyChannelList",
        reads: device === "camera" ? ["VideoInputChannel/id", "VideoInputChannel/name"] : [],
        required: true,
        why: "get_video_channels: the camera entities (id, name or channelName)",
      },
      {
        kind: "jpeg",
        // Cameras: stream channel 1; NVRs: channel × 100 + 1, then StreamingProxy on a non-200 that is not 401/403.
        paths: device === "camera" ? ["/ISAPI/Streaming/channels/1/picture"] : ["/ISAPI/Streaming/channels/101/picture", "/ISAPI/ContentMgmt/StreamingProxy/channels/101/picture"],
        auth: "digest",
        stream: 101,
        why: "get_snapshot: the camera entity's image",
      },
      {
        kind: "alertStream",
        auth: "digest",
        parse: "lines",
        headers: { Accept: "*/*", "Content-Type": "application/xml; charset='UTF-8'" },
        // channelID, dynChannelID, inputIOPortID, dynInputIOPortID: the first numeric one (none is fine).
        // A videoloss part pets the 300 s watchdog that otherwise reconnects.
        reads: ALERT_READS_PYHIK,
        why: "alert_stream (its own session): the sensors' events; videoloss is the keep-alive",
      },
    ],
  },
  {
    id: "hikvisionapi",
    library: "hikvisionapi 0.3.x (PyPI hikvisionapi)",
    source: "MissiaL/hikvision-client @ 6897444cabec, hikvisionapi/hikvisionapi.py (Client._check_session, request, stream_request) and README.md",
    usedBy: "scripts and small integrations (the README's calls)",
    needsBasicAuth: false,
    steps: () => [
      {
        kind: "xml",
        // _check_session: GET System/status with Basic, Digest on a 401, raise_for_status: no client without it.
        paths: ["/ISAPI/System/status"],
        auth: "basicThenDigest",
        root: "DeviceStatus",
        reads: [],
        required: true,
        why: "Client() refuses to construct unless this answers 2xx",
      },
      {
        kind: "xml",
        paths: ["/ISAPI/System/deviceInfo"],
        auth: "digest",
        root: "DeviceInfo",
        // xmltodict of the whole document; its test reads DeviceInfo.firmwareVersion.
        reads: ["firmwareVersion", "model", "deviceName"],
        required: true,
        why: "README: cam.System.deviceInfo(method='get')",
      },
      {
        kind: "xml",
        paths: ["/ISAPI/System/Video/inputs/channels/1/motionDetection"],
        auth: "digest",
        root: "MotionDetection",
        reads: ["enabled"],
        required: false,
        why: "README hint: cam.System.Video.inputs.channels[1].motionDetection(method='get')",
      },
      {
        kind: "jpeg",
        paths: ["/ISAPI/Streaming/channels/102/picture"],
        auth: "digest",
        stream: 102,
        why: "README: client.Streaming.channels[102].picture(method='get', type='opaque_data')",
      },
      {
        kind: "alertStream",
        auth: "digest",
        parse: "boundarySplit",
        headers: {},
        // The README's dict: activePostCount, channelID, dateTime, eventDescription, eventState, eventType.
        reads: ["eventType", "eventState", "activePostCount", "channelID", "dateTime", "eventDescription"],
        why: "README: cam.Event.notification.alertStream(method='get', type='stream'), count_events parts",
      },
    ],
  },
  {
    id: "hikvision",
    library: "hikvision 2.0.x (PyPI hikvision)",
    source: "fbradyirl/hikvision @ be8f72b, hikvision/api.py (CreateDevice.__init__: get_version, is_motion_detection_enabled)",
    usedBy: "Home Assistant's `hikvisioncam` motion switch",
    needsBasicAuth: false,
    steps: (device) => [
      {
        kind: "xml",
        paths: ["/ISAPI/System/deviceInfo"],
        // digest_auth=True by default: requests' HTTPDigestAuth (401 challenge, then the answer).
        auth: "digest",
        root: "DeviceInfo",
        reads: ["firmwareVersion"],
        required: true,
        why: "get_version: .//firmwareVersion, namespaces stripped",
      },
      {
        kind: "xml",
        // Note the capital I: strict_isapi builds .../System/Video/Inputs/channels/1/motionDetection.
        paths: ["/ISAPI/System/Video/Inputs/channels/1/motionDetection"],
        auth: "digest",
        root: "MotionDetection",
        // .//enabled and .//sensitivityLevel (int; 0 is replaced by the configured level).
        reads: ["enabled", "MotionDetectionLayout/sensitivityLevel"],
        // A camera library: on an NVR it logs the error and reports motion off.
        required: device === "camera",
        why: "is_motion_detection_enabled: the switch's state and the XML it PUTs back",
      },
    ],
  },
  {
    id: "node-hikvision-api",
    library: "node-hikvision-api 0.0.x (npm)",
    source: "nayrnet/node-hikvision-api @ cc163c4, hikvision.js (hikvision.prototype.connect, handleData)",
    usedBy: "Node and Node-RED scripts (alarm events)",
    needsBasicAuth: true,
    steps: () => [
      {
        kind: "alertStream",
        // A raw socket: `GET /ISAPI/Event/notification/alertStream HTTP/1.1`, Host, a Basic Authorization line.
        auth: "basic",
        parse: "rawReads",
        headers: { Accept: "multipart/x-mixed-replace" },
        // result.EventNotificationAlert.{eventType,eventState,channelID,activePostCount}[0]; count 0 = heartbeat.
        reads: ["eventType", "eventState", "channelID", "activePostCount"],
        why: "connect: the only request it makes; events as 'alarm' (VideoLoss Stop for the heartbeat)",
      },
    ],
  },
  {
    id: "node-red-contrib-hikvision-ultimate",
    library: "node-red-contrib-hikvision-ultimate 1.3.x (npm)",
    source: "Supergiovane/node-red-contrib-hikvision-ultimate @ 86dcd0c, nodes/Hikvision-config.js (hikvisionUltimateGetInfoCam, startAlarmStream), nodes/hikvisionUltimatePicture.js",
    usedBy: "Node-RED flows (camera, NVR and alarm nodes)",
    needsBasicAuth: false,
    steps: () => [
      {
        kind: "xml",
        paths: ["/ISAPI/System/deviceInfo"],
        auth: "digest",
        root: "DeviceInfo",
        // fast-xml-parser of the whole document, shown in the config dialog.
        reads: ["deviceName", "model", "serialNumber", "firmwareVersion"],
        required: true,
        why: "the config node's 'get info' check",
      },
      {
        kind: "alertStream",
        auth: "digest",
        parse: "multipart",
        headers: { Accept: "*/*", "Cache-Control": "no-cache", "User-Agent": "node-red-contrib-hikvision-ultimate" },
        // Heartbeat: eventType videoloss, eventState inactive, activePostCount 0 or 1; channelID or dynChannelID.
        reads: ["eventType", "eventState", "activePostCount", "dateTime"],
        why: "startAlarmStream: the alarm nodes; a 40 s heartbeat timer restarts the stream when nothing arrives",
      },
      {
        kind: "jpeg",
        // channelID "1" + "01", then the StreamingProxy URL.
        paths: ["/ISAPI/Streaming/channels/101/picture", "/ISAPI/ContentMgmt/StreamingProxy/channels/101/picture"],
        auth: "digest",
        stream: 101,
        why: "the picture node",
      },
    ],
  },
];
