import type { EventEmitter } from "node:events";
import type { Logger } from "pino";
import { firmwareLabel, firmwareOf, releaseOf, type FirmwareId, type Profile } from "../../profiles/index.js";
import { decodeFirmwarePackage, type PackageFailureKind } from "../../firmware/package.js";
import type { Clock, Timer } from "../clock.js";
import { resetCauseOf, type Actor, type DeviceEventMap } from "../events.js";
import { DeviceError, type ErrorCode } from "../errors.js";
import type { Lifecycle } from "../lifecycle.js";
import type { FlashAccess, FlashState, SecuritySettings } from "../state.js";

export interface FirmwareDeps extends FlashAccess {
  readonly name: string;
  /** The profile of the firmware in flash (device.ts): the release to upgrade from. */
  readonly profile: () => Profile;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: EventEmitter<DeviceEventMap>;
  readonly lifecycle: Lifecycle;
  /** After the upgrading phase begins or ends: the device's revision moves. */
  readonly onChange: () => void;
}

/** `/ISAPI/System/upgradeStatus`: whether an upgrade is writing flash, and how far (RAM). */
export interface UpgradeStatus {
  readonly upgrading: boolean;
  readonly percent: number;
}

interface Phase {
  readonly target: FirmwareId;
  readonly startedAt: number;
  readonly seconds: number;
  /** Set once the flash write began: a power cut can no longer stop it. */
  installing: boolean;
  timer: Timer | undefined;
  readonly fail: (error: Error) => void;
}

/** How a package failure reads to the device (§2.9 vocabulary, our mapping). */
const PACKAGE_REFUSALS: Readonly<Record<PackageFailureKind, ErrorCode>> = {
  notPackage: "fileFormatError",
  truncated: "fileFormatError",
  badManifest: "fileFormatError",
  unsigned: "fileContentError",
  badSignature: "fileContentError",
};

/**
 * Firmware upgrade (issue #10): a hikemu firmware package (firmware/package.ts) is checked —
 * signature, model, a release the model has — and refused with nothing changed when it fails.
 * An accepted one spends the profile's `upgradeSeconds` writing (the upgrading phase, progress
 * in RAM), then flash names the new release in one durable write, and the device reboots
 * through the lifecycle into it: its profile (device.ts) is the new release's from then on.
 *
 * A power cut during the upgrading phase leaves the old firmware (the image is written in one
 * step at the end, like the two-bank flash of newer devices; our choice over a bricked device);
 * once that write has begun it completes, and the device boots the new firmware. Either way
 * flash is one release, never a mix.
 */
export class FirmwareUpgrade {
  #phase: Phase | undefined;

  constructor(private readonly deps: FirmwareDeps) {
    deps.events.on("power", ({ state }) => {
      if (state === "off") this.#powerLost();
    });
  }

  /** The release in flash. */
  get installed(): FirmwareId {
    return this.deps.flash().firmware;
  }

  /** Whether an upgrade is writing: other flash changes and reboots are refused meanwhile. */
  get upgrading(): boolean {
    return this.#phase !== undefined;
  }

  get status(): UpgradeStatus {
    const phase = this.#phase;
    if (!phase) return { upgrading: false, percent: 0 };
    const elapsed = this.deps.clock.now() - phase.startedAt;
    // 100 only once written: the device reboots at that moment.
    return { upgrading: true, percent: Math.max(0, Math.min(99, Math.floor((elapsed / (phase.seconds * 1000)) * 100))) };
  }

