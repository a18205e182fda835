import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { bindFailure } from "./bind-failure.js";
import type { EventEmitter } from "node:events";
import type { Socket } from "node:net";
import type { Logger } from "pino";
import type { Device } from "../emulator/device.js";
import type { FleetEventMap } from "../emulator/fleet.js";
import { inBatches } from "../util/in-batches.js";
import { wantedAddress } from "../emulator/placement.js";
import { protocolEntry } from "../emulator/ports.js";
import { DeviceTlsListener, type HttpsPorts } from "./tls-listener.js";
import { closeServer, listen, type RequestTimeouts } from "./device-server.js";
import { ConnectionCap } from "./connection-cap.js";

export interface ListenOptions {
  /** Port every device serves HTTP on when the process may bind it (80, like hardware). */
  readonly preferredPort: number;
  /** Port used instead when binding the preferred one is refused (no root, no capability). */
  readonly fallbackPort: number;
  readonly logger: Logger;
  /** Client connections all devices together may hold; more are closed at once (default: no cap). */
  readonly maxConnections?: number;
  /** HTTPS (issue #10): the fleet's HTTPS ports; absent, no device serves HTTPS. */
  readonly https?: HttpsPorts;
  /** Node's limits for a request's arrival (defaults: Node's); tests shorten them to see the 408. */
  readonly requestTimeouts?: RequestTimeouts;
}

