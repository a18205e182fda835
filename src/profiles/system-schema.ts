import { z } from "zod";
import { parseTimeZone } from "../emulator/time/time-zone.js";

/** The device log and `/ISAPI/ContentMgmt/logSearch` (issue #10, device-log/device-log.ts). */
export const deviceLogSchema = z
  .object({
    /**
     * Entries kept before the oldest are overwritten. No source gives a camera's figure
     * (GUESS: 2000, the most a recorder answered to one search in a public note); recorders log
     * to disk and keep far more (GUESS: 10000 for them, bounded by hikemu's memory per device).
     */
    capacity: z.number().int().min(1).max(100000).default(2000),
    /** CMSearchResult carries `totalMatches` after numOfMatches (client code reads it from recorders; GUESS that cameras omit it). */
    totalMatches: z.boolean().default(false),
  })
  .strict()
  .prefault({});

/**
 * Configuration backup (issue #10, `/ISAPI/System/configurationData`). Newer firmware encrypts
 * the exported file with a user's key, the `secretkey` query parameter; its SecurityCap shows
 * isSupportConfigFileExport/Import and cfgFileSecretKeyLenLimit min 1 max 16
 * (real-responses/DS-2CD2146G2-ISU and DS-7608NXI-I2/System_capabilities.json). Firmware
 * without cfgFileSecretKeyLenLimit (the V5.2 capture) has no such key: `none`.
 */
export const configurationFileSchema = z
  .object({
    /** `none`: secretkey is ignored; `optional`: used when given; `required`: export refused without it (our guess of newest firmware). */
    secretKey: z.enum(["none", "optional", "required"]).default("optional"),
    /** cfgFileSecretKeyLenLimit min/max. */
    secretKeyLength: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }).strict().default({ min: 1, max: 16 }),
  })
  .strict()
  .prefault({});

/**
 * System resources (issue #10): factory time settings, `/ISAPI/System/status` figures,
 * `deviceInfo?format=json` and the `/ISAPI/System/capabilities` document. Defaults are the
 * G2 camera's, so a profile that says nothing still answers.
 */
export const systemSchema = z
  .object({
    time: z
      .object({
        /**
         * Factory `timeZone` (Hikvision form, time-zone.ts): UTC+08:00 as both unset cameras of
         * the real-responses cassettes (DS-2CD2155FWD-I, `+08:00`).
         */
        timeZone: z.string().refine((text) => parseTimeZone(text) !== undefined, "expected a Hikvision time zone such as CST-8:00:00").default("CST-8:00:00"),
        /** Factory NTP server (our choice: no capture shows one; time.windows.com is what the web UI is commonly seen with). */
        ntpServer: z
          .object({
            addressing: z.enum(["hostname", "ipaddress"]),
            host: z.string().min(1),
            port: z.number().int().min(1).max(65535),
            intervalMinutes: z.number().int().min(1).max(10080),
          })
          .strict()
          .default({ addressing: "hostname", host: "time.windows.com", port: 123, intervalMinutes: 1440 }),
      })
      .strict()
      .prefault({}),
    /** `/ISAPI/System/status` (DeviceStatus) figures: stable per device and boot (system-status.ts). */
    status: z
      .object({
        /** `cpuDescription` (the V5.4/V5.5 camera captures: the SoC's /proc/cpuinfo line). */
        cpuDescription: z.string().default("ARMv7 Processor rev 5 (v7l)"),
        /** `cpuUtilization` range, percent; each device and boot takes one value inside it. */
        cpuPercent: z.object({ min: z.number().int().min(0).max(100), max: z.number().int().min(0).max(100) }).strict().default({ min: 12, max: 35 }),
        memoryDescription: z.string().default("DDR Memory"),
        /** `memoryUsage` range, percent of the memory in use. */
        memoryPercent: z.object({ min: z.number().int().min(0).max(100), max: z.number().int().min(0).max(100) }).strict().default({ min: 55, max: 75 }),
        /** Memory the firmware sees, KiB; `memoryAvailable` is the part not in use. */
        memoryKiB: z.number().int().positive().default(262144),
        /** The V5.5 camera capture's CameraList, DomeInfoList and totalRebootCount after MemoryList (V5.4 has none). */
        lensCounters: z.boolean().default(true),
      })
      .strict()
      .prefault({}),
    /**
     * `/ISAPI/System/Network/interfaces` Link: the wired port's negotiated speed (Mbit/s) and
     * MTU (our choice per model class: Fast Ethernet cameras, Gigabit recorders).
     */
    link: z
      .object({ speedMbps: z.union([z.literal(10), z.literal(100), z.literal(1000)]).default(100), mtu: z.number().int().min(576).max(9000).default(1500) })
      .strict()
      .prefault({}),
    /** `/ISAPI/System/deviceInfo?format=json` answers JSON (newer firmware, §2.1); else the parameter is ignored (XML). */
    deviceInfoJson: z.boolean().default(false),
    /**
     * `/ISAPI/System/capabilities` as the model's capture has it (the DeviceCap element as the
     * diagnostics dumps render XML: attributes `@name`, text `#text`, repeated elements as
     * arrays, empty ones null). Absent: the resource is not served (404 notSupport).
     */
    capabilities: z.json().optional(),
  })
  .strict()
  .prefault({});
