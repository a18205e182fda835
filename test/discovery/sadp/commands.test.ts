import t from "tap";
import { SADP_GROUP } from "../../../src/discovery/sadp/responder.js";
import type { ProbeMatchFields } from "../../../src/discovery/sadp/codec.js";
import type { Device } from "../../../src/emulator/device.js";
import type { VirtualClock } from "../../../src/emulator/clock.js";
import { CAMERA, LEGACY, NVR, makeFleet, profile, spec } from "../../helpers/harness.js";
import { SADP, SimClient, dashed, simResponder } from "../../helpers/sadp-sim.js";
import { readFixture } from "../../helpers/golden.js";
import { newClientKey } from "../../helpers/isapi-activation-client.js";
import { sadpSaltedPassword, updateFields, type SadpSend } from "../../helpers/sadp-activation-client.js";

const PASSWORD = "Sim4ctive!";

function simSender(client: SimClient, clock: VirtualClock, device: Device): SadpSend {
  return async (types, fields) => {
    const uuid = await client.probe(types, { extra: [["MAC", dashed(device.identity.mac)], ...fields] });
    await clock.advance(10);
    return client.to(uuid)[0];
  };
}

function activeFleet(octet: number, more: { lockAttempts?: number; resultTextElement?: string } = {}) {
  const base = profile(CAMERA);
  const camera = { ...spec(CAMERA, "camera-1", `127.${octet}.0.10`, PASSWORD), profile: { ...base, sadp: { ...base.sadp, commands: { ...base.sadp.commands, ...more } } } };
  return makeFleet({ specs: [camera, spec(LEGACY, "legacy-1", `127.${octet}.0.11`), spec(NVR, "nvr-1", `127.${octet}.0.12`)] });
}

const snapshot = (devices: readonly Device[]) => devices.map((d) => ({ name: d.name, flash: JSON.stringify(d.flash), revision: d.revision }));

function updateFor(device: Device, password: string, network: { ipv4: string; mask: string; gateway: string; dhcp?: boolean }, keying: "text" | "raw" = "text"): ProbeMatchFields {
  const ports = { http: device.serving.httpPort, command: 8000 };
  return updateFields(sadpSaltedPassword("admin", device.identity.salt, password, keying), network, ports);
}

t.test("a command for a MAC that is not ours changes nothing and gets no reply", async (t) => {
  const { fleet, clock } = await activeFleet(104);
  const { network, responder } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const camera = fleet.byName("camera-1")!;
  const before = snapshot(fleet.devices);
  // The right password for camera-1, the MAC of nobody here.
  const uuid = await client.probe("update", { extra: [["MAC", "00-11-22-33-44-55"], ...updateFor(camera, PASSWORD, { ipv4: "127.104.9.9", mask: "255.255.0.0", gateway: "127.104.0.1" })] });
  await client.probe("activate", { extra: [["MAC", "00-11-22-33-44-55"], ["Password", "AAAA"]] });
  await clock.advance(50);
  t.same(client.to(uuid), [], "silence");
  t.same(snapshot(fleet.devices), before, "every device's flash and revision unchanged");
  t.equal(responder.stats.notForUs, 2);
  t.equal(responder.stats.commands, 0, "no device was asked");
});

t.test("recovery commands (§1.8) not yet implemented and unknown Types: the catalog's not-supported answer", async (t) => {
  const { fleet, clock } = await activeFleet(104);
  const { network, responder } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const camera = fleet.byName("camera-1")!;
  const mac = dashed(camera.identity.mac);
  const before = snapshot(fleet.devices);
  // Every recovery command is implemented (issue 11); an unknown Types is not supported.
  const types = ["lamp"];
  for (const type of types) {
    const xml = readFixture(`sadp/command.${type}.xml`).toString("utf8").replace("68-6d-bc-ee-f8-f0", mac).replace(/<Uuid>[^<]*<\/Uuid>/, `<Uuid>R-${type}</Uuid>`);
    await client.endpoint.send(Buffer.from(xml), "127.0.0.1", SADP);
  }
  await clock.advance(100);
  for (const type of types) {
    t.same(
      client.to(`R-${type}`).map((f) => Object.fromEntries(f)),
      [{ Uuid: `R-${type}`, MAC: mac, Types: type, Result: "denied", ResultDescription: "Device deny!" }],
      type,
    );
  }
  t.equal(responder.stats.unsupported, types.length);
  t.same(snapshot(fleet.devices), before, "nothing changed anywhere");
});

