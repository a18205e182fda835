import type { IncomingMessage } from "node:http";
import type { Clock } from "../emulator/clock.js";
import type { Device } from "../emulator/device.js";

/**
 * The HTTP side of injected faults (src/emulator/faults.ts, issue #7), for a device whose
 * `faults.active` holds; the fleet handler never comes here otherwise.
 *
 * Latency is network delay on the way in: the request waits `httpLatencyMs` on the device
 * clock before the device sees it (a virtual clock holds it until a test advances time), so
 * what the request does happens after the delay, and the reply leaves as soon as it is made —
 * a reboot's reply is never held behind the listener's graceful close. Then the error dice
 * are rolled once per request (`failHttp`), before routing and authentication: a failing
 * request gets `fail`, any other goes on to `next`.
 */
export function withHttpFaults(device: Device, request: IncomingMessage, clock: Clock, next: () => void, fail: () => void): void {
  const go = () => {
    // The client gave up meanwhile, or the device went down or was unplugged while it waited.
    if (request.socket.destroyed) return;
    if (!device.reachable) {
      request.socket.destroy();
      return;
    }
    if (device.faults.failHttp()) fail();
    else next();
  };
  const latency = device.faults.current.httpLatencyMs;
  if (latency <= 0) {
    go();
    return;
  }
  const held = clock.timer(`${device.name} http latency`, latency, () => {
    request.socket.off("close", drop);
    go();
  });
  // A client that goes away lets go of its request at once, timer and all.
  const drop = () => held.cancel();
  request.socket.once("close", drop);
}
