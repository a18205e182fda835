/**
 * Whether a device is there to answer (issue #5, DESIGN.md "Device core"). Every front asks
 * `device.reachable` before answering: HTTP refuses connections and SADP leaves the device
 * out while it is not. The lifecycle (boot time, reboot, reset button) builds on these states.
 */
export type PowerState = "on" | "off";

/** Powered and answering. Later states (booting, rebooting, unplugged) are unreachable too. */
export function isReachable(state: PowerState): boolean {
  return state === "on";
}
