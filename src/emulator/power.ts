/**
 * The lifecycle's states (issue #7, DESIGN.md "Device core"): off → booting → running, and
 * from running (or booting, when the reset button fires) rebooting → booting. Fronts answer
 * only while `running` and the network cable is in (faults.ts): HTTP refuses connections and
 * SADP leaves the device out otherwise, as with a box that is down.
 */
export type PowerState = "off" | "booting" | "running" | "rebooting";

/** The status light: steady while powered, flashing while a reset is under way, off without power. */
export type LedState = "off" | "steady" | "flashing";

/** Whether the device's services are up in this state. */
export function isReachable(state: PowerState): boolean {
  return state === "running";
}
