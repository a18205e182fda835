import { z } from "zod";
import { webSchema } from "./web-schema.js";
import { deviceLogSchema, configurationFileSchema, systemSchema } from "./system-schema.js";
import { resourcesSchema, mediaSchema } from "./client-resources-schema.js";
import { replyStyleSchema } from "./reply-style.js";

/**
 * A device model as data (DESIGN.md "Profiles"). Behaviour that differs by model or
 * firmware is a field here, never an `if (model === …)` in code.
 */
/**
 * SecurityCap elements hikemu can report, in the order of the DS-2CD2146G2-ISU capture
 * (real-responses/DS-2CD2146G2-ISU/System_capabilities.json); the NVR capture keeps that order.
 */
export const SECURITY_CAP_ELEMENTS = [
  "supportUserNums",
  "userBondIpNums",
  "userBondMacNums",
  "isSupCertificate",
  "issupIllegalLoginLock",
  "isSupportOnlineUser",
  "securityVersion",
  "keyIterateNum",
  "isSupportUserCheck",
  // Issue #11: the iDS-7208HQHI-M1 capture has it here; none of our models' captures does.
  "isSupportGUIDFileDataExport",
  "isSupportSecurityQuestionConfig",
  "SecurityLimits",
  "RSAKeyLength",
  "WebCertificateCap",
  "isIrreversible",
  "salt",
  "isSupportSecurityEmail",
  "maxIllegalLoginTimes",
  "maxIllegalLoginLockTime",
] as const;
export type SecurityCapElement = (typeof SECURITY_CAP_ELEMENTS)[number];

const ipv4 = z.string().regex(/^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/, "expected a dotted IPv4 address");


