/** Browser module `clock.js`: device time as the page knows it, and the clock panel. */
export const CLOCK_JS = String.raw`
import { api, change } from "./api.js";

const pad = (n) => String(n).padStart(2, "0");

/** Device time (UTC) as HH:MM:SS. */
export function timeOfDay(ms) {
  const d = new Date(ms);
  return pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes()) + ":" + pad(d.getUTCSeconds());
}

/**
 * The fleet's clock seen from the page: the last reading from /api/clock or an event, moved
 * on by the browser's own time under the real clock, held still under the virtual one.
 */
export class DeviceClock {
  constructor() {
    this.mode = "unknown";
    this.epochMs = 0;
    this.readAt = performance.now();
    this.listeners = [];
  }

  now() {
    return this.mode === "real" ? this.epochMs + (performance.now() - this.readAt) : this.epochMs;
  }

  /** A reading from GET /api/clock or POST /api/clock/advance. */
  read(view) {
    const before = this.mode + ":" + this.epochMs;
    this.mode = view.mode;
    this.epochMs = view.epochMs;
    this.readAt = performance.now();
    if (before !== this.mode + ":" + this.epochMs) this.changed();
  }

  /** An event's device time: under the virtual clock, time has reached at least that far. */
  saw(at) {
    const ms = Date.parse(at);
    if (this.mode === "virtual" && ms > this.epochMs) {
      this.epochMs = ms;
      this.changed();
    }
  }

  onChange(listener) {
    this.listeners.push(listener);
  }

  changed() {
    for (const listener of this.listeners) listener();
  }
}

/** The clock panel: device time, its mode, and under the virtual clock the advance controls. */
export class ClockPanel {
  constructor(clock, report) {
    this.clock = clock;
    this.report = report;
    this.now = document.getElementById("clock-now");
    this.date = document.getElementById("clock-date");
    this.badge = document.getElementById("clock-mode");
    this.advanceControls = document.getElementById("clock-advance");
    this.realNote = document.getElementById("clock-real");
    for (const button of this.advanceControls.querySelectorAll("button[data-advance]")) {
      button.addEventListener("click", () => this.advance(Number(button.dataset.advance)));
    }
    const form = document.getElementById("advance-form");
    const seconds = document.getElementById("advance-seconds");
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      this.advance(Number(seconds.value));
    });
    clock.onChange(() => this.show());
  }

  async load() {
    this.clock.read(await api("GET", "/clock"));
  }

  /** Moves device time on (virtual clock); the answer is the clock after the timers due have run. */
  async advance(seconds) {
    if (!(seconds > 0)) {
      this.report("advance by a positive number of seconds");
      return;
    }
    try {
      this.clock.read(await change("POST", "/clock/advance", { seconds }));
    } catch (error) {
      this.report(error);
    }
  }

  show() {
    const ms = this.clock.now();
    this.now.textContent = timeOfDay(ms);
    this.now.dataset.epochMs = String(Math.round(ms));
    this.date.textContent = new Date(ms).toISOString().slice(0, 10) + " UTC";
    const virtual = this.clock.mode === "virtual";
    this.badge.textContent = this.clock.mode + " clock";
    this.badge.classList.toggle("virtual", virtual);
    this.advanceControls.hidden = !virtual;
    this.realNote.hidden = this.clock.mode !== "real";
  }
}
`;
