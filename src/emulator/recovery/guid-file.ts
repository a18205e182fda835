import type { EventEmitter } from "node:events";
import type { Actor, DeviceEventMap } from "../events.js";
import type { Identity } from "../identity.js";
import { randomHex, type Random } from "../random.js";
import type { FlashAccess } from "../state.js";
import { DeviceError } from "../errors.js";
import type { AttemptGate } from "./attempt-gate.js";
import type { PasswordReset } from "./password-reset.js";

export interface GuidFileDeps extends FlashAccess {
  readonly name: string;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly identity: Identity;
  readonly random: Random;
  readonly passwordReset: PasswordReset;
  readonly gate: AttemptGate;
}

/** What a GUID file carries: the device it belongs to and its GUID. */
export interface GuidFileContent {
  readonly serial: string;
  readonly guid: string;
}

/** An exported GUID file: the GUID, the file's name and its bytes (text). */
export interface GuidFileExport extends GuidFileContent {
  readonly fileName: string;
  readonly content: string;
}

/** 32 upper-case hex digits (128 random bits). */
const GUID_PATTERN = /^[0-9A-F]{32}$/;

/**
 * The GUID file (issue #11; hik-protocols.md §1.8.3, §2.8), `device.recovery.guid`. Exported
 * while logged in as admin (ISAPI `GUIDFileData`, SADP `ExportGUID`): each export draws a new
 * GUID from the Random port and keeps it in flash (`recovery.guid`), so only the last file
 * exported works (our choice: a file handed out earlier is voided by a new export). A reset
 * with it (SADP `GUIDReset`, ISAPI `GUIDCertification`, the NVR's local "Import GUID File")
 * sets the new admin password and rotates the GUID: "When the new password is set, the
 * original GUID file will be invalid" (NVR manuals). A GUID that is not the device's — an old
 * file, another device's — is refused (`badResetCode`, counted by the attempt gate; the
 * manuals: 7 wrong files lock the reset for 30 minutes); no export yet is `recoveryNotConfigured`.
 * Restore keeps the GUID (flash `recovery`), Default removes it (state.ts).
 *
 * The real file's format is not known (binary, UNCERTAIN); ours is a small XML text file,
 * `<GUIDFile version="1.0"><DeviceSN>…</DeviceSN><GUID>…</GUID></GUIDFile>` (encodeGuidFile).
 */
export class GuidFile {
  constructor(private readonly deps: GuidFileDeps) {}

  /** Whether the firmware offers the method (SADP SupportGUID, SecurityCap isSupportGUIDFileDataExport). */
  get offered(): boolean {
    return this.deps.passwordReset.offers("guidFile");
  }

  /** Whether a GUID file was exported (and not yet used). */
  get exported(): boolean {
    return this.deps.flash().recovery?.guid !== undefined;
  }

  /** A new GUID, kept in flash; the file that carries it. The admin's authorisation is the front's. */
  export(actor: Actor): Promise<GuidFileExport> {
    this.deps.passwordReset.requireOffered("guidFile");
    return this.deps.exclusive(async () => {
      const flash = this.deps.flash();
      if (!flash.activated) throw new DeviceError("notActivated", "activate the device first");
      const guid = this.#newGuid();
      await this.deps.writeFlash({ ...flash, recovery: { ...flash.recovery, guid } });
      this.deps.events.emit("settingsChanged", { name: this.deps.name, setting: "guidFile", actor });
      const serial = this.deps.identity.serial;
      return { serial, guid, fileName: `GUID_${serial}.xml`, content: encodeGuidFile({ serial, guid }) };
    });
  }

  /** Reset with the content of a GUID file (ISAPI, local GUI): the file must be this device's. */
  resetWithFile(file: string, newPassword: string, actor: Actor, options: { readonly syncIPCPassword?: boolean } = {}): Promise<void> {
    const content = decodeGuidFile(file);
    return this.#reset(content.guid, content.serial, newPassword, actor, options);
  }

  /** Reset with the GUID alone (SADP GUIDReset, §1.5 template `GUID`, `Password`, `SyncIPCPassword`). */
  reset(guid: string, newPassword: string, actor: Actor, options: { readonly syncIPCPassword?: boolean } = {}): Promise<void> {
    return this.#reset(guid, undefined, newPassword, actor, options);
  }

  #reset(guid: string, serial: string | undefined, newPassword: string, actor: Actor, options: { readonly syncIPCPassword?: boolean }): Promise<void> {
    return this.deps.gate.guard(actor, () =>
      this.deps.passwordReset.reset({
        method: "guidFile",
        password: { kind: "chosen", password: newPassword },
        actor,
        ...(options.syncIPCPassword === undefined ? {} : { syncIPCPassword: options.syncIPCPassword }),
        verify: (flash) => {
          const current = flash.recovery?.guid;
          if (current === undefined) throw new DeviceError("recoveryNotConfigured", "no GUID file was exported");
          if (serial !== undefined && serial !== this.deps.identity.serial) throw new DeviceError("badResetCode", "the GUID file belongs to another device");
          if (guid.trim().toUpperCase() !== current) throw new DeviceError("badResetCode", "the GUID is not the device's current one (an old file, or another device's)");
          // Rotated: the file just used is void; the admin exports a new one.
          return { recovery: { ...flash.recovery, guid: this.#newGuid() } };
        },
      }),
    );
  }

  #newGuid(): string {
    return randomHex(this.deps.random, 32).toUpperCase();
  }
}

/** The file hikemu writes for a GUID export (its own format: the real one is not known). */
export function encodeGuidFile(content: GuidFileContent): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<GUIDFile version="1.0">\n<DeviceSN>${escapeXml(content.serial)}</DeviceSN>\n<GUID>${content.guid}</GUID>\n</GUIDFile>\n`;
}

/** A GUID file back into its content; `badXmlContent` naming GUIDFileData when it is not one. */
export function decodeGuidFile(file: string): GuidFileContent {
  const root = /<GUIDFile\b[^>]*>([\s\S]*)<\/GUIDFile>/.exec(file);
  const serial = root && /<DeviceSN>([^<]{1,64})<\/DeviceSN>/.exec(root[1] ?? "");
  const guid = root && /<GUID>\s*([0-9A-Fa-f]{32})\s*<\/GUID>/.exec(root[1] ?? "");
  if (!serial?.[1] || !guid?.[1]) throw new DeviceError("badXmlContent", "GUIDFileData is not a GUID file (GUIDFile with DeviceSN and a 32-hex GUID)");
  const normalised = guid[1].toUpperCase();
  if (!GUID_PATTERN.test(normalised)) throw new DeviceError("badXmlContent", "GUIDFileData: GUID must be 32 hex digits");
  return { serial: unescapeXml(serial[1].trim()), guid: normalised };
}

function escapeXml(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function unescapeXml(text: string): string {
  return text.replaceAll("&lt;", "<").replaceAll("&gt;", ">").replaceAll("&amp;", "&");
}
