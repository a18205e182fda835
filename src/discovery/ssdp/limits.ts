/** What the SSDP responder bounds and counts (responder.ts). */

/**
 * Bounds on what searches may cost, as for SADP (issue #5): any local process — any LAN host
 * with `--interface all` — can send an `ssdp:all` that 5,000 devices answer with 15,000
 * datagrams. The figures are ours, not a device's.
 */
export interface SsdpLimits {
  /**
   * Searches accepted and not yet fully answered (waiting for their start included). Besides
   * this count, a search is accepted only if the answers queued before it and its own can leave
   * within its MX (`overloaded` otherwise; see ADMIT_SHARE in responder.ts).
   */
  readonly maxQueuedSearches: number;
  /** Per source address: a burst of `senderBurst` searches, then `senderSearchesPerSecond`. */
  readonly senderBurst: number;
  readonly senderSearchesPerSecond: number;
  readonly maxSenders: number;
  /** Devices one drain step looks at, whatever the burst size. */
  readonly maxDevicesPerStep: number;
}

/**
 * Control points search a few times in a row (gssdp repeats each search, node-ssdp sends one
 * per interface); 8 at once and 2 a second from one address leave room for several on a host.
 */
export const DEFAULT_SSDP_LIMITS: SsdpLimits = {
  maxQueuedSearches: 32,
  senderBurst: 8,
  senderSearchesPerSecond: 2,
  maxSenders: 1024,
  maxDevicesPerStep: 256,
};

export interface SsdpStats {
  received: number;
  /** From a non-loopback source while loopback-only. */
  refused: number;
  /** Not an M-SEARCH (NOTIFYs, responses, our own NOTIFYs looped back, junk) or a malformed one. */
  dropped: number;
  /** Well-formed M-SEARCH requests. */
  searches: number;
  /** The same sender and ST while its earlier search is still being answered. */
  duplicate: number;
  rateLimited: number;
  queueFull: number;
  /** Refused: the answers already queued and its own could not all leave within its MX. */
  overloaded: number;
  queuePeak: number;
  /** 200 OK datagrams sent. */
  responses: number;
  /** 200 OK datagrams not sent: their search's MX (its deadline) had passed (UDA 1.0 §1.2.3). */
  late: number;
  /** NOTIFY ssdp:alive / ssdp:byebye datagrams sent. */
  alive: number;
  byebye: number;
  /** Not sent: the device's injected discovery loss (faults). */
  faultDropped: number;
  sendErrors: number;
}