/** The fields of one firmware release of a model; `profileSchema` adds the model's other releases. */
const releaseProfileSchema = z
  .object({
    /** Model string as deviceInfo `model` and SADP `DeviceDescription` show it. */
    model: z.string().min(3),
    type: z.enum(["ipc", "nvr", "dvr"]),
    /** Where the field values come from (a fixture or the reference), for docs and reviewers. */
    source: z.string(),
    firmware: z.object({
      version: z.string().regex(/^V\d+\.\d+\.\d+$/),
      build: z.string().regex(/^\d{6}$/),
      encoderVersion: z.string(),
      encoderBuild: z.string().regex(/^\d{6}$/),
      bootVersion: z.string().optional(),
      bootReleasedDate: z.string().optional(),
      /** deviceInfo `firmwareVersionInfo`, e.g. B-R-G5-0; absent on older firmware. */
      versionInfo: z.string().optional(),
    }),
    /**
     * Whether the firmware has activation (issue #5). From V5.3.0 a device leaves the factory
     * inactive and needs RSA/AES activation (hik-protocols.md §2.3); earlier firmware has none:
     * active from the factory as admin / 12345 (§1.8, §7), and the activation resources and
     * SADP commands do not exist on it.
     */
    activation: z.discriminatedUnion("mode", [
      z.object({ mode: z.literal("rsa") }).strict(),
      z.object({ mode: z.literal("none"), factoryPassword: z.string().min(1) }).strict(),
    ]),
    deviceInfo: z.object({
      deviceName: z.string(),
      /** deviceInfo `deviceType`: IPCamera | IPDome | NVR | DVR (hik-protocols.md §2.5). */
      deviceType: z.enum(["IPCamera", "IPDome", "NVR", "DVR"]),
      /** Camera-only elements (deviceDescription, location, contact, boot, beep …). */
      cameraFields: z.boolean(),
      hardwareVersion: z.string(),
      telecontrolID: z.number().int(),
      manufacturerField: z.boolean(),
      /** Whether deviceInfo has `subSerialNumber`; absent: where the firmware has firmwareVersionInfo. */
      subSerialNumber: z.boolean().optional(),
      oemCode: z.string().optional(),
      /** Extra elements appended in order (NVR/DVR: decordChannelNums, VGANums, …). */
      extra: z.array(z.tuple([z.string(), z.string()])).default([]),
    }),
    isapi: z.object({
      namespace: z.string().url(),
      /** `version` attribute of DeviceInfo (1.0 or 2.0, both seen: real-responses README). */
      deviceInfoVersion: z.enum(["1.0", "2.0"]),
      /** `Server:` banner (hik-protocols.md §2.12). */
      server: z.string(),
      /** Body of a 401: the V5.5 camera HTML page or the NVR userCheck XML (§2.2). */
      unauthorizedBody: z.enum(["html", "userCheck"]),
      /** WWW-Authenticate layout: camera (V5.5 cassette) or recorder (NVR capture), §2.2. */
      challengeStyle: z.enum(["camera", "recorder"]),
      /** HTTP status for protected resources while inactive (§2.3 says "401 or 403": UNCERTAIN). */
      notActivatedHttpStatus: z.union([z.literal(401), z.literal(403)]),
      /** Digest realm: `{tag}` is the per-device tag, `{hex24}` 24 hex chars (§2.2). */
      realmFormat: z.string(),
      /** Seconds a Digest nonce stays valid before the device answers stale=TRUE (our choice). */
      nonceLifetimeSeconds: z.number().int().positive(),
      /**
       * ResponseStatus of reboot and factoryReset: statusCode 1 OK, or 7 Reboot Required on some
       * firmware (§2.6 UNCERTAIN which), so a profile choice.
       */
      rebootReply: z.enum(["ok", "rebootRequired"]).default("ok"),
      /** `/SDK/activateStatus` adds supportVersion on G5 firmware (§2.3): omitted = classic flow only. */
      activateSupportVersion: z.number().int().optional(),
      /** Reply headers, keep-alive and error details of the firmware's web server (reply-style.ts). */
      replies: replyStyleSchema,
    }),
    sadp: z.object({
      /** Numeric DeviceType (140071 camera, 44322 DVR seen in §1.3; others UNCERTAIN). */
      deviceType: z.number().int(),
      dspVersion: z.string(),
      analogChannels: z.number().int().min(0),
      digitalChannels: z.number().int().min(0),
      diskNumber: z.number().int().min(0),
      // PasswordResetAbility, PasswordResetModeSecond, SupportSecurityQuestion, SupportGUID and
      // SupportMailBox follow the `recovery` list (probe-match.ts): one source for SADP and SecurityCap.
      syncIPCPassword: z.boolean(),
      supportHCPlatform: z.boolean(),
      /** Some firmware really writes `flase` for HCPlatformEnable false (§1.3). */
      hcPlatformFalseSpelling: z.enum(["false", "flase"]),
      /**
       * SADP commands (issue #8). Defaults apply when a profile says nothing, so existing
       * profiles need no edit.
       */
      commands: z
        .object({
          /**
           * Wrong SADP passwords in a row before `DeviceLock` (§1.3, UNCERTAIN semantics) and
           * how long it lasts: our choice is the camera web lockout of §2.11 (7, 30 minutes).
           */
          lockAttempts: z.number().int().positive().default(7),
          lockSeconds: z.number().int().positive().default(1800),
          /**
           * The element of a command reply that carries sadp.dll's text for a failure
           * ("Password error!", "Risk password!", …, §1.5). No capture shows where a device
           * puts it (UNCERTAIN): ours is `<ResultDescription>`; "" leaves it out.
           */
          resultTextElement: z.union([z.literal(""), z.string().regex(/^[A-Za-z_][A-Za-z0-9_.-]*$/)]).default("ResultDescription"),
        })
        .strict()
        .prefault({}),
    }),
    serial: z.object({
      /** Two-digit channel count between model and date (NVR/DVR serials, §1.3 capture). */
      channelPrefix: z.string().regex(/^\d\d$/).optional(),
      letters: z.string().regex(/^[A-Z]{4}$/),
      /** The short serial: 9 digits (older) or one letter + 8 digits (newer). */
      tail: z.enum(["digits9", "letter8"]),
      suffix: z.string().regex(/^[A-Z]*$/).default(""),
      yearFrom: z.number().int(),
      yearTo: z.number().int(),
    }),
    /** deviceID shape (§2.5): cameras UUID with the MAC, NVRs ASCII-of-serial + MAC. */
    deviceIdStyle: z.enum(["camera", "recorder"]),
    /**
     * The reset button (issue #7). The documented procedure is power off, hold, power on, keep
     * holding `holdSeconds` (10–15 s), release (`atPowerOn`); some models also reset when held
     * about 10 s while running, until the status light flashes (`whileRunning`).
     */
    resetButton: z
      .object({
        present: z.boolean(),
        holdSeconds: z.number().positive(),
        atPowerOn: z.boolean().default(true),
        whileRunning: z.boolean().default(false),
      })
      .strict(),
    /** The password recovery methods the firmware offers (issue #11; hik-protocols.md §1.8, §2.8, §7). */
    recovery: z.array(z.enum(["securityCode", "exportKeyFile", "qrKey", "guidFile", "securityQuestions", "reservedEmail"])),
    /**
     * How long recovery tokens live, in seconds of the device clock (issue #11). `keyExport`: an
     * exported key file (§1.5 "Export file overdue!": 48 h); `keyAnswer`: the support desk's import
     * file (the seeds: 24 h); `qrKey`: the key issued for a QR code; `emailCode`: the e-mailed
     * verification code (the seeds: 48 h).
     */
    recoveryExpiry: z
      .object({
        keyExport: z.number().int().positive(),
        keyAnswer: z.number().int().positive(),
        qrKey: z.number().int().positive(),
        emailCode: z.number().int().positive(),
      })
      .strict()
      .default({ keyExport: 48 * 3600, keyAnswer: 24 * 3600, qrKey: 48 * 3600, emailCode: 48 * 3600 }),
    /**
     * The firmware's security question catalogue (issue #11, recovery/security-questions.ts):
     * ids as the web UI numbers them (from 1) and the texts the local GUI and web UI show. The
     * texts are UNCERTAIN (no capture of the list; paraphrased from what NVR manuals' screens
     * show: family names, teachers, childhood); the admin answers three distinct ones.
     */
    securityQuestions: z
      .array(z.object({ id: z.number().int().positive(), text: z.string().min(1) }).strict())
      .default([
        { id: 1, text: "Your father's name." },
        { id: 2, text: "Your mother's name." },
        { id: 3, text: "Your senior class teacher's name." },
        { id: 4, text: "Your junior class teacher's name." },
        { id: 5, text: "Your primary class teacher's name." },
        { id: 6, text: "Your best childhood friend's name." },
        { id: 7, text: "Your first pet's name." },
        { id: 8, text: "The city you were born in." },
        { id: 9, text: "Your favourite book." },
        { id: 10, text: "Your favourite sport." },
      ]),
    /** Seconds from power-on (or the end of shutdown) until the services answer (§2.6: 1–2 min away). */
    bootSeconds: z.number().positive(),
    /** Seconds a reboot spends shutting down before it boots again (our choice: a few). */
    shutdownSeconds: z.number().nonnegative().default(3),
    /** A camera's IR-cut filter clicks during boot (the seeds); recorders have none. */
    irCutFilter: z.boolean(),
    lockout: z.object({
      adminAttempts: z.number().int().positive(),
      userAttempts: z.number().int().positive(),
      lockSeconds: z.number().int().positive(),
    }),
    poePorts: z.number().int().min(0),
    factoryNetwork: z.object({ ipv4, mask: ipv4, gateway: ipv4, dhcp: z.boolean() }),
    /**
     * `/ISAPI/Security/adminAccesses` as captured: each protocol's elements in order. The HTTP
     * entry's portNo is replaced by the port actually served; SADP CommandPort and
     * SDKOverTLSPort come from the DEV_MANAGE and SDK_OVER_TLS entries.
     */
    adminAccesses: z.object({
      /** Cameras repeat version/xmlns on every AdminAccessProtocol; the NVR does not. */
      entryAttributes: z.boolean(),
      protocols: z
        .array(z.array(z.tuple([z.string(), z.string()])).min(3))
        .refine((list) => ["HTTP", "DEV_MANAGE"].every((p) => list.some((fields) => isProtocol(fields, p))), {
          message: "needs an HTTP and a DEV_MANAGE entry (the served port and SADP CommandPort)",
        }),
    }),
    passwordPolicy: z.object({ minLength: z.number().int(), maxLength: z.number().int() }),
    deviceLog: deviceLogSchema,
    resources: resourcesSchema,
    media: mediaSchema,
    /**
     * Accounts and web security (issue #9), from each model's SecurityCap capture
     * (real-responses/<model>/System_capabilities.json). Defaults are the G2 camera's.
     */
    security: z
      .object({
        /** WebCertificateCap CertificateType `opt`: which HTTP auth settings the firmware offers (§2.2). */
        webAuthOptions: z.array(z.enum(["digest", "digest/basic"])).min(1).default(["digest", "digest/basic"]),
        /** The setting a factory-new device has; `digest/basic` on old firmware that accepted Basic (§2.2). */
        webAuthDefault: z.enum(["digest", "digest/basic"]).default("digest"),
        /** SecurityAlgorithm algorithmType `opt`; absent on firmware that only knows MD5. */
        digestAlgorithmOptions: z.array(z.enum(["MD5", "SHA256", "MD5/SHA256"])).min(1).default(["MD5"]),
        digestAlgorithmDefault: z.enum(["MD5", "SHA256", "MD5/SHA256"]).default("MD5"),
        /** SecurityCap supportUserNums: users the device holds, admin included. */
        maxUsers: z.number().int().min(1).default(32),
        /** SecurityCap maxIllegalLoginTimes min/max (the default is `lockout.adminAttempts`). */
        lockAttemptsRange: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }).strict().default({ min: 3, max: 20 }),
        /** Lock time range `/ISAPI/Security/illegalLoginLock` accepts, seconds (our choice: 1 min to 2 h). */
        lockSecondsRange: z.object({ min: z.number().int().positive(), max: z.number().int().positive() }).strict().default({ min: 60, max: 7200 }),
        /** SecurityCap issupIllegalLoginLock: the lockout is configurable over ISAPI. */
        illegalLoginLockResource: z.boolean().default(true),
        /** SecurityCap isSupportOnlineUser. */
        onlineUser: z.boolean().default(true),
        /** userCheck and sessionLogin carry isDefaultPassword / isRiskPassword / isActivated (newer firmware, §2.2). */
        userCheckFlags: z.boolean().default(true),
        /** Changing a password needs `<loginPassword>`, the requester's own (§2.8, UNCERTAIN: newer firmware). */
        requireLoginPassword: z.boolean().default(true),
        /** Web session login (§2.4); firmware before it has only HTTP auth. */
        session: z
          .object({
            supported: z.boolean().default(true),
            /** keyIterateNum / SessionLoginCap iterations. */
            iterations: z.number().int().min(2).default(100),
            /** SessionLoginCap sessionIDVersion; "2.1" would add salt2 and is not emulated. */
            sessionIDVersion: z.literal("2").default("2"),
            /**
             * Seconds a session lives without a request or heartbeat (the web UI beats every 30 s,
             * §2.4). No source gives the device's figure (UNCERTAIN): ours is 120.
             */
            idleSeconds: z.number().int().positive().default(120),
            /** Sessions held at once; the least recently used goes first (our bound). */
            capacity: z.number().int().positive().default(64),
          })
          .strict()
          .prefault({}),
        /**
         * The elements `/ISAPI/Security/capabilities` (SecurityCap) has on this firmware, as its
         * capture shows them; the values come from the rest of the profile (security-auth.ts).
         * Default: the DS-2CD2146G2-ISU capture's elements that hikemu emulates.
         */
        capabilityElements: z.array(z.enum(SECURITY_CAP_ELEMENTS)).default(SECURITY_CAP_ELEMENTS.filter((e) => e !== "isSupportGUIDFileDataExport")),
        /** SecurityCap userBondIpNums / userBondMacNums (0 on the cameras, 1 on the NVR capture). */
        userBondNums: z.object({ ip: z.number().int().min(0), mac: z.number().int().min(0) }).strict().default({ ip: 0, mac: 0 }),
        /** SecurityCap RSAKeyLength opt / def (the G2 capture: 1024,2048, 2048). */
        rsaKeyLength: z.object({ options: z.array(z.number().int().positive()).min(1), default: z.number().int().positive() }).strict().default({ options: [1024, 2048], default: 2048 }),
      })
      .strict()
      .prefault({})
      .refine((s) => s.webAuthOptions.includes(s.webAuthDefault) && s.digestAlgorithmOptions.includes(s.digestAlgorithmDefault), {
        message: "the default web auth and digest algorithm must be among the options",
      }),
    configurationFile: configurationFileSchema,
    system: systemSchema,
    /** Seconds a firmware upgrade spends writing flash before the device reboots (our choice: a minute). */
    upgradeSeconds: z.number().positive().default(60),
    /** The web admin's server (issue #12, web-schema.ts). */
    web: webSchema,
  })
  .strict();

