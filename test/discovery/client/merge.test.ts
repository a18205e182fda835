import t from "tap";
import { mergeAnswers } from "../../../src/discovery/client/merge.js";
import type { SadpAnswer } from "../../../src/discovery/client/sadp-search.js";
import type { SsdpAnswer } from "../../../src/discovery/client/ssdp-search.js";

const sadp = (mac: string, ipv4: string, serial: string): SadpAnswer => ({
  mac,
  model: "DS-2CD2146G2-ISU",
  serial,
  ipv4,
  httpPort: 80,
  commandPort: 8000,
  activated: true,
  softwareVersion: "V5.7.3build 220112",
  from: "127.0.0.1",
  fields: new Map(),
});

const ssdp = (uuid: string, location: string, serialNumber?: string): SsdpAnswer => ({
  udn: `uuid:${uuid}`,
  usn: `uuid:${uuid}::upnp:rootdevice`,
  location,
  server: "Linux/3.0, UPnP/1.0, App-webs",
  st: ["upnp:rootdevice"],
  from: "127.0.0.1",
  description: serialNumber ? { manufacturer: "Hikvision", modelName: "DS-2CD2146G2-ISU", modelNumber: "DS-2CD2146G2-ISU", serialNumber, friendlyName: "cam" } : undefined,
});

t.test("an SSDP device is a SADP device when LOCATION names its address, or its description its serial", (t) => {
  const merged = mergeAnswers(
    [sadp("28-57-be-00-00-01", "127.20.0.10", "SERIAL-A"), sadp("28-57-be-00-00-02", "192.168.1.99", "SERIAL-B")],
    [
      ssdp("a", "http://127.20.0.10:80/upnp/description.xml"),
      // Believes 192.168.1.99 (SADP) but is reached at 127.20.0.11 (SSDP LOCATION): the serial tells.
      ssdp("b", "http://127.20.0.11:80/upnp/description.xml", "SERIAL-B"),
      ssdp("c", "http://127.20.0.12:80/upnp/description.xml", "SERIAL-C"),
    ],
  );
  t.same(
    merged.map((d) => [d.serial, d.ipv4, d.foundBy.join("+"), d.ssdp?.usn ?? null]),
    [
      ["SERIAL-A", "127.20.0.10", "sadp+ssdp", "uuid:a::upnp:rootdevice"],
      ["SERIAL-C", "127.20.0.12", "ssdp", "uuid:c::upnp:rootdevice"],
      ["SERIAL-B", "192.168.1.99", "sadp+ssdp", "uuid:b::upnp:rootdevice"],
    ],
    "one row per device, by address: three, not four",
  );
  t.end();
});
