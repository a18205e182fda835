import t from "tap";
import { connect } from "node:net";
import { startEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { defaultFleet } from "../../src/config/fleet-config.js";
import { profiles, silentLogger } from "../helpers/harness.js";
import { activateOverIsapi } from "../helpers/isapi-activation-client.js";

/** A store whose next save waits until the test lets it through. */
class GatedStore extends MemoryStore {
  gate: { entered: Promise<void>; release: () => void } | undefined;

  arm(): void {
    let entered!: () => void;
    let release!: () => void;
    const enteredPromise = new Promise<void>((resolve) => (entered = resolve));
    const released = new Promise<void>((resolve) => (release = resolve));
    this.gate = { entered: enteredPromise, release };
    this.#wait = async () => {
      entered();
      await released;
    };
  }

  #wait: (() => Promise<void>) | undefined;

  override async save(key: string, value: unknown): Promise<void> {
    const wait = this.#wait;
    this.#wait = undefined;
    await wait?.();
    return super.save(key, value);
  }
}

function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, host, () => {
      socket.destroy();
      resolve(false);
    });
    socket.on("error", () => resolve(true));
  });
}

t.test("stopping while a flash write is in flight: the write lands and the client still gets its reply", async (t) => {
  const base = defaultFleet(profiles);
  const config = { ...base, sadpPort: 0, ssdpPort: 0, httpPort: 0, specs: base.specs.map((s, i) => ({ ...s, address: `127.48.0.${10 + i}` })) };
  const store = new GatedStore();
  const emulator = await startEmulator({ config, store, logger: silentLogger });
  const camera = emulator.fleet.byName("camera-1")!;
  const url = `http://${camera.serving.address}:${camera.serving.httpPort}`;

  store.arm();
  const activation = activateOverIsapi(url, "Hik12345!");
  await store.gate!.entered;
  const stopping = emulator.stop();
  t.ok(await refused(camera.serving.address, camera.serving.httpPort), "no new connections once stopping");
  store.gate!.release();
  const result = await activation;
  t.equal(result.status, 200, "the activation that was being written is answered");
  t.match(result.body, "<statusCode>1</statusCode>");
  await stopping;
  t.equal(((await store.load("camera-1")) as { flash: { activated: boolean } }).flash.activated, true, "and it is in flash");
});
