import t from "tap";
import { createHash } from "node:crypto";
import { connect } from "node:net";
import { VirtualClock } from "../../src/emulator/clock.js";
import { WEB_CSP } from "../../src/http/web/web-app.js";
import { LOGIN_PAGE } from "../../src/http/web/web-root.js";
import { adminPassword, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { RawConnection, type RawResponse } from "../helpers/raw-http.js";

/** One request on its own connection, as a port scanner or a browser's first visit sends it. */
async function exchange(host: string, port: number, request: string, options: { head?: boolean; from?: string } = {}): Promise<{ reply: RawResponse; closed: Promise<boolean> }> {
  const connection = await RawConnection.open(host, port, options.from);
  t.teardown(() => connection.close());
  connection.send(request);
  const reply = await connection.response({ head: options.head ?? false });
  // Resolves once the server closed the connection (`Connection: close`); a kept-alive one never does.
  return { reply, closed: connection.closed.then(() => connection.unread().length === 0) };
}

/** What a dropped connection looks like to a client: closed before any byte of an answer. */
async function silence(host: string, port: number, request: string, from?: string): Promise<string> {
  const connection = await RawConnection.open(host, port, from);
  t.teardown(() => connection.close());
  connection.send(request);
  await connection.closed;
  return connection.unread().toString("latin1");
}

const names = (reply: RawResponse) => reply.headers.map(([name]) => name);

t.test("GET / HTTP/1.0: status line, the profile's headers in its order, a page that sends the browser to the login page", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 195, clock);
  for (const name of ["camera-1", "legacy-camera-1", "nvr-1"]) {
    const device = deviceOf(emulator, name);
    const { address, httpPort } = device.serving;
    const { reply, closed } = await exchange(address, httpPort, "GET / HTTP/1.0\r\n\r\n");
    t.match(reply.head, /^HTTP\/1\.0 200 OK\r\n/, `${name}: an HTTP/1.0 status line`);
    t.same(names(reply), device.profile.web.rootHeaders, `${name}: exactly web.rootHeaders, in order`);
    t.equal(reply.header("Server"), device.profile.isapi.server, `${name}: the firmware's banner`);
    t.match(reply.header("Date") ?? "", /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/, `${name}: an HTTP date`);
    t.equal(new Date(reply.header("Date") ?? "").getTime(), Math.floor(device.time.wallClock() / 1000) * 1000, `${name}: the device's own clock`);
    t.equal(reply.header("Content-Type"), "text/html");
    t.equal(reply.header("Connection"), "close");
    t.equal(Number(reply.header("Content-Length")), reply.body.length, `${name}: Content-Length frames the body`);
    const body = reply.body.toString("utf8");
    t.match(body, new RegExp(`<meta http-equiv="refresh" content="0; url=${LOGIN_PAGE}">`), `${name}: refreshes to the login page`);
    t.match(body, new RegExp(`<a href="${LOGIN_PAGE}">`), `${name}: and links to it`);
    t.ok(await closed, `${name}: the server closes after an HTTP/1.0 answer, nothing after the body`);
  }

  const nvr = deviceOf(emulator, "nvr-1");
  const { reply } = await exchange(nvr.serving.address, nvr.serving.httpPort, "GET / HTTP/1.0\r\n\r\n");
  t.same(names(reply), ["Date", "Server", "ETag", "Content-Length", "Content-Type", "Connection", "Last-Modified"], "the NVR's DNVRS-Webs reply");
  t.equal(reply.header("Server"), "DNVRS-Webs");
  t.match(reply.header("ETag") ?? "", /^"[a-f\d-]+"$/, "an ETag of hex digits and dashes");
  t.match(reply.header("Last-Modified") ?? "", / GMT$/);
  t.equal(new Date(reply.header("Last-Modified") ?? "").getUTCFullYear(), 2000 + Number(nvr.profile.firmware.build.slice(0, 2)), "last modified when the firmware was built");
  const camera = deviceOf(emulator, "camera-1");
  const cameraReply = (await exchange(camera.serving.address, camera.serving.httpPort, "GET / HTTP/1.0\r\n\r\n")).reply;
  t.same(names(cameraReply).slice(0, 2), ["Date", "Server"], "the camera: Date then Server first");
  t.equal(cameraReply.header("Server"), "App-webs/");
});

