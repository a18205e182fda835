/** Typed events a device emits (style-anchors.md pattern 19); the control plane streams them. */
export interface DeviceEventMap {
  /** The device went from inactive to active; `via` names the front that did it. */
  activated: [{ readonly name: string; readonly via: string }];
  /** Flash was rewritten and persisted. */
  flashChanged: [{ readonly name: string }];
}
