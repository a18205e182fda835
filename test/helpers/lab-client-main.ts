/**
 * A tool on another machine of a lab, run inside the client's network namespace (ip netns
 * exec) by test/discovery/client/lab.test.ts. One subcommand per step; each prints one JSON line:
 *   node … lab-client-main.ts find INTERFACE_ADDRESS EXPECT [SADP_PORT]
 *       SADP inquiry to the group out of that interface, and to its /24 broadcast → {"devices":[…]}
 *   node … lab-client-main.ts find-unicast HOST EXPECT [SADP_PORT]
 *       first checks the group cannot be reached without a multicast route, then probes HOST
 *       directly → {"groupSend":"ENETUNREACH","devices":[…]}
 *   node … lab-client-main.ts activate INTERFACE_ADDRESS MAC PASSWORD [SADP_PORT]
 *       SADP exchangecode + activate (§1.6) sent to the group out of that interface
 *       → {"exchange":"success","result":"success"}
 *   node … lab-client-main.ts device-info URL USER PASSWORD
 *       GET with Digest, as python requests does → {"status":200,"model":"…","serialNumber":"…"}
 * Add a step as one more entry in `steps`.
 */
import { createSocket } from "node:dgram";
import { sadpSearch, type SadpAnswer } from "../../src/discovery/client/sadp-search.js";
import { encodeProbe } from "../../src/discovery/sadp/codec.js";
import { parseXml } from "../../src/http/xml.js";
import { requestsDigest } from "./requests-digest.js";
import { activateOverSadp, groupSender } from "./sadp-activation-client.js";

/** What a lab test compares: the typed fields, not the raw map. */
function plain(answers: readonly SadpAnswer[]) {
  return answers.map(({ mac, model, serial, ipv4, httpPort, commandPort, activated, from }) => ({ mac, model, serial, ipv4, httpPort, commandPort, activated, from }));
}

/** Sends one probe to the group with no multicast interface set: the route decides, as a tool without one would. */
function groupSendWithoutInterface(port: number): Promise<string> {
  const socket = createSocket("udp4");
  return new Promise((resolve) =>
    socket.send(encodeProbe("NO-ROUTE-CHECK", "inquiry"), port, "239.255.255.250", (error) => {
      socket.close();
      resolve(error ? ((error as NodeJS.ErrnoException).code ?? error.message) : "sent");
    }),
  );
}

const steps: Record<string, (args: string[]) => Promise<unknown>> = {
  async find([address = "", expect = "1", port = "37020"]) {
    const broadcast = address.split(".").slice(0, 3).concat("255").join(".");
    return { devices: plain(await sadpSearch({ multicastInterfaces: [address], broadcasts: [broadcast], targets: [], port: Number(port), expect: Number(expect), timeoutMs: 10_000 })) };
  },
  async "find-unicast"([host = "", expect = "1", port = "37020"]) {
    const groupSend = await groupSendWithoutInterface(Number(port));
    return { groupSend, devices: plain(await sadpSearch({ multicastInterfaces: [], broadcasts: [], targets: [host], port: Number(port), expect: Number(expect), timeoutMs: 10_000 })) };
  },
  async activate([address = "", mac = "", password = "", port = "37020"]) {
    const { exchange, reply } = await activateOverSadp(groupSender(address, Number(port), mac), password);
    return { exchange: exchange?.get("Result") ?? null, result: reply?.get("Result") ?? null, text: reply?.get("ResultDescription") ?? null };
  },
  async "device-info"([url = "", user = "admin", password = ""]) {
    const { final } = await requestsDigest(url, user, password);
    const body = await final.text();
    const info = final.status === 200 ? (parseXml(body) as { DeviceInfo?: Record<string, unknown> }).DeviceInfo : undefined;
    return { status: final.status, model: info?.["model"], serialNumber: info?.["serialNumber"], macAddress: info?.["macAddress"] };
  },
};

const [step = "", ...args] = process.argv.slice(2);
const run = steps[step];
if (!run) throw new Error(`unknown step ${JSON.stringify(step)}; known: ${Object.keys(steps).join(", ")}`);
console.log(JSON.stringify(await run(args)));
