/** What the SADP responder bounds and counts (responder.ts). */

/**
 * Bounds on what probes may cost (issue #5: 200 inquiries to 1,000 devices used to block the
 * event loop for ~14 s and take 48 MB, and any local process — any LAN host with
 * `--interface all` — can send them). The figures are ours, not a device's: docs/benchmarks.md
 * measures them.
 */
export interface SadpLimits {
  /** Probes accepted and not yet fully answered; more are dropped (stats.queueFull). */
  readonly maxQueuedProbes: number;
  /** Per source address: a burst of `senderBurst` probes, then `senderProbesPerSecond`. */
  readonly senderBurst: number;
  readonly senderProbesPerSecond: number;
  /** Source addresses whose rate is tracked at once. */
  readonly maxSenders: number;
  /** One answer set per sender address:port, Uuid and target within this window (stats.duplicate). */
  readonly duplicateWindowMs: number;
  readonly maxRecentProbes: number;
  /** Devices one drain step looks at (answering or skipping), whatever the burst size. */
  readonly maxDevicesPerStep: number;
  /**
   * Datagram bytes parsed per second, all senders together (KiB; the same as the burst):
   * XML validation is the costly part of a probe, and spoofed or many-address floods pass
   * any per-sender limit. Beyond it datagrams are dropped unparsed (stats.overBudget).
   */
  readonly parseKiBPerSecond: number;
  /**
   * The same per source address (KiB a second and burst), taken first: one sender flooding
   * from loopback or the LAN spends its own share, not everyone's (the fleet-wide budget is
   * then for many-address floods only).
   */
  readonly senderParseKiBPerSecond: number;
  /** Commands one device works on at once (flash writes run one at a time per device); more are dropped (stats.busy). */
  readonly maxCommandsPerDevice: number;
  /** A command not answered within this (host time) is answered `deviceError` and its slot freed. */
  readonly commandTimeoutMs: number;
}

/**
 * SADP Tool refreshes every 15 s (§1.10) with a handful of copies of one probe (group,
 * broadcasts), merged within 2 s; 16 probes at once and 2 a second from one address leave
 * room for several tools behind one address. 64 queued inquiries to 1,000 devices are ~16 s
 * of paced replies, already past a client's 10 s timeout (§1.10 HCSadpSDK.xml), so more would
 * only be answered too late.
 */
export const DEFAULT_SADP_LIMITS: SadpLimits = {
  maxQueuedProbes: 64,
  senderBurst: 16,
  senderProbesPerSecond: 2,
  maxSenders: 1024,
  duplicateWindowMs: 2000,
  maxRecentProbes: 4096,
  maxDevicesPerStep: 256,
  // ~2,000 probes of 1 KiB a second: far above any real tool, a few % of a core to validate.
  parseKiBPerSecond: 2048,
  // 32 KiB a second is ~30 probes of 1 KiB: 15 times a tool's retry burst, 1/64 of the total.
  senderParseKiBPerSecond: 32,
  // A tool sends one command and waits for its answer (SADP Tool: 10 s timeout, §1.10).
  maxCommandsPerDevice: 2,
  commandTimeoutMs: 10_000,
};

export interface SadpStats {
  received: number;
  /** Not a Probe: junk, truncated XML, oversize, or other devices' ProbeMatch replies. */
  dropped: number;
  /** From a non-loopback source while loopback-only. */
  refused: number;
  /** Well-formed probes. */
  probes: number;
  /** Commands whose Types hikemu does not implement (answered "not supported" when ours). */
  unsupported: number;
  /** Directed commands handed to the device (commands/dispatch.ts). */
  commands: number;
  /** Probes queued for answers. */
  accepted: number;
  /** A probe (inquiry or command) already answered for this sender, Uuid and target within the window. */
  duplicate: number;
  /** The sender's token bucket was empty. */
  rateLimited: number;
  /** The queue held `maxQueuedProbes` already. */
  queueFull: number;
  /** Most probes queued at once. */
  queuePeak: number;
  /** ProbeMatch bodies encoded (cache misses). */
  encoded: number;
  /** Directed at, or a command for, a MAC that is not one of ours: ignored, as devices do (§1.2). */
  notForUs: number;
  /** Dropped unparsed: the sender's or the fleet-wide parse budget (limits.senderParseKiBPerSecond, parseKiBPerSecond) was spent. */
  overBudget: number;
  replies: number;
  /** Hello announcements sent to the group after a boot (§1.1). */
  hellos: number;
  /** Reply and Hello datagrams not sent: the device's injected discovery loss (faults). */
  faultDropped: number;
  sendErrors: number;
  /** Commands for a device already working on `maxCommandsPerDevice` (dropped unanswered). */
  busy: number;
  /** Commands answered `deviceError` because the device did not finish within `commandTimeoutMs`. */
  timedOut: number;
}
