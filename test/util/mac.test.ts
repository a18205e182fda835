import t from "tap";
import { canonicalMac, sadpMac } from "../../src/util/mac.js";

t.test("one MAC normaliser for the core (colons) and SADP (dashes), any input notation", (t) => {
  for (const input of ["44:19:B6:0A:0B:0C", "44-19-b6-0a-0b-0c", " 44-19-B6-0A-0B-0C "]) {
    t.equal(canonicalMac(input), "44:19:b6:0a:0b:0c", input);
    t.equal(sadpMac(input), "44-19-b6-0a-0b-0c", input);
  }
  t.end();
});
