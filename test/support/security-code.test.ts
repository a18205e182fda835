import t from "tap";
import { isSecurityCodeDate, securityCode, securityCodeDate } from "../../src/support/security-code.js";
import { referenceSecurityCode } from "../helpers/security-code-reference.js";

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

t.test("§7 by hand: the reference follows the steps (seed \"12\")", async (t) => {
  // magic = (1·49 XOR 1) + (2·50 XOR 2) = 48 + 102 = 150; 150 · 1751873395 mod 2^32 = 788004194.
  t.equal(referenceSecurityCode("1", "2"), "yzzQQrR9r", "7 8 8 0 0 4 1 9 4 mapped");
  t.equal(securityCode("1", "2"), "yzzQQrR9r");
});

t.test("§7: the code agrees with an independent implementation for 20 serial/date pairs", async (t) => {
  const pairs = new Set<string>();
  for (let i = 0; i < 20; i++) {
    const serial = SERIALS[i % SERIALS.length]!;
    const date = DATES[(i * 5) % DATES.length]!;
    const code = securityCode(serial, date);
    t.equal(code, referenceSecurityCode(serial, date), `${serial} ${date}`);
    t.match(code, /^[QRSqrdeyz9]{1,10}$/, "only the mapped digits, at most 10");
    pairs.add(`${serial} ${date}`);
  }
  t.equal(pairs.size, 20, "20 different pairs");
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
