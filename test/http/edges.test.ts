import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import { createFleetHandler } from "../../src/http/fleet-handler.js";
import { HttpListeners } from "../../src/http/listeners.js";
import { isapiRoutes } from "../../src/http/isapi/routes.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { CAMERA, NVR, makeFleet, silentLogger, spec } from "../helpers/harness.js";
import { digestHeader } from "../helpers/digest-header.js";
import { RawConnection, rawChallenge, type RawResponse } from "../helpers/raw-http.js";
import { curl } from "../helpers/curl.js";
import { readFixture } from "../helpers/golden.js";

const PASSWORD = "Hik12345!";
const OCTET = 158;

/** The `Date` a device sends: its own clock, to the second. */
function deviceDate(device: Device): string {
  // The wall clock in the device's zone, labelled GMT as the cameras do (README "Device time").
  return new Date(Math.floor(device.time.wallClock() / 1000) * 1000).toUTCString();
}

/** A head as bytes: status line, header lines in order, blank line. */
function head(statusLine: string, lines: readonly (readonly [string, string])[]): string {
  return `${statusLine}\r\n${lines.map(([n, v]) => `${n}: ${v}\r\n`).join("")}\r\n`;
}

/** The WWW-Authenticate lines of a response (their nonces are random), for splicing into an expected head. */
function challenges(response: RawResponse): [string, string][] {
  return response.headers.filter(([n]) => n === "WWW-Authenticate").map(([n, v]) => [n, v]);
}

const GET_INFO = "GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: camera\r\n\r\n";

t.test("the 401 head byte for byte per profile (§2.12): header order, the device's Date, Keep-Alive counting down on one connection", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock());
  const expected: Record<string, (d: Device, r: RawResponse, max: number) => [string, string][]> = {
    // Current camera: §2.12 common headers, the V5.5 cassette's HTML 401 page and Keep-Alive timeout=10.
    "camera-1": (d, r, max) => [["Date", deviceDate(d)], ["Server", "App-webs/"], ["Cache-Control", "no-cache"], ["X-Frame-Options", "SAMEORIGIN"], ["Content-Length", "178"], ["Content-Type", "text/html"], ["Connection", "keep-alive"], ["Keep-Alive", `timeout=10, max=${max}`], ...challenges(r)],
    // The V5.5 cassette's header set: no Cache-Control, no X-Frame-Options.
    "legacy-camera-1": (d, r, max) => [["Date", deviceDate(d)], ["Server", "App-webs/"], ["Content-Length", "178"], ["Content-Type", "text/html"], ["Connection", "keep-alive"], ["Keep-Alive", `timeout=10, max=${max}`], ...challenges(r)],
    // hikvision_next issue #50, the NVR's 401 as captured: this order, timeout=60.
    "nvr-1": (d, r, max) => [["Date", deviceDate(d)], ["Server", "DNVRS-Webs"], ["Cache-Control", "no-cache"], ["Content-Length", String(r.body.length)], ["Content-Type", 'application/xml; charset="UTF-8"'], ["Connection", "keep-alive"], ["Keep-Alive", `timeout=60, max=${max}`], ...challenges(r)],
  };
  for (const name of ["camera-1", "legacy-camera-1", "nvr-1"]) {
    await adminPassword(emulator, name, PASSWORD);
    const device = deviceOf(emulator, name);
    const connection = await RawConnection.open(device.serving.address, device.serving.httpPort);
    for (const max of [99, 98, 97]) {
      connection.send(GET_INFO);
      const reply = await connection.response();
      t.equal(reply.head, head("HTTP/1.1 401 Unauthorized", (expected[name] as (d: Device, r: RawResponse, m: number) => [string, string][])(device, reply, max)), `${name}: request ${100 - max} of the connection, max=${max}`);
      t.ok(challenges(reply).length >= 1, `${name}: with its challenge`);
    }
    t.notOk(connection.isClosed, `${name}: the connection stays open`);
    connection.close();
  }
  // The NVR's 401 body as captured (hikvision_next issue #50: Content-Length 138; LF, `<?xml … ?>`).
  const nvr = deviceOf(emulator, "nvr-1");
  const connection = await RawConnection.open(nvr.serving.address, nvr.serving.httpPort);
  connection.send(GET_INFO);
  const reply = await connection.response();
  t.same([reply.header("Content-Length"), reply.body.toString("latin1")], ["138", readFixture("isapi/unauthorized.ERI-K104-P4.capture.xml").toString("latin1")], "nvr-1: the 401 body byte for byte");
  connection.close();
});

