import t from "tap";
import { serverSentEvents, type ServerSentEvent } from "../../src/cli/sse-lines.js";
import { eventLine } from "../../src/cli/events-command.js";

function streamOf(chunks: readonly string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(encoder.encode(chunk));
      controller.close();
    },
  });
}

async function all(chunks: readonly string[]): Promise<ServerSentEvent[]> {
  const events: ServerSentEvent[] = [];
  for await (const event of serverSentEvents(streamOf(chunks))) events.push(event);
  return events;
}

t.test("events split anywhere, CR/LF/CRLF line ends, comments, multi-line data", async (t) => {
  const text = ': hikemu events\n\nid: 1\nevent: power\ndata: {"a":1}\n\r\nevent: led\r\ndata: x\r\ndata:y\r\n\r\n: keep-alive\n\nevent: none\n\ndata\n\n';
  const expected = [
    { event: "power", data: '{"a":1}' },
    { event: "led", data: "x\ny" },
    { event: undefined, data: "" },
  ];
  t.same(await all([text]), expected, "comments and an event without data yield nothing; `data` alone is an empty data line");
  const bytes = [...text];
  t.same(await all(bytes), await all([text]), "one character at a time");
  t.same(await all(["event: a\rdata: 1\r\r"]), [{ event: "a", data: "1" }], "CR alone ends lines");
  t.same(await all(["data: half"]), [], "an event the stream cut off is not yielded");
  t.end();
});

t.test("eventLine: device time, device, type, then the data as key=value", (t) => {
  t.equal(eventLine({ id: 3, type: "booting", device: "camera-1", at: "2026-01-01T00:00:00.000Z", data: { bootTime: 1, bootSeconds: 60 } }), "2026-01-01T00:00:00.000Z  camera-1  booting  bootTime=1  bootSeconds=60");
  t.equal(eventLine({ id: 4, type: "irCut", device: "camera-1", at: "2026-01-01T00:00:00.000Z", data: {} }), "2026-01-01T00:00:00.000Z  camera-1  irCut");
  t.equal(eventLine({ id: 5, type: "faults", device: "nvr-1", at: "2026-01-01T00:00:00.000Z", data: { action: "set", faults: { unplugged: true } } }), '2026-01-01T00:00:00.000Z  nvr-1  faults  action=set  faults={"unplugged":true}');
  t.end();
});
