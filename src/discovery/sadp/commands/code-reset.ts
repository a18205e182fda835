import type { Device } from "../../../emulator/device.js";
import type { Actor } from "../../../emulator/events.js";
import { DeviceError } from "../../../emulator/errors.js";
import { isKeyFileAnswer } from "../../../emulator/recovery/key-file-recovery.js";
import { sadpCode, sadpNewPassword } from "./new-password.js";
import { answer, type CommandAnswer } from "./reply.js";
import type { SadpCommand } from "./requests.js";

type ResetCommand = Extract<SadpCommand, { kind: "reset" }>;

/** The shape of a §7 security code: the digits of a 32-bit number mapped through QRSqrdeyz9. */
const SECURITY_CODE = /^[QRSqrdeyz9]{1,10}$/;

/**
 * `getcode` (hik-protocols.md §1.8.2, SADP "Export"): the device's key blob in `<Code>`, the
 * content SADP Tool saves as DeviceKey.xml. Firmware without the key file answers notSupport.
 */
export function getCode(device: Device): CommandAnswer {
  return answer("ok", [["Code", device.recovery.keyFile.export()]]);
}

/**
 * `reset` with `MAC`, `Code`, `Password` (§1.5 template). What the Code is depends on the
 * firmware (profile `recovery`):
 * - the legacy security code (§1.8.1, §7) where the firmware offers it: the admin password
 *   becomes the factory one; a `Password` the newer SADP versions send is ignored;
 * - else the support desk's key-file answer (the Encrypt.xml Code, §1.8.2) with the new password;
 * - else, 8 characters on firmware with the QR key: the key the support read from the QR code;
 * - else a security code's shape: notSupport, as this firmware has no such code.
 */
export async function codeReset(device: Device, command: ResetCommand, peer: string): Promise<CommandAnswer> {
  const code = sadpCode(command.code);
  const actor: Actor = { via: "sadp", peer };
  const { recovery } = device;
  if (recovery.passwordReset.offers("securityCode")) {
    await recovery.securityCode.reset(code, actor);
    return answer("ok");
  }
  const keyFileAnswer = isKeyFileAnswer(code);
  // The support desk's key for a QR code (§1.8.5, qr-recovery.ts): 8 characters, typed with or
  // without spaces and dashes.
  if (!keyFileAnswer && code.replace(/[\s-]/g, "").length === 8 && recovery.passwordReset.offers("qrKey")) {
    await recovery.qr.resetWithKey(code, sadpNewPassword(device, command.password), actor, "key");
    return answer("ok");
  }
  // A code of §7's alphabet, at most 10 characters, is a security code: this firmware has none.
  if (!keyFileAnswer && SECURITY_CODE.test(code)) throw new DeviceError("notSupport", "this firmware has no security code reset");
  // Anything else is read as a key-file answer: one that is not refuses with badResetCode (and a
  // recoveryFailed in the device log), firmware without the key file with notSupport.
  await recovery.keyFile.reset(code, sadpNewPassword(device, command.password), actor);
  return answer("ok");
}

