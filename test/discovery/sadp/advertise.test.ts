import t from "tap";
import { decodeHello, decodeProbeMatch, encodeProbeMatch } from "../../../src/discovery/sadp/codec.js";
import { probeMatchFields } from "../../../src/discovery/sadp/probe-match.js";
import { encodeHelloFor } from "../../../src/discovery/sadp/hello.js";
import { ProbeMatchCache, probeMatchHead } from "../../../src/discovery/sadp/probe-match-cache.js";
import { parseIpv4Prefix } from "../../../src/util/ipv4.js";
import { makeFleet } from "../../helpers/harness.js";
import { answersTo, encodeNotify, encodeSearchResponse } from "../../../src/discovery/ssdp/messages.js";
import { targets } from "../../../src/discovery/ssdp/upnp-device.js";

t.test("advertise moves IPv4Address into its prefix in ProbeMatch, cached reply and Hello; nothing else changes", async (t) => {
  const { fleet } = await makeFleet();
  const device = fleet.devices[0]!;
  const advertise = parseIpv4Prefix("192.168.50.0/24")!;
  const plain = decodeProbeMatch(encodeProbeMatch(probeMatchFields(device, "U", "inquiry")))!;
  const mapped = decodeProbeMatch(encodeProbeMatch(probeMatchFields(device, "U", "inquiry", { advertise })))!;
  const expected = `192.168.50.${device.network.ipv4.split(".")[3]}`;
  t.equal(mapped.get("IPv4Address"), expected);
  t.same(Object.fromEntries([...mapped].filter(([k]) => k !== "IPv4Address")), Object.fromEntries([...plain].filter(([k]) => k !== "IPv4Address")), "mask, gateway, ports and the rest as the device believes them");
  t.equal(decodeProbeMatch(new ProbeMatchCache({ advertise }).reply(device, probeMatchHead("U", "inquiry")))?.get("IPv4Address"), expected, "the responder's cached bytes");
  t.equal(decodeHello(encodeHelloFor(device, "H", { advertise }))?.get("IPv4Address"), expected, "the boot Hello");
  t.equal(decodeProbeMatch(encodeProbeMatch(probeMatchFields(device, "U", "inquiry", { advertise: parseIpv4Prefix("203.0.113.7")! })))?.get("IPv4Address"), "203.0.113.7", "a bare address replaces it");
});

t.test("advertise maps SSDP's LOCATION host the same way (search answers and NOTIFY alive)", async (t) => {
  const { fleet } = await makeFleet();
  const device = fleet.devices[0]!;
  device.reportServedPort(80);
  const advertise = parseIpv4Prefix("192.168.50.0/24")!;
  const host = `192.168.50.${device.serving.address.split(".")[3]}`;
  const location = (data: Buffer) => /\r\nLOCATION: ([^\r]*)\r\n/i.exec(data.toString("ascii"))?.[1];
  const answer = answersTo(device, "upnp:rootdevice")[0]!;
  t.equal(location(encodeSearchResponse(device, answer, "Thu, 01 Jan 1970 00:00:00 GMT", advertise)), `http://${host}:80/upnp/description.xml`);
  t.equal(location(encodeNotify(device, targets(device)[0]!, "alive", "239.255.255.250:1900", advertise)), `http://${host}:80/upnp/description.xml`);
  t.equal(location(encodeSearchResponse(device, answer, "Thu, 01 Jan 1970 00:00:00 GMT")), `http://${device.serving.address}:80/upnp/description.xml`, "without it, the served address");
});
