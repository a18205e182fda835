/** A datagram and where it came from. */
export interface Datagram {
  readonly data: Buffer;
  readonly address: string;
  readonly port: number;
}

/**
 * The UDP port a responder owns (style-anchors.md pattern 3): the dgram implementation
 * in production, any object with these methods in tests.
 */
export interface UdpChannel {
  onMessage(listener: (datagram: Datagram) => void): void;
  send(data: Buffer, address: string, port: number): Promise<void>;
  /** Bound port (the configured one, or the one the OS picked for port 0). */
  readonly port: number;
  close(): Promise<void>;
}
