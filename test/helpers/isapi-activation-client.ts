import { constants, createCipheriv, generateKeyPairSync, privateDecrypt, type KeyObject } from "node:crypto";

/**
 * An activation client written from hik-protocols.md §2.3 alone, as the web UI does it:
 * RSA-1024 key, challenge, decrypt the 32-hex random string, AES-128-ECB the password.
 */
export interface ActivationResult {
  readonly challengeStatus: number;
  readonly status: number;
  readonly body: string;
}

export function newClientKey(): { publicKey: KeyObject; privateKey: KeyObject } {
  return generateKeyPairSync("rsa", { modulusLength: 1024, publicExponent: 65537 });
}

/** `<key>` = Base64(hex(modulus)) (§2.3 step 3). */
export function publicKeyElement(publicKey: KeyObject): string {
  const n = publicKey.export({ format: "jwk" }).n as string;
  return Buffer.from(Buffer.from(n, "base64url").toString("hex"), "ascii").toString("base64");
}

/**
 * Node 20 refuses PKCS#1 v1.5 in privateDecrypt, so decrypt raw and strip the padding
 * (00 02 nonzero-random 00 message) ourselves.
 */
export function rsaDecryptPkcs1(privateKey: KeyObject, cipher: Buffer): Buffer {
  const block = privateDecrypt({ key: privateKey, padding: constants.RSA_NO_PADDING }, cipher);
  if (block[0] !== 0 || block[1] !== 2) throw new Error("not a PKCS#1 v1.5 type 2 block");
  const separator = block.indexOf(0, 2);
  if (separator < 10) throw new Error("PKCS#1 padding too short");
  return block.subarray(separator + 1);
}

/** Base64(hex(AES-128-ECB(random[0:16] + password, zero-padded))) with key = hex-decoded random (§2.3 step 5). */
export function encryptPassword(random: string, password: string, keyMode: "hex" | "ascii" = "hex"): string {
  const key = keyMode === "hex" ? Buffer.from(random, "hex") : Buffer.from(random.slice(0, 16), "ascii");
  const plain = Buffer.from(random.slice(0, 16) + password, "latin1");
  const padded = Buffer.concat([plain, Buffer.alloc((16 - (plain.length % 16)) % 16)]);
  const cipher = createCipheriv("aes-128-ecb", key, null);
  cipher.setAutoPadding(false);
  const encrypted = Buffer.concat([cipher.update(padded), cipher.final()]);
  return Buffer.from(encrypted.toString("hex"), "ascii").toString("base64");
}

export async function requestChallenge(baseUrl: string, publicKey: KeyObject): Promise<{ status: number; body: string }> {
  const response = await fetch(new URL("/ISAPI/Security/challenge", baseUrl), {
    method: "POST",
    body: `<?xml version="1.0" encoding="UTF-8"?><PublicKey><key>${publicKeyElement(publicKey)}</key></PublicKey>`,
  });
  return { status: response.status, body: await response.text() };
}

export function randomFromChallenge(privateKey: KeyObject, body: string): string {
  const key = /<key>([^<]+)<\/key>/.exec(body)?.[1];
  if (!key) throw new Error(`no <key> in challenge reply: ${body}`);
  const hex = Buffer.from(key, "base64").toString("ascii");
  return rsaDecryptPkcs1(privateKey, Buffer.from(hex, "hex")).toString("ascii");
}

export async function activateOverIsapi(baseUrl: string, password: string): Promise<ActivationResult> {
  const { publicKey, privateKey } = newClientKey();
  const challenge = await requestChallenge(baseUrl, publicKey);
  if (challenge.status !== 200) return { challengeStatus: challenge.status, status: 0, body: challenge.body };
  const random = randomFromChallenge(privateKey, challenge.body);
  const response = await fetch(new URL("/ISAPI/System/activate", baseUrl), {
    method: "PUT",
    body: `<?xml version="1.0" encoding="UTF-8"?><ActivateInfo><password>${encryptPassword(random, password)}</password></ActivateInfo>`,
  });
  return { challengeStatus: challenge.status, status: response.status, body: await response.text() };
}
