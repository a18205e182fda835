import { InvalidArgumentError, Option, type Command } from "commander";
import { ControlClient } from "./control-client.js";

export const DEFAULT_CONTROL_URL = "http://127.0.0.1:9080";

/** `http://HOST:PORT`, or `HOST:PORT` as `start --control` takes it; kept without a trailing slash. */
export function parseControlUrl(text: string): string {
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new InvalidArgumentError(`expected the control API's URL, such as ${DEFAULT_CONTROL_URL}`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidArgumentError(`expected an http:// or https:// URL, got ${url.protocol}`);
  if (url.search || url.hash || url.username) throw new InvalidArgumentError("expected a base URL without query, fragment or credentials (give the token with --token)");
  return url.href.replace(/\/+$/, "");
}

/** `--control URL` and `--token TOKEN` for a command group whose commands call a running hikemu. */
export function addControlOptions(command: Command): Command {
  return command
    .configureHelp({ showGlobalOptions: true })
    .addOption(new Option("--control <url>", "control API of the running hikemu").env("HIKEMU_CONTROL_URL").default(DEFAULT_CONTROL_URL).argParser(parseControlUrl))
    .addOption(new Option("--token <token>", "its bearer token, when it needs one (hikemu start prints it)").env("HIKEMU_CONTROL_TOKEN"));
}

/** The client for the options of `command` and the groups above it. */
export function controlClient(command: Command): ControlClient {
  const { control, token } = command.optsWithGlobals<{ control: string; token?: string }>();
  return new ControlClient(control, token || undefined);
}
