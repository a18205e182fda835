/**
 * hik-protocols.md §7 written again for the tests, independently of src/support/security-code.ts
 * and by other means: BigInt arithmetic with no running reduction (src keeps 32 bits as it goes
 * and multiplies with Math.imul), the XOR applied as the spec's precedence says, the multiplier
 * written as its ASCII letters, and a lookup table keyed by digit character.
 */
const HKWS = BigInt(`0x${Buffer.from("hkws", "ascii").toString("hex")}`);
const TABLE: Readonly<Record<string, string>> = { "0": "Q", "1": "R", "2": "S", "3": "q", "4": "r", "5": "d", "6": "e", "7": "y", "8": "z", "9": "9" };

/** The security code of `serial` on `date` (`YYYYMMDD`), as the support desk should compute it. */
export function referenceSecurityCode(serial: string, date: string): string {
  let magic = 0n;
  Array.from(`${serial}${date}`).forEach((char, index) => {
    const position = BigInt(index + 1);
    magic += (position * BigInt(char.codePointAt(0)!)) ^ position;
  });
  const secret = (magic * HKWS) % 2n ** 32n;
  return secret
    .toString(10)
    .split("")
    .map((digit) => TABLE[digit])
    .join("");
}