t.test("HTTP/1.1 GET / and HEAD /: the same headers, HEAD without a body", async (t) => {
  const emulator = await startDefaultFleet(t, 195, new VirtualClock(), { subnet: 1 });
  for (const name of ["camera-1", "nvr-1"]) {
    const device = deviceOf(emulator, name);
    const { address, httpPort } = device.serving;
    const get = (await exchange(address, httpPort, `GET / HTTP/1.1\r\nHost: ${address}\r\n\r\n`)).reply;
    t.match(get.head, /^HTTP\/1\.1 200 OK\r\n/, `${name}: HTTP/1.1 is answered in HTTP/1.1`);
    t.same(names(get), device.profile.web.rootHeaders, `${name}: web.rootHeaders in order`);
    t.match(get.body.toString("utf8"), /url=\/doc\/page\/login\.asp/);
    const head = await exchange(address, httpPort, `HEAD / HTTP/1.1\r\nHost: ${address}\r\n\r\n`, { head: true });
    t.match(head.reply.head, /^HTTP\/1\.1 200 OK\r\n/, `${name}: HEAD`);
    t.same(names(head.reply), names(get), `${name}: HEAD has GET's headers`);
    t.equal(head.reply.header("Content-Length"), get.header("Content-Length"), `${name}: and GET's length`);
    t.ok(await head.closed, `${name}: Connection: close is kept, no body after HEAD`);
    const head10 = await exchange(address, httpPort, "HEAD / HTTP/1.0\r\n\r\n", { head: true });
    t.match(head10.reply.head, /^HTTP\/1\.0 200 OK\r\n/, `${name}: HEAD in HTTP/1.0`);
    t.equal(head10.reply.header("Content-Length"), get.header("Content-Length"));
    t.equal(head10.reply.body.length, 0);
  }
});

t.test("pages, the 404 page, favicon; /ISAPI and /SDK never reach the web app", async (t) => {
  const emulator = await startDefaultFleet(t, 195, new VirtualClock(), { subnet: 2 });
  for (const name of ["camera-1", "nvr-1"]) {
    const device = deviceOf(emulator, name);
    const { address, httpPort } = device.serving;
    const base = `http://${address}:${httpPort}`;
    const login = await fetch(`${base}${LOGIN_PAGE}`);
    t.equal(login.status, 200, `${name}: the login page`);
    t.equal(login.headers.get("content-type"), "text/html; charset=utf-8", `${name}: .asp is HTML`);
    t.equal(login.headers.get("content-security-policy"), WEB_CSP, `${name}: under the CSP`);
    t.equal(login.headers.get("server"), device.profile.isapi.server, `${name}: with the device's banner`);
    t.match(await login.text(), /<title>Login<\/title>/);

    const missing = await fetch(`${base}/doc/page/nothing-here.asp`);
    t.equal(missing.status, 404, `${name}: an unknown page`);
    t.match(missing.headers.get("content-type") ?? "", /^text\/html/);
    t.equal(missing.headers.get("server"), device.profile.isapi.server);
    t.match(await missing.text(), /<h1>404 Not Found<\/h1>/, `${name}: the 404 page`);
    const outside = await fetch(`${base}/cgi-bin/anything`);
    t.equal(outside.status, 404, `${name}: any other path outside the API`);
    t.match(await outside.text(), /404 Not Found/);

    const icon = await fetch(`${base}/favicon.ico`);
    t.equal(icon.status, 200, `${name}: /favicon.ico`);
    t.equal(icon.headers.get("content-type"), "image/svg+xml");
    t.match(await icon.text(), /^<svg/);

    // Activated, so the device API's answer to a stranger is its challenge (a factory-new one refuses 403).
    await adminPassword(emulator, name, "Hik12345!");
    const known = await (await fetch(`${base}/ISAPI/System/deviceInfo`)).text();
    for (const path of ["/ISAPI/Web/nothing", "/ISAPI/doc/page/login.asp", "/SDK/nothing", "/isapi/nothing", "/ISAPI"]) {
      const reply = await fetch(`${base}${path}`);
      t.equal(reply.status, 401, `${name} ${path}: the device API challenges`);
      t.match(reply.headers.get("www-authenticate") ?? "", /^Digest /, `${name} ${path}: a Digest challenge`);
      t.notOk(reply.headers.get("content-security-policy"), `${name} ${path}: never the web app`);
      t.equal(await reply.text(), known, `${name} ${path}: the body a known ISAPI resource refuses with, not the 404 page`);
    }
    const activate = await fetch(`${base}/SDK/activateStatus`);
    t.equal(activate.status, 200, `${name}: a public SDK resource still answers`);
    t.match(await activate.text(), /<Activated>/);
  }
});

