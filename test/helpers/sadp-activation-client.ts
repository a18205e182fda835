import { createSocket } from "node:dgram";
import { createCipheriv, createHash, randomUUID, type KeyObject } from "node:crypto";
import { decodeProbeMatch, encodeProbe, type ProbeMatchFields } from "../../src/discovery/sadp/codec.js";
import { newClientKey, rsaDecryptPkcs1 } from "./isapi-activation-client.js";

/**
 * A SADP command client written from hik-protocols.md §1.5–1.7 alone (the Java client they
 * describe): a `<Probe>` with Uuid, MAC and Types, and the reply read as the ProbeMatch whose
 * Uuid echoes ours.
 */

/** Sends one command and resolves with the reply's fields, or undefined when none came. */
export type SadpSend = (types: string, fields: ProbeMatchFields) => Promise<Map<string, string> | undefined>;

/** Over a real UDP socket on 127.0.0.1, as a scanner reads replies on its sending socket. */
export function udpSender(address: string, port: number, mac: string, timeoutMs = 3000): SadpSend {
  return (types, fields) => udpRequest(address, port, (uuid) => encodeProbe(uuid, types, [["MAC", mac], ...fields]), timeoutMs);
}

/**
 * To the SADP group out of one interface, as SADP Tool on another host sends commands (§1.1);
 * the device's unicast copy of the reply comes back to this socket.
 */
export function groupSender(interfaceAddress: string, port: number, mac: string, timeoutMs = 5000): SadpSend {
  return (types, fields) => udpRequest("239.255.255.250", port, (uuid) => encodeProbe(uuid, types, [["MAC", mac], ...fields]), timeoutMs, interfaceAddress);
}

/** Sends `build(uuid)` from `bindAddress` and resolves with the first ProbeMatch for that Uuid (undefined after the wait). */
export function udpRequest(address: string, port: number, build: (uuid: string) => Buffer, timeoutMs = 3000, bindAddress = "127.0.0.1"): Promise<Map<string, string> | undefined> {
  const uuid = randomUUID().toUpperCase();
  const socket = createSocket("udp4");
  return new Promise((resolve, reject) => {
    const finish = (fields: Map<string, string> | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(fields);
    };
    const timer = setTimeout(() => finish(undefined), timeoutMs);
    socket.on("error", (error) => {
      clearTimeout(timer);
      socket.close();
      reject(error);
    });
    socket.on("message", (data) => {
      const fields = decodeProbeMatch(data);
      if (fields?.get("Uuid") === uuid) finish(fields);
    });
    socket.bind(0, bindAddress, () => {
      if (bindAddress !== "127.0.0.1") socket.setMulticastInterface(bindAddress);
      socket.send(build(uuid), port, address);
    });
  });
}

/** §1.6 step 2: `<Code>` = Base64(DER PKCS#1 RSAPublicKey), "MIGJ…" for RSA-1024. */
export function pkcs1Code(publicKey: KeyObject): string {
  return publicKey.export({ format: "der", type: "pkcs1" }).toString("base64");
}

/**
 * §1.6 step 4: AES-128-ECB over random[0:16] + password, zero-padded to 16, Base64 of the
 * ciphertext. Key: the ASCII of random[0:16] (the SADP Java client), or the hex-decoded random
 * (the ISAPI way, §2.3) for the other reading of the CONFLICT.
 */
export function sadpActivationCipher(random: string, password: string, keyMode: "ascii" | "hex" = "ascii"): string {
  const key = keyMode === "ascii" ? Buffer.from(random.slice(0, 16), "ascii") : Buffer.from(random, "hex");
  const plain = Buffer.from(random.slice(0, 16) + password, "latin1");
  const padded = Buffer.concat([plain, Buffer.alloc((16 - (plain.length % 16)) % 16)]);
  const cipher = createCipheriv("aes-128-ecb", key, null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(padded), cipher.final()]).toString("base64");
}

export interface SadpActivation {
  readonly exchange: Map<string, string> | undefined;
  readonly reply: Map<string, string> | undefined;
}

/** exchangecode, decrypt the challenge (RSA_NO_PADDING + our own PKCS#1 v1.5 unpadding), activate. */
export async function activateOverSadp(send: SadpSend, password: string, keyMode: "ascii" | "hex" = "ascii"): Promise<SadpActivation> {
  const { publicKey, privateKey } = newClientKey();
  const exchange = await send("exchangecode", [["Code", pkcs1Code(publicKey)]]);
  const code = exchange?.get("Code");
  if (exchange?.get("Result") !== "success" || !code) return { exchange, reply: undefined };
  const random = rsaDecryptPkcs1(privateKey, Buffer.from(code, "base64")).toString("ascii");
  const reply = await send("activate", [["Password", sadpActivationCipher(random, password, keyMode)]]);
  return { exchange, reply };
}

/**
 * §1.7 `<Password bSalt="true">`: h = sha256hex(user + Salt + password), k = md5hex(h);
 * AES-128-ECB keyed with the first 16 characters of k over a zero-padded 64-byte buffer that
 * starts with k; Base64. `raw`: the Java code's own reading, k hex-decoded (16 bytes) as key
 * and buffer start.
 */
export function sadpSaltedPassword(userName: string, salt: string, password: string, keying: "text" | "raw" = "text"): string {
  const h = createHash("sha256").update(`${userName}${salt}${password}`).digest("hex");
  const k = createHash("md5").update(h).digest("hex");
  const kBytes = keying === "text" ? Buffer.from(k, "ascii") : Buffer.from(k, "hex");
  const plain = Buffer.alloc(64);
  kBytes.copy(plain);
  const cipher = createCipheriv("aes-128-ecb", kBytes.subarray(0, 16), null);
  cipher.setAutoPadding(false);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString("base64");
}

/** The §1.7 update template's fields, with the values of `network` and `ports`. */
export function updateFields(
  password: string,
  network: { ipv4: string; mask: string; gateway: string; dhcp?: boolean },
  ports: { http: number; command: number; sdkOverTls?: number },
): ProbeMatchFields {
  return [
    ["PWErrorParse", "true"],
    ["Password", password],
    ["IPv4Address", network.ipv4],
    ["CommandPort", String(ports.command)],
    ["IPv4SubnetMask", network.mask],
    ["IPv4Gateway", network.gateway],
    ["IPv6Address", "::"],
    ["IPv6Gateway", "::"],
    ["IPv6MaskLen", "64"],
    ["DHCP", String(network.dhcp ?? false)],
    ["HttpPort", String(ports.http)],
    ["SDKOverTLSPort", String(ports.sdkOverTls ?? 8443)],
  ];
}
