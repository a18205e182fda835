import { readFile } from "node:fs/promises";
import { ProfileRegistry } from "../profiles/index.js";
import { defaultFleet, parseFleetFile, type ConfigProblem, type FleetConfig } from "../config/fleet-config.js";

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

/** The fleet file if one is given, else the default fleet of the built-in profiles. */
export async function loadFleetConfig(file: string | undefined, profiles = new ProfileRegistry()): Promise<FleetConfig> {
  if (!file) return defaultFleet(profiles);
  const text = await readFile(file, "utf8");
  const result = parseFleetFile(text, profiles);
  if (!result.ok) throw new ConfigError(file, result.problems);
  return result.config;
}
