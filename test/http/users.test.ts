import t from "tap";
import type { Test } from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { startLoggedFleet } from "../helpers/address-fleet.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { golden } from "../helpers/golden.js";

const PASSWORD = "Hik12345!";
/** The Digest clients' source address towards 127.59.x.x (the loopback route's src). */
const CLIENT = "127.0.0.1";

/** The default fleet at 127.59.<n>.10-12, the camera (G2, asks for loginPassword) activated. */
async function camera(t: Test, n: number) {
  const clock = new VirtualClock();
  const { emulator } = await startLoggedFleet(t, [`127.59.${n}.10`, `127.59.${n}.11`, `127.59.${n}.12`], { clock });
  await adminPassword(emulator, "camera-1", PASSWORD);
  const device = emulator.fleet.byName("camera-1")!;
  const base = baseUrl(emulator, "camera-1");
  const as = (user: string, password: string) => (path: string, method?: "GET" | "PUT" | "POST" | "DELETE", body?: string) => isapiCall(base, path, user, password, method, body);
  return { clock, emulator, device, base, admin: as("admin", PASSWORD), as };
}

const newUser = (userName: string, password: string, level: string, loginPassword?: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><User><id>0</id><userName>${userName}</userName><password>${password}</password><userLevel>${level}</userLevel>${loginPassword === undefined ? "" : `<loginPassword>${loginPassword}</loginPassword>`}</User>`;
const passwordChange = (id: number, password: string, loginPassword?: string) =>
  `<User><id>${id}</id><password>${password}</password>${loginPassword === undefined ? "" : `<loginPassword>${loginPassword}</loginPassword>`}</User>`;
const flashOf = (device: Device) => JSON.stringify(device.flash);

t.test("the admin creates an Operator and a Viewer, who then log in over Digest; each sees what their level allows", async (t) => {
  const { device, admin, as } = await camera(t, 1);
  const before = flashOf(device);
  const missing = await admin("/ISAPI/Security/users", "POST", newUser("op", "Oper1234!", "Operator"));
  t.same([missing.status, missing.statusCode, missing.subStatusCode], [400, "6", "badParameters"], "the G2 camera asks for loginPassword");
  t.equal(flashOf(device), before, "nothing changed");

  const created = await admin("/ISAPI/Security/users", "POST", newUser("op", "Oper1234!", "Operator", PASSWORD));
  t.same([created.status, created.statusCode, created.subStatusCode], [200, "1", "ok"]);
  t.match(created.body, /<subStatusCode>ok<\/subStatusCode>\r\n<id>2<\/id>\r\n<\/ResponseStatus>/, "the new id follows subStatusCode");
  const viewer = await admin("/ISAPI/Security/users", "POST", newUser("viewer", "View1234!", "Viewer", PASSWORD));
  t.match(viewer.body, "<id>3</id>");

  const operator = as("op", "Oper1234!");
  t.equal((await operator("/ISAPI/System/deviceInfo")).status, 200, "the Operator logs in over Digest");
  t.equal((await as("viewer", "View1234!")("/ISAPI/System/deviceInfo")).status, 200, "so does the Viewer");
  t.equal((await as("viewer", "Oper1234!")("/ISAPI/System/deviceInfo")).status, 401, "with their own password only");

  const list = await admin("/ISAPI/Security/users");
  t.equal(list.status, 200);
  t.equal(list.body, golden("isapi/UserList.camera-1.golden.xml", list.body).toString(), "UserList: admin, op, viewer");
  t.notMatch(list.body, /password/i, "no password element");
  for (const user of device.users) {
    for (const secret of Object.values(user.credentials)) t.notOk(list.body.includes(secret), `no password material of ${user.userName}`);
  }

  const own = await operator("/ISAPI/Security/users");
  t.match(own.body, /<UserList [^>]*>\r\n<User [^>]*>\r\n<id>2<\/id>\r\n<userName>op<\/userName>/, "an Operator sees themselves");
  t.notMatch(own.body, /admin|viewer/, "and nobody else");
  const one = await operator("/ISAPI/Security/users/2");
  t.equal(one.status, 200);
  t.match(one.body, /^<\?xml[^>]*>\r\n<User version="2.0" xmlns="http:\/\/www.hikvision.com\/ver20\/XMLSchema">\r\n<id>2<\/id>\r\n<userName>op<\/userName>/);
  t.match(one.body, "<userLevel>Operator</userLevel>");
  for (const id of ["1", "3", "99"]) {
    const other = await operator(`/ISAPI/Security/users/${id}`);
    t.same([other.status, other.statusCode, other.subStatusCode], [403, "4", "lowPrivilege"], `user ${id} is not the Operator's to see`);
  }
  t.match((await admin("/ISAPI/Security/users/3")).body, "<userName>viewer</userName>", "the admin reads any user");
  t.equal((await admin("/ISAPI/Security/users/99")).subStatusCode, "badParameters", "an id nobody has");
  for (const id of ["0", "abc", "-1", "1.5"]) {
    const bad = await admin(`/ISAPI/Security/users/${id}`);
    t.same([bad.status, bad.subStatusCode], [400, "badParameters"], `id ${id}`);
  }
});

