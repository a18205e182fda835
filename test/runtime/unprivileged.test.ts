import t from "tap";
import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startFleetProcess, waitForExit } from "../helpers/cli-process.js";
import { createNetns, missingCommand, netnsSkip, runInNetns } from "../helpers/netns.js";

const NET_CHECK = fileURLToPath(new URL("../helpers/net-check-main.ts", import.meta.url));
const SADP_PROBE = fileURLToPath(new URL("../helpers/sadp-probe-main.ts", import.meta.url));

/**
 * Unprivileged without changing user: still uid 0 (so the process reads the checkout and tap's
 * loader wherever they live), but without CAP_NET_BIND_SERVICE, now or after exec.
 */
const DROP_BIND_CAPABILITY = ["setpriv", "--inh-caps=-net_bind_service", "--bounding-set=-net_bind_service", "--"];

// Any port: the namespace is the test's own, so nothing else listens there.
const FALLBACK_PORT = 8081;

t.test(
  "without the right to bind port 80, HTTP falls back to the configured port, and SADP reports the port served",
  { skip: netnsSkip() || missingCommand("setpriv", ["--version"], "util-linux") },
  async (t) => {
    const netns = createNetns(t, "unpriv");
    // The sysctl is per network namespace: pin it, whatever the host's (or the kernel's default) is.
    execFileSync("ip", ["netns", "exec", netns, "sh", "-c", "echo 1024 > /proc/sys/net/ipv4/ip_unprivileged_port_start"]);
    t.same(
      await runInNetns(netns, NET_CHECK, ["bind", "127.0.0.1", "80"], DROP_BIND_CAPABILITY),
      { error: "EACCES" },
      "premise: in this namespace, a process without CAP_NET_BIND_SERVICE gets EACCES on port 80",
    );

    const dir = t.testdir();
    const fleetFile = join(dir, "fleet.yaml");
    writeFileSync(fleetFile, `network:\n  base: 127.42.0.10\nhttp:\n  fallbackPort: ${FALLBACK_PORT}\ndevices:\n  - profile: DS-2CD2146G2-ISU\n  - profile: DS-7608NXI-I2/8P/S\n`);
    const fleet = await startFleetProcess(["--fleet", fleetFile, "--state", join(dir, "state"), "--sadp-port", "0", "--log-level", "warn"], {
      netns,
      wrapper: DROP_BIND_CAPABILITY,
    });
    t.teardown(async () => {
      fleet.child.kill("SIGKILL");
      await waitForExit(fleet.child);
    });
    t.same(
      fleet.ready.devices.map((d) => d.httpUrl),
      [`http://127.42.0.10:${FALLBACK_PORT}/`, `http://127.42.0.11:${FALLBACK_PORT}/`],
      "port 80 refused; every device serves the fallback port",
    );
    const sadp = await runInNetns<{ replies: Record<string, string>[] }>(netns, SADP_PROBE, ["probe", "127.0.0.1", String(fleet.ready.sadpPort), "2"]);
    t.same(
      sadp.replies.map((r) => r["HttpPort"]),
      [String(FALLBACK_PORT), String(FALLBACK_PORT)],
      "SADP reports the port actually served",
    );
    const status = await runInNetns<{ status: number; body: string }>(netns, NET_CHECK, ["get", `http://127.42.0.10:${FALLBACK_PORT}/SDK/activateStatus`]);
    t.equal(status.status, 200, "the device answers on the fallback port");
  },
);
