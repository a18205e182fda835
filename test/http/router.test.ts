import t from "tap";
import { ANY_USER, PUBLIC, RouteTable, type Route } from "../../src/http/router.js";
import { profile, CAMERA, LEGACY } from "../helpers/harness.js";

const reply = (body: string) => () => ({ status: 200, contentType: "text/plain", body });
const route = (method: Route["method"], path: string, extra: Partial<Route> = {}): Route => ({ method, path, auth: ANY_USER, handler: reply(path), ...extra });

t.test("literal paths match case-insensitively; methods are told apart", (t) => {
  const table = new RouteTable().add(route("GET", "/ISAPI/System/deviceInfo"), route("PUT", "/ISAPI/System/deviceInfo"));
  const camera = profile(CAMERA);
  const found = table.find("GET", "/isapi/system/DEVICEINFO", camera);
  t.equal(found.kind, "found");
  t.equal(table.find("DELETE", "/ISAPI/System/deviceInfo", camera).kind, "wrongMethod");
  t.equal(table.find("GET", "/ISAPI/System/deviceInfo/", camera).kind, "none", "a trailing slash is another resource");
  t.throws(() => table.add(route("GET", "/isapi/system/deviceinfo")), /defined twice/);
  t.end();
});

t.test("<id> segments match one segment each, decoded, in the client's case", (t) => {
  const table = new RouteTable().add(
    route("GET", "/ISAPI/Security/users/<id>"),
    route("PUT", "/ISAPI/Security/users/<id>"),
    route("GET", "/ISAPI/ContentMgmt/InputProxy/channels/<id>/status"),
  );
  const camera = profile(CAMERA);
  const user = table.find("PUT", "/ISAPI/Security/Users/AbC%20d", camera);
  t.equal(user.kind, "found");
  if (user.kind === "found") t.same(user.params, { id: "AbC d" });
  const channel = table.find("GET", "/ISAPI/ContentMgmt/InputProxy/channels/3/status", camera);
  if (channel.kind === "found") t.same(channel.params, { id: "3" });
  else t.fail("channel status not found");
  t.equal(table.find("GET", "/ISAPI/Security/users/", camera).kind, "none", "an empty segment is not an id");
  t.equal(table.find("GET", "/ISAPI/Security/users/1/extra", camera).kind, "none");
  t.equal(table.find("DELETE", "/ISAPI/Security/users/1", camera).kind, "wrongMethod");
  t.same(table.find("POST", "/ISAPI/Security/users/1", camera), { kind: "wrongMethod", allowed: ["GET", "HEAD", "PUT"] }, "with the methods it takes, HEAD with GET");
  const head = table.find("HEAD", "/ISAPI/Security/users/7", camera);
  const get = table.find("GET", "/ISAPI/Security/users/7", camera);
  t.ok(head.kind === "found" && get.kind === "found" && head.route === get.route, "HEAD finds the GET route");
  t.same(head.kind === "found" ? head.params : undefined, { id: "7" });
  t.same(new RouteTable().add(route("POST", "/ISAPI/Security/users")).find("HEAD", "/ISAPI/Security/users", camera), { kind: "wrongMethod", allowed: ["POST"] }, "HEAD where there is no GET is a wrong method");
  t.throws(() => table.add(route("GET", "/ISAPI/security/USERS/<id>")), /defined twice/);
  t.end();
});

t.test("a route the model's firmware lacks does not exist on it", (t) => {
  const table = new RouteTable().add(route("GET", "/SDK/activateStatus", { auth: PUBLIC, availableOn: (p) => p.activation.mode === "rsa" }));
  t.equal(table.find("GET", "/SDK/activateStatus", profile(CAMERA)).kind, "found");
  t.equal(table.find("GET", "/SDK/activateStatus", profile(LEGACY)).kind, "none");
  t.equal(table.find("PUT", "/SDK/activateStatus", profile(LEGACY)).kind, "none", "not even a wrong method");
  t.end();
});
