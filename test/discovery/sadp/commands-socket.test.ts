import t from "tap";
import { VirtualClock } from "../../../src/emulator/clock.js";
import { startDefaultFleet, baseUrl } from "../../helpers/emulator.js";
import { sadpProbe } from "../../helpers/sadp-client.js";
import { requestsDigest } from "../../helpers/requests-digest.js";
import { activateOverSadp, sadpSaltedPassword, udpRequest, udpSender, updateFields } from "../../helpers/sadp-activation-client.js";
import type { RunningEmulator } from "../../../src/runtime/emulator.js";
import type { Device } from "../../../src/emulator/device.js";
import type { ProbeMatchFields } from "../../../src/discovery/sadp/codec.js";

const PASSWORD = "Sadp4ctive!";
const dashed = (device: Device) => device.identity.mac.replaceAll(":", "-");

function deviceOf(emulator: RunningEmulator, name: string): Device {
  const device = emulator.fleet.byName(name);
  if (!device) throw new Error(`no ${name}`);
  return device;
}

async function inquiryOf(emulator: RunningEmulator, device: Device): Promise<Map<string, string>> {
  const replies = await sadpProbe({ address: "127.0.0.1", port: emulator.sadpPort, expect: emulator.fleet.devices.length });
  const fields = replies.byMac.get(dashed(device));
  if (!fields) throw new Error(`${device.name} did not answer the inquiry`);
  return fields;
}

/** The §1.7 update as the Java client writes it: `<Password bSalt="true">`, PWErrorParse first. */
function updateXml(uuid: string, mac: string, fields: ProbeMatchFields): Buffer {
  const body = fields.map(([name, value]) => (name === "Password" ? `<Password bSalt="true">${value}</Password>` : `<${name}>${value}</${name}>`)).join("");
  return Buffer.from(`<?xml version="1.0" encoding="utf-8"?><Probe><Uuid>${uuid}</Uuid><Types>update</Types><MAC>${mac}</MAC>${body}</Probe>`, "utf8");
}

t.test("activation over SADP (ASCII key, §1.6): Activated true next inquiry, and ISAPI Digest takes the password", async (t) => {
  const emulator = await startDefaultFleet(t, 100);
  const camera = deviceOf(emulator, "camera-1");
  const url = `${baseUrl(emulator, "camera-1")}/ISAPI/System/deviceInfo`;
  t.equal((await inquiryOf(emulator, camera)).get("Activated"), "false", "factory-new");

  const send = udpSender("127.0.0.1", emulator.sadpPort, dashed(camera));
  const { exchange, reply } = await activateOverSadp(send, PASSWORD, "ascii");
  t.equal(exchange?.get("Result"), "success", "exchangecode: success");
  t.match(exchange?.get("Code") ?? "", /^[A-Za-z0-9+/]+=*$/, "with the challenge in <Code>, Base64");
  t.same(
    reply && [...reply.keys()],
    ["Uuid", "MAC", "Types", "Result"],
    "the §1.5 action response: Uuid, MAC, Types, Result",
  );
  t.equal(reply?.get("MAC"), dashed(camera));
  t.equal(reply?.get("Types"), "activate");
  t.equal(reply?.get("Result"), "success");

  t.equal((await inquiryOf(emulator, camera)).get("Activated"), "true", "the next inquiry shows Activated true");
  t.equal((await requestsDigest(url, "admin", PASSWORD)).final.status, 200, "ISAPI Digest login with the SADP password");
  t.equal((await requestsDigest(url, "admin", "Wrong1234!")).final.status, 401, "and not with another");

  const again = await activateOverSadp(send, "Another12!");
  t.equal(again.reply?.get("Result"), "failure", "a second activation fails");
  t.equal(again.reply?.get("ResultDescription"), "Has activated!");
  t.equal((await requestsDigest(url, "admin", PASSWORD)).final.status, 200, "the first password stays");
});

t.test("the other key reading (hex, as ISAPI), refusals, and firmware without activation", async (t) => {
  const emulator = await startDefaultFleet(t, 101);
  const nvr = deviceOf(emulator, "nvr-1");
  const send = udpSender("127.0.0.1", emulator.sadpPort, dashed(nvr));

  const early = await send("activate", [["Password", Buffer.alloc(32, 1).toString("base64")]]);
  t.equal(early?.get("Result"), "failure", "activate before any exchangecode fails");
  t.equal(early?.get("ResultDescription"), "Empty encrypt string!");

  const weak = await activateOverSadp(send, "abc");
  t.equal(weak.reply?.get("Result"), "failure", "a risky password is refused");
  t.equal(weak.reply?.get("ResultDescription"), "Risk password!");
  t.equal(nvr.activated, false);

  const hex = await activateOverSadp(send, PASSWORD, "hex");
  t.equal(hex.reply?.get("Result"), "success", "hex-decoded challenge as AES key: accepted too");
  t.equal((await inquiryOf(emulator, nvr)).get("Activated"), "true");
  t.equal((await requestsDigest(`${baseUrl(emulator, "nvr-1")}/ISAPI/System/deviceInfo`, "admin", PASSWORD)).final.status, 200);

  const legacy = deviceOf(emulator, "legacy-camera-1");
  const old = await activateOverSadp(udpSender("127.0.0.1", emulator.sadpPort, dashed(legacy)), PASSWORD);
  t.equal(old.exchange?.get("Result"), "denied", "V5.2 firmware has no activation: not supported");
  t.equal(old.exchange?.get("ResultDescription"), "Device deny!");
  const legacySend = udpSender("127.0.0.1", emulator.sadpPort, dashed(legacy));
  t.equal((await legacySend("exchangecode", [["Code", "not-a-key"]]))?.get("Result"), "denied", "whatever the key: the firmware refuses the command itself");
  t.equal((await legacySend("activate", [["Password", "AAAA"]]))?.get("Result"), "denied");
});

