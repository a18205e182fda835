import type { Device } from "../../emulator/device.js";
import { DeviceError, catalogEntry } from "../../emulator/errors.js";
import type { ResetMode } from "../../emulator/events.js";
import { ADMINISTRATOR, type Reply, type Route } from "../router.js";
import { XML_CONTENT_TYPE, responseStatusXml } from "../xml.js";
import { isapiActor } from "./actor.js";

/**
 * Reboot and factory reset over ISAPI (hik-protocols.md §2.6): the web UI's Reboot, Restore
 * (`mode=basic`) and Default (`mode=full`). Administrators only. The reply goes out while the
 * device is already going down: the listener closes gracefully on a reboot (listeners.ts),
 * and the reply says `Connection: close`, so a keep-alive client does not send its next
 * request into a box that is shutting down.
 */
export const maintenanceRoutes: Route[] = [
  {
    method: "PUT",
    path: "/ISAPI/System/reboot",
    auth: ADMINISTRATOR,
    handler: (context) => {
      const { device, requestURL } = context;
      device.reboot("isapi", isapiActor(context));
      return goingDown(device, requestURL);
    },
  },
  {
    method: "PUT",
    path: "/ISAPI/System/factoryReset",
    auth: ADMINISTRATOR,
    handler: async (context) => {
      const { device, requestURL, query } = context;
      // Restore or Default writes flash durably before the device goes down (maintenance.ts).
      await device.factoryReset(resetMode(query), "isapi", isapiActor(context));
      return goingDown(device, requestURL);
    },
  },
];

/** `mode` exactly once, `basic` or `full` (§2.6); anything else changes nothing. */
export function resetMode(query: URLSearchParams): ResetMode {
  const modes = query.getAll("mode");
  const [mode] = modes;
  if (modes.length !== 1 || (mode !== "basic" && mode !== "full")) throw new DeviceError("badParameters", "mode must be basic or full");
  return mode;
}

/** statusCode 1 OK, or 7 Reboot Required where the profile says so (§2.6 UNCERTAIN which). */
export function goingDown(device: Device, requestURL: string): Reply {
  const { isapi } = device.profile;
  const entry = catalogEntry(isapi.rebootReply === "rebootRequired" ? "rebootRequired" : "ok");
  return { status: entry.httpStatus, contentType: XML_CONTENT_TYPE, body: responseStatusXml(requestURL, entry, isapi.namespace, [], isapi.replies.responseStatusVersion), headers: { Connection: "close" } };
}
