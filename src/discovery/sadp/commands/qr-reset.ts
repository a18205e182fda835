import type { Device } from "../../../emulator/device.js";
import type { Actor } from "../../../emulator/events.js";
import { sadpCode, sadpNewPassword } from "./new-password.js";
import { answer, type CommandAnswer } from "./reply.js";
import type { SadpCommand } from "./requests.js";

type MailResetCommand = Extract<SadpCommand, { kind: "MailReset" }>;

/**
 * QR recovery over SADP (hik-protocols.md §1.8.5; issue #11 methods 3 and 6): SADP Tool's
 * "Forgot password" shows the QR code the device answers `GetQRcodes` with, and sends the
 * e-mailed verification code with the new password in `MailReset`. The key of key mode comes
 * back through `reset` (its 8-character Code), routed to `device.recovery.qr.resetWithKey`.
 */

/**
 * `GetQRcodes`: a fresh challenge (replacing any pending one); its payload in `<QRCode>`.
 * UNCERTAIN: no capture shows the reply; the element name is ours, after the command's name.
 */
export function getQrCodes(device: Device): CommandAnswer {
  const payload = device.recovery.qr.challenge();
  return answer("ok", [["QRCode", payload]]);
}

/**
 * `MailReset`: the verification code in `<Code>` (requests.ts: the sadp.dll template names only
 * `Password` and `SyncIPCPassword`, UNCERTAIN where the code goes) and the new password in
 * `<Password>`, read as every recovery's (new-password.ts: plain text, or the §1.6 form after
 * `exchangecode`). Answers like `reset`: "Password error!" for a wrong code, "Export file
 * overdue!" for an expired or voided one, "Risk password!" for a weak one.
 */
export async function mailReset(device: Device, command: MailResetCommand, peer: string | undefined): Promise<CommandAnswer> {
  const code = sadpCode(command.code);
  const password = sadpNewPassword(device, command.password);
  const actor: Actor = { via: "sadp", ...(peer === undefined ? {} : { peer }) };
  await device.recovery.qr.resetWithKey(code, password, actor, "email");
  return answer("ok");
}
