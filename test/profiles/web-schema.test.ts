import t from "tap";
import { loadProfile } from "../../src/profiles/index.js";
import { DS_2CD2146G2_ISU } from "../../src/profiles/models/ds-2cd2146g2-isu.js";

t.test("web.rootHeaders: Connection is required (the root reply closes its connection), no header twice", (t) => {
  const withRoot = (rootHeaders: string[]) => loadProfile({ ...DS_2CD2146G2_ISU, web: { rootHeaders } } as never);
  t.same(withRoot(["Date", "Server", "Content-Length", "Content-Type", "Connection"]).web.rootHeaders, ["Date", "Server", "Content-Length", "Content-Type", "Connection"], "a list with Connection is taken as given");
  t.throws(() => withRoot(["Date", "Server", "Content-Length", "Content-Type", "Cache-Control"]), /web\.rootHeaders: rootHeaders must include Connection/, "without Connection: refused");
  t.throws(() => withRoot(["Date", "Connection", "Date"]), /web\.rootHeaders: rootHeaders must not repeat a header/, "a header twice: refused");
  t.same(loadProfile(DS_2CD2146G2_ISU).web.rootHeaders.includes("Connection"), true, "the default list has it");
  t.end();
});
