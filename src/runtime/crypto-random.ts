import { randomBytes } from "node:crypto";
import type { Random } from "../emulator/random.js";

/** The operating system's CSPRNG, for production. */
export class CryptoRandom implements Random {
  bytes(length: number): Buffer {
    return randomBytes(length);
  }
}
