/** Browser module `fleet.js`: the fleet table, kept current from the API and the event stream. */
export const FLEET_JS = String.raw`
import { api, devicePath, releaseOnExit } from "./api.js";
import { DeviceRow } from "./row.js";

/** Full views are fetched a few at a time, so a large fleet does not flood the API. */
const PARALLEL = 6;

export class Fleet {
  constructor({ clock, report }) {
    this.clock = clock;
    this.report = report;
    this.rows = new Map();
    this.body = document.getElementById("fleet-body");
    this.count = document.getElementById("fleet-count");
    this.reloading = undefined;
  }

  /** The listing from GET /api/devices (rows added, kept or dropped), then every full view. */
  async load() {
    const { devices } = await api("GET", "/devices");
    const names = new Set(devices.map((device) => device.name));
    for (const name of [...this.rows.keys()]) if (!names.has(name)) this.rows.delete(name);
    const ordered = devices.map((summary) => {
      let row = this.rows.get(summary.name);
      if (row) row.apply(summary);
      else this.rows.set(summary.name, (row = new DeviceRow(summary, { clock: this.clock, report: this.report })));
      return row.tr;
    });
    if (ordered.length === 0) {
      const empty = document.createElement("tr");
      empty.className = "placeholder";
      const cell = empty.appendChild(document.createElement("td"));
      cell.colSpan = 9;
      cell.textContent = "No devices in this fleet.";
      ordered.push(empty);
    }
    this.body.replaceChildren(...ordered);
    this.count.textContent = "(" + devices.length + (devices.length === 1 ? " device)" : " devices)");
    const queue = devices.map((device) => device.name);
    const worker = async () => {
      while (queue.length > 0) await this.refresh(queue.shift());
    };
    await Promise.all(Array.from({ length: Math.min(PARALLEL, queue.length) }, worker));
  }

  /** Fetches a device's full view; calls made meanwhile fold into one more fetch. */
  refresh(name) {
    const row = this.rows.get(name);
    if (!row) return Promise.resolve();
    if (row.refreshing) {
      row.again = true;
      return row.refreshing;
    }
    row.refreshing = (async () => {
      do {
        row.again = false;
        try {
          row.apply(await api("GET", devicePath(name)));
        } catch (error) {
          if (error.status === 404) this.reload();
          else this.report(error);
          return;
        }
      } while (row.again);
    })().finally(() => (row.refreshing = undefined));
    return row.refreshing;
  }

  /** The listing again (a device was added or removed at run time). */
  reload() {
    if (!this.reloading) this.reloading = this.load().catch((error) => this.report(error)).finally(() => (this.reloading = undefined));
    return this.reloading;
  }

  onEvent(event) {
    const row = this.rows.get(event.device);
    if (!row) {
      this.reload();
      return;
    }
    row.onEvent(event);
    this.refresh(event.device);
  }

  /** Rows whose reset button this page holds now. */
  held() {
    return [...this.rows.values()].filter((row) => row.holding);
  }

  /** A key let go anywhere ends the hold it started, wherever the focus went meanwhile. */
  keyUp(key) {
    for (const row of this.rows.values()) if (row.key === key) row.release();
  }

  /** The page is going away: every button it holds is let go, so none stays held by nobody. */
  releaseAllOnExit() {
    for (const row of this.rows.values()) {
      if (!row.holding) continue;
      row.holding = false;
      releaseOnExit(row.name);
    }
  }

  /** The window lost focus: holds made with a key end (the key-up will not come here). */
  releaseKeyHolds() {
    for (const row of this.rows.values()) if (row.key !== undefined) row.release();
  }

  tick() {
    for (const row of this.rows.values()) if (row.timed) row.tick();
  }
}
`;
