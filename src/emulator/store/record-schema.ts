import { z } from "zod";
import { isIpv4 } from "../../util/ipv4.js";
import { ANSWER_HASH_PATTERN } from "../recovery/security-questions.js";
import { GUID_HASH_PATTERN } from "../recovery/guid-file.js";

/** A hand-edited rule that is no IPv4 address would match nothing, silently: refused at load. */
const ipv4 = z.string().refine(isIpv4, "expected a dotted IPv4 address");

const credentials = z.object({ digestMd5: z.string(), digestSha256: z.string(), irreversible: z.string() });

/** Shape check of a stored device record after migration, so a hand-edited file fails clearly. */
export const deviceRecordSchema = z.object({
  version: z.number().int(),
  model: z.string(),
  identity: z.object({
    serial: z.string(),
    shortSerial: z.string(),
    mac: z.string().regex(/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/),
    deviceId: z.string(),
    realm: z.string(),
    salt: z.string().regex(/^[0-9A-F]{64}$/),
    manufactureDate: z.string().regex(/^\d{8}$/),
  }),
  flash: z.object({
    activated: z.boolean(),
    users: z.array(
      z.object({
        id: z.number().int(),
        userName: z.string(),
        level: z.enum(["Administrator", "Operator", "Viewer"]),
        credentials,
      }),
    ),
    network: z.object({ ipv4: z.string(), mask: z.string(), gateway: z.string(), dhcp: z.boolean() }),
    networkSetBy: z.enum(["fleet", "device"]),
    /** Absent in records migrated from version 2: filled with the profile's factory settings. */
    security: z
      .object({
        webAuth: z.object({ certificateType: z.enum(["digest", "digest/basic"]), algorithm: z.enum(["MD5", "SHA256", "MD5/SHA256"]) }),
        illegalLoginLock: z.object({ enabled: z.boolean(), maxAttempts: z.number().int().positive(), lockSeconds: z.number().int().positive() }),
        ipFilter: z.object({
          enabled: z.boolean(),
          permission: z.enum(["allow", "deny"]),
          rules: z.array(
            z.discriminatedUnion("kind", [
              z.object({ id: z.number().int(), kind: z.literal("specific"), address: ipv4 }),
              z.object({ id: z.number().int(), kind: z.literal("range"), start: ipv4, end: ipv4 }),
            ]),
          ),
        }),
      })
      .optional(),
    /** Absent in records before issue #10: nothing changed (state.ts factoryEventSettings). */
    eventSettings: z
      .object({
        motionDetection: z.record(
          z.string(),
          z.object({
            enabled: z.boolean(),
            sensitivityLevel: z.number().int(),
            gridMap: z.string(),
            regions: z.array(z.object({ id: z.number().int(), points: z.array(z.tuple([z.number().int(), z.number().int()])) })).optional(),
          }),
        ),
        httpHosts: z.record(
          z.string(),
          z.object({
            url: z.string(),
            protocolType: z.enum(["HTTP", "HTTPS"]),
            parameterFormatType: z.enum(["XML", "JSON"]),
            addressingFormatType: z.literal("ipaddress"),
            ipAddress: ipv4,
            portNo: z.number().int(),
            httpAuthenticationMethod: z.enum(["none", "MD5digest"]),
          }),
        ),
      })
      .optional(),
    /** Absent in records from before issue #10: filled with the profile's factory time settings. */
    time: z
      .object({
        mode: z.enum(["manual", "NTP"]),
        timeZone: z.string(),
        ntp: z.object({ addressing: z.enum(["hostname", "ipaddress"]), host: z.string(), port: z.number().int(), intervalMinutes: z.number().int() }),
        clock: z.discriminatedUnion("set", [z.object({ set: z.literal(false) }), z.object({ set: z.literal(true), offsetMs: z.number() })]),
      })
      .optional(),
    /** Absent in records written before issue #10: the profile's factory firmware. */
    firmware: z.object({ version: z.string(), build: z.string() }).optional(),
    /** Issue #10 (ports.ts): absent in older records, filled with the profile's capture. */
    ports: z
      .array(
        z.object({
          protocol: z.string(),
          enabled: z.boolean(),
          port: z.number().int().min(1).max(65535).optional(),
          options: z.record(z.string(), z.boolean()),
          portSetByDevice: z.boolean().optional(),
        }),
      )
      .optional(),
    /** Issue #10 (https-certificate.ts): absent until the device first needs it. */
    certificate: z.object({ key: z.string(), cert: z.string() }).optional(),
    /** Issue #11: hashes only, in the forms the recovery modules write (a hand-edited work factor is refused). */
    recovery: z
      .object({
        questions: z.array(z.object({ id: z.number().int(), answerHash: z.string().regex(ANSWER_HASH_PATTERN) }).strict()).optional(),
        email: z.string().optional(),
        guidHash: z.string().regex(GUID_HASH_PATTERN).optional(),
      })
      .strict()
      .optional(),
  }),
});
