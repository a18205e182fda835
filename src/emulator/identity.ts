import { createHmac } from "node:crypto";
import type { Profile } from "../profiles/index.js";

/** What a unit is born with: burned in at the factory, never changed by a reset. */
export interface Identity {
  /** Full serial: model + [channels] + date + letters + short serial + [suffix] (hik-protocols.md §1.3). */
  readonly serial: string;
  /** The 9-character tail support desks and SADP call the short serial. */
  readonly shortSerial: string;
  /** Lower case, colon-separated (ISAPI form, §2.5); SADP shows it with dashes (§1.4). */
  readonly mac: string;
  readonly deviceId: string;
  readonly realm: string;
  /** 64 upper-case hex characters, per device (SADP `Salt`, SecurityCap `salt`). */
  readonly salt: string;
  /** Manufacture date inside the serial, YYYYMMDD. */
  readonly manufactureDate: string;
}

/** Hikvision OUIs seen in the field (hik-protocols.md §1.4). */
export const HIKVISION_OUIS = ["28:57:be", "4c:bd:8f", "54:c4:15", "c0:56:e3", "e0:50:8b", "bc:ad:28", "44:19:b6"] as const;

const TAIL_LETTERS = "CDEFGHJKL";

/** A deterministic byte source for one device: HMAC-SHA256(fleet seed, label). */
class Derivation {
  constructor(
    private readonly seed: string,
    private readonly name: string,
  ) {}

  bytes(label: string, length: number): Buffer {
    const out: Buffer[] = [];
    for (let i = 0; out.length * 32 < length; i++) {
      out.push(createHmac("sha256", this.seed).update(`${this.name}\0${label}\0${i}`).digest());
    }
    return Buffer.concat(out).subarray(0, length);
  }

  uint(label: string, below: number): number {
    return this.bytes(label, 6).readUIntBE(0, 6) % below;
  }

  digits(label: string, count: number): string {
    return [...this.bytes(label, count)].map((b) => String(b % 10)).join("");
  }
}

/**
 * Derives a unit's identity from the fleet seed and its name, so a restart (or another
 * machine with the same fleet file) gives the same serial, MAC and realm. `attempt`
 * moves to another MAC when the fleet finds a collision.
 */
export function deriveIdentity(seed: string, name: string, profile: Profile, attempt = 0): Identity {
  const d = new Derivation(seed, name);
  const { serial: format } = profile;

  const year = format.yearFrom + d.uint("year", format.yearTo - format.yearFrom + 1);
  const month = 1 + d.uint("month", 12);
  const day = 1 + d.uint("day", 28);
  const manufactureDate = `${year}${pad2(month)}${pad2(day)}`;
  const shortSerial =
    format.tail === "digits9" ? d.digits("tail", 9) : `${TAIL_LETTERS[d.uint("tail-letter", TAIL_LETTERS.length)]}${d.digits("tail", 8)}`;
  const serial = `${profile.model}${format.channelPrefix ?? ""}${manufactureDate}${format.letters}${shortSerial}${format.suffix}`;

  const oui = HIKVISION_OUIS[d.uint(`oui/${attempt}`, HIKVISION_OUIS.length)] as string;
  const nic = [...d.bytes(`nic/${attempt}`, 3)].map((b) => b.toString(16).padStart(2, "0"));
  const mac = [oui, ...nic].join(":");
  const macHex = mac.replaceAll(":", "");

  // §2.5: camera deviceIDs are UUID-shaped with the MAC in them; recorder deviceIDs start
  // with the ASCII (hex) of the short serial and end with the MAC.
  const deviceId =
    profile.deviceIdStyle === "camera"
      ? `${macHex.slice(0, 8)}-${macHex.slice(8)}-11b2-8${d.bytes("uuid", 2).toString("hex").slice(0, 3)}-${macHex}`
      : (() => {
          const ascii = Buffer.from(shortSerial.slice(0, 6), "ascii").toString("hex");
          return `${ascii.slice(0, 8)}-${ascii.slice(8, 12)}-0000-0000-${macHex}`;
        })();

  // §2.2: camera realms carry a 5-character serial-derived tag, e.g. "IP Camera(83813)";
  // NVR realms are 24 hex characters.
  const realm = profile.isapi.realmFormat
    .replace("{tag}", shortSerial.slice(-5))
    .replace("{hex24}", d.bytes("realm", 12).toString("hex"));

  const salt = d.bytes("salt", 32).toString("hex").toUpperCase();
  return { serial, shortSerial, mac, deviceId, realm, salt, manufactureDate };
}

function pad2(n: number): string {
  return String(n).padStart(2, "0");
}
