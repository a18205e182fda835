import t from "tap";
import { parseFleetFile } from "../../src/config/fleet-config.js";
import { fleetHttpsPorts } from "../../src/runtime/https-ports.js";
import { profiles } from "../helpers/harness.js";

function configOf(yaml: string) {
  const result = parseFleetFile(`${yaml}devices:\n  - profile: DS-2CD2146G2-ISU\n`, profiles);
  if (!result.ok) throw new Error(JSON.stringify(result.problems));
  return result.config;
}

t.test("the fleet's HTTPS ports: the fleet file's, else 443 / 8443, else the OS's pick beside HTTP's", (t) => {
  t.same(fleetHttpsPorts(configOf("")), { preferred: 443, fallback: 8443 }, "defaults: the captures' 443, 8443 when refused");
  t.same(fleetHttpsPorts(configOf("https:\n  port: 4443\n  fallbackPort: 14443\n")), { preferred: 4443, fallback: 14443 }, "the fleet file's");
  t.same(fleetHttpsPorts(configOf("https:\n  port: 4443\n")), { preferred: 4443, fallback: 8443 }, "one key alone");
  t.same(fleetHttpsPorts({ ...configOf(""), httpPort: 0 }), { preferred: 0, fallback: 0 }, "HTTP on the OS's pick (tests, --http-port 0): HTTPS too");
  t.same(fleetHttpsPorts({ ...configOf("https:\n  port: 4443\n"), httpPort: 0 }), { preferred: 4443, fallback: 0 }, "an explicit port still wins");
  const bad = parseFleetFile("https:\n  port: 70000\n  colour: red\ndevices:\n  - profile: DS-2CD2146G2-ISU\n", profiles);
  t.equal(bad.ok, false, "checked like the other ports");
  if (!bad.ok) t.match(bad.problems.map((p) => `${p.line}: ${p.path}`), ["2: https.port", "3: https"], "each problem on its own line");
  t.end();
});
