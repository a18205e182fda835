import type { ProfileInput } from "../schema.js";
import DS_2CD2146G2_ISU_DOCUMENTS from "./documents/ds-2cd2146g2-isu.json" with { type: "json" };
import { DS_2CD2146G2_ISU_CAPABILITIES } from "./capabilities/ds-2cd2146g2-isu.js";
import { MANUAL_LOCKOUT, PASSWORD_POLICY, CAMERA_ISAPI } from "./common.js";

/** Current AcuSense camera on V5.7.x (G5 platform) with a reset button. */
export const DS_2CD2146G2_ISU: ProfileInput = {
  model: "DS-2CD2146G2-ISU",
  type: "ipc",
  source: "real-responses/DS-2CD2146G2-ISU/System_deviceInfo.json (V5.7.17 build 240606)",
  firmware: {
    version: "V5.7.17",
    build: "240606",
    encoderVersion: "V7.3",
    encoderBuild: "240516",
    bootVersion: "V1.3.4",
    bootReleasedDate: "100316",
    versionInfo: "B-R-G5-0",
  },
  activation: { mode: "rsa" },
  deviceInfo: {
    deviceName: "IP CAMERA",
    deviceType: "IPCamera",
    cameraFields: true,
    hardwareVersion: "0x0",
    telecontrolID: 88,
    manufacturerField: true,
    oemCode: "1",
  },
  isapi: CAMERA_ISAPI,
  sadp: {
    deviceType: 140071,
    dspVersion: "V7.3 build 240516",
    analogChannels: 1,
    digitalChannels: 0,
    diskNumber: 0,
    syncIPCPassword: false,
    supportHCPlatform: true,
    hcPlatformFalseSpelling: "false",
  },
  serial: { letters: "AAWR", tail: "letter8", yearFrom: 2022, yearTo: 2024 },
  deviceIdStyle: "camera",
  resetButton: { present: true, holdSeconds: 10, atPowerOn: true, whileRunning: true },
  // Issue #11: SADP "Forgot password" offers the key file export and the QR code; the web UI the
  // questions and the reserved e-mail. No GUID file on cameras (a recorder feature, §2.8).
  recovery: ["exportKeyFile", "qrKey", "securityQuestions", "reservedEmail"],
  bootSeconds: 60,
  irCutFilter: true,
  lockout: MANUAL_LOCKOUT,
  poePorts: 0,
  factoryNetwork: { ipv4: "192.168.1.64", mask: "255.255.255.0", gateway: "192.168.1.1", dhcp: true },
  // real-responses/DS-2CD2146G2-ISU/Security_adminAccesses.json
  adminAccesses: {
    entryAttributes: true,
    protocols: [
      [["id", "1"], ["enabled", "true"], ["protocol", "HTTP"], ["portNo", "80"]],
      [["id", "2"], ["enabled", "true"], ["protocol", "HTTPS"], ["redirectToHttps", "false"], ["portNo", "443"], ["TLS1_1Enable", "false"], ["TLS1_2Enable", "true"], ["TLS1_3Enable", "true"]],
      [["id", "3"], ["enabled", "true"], ["protocol", "DEV_MANAGE"], ["portNo", "8000"]],
      [["id", "4"], ["enabled", "true"], ["protocol", "RTSP"], ["portNo", "554"]],
      [["id", "5"], ["enabled", "true"], ["protocol", "SDK_OVER_TLS"], ["portNo", "8443"]],
      [["id", "6"], ["enabled", "true"], ["protocol", "WebSocket"], ["portNo", "7681"]],
      [["id", "7"], ["enabled", "false"], ["protocol", "WebSocketS"], ["portNo", "7682"]],
      [["id", "8"], ["enabled", "false"], ["protocol", "SRTP"], ["portNo", "322"]],
      [["id", "10"], ["enabled", "true"], ["protocol", "Bonjour"]],
    ],
  },
  passwordPolicy: PASSWORD_POLICY,
  // real-responses/DS-2CD2146G2-ISU/Streaming_channels_101.json and _102.json (main 2688x1520, sub 1280x720).
  media: {
    streams: [
      { id: 101, width: 2688, height: 1520 },
      { id: 102, width: 1280, height: 720 },
    ],
  },
  // real-responses/DS-2CD2146G2-ISU/System_capabilities.json SecurityCap: digest or digest/basic,
  // MD5 / SHA256 / both, 32 users, maxIllegalLoginTimes 3–20 (default 7), keyIterateNum 100.
  security: { digestAlgorithmOptions: ["MD5", "SHA256", "MD5/SHA256"] },
  // Captured documents (issue #10): real-responses/DS-2CD2146G2-ISU/<path with / as _>.json, verbatim but
  // for `{{channelName}}` (VideoInputChannel name, StreamingChannel channelName: "Terrasse" there) and the
  // notification host set to the factory slot of its entries 2 and 3. Derived, no capture: the
  // Streaming/channels, System/IO/inputs and /outputs lists (101 and 102 listed, with member attributes,
  // as the DS-2CD2386G2-IU V5.7 list), System/IO/outputs/1 (UNCERTAIN shape) and
  // ContentMgmt/InputProxy/channels/status (403 like the list). The RegionList of motionDetection holds 4.
  resources: { documents: DS_2CD2146G2_ISU_DOCUMENTS, motionDetection: { maxRegions: 4 } },
  // Issue #10. Status shape: the V5.5 camera capture (real-responses/DS-2CD2155FWD-I System_status.fw-V5.5.0.xml),
  // the newest camera DeviceStatus captured; CPU line and memory size are our guess for the G5 platform.
  // V5.7 firmware serves `?format=json` (hik-protocols.md §2.1).
  system: {
    status: { cpuDescription: "ARMv7 Processor rev 5 (v7l)", cpuPercent: { min: 12, max: 35 }, memoryPercent: { min: 55, max: 75 }, memoryKiB: 524288, lensCounters: true },
    deviceInfoJson: true,
    capabilities: DS_2CD2146G2_ISU_CAPABILITIES,
  },
  // A later build of the same G5 firmware line, values from real-responses/DS-2CD2386G2-IU/System_deviceInfo.fw-V5.7.18.xml.
  releases: [
    {
      firmware: { version: "V5.7.18", build: "240826", encoderVersion: "V7.3", encoderBuild: "240801", bootVersion: "V1.3.4", bootReleasedDate: "100316", versionInfo: "B-R-G5-0" },
      source: "real-responses/DS-2CD2386G2-IU/System_deviceInfo.fw-V5.7.18.xml (V5.7.18 build 240826)",
      sadp: { dspVersion: "V7.3 build 240801" },
    },
  ],
};
