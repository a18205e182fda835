import type { ProfileInput } from "../schema.js";
import DS_7608NXI_I2_DOCUMENTS from "./documents/ds-7608nxi-i2-8p-s.json" with { type: "json" };
import { DS_7608NXI_I2_CAPABILITIES } from "./capabilities/ds-7608nxi-i2-8p-s.js";
import { MANUAL_LOCKOUT, PASSWORD_POLICY } from "./common.js";

/** 8-channel NVR with 8 PoE ports (internal 192.168.254.x network, hik-protocols.md §4.1). */
export const DS_7608NXI_I2_8P_S: ProfileInput = {
  model: "DS-7608NXI-I2/8P/S",
  type: "nvr",
  source:
    "real-responses/DS-7608NXI-I2/System_deviceInfo.json (V4.62.210 build 230619) and System_deviceInfo.fw-V4.62.210-build230612.xml",
  firmware: {
    version: "V4.62.210",
    build: "230619",
    encoderVersion: "V5.0",
    encoderBuild: "230530",
  },
  activation: { mode: "rsa" },
  deviceInfo: {
    deviceName: "Network Video Recorder",
    deviceType: "NVR",
    cameraFields: false,
    hardwareVersion: "0100000092010000",
    telecontrolID: 255,
    manufacturerField: false,
    extra: [
      ["decordChannelNums", "8"],
      ["VGANums", "1"],
      ["USBNums", "2"],
      ["auxoutNums", "0"],
      ["regionVersion", "basic"],
    ],
  },
  deviceLog: { capacity: 10000, totalMatches: true },
  isapi: {
    namespace: "http://www.isapi.org/ver20/XMLSchema",
    deviceInfoVersion: "2.0",
    server: "DNVRS-Webs",
    unauthorizedBody: "userCheck",
    challengeStyle: "recorder",
    notActivatedHttpStatus: 403,
    realmFormat: "{hex24}",
    nonceLifetimeSeconds: 300,
    // The 401 of hikvision_next issue #50 (packet capture, §2.2): these headers in this order,
    // `Keep-Alive: timeout=60, max=99`. 403 for missing resources like its other refusals (README);
    // ResponseStatus version 2.0 without errorCode/errorMsg (hikvision_next issues #58, #154).
    replies: {
      headers: ["Date", "Server", "Cache-Control", "Content-Length", "Content-Type", "Connection", "Keep-Alive"],
      keepAliveTimeoutSeconds: 60,
      unknownResourceStatus: 403,
      errorDetail: false,
      responseStatusVersion: "2.0",
      unauthorizedXmlLayout: "lf",
    },
  },
  // The recorders' web root as nmap's service probes fingerprint "Hikvision Network Video
  // Recorder http admin" (nmap-service-probes, DNVRS-Webs line): these headers in this order.
  web: { rootHeaders: ["Date", "Server", "ETag", "Content-Length", "Content-Type", "Connection", "Last-Modified"] },
  sadp: {
    // UNCERTAIN: the numeric SADP DeviceType of this NVR is not in any capture (§1.3);
    // 44322 is the one recorder value seen (DS-7804HQH-K1).
    deviceType: 44322,
    dspVersion: "V5.0, build 230530",
    analogChannels: 0,
    digitalChannels: 8,
    diskNumber: 1,
    syncIPCPassword: true,
    supportHCPlatform: true,
    hcPlatformFalseSpelling: "false",
  },
  serial: { channelPrefix: "08", letters: "CCRR", tail: "letter8", suffix: "WCVU", yearFrom: 2022, yearTo: 2023 },
  deviceIdStyle: "recorder",
  resetButton: { present: true, holdSeconds: 10, atPowerOn: false, whileRunning: true },
  recovery: ["exportKeyFile", "qrKey", "guidFile", "securityQuestions", "reservedEmail"],
  bootSeconds: 90,
  irCutFilter: false,
  lockout: MANUAL_LOCKOUT,
  poePorts: 8,
  factoryNetwork: { ipv4: "192.168.1.64", mask: "255.255.255.0", gateway: "192.168.1.1", dhcp: false },
  // real-responses/DS-7608NXI-I2/Security_adminAccesses.json
  adminAccesses: {
    entryAttributes: false,
    protocols: [
      [["id", "1"], ["enabled", "true"], ["protocol", "HTTP"], ["portNo", "80"]],
      [["id", "2"], ["enabled", "true"], ["protocol", "RTSP"], ["portNo", "10554"]],
      [["id", "3"], ["enabled", "true"], ["protocol", "HTTPS"], ["redirectToHttps", "false"], ["portNo", "443"], ["TLS1_1Enable", "false"], ["TLS1_2Enable", "true"]],
      [["id", "4"], ["enabled", "true"], ["protocol", "DEV_MANAGE"], ["portNo", "8000"]],
      [["id", "5"], ["enabled", "false"], ["protocol", "WebSocket"], ["portNo", "7681"]],
      [["id", "6"], ["enabled", "false"], ["protocol", "IOT"], ["portNo", "30999"]],
      [["id", "7"], ["enabled", "true"], ["protocol", "SDK_OVER_TLS"], ["streamOverTls", "false"], ["portNo", "8443"]],
    ],
  },
  passwordPolicy: PASSWORD_POLICY,
  // One main and one sub stream per channel slot (`<n>01`, `<n>02`); resolutions of a 1080p camera
  // behind the recorder, real-responses/DS-7608NXI-I2/Streaming_channels_301.json and _302.json.
  // Heartbeat parts in the recorder shape (alert-stream.ts).
  media: {
    streams: Array.from({ length: 8 }, (_, i) => [
      { id: (i + 1) * 100 + 1, width: 1920, height: 1080 },
      { id: (i + 1) * 100 + 2, width: 704, height: 576 },
    ]).flat(),
    heartbeat: { style: "recorder" },
    maxAlertStreams: 5,
  },
  // real-responses/DS-7608NXI-I2/System_capabilities.json SecurityCap: digest or digest/basic, MD5 / SHA256 /
  // both, 32 users, one bound IP and MAC per user; no issupIllegalLoginLock (the lockout works with the
  // manual's values, not configurable), no salt or isIrreversible in its SecurityCap.
  security: {
    digestAlgorithmOptions: ["MD5", "SHA256", "MD5/SHA256"],
    illegalLoginLockResource: false,
    capabilityElements: ["supportUserNums", "userBondIpNums", "userBondMacNums", "securityVersion", "keyIterateNum", "isSupportUserCheck", "WebCertificateCap"],
    userBondNums: { ip: 1, mac: 1 },
  },
  // Captured documents (issue #10): real-responses/DS-7608NXI-I2/<path with / as _>.json, verbatim but
  // for the notification host set to the factory slot. Streams 101-404 as captured (x03 and channel 4
  // refused with 403), the list built from the served ones without member attributes (DS-7732NI-M4's
  // list). Derived: ContentMgmt/InputProxy/channels is the capture without its four cameras (empty until
  // the NVR issue; its `size` kept, UNCERTAIN), …/channels/status an empty InputProxyChannelStatusList
  // (§4.3, no capture), System/IO/inputs/1-4 (IOCap: 4 inputs; the cameras' IOInputPort shape) with the
  // captured input 1 status repeated, System/IO/outputs/1 (UNCERTAIN shape); the video-input resources
  // answer 403 as System/Video/inputs/channels does.
  resources: { documents: DS_7608NXI_I2_DOCUMENTS },
  // Issue #10. No NVR DeviceStatus capture: the core elements only (CPU line, 1 GiB and load are our guess);
  // a Gigabit port; V4.62 firmware serves `?format=json` (§2.1).
  system: {
    status: { cpuDescription: "ARMv7 Processor rev 1 (v7l)", cpuPercent: { min: 8, max: 25 }, memoryPercent: { min: 40, max: 60 }, memoryKiB: 1048576, lensCounters: false },
    link: { speedMbps: 1000 },
    deviceInfoJson: true,
    capabilities: DS_7608NXI_I2_CAPABILITIES,
  },
  // The other build of V4.62.210 captured (an earlier one): installing it is an upgrade between builds.
  releases: [
    {
      firmware: { version: "V4.62.210", build: "230612", encoderVersion: "V5.0", encoderBuild: "230530" },
      source: "real-responses/DS-7608NXI-I2/System_deviceInfo.fw-V4.62.210-build230612.xml (V4.62.210 build 230612)",
    },
    // Issue #12: a recorder release from before activation, with the legacy security code of its
    // local GUI (hik-protocols.md §7, §1.8.1: firmware before activation resets admin to 12345;
    // §2.8: the local GUI is where a recorder offers its recovery). UNCERTAIN: no capture of old
    // recorder firmware exists here; the version, build and the boundary (recorders got activation
    // with V3.3-era firmware, the counterpart of the cameras' V5.3.0) are our choice, and this
    // model never shipped such a release: it stands in for an older recorder in the lab.
    {
      firmware: { version: "V3.0.18", build: "150113", encoderVersion: "V5.0", encoderBuild: "141230" },
      source: "our choice (hik-protocols.md §7, §1.8.1; UNCERTAIN: no capture)",
      activation: { mode: "none", factoryPassword: "12345" },
      recovery: ["securityCode"],
      // Security of that age, as the project's pre-activation camera (ds-2cd2532f-iws.ts, V5.2.0,
      // its SecurityCap capture and §2.2) shows it: no web session login (its resources challenge, then
      // refuse as unknown resources, test/http/session-login.test.ts),
      // Basic accepted by default, MD5 only, no userCheck flags, no online-user list, password
      // changes without `<loginPassword>`, a short SecurityCap (no securityVersion / keyIterateNum /
      // isSupportUserCheck / WebCertificateCap). UNCERTAIN, each of them: no capture of recorder
      // firmware of that age; they are the V5.2 camera's, on the reading that both generations
      // predate the same security changes. The user bindings (userBond…) stay the NVR's.
      security: {
        webAuthDefault: "digest/basic",
        digestAlgorithmOptions: ["MD5"],
        digestAlgorithmDefault: "MD5",
        onlineUser: false,
        userCheckFlags: false,
        requireLoginPassword: false,
        session: { supported: false },
        capabilityElements: ["supportUserNums", "userBondIpNums", "userBondMacNums", "isSupCertificate"],
      },
    },
  ],
};
