import t from "tap";
import { request } from "urllib";
import { sadpProbe } from "../helpers/sadp-client.js";
import { adminPassword, baseUrl, startDefaultFleet } from "../helpers/emulator.js";
import { readFixture } from "../helpers/golden.js";

const PASSWORD = "Hik12345!";

/** Element names with their depth, so structure and order are compared, not values. */
function shape(xml: string): string[] {
  return [...xml.matchAll(/<([A-Za-z0-9_]+)( [^>]*)?>/g)].map((m) => `${m[1]}${m[2] ?? ""}`);
}

t.test("adminAccesses: the captured protocol list, with the HTTP port actually served", async (t) => {
  const emulator = await startDefaultFleet(t, 33);
  const sadp = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: 3 });
  const captures: [string, string][] = [
    ["camera-1", "isapi/adminAccesses.DS-2CD2146G2-ISU.capture.xml"],
    ["legacy-camera-1", "isapi/adminAccesses.DS-2CD2532F-IWS.capture.xml"],
    ["nvr-1", "isapi/adminAccesses.DS-7608NXI-I2.capture.xml"],
  ];
  for (const [name, capture] of captures) {
    const device = emulator.fleet.byName(name)!;
    const url = `${baseUrl(emulator, name)}/ISAPI/Security/adminAccesses`;
    // Firmware with activation: notActivated first. V5.2 has none: straight to the challenge.
    t.equal((await fetch(url)).status, device.supportsActivation ? 403 : 401, `${name}: refused before activation`);
    const password = await adminPassword(emulator, name, PASSWORD);
    t.equal((await fetch(url)).status, 401, `${name}: behind Digest`);
    const body = String((await request(url, { digestAuth: `admin:${password}`, dataType: "text" })).data);
    const real = readFixture(capture).toString();
    t.same(shape(body), shape(real), `${name}: elements, attributes and order of ${capture}`);
    const httpPort = /<protocol>HTTP<\/protocol>\r\n<portNo>(\d+)<\/portNo>/.exec(body)?.[1];
    t.equal(Number(httpPort), device.serving.httpPort, `${name}: HTTP portNo is the port served`);
    t.not(device.serving.httpPort, 80, "(the test serves on an OS-picked port)");
    const reply = sadp.byMac.get(device.identity.mac.replaceAll(":", "-"))!;
    t.equal(reply.get("HttpPort"), httpPort, `${name}: SADP and ISAPI agree on the HTTP port`);
    t.equal(reply.get("CommandPort"), /<protocol>DEV_MANAGE<\/protocol>\r\n<portNo>(\d+)<\/portNo>/.exec(body)?.[1], `${name}: CommandPort is DEV_MANAGE`);
  }
});