t.test("getcode and reset (issue 11, methods 1 and 2): the fixtures get the key blob and a refused code", async (t) => {
  const { fleet, clock } = await activeFleet(104);
  const { network, responder } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const camera = fleet.byName("camera-1")!;
  const mac = dashed(camera.identity.mac);
  const before = snapshot(fleet.devices);
  for (const type of ["getcode", "reset"]) {
    const xml = readFixture(`sadp/command.${type}.xml`).toString("utf8").replace("68-6d-bc-ee-f8-f0", mac).replace(/<Uuid>[^<]*<\/Uuid>/, `<Uuid>R-${type}</Uuid>`);
    await client.endpoint.send(Buffer.from(xml), "127.0.0.1", SADP);
    await clock.advance(100);
  }
  const [exported] = client.to("R-getcode");
  t.equal(exported?.get("Result"), "success");
  t.same([...Buffer.from(exported?.get("Code") ?? "", "base64").subarray(0, 4)], [3, 0, 0, 0], "the key blob (§1.8.2)");
  t.same(
    client.to("R-reset").map((f) => Object.fromEntries(f)),
    [{ Uuid: "R-reset", MAC: mac, Types: "reset", Result: "failure", ResultDescription: "Password error!" }],
    "the fixture's Code is no support answer",
  );
  t.equal(responder.stats.unsupported, 0, "both are implemented");
  t.same(snapshot(fleet.devices), before, "nothing in flash changed");
});

t.test("update: bad values fail and change nothing; Ipv4 spelling and the Java client's raw keying are accepted", async (t) => {
  const { fleet, clock } = await activeFleet(104);
  const { network } = simResponder(fleet, clock);
  const camera = fleet.byName("camera-1")!;
  const send = simSender(SimClient.bind(network), clock, camera);
  const good = { ipv4: "127.104.5.5", mask: "255.255.0.0", gateway: "127.104.0.1" };
  const before = snapshot(fleet.devices);
  const cases: [string, ProbeMatchFields, string][] = [
    ["an address that is no host address", updateFor(camera, PASSWORD, { ...good, ipv4: "300.1.1.1" }), "Device deny!"],
    ["a mask that is no mask", updateFor(camera, PASSWORD, { ...good, mask: "255.0.255.0" }), "Device deny!"],
    ["DHCP neither true nor false", updateFor(camera, PASSWORD, good).map(([k, v]) => [k, k === "DHCP" ? "maybe" : v] as const), "Device deny!"],
    ["a port that is no number", updateFor(camera, PASSWORD, good).map(([k, v]) => [k, k === "CommandPort" ? "eighty" : v] as const), "Device deny!"],
    ["another HTTP port", updateFor(camera, PASSWORD, good).map(([k, v]) => [k, k === "HttpPort" ? "8080" : v] as const), "Port change not supported!"],
    ["another SDK-over-TLS port", updateFor(camera, PASSWORD, good).map(([k, v]) => [k, k === "SDKOverTLSPort" ? "9443" : v] as const), "Port change not supported!"],
    ["no password", updateFor(camera, PASSWORD, good).filter(([k]) => k !== "Password"), "Device deny!"],
  ];
  for (const [what, fields, text] of cases) {
    const reply = await send("update", fields);
    t.same([reply?.get("Result"), reply?.get("ResultDescription")], ["failure", text], what);
  }
  t.same(snapshot(fleet.devices), before, "nothing changed");

  const wrong = await send("update", updateFor(camera, "Wrong1234!", good));
  t.equal(wrong?.get("RetryTimes"), "6");
  const spelled = updateFor(camera, PASSWORD, good, "raw").map(([k, v]) => [k === "IPv4Address" ? "Ipv4Address" : k, v] as const);
  t.equal((await send("update", spelled))?.get("Result"), "success", "Ipv4Address, raw-keyed salted password");
  t.same(camera.network, { ...good, dhcp: false });
  t.equal((await send("update", updateFor(camera, "Wrong1234!", good)))?.get("RetryTimes"), "6", "the success reset the count");

  const withoutDetail = await send("update", updateFor(camera, "Wrong1234!", good).filter(([k]) => k !== "PWErrorParse"));
  t.same(withoutDetail && [...withoutDetail.keys()], ["Uuid", "MAC", "Types", "Result", "ResultDescription"], "no PWErrorParse: no detail");
});

