import { createSocket } from "node:dgram";
import { randomUUID } from "node:crypto";
import { decodeProbeMatch, encodeProbe } from "../../src/discovery/sadp/codec.js";
import type { VirtualClock } from "../../src/emulator/clock.js";

export interface ProbeOptions {
  readonly address: string;
  readonly port: number;
  /** Stop once this many distinct MACs answered. */
  readonly expect: number;
  /** Upper bound on the wait for replies (a network wait, not a device timer). */
  readonly timeoutMs?: number;
  readonly types?: string;
  /** Multicast interface for sends to the group. */
  readonly multicastInterface?: string;
  /** Probe Uuid; a fresh upper-case UUID when omitted. */
  readonly uuid?: string;
  /** A virtual device clock: moved on past the reply jitter once the probe is sent. */
  readonly clock?: VirtualClock;
  /** Source address of the probe (default 127.0.0.1). */
  readonly bindAddress?: string;
}

export interface ProbeReplies {
  readonly uuid: string;
  /** One entry per distinct MAC, the first reply seen. */
  readonly byMac: Map<string, Map<string, string>>;
  /** Every ProbeMatch datagram received for this probe. */
  readonly datagrams: number;
}

/** A SADP client as scanners are written (§1.2): upper-case Uuid, read replies on the sending socket. */
export function sadpProbe(options: ProbeOptions): Promise<ProbeReplies> {
  const uuid = options.uuid ?? randomUUID().toUpperCase();
  const socket = createSocket({ type: "udp4", recvBufferSize: 4 * 1024 * 1024 });
  const byMac = new Map<string, Map<string, string>>();
  let datagrams = 0;
  let done = false;
  // The datagram reaches the responder a few loop turns after the send; move device time on
  // in small steps (a network wait between them) until the replies are in.
  const pump = async () => {
    for (let step = 0; options.clock && !done && step < 40; step++) {
      await options.clock.advance(100);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  return new Promise((resolve, reject) => {
    const finish = () => {
      done = true;
      clearTimeout(timer);
      socket.close();
      resolve({ uuid, byMac, datagrams });
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 5000);
    socket.on("error", (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.on("message", (data) => {
      const fields = decodeProbeMatch(data);
      if (!fields || fields.get("Uuid") !== uuid) return;
      datagrams++;
      const mac = fields.get("MAC") ?? "";
      if (!byMac.has(mac)) byMac.set(mac, fields);
      if (byMac.size >= options.expect) finish();
    });
    socket.bind(0, options.bindAddress ?? "127.0.0.1", () => {
      if (options.multicastInterface) socket.setMulticastInterface(options.multicastInterface);
      socket.send(encodeProbe(uuid, options.types ?? "inquiry"), options.port, options.address, () => void pump());
    });
  });
}

/** Sends raw bytes (junk tests). */
export function sendRaw(data: Buffer, address: string, port: number): Promise<void> {
  const socket = createSocket("udp4");
  return new Promise((resolve, reject) =>
    socket.send(data, port, address, (error) => {
      socket.close();
      if (error) reject(error);
      else resolve();
    }),
  );
}

/**
 * Listens as SADP Tool does (port 37020, joined to the group on `iface`) and counts the
 * ProbeMatch replies for `uuid` that arrive through the group.
 */
export function listenOnGroup(
  uuid: string,
  port: number,
  iface: string,
): { ready: Promise<void>; atLeast: (n: number, timeoutMs: number) => Promise<number>; close: () => void } {
  const socket = createSocket({ type: "udp4", reuseAddr: true });
  let count = 0;
  const waiters: (() => void)[] = [];
  socket.on("message", (data) => {
    if (decodeProbeMatch(data)?.get("Uuid") !== uuid) return;
    count++;
    for (const wake of waiters.splice(0)) wake();
  });
  /** Resolves with the count once it reaches n, or with what arrived when the wait runs out. */
  const atLeast = (n: number, timeoutMs: number) =>
    new Promise<number>((resolve) => {
      const timer = setTimeout(() => resolve(count), timeoutMs);
      const check = () => {
        if (count >= n) {
          clearTimeout(timer);
          resolve(count);
        } else waiters.push(check);
      };
      check();
    });
  const ready = new Promise<void>((resolve) =>
    socket.bind(port, () => {
      socket.addMembership("239.255.255.250", iface);
      resolve();
    }),
  );
  return { ready, atLeast, close: () => socket.close() };
}
