import type { Device } from "../../emulator/device.js";
import { DeviceError } from "../../emulator/errors.js";
import type { IllegalLoginLock } from "../../emulator/state.js";
import type { Profile } from "../../profiles/index.js";
import { ADMINISTRATOR, type Route } from "../router.js";
import { buildXml, parseXml, textAt } from "../xml.js";
import { okReply } from "./ok-reply.js";
import { xmlResource } from "./xml-resource.js";
import { isapiActor } from "./actor.js";

const PATH = "/ISAPI/Security/illegalLoginLock";
const ROOT = "IllegalLoginLock";

/** SecurityCap `issupIllegalLoginLock` (the G2 cameras' captures); the NVR and V5.2 camera have no such resource. */
const configurable = (profile: Profile) => profile.security.illegalLoginLockResource;

/**
 * The login lockout setting (hik-protocols.md §2.11), administrators only. The device keeps it
 * in flash (security-settings.ts validates it against the profile's ranges); the lock itself
 * is RAM (accounts.ts).
 */
export const illegalLoginLockRoutes: Route[] = [
  xmlResource(PATH, illegalLoginLockXml, { auth: ADMINISTRATOR, availableOn: configurable }),
  {
    method: "PUT",
    path: PATH,
    auth: ADMINISTRATOR,
    availableOn: configurable,
    handler: async ({ device, body, requestURL, user, request }) => {
      const next = parseIllegalLoginLock(body.toString("utf8"), device.security.current.illegalLoginLock);
      await device.security.setIllegalLoginLock(next, "isapi", isapiActor({ user, request }));
      return okReply(device, requestURL);
    },
  },
];

/**
 * `<maxIllegalLoginLockTime>` is in seconds: the one published answer of this resource says 1800
 * for the manuals' 30 minutes (§2.11). The G2 cameras' SecurityCap advertises the same element
 * as min 1, max 120, def 30 — minutes, which is why the profile's lockSecondsRange is 60-7200 s.
 * Whether G2 firmware also takes minutes in this resource is UNCERTAIN (no capture).
 */
export function illegalLoginLockXml(device: Device): string {
  const lock = device.security.current.illegalLoginLock;
  return buildXml({
    name: ROOT,
    attributes: { version: "2.0", xmlns: device.profile.isapi.namespace },
    children: [
      ["enabled", String(lock.enabled)],
      ["maxIllegalLoginTimes", String(lock.maxAttempts)],
      ["maxIllegalLoginLockTime", String(lock.lockSeconds)],
    ],
  });
}

/**
 * A PUT body over the current setting. An element left out keeps its value (our choice: the
 * web UI sends the whole document, scripts often only `<enabled>`); one present with a value
 * that is not a boolean or a whole number is badParameters, like a value out of range.
 */
export function parseIllegalLoginLock(text: string, current: IllegalLoginLock): IllegalLoginLock {
  const doc = parseXml(text);
  if (!doc) throw new DeviceError("badXmlFormat");
  if (!(ROOT in doc)) throw new DeviceError("badXmlContent", `${ROOT} is missing`);
  const field = (name: string) => textAt(doc, ROOT, name);
  const enabled = field("enabled");
  if (enabled !== undefined && enabled !== "true" && enabled !== "false") throw new DeviceError("badParameters", "enabled must be true or false");
  return {
    enabled: enabled === undefined ? current.enabled : enabled === "true",
    maxAttempts: wholeNumber("maxIllegalLoginTimes", field("maxIllegalLoginTimes"), current.maxAttempts),
    lockSeconds: wholeNumber("maxIllegalLoginLockTime", field("maxIllegalLoginLockTime"), current.lockSeconds),
  };
}

/** Digits only: "7", not "7.5", "0x7" or "" (which Number() would read as 0). Range checks are the device's. */
function wholeNumber(element: string, text: string | undefined, current: number): number {
  if (text === undefined) return current;
  if (!/^\d{1,9}$/.test(text)) throw new DeviceError("badParameters", `${element} "${text}" is not a whole number`);
  return Number(text);
}
