import t, { type Test } from "tap";
import { createHash } from "node:crypto";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import { parseLogSearch } from "../../src/http/isapi/log-search.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";
import { SourceClient } from "../helpers/source-client.js";

const OCTET = 138;
const PASSWORD = "Hik12345!";
const SEARCH = "/ISAPI/ContentMgmt/logSearch";
const START = Date.UTC(2024, 4, 1, 12, 0, 0);

function client(t: Test, device: Device, localAddress: string): SourceClient {
  const c = new SourceClient({ host: device.serving.address, port: device.serving.httpPort, realm: device.identity.realm }, localAddress);
  t.teardown(() => c.close());
  return c;
}

interface Search {
  readonly searchID?: string;
  readonly max?: number;
  readonly position?: number;
  readonly metaId?: string;
  readonly descriptors?: readonly string[];
  readonly spans?: readonly (readonly [string, string])[];
}

/** A CMSearchDescription as the web UI and scripts send it (searchResultPostion, Hikvision's spelling). */
function searchBody(s: Search): string {
  const spans = s.spans ? `<timeSpanList>${s.spans.map(([a, b]) => `<timeSpan><startTime>${a}</startTime><endTime>${b}</endTime></timeSpan>`).join("")}</timeSpanList>` : "";
  const descriptors = s.descriptors ? `<metadataList>${s.descriptors.map((d) => `<metadataDescriptor>${d}</metadataDescriptor>`).join("")}</metadataList>` : "";
  return `<?xml version="1.0" encoding="utf-8"?><CMSearchDescription><searchID>${s.searchID ?? "C9827E2B-D5B0-0001-9EBE-9863157012FC"}</searchID>${s.metaId === undefined ? "" : `<metaId>${s.metaId}</metaId>`}${spans}<maxResults>${s.max ?? 100}</maxResults><searchResultPostion>${s.position ?? 0}</searchResultPostion>${descriptors}</CMSearchDescription>`;
}

const element = (text: string, name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1];

/** The logDescriptors of a reply, each as its elements in order. */
function descriptorsOf(body: string): Record<string, string>[] {
  return [...body.matchAll(/<logDescriptor>\r\n([\s\S]*?)<\/logDescriptor>/g)].map((m) => Object.fromEntries([...(m[1] as string).matchAll(/<(\w+)>([^<]*)<\/\1>/g)].map((e) => [e[1] as string, e[2] as string])));
}