t.test("update on an inactive device: No activated!; activation itself is never locked", async (t) => {
  const { fleet, clock } = await makeFleet({ specs: [spec(CAMERA, "camera-1", "127.105.0.10")] });
  const { network } = simResponder(fleet, clock);
  const camera = fleet.byName("camera-1")!;
  const send = simSender(SimClient.bind(network), clock, camera);
  const reply = await send("update", updateFor(camera, PASSWORD, { ipv4: "127.105.1.1", mask: "255.255.0.0", gateway: "127.105.0.1" }));
  t.same([reply?.get("Result"), reply?.get("ResultDescription")], ["failure", "No activated!"]);
  t.equal(camera.sadpLocked, false);
  const noKey = await send("exchangecode", [["Code", "bm90IGEga2V5"]]);
  t.same([noKey?.get("Result"), noKey?.get("ResultDescription")], ["failure", "Device deny!"], "exchangecode with junk for a key");
  const { publicKey } = newClientKey();
  const spki = await send("exchangecode", [["Code", publicKey.export({ format: "der", type: "spki" }).toString("base64")]]);
  t.equal(spki?.get("Result"), "success", "a DER SubjectPublicKeyInfo is accepted as well as PKCS#1");
  t.equal(Buffer.from(spki?.get("Code") ?? "", "base64").length, 128, "the challenge encrypted for that 1024-bit key");
});

t.test("the lock: profile attempts, DeviceLock in the (cached) ProbeMatch, lifted by a reboot; no text element when the profile says none", async (t) => {
  const { fleet, clock } = await activeFleet(106, { lockAttempts: 2, resultTextElement: "" });
  const { network } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const camera = fleet.byName("camera-1")!;
  const send = simSender(client, clock, camera);
  const inquiry = async () => {
    const uuid = await client.probe("inquiry", { extra: [["MAC", dashed(camera.identity.mac)]] });
    await clock.advance(10);
    return client.to(uuid)[0]?.get("DeviceLock");
  };
  const good = { ipv4: "127.106.5.5", mask: "255.255.0.0", gateway: "127.106.0.1" };
  t.equal(await inquiry(), "false");
  const first = await send("update", updateFor(camera, "Wrong1234!", good));
  t.same(first && Object.fromEntries(first), { Uuid: first?.get("Uuid"), MAC: dashed(camera.identity.mac), Types: "update", Result: "failure", RetryTimes: "1", LockStatus: "unlock" }, "no ResultDescription");
  t.equal(await inquiry(), "false", "cached ProbeMatch, still unlocked");
  t.equal((await send("update", updateFor(camera, "Wrong1234!", good)))?.get("LockStatus"), "lock", "2 wrong: locked");
  t.equal(await inquiry(), "true", "the cached ProbeMatch follows the lock");
  t.equal((await send("update", updateFor(camera, PASSWORD, good)))?.get("LockStatus"), "lock");

  camera.reboot("control");
  await clock.advance((camera.profile.shutdownSeconds + camera.profile.bootSeconds) * 1000 + 10);
  t.equal(camera.reachable, true);
  t.equal(await inquiry(), "false", "a reboot clears the lock (RAM)");
  t.equal((await send("update", updateFor(camera, PASSWORD, good)))?.get("Result"), "success");
});

t.test("one command sent to unicast and the group is one attempt", async (t) => {
  const { fleet, clock } = await activeFleet(107);
  const { network, responder } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const camera = fleet.byName("camera-1")!;
  const extra: ProbeMatchFields = [["MAC", dashed(camera.identity.mac)], ...updateFor(camera, "Wrong1234!", { ipv4: "127.107.5.5", mask: "255.255.0.0", gateway: "127.107.0.1" })];
  await client.probe("update", { uuid: "SAME", extra });
  await client.probe("update", { uuid: "SAME", extra, to: SADP_GROUP });
  await clock.advance(10);
  t.equal(client.to("SAME").length, 1, "one reply");
  t.equal(client.to("SAME")[0]?.get("RetryTimes"), "6", "one count");
  t.equal(responder.stats.duplicate, 1);
});

