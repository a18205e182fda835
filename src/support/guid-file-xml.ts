import { buildXml, parseXml, textAt } from "../http/xml.js";
import { GUID_PATTERN, type GuidFileContent } from "../emulator/recovery/guid-file.js";

/**
 * The GUID file (issue #11; hik-protocols.md §1.8.3, §2.8) as the fronts hand it out and take it
 * back. The real file's format is not known (binary, UNCERTAIN); ours is a small XML text file,
 * `<GUIDFile version="1.0"><DeviceSN>…</DeviceSN><GUID>…</GUID></GUIDFile>`. Kept out of the
 * device core (recovery/guid-file.ts deals in the content), as key-file-xml.ts is.
 */

/** The file's bytes (text) for an exported GUID. */
export function guidFileXml(content: GuidFileContent): string {
  return buildXml({
    name: "GUIDFile",
    attributes: { version: "1.0" },
    children: [
      ["DeviceSN", content.serial],
      ["GUID", content.guid],
    ],
  });
}

/**
 * The download's name (our choice): `GUID_<serial>.xml`, with every character a file name may
 * not safely hold (the `/` of recorder models such as DS-7608NXI-I2/8P/S) written as `_`.
 */
export function guidFileName(serial: string): string {
  return `GUID_${serial.replace(/[^A-Za-z0-9._-]/g, "_")}.xml`;
}

/** A GUID file's content, or undefined when the text is not one (root GUIDFile, a DeviceSN, a 32-hex GUID). */
export function readGuidFile(text: string): GuidFileContent | undefined {
  const doc = parseXml(text);
  const serial = doc && textAt(doc, "GUIDFile", "DeviceSN");
  const guid = doc && textAt(doc, "GUIDFile", "GUID")?.toUpperCase();
  if (!serial || serial.length > 64 || guid === undefined || !GUID_PATTERN.test(guid)) return undefined;
  return { serial, guid };
}
