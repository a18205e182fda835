import { createServer as createTcpServer, type Server as TcpServer, type Socket } from "node:net";
import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { SecureVersion } from "node:tls";
import type { Logger } from "pino";
import type { Device } from "../emulator/device.js";
import type { TlsCertificate } from "../emulator/state.js";
import { protocolEntry, type AccessProtocol } from "../emulator/ports.js";
import { bindFailure } from "./bind-failure.js";
import { answerClientError } from "./client-error.js";

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** The HTTPS port the fleet gives every device until it sets its own (runtime/emulator.ts). */
export interface HttpsPorts {
  readonly preferred: number;
  readonly fallback: number;
}

/** Lets the fleet-wide connection cap see every TLS connection (listeners.ts ConnectionCap). */
export type AdmitConnection = (socket: Socket) => void;

/**
 * The same fleet handler over TLS on the device's HTTPS port (issue #10), while the ports the
 * device booted with have HTTPS enabled. The port is the device's own once it set one in
 * adminAccesses, else the fleet's (443, or the fallback where 443 is refused; the OS's pick for
 * port 0, kept from then on); a port that cannot be bound leaves the device on the one it had,
 * and the log says why.
 *
 * The certificate is made lazily: the TCP listener accepts, the first connection waits while
 * the device makes its certificate (https-certificate.ts, once, kept in flash), then the socket
 * is handed to an unbound HTTPS server that does the handshake. So a fleet of thousands binds
 * its TLS ports at once but makes a key only for the devices a client actually reaches.
 */
export class DeviceTlsListener {
  #tcp: TcpServer | undefined;
  /** Made at the first TLS connection of a boot (an SSL context per device that no client reaches would be waste). */
  #https: HttpsServer | undefined;
  /** Counts opens: a connection accepted before a close is not handed to the server of the next boot. */
  #epoch = 0;
  #certificate: TlsCertificate | undefined;
  #versions: TlsVersions = {};
  #address: string | undefined;
  #port: number | undefined;
  #warnedFor: number | undefined;
  #stopped = false;
  #chain: Promise<void> = Promise.resolve();
  readonly #sockets = new Set<Socket>();
  readonly #active = new Set<ServerResponse>();
  readonly #onReachable = () => void this.#enqueue(() => this.#sync());
  readonly #onChanged = () => {
    if (this.#tcp && this.#address !== this.device.serving.address) void this.#enqueue(() => this.#follow());
  };

  constructor(
    private readonly device: Device,
    private readonly handler: Handler,
    private readonly ports: HttpsPorts,
    private readonly logger: Logger,
    private readonly admit: AdmitConnection,
  ) {}