t.test("failed logins, a user change and a reboot over real sockets appear in logSearch with their types, users and addresses; paging, type and time filters", async (t) => {
  const clock = new VirtualClock(START);
  const emulator = await startDefaultFleet(t, OCTET, clock);
  const camera = emulator.fleet.byName("camera-1")!;
  await adminPassword(emulator, "camera-1", PASSWORD);

  await clock.advance(60_000);
  // Entries carry the device's wall clock (never set here: it counts from 1970), not the host's.
  const failedAt = camera.deviceTime();
  const intruder = client(t, camera, "127.138.0.50");
  t.equal((await intruder.digest("/ISAPI/System/deviceInfo", "admin", "Wrong123!")).status, 401);
  t.equal((await intruder.digest("/ISAPI/System/deviceInfo", "admin", "Wrong456!")).status, 401);

  await clock.advance(60_000);
  const admin = client(t, camera, "127.138.0.51");
  const user = `<?xml version="1.0" encoding="UTF-8"?><User><id>0</id><userName>op1</userName><password>Oper1234!</password><userLevel>Operator</userLevel><loginPassword>${PASSWORD}</loginPassword></User>`;
  t.equal((await admin.digest("/ISAPI/Security/users", "admin", PASSWORD, "POST", user)).status, 200, "user created");
  await clock.advance(60_000);
  const rebootAt = camera.deviceTime();
  t.equal((await admin.digest("/ISAPI/System/reboot", "admin", PASSWORD, "PUT")).status, 200, "reboot accepted");
  await emulator.http.settled();
  await clock.advance(camera.readyAt - clock.now());
  t.equal(camera.power, "running", "back up");

  const reader = client(t, camera, "127.138.0.52");
  const all = await reader.digest(SEARCH, "admin", PASSWORD, "POST", searchBody({}));
  t.equal(all.status, 200);
  t.match(all.headers["content-type"], /application\/xml/);
  t.match(all.body, /^<\?xml version="1.0" encoding="UTF-8"\?>\r\n<CMSearchResult version="1.0" xmlns="http:\/\/www.hikvision.com\/ver20\/XMLSchema">\r\n<searchID>\{c9827e2b-d5b0-0001-9ebe-9863157012fc\}<\/searchID>\r\n<responseStatus>true<\/responseStatus>\r\n<responseStatusStrg>OK<\/responseStatusStrg>\r\n<numOfMatches>8<\/numOfMatches>\r\n<matchList>\r\n<searchMatchItem>\r\n<logDescriptor>\r\n<metaId>/, "CMSearchResult, element order as real replies");
  t.notMatch(all.body, /totalMatches/, "cameras: no totalMatches (profile)");
  const rows = descriptorsOf(all.body);
  t.same(
    rows.map((r) => [r["metaId"], r["userName"], r["ipAddress"], r["paraType"], r["additionInformation"]]),
    [
      ["log.hikvision.com/Operation/remoteSetDeviceActive", undefined, undefined, "", "via isapi"],
      ["log.hikvision.com/Exception/illlegealAccess", "admin", "127.138.0.50", "", undefined],
      ["log.hikvision.com/Exception/illlegealAccess", "admin", "127.138.0.50", "", undefined],
      ["log.hikvision.com/Operation/remoteLogin", "admin", "127.138.0.51", "", undefined],
      ["log.hikvision.com/Operation/remoteCfgPara", "admin", "127.138.0.51", "user", "created op1"],
      ["log.hikvision.com/Operation/remoteReboot", "admin", "127.138.0.51", "", undefined],
      ["log.hikvision.com/Operation/devicePowerOn", undefined, undefined, "", undefined],
      ["log.hikvision.com/Operation/remoteLogin", "admin", "127.138.0.52", "", undefined],
    ],
    "every entry, oldest first",
  );
  t.equal(camera.time.offsetMinutes, 480, "the factory zone CST-8:00:00 (UTC+08:00)");
  t.equal(rows[1]!["StartDateTime"], `${new Date(failedAt + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`, "StartDateTime: the device wall clock and zone when it happened");
  t.equal(rows[5]!["StartDateTime"], `${new Date(rebootAt + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`);

  // Paging: pages of 3 join up to the whole; MORE until the last page, which says OK.
  const pages: Record<string, string>[][] = [];
  const statuses: (string | undefined)[] = [];
  for (let position = 0; position < 8; position += 3) {
    const page = await reader.digest(SEARCH, "admin", PASSWORD, "POST", searchBody({ max: 3, position }));
    statuses.push(element(page.body, "responseStatusStrg"));
    t.equal(element(page.body, "numOfMatches"), String(Math.min(3, 8 - position)), `numOfMatches of the page at ${position}`);
    pages.push(descriptorsOf(page.body));
  }
  t.same(statuses, ["MORE", "MORE", "OK"]);
  t.same(pages.flat(), rows, "the pages are the whole list, in order, without repeats");
  const past = await reader.digest(SEARCH, "admin", PASSWORD, "POST", searchBody({ max: 3, position: 8 }));
  t.equal(element(past.body, "responseStatusStrg"), "NO MATCHES");
  t.equal(element(past.body, "responseStatus"), "true");
  t.equal(element(past.body, "numOfMatches"), "0");
  t.notMatch(past.body, /matchList/, "no matchList when nothing matches");

  // Types: metaId as the web UI sends it, metadataDescriptor with a wildcard, and a minor type.
  const exceptions = descriptorsOf((await reader.digest(SEARCH, "admin", PASSWORD, "POST", searchBody({ metaId: "log.std-cgi.com/Exception" }))).body);
  t.same(exceptions.map((r) => r["ipAddress"]), ["127.138.0.50", "127.138.0.50"], "Exception: the two failed logins");
  const reboots = descriptorsOf((await reader.digest(SEARCH, "admin", PASSWORD, "POST", searchBody({ descriptors: ["//log.std-cgi.com/Operation/remoteReboot"] }))).body);
  t.same(reboots.map((r) => r["userName"]), ["admin"]);
  const operations = descriptorsOf((await reader.digest(SEARCH, "admin", PASSWORD, "POST", searchBody({ descriptors: ["log.hikvision.com/Operation/*"] }))).body);
  t.equal(operations.length, 6, "Operation/*: everything but the two failures");
  const logins = descriptorsOf((await reader.digest(SEARCH, "admin", PASSWORD, "POST", searchBody({ metaId: "log.std-cgi.com/Operation/remoteLogin" }))).body);
  t.same(logins.map((r) => r["ipAddress"]), ["127.138.0.51", "127.138.0.52"], "the reader's own searches add no login: one per client");

  // Time: a span around the failures, written in another zone (+08:00), and one with no entries.
  const local = (ms: number) => `${new Date(ms + 8 * 3_600_000).toISOString().slice(0, 19)}+08:00`;
  const span = descriptorsOf((await reader.digest(SEARCH, "admin", PASSWORD, "POST", searchBody({ spans: [[local(failedAt - 1000), local(failedAt + 1000)]] }))).body);
  t.same(span.map((r) => r["metaId"]), ["log.hikvision.com/Exception/illlegealAccess", "log.hikvision.com/Exception/illlegealAccess"], "only what happened in the span");
  const before = await reader.digest(SEARCH, "admin", PASSWORD, "POST", searchBody({ spans: [["2020-01-01T00:00:00Z", "2020-12-31T23:59:59Z"]] }));
  t.equal(element(before.body, "responseStatusStrg"), "NO MATCHES");
});

