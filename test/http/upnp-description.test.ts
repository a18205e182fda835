import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { upnpDescriptionXml } from "../../src/http/upnp-description.js";
import { parseXml } from "../../src/http/xml.js";
import { makeFleet } from "../helpers/harness.js";
import { golden } from "../helpers/golden.js";

t.test("the UPnP description is byte-stable (golden files)", async (t) => {
  const { fleet } = await makeFleet({ seed: "golden", clock: new VirtualClock(Date.UTC(2026, 0, 1, 12, 0, 0)) });
  for (const name of ["camera-1", "nvr-1"]) {
    const device = fleet.byName(name)!;
    device.reportServedPort(80);
    const body = upnpDescriptionXml(device);
    t.equal(body, golden(`upnp/description.${name}.golden.xml`, body).toString(), name);
  }
});

t.test("a well-formed UPnP root description: namespace, specVersion 1.0, the required device fields in order", async (t) => {
  const { fleet } = await makeFleet();
  for (const device of fleet.devices) {
    device.reportServedPort(8080);
    const body = upnpDescriptionXml(device);
    const doc = parseXml(body);
    t.ok(doc, `${device.name}: well-formed XML`);
    t.match(body, /^<\?xml version="1\.0" encoding="UTF-8"\?>\r\n<root xmlns="urn:schemas-upnp-org:device-1-0">/);
    const root = doc!["root"] as Record<string, Record<string, string>>;
    t.same(root["specVersion"], { major: "1", minor: "0" });
    const d = root["device"]!;
    t.same(Object.keys(d), ["deviceType", "friendlyName", "manufacturer", "manufacturerURL", "modelDescription", "modelName", "modelNumber", "serialNumber", "UDN", "presentationURL"], "UDA 1.0 §2.1 order: deviceType first, UDN after the model fields");
    t.equal(d["manufacturer"], "Hikvision", "hik-protocols.md §3");
    t.equal(d["modelName"], device.profile.model, "§3: modelName is the model");
    t.equal(d["serialNumber"], device.identity.serial, "§3: serialNumber is the serial");
    t.match(d["UDN"], /^uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, "UDN is uuid: and a UUID");
    t.equal(d["presentationURL"], `http://${device.serving.address}:8080/`);
    t.ok(d["friendlyName"]!.includes(device.identity.shortSerial), "friendlyName tells devices of one model apart");
  }
});
