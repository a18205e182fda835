import t from "tap";
import { errorOf, rawRequest, startControlFixture } from "../helpers/control-api.js";
import { openSse } from "../helpers/sse-client.js";

t.test("without a token, on loopback: only loopback Host names are answered", async (t) => {
  const { control } = await startControlFixture(t, 63);
  const port = new URL(control.url).port;
  for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, `LOCALHOST:${port}`, `127.9.9.9:${port}`, `[::1]:${port}`, "localhost"]) {
    t.equal((await rawRequest(`${control.url}/api/clock`, { headers: { host } })).status, 200, `Host ${host}`);
  }
  for (const host of [`evil.example:${port}`, `127.0.0.1.evil.example:${port}`, `192.168.1.10:${port}`, `[::2]:${port}`]) {
    const reply = await rawRequest(`${control.url}/api/clock`, { headers: { host } });
    t.equal(reply.status, 403, `Host ${JSON.stringify(host)}`);
    t.same(errorOf(reply), { code: "forbidden", message: "the control API answers loopback host names only" });
  }
  t.equal((await rawRequest(`${control.url}/`, { headers: { host: "rebound.example" } })).status, 403, "the lab console page too");
});

t.test("with a token: Authorization: Bearer is required on /api; ?token= counts on /api/events only", async (t) => {
  const token = "s3cret-token-for-tests";
  const { control } = await startControlFixture(t, 63, { token });
  t.equal(control.token, token);
  const refused = await rawRequest(`${control.url}/api/devices`);
  t.equal(refused.status, 401, "no credentials");
  t.equal(refused.headers["www-authenticate"], 'Bearer realm="hikemu"');
  t.equal(errorOf(refused).code, "unauthorized");
  for (const authorization of [`Bearer ${token}x`, `Bearer ${token.slice(0, -1)}`, `Basic ${token}`, token, "Bearer "]) {
    t.equal((await rawRequest(`${control.url}/api/devices`, { headers: { authorization } })).status, 401, `Authorization: ${authorization}`);
  }
  t.equal((await rawRequest(`${control.url}/api/devices`, { headers: { authorization: `Bearer ${token}` } })).status, 200, "the right bearer");
  t.equal((await rawRequest(`${control.url}/api/devices`, { headers: { authorization: `bearer ${token}` } })).status, 200, "the scheme is case-insensitive");
  t.equal((await rawRequest(`${control.url}/api/devices?token=${token}`)).status, 401, "?token= is not taken on other resources");
  t.equal((await rawRequest(`${control.url}/api/nothing`)).status, 401, "unknown resources under /api are not told apart without the token");
  t.equal((await rawRequest(`${control.url}/api/devices`, { headers: { authorization: `Bearer ${token}`, host: "elsewhere.example" } })).status, 200, "with a token the Host is not restricted");

  const wrong = await rawRequest(`${control.url}/api/events?token=nope`);
  t.equal(wrong.status, 401, "a wrong ?token= on the stream");
  const stream = await openSse(`${control.url}/api/events?token=${token}`);
  t.teardown(() => stream.close());
  t.equal(stream.status, 200, "?token= opens the stream (EventSource cannot send headers)");
  t.match(stream.headers["content-type"], /^text\/event-stream/);
});

t.test("the token check is not bypassed by spelling the path differently", async (t) => {
  const { control } = await startControlFixture(t, 63, { token: "another-secret" });
  for (const path of ["/API/devices", "/Api/clock", "/API/EVENTS"]) {
    t.equal((await rawRequest(`${control.url}${path}`)).status, 401, `${path}: express routes it to the API, so it needs the token`);
  }
  for (const path of ["//api/devices", "/%61pi/devices", "/api%2fdevices"]) {
    const reply = await rawRequest(`${control.url}${path}`);
    t.not(reply.status, 200, `${path} answers ${reply.status}, not the resource`);
  }
});

t.test("bodies must be JSON: other types are 415, malformed JSON 400, over 16 KiB 413", async (t) => {
  const { control, emulator } = await startControlFixture(t, 63);
  const camera = emulator.fleet.byName("camera-1")!;
  const url = `${control.url}/api/devices/camera-1/power`;
  for (const type of ["application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x", undefined]) {
    const reply = await rawRequest(url, { method: "POST", headers: type ? { "content-type": type } : {}, body: type?.startsWith("application/x-www") ? "state=off" : '{"state":"off"}' });
    t.equal(reply.status, 415, `Content-Type ${String(type)}`);
    t.same(errorOf(reply), { code: "unsupportedMediaType", message: "send the body as application/json" });
  }
  t.equal(camera.power, "running", "nothing happened");
  for (const body of ['{"state":"off"', "state=off", "'off'", '"off"', "null"]) {
    const reply = await rawRequest(url, { method: "POST", headers: { "content-type": "application/json" }, body });
    t.equal(reply.status, 400, `body ${body}`);
    t.same(errorOf(reply), { code: "badRequest", message: "the body is not valid JSON" });
  }
  const large = await rawRequest(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ state: "off", pad: "x".repeat(17 * 1024) }) });
  t.equal(large.status, 413);
  t.equal(errorOf(large).code, "bodyTooLarge");
  t.equal(camera.power, "running", "still nothing happened");
  const ok = await rawRequest(url, { method: "POST", headers: { "content-type": "application/json; charset=utf-8" }, body: '{"state":"off"}' });
  t.equal(ok.status, 200, "application/json with a charset is JSON");
  t.equal(camera.power, "off");
});

t.test("a path that is not valid percent-encoding is a 400, not a failure", async (t) => {
  const { control } = await startControlFixture(t, 63);
  for (const path of ["/api/devices/%E0%A4%A", "/api/devices/%E0%A4%A/power", "/api/devices/%zz"]) {
    const reply = await rawRequest(`${control.url}${path}`);
    t.equal(reply.status, 400, path);
    t.same(errorOf(reply), { code: "badRequest", message: "the path is not valid percent-encoding" });
  }
  const alive = await rawRequest(`${control.url}/api/devices`);
  t.equal(alive.status, 200, "and the API goes on answering");
});
