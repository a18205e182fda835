import t from "tap";
import { searchBindAddress, udpSearch } from "../../../src/discovery/client/udp-search.js";

t.test("a search with only loopback destinations binds 127.0.0.1; anything else binds every interface", (t) => {
  t.equal(searchBindAddress({ multicastInterfaces: ["127.0.0.1"], broadcasts: [], targets: [] }), "127.0.0.1");
  t.equal(searchBindAddress({ multicastInterfaces: [], broadcasts: [], targets: ["127.0.145.1"] }), "127.0.0.1");
  t.equal(searchBindAddress({ multicastInterfaces: ["127.0.0.1"], broadcasts: [], targets: ["10.231.0.1"] }), "0.0.0.0", "a target off loopback answers to any interface");
  t.equal(searchBindAddress({ multicastInterfaces: ["10.231.0.2"], broadcasts: ["10.231.0.255"], targets: [] }), "0.0.0.0");
  t.end();
});

t.test("a send that throws (here a bad port) fails the search instead of leaving it pending", async (t) => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on("unhandledRejection", onUnhandled);
  t.teardown(() => void process.off("unhandledRejection", onUnhandled));
  const search = udpSearch({ multicastInterfaces: [], broadcasts: [], targets: ["127.0.145.1"], group: "239.255.255.250", port: 70_000, request: Buffer.from("x"), timeoutMs: 200, onReply: () => undefined });
  const outcome = await Promise.race([search.then(() => "resolved", (error: Error) => error.message), new Promise((resolve) => setTimeout(() => resolve("still pending"), 1000))]);
  t.match(outcome, /port/i, "rejected with the send's error");
  t.same(unhandled, [], "no unhandled rejection");
});