  async start(): Promise<void> {
    this.device.events.on("reachable", this.#onReachable);
    this.device.events.on("changed", this.#onChanged);
    await this.#enqueue(() => this.#sync());
  }

  settled(): Promise<void> {
    return this.#chain;
  }

  stop(graceMs = 0): Promise<void> {
    this.#stopped = true;
    this.device.events.off("reachable", this.#onReachable);
    this.device.events.off("changed", this.#onChanged);
    return this.#enqueue(() => this.#close(graceMs));
  }

  #enqueue(step: () => Promise<void>): Promise<void> {
    this.#chain = this.#chain.then(step).catch((error: unknown) => this.logger.warn({ err: error, device: this.device.name }, "https listener could not follow the device"));
    return this.#chain;
  }

  /** Open while the device is reachable and booted with HTTPS on; closed otherwise. */
  async #sync(): Promise<void> {
    const wanted = this.device.reachable && !this.#stopped;
    if (wanted && !this.#tcp) await this.#open();
    else if (!wanted && this.#tcp) await this.#close(this.device.power === "rebooting" ? 2_000 : 0);
  }

  async #open(): Promise<void> {
    const entry = protocolEntry(this.device.ports.running, "HTTPS");
    if (!entry?.enabled) {
      this.device.reportServedHttpsPort(undefined);
      return;
    }
    // A new server per boot: the TLS versions are those the device booted with.
    this.#versions = tlsVersions(entry);
    this.#https = undefined;
    this.#certificate = undefined;
    const address = this.device.serving.address;
    const bound = await this.#bind(address, entry);
    if (!bound) {
      this.device.reportServedHttpsPort(undefined);
      return;
    }
    this.#tcp = bound;
    this.#address = address;
    const port = (bound.address() as { port: number }).port;
    this.#port = port;
    this.device.reportServedHttpsPort(port);
  }

  /** The device's own port, else the one it had, else the fleet's: the first that binds. */
  async #bind(address: string, entry: AccessProtocol): Promise<TcpServer | undefined> {
    const own = entry.portSetByDevice ? entry.port : undefined;
    const candidates = [...new Set([own, this.#port, this.ports.preferred, this.ports.fallback].filter((p): p is number => p !== undefined))];
    let firstFailure: string | undefined;
    for (const port of candidates) {
      try {
        return await this.#listen(address, port);
      } catch (error) {
        const reason = bindFailure(error);
        if (port === own && this.#warnedFor !== own) {
          this.#warnedFor = own;
          this.logger.warn({ device: this.device.name, port: own, reason }, "cannot serve HTTPS on the port the device set; it stays on the port it had");
        }
        firstFailure ??= reason;
      }
    }
    this.logger.warn({ device: this.device.name, address, reason: firstFailure }, "cannot serve HTTPS for the device");
    return undefined;
  }

  /** After the device moved (listeners.ts): bind the new address on the same port, then let the old one go. */
  async #follow(): Promise<void> {
    const old = this.#tcp;
    const target = this.device.serving.address;
    if (!old || this.#stopped || this.#port === undefined || target === this.#address) return;
    try {
      this.#tcp = await this.#listen(target, this.#port);
      this.#address = target;
    } catch (error) {
      this.#tcp = undefined;
      this.#address = undefined;
      this.device.reportServedHttpsPort(undefined);
      this.logger.warn({ device: this.device.name, address: target, reason: bindFailure(error) }, "cannot serve HTTPS at the device's new address");
    }
    old.close();
  }

  #listen(address: string, port: number): Promise<TcpServer> {
    const server = createTcpServer({ pauseOnConnect: true }, (socket) => this.#accept(socket));
    return new Promise((resolve, reject) => {
      server.once("error", reject);
      server.listen(port, address, () => {
        server.removeListener("error", reject);
        server.on("error", (error) => this.logger.warn({ err: error, device: this.device.name }, "https listener error"));
        resolve(server);
      });
    });
  }

  /** A TCP connection: counted, then handed to TLS once the device has its certificate. */
  #accept(socket: Socket): void {
    this.admit(socket);
    if (socket.destroyed) return;
    this.#sockets.add(socket);
    socket.once("close", () => this.#sockets.delete(socket));
    const epoch = this.#epoch;
    this.device.https.obtain().then(
      (certificate) => {
        if (socket.destroyed || epoch !== this.#epoch || !this.#tcp) {
          socket.destroy();
          return;
        }
        const context = { key: certificate.key, cert: certificate.cert, ...this.#versions };
        let https = this.#https;
        if (!https) {
          https = this.#https = httpsServer(this.device, this.handler, context, this.#active);
        } else if (certificate !== this.#certificate) {
          // A Default reset removed the old certificate and a new one was made: present the new one.
          https.setSecureContext(context);
        }
        this.#certificate = certificate;
        https.emit("connection", socket);
        socket.resume();
      },
      (error: unknown) => {
        this.logger.warn({ err: error, device: this.device.name }, "no HTTPS certificate; connection closed");
        socket.destroy();
      },
    );
  }

  /**
   * Stops accepting; `graceMs` lets replies in flight go out with `Connection: close` (a reboot),
   * 0 cuts every connection (power off, removal). The served port is kept: the device comes back on it.
   */
  async #close(graceMs: number): Promise<void> {
    const tcp = this.#tcp;
    const https = this.#https;
    this.#epoch++;
    this.#tcp = undefined;
    this.#https = undefined;
    this.#address = undefined;
    if (!tcp) return;
    const closed = new Promise<void>((resolve) => tcp.close(() => resolve()));
    if (graceMs <= 0 || this.#active.size === 0) {
      for (const socket of this.#sockets) socket.destroy();
    } else {
      https?.closeIdleConnections();
      for (const response of this.#active) {
        if (!response.headersSent) response.shouldKeepAlive = false;
        response.once("finish", () => response.socket?.end());
      }
      const cut = setTimeout(() => {
        for (const socket of this.#sockets) socket.destroy();
      }, graceMs);
      cut.unref();
      void closed.then(() => clearTimeout(cut));
    }
    await closed;
  }
}

type TlsVersions = { minVersion?: SecureVersion; maxVersion?: SecureVersion };

function httpsServer(device: Device, handler: Handler, context: TlsVersions & TlsCertificate, active: Set<ServerResponse>): HttpsServer {
  const keepAliveTimeout = device.profile.isapi.replies.keepAliveTimeoutSeconds * 1000;
  const server = createHttpsServer({ keepAliveTimeout, ...context }, (request, response) => {
    active.add(response);
    response.once("close", () => active.delete(response));
    handler(request, response);
  });
  // Requests Node cannot parse are answered in the device's name, as over HTTP (client-error.ts).
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => answerClientError(device, error, socket, active));
  return server;
}

/**
 * The TLS versions the HTTPS entry allows (`TLS1_1Enable`, `TLS1_2Enable`, `TLS1_3Enable`, §2.7),
 * as the lowest and highest enabled; an entry without the flags (V5.2) leaves Node's defaults.
 * TLS 1.1 also needs OpenSSL to allow it, which current builds do not at their default level.
 */
export function tlsVersions(entry: AccessProtocol): TlsVersions {
  const order: [string, SecureVersion][] = [
    ["TLS1_1Enable", "TLSv1.1"],
    ["TLS1_2Enable", "TLSv1.2"],
    ["TLS1_3Enable", "TLSv1.3"],
  ];
  const known = order.filter(([flag]) => entry.options[flag] !== undefined);
  if (known.length === 0) return {};
  const on = known.filter(([flag]) => entry.options[flag]).map(([, version]) => version);
  const minVersion = on[0];
  // The highest enabled flag bounds it: the NVR capture has no TLS1_3Enable, so it speaks TLS 1.2 at most (our reading).
  const maxVersion = on.at(-1);
  return { ...(minVersion ? { minVersion } : {}), ...(maxVersion ? { maxVersion } : {}) };
}
