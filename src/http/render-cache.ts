import type { Device } from "../emulator/device.js";
import type { Reply } from "./router.js";

interface Entry {
  readonly revision: number;
  readonly reply: Reply;
}

/**
 * Serialised replies of read-mostly resources (deviceInfo, adminAccesses, activateStatus, …),
 * kept per device until the device's revision moves (issue #6): every change a front could
 * show — flash, power, served port — bumps it, so a cached body is never stale. The body is
 * kept as bytes, so a hit costs neither XML building nor UTF-8 encoding.
 */
export class RenderCache {
  readonly #byDevice = new WeakMap<Device, Map<string, Entry>>();

  reply(device: Device, key: string, render: () => Reply): Reply {
    let entries = this.#byDevice.get(device);
    if (!entries) {
      entries = new Map();
      this.#byDevice.set(device, entries);
    }
    const hit = entries.get(key);
    if (hit && hit.revision === device.revision) return hit.reply;
    const fresh = render();
    const reply = typeof fresh.body === "string" ? { ...fresh, body: Buffer.from(fresh.body, "utf8") } : fresh;
    entries.set(key, { revision: device.revision, reply });
    return reply;
  }
}
