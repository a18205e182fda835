import type { Profile } from "../../src/profiles/index.js";
import { releasesOf } from "../../src/profiles/releases.js";

/** For startDefaultFleet's `profileOf`: the NVR on its V3.0.18 release (the legacy security code, admin/12345). */
export function legacyRecorder(profile: Profile): Profile {
  if (profile.type !== "nvr") return profile;
  const legacy = releasesOf(profile).find((release) => release.firmware.version === "V3.0.18");
  if (!legacy) throw new Error("the NVR profile lists no V3.0.18 release");
  return legacy;
}
