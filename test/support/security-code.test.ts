import t from "tap";
import { isSecurityCodeDate, securityCode, securityCodeDate } from "../../src/support/security-code.js";

/**
 * hik-protocols.md §7, written again with other means: BigInt arithmetic with no running
 * reduction, the XOR applied as the spec's precedence says, and a lookup by index of a
 * per-digit table.
 */
function independentCode(serial: string, date: string): string {
  const seed = `${serial}${date}`;
  let magic = 0n;
  Array.from(seed).forEach((char, index) => {
    const position = BigInt(index + 1);
    magic += (position * BigInt(char.codePointAt(0)!)) ^ position;
  });
  const secret = (magic * 0x686b7773n) % 2n ** 32n;
  const table: Record<string, string> = { "0": "Q", "1": "R", "2": "S", "3": "q", "4": "r", "5": "d", "6": "e", "7": "y", "8": "z", "9": "9" };
  return secret
    .toString(10)
    .split("")
    .map((digit) => table[digit])
    .join("");
}

const SERIALS = [
  "DS-2CD2532F-IWS20160101AAWR123456789",
  "DS-2CD2146G2-ISU20210315AAWRE12345678",
  "DS-7608NXI-I2/8P/S0820200704CCRRF87654321WCVU",
  "20160101AAWR123456789",
  "123456789",
  "DS-2CD2032-I20141111BBRR403092384",
  "DS-7604NI-E1/4P0416001AAWR544342165WCVU",
];
const DATES = ["20240131", "19700101", "20371231", "20000229", "20151008", "20230615"];

t.test("§7: the code agrees with an independent implementation for 20 serial/date pairs", async (t) => {
  let pairs = 0;
  for (let i = 0; i < 20; i++) {
    const serial = SERIALS[i % SERIALS.length]!;
    const date = DATES[(i * 5) % DATES.length]!;
    const code = securityCode(serial, date);
    t.equal(code, independentCode(serial, date), `${serial} ${date}`);
    t.match(code, /^[QRSqrdeyz9]{1,10}$/, "only the mapped digits, at most 10");
    pairs++;
  }
  t.equal(pairs, 20);
  t.not(securityCode(SERIALS[0]!, "20240131"), securityCode(SERIALS[0]!, "20240130"), "the date changes the code");
});

t.test("§7 dates: YYYYMMDD of a real day, from a wall-clock reading", async (t) => {
  t.ok(isSecurityCodeDate("20240229"));
  t.notOk(isSecurityCodeDate("20230229"), "not a leap year");
  t.notOk(isSecurityCodeDate("2024-01-31"));
  t.notOk(isSecurityCodeDate("20241301"));
  t.equal(securityCodeDate(Date.UTC(2024, 0, 31, 23, 59, 59)), "20240131");
  t.equal(securityCodeDate(0), "19700101");
});