/** What the listeners follow: the fleet's devices, and devices joining or leaving it; where each is served (fleet.ts). */
export interface ListenFleet {
  readonly devices: readonly Device[];
  readonly events: EventEmitter<FleetEventMap>;
  addressConflict(device: Device, address: string): string | undefined;
  relocate(device: Device, address: string, blocked?: string): void;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * One small node:http listener per device on its own address, all with the same fleet
 * handler (DESIGN.md "HTTP": ≈4 KB per listener). A listener is open exactly while its device
 * is reachable (issue #5): power off closes it and its keep-alive connections, so clients see
 * connections refused, as with a box that is down; power on opens it again on the same port.
 * A device that sets its own network moves (issue #8): the listener binds the new address
 * first, and only then moves the device and closes the old one gracefully; where the host
 * cannot serve the new address, the device stays where it is and the log says why.
 */
export class HttpListeners {
  readonly #listeners = new Map<Device, DeviceListener>();
  readonly #tls = new Map<Device, DeviceTlsListener>();
  /** Listeners of removed devices that are still closing. */
  readonly #closing = new Set<Promise<void>>();
  readonly #unsubscribe: () => void;

  readonly #connections: ConnectionCap;

  private constructor(
    private readonly fleet: ListenFleet,
    private readonly handler: Handler,
    private readonly logger: Logger,
    private port: number,
    maxConnections: number,
    private readonly https: HttpsPorts | undefined,
    private readonly timeouts: RequestTimeouts | undefined,
  ) {
    this.#connections = new ConnectionCap(maxConnections, logger);
    const added = (device: Device) => void this.#follow(device).catch((error: unknown) => logger.warn({ err: error, device: device.name }, "cannot serve the new device"));
    const removed = (device: Device) => void this.#unfollow(device);
    fleet.events.on("deviceAdded", added);
    fleet.events.on("deviceRemoved", removed);
    this.#unsubscribe = () => {
      fleet.events.off("deviceAdded", added);
      fleet.events.off("deviceRemoved", removed);
    };
  }

  static async open(fleet: ListenFleet, handler: Handler, options: ListenOptions): Promise<HttpListeners> {
    const listeners = new HttpListeners(fleet, handler, options.logger, options.preferredPort, options.maxConnections ?? Number.POSITIVE_INFINITY, options.https, options.requestTimeouts);
    const [first, ...rest] = fleet.devices;
    // The first device that tries the fleet's port finds out whether the process may bind it; a
    // device that set its own HTTP port (issue #10) does not try it, so any device may be that one.
    const follow = async (device: Device): Promise<void> => {
      try {
        await listeners.#follow(device);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EACCES" || listeners.port === options.fallbackPort) throw error;
        listeners.#listeners.delete(device);
        if (listeners.port === options.preferredPort) {
          options.logger.info({ refused: options.preferredPort, using: options.fallbackPort }, "cannot bind the preferred HTTP port; using the fallback");
          listeners.port = options.fallbackPort;
        }
        await listeners.#follow(device);
      }
    };
    try {
      if (first) await follow(first);
      await inBatches(rest, 64, follow);
    } catch (error) {
      await listeners.close();
      throw error;
    }
    return listeners;
  }

  /** Resolves once every listener — or `device`'s alone — has caught up with its device's power state. */
  async settled(device?: Device): Promise<void> {
    if (device) {
      await this.#listeners.get(device)?.settled();
      await this.#tls.get(device)?.settled();
      return;
    }
    await Promise.all([...[...this.#listeners.values(), ...this.#tls.values()].map((l) => l.settled()), ...this.#closing]);
  }

  /**
   * Shuts the fleet's HTTP down for the process to exit: no new connections; requests in
   * flight get their replies (with `Connection: close`) for up to `graceMs`, so an operation
   * that was written to flash is also answered; then every connection is closed.
   */
  async close(graceMs = 2_000): Promise<void> {
    this.#unsubscribe();
    await Promise.all([...[...this.#listeners.values(), ...this.#tls.values()].map((l) => l.stop(graceMs))]);
    this.#listeners.clear();
    this.#tls.clear();
  }

  async #follow(device: Device): Promise<void> {
    if (this.#listeners.has(device)) return;
    const listener = new DeviceListener(device, this.fleet, this.handler, this.port, this.logger, this.#connections, this.timeouts);
    this.#listeners.set(device, listener);
    await listener.start();
    if (this.https && !this.#tls.has(device)) {
      const tls = new DeviceTlsListener(device, this.handler, this.https, this.logger, (socket) => this.#connections.admit(socket));
      this.#tls.set(device, tls);
      await tls.start();
    }
  }

  async #unfollow(device: Device): Promise<void> {
    const listener = this.#listeners.get(device);
    if (!listener) return;
    this.#listeners.delete(device);
    const tls = this.#tls.get(device);
    this.#tls.delete(device);
    const closing = Promise.all([listener.stop(), tls?.stop()]).then(() => undefined);
    this.#closing.add(closing);
    await closing;
    this.#closing.delete(closing);
  }
}

/**
 * A reboot lets replies in flight go out first (the reboot's own OK among them); a power cut
 * or an unplugged cable does not. Moving to a new address lets them go out too (the answer
 * to the change itself among them).
 */
const REBOOT_GRACE_MS = 2_000;

/** The listener of one device, opened and closed as its reachability says, and moved as its network does. */
class DeviceListener {
  #server: Server | undefined;
  #chain: Promise<void> = Promise.resolve();
  #stopped = false;
  /** The address a warning was last logged for: one warning per change, not per power-on. */
  #warnedFor: string | undefined;
  /** Servers at addresses the device moved away from, still letting their replies go out. */
  readonly #retiring = new Map<Server, Promise<void>>();
  /** The port in force: bound now, or last (a device comes back, or moves, on the port it had). */
  #port: number;
  /** The device's own HTTP port a warning was last logged for (issue #10): once per value. */
  #portWarnedFor: number | undefined;
  readonly #onReachable = () => void this.#enqueue(() => this.#sync());
  readonly #onNetworkChanged = () => {
    this.#warnedFor = undefined;
    void this.#enqueue(() => this.#move());
  };

  constructor(
    private readonly device: Device,
    private readonly fleet: ListenFleet,
    private readonly handler: Handler,
    /** The port the fleet gives the device; port 0 (tests) becomes the OS's first pick. */
    private fleetPort: number,
    private readonly logger: Logger,
    private readonly connections: ConnectionCap,
    private readonly timeouts: RequestTimeouts | undefined,
  ) {
    this.#port = fleetPort;
    // The fleet already said why at placement (fleet.ts): no second warning for the same address.
    if (device.serving.blocked !== undefined) this.#warnedFor = wantedAddress(device);
  }

  /** Opens now if the device is reachable (errors reach the caller), then follows its reachability. */
  async start(): Promise<void> {
    this.device.events.on("reachable", this.#onReachable);
    this.device.events.on("networkChanged", this.#onNetworkChanged);
    try {
      await this.#enqueue(() => this.#sync(), true);
    } catch (error) {
      this.#unsubscribe();
      throw error;
    }
  }

  settled(): Promise<void> {
    return this.#chain;
  }

  /** Stops following the device; `graceMs` lets requests in flight finish (shutdown), 0 cuts them (removal). */
  stop(graceMs = 0): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe();
    return this.#enqueue(async () => {
      await this.#close(graceMs);
      await Promise.all(this.#retiring.values());
    });
  }

  #unsubscribe(): void {
    this.device.events.off("reachable", this.#onReachable);
    this.device.events.off("networkChanged", this.#onNetworkChanged);
  }

  #enqueue(step: () => Promise<void>, rethrow = false): Promise<void> {
    const run = this.#chain.then(step);
    this.#chain = run.catch((error: unknown) => {
      if (!rethrow) this.logger.warn({ err: error, device: this.device.name }, "http listener could not follow the device");
    });
    return rethrow ? run : this.#chain;
  }

  async #sync(): Promise<void> {
    const wanted = this.device.reachable && !this.#stopped;
    if (wanted && !this.#server) {
      await this.#open();
    } else if (!wanted && this.#server) {
      await this.#close(this.device.power === "rebooting" && !this.#stopped ? REBOOT_GRACE_MS : 0);
    }
  }

  /**
   * Opens at the address the device should be served at (placement.ts) when it can, else
   * where it is served now; an address chosen at start that cannot be bound falls back to the
   * fleet file's address, reserved for the device.
   */
  async #open(): Promise<void> {
    const { serving } = this.device;
    if (wantedAddress(this.device) !== serving.address && (await this.#tryMove())) return;
    try {
      this.#adopt(await this.#bind(serving.address));
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      // EACCES is the port (HttpListeners.open falls back to another); the fleet file's address is the last resort.
      if (code === "EACCES" || serving.address === serving.fleetAddress) throw error;
      const reason = bindFailure(error);
      const wanted = wantedAddress(this.device);
      this.#warnedFor = wanted;
      this.logger.warn({ device: this.device.name, address: serving.address, servedAt: serving.fleetAddress, reason }, "cannot serve the device at its address; serving it at its fleet file address");
      this.fleet.relocate(this.device, serving.fleetAddress, wanted === serving.address ? reason : this.device.serving.blocked);
      this.#adopt(await this.#bind(serving.fleetAddress));
    }
  }

  /** After `networkChanged`: a listener that is open moves; a closed one opens at the new address later. */
  async #move(): Promise<void> {
    if (!this.#server || this.#stopped) return;
    const old = this.#server;
    if (!(await this.#tryMove())) return;
    // The old address closes in the background: replies in flight there (the answer to the
    // change among them) go out, while the listener already follows the device's next change.
    this.#retiring.set(old, closeServer(old, REBOOT_GRACE_MS).finally(() => this.#retiring.delete(old)));
  }

  /**
   * Binds the address the device should be served at, then moves the device there; on
   * failure the device stays where it is (logged once per change). Adopts the new server.
   */
  async #tryMove(): Promise<boolean> {
    const target = wantedAddress(this.device);
    const current = this.device.serving.address;
    if (target === current) {
      if (this.device.serving.blocked !== undefined) this.fleet.relocate(this.device, current);
      return false;
    }
    const conflict = this.fleet.addressConflict(this.device, target);
    if (conflict) {
      this.#block(target, conflict);
      return false;
    }
    let server: Server;
    try {
      server = await listen(this.device, this.handler, target, this.#port, this.timeouts);
    } catch (error) {
      this.#block(target, bindFailure(error));
      return false;
    }
    try {
      // The device may have left the fleet while the bind was under way.
      if (this.#stopped) throw new Error(`${this.device.name} left the fleet`);
      this.fleet.relocate(this.device, target);
    } catch (error) {
      await closeServer(server, 0);
      this.#block(target, (error as Error).message);
      return false;
    }
    this.logger.info({ device: this.device.name, from: current, to: target }, "device moved to the address it set");
    this.#adopt(server);
    return true;
  }

  /** The device stays at its current address: say so on the device and, once per change, in the log. */
  #block(target: string, reason: string): void {
    if (this.#stopped) return;
    const current = this.device.serving.address;
    if (this.#warnedFor !== target) {
      this.#warnedFor = target;
      this.logger.warn({ device: this.device.name, believes: target, servedAt: current, reason }, "cannot serve the device at the address it set; it stays where it is");
    }
    this.fleet.relocate(this.device, current, reason);
  }

  #adopt(server: Server): void {
    this.#server = server;
    server.on("connection", (socket: Socket) => this.connections.admit(socket));
    server.on("error", (error) => this.logger.warn({ err: error, device: this.device.name }, "http listener error"));
    const address = server.address();
    if (address && typeof address === "object") this.device.reportServedPort(address.port);
    // Port 0 (tests) is picked once; a device comes back, or moves, on the port it had.
    this.#port = this.device.serving.httpPort;
    if (this.fleetPort === 0 && this.#ownPort() === undefined) this.fleetPort = this.#port;
  }

  /** The HTTP port the device set itself in adminAccesses and booted with (issue #10), if it did. */
  #ownPort(): number | undefined {
    const http = protocolEntry(this.device.ports.running, "HTTP");
    return http?.portSetByDevice ? http.port : undefined;
  }

  /**
   * At a boot, the port it booted with: its own once it set one, else the fleet's. A port the
   * host refuses (privileged, or in use) leaves it on the port it had, logged once per value.
   */
  async #bind(address: string): Promise<Server> {
    const wanted = this.#ownPort() ?? this.fleetPort;
    if (wanted !== this.#port) {
      try {
        return await listen(this.device, this.handler, address, wanted, this.timeouts);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EACCES" && code !== "EADDRINUSE") throw error;
        if (this.#portWarnedFor !== wanted) {
          this.#portWarnedFor = wanted;
          this.logger.warn({ device: this.device.name, port: wanted, servedOn: this.#port, reason: bindFailure(error) }, "cannot serve the device on its HTTP port; it stays on the port it had");
        }
      }
    }
    return listen(this.device, this.handler, address, this.#port, this.timeouts);
  }

  async #close(graceMs = 0): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    // A power cut also cuts what is still going out at an address the device left.
    if (graceMs <= 0) for (const old of this.#retiring.keys()) old.closeAllConnections();
    if (server) await closeServer(server, graceMs);
  }
}
