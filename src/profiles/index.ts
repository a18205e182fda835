import { profileSchema, type Profile, type ProfileInput } from "./schema.js";
import { DS_2CD2146G2_ISU } from "./models/ds-2cd2146g2-isu.js";
import { DS_2CD2532F_IWS } from "./models/ds-2cd2532f-iws.js";
import { DS_7608NXI_I2_8P_S } from "./models/ds-7608nxi-i2-8p-s.js";
import { deepFreeze, releasesOf } from "./releases.js";

export type { Profile } from "./schema.js";
export { releaseOf, releasesOf, firmwareLabel, firmwareOf, sameFirmware, type FirmwareId } from "./releases.js";

const BUILT_IN: readonly ProfileInput[] = [DS_2CD2146G2_ISU, DS_2CD2532F_IWS, DS_7608NXI_I2_8P_S];

/**
 * Validates profile data at load and freezes it; throws with the model and the failing field.
 * Every firmware release the model lists is built and validated here too (releases.ts).
 */
export function loadProfile(input: ProfileInput): Profile {
  const parsed = profileSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`profile ${String(input.model)}: ${issue?.path.join(".")}: ${issue?.message}`);
  }
  const profile = deepFreeze(parsed.data);
  releasesOf(profile);
  return profile;
}

/** The profiles a fleet can name, keyed by model string. */
export class ProfileRegistry {
  readonly #byModel = new Map<string, Profile>();

  constructor(inputs: readonly ProfileInput[] = BUILT_IN) {
    for (const input of inputs) {
      const profile = loadProfile(input);
      if (this.#byModel.has(profile.model)) throw new Error(`profile ${profile.model} defined twice`);
      this.#byModel.set(profile.model, profile);
    }
  }

  get(model: string): Profile | undefined {
    return this.#byModel.get(model);
  }

  models(): string[] {
    return [...this.#byModel.keys()];
  }
}