t.test("the connection's last request (profile keepAliveMax) says Connection: close, and the device closes it", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(), { subnet: 1, profileOf: (p) => ({ ...p, isapi: { ...p.isapi, replies: { ...p.isapi.replies, keepAliveMax: 3 } } }) });
  const device = deviceOf(emulator, "nvr-1");
  await adminPassword(emulator, "nvr-1", PASSWORD);
  const connection = await RawConnection.open(device.serving.address, device.serving.httpPort);
  const seen: [string | undefined, string | undefined][] = [];
  for (let i = 0; i < 3; i++) {
    connection.send(GET_INFO);
    const reply = await connection.response();
    seen.push([reply.header("Connection"), reply.header("Keep-Alive")]);
  }
  t.same(seen, [["keep-alive", "timeout=60, max=2"], ["keep-alive", "timeout=60, max=1"], ["close", undefined]], "max counts down; the last reply closes, without Keep-Alive");
  await connection.closed;
  t.ok(connection.isClosed, "the device closed the connection after it");
});

/** A raw connection that has its challenge; `send` signs each request with Digest. */
async function loggedIn(device: Device, password: string) {
  const connection = await RawConnection.open(device.serving.address, device.serving.httpPort);
  connection.send(GET_INFO);
  const { realm, nonce } = rawChallenge(await connection.response());
  return {
    connection,
    request(method: string, path: string, body = ""): void {
      const auth = digestHeader(realm, nonce, path, password, "admin", method);
      const length = body === "" ? "" : `Content-Type: application/xml\r\nContent-Length: ${Buffer.byteLength(body)}\r\n`;
      connection.send(`${method} ${path} HTTP/1.1\r\nHost: device\r\nAuthorization: ${auth}\r\n${length}\r\n${body}`);
    },
  };
}

t.test("HEAD wherever GET: the same head, Content-Length included, and no body (raw socket and curl -I)", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(), { subnet: 2 });
  for (const name of ["camera-1", "nvr-1"]) {
    const password = await adminPassword(emulator, name, PASSWORD);
    const device = deviceOf(emulator, name);
    const { connection, request } = await loggedIn(device, password);
    for (const path of ["/ISAPI/System/deviceInfo", "/ISAPI/Security/users", "/ISAPI/Security/adminAccesses"]) {
      request("GET", path);
      const get = await connection.response();
      request("HEAD", path);
      const headReply = await connection.response({ head: true });
      request("GET", path);
      const again = await connection.response();
      t.equal(get.status, 200, `${name} GET ${path}`);
      const withoutKeepAlive = (r: RawResponse) => r.headers.filter(([n]) => n !== "Keep-Alive");
      t.same(withoutKeepAlive(headReply), withoutKeepAlive(get), `${name} HEAD ${path}: the GET's headers (Content-Length ${get.header("Content-Length")}) in the same order`);
      t.ok(again.body.equals(get.body), `${name} HEAD ${path}: no body bytes — the next reply on the connection starts right after the head`);
    }
    // HEAD takes GET's path through authentication, 404 and 405 too.
    request("HEAD", "/ISAPI/System/noSuchResource");
    t.equal((await connection.response({ head: true })).status, device.profile.isapi.replies.unknownResourceStatus, `${name}: HEAD of a missing resource`);
    request("HEAD", "/ISAPI/System/reboot");
    const notAllowed = await connection.response({ head: true });
    t.same([notAllowed.status, notAllowed.header("Allow")], [405, "PUT"], `${name}: HEAD of a PUT-only resource is 405 with Allow`);
    connection.send("HEAD /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: device\r\n\r\n");
    const anonymous = await connection.response({ head: true });
    t.equal(anonymous.status, 401, `${name}: an anonymous HEAD gets the challenge`);
    request("GET", "/ISAPI/System/deviceInfo");
    t.equal((await connection.response()).status, 200, `${name}: and the connection is still in step after it`);
    connection.close();

    const curled = await curl(["--head", "--digest", "--user", `admin:${password}`, `${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`]);
    t.same(curled.statuses, [200], `${name}: curl -I --digest`);
    const length = /\r\nContent-Length: (\d+)\r\n/.exec(curled.body.split("\r\n\r\n").at(-2) ?? "")?.[1];
    const get = await curl(["--digest", "--user", `admin:${password}`, `${baseUrl(emulator, name)}/ISAPI/System/deviceInfo`]);
    t.equal(Number(length), Buffer.byteLength(get.body), `${name}: curl -I sees the Content-Length of the GET's body`);
  }
});

