import { createHash, timingSafeEqual } from "node:crypto";
import type { EventEmitter } from "node:events";
import type { Actor, DeviceEventMap } from "../events.js";
import type { Identity } from "../identity.js";
import { randomHex, type Random } from "../random.js";
import type { FlashAccess } from "../state.js";
import { DeviceError } from "../errors.js";
import type { PasswordReset } from "./password-reset.js";

export interface GuidFileDeps extends FlashAccess {
  readonly name: string;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly identity: Identity;
  readonly random: Random;
  readonly passwordReset: PasswordReset;
}

/** What a GUID file carries: the device it belongs to and its GUID (support/guid-file-xml.ts writes and reads the file). */
export interface GuidFileContent {
  readonly serial: string;
  readonly guid: string;
}

/** 32 upper-case hex digits (128 random bits). */
export const GUID_PATTERN = /^[0-9A-F]{32}$/;
/** What flash keeps of the GUID (`recovery.guidHash`): SHA-256 hex of the serial and the GUID. */
export const GUID_HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The GUID file (issue #11; hik-protocols.md §1.8.3, §2.8), `device.recovery.guid`. Exported
 * while logged in as admin (ISAPI `GUIDFileData`, SADP `ExportGUID`): each export draws a new
 * GUID from the Random port, so only the last file exported works (our choice: a file handed
 * out earlier is voided by a new export). Flash keeps only a hash of the device's serial and
 * the GUID (`recovery.guidHash`): the GUID itself is in the file alone, and the hash matches on
 * this device only — a flash image or a configuration carried to another unit unlocks nothing
 * there. A reset with it (SADP `GUIDReset`, ISAPI `GUIDCertification`, the NVR's local "Import
 * GUID File") sets the new admin password and rotates the GUID: "When the new password is
 * set, the original GUID file will be invalid" (NVR manuals). A GUID that is not the device's —
 * an old file, another device's — is refused (`badResetCode`, counted by the attempt gate; the
 * manuals: 7 wrong files lock the reset for 30 minutes); no export yet is
 * `recoveryNotConfigured`. Restore keeps the hash (flash `recovery`), Default removes it (state.ts).
 */
export class GuidFile {
  constructor(private readonly deps: GuidFileDeps) {}

  /** Whether the firmware offers the method (SADP SupportGUID, SecurityCap isSupportGUIDFileDataExport). */
  get offered(): boolean {
    return this.deps.passwordReset.offers("guidFile");
  }

  /** Whether a GUID file was exported (and not yet used). */
  get exported(): boolean {
    return this.deps.flash().recovery?.guidHash !== undefined;
  }

  /** A new GUID, its hash kept in flash; what the file carries. The admin's authorisation is the front's. */
  export(actor: Actor): Promise<GuidFileContent> {
    this.deps.passwordReset.requireOffered("guidFile");
    return this.deps.exclusive(async () => {
      const flash = this.deps.flash();
      if (!flash.activated) throw new DeviceError("notActivated", "activate the device first");
      const guid = this.#newGuid();
      await this.deps.writeFlash({ ...flash, recovery: { ...flash.recovery, guidHash: this.#hash(guid) } });
      this.deps.events.emit("settingsChanged", { name: this.deps.name, setting: "guidFile", actor });
      return { serial: this.deps.identity.serial, guid };
    });
  }

  /**
   * Reset with a GUID file (ISAPI, local GUI) as the front read it (support/guid-file-xml.ts):
   * undefined when it was no GUID file, refused here (`badXmlContent`, not counted) so that the
   * refusal is logged like every other. The file must be this device's.
   */
  resetWithFile(file: GuidFileContent | undefined, newPassword: string, actor: Actor, options: { readonly syncIPCPassword?: boolean } = {}): Promise<void> {
    return this.#reset(file, newPassword, actor, options, (given) => {
      if (given === undefined) throw new DeviceError("badXmlContent", "GUIDFileData is not a GUID file (GUIDFile with DeviceSN and a 32-hex GUID)");
      if (given.serial !== this.deps.identity.serial) throw new DeviceError("badResetCode", "the GUID file belongs to another device");
      return given.guid;
    });
  }

  /** Reset with the GUID alone (SADP GUIDReset, §1.5 template `GUID`, `Password`, `SyncIPCPassword`): bound to this device by the hash. */
  reset(guid: string, newPassword: string, actor: Actor, options: { readonly syncIPCPassword?: boolean } = {}): Promise<void> {
    return this.#reset(guid, newPassword, actor, options, (given) => given);
  }

  #reset<T>(given: T, newPassword: string, actor: Actor, options: { readonly syncIPCPassword?: boolean }, guidOf: (given: T) => string): Promise<void> {
    return this.deps.passwordReset.reset({
      method: "guidFile",
      password: { kind: "chosen", password: newPassword },
      actor,
      ...(options.syncIPCPassword === undefined ? {} : { syncIPCPassword: options.syncIPCPassword }),
      verify: (flash) => {
        const guid = guidOf(given);
        const current = flash.recovery?.guidHash;
        if (current === undefined) throw new DeviceError("recoveryNotConfigured", "no GUID file was exported");
        if (!this.#matches(guid, current)) throw new DeviceError("badResetCode", "the GUID is not the device's current one (an old file, or another device's)");
        // Rotated: the file just used is void; the admin exports a new one.
        return { recovery: { ...flash.recovery, guidHash: this.#hash(this.#newGuid()) } };
      },
    });
  }

  #matches(guid: string, stored: string): boolean {
    const actual = Buffer.from(this.#hash(guid.trim().toUpperCase()), "hex");
    const expected = Buffer.from(stored, "hex");
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  }

  #hash(guid: string): string {
    return createHash("sha256").update(`${this.deps.identity.serial}\0${guid}`, "utf8").digest("hex");
  }

  #newGuid(): string {
    return randomHex(this.deps.random, 32).toUpperCase();
  }
}
