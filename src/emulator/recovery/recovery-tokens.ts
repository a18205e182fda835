import type { Clock } from "../clock.js";

/** The recovery tokens a device keeps pending (issue #11): one of each kind at a time. */
export type RecoveryTokenKind = "keyExport" | "qrChallenge";

interface Pending<T> {
  readonly value: T;
  readonly issuedAt: number;
  readonly expiresAt: number;
}

/** What a token lookup finds: the value, nothing ever issued since boot, or one past its life. */
export type TokenLookup<T> = { readonly state: "pending"; readonly value: T; readonly issuedAt: number } | { readonly state: "none" } | { readonly state: "expired" };

/**
 * Pending recovery tokens (DESIGN.md "State: flash and RAM"): an exported key file, a QR
 * challenge with its e-mailed code. RAM only, on the Clock port: a reboot or a power cut voids
 * them (`boot`), as on hardware, and each expires after its profile lifetime. A new token of a
 * kind replaces the previous one (a second export voids the first file).
 */
export class RecoveryTokens {
  #pending = new Map<RecoveryTokenKind, Pending<unknown>>();

  constructor(private readonly clock: Clock) {}

  issue<T>(kind: RecoveryTokenKind, value: T, lifetimeSeconds: number): void {
    const now = this.clock.now();
    this.#pending.set(kind, { value, issuedAt: now, expiresAt: now + lifetimeSeconds * 1000 });
  }

  lookup<T>(kind: RecoveryTokenKind): TokenLookup<T> {
    const entry = this.#pending.get(kind) as Pending<T> | undefined;
    if (entry === undefined) return { state: "none" };
    if (this.clock.now() >= entry.expiresAt) return { state: "expired" };
    return { state: "pending", value: entry.value, issuedAt: entry.issuedAt };
  }

  /** Voids a token: used once, or its basis changed (a new reserved e-mail). */
  void(kind: RecoveryTokenKind): void {
    this.#pending.delete(kind);
  }

  /**
   * Voids `kind` only if its pending token is still `value` (compared by identity): a reset that
   * checked one token never voids a newer one issued while its flash write was under way.
   */
  voidIf(kind: RecoveryTokenKind, value: unknown): void {
    if (value !== undefined && this.#pending.get(kind)?.value === value) this.#pending.delete(kind);
  }

  /** A reboot or power cycle: RAM is gone. */
  boot(): void {
    this.#pending.clear();
  }
}
