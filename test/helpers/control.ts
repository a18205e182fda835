import type { Test } from "tap";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import { controlEmulator, type ControlServer } from "../../src/control/control-server.js";
import { silentLogger } from "./harness.js";

/** The control API and lab console for an in-process fleet, wired as `hikemu start` does, on 127.0.0.1:0. */
export async function startControl(t: Test, emulator: RunningEmulator, token?: string): Promise<ControlServer> {
  const control = await controlEmulator(emulator, { bind: { host: "127.0.0.1", port: 0 }, token, logger: silentLogger });
  t.teardown(() => control.close());
  return control;
}
