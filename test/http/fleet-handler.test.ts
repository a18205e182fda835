import t, { type Test } from "tap";
import { createServer, type Server } from "node:http";
import { Writable } from "node:stream";
import { pino } from "pino";
import { request } from "urllib";
import { createFleetHandler } from "../../src/http/fleet-handler.js";
import { ANY_USER, PUBLIC, RouteTable } from "../../src/http/router.js";
import { makeFleet, spec, CAMERA } from "../helpers/harness.js";

const PASSWORD = "Hik12345!";

async function serve(t: Test, handler: Parameters<typeof createServer>[1], address: string): Promise<string> {
  const server: Server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://${address}:${(server.address() as { port: number }).port}`;
}

t.test("bytes both ways, id parameters, and the fallback for paths outside the device API", async (t) => {
  const lines: string[] = [];
  const sink = new Writable({ write: (chunk: Buffer, _e, done) => (lines.push(chunk.toString()), done()) });
  const { fleet, clock } = await makeFleet({ specs: [spec(CAMERA, "cam", "127.38.0.10", PASSWORD)], logger: pino({ level: "debug" }, sink) });
  const seen: { params?: Record<string, string>; body?: Buffer } = {};
  const routes = new RouteTable().add(
    {
      method: "PUT",
      path: "/ISAPI/System/configurationData/<slot>",
      auth: ANY_USER,
      maxBodyBytes: 1024 * 1024,
      handler: ({ params, body }) => {
        seen.params = params;
        seen.body = body;
        return { status: 200, contentType: "application/octet-stream", body: Buffer.from([0, 255, 1, 254]) };
      },
    },
    { method: "GET", path: "/SDK/ping", auth: PUBLIC, handler: () => ({ status: 200, contentType: "text/plain", body: "pong" }) },
  );
  const fallbackCalls: string[] = [];
  const handler = createFleetHandler({
    fleet,
    routes,
    clock,
    fallback: (d, req, res) => {
      fallbackCalls.push(`${d.name} ${req.url}`);
      res.writeHead(200, { "Content-Type": "text/html" }).end("<html>web admin</html>");
    },
  });
  const base = await serve(t, handler, "127.38.0.10");

  const blob = Buffer.from(Array.from({ length: 300_000 }, (_, i) => i % 256));
  const put = await request(`${base}/ISAPI/System/configurationData/Slot%201`, { method: "PUT", content: blob, digestAuth: `admin:${PASSWORD}` });
  t.equal(put.status, 200);
  t.same([...(put.data as Buffer)], [0, 255, 1, 254], "a Buffer reply goes out byte for byte");
  t.same(seen.params, { slot: "Slot 1" });
  t.ok(seen.body?.equals(blob), "a 300 KB binary body arrives intact under the route's own limit");

  const page = await fetch(`${base}/doc/page/login.asp?_=1`);
  t.equal(await page.text(), "<html>web admin</html>", "a non-API path goes to the fallback, without a challenge");
  t.same(fallbackCalls, ["cam /doc/page/login.asp?_=1"]);
  t.equal((await fetch(`${base}/ISAPI/Web/none`)).status, 401, "an unknown ISAPI path never reaches the fallback");
  t.equal((await fetch(`${base}/SDK/ping`)).status, 200);

  const throwing = new RouteTable().add({ method: "GET", path: "/SDK/boom", auth: PUBLIC, handler: () => { throw new Error("boom"); } });
  const base2 = await serve(t, createFleetHandler({ fleet, routes: throwing, clock }), "127.38.0.10");
  const boom = await fetch(`${base2}/SDK/boom?code=123456&x=1`);
  t.equal(boom.status, 500, "an unexpected error is a deviceError ResponseStatus");
  t.match(await boom.text(), "<subStatusCode>deviceError</subStatusCode>");
  const logged = lines.map((l) => JSON.parse(l) as { device?: string; url?: string; msg: string });
  const failure = logged.find((l) => l.msg === "request failed");
  t.equal(failure?.device, "cam", "logged on the device's child logger");
  t.equal(failure?.url, "/SDK/boom?code=[redacted]&x=1", "secret-looking query values redacted");
  const requestLines = logged.filter((l) => l.msg === "request");
  t.ok(requestLines.length >= 5, "at debug level every request is logged");
  t.ok(requestLines.every((l) => l.device === "cam"), "on the device's child logger");
  t.notOk(requestLines.some((l) => l.url === "/doc/page/login.asp?_=1"), "fallback requests are the web admin's to log");
});
