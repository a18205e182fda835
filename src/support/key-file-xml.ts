import { buildXml, parseXml } from "../http/xml.js";
import type { KeyAnswer } from "./key-file.js";

/**
 * The key-file recovery's XML files (hik-protocols.md §1.8.2: SADP Tool saves the export as an
 * XML file, DeviceKey.xml, and imports the support's answer, Encrypt.xml). No sample of either
 * was found; the element names are ours. Both carry the Base64 blob of key-file.ts in `<Code>`.
 */

/** The fields of DeviceKey.xml, the file SADP Tool saves from an export (our element names). */
export interface DeviceKeyFile {
  readonly serial: string;
  /** SADP form, lower case with dashes. */
  readonly mac: string;
  /** The device's wall clock at export, `YYYY-MM-DD HH:MM:SS` (SADP's time form, §1.3). */
  readonly exportTime: string;
  readonly code: string;
}

/** DeviceKey.xml: `<DeviceKey version="1.0">` with DeviceSN, MAC, ExportTime, Code. */
export function deviceKeyXml(file: DeviceKeyFile): string {
  return buildXml({
    name: "DeviceKey",
    attributes: { version: "1.0" },
    children: [
      ["DeviceSN", file.serial],
      ["MAC", file.mac],
      ["ExportTime", file.exportTime],
      ["Code", file.code],
    ],
  });
}

/** Encrypt.xml, the desk's import file: `<EncryptFile version="1.0">` with DeviceSN, ExpireTime (UTC), Code. */
export function encryptXml(answer: KeyAnswer, code: string): string {
  return buildXml({
    name: "EncryptFile",
    attributes: { version: "1.0" },
    children: [
      ["DeviceSN", answer.serial],
      ["ExpireTime", new Date(answer.expiresAt).toISOString().replace(/\.\d{3}Z$/, "Z")],
      ["Code", code],
    ],
  });
}

/**
 * The `<Code>` of a key file: the root's `Code` child of an XML document (whatever the root's
 * name, so a file another tool saved is read too), or the text itself when it is not XML.
 * Undefined when an XML document has no Code.
 */
export function codeOfFile(text: string): string | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith("<")) return trimmed === "" ? undefined : trimmed.replace(/\s+/g, "");
  const doc = parseXml(trimmed);
  if (!doc) return undefined;
  for (const [name, root] of Object.entries(doc)) {
    if (name.startsWith("?") || typeof root !== "object" || root === null) continue;
    const code = (root as Record<string, unknown>)["Code"];
    if (typeof code === "string" && code !== "") return code.replace(/\s+/g, "");
  }
  return undefined;
}
