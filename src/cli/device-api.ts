import type { deviceSummary, deviceView } from "../control/device-view.js";

/** A device as GET /api/devices/:name answers it (docs/control-api.md). */
export type DeviceView = ReturnType<typeof deviceView>;
/** A device as GET /api/devices lists it. */
export type DeviceSummary = ReturnType<typeof deviceSummary>;
/** What an action on a device answers: the device as it is now, plus the action's own fields. */
export type DeviceReply<T = object> = T & { readonly device: DeviceView };

/** `/api/devices/NAME` + `rest`, the name escaped. */
export const devicePath = (name: string, rest = "") => `/api/devices/${encodeURIComponent(name)}${rest}`;