t.test("password changes: loginPassword required and checked (a wrong one counts towards the lockout); old fails, new works", async (t) => {
  const { device, admin, as } = await camera(t, 2);
  await admin("/ISAPI/Security/users", "POST", newUser("op", "Oper1234!", "Operator", PASSWORD));
  await admin("/ISAPI/Security/users", "POST", newUser("viewer", "View1234!", "Viewer", PASSWORD));
  const before = flashOf(device);

  const missing = await admin("/ISAPI/Security/users/2", "PUT", passwordChange(2, "Newop1234!"));
  t.same([missing.status, missing.subStatusCode], [400, "badParameters"], "no loginPassword");
  const attempts = device.accounts.lockoutPolicy().adminAttempts;
  const wrong = await admin("/ISAPI/Security/users/2", "PUT", passwordChange(2, "Newop1234!", "Wrong1234!"));
  t.same([wrong.status, wrong.statusCode, wrong.subStatusCode], [403, "4", "incorrectUserNameOrPassword"], "a wrong loginPassword");
  t.equal(device.accounts.failures("admin", CLIENT)?.count, 1, "counted as a failed admin login");
  t.equal(device.accounts.lockStatus(CLIENT, "admin").retriesLeft, attempts - 1, "one retry fewer before the lockout");
  const weak = await admin("/ISAPI/Security/users/2", "PUT", passwordChange(2, "abcdefgh", PASSWORD));
  t.same([weak.status, weak.statusCode, weak.subStatusCode], [403, "4", "riskPassword"], "a risky password (§2.10)");
  t.equal(flashOf(device), before, "nothing changed");
  t.equal((await as("op", "Oper1234!")("/ISAPI/System/deviceInfo")).status, 200);

  const changed = await admin("/ISAPI/Security/users/2", "PUT", passwordChange(2, "Newop1234!", PASSWORD));
  t.same([changed.status, changed.statusCode], [200, "1"]);
  t.equal(device.accounts.lockStatus(CLIENT, "admin").retriesLeft, attempts, "the right loginPassword cleared the count");
  t.equal((await as("op", "Oper1234!")("/ISAPI/System/deviceInfo")).status, 401, "the old password fails");
  const operator = as("op", "Newop1234!");
  t.equal((await operator("/ISAPI/System/deviceInfo")).status, 200, "the new one works");

  const mismatch = await admin("/ISAPI/Security/users/2", "PUT", passwordChange(3, "Other1234!", PASSWORD));
  t.equal(mismatch.subStatusCode, "badParameters", "a body id that differs from the URL's");
  for (const [path, body] of [
    ["/ISAPI/Security/users/1", passwordChange(1, "Other1234!", "Newop1234!")],
    ["/ISAPI/Security/users/3", passwordChange(3, "Other1234!", "Newop1234!")],
    ["/ISAPI/Security/users/2", "<User><id>2</id><userLevel>Administrator</userLevel></User>"],
    ["/ISAPI/Security/users/2", "<User><id>2</id><userName>boss</userName><password>Other1234!</password><loginPassword>Newop1234!</loginPassword></User>"],
  ] as const) {
    const refused = await operator(path, "PUT", body);
    t.same([refused.status, refused.statusCode, refused.subStatusCode], [403, "4", "lowPrivilege"], `the Operator: ${path} ${body}`);
  }
  const ownChange = await operator("/ISAPI/Security/users/2", "PUT", passwordChange(2, "Mine12345!", "Newop1234!"));
  t.equal(ownChange.statusCode, "1", "the Operator changes their own password");
  t.equal((await as("op", "Mine12345!")("/ISAPI/System/deviceInfo")).status, 200);
  t.equal((await as("viewer", "View1234!")("/ISAPI/System/deviceInfo")).status, 200, "the Viewer's password is untouched");
});