t.test("a flood of 500 authenticated requests from one client writes one login entry", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 1 });
  const camera = emulator.fleet.byName("camera-1")!;
  await adminPassword(emulator, "camera-1", PASSWORD);
  const sizeBefore = camera.deviceLog.size;
  const flood = client(t, camera, "127.138.1.60");
  let ok = 0;
  for (let i = 0; i < 500; i++) if ((await flood.digest("/ISAPI/System/deviceInfo", "admin", PASSWORD)).status === 200) ok++;
  t.equal(ok, 500, "every request authenticated");
  t.equal(camera.deviceLog.size, sizeBefore + 1, "one entry for the whole flood");
  const reply = await flood.digest(SEARCH, "admin", PASSWORD, "POST", searchBody({ metaId: "log.std-cgi.com/Operation/remoteLogin" }));
  t.same(descriptorsOf(reply.body).map((r) => [r["userName"], r["ipAddress"]]), [["admin", "127.138.1.60"]]);
});

t.test("the NVR: isapi.org namespace (version 2.0) and totalMatches; Viewers may not search", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 2 });
  const nvr = emulator.fleet.byName("nvr-1")!;
  await adminPassword(emulator, "nvr-1", PASSWORD);
  const base = baseUrl(emulator, "nvr-1");
  const page = await isapiCall(base, SEARCH, "admin", PASSWORD, "POST", searchBody({ max: 1, searchID: "probe-1" }));
  t.equal(page.status, 200);
  t.match(page.body, /<CMSearchResult version="2.0" xmlns="http:\/\/www.isapi.org\/ver20\/XMLSchema">\r\n<searchID>probe-1<\/searchID>/, "a searchID that is no GUID comes back as sent");
  t.match(page.body, /<numOfMatches>1<\/numOfMatches>\r\n<totalMatches>2<\/totalMatches>/, "activation and this login: two in all, one on the page");
  t.equal(element(page.body, "responseStatusStrg"), "MORE");
  await nvr.userDirectory.create({ userName: "admin", peer: "127.0.0.1", loginPassword: PASSWORD }, { userName: "viewer1", password: "View1234!", level: "Viewer" });
  const viewer = await isapiCall(base, SEARCH, "viewer1", "View1234!", "POST", searchBody({}));
  t.equal(viewer.status, 403);
  t.equal(viewer.subStatusCode, "lowPrivilege");
});

