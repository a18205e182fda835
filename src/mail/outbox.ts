import type { Mailer, OutgoingMail } from "./mailer.js";

/** A message as the outbox keeps it: numbered, with the time it was sent (epoch ms of the emulator clock). */
export interface SentMail extends OutgoingMail {
  readonly id: number;
  readonly sentAt: number;
}

/** Messages the outbox keeps: the newest; older ones drop off (a lab never needs more). */
export const OUTBOX_CAPACITY = 500;

/**
 * The in-process outbox (issue #11): every message the emulator sends, readable through the
 * control API (`GET /api/mail`) and `hikemu mail`, so a lab needs no mail server. Bounded.
 */
export class Outbox implements Mailer {
  #messages: SentMail[] = [];
  #nextId = 1;

  constructor(
    private readonly now: () => number,
    private readonly capacity = OUTBOX_CAPACITY,
  ) {}

  send(mail: OutgoingMail): Promise<void> {
    this.#messages.push({ id: this.#nextId++, sentAt: this.now(), from: mail.from, to: mail.to, subject: mail.subject, text: mail.text });
    if (this.#messages.length > this.capacity) this.#messages.splice(0, this.#messages.length - this.capacity);
    return Promise.resolve();
  }

  /** Oldest first; `to` narrows to one recipient (case-insensitive). */
  list(to?: string): readonly SentMail[] {
    if (to === undefined) return [...this.#messages];
    const wanted = to.toLowerCase();
    return this.#messages.filter((m) => m.to.toLowerCase() === wanted);
  }
}