// ---- Firmware releases (issue #10): profiles follow firmware.

type ReleaseFields = z.input<typeof releaseProfileSchema>;
type Overrides<T> = { readonly [K in keyof T]?: T[K] extends readonly unknown[] ? T[K] : T[K] extends object | undefined ? Overrides<NonNullable<T[K]>> : T[K] };
const overrides = <T>() => z.custom<Overrides<T>>((value) => typeof value === "object" && value !== null && !Array.isArray(value), "expected an object of overrides").optional();

/**
 * Another firmware release the model can run (`hikemu firmware build`, `PUT updateFirmware`):
 * its `firmware` block and what that firmware changes, as overrides of the factory release.
 * `firmware` and `activation` replace the factory's whole; the other blocks are merged into it
 * (arrays replace). Each release is built and validated as a complete profile at load
 * (releases.ts), so a bad override fails there, naming the release.
 */
export const releaseSchema = z
  .object({
    firmware: releaseProfileSchema.shape.firmware,
    /** Where the release's values come from (a capture, a reference section, our choice). */
    source: z.string().optional(),
    activation: releaseProfileSchema.shape.activation.optional(),
    recovery: releaseProfileSchema.shape.recovery.optional(),
    deviceInfo: overrides<ReleaseFields["deviceInfo"]>(),
    isapi: overrides<ReleaseFields["isapi"]>(),
    sadp: overrides<ReleaseFields["sadp"]>(),
    security: overrides<NonNullable<ReleaseFields["security"]>>(),
    bootSeconds: z.number().positive().optional(),
    upgradeSeconds: z.number().positive().optional(),
  })
  .strict();

export const profileSchema = z
  .object({
    ...releaseProfileSchema.shape,
    /** Other firmware releases of this model; the profile itself is its factory release. */
    releases: z.array(releaseSchema).default([]),
  })
  .strict();

export type ReleaseInput = z.input<typeof releaseSchema>;
export type ProfileInput = z.input<typeof profileSchema>;
export type Profile = Readonly<z.output<typeof profileSchema>>;

/** Whether an adminAccesses entry (its captured fields) is the one for `protocol` (HTTP, DEV_MANAGE, …). */
export function isProtocol(fields: readonly (readonly [string, string])[], protocol: string): boolean {
  return fields.some(([k, v]) => k === "protocol" && v === protocol);
}

/** The port of an adminAccesses protocol (DEV_MANAGE, SDK_OVER_TLS, …), if the model has it. */
export function protocolPort(profile: Profile, protocol: string): number | undefined {
  const entry = profile.adminAccesses.protocols.find((fields) => isProtocol(fields, protocol));
  const port = entry?.find(([k]) => k === "portNo")?.[1];
  return port === undefined ? undefined : Number(port);
}
