import type { Command } from "commander";
import { addControlOptions, controlClient } from "./control-options.js";

/** A message as `GET /api/mail` lists it. */
export interface MailView {
  readonly id: number;
  readonly sentAt: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/** One message as `hikemu mail` prints it: a header line, the subject, the body indented. */
export function mailBlock(message: MailView): string {
  const body = message.text
    .split("\n")
    .map((line) => (line ? `    ${line}` : ""))
    .join("\n");
  return `#${message.id}  ${message.sentAt}  ${message.from} -> ${message.to}\n  Subject: ${message.subject}\n${body}`;
}

/** `hikemu mail [--to ADDRESS]`: the running hikemu's outbox (issue #11), oldest first. */
export function addMailCommand(program: Command): void {
  addControlOptions(program.command("mail"))
    .description("print the mail a running hikemu sent (its outbox: the support desk's verification codes), oldest first")
    .option("--to <address>", "only the messages to this address")
    .option("--json", "print the messages as one JSON array (the messages of GET /api/mail)")
    .action(async (opts: { to?: string; json?: boolean }, command: Command) => {
      const query = opts.to === undefined ? "" : `?to=${encodeURIComponent(opts.to)}`;
      const { messages } = await controlClient(command).get<{ messages: MailView[] }>(`/api/mail${query}`);
      if (opts.json) console.log(JSON.stringify(messages));
      else if (messages.length === 0) console.log(opts.to === undefined ? "the outbox is empty" : `no mail to ${opts.to}`);
      else console.log(messages.map(mailBlock).join("\n\n"));
    });
}
