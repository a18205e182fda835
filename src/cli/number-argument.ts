import { InvalidArgumentError } from "commander";

/** Seconds of a button hold: 0 to 3600, as the control API takes them. */
export function parseHoldSeconds(text: string): number {
  const seconds = parseNumberArgument(text);
  if (seconds < 0 || seconds > 3600) throw new InvalidArgumentError(`a hold lasts 0 to 3600 seconds, got ${text}`);
  return seconds;
}

/** A plain decimal number (`15`, `0.25`, `-1`); its range is the control API's to judge. */
export function parseNumberArgument(text: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new InvalidArgumentError(`expected a number, got ${JSON.stringify(text)}`);
  return Number(text);
}