  /**
   * Checks `bytes` and, when it is a package of a release of this model, installs it and
   * reboots; resolves with the release once flash names it. A release without activation is
   * refused (`badVersion`) on a model whose factory release has activation: no downgrade across
   * the activation boundary (our choice, UNCERTAIN: no capture of such a refusal). Such a
   * release (the NVR's V3.0.18) stands in for an older recorder in the lab: a device starts on it
   * (test/helpers/legacy-recorder.ts) rather than installing it, which would bring the legacy
   * security-code reset over the network to a model that never shipped it. Refusals throw a DeviceError
   * (upgrading, fileFormatError, fileContentError, badDevType, badVersion) with flash, power
   * and revision untouched.
   */
  upgrade(bytes: Buffer, actor: Actor): Promise<FirmwareId> {
    if (this.#phase) return Promise.reject(new DeviceError("upgrading", "an upgrade is already in progress"));
    let target: FirmwareId;
    try {
      target = this.#check(bytes, actor);
    } catch (error) {
      return Promise.reject(error as Error);
    }
    return this.deps.exclusive(() => this.#begin(target, actor));
  }

  /** A boot forgets the progress (RAM). */
  boot(): void {
    this.#phase = undefined;
  }

  #check(bytes: Buffer, actor: Actor): FirmwareId {
    const profile = this.deps.profile();
    const decoded = decodeFirmwarePackage(bytes);
    if (!decoded.ok) this.#refuse(PACKAGE_REFUSALS[decoded.failure], decoded.detail, actor);
    const { manifest } = decoded;
    if (manifest.model !== profile.model) this.#refuse("badDevType", `the package is for a ${manifest.model}, this device is a ${profile.model}`, actor);
    const release = releaseOf(profile, manifest);
    if (!release) this.#refuse("badVersion", `${firmwareLabel(manifest)} is not a firmware release of the ${profile.model}`, actor);
    // Firmware with activation never goes back to firmware without it (our choice): that would
    // bring back admin/12345 and the network security-code reset on an activated unit.
    if (release.activation.mode === "none" && profile.activation.mode !== "none") {
      this.#refuse("badVersion", `${firmwareLabel(manifest)} predates activation, which the installed ${firmwareLabel(profile.firmware)} has: no downgrade across it`, actor);
    }
    return firmwareOf(release);
  }

  #refuse(code: ErrorCode, detail: string, actor: Actor): never {
    this.deps.logger.info({ code, detail, via: actor.via }, "firmware package refused");
    this.deps.events.emit("firmwareRefused", { name: this.deps.name, reason: `${code}: ${detail}`, actor });
    throw new DeviceError(code, detail);
  }

  #begin(target: FirmwareId, actor: Actor): Promise<FirmwareId> {
    const { state } = this.deps.lifecycle;
    if (state !== "running") return Promise.reject(new DeviceError("invalidOperation", `${this.deps.name} is ${state}`));
    if (this.#phase) return Promise.reject(new DeviceError("upgrading", "an upgrade is already in progress"));
    return new Promise<FirmwareId>((resolve, reject) => {
      const seconds = this.deps.profile().upgradeSeconds;
      const phase: Phase = { target, startedAt: this.deps.clock.now(), seconds, installing: false, timer: undefined, fail: reject };
      phase.timer = this.deps.clock.timer(`${this.deps.name} upgrade`, seconds * 1000, () => this.#install(phase, actor).then(resolve, reject));
      this.#phase = phase;
      this.deps.logger.info({ to: firmwareLabel(target), seconds, via: actor.via }, "upgrading firmware");
      this.deps.onChange();
    });
  }

  async #install(phase: Phase, actor: Actor): Promise<FirmwareId> {
    phase.installing = true;
    const flash = this.deps.flash();
    const from = flash.firmware;
    const release = releaseOf(this.deps.profile(), phase.target);
    try {
      if (!release) throw new DeviceError("badVersion", `${firmwareLabel(phase.target)} is no longer a release of this model`);
      await this.deps.writeFlash(upgradedFlash(flash, release));
    } finally {
      if (this.#phase === phase) this.#phase = undefined;
      this.deps.onChange();
    }
    this.deps.logger.info({ from: firmwareLabel(from), to: firmwareLabel(phase.target) }, "firmware upgraded");
    this.deps.events.emit("firmwareUpgraded", { name: this.deps.name, from: firmwareLabel(from), to: firmwareLabel(phase.target), actor });
    // A power cut during the write has already taken the device down: it boots the new firmware when powered on.
    if (this.deps.lifecycle.state === "running") this.deps.lifecycle.reboot(resetCauseOf(actor));
    return phase.target;
  }

  #powerLost(): void {
    const phase = this.#phase;
    if (!phase || phase.installing) return;
    phase.timer?.cancel();
    this.#phase = undefined;
    this.deps.logger.warn({ to: firmwareLabel(phase.target) }, "power lost while upgrading; the old firmware stays");
    phase.fail(new DeviceError("deviceError", "power lost during the upgrade; the old firmware stays"));
  }
}

/**
 * Flash after installing `release`: everything stays (users, network, activation — an upgraded
 * device keeps its password), the firmware is the new one, and a web-auth setting the new firmware
 * does not offer falls back to its default.
 */
export function upgradedFlash(flash: FlashState, release: Profile): FlashState {
  return { ...flash, firmware: firmwareOf(release), security: fitSecurity(flash.security, release) };
}

function fitSecurity(settings: SecuritySettings, release: Profile): SecuritySettings {
  const { webAuthOptions, webAuthDefault, digestAlgorithmOptions, digestAlgorithmDefault } = release.security;
  const { certificateType, algorithm } = settings.webAuth;
  const fitted = {
    certificateType: webAuthOptions.includes(certificateType) ? certificateType : webAuthDefault,
    algorithm: digestAlgorithmOptions.includes(algorithm) ? algorithm : digestAlgorithmDefault,
  };
  if (fitted.certificateType === certificateType && fitted.algorithm === algorithm) return settings;
  return { ...settings, webAuth: fitted };
}
