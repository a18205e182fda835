import t from "tap";
import { connect, type Socket } from "node:net";
import { startEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { defaultFleet } from "../../src/config/fleet-config.js";
import { connectionBudget, descriptorsNeeded } from "../../src/runtime/descriptor-budget.js";
import { profiles, silentLogger } from "../helpers/harness.js";

/** A keep-alive connection that has had one answer, so the server has surely accepted it; left open. */
function openIdle(host: string, port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => socket.write("GET /SDK/activateStatus HTTP/1.1\r\nHost: x\r\n\r\n"));
    socket.once("data", () => resolve(socket));
    socket.on("error", reject);
  });
}

/** Resolves with what a fresh connection sees: an answer, or the server closing it unanswered. */
function ask(host: string, port: number): Promise<"answered" | "closed"> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => socket.write("GET /SDK/activateStatus HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    let data = "";
    socket.on("data", (d) => (data += d.toString()));
    socket.on("error", () => undefined);
    socket.on("close", () => resolve(data.startsWith("HTTP/1.1 200") ? "answered" : "closed"));
  });
}

t.test("idle clients cannot take more connections than the fleet's cap; the rest of the fleet recovers when they go", async (t) => {
  const base = defaultFleet(profiles);
  const config = { ...base, sadpPort: 0, ssdpPort: 0, httpPort: 0, specs: base.specs.map((s, i) => ({ ...s, address: `127.51.0.${10 + i}` })) };
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger: silentLogger, maxConnections: 5 });
  t.teardown(() => emulator.stop());
  const camera = emulator.fleet.byName("camera-1")!.serving;
  const nvr = emulator.fleet.byName("nvr-1")!.serving;
  const idle = await Promise.all(Array.from({ length: 5 }, () => openIdle(camera.address, camera.httpPort)));
  t.equal(await ask(nvr.address, nvr.httpPort), "closed", "a sixth connection, to another device, is closed at once");
  for (const socket of idle) socket.destroy();
  // The server sees the closes asynchronously; the next connection is admitted once it has.
  let outcome: "answered" | "closed" = "closed";
  for (let i = 0; i < 50 && outcome === "closed"; i++) outcome = await ask(nvr.address, nvr.httpPort);
  t.equal(outcome, "answered", "once they are gone, connections are served again");
});

t.test("the default cap is what the open-files limit leaves", (t) => {
  t.equal(connectionBudget(3, 200), 200 - 2 * 3 - 3 - 64, "two listeners per device (HTTP, HTTPS)");
  t.ok(connectionBudget(1000, 1024) >= 64, "never below a floor, even where start-up would refuse the fleet");
  t.ok(connectionBudget(1000, descriptorsNeeded(1000)) >= 64, "at the budget's own figure, room for 64 clients");
  t.equal(connectionBudget(3, undefined), Number.POSITIVE_INFINITY);
  t.end();
});
