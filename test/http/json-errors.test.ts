import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { isapiCall } from "../helpers/isapi-call.js";

/**
 * JSON resources (route flag `jsonErrors`: the reserved e-mail and QR resources, issue #11)
 * refuse in JSON ResponseStatus (hik-protocols.md §2.9) when the request asks `format=json`,
 * in XML ResponseStatus otherwise. Devices on 127.178.<subnet>.10-12.
 */
const OCTET = 178;
const PASSWORD = "Json1234!x";
const CERTIFY = "/ISAPI/Security/emailCertification";

interface JsonStatus {
  readonly requestURL: string;
  readonly statusCode: number;
  readonly statusString: string;
  readonly subStatusCode: string;
  readonly errorCode?: number;
  readonly errorMsg?: string;
}

async function put(url: string, body: string): Promise<{ status: number; type: string | null; text: string }> {
  const response = await fetch(url, { method: "PUT", body });
  return { status: response.status, type: response.headers.get("content-type"), text: await response.text() };
}

t.test("emailCertification?format=json: a refusal is JSON ResponseStatus with errorCode and errorMsg naming the element (camera)", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock());
  await adminPassword(emulator, "camera-1", PASSWORD);
  const base = baseUrl(emulator, "camera-1");
  const reply = await put(`${base}${CERTIFY}?format=json`, JSON.stringify({ EmailCertification: { password: "Good1234!x" } }));
  t.equal(reply.status, 400);
  t.equal(reply.type, 'application/json; charset="UTF-8"');
  const body = JSON.parse(reply.text) as JsonStatus;
  t.same(body, {
    requestURL: `${CERTIFY}?format=json`,
    statusCode: 6,
    statusString: "Invalid XML Content",
    subStatusCode: "badParameters",
    errorCode: 0x60000001,
    errorMsg: "verificationCode is missing",
  });
  t.same(Object.keys(body), ["requestURL", "statusCode", "statusString", "subStatusCode", "errorCode", "errorMsg"], "the §2.9 field order");

  const typed = JSON.parse((await put(`${base}${CERTIFY}?format=JSON`, JSON.stringify({ EmailCertification: { verificationCode: "ABCDEFGH", password: "Good1234!x" } }))).text) as JsonStatus;
  t.same([typed.statusCode, typed.subStatusCode], [6, "verificationCodeExpired"], "format=JSON in capitals too; the core's refusal (no QR challenge pending: resetCodeExpired) is JSON as well");

  const big = await put(`${base}${CERTIFY}?format=json`, "x".repeat(8 * 1024));
  t.equal(big.status, 400, "a body over the route's bound");
  t.equal(big.type, 'application/json; charset="UTF-8"');
  t.match(JSON.parse(big.text), { statusCode: 6, subStatusCode: "badXmlContent" }, "bodyTooLarge in JSON");

  const xml = await put(`${base}${CERTIFY}`, JSON.stringify({ EmailCertification: { password: "Good1234!x" } }));
  t.equal(xml.status, 400, "without format=json…");
  t.match(xml.type, /^application\/xml/, "…the refusal is the XML ResponseStatus");
  t.match(xml.text, /<subStatusCode>badParameters<\/subStatusCode>[\s\S]*<errorMsg>verificationCode is missing<\/errorMsg>/);
});

t.test("email/parameter?format=json behind Digest: bad JSON is badXmlFormat in JSON; an unactivated device answers notActivated in JSON", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(), { subnet: 1 });
  const inactive = await fetch(`${baseUrl(emulator, "camera-1")}/ISAPI/Security/email/parameter?format=json`);
  const inactiveBody = JSON.parse(await inactive.text()) as JsonStatus;
  t.equal(inactive.headers.get("content-type"), 'application/json; charset="UTF-8"');
  t.equal(inactiveBody.subStatusCode, "notActivated", `HTTP ${inactive.status}: notActivated, in JSON`);

  await adminPassword(emulator, "camera-1", PASSWORD);
  const base = baseUrl(emulator, "camera-1");
  const reply = await isapiCall(base, "/ISAPI/Security/email/parameter?format=json", "admin", PASSWORD, "PUT", "<SecurityEmail/>");
  t.equal(reply.status, 400);
  t.match(JSON.parse(reply.body), { requestURL: "/ISAPI/Security/email/parameter?format=json", statusCode: 5, statusString: "Invalid XML Format", subStatusCode: "badXmlFormat", errorMsg: "the body is not JSON" });
  const plain = await isapiCall(base, "/ISAPI/Security/email/parameter", "admin", PASSWORD, "PUT", "<SecurityEmail/>");
  t.match(plain.body, /^<\?xml[\s\S]*<subStatusCode>badXmlFormat<\/subStatusCode>/, "the same refusal without format=json: XML");
  const other = await isapiCall(base, "/ISAPI/System/time?format=json", "admin", PASSWORD, "PUT", "<Time>");
  t.match(other.body, /^<\?xml[\s\S]*<subStatusCode>badXmlFormat<\/subStatusCode>/, "an XML resource refuses in XML whatever the query");
});

t.test("the NVR (firmware without errorCode/errorMsg, profile isapi.replies.errorDetail false) refuses in JSON without them", async (t) => {
  const emulator = await startDefaultFleet(t, OCTET, new VirtualClock(), { subnet: 2 });
  await adminPassword(emulator, "nvr-1", PASSWORD);
  const reply = await put(`${baseUrl(emulator, "nvr-1")}${CERTIFY}?format=json`, JSON.stringify({ EmailCertification: { verificationCode: "ABCDEFGH" } }));
  t.equal(reply.status, 400);
  t.same(JSON.parse(reply.text), { requestURL: `${CERTIFY}?format=json`, statusCode: 6, statusString: "Invalid XML Content", subStatusCode: "badParameters" });
});
