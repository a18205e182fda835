import { createSocket, type Socket } from "node:dgram";

/**
 * Where a search sends its request: the multicast group out of each interface, subnet
 * broadcasts, and unicast targets (a known host, also one without a multicast route).
 */
export interface SearchDestinations {
  /** Interface addresses to send the group request from; empty sends none to the group. */
  readonly multicastInterfaces: readonly string[];
  /** Broadcast addresses (a subnet's, e.g. 10.231.0.255); empty sends none. */
  readonly broadcasts: readonly string[];
  /** Hosts to ask directly. */
  readonly targets: readonly string[];
}

export interface UdpSearchOptions extends SearchDestinations {
  readonly group: string;
  readonly port: number;
  readonly request: Buffer;
  /** How long replies are collected after the requests went out. */
  readonly timeoutMs: number;
  /** Local address; 0.0.0.0 (default) hears replies from every interface. */
  readonly bindAddress?: string;
  /** Called for every datagram; returns true to end the search early. */
  readonly onReply: (data: Buffer, from: { readonly address: string; readonly port: number }) => boolean | void;
}

/**
 * Replies of 1,000 devices arrive as a paced burst of ~1.5 KB datagrams; a socket buffer this
 * large (as far as net.core.rmem_max lets it) holds the burst while the loop is busy parsing.
 */
const RECEIVE_BUFFER_BYTES = 8 * 1024 * 1024;

/**
 * One search over UDP: a socket on an ephemeral port sends the request to every destination
 * and collects what comes back to it until the timeout (or onReply says enough). Replies come
 * to the sending socket, as devices answer the sender (hik-protocols.md §1.1; UPnP 1.0 §1.2.3).
 * A send that fails (no route to a target, an interface without multicast) is skipped; the
 * search fails only when no request could be sent at all.
 */
export function udpSearch(options: UdpSearchOptions): Promise<{ readonly sent: number }> {
  const socket = createSocket({ type: "udp4", recvBufferSize: RECEIVE_BUFFER_BYTES });
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let sent = 0;
    let done = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.close();
      if (error) reject(error);
      else resolve({ sent });
    };
    socket.on("error", (error) => finish(error));
    socket.on("message", (data, remote) => {
      if (!done && options.onReply(data, { address: remote.address, port: remote.port }) === true) finish();
    });
    socket.bind(0, options.bindAddress ?? "0.0.0.0", () => {
      void sendAll(socket, options).then((count) => {
        sent = count;
        if (count === 0) finish(new Error(`no search request could be sent (port ${options.port})`));
        else if (!done) timer = setTimeout(() => finish(), options.timeoutMs);
      });
    });
  });
}

async function sendAll(socket: Socket, options: UdpSearchOptions): Promise<number> {
  let sent = 0;
  const send = (address: string) =>
    new Promise<boolean>((resolve) => socket.send(options.request, options.port, address, (error) => resolve(!error)));
  socket.setMulticastTTL(1);
  for (const iface of options.multicastInterfaces) {
    try {
      socket.setMulticastInterface(iface);
    } catch {
      continue;
    }
    if (await send(options.group)) sent++;
  }
  if (options.broadcasts.length > 0) socket.setBroadcast(true);
  for (const address of [...options.broadcasts, ...options.targets]) {
    if (await send(address)) sent++;
  }
  return sent;
}