t.test("PUT to the list: a UserList with one User, or a bare User, changes that user (scripts change the admin password so)", async (t) => {
  const { device, admin, as } = await camera(t, 3);
  const list = `<?xml version="1.0" encoding="UTF-8"?><UserList version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"><User version="2.0" xmlns="http://www.isapi.org/ver20/XMLSchema"><id>1</id><enabled>true</enabled><userName>admin</userName><password>Chief1234!</password><loginPassword>${PASSWORD}</loginPassword><userOperateType>1</userOperateType><userLevel>Administrator</userLevel></User></UserList>`;
  const changed = await admin("/ISAPI/Security/users", "PUT", list);
  t.same([changed.status, changed.statusCode], [200, "1"]);
  t.equal((await admin("/ISAPI/System/deviceInfo")).status, 401, "the old admin password fails");
  const chief = as("admin", "Chief1234!");
  t.equal((await chief("/ISAPI/System/deviceInfo")).status, 200, "the new one works");
  const bare = await chief("/ISAPI/Security/users", "PUT", `<User><id>1</id><userName>admin</userName><password>${PASSWORD}</password><loginPassword>Chief1234!</loginPassword></User>`);
  t.equal(bare.statusCode, "1", "a bare User");
  t.equal((await admin("/ISAPI/System/deviceInfo")).status, 200, "back to the first password");

  const before = flashOf(device);
  for (const [body, status, sub] of [
    ["<UserList><User><userName>admin</userName><password>Other1234!</password></User></UserList>", 400, "badXmlContent"],
    [`<UserList><User><id>1</id><password>Other1234!</password><loginPassword>${PASSWORD}</loginPassword></User><User><id>1</id></User></UserList>`, 400, "badXmlContent"],
    ["<UserList></UserList>", 400, "badXmlContent"],
    [`<User><id>x</id><password>Other1234!</password><loginPassword>${PASSWORD}</loginPassword></User>`, 400, "badParameters"],
    [`<User><id>1</id><password>Other1234!</password><loginPassword>${PASSWORD}</loginPassword>`, 400, "badXmlFormat"],
  ] as const) {
    const refused = await admin("/ISAPI/Security/users", "PUT", body);
    t.same([refused.status, refused.subStatusCode], [status, sub], body);
  }
  t.equal(flashOf(device), before, "nothing changed");
});

t.test("delete, and what stays refused: admin undeletable and Administrator, duplicates, bad bodies and ids", async (t) => {
  const { device, admin, as } = await camera(t, 4);
  await admin("/ISAPI/Security/users", "POST", newUser("op", "Oper1234!", "Operator", PASSWORD));
  await admin("/ISAPI/Security/users", "POST", newUser("viewer", "View1234!", "Viewer", PASSWORD));
  const before = flashOf(device);
  const refusals = [
    ["DELETE", "/ISAPI/Security/users/1", undefined, 403, "invalidOperation", "admin cannot be deleted"],
    ["PUT", "/ISAPI/Security/users/1", "<User><id>1</id><userLevel>Operator</userLevel></User>", 403, "invalidOperation", "nor re-levelled"],
    ["PUT", "/ISAPI/Security/users/2", "<User><id>2</id><userLevel>Administrator</userLevel></User>", 403, "invalidOperation", "nobody else becomes Administrator"],
    ["POST", "/ISAPI/Security/users", newUser("boss", "Boss12345!", "Administrator", PASSWORD), 403, "invalidOperation", "nor is created one"],
    ["POST", "/ISAPI/Security/users", newUser("op", "Other1234!", "Viewer", PASSWORD), 403, "invalidOperation", "a name in use"],
    ["POST", "/ISAPI/Security/users", newUser("carol", "carol1234", "Viewer", PASSWORD), 403, "riskPassword", "a password containing the name"],
    ["POST", "/ISAPI/Security/users", newUser("carol", "Abcdefgh12345678!", "Viewer", PASSWORD), 400, "badXmlContent", "a password over 16 characters"],
    ["POST", "/ISAPI/Security/users", newUser("carol", "Carol1234!", "Guest", PASSWORD), 400, "badXmlContent", "an unknown level"],
    ["POST", "/ISAPI/Security/users", "<User><userName>carol</userName><userLevel>Viewer</userLevel></User>", 400, "badXmlContent", "no password"],
    ["POST", "/ISAPI/Security/users", "<Users><userName>carol</userName></Users>", 400, "badXmlContent", "no User"],
    ["POST", "/ISAPI/Security/users", "<User><userName>carol", 400, "badXmlFormat", "not XML"],
    ["PUT", "/ISAPI/Security/users/2", "<User><id>2</id>", 400, "badXmlFormat", "not XML (PUT)"],
    ["DELETE", "/ISAPI/Security/users/9", undefined, 400, "badParameters", "an id nobody has"],
    ["DELETE", "/ISAPI/Security/users/0", undefined, 400, "badParameters", "id 0"],
    ["PUT", "/ISAPI/Security/users/two", "<User><id>2</id></User>", 400, "badParameters", "not a number"],
  ] as const;
  for (const [method, path, body, status, sub, what] of refusals) {
    const refused = await admin(path, method, body);
    t.same([refused.status, refused.subStatusCode], [status, sub], what);
  }
  t.equal(flashOf(device), before, "nothing changed");

  const byOperator = await as("op", "Oper1234!")("/ISAPI/Security/users/3", "DELETE");
  t.same([byOperator.status, byOperator.subStatusCode], [403, "lowPrivilege"], "an Operator deletes nobody");
  const deleted = await admin("/ISAPI/Security/users/3", "DELETE");
  t.same([deleted.status, deleted.statusCode], [200, "1"]);
  t.equal((await as("viewer", "View1234!")("/ISAPI/System/deviceInfo")).status, 401, "the deleted user fails");
  t.same(device.users.map((u) => u.userName), ["admin", "op"]);
  t.equal((await admin("/ISAPI/System/deviceInfo")).status, 200, "admin unharmed");
});