t.test("a device that is off or behind its IP filter says nothing on the web either", async (t) => {
  const emulator = await startDefaultFleet(t, 195, new VirtualClock(), { subnet: 3 });
  const camera = deviceOf(emulator, "camera-1");
  const nvr = deviceOf(emulator, "nvr-1");
  await camera.security.setIpFilter({ enabled: true, permission: "deny", rules: [{ id: 1, kind: "specific", address: "127.195.3.200" }] }, "test");
  const { address, httpPort } = camera.serving;
  t.equal(await silence(address, httpPort, "GET / HTTP/1.0\r\n\r\n", "127.195.3.200"), "", "the filtered address: closed without a byte");
  t.equal(await silence(address, httpPort, `GET ${LOGIN_PAGE} HTTP/1.1\r\nHost: x\r\n\r\n`, "127.195.3.200"), "", "no login page either");
  const admitted = await exchange(address, httpPort, "GET / HTTP/1.0\r\n\r\n", { from: "127.195.3.201" });
  t.equal(admitted.reply.status, 200, "another address is answered");

  const n = nvr.serving;
  const early = await RawConnection.open(n.address, n.httpPort);
  t.teardown(() => early.close());
  nvr.powerOff();
  early.send(`GET ${LOGIN_PAGE} HTTP/1.1\r\nHost: x\r\n\r\n`);
  await early.closed;
  t.equal(early.unread().length, 0, "a connection opened before power-off: closed without a byte");
  const refused = await RawConnection.open(n.address, n.httpPort).then(
    (c) => (c.close(), "connected"),
    (error: NodeJS.ErrnoException) => error.code,
  );
  t.equal(refused, "ECONNREFUSED", "a powered-off NVR: its port refuses, as an unplugged box does");
  nvr.powerOn();
});

t.test("pipelined: an HTTP/1.0 GET / after a page request answers after that page's reply, then closes", async (t) => {
  const emulator = await startDefaultFleet(t, 200, new VirtualClock());
  for (const name of ["camera-1", "nvr-1"]) {
    const { address, httpPort } = deviceOf(emulator, name).serving;
    const connection = await RawConnection.open(address, httpPort);
    t.teardown(() => connection.close());
    // One write: the second request is queued in Node's server behind the first (a pipelined reply).
    connection.send(`GET ${LOGIN_PAGE} HTTP/1.1\r\nHost: ${address}\r\n\r\nGET / HTTP/1.0\r\n\r\n`);
    const login = await connection.response();
    t.match(login.head, /^HTTP\/1\.1 200 OK\r\n/, `${name}: the login page's reply comes first`);
    t.match(login.body.toString("utf8"), /<title>Login<\/title>/, `${name}: with the whole login page`);
    const root = await connection.response();
    t.match(root.head, /^HTTP\/1\.0 200 OK\r\n/, `${name}: then the HTTP/1.0 root reply`);
    t.match(root.body.toString("utf8"), /url=\/doc\/page\/login\.asp/);
    await connection.closed;
    t.equal(connection.unread().length, 0, `${name}: and the connection closes after it`);
  }
});

