import t from "tap";
import { createLogger } from "../../src/runtime/logger.js";
import { rawRequest, startControlFixture, type ControlFixture } from "../helpers/control-api.js";
import { openSse, type SseEvent } from "../helpers/sse-client.js";
import { MAX_STREAMS } from "../../src/control/event-stream.js";

interface Wire {
  readonly id: number;
  readonly type: string;
  readonly device: string;
  readonly at: string;
  readonly data: Record<string, unknown>;
}

const parsed = (events: readonly SseEvent[]): Wire[] => events.map((e) => JSON.parse(e.data) as Wire);

/** What the camera goes through, driven over the API only. */
async function cameraStory(api: ControlFixture["api"]): Promise<void> {
  const steps: [string, string, unknown?][] = [
    ["POST", "/api/devices/camera-1/power", { state: "off" }],
    ["POST", "/api/devices/camera-1/power", { state: "on" }],
    ["POST", "/api/clock/advance", { seconds: 60 }],
    ["POST", "/api/devices/camera-1/button", { action: "press" }],
    ["POST", "/api/clock/advance", { seconds: 2 }],
    ["POST", "/api/devices/camera-1/button", { action: "release" }],
    ["PUT", "/api/devices/camera-1/faults", { httpErrorRate: 0.25 }],
    ["DELETE", "/api/devices/camera-1/faults"],
    ["POST", "/api/devices/camera-1/button", { action: "hold", seconds: 15, duringPowerOn: true }],
    ["POST", "/api/clock/advance", { seconds: 60 }],
  ];
  for (const [method, path, body] of steps) {
    const reply = await api(method, path, body);
    if (reply.status !== 200) throw new Error(`${method} ${path}: ${reply.status} ${JSON.stringify(reply.body)}`);
  }
}

/** The camera's events for that story (docs/lifecycle.md): type and the data that tells them apart. */
const CAMERA_STORY: [string, Record<string, unknown>][] = [
  ["power", { state: "off" }],
  ["led", { state: "off" }],
  ["powered", { on: false }],
  ["powered", { on: true }],
  ["power", { state: "booting" }],
  ["led", { state: "steady" }],
  ["booting", { bootSeconds: 60 }],
  ["irCut", {}],
  ["power", { state: "running" }],
  ["ready", {}],
  ["button", { action: "pressed" }],
  ["button", { action: "released", heldSeconds: 2 }],
  ["faults", { action: "set", faults: { httpErrorRate: 0.25 } }],
  ["faults", { action: "cleared", faults: { httpErrorRate: 0 } }],
  // hold during power-on: off, press, on …
  ["power", { state: "off" }],
  ["led", { state: "off" }],
  ["powered", { on: false }],
  ["button", { action: "pressed" }],
  ["powered", { on: true }],
  ["power", { state: "booting" }],
  ["led", { state: "steady" }],
  ["booting", { bootSeconds: 60 }],
  ["irCut", {}],
  // … 10 s held: the light flashes, flash is reset, the device reboots (3 s down) …
  ["led", { state: "flashing" }],
  ["reset", { mode: "full", cause: "button" }],
  ["power", { state: "rebooting" }],
  ["rebooted", { cause: "button" }],
  ["power", { state: "booting" }],
  ["booting", { bootSeconds: 60 }],
  ["irCut", {}],
  // … let go at 15 s; the boot completes 60 s after it began.
  ["button", { action: "released", heldSeconds: 15 }],
  ["power", { state: "running" }],
  ["led", { state: "steady" }],
  ["ready", {}],
];

