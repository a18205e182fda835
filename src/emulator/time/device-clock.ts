import type { EventEmitter } from "node:events";
import type { Logger } from "pino";
import type { Profile } from "../../profiles/index.js";
import type { Clock } from "../clock.js";
import type { Actor, DeviceEventMap } from "../events.js";
import type { FlashAccess } from "../state.js";
import { DeviceError } from "../errors.js";
import { checkedNtpServer, checkedTimeZone, type NtpServer, type RealTimeClock, type TimeSettings } from "./time-settings.js";
import { isapiLocalTime, parseLocalTime, parseTimeZone, sadpLocalTime, wallClock } from "./time-zone.js";

export interface DeviceClockDeps extends FlashAccess {
  readonly name: string;
  readonly profile: () => Profile;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly events: EventEmitter<DeviceEventMap>;
  /** Host epoch ms the current boot began (lifecycle.ts). */
  readonly bootedAt: () => number;
}

/** What a `/ISAPI/System/time` PUT may change; an absent field stays. */
export interface TimeChange {
  readonly mode?: string | undefined;
  readonly timeZone?: string | undefined;
  /** `localTime` as written (`2024-01-01T12:00:00+08:00`, or without an offset: the zone's). */
  readonly localTime?: string | undefined;
}

/** The clock range a device accepts: 1970 to the end of 2037, a 32-bit time_t (our choice). */
const EARLIEST = 0;
const LATEST = Date.UTC(2037, 11, 31, 23, 59, 59);

/**
 * The device's own clock (issue #10). It reads the host clock (the Clock port) plus the offset
 * flash keeps, in the time zone flash keeps:
 * - **Never set**: counts from 1970-01-01T00:00:00Z, starting when hikemu first runs the device
 *   (this module's construction), and runs on through reboots and power cycles like a
 *   battery-backed RTC: the captures show unset cameras whose clock read weeks past 1970 while
 *   their uptime was days (real-responses/DS-2CD2155FWD-I System_status: 1970-02-22 after
 *   2 900 578 s up; hik-protocols.md §1.3 BootTime 1970-02-10). An emulator restart starts a
 *   never-set clock at 1970 again (it is kept in RAM until someone sets it).
 * - **Set** (`manual` with a `localTime`): host time + offset, kept in flash, so it survives
 *   restarts of hikemu.
 * - **NTP**: hikemu never sends NTP (nothing leaves for addresses not configured, DESIGN.md
 *   "Addresses"); an NTP-mode device counts as synchronised to the host clock.
 */
export class DeviceClock {
  /** Host time at which a never-set clock read 1970-01-01T00:00:00Z. */
  readonly #unsetOrigin: number;

  constructor(private readonly deps: DeviceClockDeps) {
    this.#unsetOrigin = deps.clock.now();
  }

  get settings(): TimeSettings {
    return this.deps.flash().time;
  }

  /** Whether anyone set the clock (or NTP keeps it): false on a never-set device. */
  get isSet(): boolean {
    const { mode, clock } = this.settings;
    return mode === "NTP" || clock.set;
  }

  /** Epoch ms the device's clock reads now (UTC instant). */
  now(): number {
    const { mode, clock } = this.settings;
    const host = this.deps.clock.now();
    if (mode === "NTP") return host;
    return clock.set ? host + clock.offsetMs : host - this.#unsetOrigin;
  }

  /** Minutes east of UTC of the zone in flash (the standard offset; DST is not applied). */
  get offsetMinutes(): number {
    return parseTimeZone(this.settings.timeZone)?.offsetMinutes ?? 0;
  }

  /** Seconds since the current boot (`deviceUpTime`), on the host clock: setting the time does not change it. */
  uptimeSeconds(): number {
    return Math.max(0, Math.floor((this.deps.clock.now() - this.deps.bootedAt()) / 1000));
  }

  /** The device-clock instant the current boot began: now minus uptime, so it follows a set clock as Linux's boot time does. */
  bootTime(): number {
    return this.now() - (this.deps.clock.now() - this.deps.bootedAt());
  }

