import t from "tap";
import { safeDecodeURIComponent } from "../../src/util/safe-decode.js";

t.test("decodes percent-encoding; malformed input gives undefined, for the caller to choose a fallback", (t) => {
  t.equal(safeDecodeURIComponent("nvr%2F1"), "nvr/1");
  t.equal(safeDecodeURIComponent("plain"), "plain");
  t.equal(safeDecodeURIComponent(""), "");
  for (const malformed of ["%zz", "%", "a%2", "%E0%A4%A"]) t.equal(safeDecodeURIComponent(malformed), undefined, malformed);
  t.end();
});
