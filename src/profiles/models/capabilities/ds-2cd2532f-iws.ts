import type { ProfileInput } from "../../schema.js";

/**
 * `GET /ISAPI/System/capabilities` (DeviceCap) of a real DS-2CD2532F-IWS on V5.2.0 build 140721, as captured:
 * real-responses/DS-2CD2532F-IWS/System_capabilities.json (`response.DeviceCap`, hikvision_next
 * diagnostics dump @ f6dac0dabb26), unchanged — attributes as `@name`, text beside attributes
 * as `#text`, repeated elements as arrays, empty elements null. Values the device owns (the
 * SecurityCap salt, the web auth setting) are filled in per device when served
 * (http/isapi/system-capabilities.ts).
 */
export const DS_2CD2532F_IWS_CAPABILITIES: NonNullable<ProfileInput["system"]>["capabilities"] = {
  "@version": "2.0",
  "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
  "SysCap": {
    "NetworkCap": {
      "@version": "2.0",
      "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
      "isSupportWireless": "true",
      "isSupportPPPoE": "true",
      "isSupportBond": "false",
      "isSupport802_1x": "false",
      "isSupportNtp": "true",
      "isSupportFtp": "true",
      "isSupportUpnp": "true",
      "isSupportDdns": "true",
      "isSupportHttps": "false",
      "SnmpCap": {
        "isSupport": "true"
      },
      "isSupportIPFilter": "true",
      "isSupportEZVIZ": "true",
      "isSupportEhome": "false"
    },
    "IOCap": {
      "@version": "2.0",
      "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
      "IOInputPortNums": "1",
      "IOOutputPortNums": "1",
      "isSupportStrobeLamp": "false"
    },
    "VideoCap": {
      "@version": "2.0",
      "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
      "videoInputPortNums": "0",
      "videoOutputPortNums": "0"
    },
    "AudioCap": {
      "@version": "2.0",
      "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
      "audioInputNums": "1",
      "audioOutputNums": "1"
    }
  },
  "voicetalkNums": "1",
  "isSupportSnapshot": "true",
  "SecurityCap": {
    "@version": "2.0",
    "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
    "supportUserNums": "32",
    "userBondIpNums": "0",
    "userBondMacNums": "0",
    "isSupCertificate": "true"
  },
  "EventCap": {
    "@version": "2.0",
    "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
    "isSupportHDFull": "true",
    "isSupportHDError": "true",
    "isSupportNicBroken": "true",
    "isSupportIpConflict": "true",
    "isSupportIllAccess": "true",
    "isSupportViException": "false",
    "isSupportViMismatch": "false",
    "isSupportRecordException": "false",
    "isSupportTriggerFocus": "false"
  },
  "SmartCap": {
    "@version": "2.0",
    "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
    "isSupportROI": "true",
    "isSupportFaceDetect": "false",
    "isSupportIntelliTrace": "false",
    "isSupportFieldDetection": "true",
    "isSupportDefocusDetection": "false",
    "isSupportAudioDetection": "false",
    "isSupportSceneChangeDetection": "false",
    "isSupportLineDetection": "true"
  },
  "WLAlarmCap": {
    "@version": "2.0",
    "@xmlns": "http://www.hikvision.com/ver20/XMLSchema",
    "isSupportPIR": "false",
    "isSupportWLSensors": "false",
    "isSupportCallHelp": "false"
  }
};
