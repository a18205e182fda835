import { readFile } from "node:fs/promises";
import { ProfileRegistry } from "../profiles/index.js";
import { defaultFleet, parseFleetFile, type ConfigProblem, type FleetConfig } from "../config/fleet-config.js";
import type { FleetFileSettings } from "../config/settings.js";

export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(problems.map((p) => formatProblem(file, p)).join("\n"));
    this.name = "ConfigError";
  }
}

export function formatProblem(file: string, problem: ConfigProblem): string {
  const where = problem.line === undefined ? file : `${file}:${problem.line}`;
  return `${where}: ${problem.path ? `${problem.path}: ` : ""}${problem.message}`;
}

/**
 * The fleet file if one is given, else the default fleet of the built-in profiles; and the
 * settings the file sets. `interface`: the one the environment or command line sets, if any.
 */
export async function loadFleetConfig(
  file: string | undefined,
  options: { readonly interface?: string | undefined } = {},
  profiles = new ProfileRegistry(),
): Promise<{ config: FleetConfig; settings: FleetFileSettings }> {
  if (!file) return { config: defaultFleet(profiles), settings: {} };
  const text = await readFile(file, "utf8");
  const result = parseFleetFile(text, profiles, options);
  if (!result.ok) throw new ConfigError(file, result.problems);
  return { config: result.config, settings: result.settings };
}