t.test("one Uuid reused for exchangecode then activate: both are answered (Types is part of the duplicate key)", async (t) => {
  const { fleet, clock } = await makeFleet({ specs: [spec(CAMERA, "camera-1", "127.107.0.20")] });
  const { network, responder } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const camera = fleet.byName("camera-1")!;
  const mac: ProbeMatchFields = [["MAC", dashed(camera.identity.mac)]];
  const { publicKey } = newClientKey();
  await client.probe("exchangecode", { uuid: "ONE", extra: [...mac, ["Code", publicKey.export({ format: "der", type: "pkcs1" }).toString("base64")]] });
  await clock.advance(10);
  await client.probe("activate", { uuid: "ONE", extra: [...mac, ["Password", "AAAAAAAAAAAAAAAAAAAAAA=="]] });
  await clock.advance(10);
  t.same(client.to("ONE").map((r) => r.get("Types")), ["exchangecode", "activate"], "two answers for one Uuid");
  t.equal(client.to("ONE")[1]?.get("Result"), "failure", "the activate was looked at (a wrong cipher fails)");
  t.equal(responder.stats.duplicate, 0);
});

t.test("command replies are paced with the rest; a handler that fails or hangs never breaks the loop", async (t) => {
  const specs = Array.from({ length: 3 }, (_, i) => spec(CAMERA, `c${i}`, `127.108.0.${i + 1}`, PASSWORD));
  const { fleet, clock } = await makeFleet({ specs });
  const { network } = simResponder(fleet, clock);
  const client = SimClient.bind(network);
  const uuids = [];
  for (const device of fleet.devices) uuids.push(await client.probe("lamp", { extra: [["MAC", dashed(device.identity.mac)]] }));
  await clock.advance(0);
  t.equal(uuids.filter((u) => client.to(u).length > 0).length, 2, "burst of 4 datagrams: 2 replies with their group copies");
  await clock.advance(10);
  t.equal(uuids.filter((u) => client.to(u).length > 0).length, 3, "the third in the next step");

  let release: (data: Buffer) => void = () => undefined;
  const hanging = new Promise<Buffer>((resolve) => (release = resolve));
  const calls: string[] = [];
  const odd = simResponder(fleet, clock, {
    commands: (device, probe) => {
      calls.push(probe.types);
      if (probe.types === "boom") return Promise.reject(new Error("handler bug"));
      return hanging;
    },
  });
  const oddClient = SimClient.bind(odd.network);
  const boom = await oddClient.probe("boom", { extra: [["MAC", dashed(fleet.devices[0]!.identity.mac)]] });
  const slow = await oddClient.probe("slow", { extra: [["MAC", dashed(fleet.devices[1]!.identity.mac)]] });
  await clock.advance(20);
  t.same(calls, ["boom", "slow"]);
  t.same(oddClient.to(boom), [], "a rejected handler: no reply, nothing thrown");
  t.equal(odd.responder.queued, 1, "the hanging command counts against the queue");
  const after = await oddClient.probe("inquiry");
  await clock.advance(20);
  t.equal(oddClient.to(after).length, 3, "inquiries still answered meanwhile");
  const second = await oddClient.probe("slow", { extra: [["MAC", dashed(fleet.devices[1]!.identity.mac)]] });
  const third = await oddClient.probe("slow", { extra: [["MAC", dashed(fleet.devices[1]!.identity.mac)]] });
  await clock.advance(20);
  t.same(calls, ["boom", "slow", "slow"], "a device works on two commands at most; the third is dropped");
  t.equal(odd.responder.stats.busy, 1);
  await clock.advance(10_000);
  t.same(
    [slow, second].map((u) => [oddClient.to(u)[0]?.get("Result"), oddClient.to(u)[0]?.get("ResultDescription")]),
    [["failure", "Device deny!"], ["failure", "Device deny!"]],
    "after 10 s unfinished commands are answered with the catalog's deviceError",
  );
  t.equal(odd.responder.stats.timedOut, 2);
  t.equal(odd.responder.queued, 0, "and their slots are free");
  t.same(oddClient.to(third), [], "the dropped one stays unanswered");
  const answered = oddClient.to(slow).length;
  release(Buffer.from("late"));
  await clock.advance(20);
  t.equal(oddClient.to(slow).length, answered, "a reply finished after the deadline is not sent");
  const late = await oddClient.probe("slow", { extra: [["MAC", dashed(fleet.devices[1]!.identity.mac)]] });
  odd.responder.close();
  await clock.advance(20);
  t.same(oddClient.to(late), [], "nor one finished after close");
});