t.test("bad search bodies: badXmlFormat or badXmlContent naming the element; the device and its log are unchanged", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 3 });
  const camera = emulator.fleet.byName("camera-1")!;
  await adminPassword(emulator, "camera-1", PASSWORD);
  const base = baseUrl(emulator, "camera-1");
  const good = await isapiCall(base, SEARCH, "admin", PASSWORD, "POST", searchBody({}));
  t.equal(good.status, 200);
  const entries = JSON.stringify(camera.deviceLog.entries());
  const flash = JSON.stringify(camera.flash);
  const cases: [string, string, string][] = [
    ["<CMSearchDescription><searchID>1</searchID>", "badXmlFormat", "unparsable"],
    ["not xml at all", "badXmlFormat", "not XML"],
    ["<?xml version=\"1.0\"?><Other><searchID>1</searchID></Other>", "badXmlContent", "CMSearchDescription"],
    ["<CMSearchDescription><maxResults>10</maxResults></CMSearchDescription>", "badXmlContent", "searchID"],
    [searchBody({ max: 0 }), "badXmlContent", "maxResults"],
    [searchBody({}).replace("<maxResults>100</maxResults>", ""), "badXmlContent", "maxResults"],
    [searchBody({}).replace("<searchResultPostion>0</searchResultPostion>", "<searchResultPostion>-1</searchResultPostion>"), "badXmlContent", "searchResultPostion"],
    [searchBody({ spans: [["2024-13-01T00:00:00Z", "2024-12-01T00:00:00Z"]] }), "badXmlContent", "startTime"],
    [searchBody({ spans: [["2024-02-30T00:00:00Z", "2024-03-01T00:00:00Z"]] }), "badXmlContent", "startTime"],
    [searchBody({ spans: [["2024-05-01T00:00:00Z", "yesterday"]] }), "badXmlContent", "endTime"],
    [searchBody({ spans: [["2024-05-02T00:00:00Z", "2024-05-01T00:00:00Z"]] }), "badXmlContent", "endTime"],
    [searchBody({ metaId: "log.std-cgi.com/Bogus" }), "badXmlContent", "metaId"],
    [searchBody({ metaId: "recordType.meta.std-cgi.com" }), "badXmlContent", "metaId"],
    [searchBody({ descriptors: ["log.std-cgi.com/Operation/remoteLogin/x"] }), "badXmlContent", "metadataDescriptor"],
  ];
  for (const [body, sub, named] of cases) {
    const reply = await isapiCall(base, SEARCH, "admin", PASSWORD, "POST", body);
    t.equal(reply.status, 400, `${named}: 400`);
    t.equal(reply.subStatusCode, sub, `${named}: ${sub}`);
    if (sub === "badXmlContent") t.throws(() => parseLogSearch(body, 0), { code: "badXmlContent", message: new RegExp(named) }, `${named}: the message names the element`);
  }
  const huge = await isapiCall(base, SEARCH, "admin", PASSWORD, "POST", searchBody({ searchID: "x" }).replace("</CMSearchDescription>", `<pad>${"a".repeat(20_000)}</pad></CMSearchDescription>`));
  t.equal(huge.status, 400, "a body over 16 KiB is refused");
  t.equal(JSON.stringify(camera.deviceLog.entries()), entries, "no entry written or lost");
  t.equal(JSON.stringify(camera.flash), flash, "flash unchanged");
  const again = await isapiCall(base, SEARCH, "admin", PASSWORD, "POST", searchBody({}));
  t.equal(again.body, good.body, "the same search answers the same");
});

