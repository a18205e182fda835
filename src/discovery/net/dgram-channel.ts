import { createSocket, type Socket } from "node:dgram";
import type { Datagram, UdpChannel } from "./udp-channel.js";

export interface DgramChannelOptions {
  /** Local port; 0 lets the OS pick (tests). */
  readonly port: number;
  /** Local bind address; 0.0.0.0 receives unicast and the group. */
  readonly bindAddress: string;
  /** Told of socket-level errors after bind (they would otherwise crash the process). */
  readonly onError?: (error: Error) => void;
  /** Multicast group to join, or undefined for unicast only. */
  readonly group?: string;
  /**
   * Interface addresses to join the group on and send multicast from. Loopback only by
   * default (DESIGN.md "Loopback unless told otherwise"): ["127.0.0.1"].
   */
  readonly multicastInterfaces: readonly string[];
}

/** UdpChannel over node:dgram, IPv4. Send errors are reported, never thrown into the loop. */
export class DgramChannel implements UdpChannel {
  #listeners: ((d: Datagram) => void)[] = [];

  private constructor(
    private readonly socket: Socket,
    private readonly options: DgramChannelOptions,
  ) {
    socket.on("message", (data, remote) => {
      for (const listener of this.#listeners) listener({ data, address: remote.address, port: remote.port });
    });
  }

  static open(options: DgramChannelOptions): Promise<DgramChannel> {
    const socket = createSocket({ type: "udp4", reuseAddr: true });
    return new Promise((resolve, reject) => {
      socket.once("error", reject);
      socket.bind(options.port, options.bindAddress, () => {
        socket.off("error", reject);
        socket.on("error", (error) => options.onError?.(error));
        try {
          if (options.group) {
            for (const iface of options.multicastInterfaces) socket.addMembership(options.group, iface);
          }
          const first = options.multicastInterfaces[0];
          if (first) socket.setMulticastInterface(first);
          socket.setMulticastTTL(1);
          socket.setMulticastLoopback(true);
        } catch (error) {
          socket.close();
          reject(error);
          return;
        }
        resolve(new DgramChannel(socket, options));
      });
    });
  }

  /**
   * Whether another socket already holds this UDP port (a SADP tool, another hikemu): tried
   * with an exclusive bind, which fails where ours (SO_REUSEADDR) would quietly share it.
   */
  static portShared(port: number, bindAddress: string): Promise<boolean> {
    if (port === 0) return Promise.resolve(false);
    const probe = createSocket({ type: "udp4", reuseAddr: false });
    return new Promise((resolve) => {
      probe.once("error", (error: NodeJS.ErrnoException) => {
        probe.close();
        resolve(error.code === "EADDRINUSE");
      });
      probe.bind(port, bindAddress, () => probe.close(() => resolve(false)));
    });
  }

  get port(): number {
    return this.socket.address().port;
  }

  onMessage(listener: (datagram: Datagram) => void): void {
    this.#listeners.push(listener);
  }

  /** Multicast goes out of every configured interface; unicast once. */
  async send(data: Buffer, address: string, port: number): Promise<void> {
    if (address === this.options.group && this.options.multicastInterfaces.length > 1) {
      for (const iface of this.options.multicastInterfaces) {
        this.socket.setMulticastInterface(iface);
        await this.#sendOnce(data, address, port);
      }
      return;
    }
    await this.#sendOnce(data, address, port);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.socket.close(() => resolve()));
  }

  #sendOnce(data: Buffer, address: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => this.socket.send(data, port, address, (error) => (error ? reject(error) : resolve())));
  }
}
