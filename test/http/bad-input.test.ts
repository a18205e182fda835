import t, { type Test } from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import type { Device } from "../../src/emulator/device.js";
import { parseXml, textAt } from "../../src/http/xml.js";
import { adminPassword, baseUrl, deviceOf, startDefaultFleet } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";
import type { RunningEmulator } from "../../src/runtime/emulator.js";

const PASSWORD = "Hik12345!";

/** errorCode values as devices send them (decimal): 0x50000001, 0x60000003, 0x60000001, 0x40000006. */
const ERROR_CODES: Readonly<Record<string, string>> = { badXmlFormat: "1342177281", badXmlContent: "1610612739", badParameters: "1610612737", invalidOperation: "1073741830" };

interface Case {
  readonly what: string;
  readonly body: string;
  /** Appended to the path (factoryReset takes its input from the query). */
  readonly query?: string;
  readonly status: number;
  readonly statusCode: number;
  readonly sub: string;
  /** The element the errorMsg names first; absent: the code in hex, as devices write it. */
  readonly element?: string;
}

interface Row {
  readonly method: "PUT" | "POST";
  readonly path: string;
  /** The resource's GET, compared before and after (absent: flash alone tells). */
  readonly get?: string;
  /** Public resources are sent without credentials. */
  readonly anonymous?: boolean;
  readonly devices: readonly string[];
  readonly cases: readonly Case[];
}

const malformed = (open: string): Case => ({ what: "malformed XML", body: `<?xml version="1.0"?><${open}><a>1</b></${open}>`, status: 400, statusCode: 5, sub: "badXmlFormat" });
const empty: Case = { what: "an empty body", body: "", status: 400, statusCode: 5, sub: "badXmlFormat" };
const wrongRoot = (element: string, body: string, sub = "badXmlContent"): Case => ({ what: "the wrong root element", body, status: 400, statusCode: 6, sub, element });
const badValue = (what: string, element: string, body: string, sub = "badParameters"): Case => ({ what, body, status: 400, statusCode: 6, sub, element });

const ALL = ["camera-1", "legacy-camera-1", "nvr-1"];
const WITH_ACTIVATION = ["camera-1", "nvr-1"];

