import { createSocket } from "node:dgram";
import { decodeHello } from "../../src/discovery/sadp/codec.js";
import { SADP_GROUP } from "../../src/discovery/sadp/responder.js";

export interface HelloListener {
  /** Every Hello received so far, as fields. */
  readonly hellos: Map<string, string>[];
  /** Resolves once `n` Hellos arrived, or with what arrived when `timeoutMs` (a network wait) runs out. */
  atLeast(n: number, timeoutMs: number): Promise<number>;
  close(): void;
}

/**
 * Listens as SADP Tool does — UDP `port` shared (SO_REUSEADDR), joined to the SADP group on
 * 127.0.0.1 — and keeps the `<Hello>` announcements (§1.1) that arrive through the group.
 */
export async function listenForHellos(port: number, iface = "127.0.0.1"): Promise<HelloListener> {
  const socket = createSocket({ type: "udp4", reuseAddr: true });
  const hellos: Map<string, string>[] = [];
  const waiters: (() => void)[] = [];
  socket.on("message", (data) => {
    const fields = decodeHello(data);
    if (!fields) return;
    hellos.push(fields);
    for (const wake of waiters.splice(0)) wake();
  });
  await new Promise<void>((resolve) =>
    socket.bind(port, () => {
      socket.addMembership(SADP_GROUP, iface);
      resolve();
    }),
  );
  const atLeast = (n: number, timeoutMs: number) =>
    new Promise<number>((resolve) => {
      const timer = setTimeout(() => resolve(hellos.length), timeoutMs);
      const check = () => {
        if (hellos.length >= n) {
          clearTimeout(timer);
          resolve(hellos.length);
        } else waiters.push(check);
      };
      check();
    });
  return { hellos, atLeast, close: () => socket.close() };
}
