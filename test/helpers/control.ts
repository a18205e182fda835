import type { Test } from "tap";
import type { RunningEmulator } from "../../src/runtime/emulator.js";
import type { Clock } from "../../src/emulator/clock.js";
import { ControlClock } from "../../src/control/control-clock.js";
import { startControlServer, type ControlServer } from "../../src/control/control-server.js";
import { silentLogger } from "./harness.js";

/** The control API and lab console for an in-process fleet, wired as `hikemu start` does, on 127.0.0.1:0. */
export async function startControl(t: Test, emulator: RunningEmulator, clock: Clock, token?: string): Promise<ControlServer> {
  const control = await startControlServer({
    bind: { host: "127.0.0.1", port: 0 },
    token,
    logger: silentLogger,
    fleet: emulator.fleet,
    clock: new ControlClock(clock),
    events: emulator.events,
    settled: () => emulator.http.settled(),
  });
  t.teardown(() => control.close());
  return control;
}