t.test("parseLogSearch: Hikvision's spellings, defaults and every form of type", async (t) => {
  const plain = parseLogSearch("<CMSearchDescription><searchID>1</searchID><maxResults>5000</maxResults></CMSearchDescription>", 0);
  t.same(plain.query, { spans: [], types: [], position: 0, max: 2000 }, "no types or spans: everything; maxResults capped at 2000");
  const spelled = parseLogSearch(searchBody({}).replace("<searchResultPostion>0</searchResultPostion>", "<searchResultPosition>5</searchResultPosition>"), 0);
  t.equal(spelled.query.position, 0, "the correctly spelt searchResultPosition is not the device's element: ignored");
  const info = parseLogSearch(searchBody({ metaId: "log.std-cgi.com/Infomation/runStatusInfo" }), 0);
  t.same(info.query.types, [{ major: "Information", minor: "runStatusInfo" }], "Infomation, the metaId spelling");
  const channel = parseLogSearch(searchBody({ descriptors: ["log.hikvision.com/Alarm/motionStart/15", "log.std-cgi.com/Exception/*"] }), 0);
  t.same(channel.query.types, [{ major: "Alarm", minor: "motionStart", channel: 15 }, { major: "Exception" }]);
  const all = parseLogSearch(searchBody({ metaId: "log.std-cgi.com", descriptors: ["log.std-cgi.com/Operation"] }), 0);
  t.same(all.query.types, [], "the whole log asked for once: every type");
  const zoned = parseLogSearch(searchBody({ spans: [["2024-05-01T08:00:00", "2024-05-01T09:00:00+0100"]] }), 480);
  t.same(zoned.query.spans, [{ from: Date.UTC(2024, 4, 1, 0, 0, 0), to: Date.UTC(2024, 4, 1, 8, 0, 0) }], "no zone: the device's (+08:00 here); +0100 as written");
});

const sha256hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

/** A web UI session login (hik-protocols.md §2.4, irreversible hash), answering the Cookie header. */
async function webLogin(base: string, user: string, password: string): Promise<string> {
  const capXml = await (await fetch(`${base}/ISAPI/Security/sessionLogin/capabilities?username=${user}&random=12345678`)).text();
  const cap = (name: string) => element(capXml, name) ?? "";
  let hash = sha256hex(sha256hex(user + cap("salt") + password) + cap("challenge"));
  for (let i = 2; i < Number(cap("iterations")); i++) hash = sha256hex(hash);
  const body = `<SessionLogin><userName>${user}</userName><password>${hash}</password><sessionID>${cap("sessionID")}</sessionID><isSessionIDValidLongTerm>false</isSessionIDValidLongTerm><sessionIDVersion>2</sessionIDVersion><isNeedSessionTag>false</isNeedSessionTag></SessionLogin>`;
  const reply = await fetch(`${base}/ISAPI/Security/sessionLogin?timeStamp=1`, { method: "POST", body });
  if (reply.status !== 200) throw new Error(`sessionLogin ${reply.status}`);
  return (reply.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
}

t.test("a web session: its login and its logout are written once each, whatever it requests in between", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, undefined, { subnet: 4 });
  const camera = emulator.fleet.byName("camera-1")!;
  await adminPassword(emulator, "camera-1", PASSWORD);
  const base = baseUrl(emulator, "camera-1");
  const cookie = await webLogin(base, "admin", PASSWORD);
  for (let i = 0; i < 20; i++) t.equal((await fetch(`${base}/ISAPI/System/deviceInfo`, { headers: { cookie } })).status, 200);
  t.equal((await fetch(`${base}/ISAPI/Security/sessionHeartbeat`, { method: "PUT", headers: { cookie } })).status, 200);
  const search = await fetch(`${base}${SEARCH}`, { method: "POST", headers: { cookie }, body: searchBody({ metaId: "log.std-cgi.com/Operation" }) });
  t.equal(search.status, 200, "the web UI searches with its session");
  t.equal((await fetch(`${base}/ISAPI/Security/sessionLogout`, { method: "PUT", headers: { cookie } })).status, 200);
  const rows = descriptorsOf((await isapiCall(base, SEARCH, "admin", PASSWORD, "POST", searchBody({ metaId: "log.std-cgi.com/Operation" }))).body);
  const sessionRows = rows.filter((r) => r["metaId"] !== "log.hikvision.com/Operation/remoteSetDeviceActive").slice(0, 2);
  t.same(sessionRows.map((r) => [r["metaId"], r["userName"]]), [
    ["log.hikvision.com/Operation/remoteLogin", "admin"],
    ["log.hikvision.com/Operation/remoteLogout", "admin"],
  ]);
  t.match(sessionRows[0]!["ipAddress"], /^127\./, "the browser's address");
  t.equal(sessionRows[1]!["ipAddress"], sessionRows[0]!["ipAddress"], "logout from the same address");
  t.equal(camera.deviceLog.entries().filter((e) => e.minor === "remoteLogin").length, 2, "the session's login and the Digest client's");
});
