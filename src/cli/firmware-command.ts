import { writeFile } from "node:fs/promises";
import type { Command } from "commander";
import { ProfileRegistry, firmwareLabel, releasesOf } from "../profiles/index.js";
import { encodeFirmwarePackage, firmwarePayload, type FirmwareManifest } from "../firmware/package.js";

interface BuildOptions {
  readonly model: string;
  readonly version: string;
  readonly build?: string;
  readonly output: string;
  /** Build a package for a release the profile does not list (to see a device refuse it). */
  readonly anyVersion?: boolean;
}

/**
 * The manifest for `--model`/`--version`/`--build`: the model must be a built-in profile, and the
 * release one it lists (the build may be left out when the version has one build), unless
 * `--any-version` asks for a package the device will refuse.
 */
export function manifestFor(options: BuildOptions, profiles = new ProfileRegistry()): FirmwareManifest {
  const factory = profiles.get(options.model);
  if (!factory) throw new Error(`unknown model "${options.model}"; known: ${profiles.models().join(", ")}`);
  const releases = releasesOf(factory).map((p) => p.firmware);
  const known = releases.map(firmwareLabel).join(", ");
  const matching = releases.filter((f) => f.version === options.version && (options.build === undefined || f.build === options.build));
  if (options.anyVersion) {
    const build = options.build ?? matching[0]?.build;
    if (build === undefined) throw new Error(`--any-version needs --build for ${options.version}, which the ${factory.model} profile does not list`);
    return { model: factory.model, version: options.version, build };
  }
  if (matching.length > 1) throw new Error(`${options.version} has several builds for the ${factory.model}; give --build (known: ${known})`);
  const release = matching[0];
  if (release === undefined) throw new Error(`the ${factory.model} profile lists no firmware ${options.version}${options.build ? ` build ${options.build}` : ""}; known: ${known} (--any-version builds it anyway)`);
  return { model: factory.model, version: release.version, build: release.build };
}

/** `hikemu firmware build`: a signed hikemu firmware package for `PUT /ISAPI/System/updateFirmware`. */
export function addFirmwareCommand(program: Command): void {
  const firmware = program.command("firmware").description("hikemu firmware packages for the emulated devices' upgrade");
  firmware
    .command("build")
    .description("write a signed firmware package naming a model and a firmware release of its profile")
    .requiredOption("--model <model>", "the device model, as its profile names it (e.g. DS-2CD2532F-IWS)")
    .requiredOption("--version <version>", "firmware version, e.g. V5.5.0")
    .option("--build <build>", "build date YYMMDD; may be left out when the version has one build")
    .option("--any-version", "build a package for a release the profile does not list (the device refuses it: badVersion)")
    .requiredOption("-o, --output <file>", "where to write the package")
    .action(async (options: BuildOptions) => {
      const manifest = manifestFor(options);
      const bytes = encodeFirmwarePackage(manifest, firmwarePayload(manifest));
      await writeFile(options.output, bytes);
      console.log(`${options.output}: ${manifest.model} ${firmwareLabel(manifest)}, ${bytes.length} bytes, signed`);
    });
}
