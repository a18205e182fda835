import t from "tap";
import { SimulatedNetwork, type SimulatedEndpoint } from "../../../src/discovery/net/simulated-network.js";
import type { Datagram } from "../../../src/discovery/net/udp-channel.js";

const GROUP = "239.255.255.250";

function inbox(endpoint: SimulatedEndpoint): Datagram[] {
  const received: Datagram[] = [];
  endpoint.onMessage((d) => received.push(d));
  return received;
}

const text = (ds: Datagram[]) => ds.map((d) => `${d.data.toString()} from ${d.address}:${d.port}`);

t.test("unicast reaches the one endpoint on that address and port, exact address first", async (t) => {
  const net = new SimulatedNetwork();
  const wildcard = net.bind({ address: "0.0.0.0", port: 37020 });
  const exact = net.bind({ address: "127.0.0.5", port: 37020 });
  const client = net.bind({ address: "127.0.0.9" });
  const [toWildcard, toExact, toClient] = [inbox(wildcard), inbox(exact), inbox(client)];
  const sending = client.send(Buffer.from("a"), "127.0.0.5", 37020);
  t.same(toExact, [], "nothing is delivered inside send()");
  await sending;
  await client.send(Buffer.from("b"), "127.0.0.1", 37020);
  await client.send(Buffer.from("c"), "127.0.0.9", 1);
  await net.settle();
  t.same(text(toExact), [`a from 127.0.0.9:${client.port}`]);
  t.same(text(toWildcard), [`b from 127.0.0.9:${client.port}`], "0.0.0.0 takes what no exact bind takes");
  t.same(toClient, []);
  t.ok(client.port >= 49152, "port 0 gets an ephemeral port");
  t.same(net.stats, { sent: 3, delivered: 2, lost: 0, unreachable: 1 });
  await wildcard.send(Buffer.from("r"), "127.0.0.9", client.port);
  await net.settle();
  t.same(text(toClient), ["r from 127.0.0.1:37020"], "a 0.0.0.0 endpoint sends from its source address (127.0.0.1 by default)");
});

t.test("multicast reaches every member on the port, the sender included; broadcast reaches 0.0.0.0 binds", async (t) => {
  const net = new SimulatedNetwork();
  const a = net.bind({ address: "0.0.0.0", port: 37020, groups: [GROUP] });
  const b = net.bind({ address: "0.0.0.0", port: 37020, sourceAddress: "127.0.0.2", groups: [GROUP] });
  const notJoined = net.bind({ address: "0.0.0.0", port: 37020 });
  const otherPort = net.bind({ address: "0.0.0.0", port: 1900, groups: [GROUP] });
  const [inA, inB, inNotJoined, inOther] = [inbox(a), inbox(b), inbox(notJoined), inbox(otherPort)];
  await b.send(Buffer.from("m"), GROUP, 37020);
  await net.settle();
  t.same(text(inA), ["m from 127.0.0.2:37020"]);
  t.same(text(inB), ["m from 127.0.0.2:37020"], "multicast loops back to the sender");
  t.same(inNotJoined, []);
  t.same(inOther, []);
  b.leave(GROUP);
  await a.send(Buffer.from("n"), GROUP, 37020);
  await a.send(Buffer.from("x"), "255.255.255.255", 37020);
  await net.settle();
  t.same(text(inB), ["m from 127.0.0.2:37020", "x from 127.0.0.1:37020"], "left the group: only the broadcast arrives");
  t.same(text(inNotJoined), ["x from 127.0.0.1:37020"]);
  t.throws(() => a.join("10.0.0.1"), /not a multicast group/);
});

t.test("optional loss, replies sent from listeners, and closed endpoints", async (t) => {
  const net = new SimulatedNetwork({ lose: (p) => p.to.port === 7 && p.data.toString() === "2" });
  const echo = net.bind({ address: "127.0.0.1", port: 7 });
  echo.onMessage((d) => void echo.send(d.data, d.address, d.port));
  const client = net.bind({ address: "127.0.0.2" });
  const replies = inbox(client);
  for (let i = 0; i < 3; i++) await client.send(Buffer.from(String(i)), "127.0.0.1", 7);
  await net.settle();
  t.same(replies.map((d) => d.data.toString()), ["0", "1"], "the echo's replies were delivered before settle() returned");
  t.same({ lost: net.stats.lost, delivered: net.stats.delivered }, { lost: 1, delivered: 4 });
  await echo.close();
  await client.send(Buffer.from("late"), "127.0.0.1", 7);
  await net.settle();
  t.equal(net.stats.unreachable, 1, "a closed endpoint receives nothing");
  await t.rejects(echo.send(Buffer.from("x"), "127.0.0.2", client.port), /closed/);
});
