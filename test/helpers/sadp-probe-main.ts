/**
 * `node … sadp-probe-main.ts ADDRESS PORT EXPECT [MULTICAST_IF]`: sends one SADP inquiry and
 * prints the replies as JSON. Used where the client must run in another network
 * namespace than the test (ip netns exec).
 */
import { sadpProbe } from "./sadp-client.js";

const [address = "127.0.0.1", port = "37020", expect = "1", multicastInterface] = process.argv.slice(2);
const replies = await sadpProbe({ address, port: Number(port), expect: Number(expect), timeoutMs: 10_000, ...(multicastInterface ? { multicastInterface } : {}) });
console.log(JSON.stringify({ uuid: replies.uuid, datagrams: replies.datagrams, replies: [...replies.byMac.values()].map((f) => Object.fromEntries(f)) }));
