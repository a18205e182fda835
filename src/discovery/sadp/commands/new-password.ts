import type { Device } from "../../../emulator/device.js";
import { DeviceError } from "../../../emulator/errors.js";
import { sadpCipher } from "./activation.js";

/**
 * The new admin password of every SADP recovery (`reset`, `GUIDReset`, `AnswerReset`,
 * `MailReset`). SADP Tool sends `exchangecode` before `reset` in the export flow (§1.8.2); with
 * an exchange pending, `<Password>` is first read as the §1.6 form (Base64 of AES-128-ECB over
 * challenge[0:16] + password, zero-padded) and decrypted with that challenge; a text that does
 * not decrypt to the challenge's prefix, or any text without an exchange, is the password in
 * plain text (what scripts send). The sadp.dll templates of the other commands (§1.5) show no
 * exchange (UNCERTAIN which form a device expects): both are accepted for all.
 */
export function sadpNewPassword(device: Device, password: string | undefined): string {
  if (password === undefined || password === "") throw new DeviceError("badXmlContent", "Password (the new password) is missing");
  return device.exchangedPassword(sadpCipher(password)) ?? password;
}

/** The code a recovery command proves itself with (`reset`, `MailReset`): refused when absent or blank. */
export function sadpCode(code: string | undefined): string {
  const trimmed = code?.trim();
  if (!trimmed) throw new DeviceError("badXmlContent", "Code is missing");
  return trimmed;
}
