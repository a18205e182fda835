import type { Ipv4Prefix } from "../util/ipv4.js";
import type { Logger } from "pino";
import type { Clock } from "../emulator/clock.js";
import type { Fleet } from "../emulator/fleet.js";
import type { Random } from "../emulator/random.js";
import { DgramChannel } from "../discovery/net/dgram-channel.js";
import { SsdpResponder } from "../discovery/ssdp/responder.js";
import { SsdpAdvertiser } from "../discovery/ssdp/advertiser.js";
import { SSDP_GROUP } from "../discovery/ssdp/constants.js";
import { discoverySourceAllowed, type DiscoveryScope } from "./interfaces.js";

export interface SsdpFrontOptions {
  readonly fleet: Fleet;
  /** 1900, or 0 for the OS's pick (tests). */
  readonly port: number;
  readonly scope: DiscoveryScope;
  /** Device time: re-advertisement rounds. */
  readonly clock: Clock;
  /** Host time: answer pacing. */
  readonly transportClock: Clock;
  /** Search start delays and round jitter: the transport's own, never the devices' Random. */
  readonly random: Random;
  readonly logger: Logger;
  /** LOCATION hosts mapped into this prefix (settings.ts `advertise`), as SADP's IPv4Address. */
  readonly advertise?: Ipv4Prefix | undefined;
}

/** SSDP as the runtime runs it: one socket for the fleet, the responder and the advertiser. */
export interface SsdpFront {
  readonly responder: SsdpResponder;
  /** The UDP port SSDP actually listens on. */
  readonly port: number;
  /** Another socket (a UPnP stack of the host, another hikemu) shares the port. */
  readonly shared: boolean;
  /** Byebye for every device that is up, then the socket closes. */
  stop(): Promise<void>;
}

/**
 * Opens 0.0.0.0:port joined to 239.255.255.250 on the discovery scope's interfaces (loopback
 * unless told otherwise, DESIGN.md), as SADP does on its own port.
 */
export async function startSsdp(options: SsdpFrontOptions): Promise<SsdpFront> {
  const { fleet, port, scope, logger } = options;
  const shared = await DgramChannel.portShared(port, "0.0.0.0");
  if (shared) logger.warn({ ssdpPort: port }, "another program already listens on the SSDP port; unicast searches to this host reach only one of the two (search the group instead)");
  const channel = await DgramChannel.open({
    port,
    bindAddress: "0.0.0.0",
    group: SSDP_GROUP,
    multicastInterfaces: scope.multicastInterfaces,
    onError: (error) => logger.warn({ err: error }, "ssdp socket error"),
  });
  const responder = new SsdpResponder({
    channel,
    fleet,
    clock: options.transportClock,
    random: options.random,
    logger,
    group: { address: SSDP_GROUP, port: port === 0 ? channel.port : port },
    loopbackOnly: scope.loopbackOnly,
    sourceAllowed: (address) => discoverySourceAllowed(scope, address),
    advertise: options.advertise,
  });
  const advertiser = new SsdpAdvertiser({ fleet, notify: (device, kind) => responder.notify(device, kind), clock: options.clock, random: options.random });
  return {
    responder,
    port: channel.port,
    shared,
    async stop() {
      advertiser.close();
      await responder.close(fleet.devices);
      await channel.close();
    },
  };
}
