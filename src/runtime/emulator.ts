import type { Logger } from "pino";
import type { Clock } from "../emulator/clock.js";
import type { Random } from "../emulator/random.js";
import { RealClock } from "./real-clock.js";
import { connectionBudget, openFileLimit } from "./descriptor-budget.js";
import { CryptoRandom } from "./crypto-random.js";
import { Fleet } from "../emulator/fleet.js";
import type { Store } from "../emulator/store/store.js";
import type { FleetConfig } from "../config/fleet-config.js";
import { DgramChannel } from "../discovery/net/dgram-channel.js";
import { SADP_GROUP, SadpResponder } from "../discovery/sadp/responder.js";
import { createFleetHandler } from "../http/fleet-handler.js";
import { createWebApp } from "../http/web/web-app.js";
import { HttpListeners } from "../http/listeners.js";
import { isapiRoutes } from "../http/isapi/routes.js";
import { discoverySourceAllowed, outsideScope, resolveDiscoveryScope } from "./interfaces.js";
import { EventHub } from "../control/event-hub.js";
import { BootAnnouncer } from "../discovery/sadp/boot-announcer.js";
import { addressNote } from "../emulator/placement.js";
import { parseIpv4Prefix } from "../util/ipv4.js";
import { startSsdp, type SsdpFront } from "./ssdp-front.js";
import { SSDP_PORT } from "../discovery/ssdp/constants.js";
import { SelfSignedIssuer } from "./self-signed-issuer.js";
import { fleetHttpsPorts } from "./https-ports.js";
import { Outbox } from "../mail/outbox.js";
import { SupportDesk } from "../support/support-desk.js";
import { MailFanOut } from "../mail/mail-fan-out.js";
import { SmtpMailer, describeSmtp } from "../mail/smtp-mailer.js";

export interface EmulatorOptions {
  readonly config: FleetConfig;
  readonly store: Store;
  readonly logger: Logger;
  readonly clock?: Clock;
  /**
   * Host time for SADP's and SSDP's transport pacing (reply bursts, per-sender and parse budgets,
   * duplicate windows). Default: the real clock, even when devices run on a virtual one — a
   * network answers whether or not anyone advances device time.
   */
  readonly transportClock?: Clock;
  readonly random?: Random;
  /**
   * SSDP's search start delays and re-advertisement jitter, apart from the devices' `random` so
   * network traffic never moves a seeded device's challenges and nonces. Default: a CryptoRandom.
   */
  readonly transportRandom?: Random;
  /** Client connections the whole fleet may hold (default: what the open-files limit leaves). */
  readonly maxConnections?: number;
  /** The web admin behind the fleet handler (issue #12; default on). Off: only the device API answers (the bench's A/B of the ISAPI hot path). */
  readonly web?: boolean;
}

export interface RunningEmulator {
  readonly fleet: Fleet;
  /** The device clock every device runs on. */
  readonly clock: Clock;
  /** Every device's published events, logged and ready for the control plane. */
  readonly events: EventHub;
  /** Per-device HTTP listeners; `settled()` waits until they follow every power change. */
  readonly http: HttpListeners;
  readonly sadp: SadpResponder;
  /** The UDP port SADP actually listens on (37020, or the OS's pick for port 0). */
  readonly sadpPort: number;
  /** Another socket (SADP Tool, another hikemu) shares the SADP port. */
  readonly sadpShared: boolean;
  /** SSDP / UPnP (issue 8): the responder and the UDP port it listens on (1900, or the OS's pick for 0); undefined when off. */
  readonly ssdp: SsdpFront["responder"] | undefined;
  readonly ssdpPort: number | undefined;
  /** Every message the emulator sent (issue #11): the control API's `GET /api/mail`. */
  readonly outbox: Outbox;
  /** The simulated support desk of password recovery (issue #11), on the device clock. */
  readonly supportDesk: SupportDesk;
  stop(): Promise<void>;
}

/** The support desk's sender address (a reserved name: `.invalid` never resolves, RFC 2606). */
export const SUPPORT_SENDER = "support@hikemu.invalid";

