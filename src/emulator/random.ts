import { createHash } from "node:crypto";

/** The Random port: nonces, challenges, salts at run time. Seeded in tests. */
export interface Random {
  bytes(length: number): Buffer;
}

/** Deterministic stream: SHA-256 over seed and a block counter. For tests, never for secrets. */
export class SeededRandom implements Random {
  readonly #seed: string;
  #counter = 0;

  constructor(seed: string) {
    this.#seed = seed;
  }

  bytes(length: number): Buffer {
    const chunks: Buffer[] = [];
    let have = 0;
    while (have < length) {
      const block = createHash("sha256").update(`${this.#seed}\0${this.#counter++}`).digest();
      chunks.push(block);
      have += block.length;
    }
    return Buffer.concat(chunks).subarray(0, length);
  }
}

/** Lower-case hex string of `chars` characters. */
export function randomHex(random: Random, chars: number): string {
  return random.bytes(Math.ceil(chars / 2)).toString("hex").slice(0, chars);
}