t.test("Node's own refusals carry the device's Date and Server: 400 for a garbage request line, 431 for oversized headers", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(), { subnet: 3 });
  const fixed: Record<string, [string, string][]> = {
    "camera-1": [["Server", "App-webs/"], ["Cache-Control", "no-cache"], ["X-Frame-Options", "SAMEORIGIN"]],
    "legacy-camera-1": [["Server", "App-webs/"]],
    "nvr-1": [["Server", "DNVRS-Webs"], ["Cache-Control", "no-cache"]],
  };
  for (const [name, headers] of Object.entries(fixed)) {
    const device = deviceOf(emulator, name);
    for (const [request, statusLine] of [
      ["GARBAGE\r\n\r\n", "HTTP/1.1 400 Bad Request"],
      ["GET /ISAPI HTTP/1.1\r\nHost: x\r\nBad Header Name: 1\r\n\r\n", "HTTP/1.1 400 Bad Request"],
      [`GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: x\r\nX-Filler: ${"a".repeat(20_000)}\r\n\r\n`, "HTTP/1.1 431 Request Header Fields Too Large"],
    ] as const) {
      const connection = await RawConnection.open(device.serving.address, device.serving.httpPort);
      connection.send(request);
      await connection.closed;
      const expected = head(statusLine, [["Date", deviceDate(device)], ...headers, ["Content-Length", "0"], ["Connection", "close"]]);
      t.equal(connection.unread().toString("latin1"), expected, `${name}: ${statusLine}, then the connection is closed`);
    }
  }
});

t.test("a garbage request from an address the IP filter keeps out gets nothing: the connection is closed", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(), { subnet: 5 });
  await adminPassword(emulator, "camera-1", PASSWORD);
  const device = deviceOf(emulator, "camera-1");
  const banned = `127.${OCTET}.5.99`;
  await device.security.setIpFilter({ enabled: true, permission: "deny", rules: [{ id: 1, kind: "specific", address: banned }] }, "test");
  for (const [from, expected] of [
    [banned, ""],
    [`127.${OCTET}.5.98`, "HTTP/1.1 400 Bad Request\r\n"],
  ] as const) {
    const connection = await RawConnection.open(device.serving.address, device.serving.httpPort, from);
    connection.send("GARBAGE\r\n\r\n");
    await connection.closed;
    t.equal(connection.unread().toString("latin1").slice(0, expected.length), expected, `from ${from}: ${expected === "" ? "closed without a byte" : "400"}`);
    if (expected === "") t.equal(connection.unread().length, 0, "not one byte");
  }
});

t.test("a request whose headers never finish: 408 in the device's name when Node's header timeout fires", async (t) => {
  const { fleet, clock } = await makeFleet({ specs: [spec(CAMERA, "cam", `127.${OCTET}.4.10`, PASSWORD), spec(NVR, "nvr", `127.${OCTET}.4.11`, PASSWORD)] });
  const listeners = await HttpListeners.open(fleet, createFleetHandler({ fleet, routes: isapiRoutes(), clock }), {
    preferredPort: 0,
    fallbackPort: 0,
    logger: silentLogger,
    requestTimeouts: { headersMs: 200, requestMs: 400, checkEveryMs: 50 },
  });
  t.teardown(() => listeners.close(0));
  for (const [name, server] of [["cam", "App-webs/"], ["nvr", "DNVRS-Webs"]] as const) {
    const device = fleet.byName(name) as Device;
    const connection = await RawConnection.open(device.serving.address, device.serving.httpPort);
    connection.send("GET /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: x\r\n");
    await connection.closed;
    const reply = connection.unread().toString("latin1");
    t.match(reply, /^HTTP\/1\.1 408 Request Timeout\r\n/, `${name}: 408`);
    t.match(reply, `\r\nDate: ${deviceDate(device)}\r\nServer: ${server}\r\n`, `${name}: with the device's Date and Server`);
    t.match(reply, /\r\nConnection: close\r\n\r\n$/, `${name}: and the connection closes`);
  }
});