/** Wires the core to its fronts: fleet → SADP responder + one HTTP listener per device. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const { config, logger } = options;
  const realClock = () => new RealClock((error, timer) => logger.error({ err: error, timer }, "timer work failed"));
  const clock = options.clock ?? realClock();
  const scope = resolveDiscoveryScope(config.interface);
  const random = options.random ?? new CryptoRandom();
  const addressRefused = (address: string) => outsideScope(scope, config.interface, address);
  const fleet = await Fleet.create({ seed: config.seed, specs: config.specs, clock, random, store: options.store, logger, addressRefused, certificates: new SelfSignedIssuer() });

  const http = await HttpListeners.open(fleet, createFleetHandler({ fleet, routes: isapiRoutes(), clock, ...(options.web === false ? {} : { fallback: createWebApp().fallback }) }), {
    preferredPort: config.httpPort,
    fallbackPort: config.httpFallbackPort,
    logger,
    maxConnections: options.maxConnections ?? connectionBudget(config.specs.length, openFileLimit()),
    https: fleetHttpsPorts(config),
  });
  // Issue #8: where flash moved a device, or it believes an address it cannot be served at.
  for (const d of fleet.devices) {
    const note = addressNote(d);
    if (note) logger.info({ device: d.name, believes: d.network.ipv4, servedAt: d.serving.address, fleetAddress: d.serving.fleetAddress, note }, "device address");
  }

  // SO_REUSEADDR lets SADP Tool and hikemu share 37020 on one host; say so when it happens.
  const sadpShared = await DgramChannel.portShared(config.sadpPort, "0.0.0.0");
  if (sadpShared) {
    logger.warn({ sadpPort: config.sadpPort }, "another program already listens on the SADP port; unicast probes to this host reach only one of the two (probe the group instead)");
  }
  let channel: DgramChannel;
  try {
    channel = await DgramChannel.open({
      port: config.sadpPort,
      bindAddress: "0.0.0.0",
      group: SADP_GROUP,
      multicastInterfaces: scope.multicastInterfaces,
      onError: (error) => logger.warn({ err: error }, "sadp socket error"),
    });
  } catch (error) {
    await http.close();
    throw error;
  }
  const transportClock = options.transportClock ?? (options.clock ? realClock() : clock);
  const advertise = config.advertise === undefined ? undefined : parseIpv4Prefix(config.advertise);
  const sadp = new SadpResponder({
    channel,
    fleet,
    clock: transportClock,
    logger: logger.child({ front: "sadp" }),
    group: { address: SADP_GROUP, port: config.sadpPort === 0 ? channel.port : config.sadpPort },
    loopbackOnly: scope.loopbackOnly,
    sourceAllowed: (address) => discoverySourceAllowed(scope, address),
    advertise,
  });
  const hellos = new BootAnnouncer(fleet, (device, uuid) => sadp.announce(device, uuid), random);
  // SSDP / UPnP (issue 8): its own socket and pacing; NOTIFY rounds on the device clock.
  let ssdp: SsdpFront | undefined;
  try {
    if (config.ssdp !== false) ssdp = await startSsdp({ fleet, port: config.ssdpPort ?? SSDP_PORT, scope, clock, transportClock, random: options.transportRandom ?? new CryptoRandom(), advertise, logger: logger.child({ front: "ssdp" }) });
  } catch (error) {
    hellos.close();
    sadp.close();
    await channel.close();
    await http.close();
    throw error;
  }
  logger.info({ sadpPort: channel.port, ssdpPort: ssdp?.port ?? "off", interfaces: scope.multicastInterfaces }, "emulator started");
  const events = new EventHub(fleet, clock);

  // Issue #11: the support desk dates its answers on the devices' clock, so a virtual clock
  // crosses a 24 h expiry for both sides. SMTP delivery joins the outbox when configured.
  // No mail leaves hikemu unless SMTP is configured (fleet file mail.smtp, HIKEMU_SMTP, --smtp).
  const outbox = new Outbox(() => clock.now());
  const smtp = config.mail?.smtp ? new SmtpMailer(config.mail.smtp) : undefined;
  if (smtp) logger.info({ smtp: describeSmtp(smtp.settings) }, "mail is also delivered by SMTP");
  const mailer = new MailFanOut(outbox, smtp, logger.child({ front: "mail" }));
  const supportDesk = new SupportDesk({ now: () => clock.now(), mailer, from: config.mail?.from ?? SUPPORT_SENDER });
  return {
    fleet,
    clock,
    events,
    outbox,
    supportDesk,
    http,
    sadp,
    sadpPort: channel.port,
    sadpShared,
    ssdp: ssdp?.responder,
    ssdpPort: ssdp?.port,
    async stop() {
      // Byebye for every device first, while the fleet is still whole.
      await ssdp?.stop();
      events.close();
      hellos.close();
      sadp.close();
      await channel.close();
      await http.close();
      smtp?.close();
    },
  };
}
