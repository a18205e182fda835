import { createServer, type Server } from "node:http";
import { createSocket, type Socket } from "node:dgram";
import type { Test } from "tap";

export interface FakeSsdpDevice {
  /** The loopback address the device answers from and serves its description on. */
  readonly address: string;
  readonly uuid: string;
  readonly modelName: string;
  readonly serialNumber: string;
  /** LOCATION as sent; default http://ADDRESS:PORT/description.xml of the device's own server. */
  readonly location?: (own: string) => string;
}

export interface FakeSsdp {
  /** The SSDP port it listens on (joined to 239.255.255.250 on 127.0.0.1, and unicast). */
  readonly port: number;
  /** Every M-SEARCH received, as text. */
  readonly requests: string[];
  /** Description requests served, by device address. */
  readonly descriptionsServed: Map<string, number>;
}

/**
 * A stand-in for UPnP devices (UPnP 1.0 §1.2.3; hik-protocols.md §3): one socket hears
 * M-SEARCH on the group and by unicast; each device answers from its own address with a
 * 200 OK (LOCATION, USN, ST, SERVER) and serves a description with modelName and serialNumber.
 */
export async function fakeSsdp(t: Test, devices: readonly FakeSsdpDevice[]): Promise<FakeSsdp> {
  const requests: string[] = [];
  const descriptionsServed = new Map<string, number>();
  const answering: { device: FakeSsdpDevice; socket: Socket; location: string }[] = [];
  for (const device of devices) {
    const server = await describe(device, () => descriptionsServed.set(device.address, (descriptionsServed.get(device.address) ?? 0) + 1));
    t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const own = `http://${device.address}:${(server.address() as { port: number }).port}/description.xml`;
    const socket = await bound(createSocket("udp4"), 0, device.address);
    t.teardown(() => socket.close());
    answering.push({ device, socket, location: device.location ? device.location(own) : own });
  }
  const listener = await bound(createSocket({ type: "udp4", reuseAddr: true }), 0, "0.0.0.0");
  listener.addMembership("239.255.255.250", "127.0.0.1");
  t.teardown(() => listener.close());
  listener.on("message", (data, remote) => {
    const text = data.toString("latin1");
    requests.push(text);
    const st = /^ST:\s*(.+)$/im.exec(text)?.[1]?.trim();
    if (!text.startsWith("M-SEARCH * HTTP/1.1\r\n") || !/^MAN:\s*"ssdp:discover"\s*$/im.test(text) || !st) return;
    if (st !== "ssdp:all" && st !== "upnp:rootdevice") return;
    for (const { device, socket, location } of answering) {
      const reply = [
        "HTTP/1.1 200 OK",
        "CACHE-CONTROL: max-age=1800",
        "EXT:",
        `LOCATION: ${location}`,
        "SERVER: Linux/4.9 UPnP/1.0 fake/1.0",
        `ST: ${st === "ssdp:all" ? "upnp:rootdevice" : st}`,
        `USN: uuid:${device.uuid}::upnp:rootdevice`,
        "",
        "",
      ].join("\r\n");
      socket.send(reply, remote.port, remote.address);
    }
  });
  return { port: listener.address().port, requests, descriptionsServed };
}

function bound(socket: Socket, port: number, address: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    socket.once("error", reject);
    socket.bind(port, address, () => resolve(socket));
  });
}

function describe(device: FakeSsdpDevice, served: () => void): Promise<Server> {
  const body = `<?xml version="1.0"?>
<root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion>
<device><deviceType>urn:schemas-upnp-org:device:Basic:1</deviceType><friendlyName>${device.modelName} - ${device.serialNumber}</friendlyName>
<manufacturer>Hikvision</manufacturer><modelName>${device.modelName}</modelName><modelNumber>${device.modelName}</modelNumber>
<serialNumber>${device.serialNumber}</serialNumber><UDN>uuid:${device.uuid}</UDN></device></root>`;
  const server = createServer((req, res) => {
    served();
    if (req.url !== "/description.xml") {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "text/xml" }).end(body);
  });
  return new Promise((resolve) => server.listen(0, device.address, () => resolve(server)));
}
