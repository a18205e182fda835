import { readFile, writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { Outbox } from "../mail/outbox.js";
import { SUPPORT_SENDER } from "../runtime/emulator.js";
import { SupportDesk } from "../support/support-desk.js";
import { addSupportQrCommand } from "./support-qr-command.js";
import { addControlOptions, controlClient } from "./control-options.js";

/** The desk offline, on the host's clock: what its answers are dated with. */
function offlineDesk(): SupportDesk {
  const now = () => Date.now();
  return new SupportDesk({ now, mailer: new Outbox(now), from: SUPPORT_SENDER });
}

/**
 * `hikemu support …`: the simulated vendor support desk (issue #11), offline, no running
 * emulator needed. `code` prints the legacy security code (§7); `keyfile` writes the import file
 * (Encrypt.xml) for an exported key file (§1.8.2), from the running hikemu's desk with `--control`
 * (HIKEMU_CONTROL_URL); `qr` answers a QR payload. A refused input (SupportError) exits 1.
 */
export function addSupportCommand(program: Command): Command {
  const support = program.command("support").description("the simulated vendor support desk: answers for password recovery, offline");
  support
    .command("code")
    .description("print the legacy security code (firmware before V5.3.0) of a serial on a device date")
    .requiredOption("--serial <serial>", "the device serial as SADP shows it (DeviceSN)")
    .requiredOption("--date <YYYYMMDD>", "the device's date as SADP shows it")
    .action((options: { serial: string; date: string }) => {
      console.log(offlineDesk().securityCode(options.serial, options.date));
    });
  addControlOptions(support.command("keyfile"))
    .description("answer an exported key file (DeviceKey.xml) with a signed import file (Encrypt.xml); with --control the running hikemu's desk answers, dated on its clock")
    .argument("<file>", "the exported key file, or a file holding its bare Code")
    .requiredOption("-o, --output <file>", "where to write the import file")
    .action(async (file: string, options: { output: string }, command: Command) => {
      const text = await readFile(file, "utf8");
      // Offline the answer is dated on the host clock; a fleet on a virtual clock that has been
      // advanced checks it against its own time, so there the running hikemu's desk must answer.
      const source = command.getOptionValueSource("control");
      const answer =
        source === "cli" || source === "env"
          ? await controlClient(command).request<{ serial: string; expiresAt: string; file: string }>("POST", "/api/support/keyfile", { file: text })
          : offlineDesk().answerKeyFile(text);
      await writeFile(options.output, answer.file);
      console.log(`${options.output}: import file for ${answer.serial}, valid until ${new Date(answer.expiresAt).toISOString()}`);
    });
  // `qr` (support-qr-command.ts) joins this group.
  addSupportQrCommand(support, offlineDesk);
  return support;
}