  /** `YYYY-MM-DDTHH:MM:SS+hh:mm` in the device's zone (ISAPI `localTime`, `currentDeviceTime`). */
  isapiTime(epochMs: number = this.now()): string {
    return isapiLocalTime(epochMs, this.offsetMinutes);
  }

  /** `YYYY-MM-DD HH:MM:SS` on the wall clock (SADP BootTime, §1.3). */
  sadpTime(epochMs: number): string {
    return sadpLocalTime(epochMs, this.offsetMinutes);
  }

  /**
   * The wall-clock reading as if it were UTC: what the camera writes in its HTTP `Date` header,
   * local time labelled GMT (both DS-2CD2155FWD-I cassettes: `Date: Sun, 22 Feb 1970 08:21:26 GMT`
   * with `currentDeviceTime` 1970-02-22T08:21:26+08:00).
   */
  wallClock(epochMs: number = this.now()): number {
    return wallClock(epochMs, this.offsetMinutes);
  }

  /**
   * Changes mode, zone and/or the time, validated whole before anything is written; failures
   * name the element (`badParameters`). In NTP mode a `localTime` is ignored (the device takes
   * NTP's time), and switching to NTP synchronises at once.
   */
  setTime(change: TimeChange, actor: Actor): Promise<TimeSettings> {
    const current = this.settings;
    const mode = change.mode ?? current.mode;
    if (mode !== "manual" && mode !== "NTP") throw new DeviceError("badParameters", `timeMode "${mode}" is not supported (manual or NTP)`);
    const timeZone = change.timeZone === undefined ? current.timeZone : checkedTimeZone(change.timeZone);
    let instant: number | undefined;
    if (change.localTime !== undefined && mode === "manual") {
      instant = parseLocalTime(change.localTime, parseTimeZone(timeZone)?.offsetMinutes ?? 0);
      if (instant === undefined) throw new DeviceError("badParameters", `localTime "${change.localTime}" is not a date and time (YYYY-MM-DDTHH:MM:SS+hh:mm)`);
      if (instant < EARLIEST || instant > LATEST) throw new DeviceError("badParameters", `localTime "${change.localTime}" is outside 1970-2037`);
    }
    return this.deps.exclusive(async () => {
      const flash = this.deps.flash();
      const clock = nextClock(flash.time, mode, instant, this.deps.clock.now());
      const next: TimeSettings = { ...flash.time, mode, timeZone, clock };
      if (JSON.stringify(next) === JSON.stringify(flash.time)) return flash.time;
      await this.deps.writeFlash({ ...flash, time: next });
      this.deps.logger.info({ via: actor.via, user: actor.userName, mode, timeZone, set: clock.set }, "time changed");
      this.deps.events.emit("timeChanged", { name: this.deps.name, actor });
      return next;
    });
  }

  /** Changes the NTP server (`ntpServers/1`), checked whole first. */
  setNtpServer(server: NtpServer, actor: Actor): Promise<TimeSettings> {
    const ntp = checkedNtpServer(server);
    return this.deps.exclusive(async () => {
      const flash = this.deps.flash();
      if (JSON.stringify(ntp) === JSON.stringify(flash.time.ntp)) return flash.time;
      const next: TimeSettings = { ...flash.time, ntp };
      await this.deps.writeFlash({ ...flash, time: next });
      this.deps.logger.info({ via: actor.via, user: actor.userName, ntp: ntp.host }, "NTP server changed");
      this.deps.events.emit("timeChanged", { name: this.deps.name, actor });
      return next;
    });
  }
}

/**
 * The clock after a change: NTP synchronises it to the host; a manual `localTime` sets it;
 * leaving NTP without one keeps NTP's time; otherwise it runs on as it was.
 */
function nextClock(current: TimeSettings, mode: "manual" | "NTP", instant: number | undefined, host: number): RealTimeClock {
  if (mode === "NTP") return { set: true, offsetMs: 0 };
  if (instant !== undefined) return { set: true, offsetMs: instant - host };
  if (current.mode === "NTP") return { set: true, offsetMs: 0 };
  return current.clock;
}
