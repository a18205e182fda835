import { createTransport, type Transporter } from "nodemailer";
import type { Mailer, OutgoingMail } from "./mailer.js";

/**
 * Where SMTP delivery goes (fleet file `mail.smtp`, `HIKEMU_SMTP`, `start --smtp`; issue #11).
 * Absent: no mail leaves hikemu — the outbox alone keeps it.
 */
export interface SmtpSettings {
  readonly host: string;
  readonly port: number;
  /** TLS from the first byte (SMTPS, usually port 465); false: plain, upgraded by STARTTLS when the server offers it. */
  readonly secure: boolean;
  readonly user?: string | undefined;
  readonly password?: string | undefined;
}

/** The settings as logs and the start banner show them: never the password. */
export function describeSmtp(settings: SmtpSettings): string {
  const user = settings.user ? `${encodeURIComponent(settings.user)}${settings.password ? ":***" : ""}@` : "";
  return `${settings.secure ? "smtps" : "smtp"}://${user}${settings.host}:${settings.port}`;
}

/** Seconds a delivery may take at most: a lab's mail server answers at once or not at all. */
const TIMEOUT_MS = 15_000;

/** SMTP delivery through nodemailer: one plain-text message per `send`; rejects when the server refuses it. */
export class SmtpMailer implements Mailer {
  readonly #transport: Transporter;

  constructor(readonly settings: SmtpSettings) {
    this.#transport = createTransport({
      host: settings.host,
      port: settings.port,
      secure: settings.secure,
      ...(settings.user ? { auth: { user: settings.user, pass: settings.password ?? "" } } : {}),
      connectionTimeout: TIMEOUT_MS,
      greetingTimeout: TIMEOUT_MS,
      socketTimeout: TIMEOUT_MS,
    });
  }

  async send(mail: OutgoingMail): Promise<void> {
    await this.#transport.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text });
  }

  close(): void {
    this.#transport.close();
  }
}
