/** One message the emulator sends (issue #11: the support desk's verification codes). Plain text. */
export interface OutgoingMail {
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
}

/**
 * The Mailer port (DESIGN.md "One picture"): where mail goes. The in-process outbox always gets
 * a copy (outbox.ts, read through the control API); SMTP delivery is added when configured.
 * `send` resolves once the message is accepted, and rejects when delivery failed.
 */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}
