import type { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { Profile } from "../../profiles/index.js";
import type { Identity } from "../identity.js";
import type { Random } from "../random.js";
import { resetCauseOf, type Actor, type DeviceEventMap } from "../events.js";
import type { Lifecycle } from "../lifecycle.js";
import type { FlashAccess } from "../state.js";
import { DeviceError } from "../errors.js";
import { openConfiguration, sealConfiguration } from "./config-file.js";
import { exportPayload, importedFlash, parsePayload, restoresUsers } from "./config-payload.js";

export interface ConfigurationDeps extends FlashAccess {
  readonly name: string;
  /** The profile in force (it follows the flashed firmware). */
  readonly profile: () => Profile;
  readonly identity: Identity;
  readonly random: Random;
  readonly logger: Logger;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly lifecycle: Lifecycle;
}

export interface ConfigurationOptions {
  /** `secretkey`: the user's key for the file (firmware with `configurationFile.secretKey` other than none). */
  readonly secretKey?: string | undefined;
}

export interface ImportOutcome {
  /** Whether the file came from this unit, so its user accounts were restored too. */
  readonly usersRestored: boolean;
}

/**
 * Configuration backup and import (issue #10; file format config-file.ts, contents
 * config-payload.ts). Export hands out the flash configuration as an opaque, integrity-protected
 * file; import validates a file whole, writes flash durably and reboots into it through the
 * lifecycle, as factoryReset does. A refused file changes nothing.
 */
export class ConfigurationBackup {
  constructor(private readonly deps: ConfigurationDeps) {}

  /** The file of the current flash, encrypted with the user's secret key where the firmware takes one. */
  export(options: ConfigurationOptions, actor: Actor): Buffer {
    this.#requireUp();
    const profile = this.deps.profile();
    const secretKey = this.#exportKey(options.secretKey, profile);
    const payload = exportPayload(this.deps.flash(), this.deps.identity, profile);
    const file = sealConfiguration(payload, { model: profile.model, secretKey }, this.deps.random);
    this.deps.events.emit("configurationExported", { name: this.deps.name, actor });
    return file;
  }

  /** The name the device gives the download (`devCfg.bin`: our guess, no capture shows it). */
  get fileName(): string {
    return "devCfg.bin";
  }

  /**
   * Imports a file: refused whole (nothing written, no reboot) when it is not a configuration
   * file, of a newer format, of another model, damaged, or locked with another secret key.
   * Accepted: the new flash is durable before the device goes down to boot into it.
   */
  async import(file: Buffer, options: ConfigurationOptions, actor: Actor): Promise<ImportOutcome> {
    this.#requireUp();
    const profile = this.deps.profile();
    const payload = parsePayload(openConfiguration(file, { model: profile.model, secretKey: options.secretKey }));
    return this.deps.exclusive(async () => {
      this.#requireUp();
      const next = importedFlash(payload, this.deps.flash(), this.deps.identity, this.deps.profile());
      const usersRestored = restoresUsers(payload, this.deps.identity);
      await this.deps.writeFlash(next);
      this.deps.logger.info({ via: actor.via, user: actor.userName, from: payload.origin.serial, usersRestored }, "configuration imported");
      this.deps.events.emit("configurationImported", { name: this.deps.name, actor });
      // The write takes time: a device taken down meanwhile boots into the new flash anyway.
      const { state } = this.deps.lifecycle;
      if (state === "running" || state === "booting") this.deps.lifecycle.reboot(resetCauseOf(actor));
      return { usersRestored };
    });
  }

  /** The secret key export uses: none on firmware without one; checked against cfgFileSecretKeyLenLimit. */
  #exportKey(secretKey: string | undefined, profile: Profile): string | undefined {
    const { secretKey: mode, secretKeyLength: length } = profile.configurationFile;
    if (mode === "none") return undefined;
    if (secretKey === undefined) {
      if (mode === "required") throw new DeviceError("badParameters", "secretkey is required to export the configuration");
      return undefined;
    }
    if (secretKey.length < length.min || secretKey.length > length.max || !/^[\x20-\x7e]*$/.test(secretKey)) {
      throw new DeviceError("badParameters", `secretkey must be ${length.min}-${length.max} printable ASCII characters`);
    }
    return secretKey;
  }

  #requireUp(): void {
    const { state } = this.deps.lifecycle;
    if (state === "off" || state === "rebooting") throw new DeviceError("invalidOperation", `${this.deps.name} is ${state === "off" ? "powered off" : "rebooting"}`);
  }
}
