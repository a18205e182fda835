import type { Profile } from "../profiles/index.js";

/**
 * One protocol of `/ISAPI/Security/adminAccesses` as flash keeps it (hik-protocols.md §2.7):
 * on or off, its port, and its yes/no options (HTTPS `redirectToHttps` and `TLS1_xEnable`, the
 * NVR's SDK_OVER_TLS `streamOverTls`). The protocol's id and the order of its elements come
 * from the profile's capture.
 */
export interface AccessProtocol {
  /** The capture's `protocol` (HTTP, HTTPS, DEV_MANAGE, RTSP, …). */
  readonly protocol: string;
  readonly enabled: boolean;
  /** Absent for protocols the capture shows without a port (Bonjour). */
  readonly port?: number | undefined;
  readonly options: Readonly<Record<string, boolean>>;
  /**
   * HTTP and HTTPS, the ports hikemu serves: true once the device set the port itself. Until
   * then the fleet file gives the port it is served on and shows (docs/addresses.md "Ports").
   */
  readonly portSetByDevice?: boolean | undefined;
}

/** Flash `ports`: every protocol of the model, in the capture's order. */
export type PortSettings = readonly AccessProtocol[];

/** Elements of a captured AdminAccessProtocol that are not yes/no options. */
const NOT_OPTIONS = new Set(["id", "enabled", "protocol", "portNo"]);

/** The ports as the device leaves the factory: the model's capture (profile `adminAccesses`). */
export function factoryPorts(profile: Profile): PortSettings {
  return profile.adminAccesses.protocols.map((fields) => {
    const value = (name: string) => fields.find(([k]) => k === name)?.[1];
    const port = value("portNo");
    const options = Object.fromEntries(fields.filter(([k, v]) => !NOT_OPTIONS.has(k) && (v === "true" || v === "false")).map(([k, v]) => [k, v === "true"]));
    return { protocol: value("protocol") ?? "", enabled: value("enabled") !== "false", ...(port === undefined ? {} : { port: Number(port) }), options };
  });
}

/** The flash entry of `protocol`, if the device has it. */
export function protocolEntry(ports: PortSettings, protocol: string): AccessProtocol | undefined {
  return ports.find((entry) => entry.protocol === protocol);
}