t.test("after the HTTP/1.0 root reply the device closes the connection whole and handles nothing pipelined behind it", async (t) => {
  const emulator = await startDefaultFleet(t, 200, new VirtualClock(), { subnet: 4 });
  const camera = deviceOf(emulator, "camera-1");
  const password = await adminPassword(emulator, "camera-1", "Hik12345!");
  const { address, httpPort } = camera.serving;
  const authorization = `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`;
  // A client that keeps its side open (allowHalfOpen) and pipelines an authenticated reboot. When
  // the device's FIN arrives it keeps sending: a device that only half-closed would take the bytes
  // for ever; one that closed its socket answers the first with a reset, and the next write fails.
  const received = await new Promise<string>((resolve, reject) => {
    const socket = connect({ host: address, port: httpPort, allowHalfOpen: true });
    let bytes = "";
    const stuck = setTimeout(() => {
      socket.destroy();
      reject(new Error("the device kept the connection open"));
    }, 10_000);
    socket.on("data", (chunk: Buffer) => (bytes += chunk.toString("latin1")));
    socket.on("end", () => {
      const probe = setInterval(() => (socket.destroyed ? clearInterval(probe) : socket.write("\r\n")), 50);
      socket.once("close", () => clearInterval(probe));
    });
    socket.on("error", () => undefined);
    socket.on("close", () => {
      clearTimeout(stuck);
      resolve(bytes);
    });
    socket.write(`GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nPUT /ISAPI/System/reboot HTTP/1.1\r\nHost: ${address}\r\nAuthorization: ${authorization}\r\nContent-Length: 0\r\n\r\n`);
  });
  t.match(received, /^HTTP\/1\.0 200 OK\r\n/, "the root reply");
  t.equal(received.match(/HTTP\/1\.\d /g)?.length, 1, "and nothing else");
  t.equal(camera.power, "running", "the pipelined reboot was not carried out");
});

t.test("forge.min.js: a strong ETag of the bundle, and a 304 to a matching If-None-Match", async (t) => {
  const emulator = await startDefaultFleet(t, 200, new VirtualClock(), { subnet: 2 });
  const device = deviceOf(emulator, "camera-1");
  const url = `http://${device.serving.address}:${device.serving.httpPort}/doc/script/lib/forge.min.js`;
  const first = await fetch(url);
  t.equal(first.status, 200);
  const body = Buffer.from(await first.arrayBuffer());
  t.ok(body.length > 100_000, "the whole bundle");
  const etag = first.headers.get("etag") ?? "";
  t.equal(etag, `"${createHash("sha256").update(body).digest("base64url")}"`, "a strong ETag: the bundle's SHA-256");
  t.equal(first.headers.get("content-type"), "text/javascript; charset=utf-8");

  // Raw requests: fetch adds `Cache-Control: no-cache` to a conditional request, which a browser
  // revalidating its cache does not send (and which rightly makes the server send the file again).
  const conditional = async (address: string, port: number, ifNoneMatch: string, extra = "") => {
    const connection = await RawConnection.open(address, port);
    t.teardown(() => connection.close());
    connection.send(`GET /doc/script/lib/forge.min.js HTTP/1.1\r\nHost: ${address}\r\nIf-None-Match: ${ifNoneMatch}\r\n${extra}\r\n`);
    const reply = await connection.response();
    connection.close();
    return reply;
  };
  const { address, httpPort } = device.serving;
  for (const [what, ifNoneMatch] of [
    ["the same ETag", etag],
    ["its weak form", `W/${etag}`],
    ["a list holding it", `"old", ${etag}`],
  ] as const) {
    const again = await conditional(address, httpPort, ifNoneMatch);
    t.equal(again.status, 304, `${what}: 304 Not Modified`);
    t.equal(again.header("ETag"), etag, `${what}: with the ETag`);
    t.equal(again.header("Content-Length"), undefined, `${what}: no body`);
    t.equal(again.header("Server"), device.profile.isapi.server, `${what}: the device's banner`);
  }
  const other = await conditional(address, httpPort, '"something-else"');
  t.equal(other.status, 200, "another ETag: the bundle again");
  t.same(other.body, body);
  const reload = await conditional(address, httpPort, etag, "Cache-Control: no-cache\r\n");
  t.equal(reload.status, 200, "a reload (Cache-Control: no-cache): the bundle again");
  t.same(reload.body, body);
  const nvr = deviceOf(emulator, "nvr-1");
  const fromNvr = await conditional(nvr.serving.address, nvr.serving.httpPort, etag);
  t.equal(fromNvr.status, 304, "every device serves the same bundle under the same ETag");
});
