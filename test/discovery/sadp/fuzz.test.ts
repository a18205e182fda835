import t from "tap";
import { readdirSync } from "node:fs";
import { decodeProbe, decodeProbeMatch, encodeProbe } from "../../../src/discovery/sadp/codec.js";
import { parseCommand } from "../../../src/discovery/sadp/commands/requests.js";
import { SeededRandom } from "../../../src/emulator/random.js";
import type { Device } from "../../../src/emulator/device.js";
import { CAMERA, LEGACY, NVR, makeFleet, spec } from "../../helpers/harness.js";
import { SimClient, dashed, simResponder } from "../../helpers/sadp-sim.js";
import { fixturePath, readFixture } from "../../helpers/golden.js";
import { sadpSaltedPassword, updateFields } from "../../helpers/sadp-activation-client.js";

/**
 * Seeded mutations of every SADP fixture (captured messages and the golden command requests)
 * fed to the responder on the simulated network. Whatever arrives: nothing throws, every reply
 * is a well-formed ProbeMatch, and a device the message does not address never changes.
 */

const SEED = "sadp-fuzz-1";
const MUTATIONS_PER_SEED = 40;
const FIXTURE_MAC = "68-6d-bc-ee-f8-f0";
const PASSWORD = "Fuzz4ctive!";

/** Integers from the seeded stream: the same run every time. */
class Dice {
  readonly #random = new SeededRandom(SEED);
  int(below: number): number {
    return below <= 1 ? 0 : this.#random.bytes(4).readUInt32BE() % below;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }
}

type Mutation = (input: Buffer, dice: Dice, macs: readonly string[]) => Buffer;

const ELEMENT = /<([A-Za-z][\w.-]*)(\s[^>]*)?>[^<]*<\/\1>/g;

function elements(text: string): RegExpExecArray[] {
  return [...text.matchAll(ELEMENT)];
}

const MUTATIONS: Record<string, Mutation> = {
  truncate: (input, dice) => input.subarray(0, dice.int(input.length)),
  flipBytes: (input, dice) => {
    const out = Buffer.from(input);
    for (let i = 0, n = 1 + dice.int(8); i < n && out.length > 0; i++) {
      const at = dice.int(out.length);
      out[at] = (out[at] ?? 0) ^ (1 << dice.int(8));
    }
    return out;
  },
  duplicateElement: (input, dice) => {
    const text = input.toString("utf8");
    const all = elements(text);
    if (all.length === 0) return input;
    const m = dice.pick(all);
    return Buffer.from(text.slice(0, m.index + m[0].length) + m[0].repeat(1 + dice.int(3)) + text.slice(m.index + m[0].length));
  },
  hugeValue: (input, dice) => {
    const text = input.toString("utf8");
    const all = elements(text);
    if (all.length === 0) return input;
    const m = dice.pick(all);
    const huge = dice.pick(["9".repeat(400), "A".repeat(12_000), "-1", "99999999999999999999", "1e309", "0x50", " ", ""]);
    return Buffer.from(text.replace(m[0], `<${m[1]}${m[2] ?? ""}>${huge}</${m[1]}>`));
  },
  wrongMac: (input, dice, macs) => Buffer.from(input.toString("utf8").replace(/<MAC>[^<]*<\/MAC>/, `<MAC>${dice.pick([...macs, "FF-FF-FF-FF-FF-FF", "00-00-00-00-00-00", "zz", ""])}</MAC>`)),
  missingUuid: (input) => Buffer.from(input.toString("utf8").replace(/<Uuid>[^<]*<\/Uuid>/, "")),
  entityTricks: (input, dice) => {
    const text = input.toString("utf8").replace(/^<\?xml[^>]*\?>/, "");
    const trick = dice.pick([
      `<!DOCTYPE Probe [<!ENTITY a "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>`,
      `<!DOCTYPE Probe [<!ENTITY x SYSTEM "file:///etc/passwd">]>`,
      `<!DOCTYPE Probe [<!ENTITY u "68-6d-bc-ee-f8-f0">]>`,
    ]);
    const value = dice.pick(["&d;", "&x;", "&u;", "&lt;/Uuid&gt;&amp;", "&#x3C;Probe&#x3E;", "&#0;", "&#xD800;", "]]>", "<![CDATA[<Types>update</Types>]]>"]);
    const all = elements(text);
    const m = all.length > 0 ? dice.pick(all) : undefined;
    const body = m ? text.replace(m[0], `<${m[1]}${m[2] ?? ""}>${value}</${m[1]}>`) : text;
    return Buffer.from(`<?xml version="1.0" encoding="utf-8"?>${trick}${body}`);
  },
  nonUtf8: (input, dice) => {
    const text = input.toString("utf8");
    const kind = dice.int(3);
    if (kind === 0) return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, "utf16le")]);
    if (kind === 1) return Buffer.from(text.replace(/<Uuid>/, "<Uuid>\u00e9\u00fc"), "latin1");
    const out = Buffer.from(input);
    const at = out.indexOf("</Uuid>");
    return at < 0 ? Buffer.concat([out, Buffer.from([0xc3, 0x28])]) : Buffer.concat([out.subarray(0, at), Buffer.from([0xc3, 0x28, 0xe2, 0x82, 0xed, 0xa0, 0x80]), out.subarray(at)]);
  },
};