t.test("update (§1.7) with the salted password changes the address SADP and flash report", async (t) => {
  const emulator = await startDefaultFleet(t, 102);
  const camera = deviceOf(emulator, "camera-1");
  const send = udpSender("127.0.0.1", emulator.sadpPort, dashed(camera));
  t.equal((await activateOverSadp(send, PASSWORD)).reply?.get("Result"), "success");
  const before = await inquiryOf(emulator, camera);
  const salt = before.get("Salt") ?? "";
  const ports = { http: Number(before.get("HttpPort")), command: Number(before.get("CommandPort")), sdkOverTls: Number(before.get("SDKOverTLSPort")) };
  const network = { ipv4: "127.102.7.70", mask: "255.255.0.0", gateway: "127.102.0.1" };

  const wrong = await udpRequest("127.0.0.1", emulator.sadpPort, (uuid) => updateXml(uuid, dashed(camera), updateFields(sadpSaltedPassword("admin", salt, "Wrong1234!"), network, ports)));
  t.equal(wrong?.get("Result"), "failure", "wrong password: failure");
  t.equal(wrong?.get("ResultDescription"), "Password error!");
  t.equal(wrong?.get("RetryTimes"), "6", "PWErrorParse: attempts left before the lock");
  t.equal((await inquiryOf(emulator, camera)).get("IPv4Address"), "127.102.0.10", "nothing changed");

  const right = await udpRequest("127.0.0.1", emulator.sadpPort, (uuid) => updateXml(uuid, dashed(camera), updateFields(sadpSaltedPassword("admin", salt, PASSWORD), network, ports)));
  t.same(right && Object.fromEntries(right), { Uuid: right?.get("Uuid"), MAC: dashed(camera), Types: "update", Result: "success" });
  const after = await inquiryOf(emulator, camera);
  t.same([after.get("IPv4Address"), after.get("IPv4SubnetMask"), after.get("IPv4Gateway"), after.get("DHCP")], ["127.102.7.70", "255.255.0.0", "127.102.0.1", "false"], "the next ProbeMatch shows the new network");
  t.same(camera.flash.network, { ipv4: "127.102.7.70", mask: "255.255.0.0", gateway: "127.102.0.1", dhcp: false }, "flash holds it");
  t.equal(camera.flash.networkSetBy, "device", "and says the device set it");
});

t.test("the SADP lock: N wrong passwords lock update until the lock expires on the device clock", async (t) => {
  const clock = new VirtualClock();
  const emulator = await startDefaultFleet(t, 103, clock);
  const camera = deviceOf(emulator, "camera-1");
  const send = udpSender("127.0.0.1", emulator.sadpPort, dashed(camera));
  t.equal((await activateOverSadp(send, PASSWORD)).reply?.get("Result"), "success");
  const before = await inquiryOf(emulator, camera);
  const salt = before.get("Salt") ?? "";
  const ports = { http: Number(before.get("HttpPort")), command: Number(before.get("CommandPort")) };
  const network = { ipv4: "127.103.8.80", mask: "255.255.0.0", gateway: "127.103.0.1" };
  const attempt = (password: string) => send("update", updateFields(sadpSaltedPassword("admin", salt, password), network, ports));

  const attempts = camera.profile.sadp.commands.lockAttempts;
  t.equal(attempts, 7, "default: 7, as the §2.11 camera lockout");
  const left: string[] = [];
  for (let i = 0; i < attempts; i++) left.push((await attempt(`Wrong${i}abc!`))?.get("RetryTimes") ?? "?");
  t.same(left, ["6", "5", "4", "3", "2", "1", "0"], "attempts left count down to 0");
  t.equal((await inquiryOf(emulator, camera)).get("DeviceLock"), "true", "ProbeMatch shows DeviceLock true");

  const refused = await attempt(PASSWORD);
  t.equal(refused?.get("Result"), "failure", "even the right password is refused while locked");
  t.equal(refused?.get("ResultDescription"), "Device lock!");
  t.equal(refused?.get("LockStatus"), "lock");
  t.equal(refused?.get("UnlockTime"), "1800", "30 minutes to go");
  t.equal(camera.network.ipv4, "127.103.0.10", "nothing changed");

  await clock.advance(1799 * 1000);
  t.equal((await attempt(PASSWORD))?.get("UnlockTime"), "1", "still locked a second before the end");
  await clock.advance(1000);
  t.equal((await inquiryOf(emulator, camera)).get("DeviceLock"), "false", "the lock lifts on the device clock");
  t.equal((await attempt(PASSWORD))?.get("Result"), "success", "and the right password works again");
  t.equal((await inquiryOf(emulator, camera)).get("IPv4Address"), "127.103.8.80");
});