t.test("the user limit (profile security.maxUsers) on the V5.2 camera, which asks for no loginPassword; it has no onlineUser", async (t) => {
  const emulator = await startDefaultFleet(t, 83, new VirtualClock(), { profileOf: (p) => ({ ...p, security: { ...p.security, maxUsers: 2 } }) });
  const password = await adminPassword(emulator, "legacy-camera-1", PASSWORD);
  const base = baseUrl(emulator, "legacy-camera-1");
  const legacy = emulator.fleet.byName("legacy-camera-1")!;
  const created = await isapiCall(base, "/ISAPI/Security/users", "admin", password, "POST", newUser("op", "Oper1234!", "Operator"));
  t.same([created.status, created.statusCode], [200, "1"], "no loginPassword on V5.2");
  t.match(created.body, 'xmlns="http://www.hikvision.com/ver20/XMLSchema"');
  const before = flashOf(legacy);
  const full = await isapiCall(base, "/ISAPI/Security/users", "admin", password, "POST", newUser("viewer", "View1234!", "Viewer"));
  t.same([full.status, full.statusCode, full.subStatusCode], [403, "4", "invalidOperation"], "the device is full");
  t.equal(flashOf(legacy), before, "nothing changed");
  const online = await isapiCall(base, "/ISAPI/Security/onlineUser", "admin", password);
  t.same([online.status, online.subStatusCode], [403, "notSupport"], "SecurityCap without isSupportOnlineUser: no such resource (403 on pre-V5.7 firmware)");
});

t.test("onlineUser lists the Digest clients, with login time and address, and nothing secret; administrators only", async (t) => {
  const { clock, device, admin, as } = await camera(t, 5);
  await admin("/ISAPI/Security/users", "POST", newUser("viewer", "View1234!", "Viewer", PASSWORD));
  const adminLogin = clock.now();
  await clock.advance(65_000);
  const viewer = as("viewer", "View1234!");
  t.equal((await viewer("/ISAPI/System/deviceInfo")).status, 200);
  const viewerLogin = clock.now();

  const online = await admin("/ISAPI/Security/onlineUser");
  t.equal(online.status, 200);
  t.match(online.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\r\n<OnlineUserList version="2.0" xmlns="http:\/\/www.hikvision.com\/ver20\/XMLSchema">\r\n<OnlineUser /);
  const entries = [...online.body.matchAll(/<OnlineUser [^>]*>([\s\S]*?)<\/OnlineUser>/g)].map((m) => m[1] ?? "");
  const field = (entry: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(entry)?.[1];
  const rows = entries.map((e) => ({ userName: field(e, "userName"), userType: field(e, "userType"), clientType: field(e, "clientType"), ipAddress: field(e, "ipAddress"), loginTime: field(e, "loginTime") }));
  // On the device's own clock: never set, it counts from 1970 since the fleet started, in its factory zone UTC+08:00.
  const started = clock.now() - device.deviceTime();
  const iso = (ms: number) => `${new Date(ms - started + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
  t.same(rows, [
    { userName: "admin", userType: "Administrator", clientType: "api", ipAddress: CLIENT, loginTime: iso(adminLogin) },
    { userName: "viewer", userType: "Viewer", clientType: "api", ipAddress: CLIENT, loginTime: iso(viewerLogin) },
  ]);
  t.match(rows[0]?.loginTime, /^1970-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/, "ISAPI time on the device clock, no milliseconds");
  const ids = entries.map((e) => Number(field(e, "id")));
  t.ok(ids.every((id) => id >= 65536), `large ids as devices show them (§2.8): ${ids.join(", ")}`);
  t.notMatch(online.body, /password|nonce|session|View1234|Hik12345/i, "nothing secret");
  for (const user of device.users) {
    for (const secret of Object.values(user.credentials)) t.notOk(online.body.includes(secret), `no password material of ${user.userName}`);
  }
  const refused = await viewer("/ISAPI/Security/onlineUser");
  t.same([refused.status, refused.statusCode, refused.subStatusCode], [403, "4", "lowPrivilege"], "a Viewer may not list them");
});
