import t from "tap";
import { connect } from "node:net";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { request } from "urllib";
import { startFleetProcess, waitForExit, type StartedFleet } from "../helpers/cli-process.js";
import { activateOverIsapi } from "../helpers/isapi-activation-client.js";
import { sadpProbe } from "../helpers/sadp-client.js";
import { digestHeader } from "../helpers/digest-header.js";
import { digestChallenge } from "../helpers/sockets.js";

/**
 * kill -9 in the middle of a Default (factoryReset mode=full): after a restart the device is
 * in its old state or its new one, never a mix.
 *
 * What makes it so: the core writes the factory flash durably before the device goes down or
 * answers (maintenance.ts), and the file store (src/runtime/store/file-store.ts) writes a
 * record as a temp file, fsyncs it, renames it over the record and fsyncs the directory. A
 * process killed with SIGKILL leaves the files as its last completed system call left them,
 * and rename(2) replaces the record in one step, so the record file is always the old record
 * or the new one, whole; a temp file left behind is never read, and the next start removes it.
 *
 * What this test checks, in two halves:
 * - The real CLI, killed at several points of the same Default: as soon as the request is
 *   written, one loop turn later, 1, 3 and 10 ms later, and after the reply. Where a kill
 *   lands within the write is timing, so for these points the test claims only "old or new";
 *   after the reply it must be new (the reply leaves only after the write is durable).
 * - Every state the write protocol can leave on disk, made deterministically rather than by
 *   timing luck: a temp file cut short (killed while writing it), a complete temp file not yet
 *   renamed (killed between fsync and rename), beside the old record. Both must start as old.
 * Each restart is judged by the state file, SADP, activateStatus and the old password alike:
 * all of them must tell the same story.
 */

const PASSWORD = "Hik12345!";
const ADDRESS = "127.82.0.10";
const FACTORY_IP = "192.168.1.64";
const FLEET = `seed: default-kill
network:
  base: ${ADDRESS}
devices:
  - profile: DS-2CD2146G2-ISU
    name: cam
`;
const DEFAULT_PATH = "/ISAPI/System/factoryReset?mode=full";

type Verdict = "old" | "new";

interface Observation {
  readonly file: { activated: boolean; users: number; ipv4: string };
  readonly sadp: { activated: string | undefined; ipv4: string | undefined };
  readonly activateStatus: string;
  readonly oldPassword: number;
  readonly tempFiles: string[];
}

async function observe(fleet: StartedFleet, stateDir: string): Promise<Observation> {
  const record = JSON.parse(readFileSync(join(stateDir, "cam.json"), "utf8")) as { flash: { activated: boolean; users: unknown[]; network: { ipv4: string } } };
  const cam = fleet.ready.devices[0]!;
  const sadp = await sadpProbe({ address: "127.0.0.1", port: fleet.ready.sadpPort, expect: 1 });
  const fields = sadp.byMac.get(cam.mac.replaceAll(":", "-"));
  const status = await (await fetch(`${cam.httpUrl}SDK/activateStatus`)).text();
  const info = await request(`${cam.httpUrl}ISAPI/System/deviceInfo`, { digestAuth: `admin:${PASSWORD}`, dataType: "text" });
  return {
    file: { activated: record.flash.activated, users: record.flash.users.length, ipv4: record.flash.network.ipv4 },
    sadp: { activated: fields?.get("Activated"), ipv4: fields?.get("IPv4Address") },
    activateStatus: /<Activated>(\w+)<\/Activated>/.exec(status)?.[1] ?? "",
    oldPassword: info.status,
    tempFiles: readdirSync(stateDir).filter((f) => f.endsWith(".tmp")),
  };
}

/**
 * "old" or "new" when every view agrees on one of them; undefined for any mix. The old network
 * is the one before this Default: the fleet file's address at first, the factory one once a
 * Default went through (activation sets a password, not the network).
 */
function verdict(o: Observation, oldIpv4: string): Verdict | undefined {
  const old = o.file.activated && o.file.users === 1 && o.file.ipv4 === oldIpv4 && o.sadp.activated === "true" && o.sadp.ipv4 === oldIpv4 && o.activateStatus === "true" && o.oldPassword === 200;
  const fresh = !o.file.activated && o.file.users === 0 && o.file.ipv4 === FACTORY_IP && o.sadp.activated === "false" && o.sadp.ipv4 === FACTORY_IP && o.activateStatus === "false" && o.oldPassword === 403;
  return old ? "old" : fresh ? "new" : undefined;
}

