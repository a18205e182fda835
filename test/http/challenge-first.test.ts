import t from "tap";
import { connect } from "node:net";
import { request } from "urllib";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { requestsDigest } from "../helpers/requests-digest.js";

const PASSWORD = "Hik12345!";

t.test("challenge before revealing: unknown paths and wrong methods get the 401 first, then 404 / 405", async (t) => {
  const emulator = await startDefaultFleet(t, 36);
  for (const name of ["camera-1", "legacy-camera-1", "nvr-1"]) {
    const password = await adminPassword(emulator, name, PASSWORD);
    const base = baseUrl(emulator, name);
    // A missing resource is 404 on the V5.7 camera, 403 on older firmware (profile isapi.replies).
    const missing = emulator.fleet.byName(name)?.profile.isapi.replies.unknownResourceStatus ?? 0;
    for (const [method, path, status, sub] of [
      // A path no firmware has (this was /ISAPI/System/status until issue #10 served it).
      ["GET", "/ISAPI/System/noSuchResource", missing, "notSupport"],
      ["PUT", "/ISAPI/System/deviceInfo", 405, "methodNotAllowed"],
    ] as const) {
      const init = method === "PUT" ? { method, body: "<DeviceInfo/>" } : { method };
      const anonymous = await fetch(`${base}${path}`, init);
      t.equal(anonymous.status, 401, `${name} ${method} ${path}: 401 without credentials`);
      t.match(anonymous.headers.get("www-authenticate"), /^Digest .*nonce="[0-9a-f]{32}"/, "with the Digest challenge");

      const urllib = await request(`${base}${path}`, { method, digestAuth: `admin:${password}`, dataType: "text", ...(method === "PUT" ? { content: "<DeviceInfo/>" } : {}) });
      t.equal(urllib.status, status, `${name} ${method} ${path}: ${status} after Digest (urllib)`);
      t.match(String(urllib.data), new RegExp(`<ResponseStatus [^>]*>[\\s\\S]*<subStatusCode>${sub}</subStatusCode>`));
      t.equal(urllib.headers["allow"], status === 405 ? "GET, HEAD" : undefined, "a 405 names the methods the resource takes (RFC 9110), HEAD with GET");

      const { first, final } = await requestsDigest(`${base}${path}`, "admin", password, init);
      t.equal(first.status, 401, "requests' Digest sees a 401 and so sends credentials");
      t.equal(final.status, status, `${name} ${method} ${path}: ${status} through the requests sequence`);
      t.match(await final.text(), `<subStatusCode>${sub}</subStatusCode>`);

      const wrong = await requestsDigest(`${base}${path}`, "admin", "Wrong1234!", init);
      t.equal(wrong.final.status, 401, "a wrong password learns nothing about the path");
    }
  }
});

/** Sends raw HTTP and resolves with the first response head, without ever sending a body. */
function headOnly(host: string, port: number, head: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, host, () => socket.write(head));
    let data = "";
    socket.on("data", (chunk) => {
      data += chunk.toString("latin1");
      if (data.includes("\r\n\r\n")) {
        socket.destroy();
        resolve(data);
      }
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(data));
  });
}

t.test("bodies: refused by declared size before reading, and never read before authentication", async (t) => {
  const emulator = await startDefaultFleet(t, 37);
  await adminPassword(emulator, "camera-1", PASSWORD);
  const camera = emulator.fleet.byName("camera-1")!;
  const { address, httpPort } = camera.serving;

  // A public resource announcing 10 MB: answered at once, the body never sent.
  const tooLarge = await headOnly(address, httpPort, `PUT /ISAPI/System/activate HTTP/1.1\r\nHost: x\r\nContent-Length: 10000000\r\n\r\n`);
  t.match(tooLarge, /^HTTP\/1\.1 400 /, "400 before any body byte");
  t.match(tooLarge, /Connection: close/i, "and the connection is closed, the body unread");

  // A protected resource announcing a body: the challenge comes first, the body is not awaited.
  const protectedPut = await headOnly(address, httpPort, `PUT /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n`);
  t.match(protectedPut, /^HTTP\/1\.1 401 /, "401 before any body byte");
  t.match(protectedPut, /WWW-Authenticate: Digest /i);
  t.notMatch(protectedPut, /Connection: close/i, "a body within the limit may be skipped: the connection stays for the Digest retry");

  const hugeAnonymous = await headOnly(address, httpPort, `PUT /ISAPI/System/deviceInfo HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n`);
  t.match(hugeAnonymous, /^HTTP\/1\.1 401 /);
  t.match(hugeAnonymous, /Connection: close/i, "a 100 MB body is not read after the 401: the connection closes");
});

/** Streams a chunked body until the server closes the connection or `cap` bytes are written. */
function chunkedFlood(host: string, port: number, path: string, cap: number): Promise<{ head: string; written: number; closed: boolean }> {
  return new Promise((resolve) => {
    const socket = connect(port, host);
    let head = "";
    let written = 0;
    let closed = false;
    const chunk = Buffer.alloc(64 * 1024, 0x41);
    const frame = Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from("\r\n")]);
    socket.on("data", (d) => (head += d.toString("latin1")));
    socket.on("error", () => undefined);
    socket.on("close", () => {
      closed = true;
      resolve({ head, written, closed });
    });
    socket.on("connect", () => {
      socket.write(`PUT ${path} HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n`);
      const pump = () => {
        while (!closed && written < cap) {
          written += chunk.length;
          if (!socket.write(frame)) return void socket.once("drain", pump);
        }
        if (!closed) {
          socket.destroy();
          resolve({ head, written, closed: false });
        }
      };
      pump();
    });
  });
}

t.test("a chunked body past the limit is refused at once, and the server stops reading soon after", async (t) => {
  const emulator = await startDefaultFleet(t, 46);
  const camera = emulator.fleet.byName("camera-1")!;
  const cap = 64 * 1024 * 1024;
  const flood = await chunkedFlood(camera.serving.address, camera.serving.httpPort, "/ISAPI/System/activate", cap);
  t.match(flood.head, /^HTTP\/1\.1 400 /, "400 while the client is still sending");
  t.match(flood.head, /Connection: close/i);
  t.ok(flood.closed, "the server closed the connection");
  t.ok(flood.written < cap, `the client could not push the whole ${cap / 1024 / 1024} MB (stopped after ${Math.round(flood.written / 1024)} KB)`);
});
