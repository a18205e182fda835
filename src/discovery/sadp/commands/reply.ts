import type { Device } from "../../../emulator/device.js";
import { catalogEntry, type ErrorCode } from "../../../emulator/errors.js";
import { sadpMac } from "../../../util/mac.js";
import { encodeProbeMatch, type ProbeMatchFields, type ProbeMatchTree, type SadpProbe } from "../codec.js";

/** What a command handler answers: a catalog code and the command's own extra elements. */
export interface CommandAnswer {
  readonly code: ErrorCode;
  readonly extra?: ProbeMatchFields;
  /** Elements with children, after `extra` (codec.ts ProbeMatchTree). */
  readonly tree?: ProbeMatchTree;
}

export const answer = (code: ErrorCode, extra: ProbeMatchFields = [], tree: ProbeMatchTree = {}): CommandAnswer => ({ code, extra, tree });

/**
 * The action response of §1.5: `<ProbeMatch>` with `Uuid` (echo), `MAC` (the device's, lower
 * case with dashes), `Types` (echo), `Result` success | failure | denied, then the command's
 * extra elements (e.g. `Code`). A non-success also carries sadp.dll's text for it ("Password
 * error!", "Risk password!", …, §1.5) in the profile's `sadp.commands.resultTextElement`
 * (`ResultDescription` by default): no capture shows whether or where a device sends it
 * (UNCERTAIN), and clients that map `Result` alone ignore an element they do not know.
 */
export function encodeCommandReply(device: Device, probe: SadpProbe, reply: CommandAnswer): Buffer {
  const entry = catalogEntry(reply.code);
  const fields: [string, string][] = [
    ["Uuid", probe.uuid],
    ["MAC", sadpMac(device.identity.mac)],
    ["Types", probe.types],
    ["Result", entry.sadpResult],
  ];
  const element = device.profile.sadp.commands.resultTextElement;
  if (entry.sadpResult !== "success" && element) fields.push([element, entry.sadpText]);
  return encodeProbeMatch([...fields, ...(reply.extra ?? [])], reply.tree ?? {});
}
