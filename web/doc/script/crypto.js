// Hashes and ciphers of the login and activation flows, on node-forge's browser build
// (/doc/script/lib/forge.min.js, loaded by the page before this module): a browser withholds
// WebCrypto from plain-HTTP pages served from anything but loopback, as devices usually are.
const forge = globalThis.forge;

export function sha256Hex(text) {
  return forge.md.sha256.create().update(forge.util.encodeUtf8(text)).digest().toHex();
}

export function md5Hex(text) {
  return forge.md.md5.create().update(forge.util.encodeUtf8(text)).digest().toHex();
}

/**
 * The session-login answer (hik-protocols.md §2.4, irreversible): sha256(user + salt + password),
 * with salt2 on sessionIDVersion 2.1, then sha256(r + challenge), then iterated up to `iterations`.
 */
export function sessionLoginHash(cap, userName, password) {
  let r = sha256Hex(userName + cap.salt + password);
  if (cap.sessionIDVersion === "2.1" && cap.salt2) r = sha256Hex(userName + cap.salt2 + r);
  r = sha256Hex(r + cap.challenge);
  for (let i = 2; i < cap.iterations; i++) r = sha256Hex(r);
  return r;
}

/** An RSA-1024 key pair for the activation challenge (§2.3 step 3); slow enough to show progress. */
export function newRsaKeyPair() {
  return forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
}

/** `<key>` of PublicKey: Base64 of the modulus in hex (§2.3 step 3). */
export function publicKeyElement(keys) {
  let hex = keys.publicKey.n.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  return btoa(hex);
}

/** The device's `<key>` (Base64 of hex of the RSA PKCS#1 v1.5 cipher) decrypted: the 32-hex random. */
export function decryptChallenge(keys, element) {
  return keys.privateKey.decrypt(forge.util.hexToBytes(atob(element.trim())), "RSAES-PKCS1-V1_5");
}

/**
 * The activation / password form (§2.3 step 5): AES-128-ECB with the hex-decoded random as key
 * over random[0:16] + password, zero-padded, sent as Base64 of hex.
 */
export function encryptWithRandom(random, password) {
  const cipher = forge.cipher.createCipher("AES-ECB", forge.util.hexToBytes(random));
  cipher.start();
  let plain = random.slice(0, 16) + forge.util.encodeUtf8(password);
  while (plain.length % 16) plain += "\0";
  cipher.update(forge.util.createBuffer(plain, "raw"));
  cipher.finish(() => true);
  return btoa(cipher.output.toHex());
}