/** Sends the Default over a raw socket with a Digest header and kills the process at `point`. */
async function defaultThenKill(fleet: StartedFleet, point: KillPoint): Promise<void> {
  const cam = fleet.ready.devices[0]!;
  const challenge = await fetch(`${cam.httpUrl}${DEFAULT_PATH.slice(1)}`, { method: "PUT" });
  await challenge.arrayBuffer();
  const { realm, nonce } = digestChallenge(challenge.headers.get("www-authenticate"));
  const url = new URL(cam.httpUrl);
  const head = `PUT ${DEFAULT_PATH} HTTP/1.1\r\nHost: ${url.host}\r\nAuthorization: ${digestHeader(realm, nonce, DEFAULT_PATH, PASSWORD, "admin", "PUT")}\r\nContent-Length: 0\r\n\r\n`;
  const kill = () => fleet.child.kill("SIGKILL");
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(head, () => {
        if (point.kind === "written") kill();
        else if (point.kind === "nextTurn") setImmediate(kill);
        else if (point.kind === "after") setTimeout(kill, point.ms);
      });
    });
    let reply = "";
    socket.on("data", (chunk: Buffer) => {
      reply += chunk.toString();
      if (point.kind === "replied" && reply.includes("</ResponseStatus>")) {
        if (!reply.startsWith("HTTP/1.1 200")) reject(new Error(`Default refused: ${reply}`));
        kill();
      }
    });
    socket.on("error", () => undefined);
    socket.on("close", () => resolve());
    fleet.child.once("exit", () => socket.destroy());
  });
  await waitForExit(fleet.child);
}

function ipv4Of(record: string): string {
  return (JSON.parse(record) as { flash: { network: { ipv4: string } } }).flash.network.ipv4;
}

type KillPoint = { kind: "written" } | { kind: "nextTurn" } | { kind: "after"; ms: number } | { kind: "replied" };

const KILL_POINTS: readonly [string, KillPoint][] = [
  ["as soon as the request is written", { kind: "written" }],
  ["one loop turn after writing it", { kind: "nextTurn" }],
  ["1 ms after", { kind: "after", ms: 1 }],
  ["3 ms after", { kind: "after", ms: 3 }],
  ["10 ms after", { kind: "after", ms: 10 }],
  ["after the reply", { kind: "replied" }],
];

t.test("kill -9 during a Default, then restart: old state or new, never a mix", async (t) => {
  const dir = t.testdir({ "fleet.yaml": FLEET });
  const args = ["--fleet", join(dir, "fleet.yaml"), "--state", join(dir, "state"), "--http-port", "0", "--sadp-port", "0", "--log-level", "warn"];
  const stateDir = join(dir, "state", "hikemu-state");
  let fleet = await startFleetProcess(args);
  t.teardown(() => fleet.child.kill("SIGKILL"));
  let seen: Verdict = "new";
  let oldRecord = "";
  let newRecord = "";

  for (const [what, point] of KILL_POINTS) {
    if (seen === "new") {
      const activation = await activateOverIsapi(fleet.ready.devices[0]!.httpUrl, PASSWORD);
      if (activation.status !== 200) throw new Error(`activation failed: ${activation.body}`);
    }
    oldRecord = readFileSync(join(stateDir, "cam.json"), "utf8");
    await defaultThenKill(fleet, point);
    fleet = await startFleetProcess(args);
    const observed = await observe(fleet, stateDir);
    const result = verdict(observed, ipv4Of(oldRecord));
    t.ok(result, `killed ${what}: restarted ${result ?? "in a MIX"} ${JSON.stringify(observed)}`);
    t.same(observed.tempFiles, [], `killed ${what}: no temp file left after the restart`);
    if (point.kind === "replied") {
      t.equal(result, "new", "killed after the reply: the Default was durable before it was answered");
      newRecord = readFileSync(join(stateDir, "cam.json"), "utf8");
    }
    seen = result ?? "new";
  }

  // The states a kill can leave mid-write, made on purpose (see the comment at the top).
  t.ok(oldRecord.includes('"activated": true') && newRecord.includes('"activated": false'), "both records in hand");
  const crashStates: [string, string][] = [
    ["a temp file cut short (killed while writing it)", newRecord.slice(0, Math.floor(newRecord.length / 2))],
    ["a complete temp file never renamed (killed between fsync and rename)", newRecord],
  ];
  for (const [what, temp] of crashStates) {
    fleet.child.kill("SIGKILL");
    await waitForExit(fleet.child);
    writeFileSync(join(stateDir, "cam.json"), oldRecord, { mode: 0o600 });
    writeFileSync(join(stateDir, `cam.json.${fleet.child.pid ?? 1}.7.tmp`), temp, { mode: 0o600 });
    fleet = await startFleetProcess(args);
    const observed = await observe(fleet, stateDir);
    t.equal(verdict(observed, ipv4Of(oldRecord)), "old", `${what}: the record is the old one, whole ${JSON.stringify(observed)}`);
    t.same(observed.tempFiles, [], `${what}: the leftover temp file was removed at start`);
  }
});
