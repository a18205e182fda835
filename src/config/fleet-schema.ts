import { z } from "zod";
import { CLOCK_MODES, DEFAULT_SETTINGS, parseControl } from "./settings.js";
import { parseIpv4Prefix } from "../util/ipv4.js";
import { isEmailAddress } from "../util/email-address.js";

const ipv4 = z
  .string()
  .regex(/^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/, "expected a dotted IPv4 address such as 127.20.0.10");

const port = z.number().int().min(0).max(65535);

const deviceGroup = z
  .object({
    /** A model from the profile registry, e.g. DS-2CD2146G2-ISU. */
    profile: z.string().min(1),
    count: z.number().int().min(1).max(5000).default(1),
    /** Name template; `{n}` is replaced by 1, 2, … within the group. */
    name: z
      .string()
      .regex(/^[A-Za-z0-9._{}-]+$/, "names may use letters, digits, '.', '_', '-' and the {n} placeholder")
      .optional(),
    state: z.enum(["factory-new", "activated"]).default("factory-new"),
    /** Admin password for `state: activated`. */
    password: z.string().optional(),
    /** Fixed address for a single device; otherwise the next free one from network.base. */
    address: ipv4.optional(),
    /**
     * The firmware release the devices leave the factory with, one the model's profile lists
     * (docs/profiles.md), e.g. the NVR's V3.0.18 with the legacy security code; default: the
     * model's own release.
     */
    firmware: z.string().regex(/^V\d+\.\d+\.\d+$/, "expected a firmware version such as V3.0.18").optional(),
  })
  .strict();

/** The fleet file (README "Fleet file"); defaults here are the documented ones. */
export const fleetFileSchema = z
  .object({
    /** Identities (serial, MAC, realm) are derived from it: keep it to keep them. */
    seed: z.string().min(1).default("hikemu"),
    /** `loopback` (default), `all`, or an interface name (DESIGN.md "Loopback unless told otherwise"). */
    interface: z.string().min(1).default(DEFAULT_SETTINGS.interface),
    network: z
      .object({
        base: ipv4.default("127.20.0.10"),
        mask: ipv4.default("255.255.0.0"),
        gateway: ipv4.default("127.20.0.1"),
      })
      .strict()
      .prefault({}),
    http: z
      .object({
        port: port.default(DEFAULT_SETTINGS.httpPort),
        fallbackPort: port.default(DEFAULT_SETTINGS.httpFallbackPort),
      })
      .strict()
      .prefault({}),
    /** HTTPS (issue #10): ports every device serves TLS on until it sets its own; absent, 443 / 8443 (0 / 0 when http.port is 0). */
    https: z
      .object({
        port: port.optional(),
        fallbackPort: port.optional(),
      })
      .strict()
      .optional(),
    sadp: z
      .object({
        port: port.default(DEFAULT_SETTINGS.sadpPort),
      })
      .strict()
      .prefault({}),
    ssdp: z
      .object({
        /** false: no SSDP / UPnP discovery at all. */
        enabled: z.boolean().default(DEFAULT_SETTINGS.ssdp),
        port: port.default(DEFAULT_SETTINGS.ssdpPort),
      })
      .strict()
      .prefault({}),
    /** `virtual`: device time moves only through the control plane (issue #7). */
    clock: z.enum(CLOCK_MODES).default(DEFAULT_SETTINGS.clock),
    /** Control API listen address, `ADDR:PORT` or `off`; a bare port (YAML reads `9080` as a number) binds 127.0.0.1. */
    control: z
      .union([z.string(), port.transform(String)])
      .default(DEFAULT_SETTINGS.control)
      .refine((text) => {
        try {
          parseControl(text);
          return true;
        } catch {
          return false;
        }
      }, "expected off, ADDR:PORT, [IPv6]:PORT or a port"),
    /** NAT / bridge networks: what SADP reports instead of the served addresses (settings.ts `advertise`). */
    advertise: z
      .string()
      .refine((text) => parseIpv4Prefix(text) !== undefined, "expected an IPv4 address or ADDRESS/PREFIX such as 192.168.50.0/24")
      .optional(),
    /**
     * Mail hikemu sends (issue #11: the support desk's verification codes). The outbox always
     * keeps a copy (`GET /api/mail`); `smtp` also delivers it there. Absent: nothing leaves hikemu.
     * `HIKEMU_SMTP` / `start --smtp` replace `smtp`.
     */
    mail: z
      .object({
        smtp: z
          .object({
            host: z.string().min(1),
            port: port.default(25),
            /** TLS from the first byte (SMTPS, usually 465); false: STARTTLS when the server offers it. */
            secure: z.boolean().default(false),
            user: z.string().min(1).optional(),
            password: z.string().optional(),
          })
          .strict()
          .optional(),
        /** The support desk's sender address; default support@hikemu.invalid. */
        from: z.string().refine(isEmailAddress, "expected an e-mail address such as support@lab.example").optional(),
      })
      .strict()
      .optional(),
    devices: z.array(deviceGroup).min(1, "a fleet needs at least one device group"),
  })
  .strict();

export type FleetFile = z.output<typeof fleetFileSchema>;
export type DeviceGroup = z.output<typeof deviceGroup>;
