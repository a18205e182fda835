import type { Logger } from "pino";
import type { Mailer, OutgoingMail } from "./mailer.js";

/** SMTP refused or could not take a message; the outbox kept its copy. */
export class MailDeliveryError extends Error {
  override name = "MailDeliveryError";

  constructor(
    readonly to: string,
    cause: unknown,
  ) {
    super(`SMTP delivery to ${to} failed (the outbox kept a copy): ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/**
 * The emulator's Mailer (DESIGN.md "One picture"; issue #11): every message goes to the
 * in-process outbox first, always, then to SMTP when one is configured. An SMTP failure is
 * logged and rejects `send` with MailDeliveryError, so the sender (the support desk) can say so;
 * the outbox copy stays readable through `GET /api/mail`.
 */
export class MailFanOut implements Mailer {
  constructor(
    private readonly outbox: Mailer,
    private readonly smtp: Mailer | undefined,
    private readonly logger: Logger,
  ) {}

  /** Whether messages also leave by SMTP. */
  get smtpConfigured(): boolean {
    return this.smtp !== undefined;
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.outbox.send(mail);
    if (!this.smtp) return;
    try {
      await this.smtp.send(mail);
      this.logger.info({ to: mail.to, subject: mail.subject }, "mail delivered by SMTP");
    } catch (error) {
      this.logger.warn({ err: error, to: mail.to, subject: mail.subject }, "SMTP delivery failed; the outbox kept the message");
      throw new MailDeliveryError(mail.to, error);
    }
  }
}