/** Every PUT/POST that takes a body (plus factoryReset's query), as a table: each refusal must leave the device as it was. */
const ACTIVE_ROWS: readonly Row[] = [
  {
    method: "PUT",
    path: "/ISAPI/System/Network/interfaces/1/ipAddress",
    get: "/ISAPI/System/Network/interfaces/1/ipAddress",
    devices: ALL,
    cases: [
      malformed("IPAddress"),
      empty,
      wrongRoot("IPAddress", "<NetworkInterface><ipAddress>127.159.9.9</ipAddress></NetworkInterface>"),
      badValue("an address out of range", "ipAddress", "<IPAddress><ipAddress>300.1.1.1</ipAddress></IPAddress>"),
      badValue("a mask with holes", "subnetMask", "<IPAddress><subnetMask>255.0.255.0</subnetMask></IPAddress>"),
      badValue("an unknown addressing type", "addressingType", "<IPAddress><addressingType>magic</addressingType></IPAddress>", "badXmlContent"),
    ],
  },
  {
    method: "POST",
    path: "/ISAPI/Security/users",
    get: "/ISAPI/Security/users",
    devices: ALL,
    cases: [
      malformed("User"),
      wrongRoot("User", "<UserList><User><userName>bob</userName></User></UserList>"),
      badValue("an unknown level", "userLevel", `<User><userName>bob</userName><password>Bob12345!x</password><userLevel>Superuser</userLevel><loginPassword>${PASSWORD}</loginPassword></User>`, "badXmlContent"),
    ],
  },
  {
    method: "PUT",
    path: "/ISAPI/Security/users",
    get: "/ISAPI/Security/users",
    devices: ALL,
    cases: [malformed("UserList"), wrongRoot("User", "<Users><User><id>1</id></User></Users>"), badValue("an id that is no number", "id", "<User><id>abc</id><password>Other123!x</password></User>")],
  },
  {
    method: "PUT",
    path: "/ISAPI/Security/users/1",
    get: "/ISAPI/Security/users/1",
    devices: ALL,
    cases: [malformed("User"), wrongRoot("User", "<Account><id>1</id></Account>"), badValue("an id other than the URL's", "User/id", "<User><id>2</id><userName>admin</userName></User>")],
  },
  {
    method: "PUT",
    path: "/ISAPI/Security/webCertificate",
    get: "/ISAPI/Security/webCertificate",
    devices: ALL,
    cases: [
      malformed("WebCertificate"),
      wrongRoot("WebCertificate", "<Certificate><CertificateType>digest</CertificateType></Certificate>"),
      badValue("an unknown certificate type", "CertificateType", "<WebCertificate><CertificateType>none</CertificateType></WebCertificate>"),
      badValue("an unknown algorithm", "algorithmType", "<WebCertificate><SecurityAlgorithm><algorithmType>SHA1</algorithmType></SecurityAlgorithm></WebCertificate>"),
    ],
  },
  {
    method: "PUT",
    path: "/ISAPI/Security/illegalLoginLock",
    get: "/ISAPI/Security/illegalLoginLock",
    devices: ["camera-1"],
    cases: [
      malformed("IllegalLoginLock"),
      wrongRoot("IllegalLoginLock", "<LoginLock><enabled>false</enabled></LoginLock>"),
      badValue("a boolean that is not one", "enabled", "<IllegalLoginLock><enabled>maybe</enabled></IllegalLoginLock>"),
      badValue("a count that is no number", "maxIllegalLoginTimes", "<IllegalLoginLock><maxIllegalLoginTimes>7.5</maxIllegalLoginTimes></IllegalLoginLock>"),
      badValue("a count out of range", "maxIllegalLoginTimes", "<IllegalLoginLock><maxIllegalLoginTimes>999</maxIllegalLoginTimes></IllegalLoginLock>"),
    ],
  },
  {
    method: "PUT",
    path: "/ISAPI/System/Network/ipFilter",
    get: "/ISAPI/System/Network/ipFilter",
    devices: ALL,
    cases: [
      malformed("IPFilter"),
      wrongRoot("IPFilter", "<Filter><enabled>true</enabled></Filter>"),
      badValue("a boolean that is not one", "enabled", "<IPFilter><enabled>yes</enabled></IPFilter>"),
      badValue(
        "an address that is not one",
        "ipAddress",
        "<IPFilter><enabled>true</enabled><permissionType>allow</permissionType><IPFilterItemList><IPFilterItem><id>1</id><addressFilterType>specific</addressFilterType><ipAddress>1.2.3</ipAddress></IPFilterItem></IPFilterItemList></IPFilter>",
      ),
    ],
  },
  {
    method: "POST",
    path: "/ISAPI/Security/sessionLogin?timeStamp=1",
    anonymous: true,
    devices: WITH_ACTIVATION,
    cases: [malformed("SessionLogin"), wrongRoot("SessionLogin", "<Login><userName>admin</userName><password>x</password><sessionID>y</sessionID></Login>")],
  },
  {
    method: "PUT",
    path: "/ISAPI/System/factoryReset",
    devices: ALL,
    cases: [
      { what: "an unknown mode", body: "", query: "?mode=everything", status: 400, statusCode: 6, sub: "badParameters", element: "mode" },
      { what: "no mode", body: "<FactoryReset/>", status: 400, statusCode: 6, sub: "badParameters", element: "mode" },
    ],
  },
];

