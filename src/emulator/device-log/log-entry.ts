/**
 * One entry of the device log (issue #10), as `/ISAPI/ContentMgmt/logSearch` shows it: a
 * `logDescriptor` with `metaId` `log.hikvision.com/<major>/<minor>[/<channel>]`, the time and,
 * where a user did it, their name and address.
 *
 * Major types are Hikvision's four (the SDK's MAJOR_ALARM 0x1, MAJOR_EXCEPTION 0x2,
 * MAJOR_OPERATION 0x3, MAJOR_INFORMATION 0x4; HCNetSDK developer guide "Log Types").
 */
export type LogMajor = "Alarm" | "Exception" | "Operation" | "Information";

export const LOG_MAJORS: readonly LogMajor[] = ["Alarm", "Exception", "Operation", "Information"];

export interface LogEntry {
  /** Order of writing, from 1: tells entries of the same second apart and keeps search order stable. */
  readonly seq: number;
  /** Epoch ms of the device's own wall clock when it happened (`device.deviceTime()`). */
  readonly time: number;
  readonly major: LogMajor;
  /** The metaId's minor type, e.g. `remoteLogin` (log-types.ts). */
  readonly minor: string;
  readonly userName?: string;
  /** The client address (`ipAddress`). */
  readonly peer?: string;
  /** Video channel, for channel events (`metaId` suffix, `channelNumber`). */
  readonly channel?: number;
  /** `paraType`: which parameters a remoteCfgPara entry changed (our short names, log-types.ts). */
  readonly paraType?: string;
  /** Free text (`additionInformation`): what exactly happened, where the minor type alone does not say. */
  readonly detail?: string;
}

/** An entry before the log numbers and stamps it. */
export type NewLogEntry = Omit<LogEntry, "seq" | "time">;
