import type { ProfileInput } from "../schema.js";
import { MANUAL_LOCKOUT, PASSWORD_POLICY, CAMERA_ISAPI, OLD_CAMERA_HEADERS } from "./common.js";

/** Legacy mini-dome on V5.2.0: old security-code recovery only, no reset button (issue #2). */
export const DS_2CD2532F_IWS: ProfileInput = {
  model: "DS-2CD2532F-IWS",
  type: "ipc",
  source: "real-responses/DS-2CD2532F-IWS/System_deviceInfo.json (V5.2.0 build 140721)",
  firmware: {
    version: "V5.2.0",
    build: "140721",
    encoderVersion: "V5.0",
    encoderBuild: "140714",
    bootVersion: "V1.3.4",
    bootReleasedDate: "100316",
  },
  // V5.2.0 predates activation (V5.3.0): active from the factory as admin / 12345 (issue #5).
  activation: { mode: "none", factoryPassword: "12345" },
  deviceInfo: {
    deviceName: "IP CAMERA",
    deviceType: "IPCamera",
    cameraFields: true,
    hardwareVersion: "0x0",
    telecontrolID: 2,
    manufacturerField: false,
  },
  isapi: {
    ...CAMERA_ISAPI,
    // Pre-V5.7 camera: 403 for missing resources (real-responses README, System/Holidays), no
    // errorCode/errorMsg, and the V5.5 cassette's headers (no Cache-Control, no X-Frame-Options).
    replies: { headers: [...OLD_CAMERA_HEADERS], unknownResourceStatus: 403, errorDetail: false },
  },
  sadp: {
    deviceType: 140071,
    dspVersion: "V5.0 build 140714",
    analogChannels: 1,
    digitalChannels: 0,
    diskNumber: 0,
    passwordResetAbility: true,
    passwordResetModeSecond: false,
    supportSecurityQuestion: false,
    supportGUID: false,
    syncIPCPassword: false,
    supportHCPlatform: false,
    hcPlatformFalseSpelling: "flase",
  },
  serial: { letters: "CCCH", tail: "digits9", yearFrom: 2014, yearTo: 2015 },
  deviceIdStyle: "camera",
  resetButton: { present: false, holdSeconds: 10 },
  recovery: ["securityCode"],
  bootSeconds: 45,
  irCutFilter: true,
  lockout: MANUAL_LOCKOUT,
  poePorts: 0,
  factoryNetwork: { ipv4: "192.0.0.64", mask: "255.255.255.0", gateway: "0.0.0.0", dhcp: false },
  // real-responses/DS-2CD2532F-IWS/Security_adminAccesses.json
  adminAccesses: {
    entryAttributes: true,
    protocols: [
      [["id", "1"], ["enabled", "true"], ["protocol", "HTTP"], ["portNo", "80"]],
      [["id", "2"], ["enabled", "true"], ["protocol", "HTTPS"], ["portNo", "443"]],
      [["id", "3"], ["enabled", "true"], ["protocol", "DEV_MANAGE"], ["portNo", "8000"]],
      [["id", "4"], ["enabled", "true"], ["protocol", "RTSP"], ["portNo", "554"]],
    ],
  },
  passwordPolicy: PASSWORD_POLICY,
  // real-responses/DS-2CD2532F-IWS/System_capabilities.json: SecurityCap has only supportUserNums 32 and
  // isSupCertificate. Firmware of that age accepted Basic by default and had no session login (§2.2).
  security: {
    webAuthDefault: "digest/basic",
    digestAlgorithmOptions: ["MD5"],
    illegalLoginLockResource: false,
    onlineUser: false,
    userCheckFlags: false,
    requireLoginPassword: false,
    session: { supported: false },
    capabilityElements: ["supportUserNums", "userBondIpNums", "userBondMacNums", "isSupCertificate"],
  },
};