t.test("the event stream delivers typed events in order; ?device= keeps one device's; each is also in the pino log", async (t) => {
  const lines: string[] = [];
  const logger = createLogger("info", { write: (line: string) => void lines.push(line) });
  const fixture = await startControlFixture(t, 68, { logger });
  const { api, control, clock } = fixture;
  const all = await openSse(`${control.url}/api/events`);
  const camera = await openSse(`${control.url}/api/events?device=camera-1`);
  t.teardown(() => {
    all.close();
    camera.close();
  });
  t.equal(camera.status, 200);
  t.match(camera.headers["content-type"], /^text\/event-stream/);
  t.equal(camera.headers["cache-control"], "no-cache");

  await api("POST", "/api/devices/nvr-1/power", { state: "off" });
  await cameraStory(api);
  const received = parsed(await camera.waitFor(CAMERA_STORY.length));
  t.same(
    received.map((e) => e.type),
    CAMERA_STORY.map(([type]) => type),
    "types in order",
  );
  CAMERA_STORY.forEach(([type, data], i) => t.match(received[i], { type, device: "camera-1", data }, `#${i} ${type}`));
  t.ok(
    received.every((e, i) => i === 0 || e.id > received[i - 1]!.id),
    "ids increase",
  );
  t.ok(
    received.every((e, i) => i === 0 || Date.parse(e.at) >= Date.parse(received[i - 1]!.at)),
    "device times never go back",
  );
  const ready = received.at(-1)!;
  t.equal(ready.at, new Date((ready.data.bootTime as number) + 60_000).toISOString(), "`at` is device time: ready, 60 s after that boot began");
  t.ok(Date.parse(ready.at) <= clock!.now());
  const booting = received.find((e) => e.type === "booting")!;
  t.same(Object.keys(booting.data).sort(), ["bootSeconds", "bootTime"], "the device name is the envelope's, not repeated in data");
  const rawCamera = camera.events;
  t.ok(
    rawCamera.every((e) => e.event === (JSON.parse(e.data) as Wire).type && e.id === String((JSON.parse(e.data) as Wire).id)),
    "the SSE event: and id: fields repeat type and id",
  );

  const everything = parsed(await all.waitFor(CAMERA_STORY.length + 3));
  t.same(
    everything.filter((e) => e.device === "nvr-1").map((e) => [e.type, e.data]),
    [
      ["power", { state: "off" }],
      ["led", { state: "off" }],
      ["powered", { on: false }],
    ],
    "the unfiltered stream also has the NVR, which the filtered one left out",
  );
  t.same(
    everything.filter((e) => e.device === "camera-1"),
    received,
    "and the camera's events, identically",
  );
  t.ok(everything.length === CAMERA_STORY.length + 3, "nothing else was published");

  const logged = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.event !== undefined && l.device === "camera-1");
  t.same(
    logged.map((l) => l.event),
    CAMERA_STORY.map(([type]) => type).filter((type) => type !== "power"),
    "the log has every event but power (kept at debug) in the same order",
  );
  t.match(logged.find((l) => l.event === "reset"), { level: 30, msg: "reset", mode: "full", cause: "button", model: "DS-2CD2146G2-ISU" });
});

t.test("?device= naming no device is 404 before any stream starts", async (t) => {
  const { control } = await startControlFixture(t, 68);
  const reply = await rawRequest(`${control.url}/api/events?device=ghost`);
  t.equal(reply.status, 404);
  t.same(JSON.parse(reply.text), { error: { code: "notFound", message: 'no device named "ghost"' } });
});

t.test("a stream opens with a comment and survives clients that leave", async (t) => {
  const { api, control } = await startControlFixture(t, 68);
  const leaving = await openSse(`${control.url}/api/events`);
  leaving.close();
  const staying = await openSse(`${control.url}/api/events?device=nvr-1`);
  t.teardown(() => staying.close());
  await api("POST", "/api/devices/nvr-1/power", { state: "off" });
  const events = await staying.waitFor(3);
  t.same(staying.comments[0], "hikemu events");
  t.same(
    events.map((e) => e.event),
    ["power", "led", "powered"],
  );
});

t.test("event streams are capped: one more than the cap is refused with 429, and a closed one frees its place", async (t) => {
  const { control, api } = await startControlFixture(t, 86);
  const streams = await Promise.all(Array.from({ length: MAX_STREAMS }, () => openSse(`${control.url}/api/events`)));
  t.teardown(() => streams.forEach((s) => s.close()));
  t.ok(streams.every((s) => s.status === 200), `${MAX_STREAMS} streams open`);
  const refused = await rawRequest(`${control.url}/api/events`);
  t.equal(refused.status, 429);
  t.same(JSON.parse(refused.text), { error: { code: "tooManyStreams", message: `at most ${MAX_STREAMS} event streams at once` } });
  streams[0]!.close();
  // The server sees the close a moment later (a network wait).
  let again = await openSse(`${control.url}/api/events`);
  for (let tries = 0; again.status !== 200 && tries < 200; tries++) {
    again.close();
    await new Promise((resolve) => setTimeout(resolve, 10));
    again = await openSse(`${control.url}/api/events`);
  }
  t.equal(again.status, 200, "a freed place can be taken");
  const last = again;
  t.teardown(() => last.close());
  await api("POST", "/api/devices/camera-1/power", { state: "off" });
  const events = await last.waitFor(1);
  t.equal(JSON.parse(events[0]!.data).type, "power", "and it streams");
});
