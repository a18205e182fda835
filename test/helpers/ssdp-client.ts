import { createSocket } from "node:dgram";
import { parseMessage } from "../../src/discovery/ssdp/node-ssdp-message.js";
import { mSearch } from "./ssdp-sim.js";

export interface SsdpSearchOptions {
  readonly address: string;
  readonly port: number;
  readonly st: string;
  /** Omitted: a unicast search as UDA 1.1 §1.3.3 writes it (no MX). */
  readonly mx?: number;
  /** Stop after this many responses, plus `afterMs` for any extra ones. */
  readonly expect: number;
  readonly afterMs?: number;
  /** Upper bound on the wait (a network wait, not a device timer). */
  readonly timeoutMs?: number;
  readonly multicastInterface?: string;
  /** Source address of the search (default 127.0.0.1). */
  readonly bindAddress?: string;
}

export interface SsdpResponse {
  readonly statusLine: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly from: string;
}

/** One M-SEARCH from a fresh socket; the 200 OK responses that come back to it. */
export function ssdpSearch(options: SsdpSearchOptions): Promise<SsdpResponse[]> {
  const socket = createSocket("udp4");
  const responses: SsdpResponse[] = [];
  return new Promise((resolve, reject) => {
    let after: NodeJS.Timeout | undefined;
    const finish = () => {
      clearTimeout(timer);
      clearTimeout(after);
      socket.close();
      resolve(responses);
    };
    const timer = setTimeout(finish, options.timeoutMs ?? 5000);
    socket.on("error", (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.on("message", (data, remote) => {
      const text = data.toString("latin1");
      responses.push({ statusLine: text.split("\r\n")[0] ?? "", headers: parseMessage(text).headers, from: `${remote.address}:${remote.port}` });
      if (responses.length === options.expect) after = setTimeout(finish, options.afterMs ?? 300);
    });
    socket.bind(0, options.bindAddress ?? "127.0.0.1", () => {
      if (options.multicastInterface) socket.setMulticastInterface(options.multicastInterface);
      socket.send(mSearch(options.st, { mx: options.mx, host: `${options.address}:${options.port}` }), options.port, options.address);
    });
  });
}

/** A NOTIFY listener as control points run one: the SSDP port, joined to the group on `iface`. */
export function ssdpListener(port: number, iface: string) {
  const socket = createSocket({ type: "udp4", reuseAddr: true });
  const notifies: Record<string, string>[] = [];
  socket.on("message", (data) => {
    const { method, headers } = parseMessage(data.toString("latin1"));
    if (method === "notify") notifies.push(headers);
  });
  const ready = new Promise<void>((resolve) =>
    socket.bind(port, "0.0.0.0", () => {
      socket.addMembership("239.255.255.250", iface);
      resolve();
    }),
  );
  return { notifies, ready, close: () => new Promise<void>((resolve) => socket.close(() => resolve())) };
}
