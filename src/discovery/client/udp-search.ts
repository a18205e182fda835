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
  /** Local address; default searchBindAddress(): 0.0.0.0 hears replies from every interface. */
  readonly bindAddress?: string;
  /** Called for every datagram; returns true to end the search early. */
  readonly onReply: (data: Buffer, from: { readonly address: string; readonly port: number }) => boolean | void;
}

/**
 * Distinct devices a search keeps (SADP MACs, SSDP device UUIDs). Answers are unauthenticated
 * datagrams: a flood of made-up ones must not grow a search's memory (or its describe phase)
 * without end. Ten times the largest fleet hikemu runs (DESIGN.md: 1,000 devices).
 */
export const MAX_ANSWERS = 10_000;

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
    socket.bind(0, options.bindAddress ?? searchBindAddress(options), () => {
      sendAll(socket, options).then(
        (count) => {
          sent = count;
          if (count === 0) finish(new Error(`no search request could be sent (port ${options.port})`));
          else if (!done) timer = setTimeout(() => finish(), options.timeoutMs);
        },
        // A socket option refused (setBroadcast, setMulticastTTL) or a bad port: the search fails.
        (error: Error) => finish(error),
      );
    });
  });
}

/** 127.0.0.1 when every destination is on loopback (nothing to hear from elsewhere), else 0.0.0.0. */
export function searchBindAddress(destinations: SearchDestinations): string {
  const all = [...destinations.multicastInterfaces, ...destinations.broadcasts, ...destinations.targets];
  return all.length > 0 && all.every((address) => address.startsWith("127.")) ? "127.0.0.1" : "0.0.0.0";
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
