import t, { type Test } from "tap";
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
  const failedAt = clock.now();
  const intruder = client(t, camera, "127.138.0.50");
  t.equal((await intruder.digest("/ISAPI/System/deviceInfo", "admin", "Wrong123!")).status, 401);
  t.equal((await intruder.digest("/ISAPI/System/deviceInfo", "admin", "Wrong456!")).status, 401);

  await clock.advance(60_000);
  const admin = client(t, camera, "127.138.0.51");
  const user = `<?xml version="1.0" encoding="UTF-8"?><User><id>0</id><userName>op1</userName><password>Oper1234!</password><userLevel>Operator</userLevel><loginPassword>${PASSWORD}</loginPassword></User>`;
  t.equal((await admin.digest("/ISAPI/Security/users", "admin", PASSWORD, "POST", user)).status, 200, "user created");
  await clock.advance(60_000);
  const rebootAt = clock.now();
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
      ["log.hikvision.com/Operation/remoteActivate", undefined, undefined, "", "via isapi"],
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
  t.equal(rows[1]!["StartDateTime"], `${new Date(failedAt).toISOString().slice(0, 19)}Z`, "StartDateTime: the device wall clock when it happened");
  t.equal(rows[5]!["StartDateTime"], `${new Date(rebootAt).toISOString().slice(0, 19)}Z`);

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
