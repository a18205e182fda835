import { InvalidArgumentError } from "commander";

/** A plain decimal number (`15`, `0.25`, `-1`); its range is the control API's to judge. */
export function parseNumberArgument(text: string): number {
  if (!/^-?\d+(\.\d+)?$/.test(text)) throw new InvalidArgumentError(`expected a number, got ${JSON.stringify(text)}`);
  return Number(text);
}
