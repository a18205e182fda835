import type { PowerState } from "./power.js";

/** Typed events a device emits (style-anchors.md pattern 19); the control plane streams them. */
export interface DeviceEventMap {
  /** The device went from inactive to active; `via` names the front that did it. */
  activated: [{ readonly name: string; readonly via: string }];
  /** Power switched (issue #5); RAM was rebuilt when it came on. */
  power: [{ readonly name: string; readonly state: PowerState }];
  /** Something a front shows changed; `revision` is the device's new revision. */
  changed: [{ readonly name: string; readonly revision: number }];
  /** A login was refused for wrong credentials (issue #5); `failures` counts since the last success. */
  loginFailed: [{ readonly name: string; readonly userName: string; readonly front: string; readonly peer: string; readonly failures: number }];
  /** Flash was rewritten and persisted. */
  flashChanged: [{ readonly name: string }];
}
