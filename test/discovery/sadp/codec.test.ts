import t from "tap";
import { decodeProbe, decodeProbeMatch, encodeProbe, encodeProbeMatch } from "../../../src/discovery/sadp/codec.js";
import { linkLocalFromMac, probeMatchFields } from "../../../src/discovery/sadp/probe-match.js";
import { VirtualClock } from "../../../src/emulator/clock.js";
import { golden, readFixture } from "../../helpers/golden.js";
import { makeFleet } from "../../helpers/harness.js";

t.test("decodes the §1.2 inquiry", (t) => {
  t.same(decodeProbe(readFixture("sadp/probe.inquiry.xml")), {
    uuid: "8A1C2E44-5F8B-4D7A-9E0C-1B2D3E4F5A6B",
    types: "inquiry",
    mac: undefined,
    params: {},
    nested: {},
  });
  const directed = decodeProbe(encodeProbe("U-1", "activate", [["MAC", "68-6D-BC-EE-F8-F0"], ["Password", "abc"]]));
  t.same(directed, { uuid: "U-1", types: "activate", mac: "68-6d-bc-ee-f8-f0", params: { Password: "abc" }, nested: {} }, "MAC normalised to lower case");
  t.end();
});

t.test("junk never throws and decodes to undefined", (t) => {
  const junk: [string, Buffer][] = [
    ["empty", Buffer.alloc(0)],
    ["random bytes", Buffer.from([0xff, 0x00, 0x13, 0x37, 0x80, 0x3c])],
    ["truncated XML", readFixture("sadp/probe.inquiry.xml").subarray(0, 60)],
    ["64 KiB", Buffer.alloc(65507, "<")],
    ["a ProbeMatch (another device's reply)", readFixture("sadp/probematch.DS-7804HQH-K1.xml")],
    ["Probe without Uuid", Buffer.from("<Probe><Types>inquiry</Types></Probe>")],
    ["binary SADP header", Buffer.from("2102014200002403060403", "hex")],
  ];
  for (const [what, data] of junk) t.equal(decodeProbe(data), undefined, what);
  t.end();
});

t.test("our ProbeMatch carries every field of the §1.3 capture, in its order", async (t) => {
  const { fleet } = await makeFleet();
  const capture = decodeProbeMatch(readFixture("sadp/probematch.DS-7804HQH-K1.xml"))!;
  for (const device of fleet.devices) {
    const ours = decodeProbeMatch(encodeProbeMatch(probeMatchFields(device, "U", "inquiry")))!;
    const names = [...ours.keys()].filter((k) => capture.has(k));
    t.same(names, [...capture.keys()], `${device.name}: all §1.3 fields, same order`);
  }
  t.end();
});

t.test("field values follow the capture's formats", async (t) => {
  const { fleet } = await makeFleet();
  const nvr = fleet.byName("nvr-1")!;
  nvr.reportServedPort(80);
  const f = decodeProbeMatch(encodeProbeMatch(probeMatchFields(nvr, "ABC", "inquiry_v32")))!;
  t.equal(f.get("Uuid"), "ABC");
  t.equal(f.get("Types"), "inquiry_v32", "Types echoes the probe");
  t.equal(f.get("MAC"), nvr.identity.mac.replaceAll(":", "-"), "lower case, dashes (§1.4)");
  t.equal(f.get("SoftwareVersion"), "V4.62.210build 230619", "no space before build (§1.3)");
  t.equal(f.get("DeviceSN"), nvr.identity.serial);
  t.equal(f.get("Activated"), "false");
  t.equal(f.get("HttpPort"), "80");
  t.equal(f.get("IPv4Address"), "127.21.0.12");
  t.equal(f.get("DigitalChannelNum"), "8");
  t.match(f.get("BootTime"), /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
  t.equal(linkLocalFromMac("68:6d:bc:ee:f8:f0"), "fe80::6a6d:bcff:feee:f8f0", "EUI-64 as in the capture");
  const legacy = decodeProbeMatch(encodeProbeMatch(probeMatchFields(fleet.byName("legacy-1")!, "X", "inquiry")))!;
  t.equal(legacy.get("HCPlatformEnable"), "flase", "the real firmware misspelling, as a profile option");
  t.equal(legacy.get("PasswordResetModeSecond"), "false", "legacy firmware offers the security code only");
  t.end();
});

t.test("encoder output is byte-stable (golden file)", async (t) => {
  const { fleet } = await makeFleet({ seed: "golden", clock: new VirtualClock(Date.UTC(2026, 0, 1, 12, 0, 0)) });
  const camera = fleet.byName("camera-1")!;
  camera.reportServedPort(80);
  const bytes = encodeProbeMatch(probeMatchFields(camera, "8A1C2E44-5F8B-4D7A-9E0C-1B2D3E4F5A6B", "inquiry"));
  t.same(bytes, golden("sadp/probematch.camera-1.golden.xml", bytes));
  t.ok(bytes.subarray(0, 38).equals(Buffer.from('<?xml version="1.0" encoding="UTF-8"?>')), "prolog first");
  t.end();
});
