import type { EventEmitter } from "node:events";
import type { Profile } from "../profiles/index.js";
import type { Actor, DeviceEventMap } from "./events.js";
import type { EventSettings, FlashAccess, HttpHostSettings, MotionRegion, MotionSettings } from "./state.js";
import { DeviceError } from "./errors.js";
import { isIpv4 } from "../util/ipv4.js";

export interface EventSettingsDeps extends FlashAccess {
  readonly name: string;
  readonly profile: () => Profile;
  readonly events: EventEmitter<DeviceEventMap>;
}

/** Normalised coordinates of the layouts (the captures' RegionCoordinates run 0–1000). */
const COORDINATE_MAX = 1000;
/** Corners a motion region may have: the captures show 4; 3–10 is our bound. */
const REGION_POINTS = { min: 3, max: 10 } as const;
/** Longest notification URL path kept (our bound). */
const MAX_URL = 128;

/**
 * The event pages a client changes (issue #10): motion detection per video input channel and
 * the notification hosts (alarm servers). Each change is validated whole against the profile
 * before it is written to flash; a refused one changes nothing. A change announces
 * `settingsChanged` for the device log.
 */
export class EventSettingsModule {
  constructor(private readonly deps: EventSettingsDeps) {}

  get current(): EventSettings {
    return this.deps.flash().eventSettings;
  }

  setMotionDetection(channel: string, next: MotionSettings, actor: Actor): Promise<void> {
    const checked = checkedMotion(next, this.deps.profile());
    return this.#write("motionDetection", { ...this.current.motionDetection, [channel]: checked }, actor);
  }

  /** Replaces the hosts named in `hosts` (by id); the others stay. */
  setHttpHosts(hosts: Readonly<Record<string, HttpHostSettings>>, actor: Actor): Promise<void> {
    const checked = Object.fromEntries(Object.entries(hosts).map(([id, host]) => [id, checkedHost(host)]));
    return this.#write("httpHosts", { ...this.current.httpHosts, ...checked }, actor);
  }

  #write<K extends keyof EventSettings>(setting: K, value: EventSettings[K], actor: Actor): Promise<void> {
    return this.deps.exclusive(async () => {
      const flash = this.deps.flash();
      if (JSON.stringify(flash.eventSettings[setting]) === JSON.stringify(value)) return;
      await this.deps.writeFlash({ ...flash, eventSettings: { ...flash.eventSettings, [setting]: value } });
      this.deps.events.emit("settingsChanged", { name: this.deps.name, setting, actor });
    });
  }
}

function checkedMotion(next: MotionSettings, profile: Profile): MotionSettings {
  const { gridRows, gridColumns, maxRegions } = profile.resources.motionDetection;
  if (!Number.isInteger(next.sensitivityLevel) || next.sensitivityLevel < 0 || next.sensitivityLevel > 100) throw new DeviceError("badParameters", "sensitivityLevel must be 0-100");
  const length = gridRows * Math.ceil(gridColumns / 8) * 2;
  if (!new RegExp(`^[0-9a-fA-F]{${length}}$`).test(next.gridMap)) throw new DeviceError("badParameters", `gridMap must be ${length} hex digits (${gridRows} rows of ${gridColumns} cells)`);
  const settings: MotionSettings = { enabled: next.enabled, sensitivityLevel: next.sensitivityLevel, gridMap: next.gridMap.toLowerCase() };
  if (next.regions === undefined) return settings;
  if (next.regions.length > maxRegions) throw new DeviceError("badParameters", `RegionList holds at most ${maxRegions} regions`);
  const ids = new Set<number>();
  const regions = next.regions.map((region) => {
    if (!Number.isInteger(region.id) || region.id < 1 || region.id > maxRegions || ids.has(region.id)) throw new DeviceError("badParameters", `Region id must be distinct, 1-${maxRegions} (got ${region.id})`);
    ids.add(region.id);
    return checkedRegion(region);
  });
  return { ...settings, regions };
}

function checkedRegion(region: MotionRegion): MotionRegion {
  const { points } = region;
  if (points.length < REGION_POINTS.min || points.length > REGION_POINTS.max) throw new DeviceError("badParameters", `RegionCoordinatesList needs ${REGION_POINTS.min}-${REGION_POINTS.max} points (region ${region.id})`);
  for (const [x, y] of points) {
    if (![x, y].every((v) => Number.isInteger(v) && v >= 0 && v <= COORDINATE_MAX)) throw new DeviceError("badParameters", `positionX and positionY must be 0-${COORDINATE_MAX} (region ${region.id})`);
  }
  return { id: region.id, points: points.map(([x, y]) => [x, y] as const) };
}

function checkedHost(host: HttpHostSettings): HttpHostSettings {
  if (!host.url.startsWith("/") || host.url.length > MAX_URL || /[\s<>"]/.test(host.url)) throw new DeviceError("badParameters", `url must be a path of at most ${MAX_URL} characters`);
  if (!isIpv4(host.ipAddress)) throw new DeviceError("badParameters", `ipAddress "${host.ipAddress}" is not an IPv4 address`);
  if (!Number.isInteger(host.portNo) || host.portNo < 1 || host.portNo > 65535) throw new DeviceError("badParameters", "portNo must be 1-65535");
  return {
    url: host.url,
    protocolType: host.protocolType,
    parameterFormatType: host.parameterFormatType,
    addressingFormatType: host.addressingFormatType,
    ipAddress: host.ipAddress,
    portNo: host.portNo,
    httpAuthenticationMethod: host.httpAuthenticationMethod,
  };
}
