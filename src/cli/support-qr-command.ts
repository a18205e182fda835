import type { Command } from "commander";
import { addControlOptions, controlClient } from "./control-options.js";
import { parseQrPayload } from "../support/qr-key.js";
import { SupportError } from "../support/support-error.js";
import type { QrAnswer, SupportDesk } from "../support/support-desk.js";

/**
 * `hikemu support qr PAYLOAD` (issue #11): the support desk — the vendor app's role — answers a
 * device's QR payload. Key mode is answered by the offline desk (`offlineDesk`, as `code` and
 * `keyfile`: the key needs nothing but the payload), unless `--control`/HIKEMU_CONTROL_URL is given, when the
 * running hikemu's desk answers. E-mail mode always goes through the running hikemu's control
 * API (`POST /api/support/qr`): the code is mailed to its outbox (and SMTP when configured), and
 * only the masked address is printed — read the code with `hikemu mail`.
 */
export function addSupportQrCommand(support: Command, offlineDesk: () => SupportDesk): void {
  addControlOptions(support.command("qr"))
    .description("answer a device's QR recovery payload: print the key (key mode) or mail the verification code to the reserved address (e-mail mode, through the running hikemu)")
    .argument("<payload>", "the text of the device's QR code (hikemu-qr:1?…), as SADP GetQRcodes or GET /ISAPI/Security/email/qrCode shows it")
    .option("--json", "print the desk's answer as JSON")
    .action(async (text: string, opts: { json?: boolean }, command: Command) => {
      const parsed = parseQrPayload(text);
      if (!parsed.ok) throw new SupportError("badQrPayload", `not a hikemu QR payload: ${parsed.problem}`);
      const source = command.getOptionValueSource("control");
      const viaControl = parsed.payload.mode === "email" || source === "cli" || source === "env";
      const answer: QrAnswer = viaControl
        ? await controlClient(command).request<QrAnswer>("POST", "/api/support/qr", { payload: text })
        : await offlineDesk().answerQr(text);
      console.log(opts.json ? JSON.stringify(answer) : answerLine(answer));
    });
}

function answerLine(answer: QrAnswer): string {
  if (answer.mode === "key") return `key for ${answer.serial}: ${answer.key}`;
  const sent = `verification code for ${answer.serial} mailed to ${answer.sentTo} (read it with \`hikemu mail\`)`;
  return answer.mailError ? `${sent}\nwarning: ${answer.mailError}` : sent;
}
