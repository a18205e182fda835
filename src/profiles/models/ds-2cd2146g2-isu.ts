import type { ProfileInput } from "../schema.js";
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
    passwordResetAbility: true,
    passwordResetModeSecond: true,
    supportSecurityQuestion: true,
    supportGUID: true,
    syncIPCPassword: false,
    supportHCPlatform: true,
    hcPlatformFalseSpelling: "false",
  },
  serial: { letters: "AAWR", tail: "letter8", yearFrom: 2022, yearTo: 2024 },
  deviceIdStyle: "camera",
  resetButton: { present: true, holdSeconds: 10, atPowerOn: true, whileRunning: true },
  recovery: ["exportKeyFile", "securityQuestions", "reservedEmail"],
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
  // real-responses/DS-2CD2146G2-ISU/System_capabilities.json SecurityCap: digest or digest/basic,
  // MD5 / SHA256 / both, 32 users, maxIllegalLoginTimes 3–20 (default 7), keyIterateNum 100.
  security: { digestAlgorithmOptions: ["MD5", "SHA256", "MD5/SHA256"] },
  // A later build of the same G5 firmware line, values from real-responses/DS-2CD2386G2-IU/System_deviceInfo.fw-V5.7.18.xml.
  releases: [
    {
      firmware: { version: "V5.7.18", build: "240826", encoderVersion: "V7.3", encoderBuild: "240801", bootVersion: "V1.3.4", bootReleasedDate: "100316", versionInfo: "B-R-G5-0" },
      source: "real-responses/DS-2CD2386G2-IU/System_deviceInfo.fw-V5.7.18.xml (V5.7.18 build 240826)",
      sadp: { dspVersion: "V7.3 build 240801" },
    },
  ],
};
