import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import { parseXml, textAt } from "../../src/http/xml.js";
import { adminPassword, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { digestHeader } from "../helpers/digest-header.js";
import { RawConnection, rawChallenge, type RawResponse } from "../helpers/raw-http.js";

const PASSWORD = "Hik12345!";
/** The fleet handler's default body limit (256 KiB); PUT /ISAPI/Security/users/<id> sets none. */
const LIMIT = 256 * 1024;
const PATH = "/ISAPI/Security/users/1";

/** A connection with a Digest challenge in hand; `head` builds a signed PUT head. */
async function signedConnection(device: Device) {
  const connection = await RawConnection.open(device.serving.address, device.serving.httpPort);
  connection.send(`GET ${PATH} HTTP/1.1\r\nHost: device\r\n\r\n`);
  const { realm, nonce } = rawChallenge(await connection.response());
  const head = (framing: string) => `PUT ${PATH} HTTP/1.1\r\nHost: device\r\nAuthorization: ${digestHeader(realm, nonce, PATH, PASSWORD, "admin", "PUT")}\r\nContent-Type: application/xml\r\n${framing}\r\n`;
  return { connection, head };
}

/** A body of exactly `size` bytes that is not XML (the route would answer badXmlFormat). */
const filler = (size: number) => Buffer.alloc(size, 0x61);

function statusOf(reply: RawResponse): [number, string | undefined, string | undefined, string | undefined] {
  const doc = parseXml(reply.body.toString("utf8")) ?? {};
  return [reply.status, textAt(doc, "ResponseStatus", "statusCode"), textAt(doc, "ResponseStatus", "subStatusCode"), reply.header("Connection")];
}

t.test("authenticated bodies over the limit: refused with 400 badXmlContent and Connection: close, just over, far over and chunked; at the limit the route reads it", async (t) => {
  const emulator = await startDefaultFleet(t, 160, new VirtualClock());
  await adminPassword(emulator, "camera-1", PASSWORD);
  const device = deviceOf(emulator, "camera-1");
  const flash = JSON.stringify(device.flash);

  {
    const { connection, head } = await signedConnection(device);
    connection.send(Buffer.concat([Buffer.from(head(`Content-Length: ${LIMIT}\r\n`)), filler(LIMIT)]));
    const reply = await connection.response();
    t.same(statusOf(reply), [400, "5", "badXmlFormat", "keep-alive"], "exactly at the limit: read, and refused by the route as not XML; the connection stays");
    connection.close();
  }
  {
    const { connection, head } = await signedConnection(device);
    connection.send(Buffer.concat([Buffer.from(head(`Content-Length: ${LIMIT + 1}\r\n`)), filler(LIMIT + 1)]));
    const reply = await connection.response();
    t.same(statusOf(reply), [400, "6", "badXmlContent", "close"], "one byte over (declared): refused before reading, Connection: close");
    t.equal(reply.header("Keep-Alive"), undefined, "no Keep-Alive on a closing reply");
    await connection.closed;
    t.pass("the device closed the connection");
  }
  {
    const { connection, head } = await signedConnection(device);
    connection.send(head("Content-Length: 100000000\r\n"));
    const reply = await connection.response();
    t.same(statusOf(reply), [400, "6", "badXmlContent", "close"], "100 MB declared: refused at once, not one body byte sent");
    await connection.closed;
    t.pass("and closed");
  }
  {
    const { connection, head } = await signedConnection(device);
    const half = LIMIT / 2;
    const chunk = (size: number) => Buffer.concat([Buffer.from(`${size.toString(16)}\r\n`), filler(size), Buffer.from("\r\n")]);
    connection.send(Buffer.concat([Buffer.from(head("Transfer-Encoding: chunked\r\n")), chunk(half), chunk(half), chunk(1), Buffer.from("0\r\n\r\n")]));
    const reply = await connection.response();
    t.same(statusOf(reply), [400, "6", "badXmlContent", "close"], "chunked, one byte over: refused once it passes the limit, Connection: close");
    await connection.closed;
    t.pass("and closed");
  }
  {
    const { connection, head } = await signedConnection(device);
    connection.send(head("Transfer-Encoding: chunked\r\n"));
    const frame = Buffer.concat([Buffer.from(`${(64 * 1024).toString(16)}\r\n`), filler(64 * 1024), Buffer.from("\r\n")]);
    let sent = 0;
    while (!connection.isClosed && sent < 64 * 1024 * 1024) {
      connection.send(frame);
      sent += frame.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await connection.closed;
    t.ok(sent < 64 * 1024 * 1024, `an endless chunked body: the device stopped reading after ${Math.round(sent / 1024)} KB`);
    t.match(connection.unread().toString("latin1"), /^HTTP\/1\.1 400 Bad Request\r\n[\s\S]*Connection: close\r\n/, "after answering 400 with Connection: close");
  }
  t.equal(JSON.stringify(device.flash), flash, "none of it changed the device's flash");
  t.equal(device.power, "running", "and the device is up");
});

t.test("a route's own limit: sessionLogin takes 8 KiB, and 8 KiB + 1 is refused before reading", async (t) => {
  const emulator = await startDefaultFleet(t, 160, new VirtualClock(), { subnet: 1 });
  const device = deviceOf(emulator, "nvr-1");
  await adminPassword(emulator, "nvr-1", PASSWORD);
  for (const [size, expected] of [
    [8192, [400, "5", "badXmlFormat", "keep-alive"]],
    [8193, [400, "6", "badXmlContent", "close"]],
  ] as const) {
    const connection = await RawConnection.open(device.serving.address, device.serving.httpPort);
    connection.send(Buffer.concat([Buffer.from(`POST /ISAPI/Security/sessionLogin?timeStamp=1 HTTP/1.1\r\nHost: nvr\r\nContent-Length: ${size}\r\n\r\n`), filler(size)]));
    t.same(statusOf(await connection.response()), expected, `${size} bytes`);
    connection.close();
  }
});

t.test("a body sent to a web page (the web app reads none): bounded like any unread body, the connection closed after the reply", async (t) => {
  const emulator = await startDefaultFleet(t, 200, new VirtualClock(), { subnet: 1 });
  const device = deviceOf(emulator, "camera-1");
  const post = (framing: string) => `POST /doc/page/login.asp HTTP/1.1\r\nHost: device\r\nContent-Type: application/octet-stream\r\n${framing}\r\n`;
  {
    const connection = await RawConnection.open(device.serving.address, device.serving.httpPort);
    connection.send(Buffer.concat([Buffer.from(post("Content-Length: 10\r\n")), filler(10)]));
    const reply = await connection.response();
    t.same([reply.status, reply.header("Connection")], [404, "keep-alive"], "a small body: the 404 page, and the connection stays");
    connection.send(`GET /doc/page/login.asp HTTP/1.1\r\nHost: device\r\n\r\n`);
    t.equal((await connection.response()).status, 200, "the next request on it is answered");
    connection.close();
  }
  {
    const connection = await RawConnection.open(device.serving.address, device.serving.httpPort);
    connection.send(post("Content-Length: 100000000\r\n"));
    const reply = await connection.response();
    t.same([reply.status, reply.header("Connection")], [404, "close"], "100 MB declared: the 404 page with Connection: close");
    await connection.closed;
    t.pass("and closed without waiting for the body");
  }
  {
    const connection = await RawConnection.open(device.serving.address, device.serving.httpPort);
    connection.send(post("Transfer-Encoding: chunked\r\n"));
    const frame = Buffer.concat([Buffer.from(`${(64 * 1024).toString(16)}\r\n`), filler(64 * 1024), Buffer.from("\r\n")]);
    connection.send(frame);
    // The reply first: once the device closes with body bytes unread its kernel resets the
    // connection, and a reset can drop a reply the client has not read yet.
    const reply = await connection.response();
    t.same([reply.status, reply.header("Connection")], [404, "close"], "a chunked body (no length): the 404 page with Connection: close");
    let sent = frame.length;
    while (!connection.isClosed && sent < 64 * 1024 * 1024) {
      connection.send(frame);
      sent += frame.length;
      await new Promise((resolve) => setImmediate(resolve));
    }
    await connection.closed;
    t.ok(sent < 64 * 1024 * 1024, `and an endless body after it: the device stopped reading after ${Math.round(sent / 1024)} KB`);
  }
});
