/**
 * Runs where the client must live in another network namespace than the test (ip netns exec):
 *   node … sadp-probe-main.ts probe ADDRESS PORT EXPECT [MULTICAST_IF]  → replies as JSON
 *   node … sadp-probe-main.ts junk ADDRESS PORT                          → sends junk datagrams
 *   node … sadp-probe-main.ts group ADDRESS PORT EXPECT                  → probe via the group from one
 *       socket while another, bound to PORT and joined to the group as SADP Tool is, counts the
 *       replies' group copies. (Probing 127.0.0.1:PORT here would reach the listener, not hikemu:
 *       Linux gives a unicast datagram for a shared SO_REUSEADDR port to the last socket bound.)
 */
import { randomBytes } from "node:crypto";
import { encodeProbe } from "../../src/discovery/sadp/codec.js";
import { randomUUID } from "node:crypto";
import { listenOnGroup, sadpProbe, sendRaw } from "./sadp-client.js";

const [mode, address = "127.0.0.1", port = "37020", expect = "1", multicastInterface] = process.argv.slice(2);

if (mode === "junk") {
  await sendRaw(randomBytes(1024), address, Number(port));
  await sendRaw(encodeProbe("TRUNCATED", "inquiry").subarray(0, 50), address, Number(port));
  await sendRaw(Buffer.alloc(65507, 0x3c), address, Number(port)); // the largest IPv4 UDP payload
  console.log(JSON.stringify({ sent: 3 }));
} else if (mode === "group") {
  const uuid = randomUUID().toUpperCase();
  const listener = listenOnGroup(uuid, Number(port), "127.0.0.1");
  await listener.ready;
  const replies = await sadpProbe({ address, port: Number(port), expect: Number(expect), timeoutMs: 10_000, uuid, multicastInterface: "127.0.0.1" });
  // The group copy of each reply leaves right after its unicast one.
  const viaGroup = await listener.atLeast(Number(expect), 5000);
  listener.close();
  console.log(JSON.stringify({ unicast: replies.byMac.size, viaGroup }));
} else {
  const replies = await sadpProbe({ address, port: Number(port), expect: Number(expect), timeoutMs: 10_000, ...(multicastInterface ? { multicastInterface } : {}) });
  console.log(JSON.stringify({ uuid: replies.uuid, datagrams: replies.datagrams, replies: [...replies.byMac.values()].map((f) => Object.fromEntries(f)) }));
}
