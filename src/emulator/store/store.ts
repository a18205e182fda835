/**
 * The Store port (DESIGN.md): durable key → JSON value, one key per device.
 * `save` resolves only when the value would survive `kill -9`.
 */
export interface Store {
  load(key: string): Promise<unknown>;
  save(key: string, value: unknown): Promise<void>;
  /** Keys present, for diagnostics and `validate`. */
  keys(): Promise<string[]>;
  /** Resolves once every write in flight is durable; later saves are refused. */
  close(): Promise<void>;
}

export class StoreError extends Error {
  override name = "StoreError";
}
