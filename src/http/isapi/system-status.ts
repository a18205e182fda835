import { createHash } from "node:crypto";
import type { Device } from "../../emulator/device.js";
import { ANY_USER, type Route } from "../router.js";
import { XML_CONTENT_TYPE, buildXml, type XmlChildren } from "../xml.js";

/**
 * `GET /ISAPI/System/status` (issue #10): hikvisionapi's client refuses to construct without
 * it. Never cached: the time and uptime move on every read.
 */
export const systemStatusRoutes: Route[] = [
  { method: "GET", path: "/ISAPI/System/status", auth: ANY_USER, handler: ({ device }) => ({ status: 200, contentType: XML_CONTENT_TYPE, body: deviceStatusXml(device) }) },
];

/**
 * DeviceStatus in the element order of the captures (real-responses/DS-2CD2155FWD-I
 * System_status.fw-V5.4.5.xml and .fw-V5.5.0.xml): currentDeviceTime (device clock, its
 * zone), deviceUpTime (seconds since BootTime), one CPU, one Memory (`memoryUsage` a percentage,
 * `memoryAvailable` KiB, as the captures' figures add up), then on profiles with
 * `system.status.lensCounters` the V5.5 capture's CameraList, DomeInfoList and totalRebootCount
 * (all 0 there; hikemu counts nothing of the kind). The NVR's shape has no capture: the same
 * core elements, from public client code that parses them.
 */
export function deviceStatusXml(device: Device): string {
  const { status } = device.profile.system;
  const figures = loadFigures(device);
  const children: XmlChildren[number][] = [
    ["currentDeviceTime", device.time.isapiTime()],
    ["deviceUpTime", String(device.time.uptimeSeconds())],
    ["CPUList", [["CPU", [["cpuDescription", status.cpuDescription], ["cpuUtilization", String(figures.cpuPercent)]]]]],
    [
      "MemoryList",
      [
        [
          "Memory",
          [
            ["memoryDescription", status.memoryDescription],
            ["memoryUsage", String(figures.memoryPercent)],
            ["memoryAvailable", String(Math.round((status.memoryKiB * (100 - figures.memoryPercent)) / 100))],
          ],
        ],
      ],
    ],
  ];
  if (status.lensCounters) children.push(["CameraList", [["Camera", CAMERA_COUNTERS.map((name) => [name, "0"] as const)]]], ["DomeInfoList", [["DomeInfo", DOME_COUNTERS.map((name) => [name, "0"] as const)]]], ["totalRebootCount", "0"]);
  return buildXml({ name: "DeviceStatus", attributes: { version: "2.0", xmlns: device.profile.isapi.namespace }, children });
}

const CAMERA_COUNTERS = ["zoomReverseTimes", "zoomTotalSteps", "focusReverseTimes", "focusTotalSteps", "irisShiftTimes", "irisTotalSteps", "icrShiftTimes", "icrTotalSteps", "lensIntirTimes", "cameraRunTotalTime"];
const DOME_COUNTERS = ["domeRunTotalTime", "runTimeUnderNegativetwenty", "runTimeBetweenNtwentyPforty", "runtimeOverPositiveforty", "panTotalRounds", "tiltTotalRounds", "heatState", "fanState"];

/**
 * CPU and memory load: one value per device and boot inside the profile's ranges, taken from a
 * hash of the serial and the boot time — stable between reads (no noise per request), different
 * between devices and after a reboot, and the same in every test run.
 */
export function loadFigures(device: Device): { readonly cpuPercent: number; readonly memoryPercent: number } {
  const { cpuPercent, memoryPercent } = device.profile.system.status;
  const digest = createHash("sha256").update(`${device.identity.serial}/${device.bootedAt}`).digest();
  const pick = (range: { readonly min: number; readonly max: number }, byte: number) => range.min + (byte % (Math.max(range.max, range.min) - range.min + 1));
  return { cpuPercent: pick(cpuPercent, digest.readUInt16BE(0)), memoryPercent: pick(memoryPercent, digest.readUInt16BE(2)) };
}