/** The activation resources exist only before activation, on firmware that has it. */
const INACTIVE_ROWS: readonly Row[] = [
  {
    method: "POST",
    path: "/ISAPI/Security/challenge",
    get: "/SDK/activateStatus",
    anonymous: true,
    devices: WITH_ACTIVATION,
    cases: [malformed("PublicKey"), wrongRoot("PublicKey", "<Key><key>AAAA</key></Key>"), badValue("a key that is not RSA", "key", "<PublicKey><key>AAAA</key></PublicKey>")],
  },
  {
    method: "PUT",
    path: "/ISAPI/System/activate",
    get: "/SDK/activateStatus",
    anonymous: true,
    devices: WITH_ACTIVATION,
    cases: [
      malformed("ActivateInfo"),
      wrongRoot("ActivateInfo", "<Activate><password>AAAA</password></Activate>"),
      // Well-formed, but there is no challenge to decrypt it with.
      { what: "a password without a key exchange", body: "<ActivateInfo><password>QUFBQQ==</password></ActivateInfo>", status: 403, statusCode: 4, sub: "invalidOperation" },
    ],
  },
];

async function send(emulator: RunningEmulator, name: string, row: Row, path: string, body: string, password: string) {
  if (!row.anonymous) return isapiCall(baseUrl(emulator, name), path, "admin", password, row.method, body);
  const response = await fetch(`${baseUrl(emulator, name)}${path}`, { method: row.method, body, headers: { "Content-Type": "application/xml" } });
  return { status: response.status, body: await response.text() };
}

async function resource(emulator: RunningEmulator, name: string, path: string | undefined, password: string): Promise<string> {
  if (!path) return "";
  if (path.startsWith("/SDK/")) return (await fetch(`${baseUrl(emulator, name)}${path}`)).text();
  const reply = await isapiCall(baseUrl(emulator, name), path, "admin", password);
  if (reply.status !== 200) throw new Error(`GET ${path} on ${name}: ${reply.status}`);
  return reply.body;
}

async function runRows(t: Test, emulator: RunningEmulator, rows: readonly Row[], passwords: Readonly<Record<string, string>>): Promise<void> {
  for (const row of rows) {
    for (const name of row.devices) {
      const device: Device = deviceOf(emulator, name);
      const password = passwords[name] ?? "";
      for (const c of row.cases) {
        const label = `${name} ${row.method} ${row.path} with ${c.what}`;
        const flash = JSON.stringify(device.flash);
        const before = await resource(emulator, name, row.get, password);
        const reply = await send(emulator, name, row, `${row.path}${c.query ?? ""}`, c.body, password);
        const doc = parseXml(reply.body) ?? {};
        const field = (element: string) => textAt(doc, "ResponseStatus", element);
        t.same([reply.status, field("statusCode"), field("subStatusCode")], [c.status, String(c.statusCode), c.sub], `${label}: ${c.status} ${c.sub}`);
        if (device.profile.isapi.replies.errorDetail) {
          t.equal(field("errorCode"), ERROR_CODES[c.sub], `${label}: errorCode`);
          const message = field("errorMsg") ?? "";
          if (c.element) t.ok(message.startsWith(c.element), `${label}: errorMsg names ${c.element} (${message})`);
          else t.equal(message, `0x${Number(ERROR_CODES[c.sub]).toString(16)}`, `${label}: errorMsg is the code in hex`);
        } else {
          t.same([field("errorCode"), field("errorMsg")], [undefined, undefined], `${label}: no errorCode/errorMsg on old firmware`);
        }
        t.equal(JSON.stringify(device.flash), flash, `${label}: flash unchanged`);
        t.equal(await resource(emulator, name, row.get, password), before, `${label}: the resource reads the same`);
        t.equal(device.power, "running", `${label}: the device stays up`);
      }
    }
  }
}

t.test("every PUT/POST refuses malformed XML, a wrong root and bad values with the right code, naming the element, and changes nothing", async (t) => {
  const emulator = await startDefaultFleet(t, 159, new VirtualClock());
  await runRows(t, emulator, INACTIVE_ROWS, {});
  t.notOk(deviceOf(emulator, "camera-1").activated, "the activation resources refused everything: camera-1 is still inactive");
  const passwords: Record<string, string> = {};
  for (const name of ALL) passwords[name] = await adminPassword(emulator, name, PASSWORD);
  await runRows(t, emulator, ACTIVE_ROWS, passwords);
});
