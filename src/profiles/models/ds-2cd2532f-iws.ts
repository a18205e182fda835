import type { ProfileInput } from "../schema.js";
import DS_2CD2532F_IWS_DOCUMENTS from "./documents/ds-2cd2532f-iws.json" with { type: "json" };
import { DS_2CD2532F_IWS_CAPABILITIES } from "./capabilities/ds-2cd2532f-iws.js";
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
  // real-responses/DS-2CD2532F-IWS/Streaming_channels_101.json and _102.json (main 1920x1080, sub 640x480).
  // Pre-V5.5 firmware beats faster than V5.5+: the SDK guides' heartbeat remark and pyHik's author
  // ("a videoloss event every second or so", home-assistant/core#82767); 1 s is our reading of it.
  media: {
    streams: [
      { id: 101, width: 1920, height: 1080 },
      { id: 102, width: 640, height: 480 },
    ],
    heartbeat: { seconds: 1 },
  },
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
  // The V5.2 SecurityCap has no cfgFileSecretKeyLenLimit: the configuration file has no user key.
  configurationFile: { secretKey: "none" },
  // Captured documents (issue #10): real-responses/DS-2CD2532F-IWS/<path with / as _>.json, verbatim but
  // for `{{channelName}}` ("SCD14" there) and the notification host set to the factory slot. The same
  // derived lists and System/IO/outputs/1 as DS-2CD2146G2-ISU; streams 103/104 answer 500 and Holidays
  // 403 as captured. Its motionDetection layout has a gridMap only (no RegionList).
  resources: { documents: DS_2CD2532F_IWS_DOCUMENTS },
  // Issue #10. Status as the V5.4.5 camera capture of the same ARM926 generation (real-responses/DS-2CD2155FWD-I
  // System_status.fw-V5.4.5.xml): its CPU line, about 145 MiB of memory, no lens counters. V5.2 predates
  // `?format=json`: the parameter is ignored and XML comes back.
  system: {
    status: { cpuDescription: "ARM926EJ-Sid(wb) [41069265] revision 5 (ARMv5TEJ)", cpuPercent: { min: 20, max: 45 }, memoryPercent: { min: 60, max: 75 }, memoryKiB: 148480, lensCounters: false },
    deviceInfoJson: false,
    capabilities: DS_2CD2532F_IWS_CAPABILITIES,
  },
  // Later firmware of this camera generation. No capture of a DS-2CD2532F-IWS on them exists; the
  // deviceInfo values are those of the DS-2CD2155FWD-I captures on the same releases, and what
  // V5.3.0 on changes comes from hik-protocols.md: activation (§2.3), the security code gone and
  // the key-file export in its place (§1.8, §7).
  releases: [
    {
      firmware: { version: "V5.4.5", build: "170124", encoderVersion: "V7.3", encoderBuild: "170123", bootVersion: "V1.3.4", bootReleasedDate: "100316" },
      source: "real-responses/DS-2CD2155FWD-I/System_deviceinfo.fw-V5.4.5.xml (V5.4.5 build 170124)",
      activation: { mode: "rsa" },
      recovery: ["exportKeyFile"],
      deviceInfo: { telecontrolID: 88 },
      sadp: { dspVersion: "V7.3 build 170123" },
      // The V5.4.5 cassette (test_auth_firmware_pre_v5_5) logs in with Basic: digest/basic stays the default.
    },
    {
      firmware: { version: "V5.5.0", build: "170725", encoderVersion: "V7.3", encoderBuild: "170627", bootVersion: "V1.3.4", bootReleasedDate: "100316", versionInfo: "B-R-G1-0" },
      source: "real-responses/DS-2CD2155FWD-I/System_deviceinfo.fw-V5.5.0.xml (V5.5.0 build 170725)",
      activation: { mode: "rsa" },
      // Reserved e-mail (the SADP / Hik-Connect QR flow) next to the key file: our reading of §1.8
      // for V5.5 cameras (UNCERTAIN which release brought it).
      recovery: ["exportKeyFile", "reservedEmail"],
      // The V5.5.0 capture has firmwareVersionInfo but no subSerialNumber.
      deviceInfo: { telecontrolID: 88, subSerialNumber: false },
      // §1.3: a V5.5.0 camera (DS-2CD5026EFWD-A) reports the Hik-Connect platform, spelling `flase`.
      sadp: { dspVersion: "V7.3 build 170627", supportHCPlatform: true },
      // The V5.5.0 cassette (test_auth_firmware_v5_5) refuses Basic: digest only by default. The
      // SecurityCap elements are our guess for V5.5 (no capture): the G2 list without the
      // irreversible-storage elements (salt, isIrreversible), RSA 1024 as §2.8 shows.
      security: {
        webAuthDefault: "digest",
        illegalLoginLockResource: true,
        onlineUser: true,
        userCheckFlags: true,
        requireLoginPassword: true,
        session: { supported: true },
        rsaKeyLength: { options: [1024], default: 1024 },
        capabilityElements: [
          "supportUserNums",
          "userBondIpNums",
          "userBondMacNums",
          "isSupCertificate",
          "issupIllegalLoginLock",
          "isSupportOnlineUser",
          "securityVersion",
          "keyIterateNum",
          "isSupportUserCheck",
          "isSupportSecurityQuestionConfig",
          "SecurityLimits",
          "RSAKeyLength",
          "WebCertificateCap",
          "isSupportSecurityEmail",
          "maxIllegalLoginTimes",
          "maxIllegalLoginLockTime",
        ],
      },
    },
  ],
};
