import type { Device } from "../../emulator/device.js";
import type { Route } from "../router.js";
import { buildXml, type XmlChildren } from "../xml.js";
import { deviceInfoResource } from "./device-info-json.js";

/** `/ISAPI/System/*` resources of this slice; deviceInfo also as JSON where the firmware has it (device-info-json.ts). */
export const systemRoutes: Route[] = [deviceInfoResource(deviceInfoXml)];

/**
 * DeviceInfo in the element order of the captures (hik-protocols.md §2.5;
 * real-responses/DS-2CD2146G2-ISU and DS-7608NXI-I2 System_deviceInfo).
 */
export function deviceInfoXml(device: Device): string {
  const { profile, identity } = device;
  const { firmware, deviceInfo: info } = profile;
  const children: [string, string][] = [["deviceName", info.deviceName], ["deviceID", identity.deviceId]];
  if (info.cameraFields) {
    children.push(["deviceDescription", info.deviceType], ["deviceLocation", "hangzhou"], ["systemContact", "Hikvision.China"]);
  }
  children.push(
    ["model", profile.model],
    ["serialNumber", identity.serial],
    ["macAddress", identity.mac],
    ["firmwareVersion", firmware.version],
    ["firmwareReleasedDate", `build ${firmware.build}`],
    ["encoderVersion", firmware.encoderVersion],
    ["encoderReleasedDate", `build ${firmware.encoderBuild}`],
  );
  if (info.cameraFields) {
    if (firmware.bootVersion) children.push(["bootVersion", firmware.bootVersion]);
    if (firmware.bootReleasedDate) children.push(["bootReleasedDate", firmware.bootReleasedDate]);
    children.push(
      ["hardwareVersion", info.hardwareVersion],
      ["deviceType", info.deviceType],
      ["telecontrolID", String(info.telecontrolID)],
      ["supportBeep", "false"],
      ["supportVideoLoss", "false"],
    );
    if (firmware.versionInfo) children.push(["firmwareVersionInfo", firmware.versionInfo]);
    if (info.manufacturerField) children.push(["manufacturer", "hikvision"]);
    if (info.subSerialNumber ?? firmware.versionInfo !== undefined) children.push(["subSerialNumber", identity.shortSerial]);
    if (info.oemCode) children.push(["OEMCode", info.oemCode]);
  } else {
    children.push(["deviceType", info.deviceType], ["telecontrolID", String(info.telecontrolID)], ["hardwareVersion", info.hardwareVersion]);
    if (info.manufacturerField) children.push(["manufacturer", "hikvision"]);
  }
  const extra: XmlChildren = info.extra;
  return buildXml({
    name: "DeviceInfo",
    attributes: { version: profile.isapi.deviceInfoVersion, xmlns: profile.isapi.namespace },
    children: [...children, ...extra],
  });
}
