import type { EventEmitter } from "node:events";
import type { KeyObject } from "node:crypto";
import type { Logger } from "pino";
import type { Profile } from "../profiles/index.js";
import type { Identity } from "./identity.js";
import type { Random } from "./random.js";
import type { DeviceEventMap } from "./events.js";
import { DeviceError } from "./errors.js";
import { KeyExchange, type AesKeyMode } from "./activation.js";
import { activatedFlash, type FlashAccess } from "./state.js";

export interface ActivatorDeps extends FlashAccess {
  readonly name: string;
  readonly profile: () => Profile;
  readonly identity: Identity;
  readonly random: Random;
  readonly logger: Logger;
  readonly events: EventEmitter<DeviceEventMap>;
}

/**
 * Activation (hik-protocols.md §2.3 ISAPI, §1.6 SADP): the key exchange in RAM and the admin
 * password that every activation path ends by setting, for firmware that has activation.
 */
export class Activator {
  readonly #keyExchange: KeyExchange;

  constructor(private readonly deps: ActivatorDeps) {
    this.#keyExchange = new KeyExchange(deps.random);
  }

  /** Whether this firmware has activation at all (profile `activation`, issue #5). */
  get supported(): boolean {
    return this.deps.profile().activation.mode === "rsa";
  }

  /** A fresh random string remembered in RAM, returned RSA-encrypted for the client's key (§2.3 steps 3–4). */
  beginKeyExchange(publicKey: KeyObject): Buffer {
    this.#require();
    return this.#keyExchange.begin(publicKey);
  }

  /** Decrypts the password with the pending challenge and activates with it. */
  async activateEncrypted(cipher: Buffer, keyMode: AesKeyMode, via: string): Promise<void> {
    this.#require();
    if (this.deps.flash().activated) throw new DeviceError("hasActivated");
    await this.activate(this.#keyExchange.passwordFrom(cipher, keyMode), via);
    this.#keyExchange.clear();
  }

  /** Sets the admin password on an inactive device, held to the password rules (§2.10). */
  activate(password: string, via: string): Promise<void> {
    return this.deps.exclusive(async () => {
      this.#require();
      if (this.deps.flash().activated) throw new DeviceError("hasActivated");
      await this.deps.writeFlash(activatedFlash(this.deps.flash(), password, this.deps.profile(), this.deps.identity));
      this.deps.logger.info({ via }, "activated");
      this.deps.events.emit("activated", { name: this.deps.name, via });
    });
  }

  /**
   * Issue #11 (key-file reset over SADP, §1.8.2: `exchangecode` then `reset`): the password a
   * client encrypted with the pending challenge (the §1.6 form), or undefined when no exchange is
   * pending or the text does not decrypt with it — then the caller reads it as plain text, so an
   * exchange left pending by another client never blocks a plain-text reset. The challenge stays
   * pending until the next exchange, an activation or a boot replaces or forgets it.
   */
  exchangedPassword(cipher: Buffer): string | undefined {
    if (!this.#keyExchange.pending) return undefined;
    try {
      return this.#keyExchange.passwordFrom(cipher, "either");
    } catch (error) {
      if (error instanceof DeviceError && error.code === "badEncryption") return undefined;
      throw error;
    }
  }

  /** A boot forgets a pending key exchange (RAM). */
  boot(): void {
    this.#keyExchange.clear();
  }

  #require(): void {
    if (!this.supported) throw new DeviceError("notSupport", "this firmware has no activation");
  }
}