const snapshot = (device: Device) => ({ flash: JSON.stringify(device.flash), revision: device.revision, locked: device.sadpLocked });

t.test("seeded mutations of every SADP fixture: no throw, replies well-formed, unaddressed devices unchanged", async (t) => {
  const specs = [spec(CAMERA, "camera-1", "127.93.0.10", PASSWORD), spec(LEGACY, "legacy-1", "127.93.0.11"), spec(NVR, "nvr-1", "127.93.0.12")];
  const { fleet, clock } = await makeFleet({ specs });
  const { network, responder } = simResponder(fleet, clock, {
    limits: { senderBurst: 1e6, senderProbesPerSecond: 1e6, parseKiBPerSecond: 1e6, maxQueuedProbes: 1e6, duplicateWindowMs: 1 },
  });
  const client = SimClient.bind(network);
  const raw: Buffer[] = [];
  client.endpoint.onMessage((d) => raw.push(d.data));
  const macs = fleet.devices.map((d) => dashed(d.identity.mac));
  const camera = fleet.byName("camera-1")!;

  const files = readdirSync(fixturePath("sadp")).filter((f) => f.endsWith(".xml"));
  t.ok(files.length >= 16, "captured messages and a golden request per command");
  const seeds: Buffer[] = [];
  for (const file of files) {
    const text = readFixture(`sadp/${file}`).toString("utf8");
    seeds.push(Buffer.from(text));
    // Addressed at each of our devices, so the commands reach real handlers.
    for (const mac of macs) if (text.includes(FIXTURE_MAC)) seeds.push(Buffer.from(text.replaceAll(FIXTURE_MAC, mac)));
  }
  // An update with the camera's right password, so some mutations do change its flash.
  const ports = { http: camera.serving.httpPort, command: 8000 };
  seeds.push(encodeProbe("FUZZ-UPDATE", "update", [["MAC", dashed(camera.identity.mac)], ...updateFields(sadpSaltedPassword("admin", camera.identity.salt, PASSWORD), { ipv4: "127.93.1.1", mask: "255.255.0.0", gateway: "127.93.0.1" }, ports)]));

  const dice = new Dice();
  const names = Object.keys(MUTATIONS);
  let sent = 0;
  let violations = 0;
  let changedAddressed = 0;
  for (const seed of seeds) {
    for (let i = 0; i < MUTATIONS_PER_SEED; i++) {
      let data = seed;
      for (let j = 0, n = 1 + dice.int(3); j < n; j++) data = MUTATIONS[dice.pick(names)]!(data, dice, macs);
      const probe = decodeProbe(data);
      if (probe) parseCommand(probe);
      const addressed = probe?.mac;
      const before = fleet.devices.map(snapshot);
      responder.handle({ data, address: "127.0.0.1", port: client.endpoint.port });
      sent++;
      await clock.advance(10);
      fleet.devices.forEach((device, k) => {
        const same = JSON.stringify(snapshot(device)) === JSON.stringify(before[k]);
        if (dashed(device.identity.mac) === addressed) {
          if (!same) changedAddressed++;
        } else if (!same) {
          violations++;
          t.fail(`${device.name} changed by a message for ${addressed ?? "nobody"}: ${data.toString("latin1").slice(0, 200)}`);
        }
      });
      // Keep the devices answering: a lock or a reboot-free state is what later mutations meet.
      if (camera.sadpLocked) camera.reboot("control");
      if (!camera.reachable) await clock.advance((camera.profile.shutdownSeconds + camera.profile.bootSeconds) * 1000 + 10);
    }
  }
  t.equal(violations, 0, `${sent} mutated messages: no unaddressed device changed`);
  t.ok(sent >= seeds.length * MUTATIONS_PER_SEED, "every seed mutated MUTATIONS_PER_SEED times");
  t.ok(changedAddressed > 0, "some mutations reached a handler and changed the addressed device (the fuzz is not all junk)");
  t.ok(responder.stats.commands > 100, `handlers ran (${responder.stats.commands} commands)`);
  const malformed = raw.filter((d) => decodeProbeMatch(d) === undefined);
  t.equal(malformed.length, 0, `every one of ${raw.length} replies is a well-formed ProbeMatch`);

  // The fuzzing sender has spent its own parse budget; a second later it is back.
  await clock.advance(2000);
  const uuid = await client.probe("inquiry");
  await clock.advance(50);
  t.equal(client.to(uuid).length, 3, "still answering inquiries afterwards");
});
