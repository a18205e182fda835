import type { Mailer } from "../mail/mailer.js";

export interface SupportDeskDeps {
  /** Epoch ms of the emulator clock: what the desk's answers are dated with (virtual under `--clock virtual`). */
  readonly now: () => number;
  /** Where verification codes are mailed (the outbox, and SMTP when configured). */
  readonly mailer: Mailer;
  /** The desk's sender address. */
  readonly from: string;
}

/**
 * The vendor's support desk, simulated (DESIGN.md "Support desk"; issue #11): from a serial and
 * a device date it issues the legacy security code, from an exported key file the signed import
 * file, from a QR payload the key (or, for the reserved-e-mail flow, mails the verification
 * code). It signs with hikemu's own keys, so every flow runs offline. The CLI (`hikemu support`)
 * and the control API (`/api/support/…`) are its fronts.
 */
export class SupportDesk {
  constructor(private readonly deps: SupportDeskDeps) {}
}
