import t from "tap";
import { decryptActivationPassword, encryptChallenge, newChallenge } from "../../src/emulator/activation.js";
import { SeededRandom } from "../../src/emulator/random.js";
import { encryptPassword, newClientKey, rsaDecryptPkcs1 } from "../helpers/isapi-activation-client.js";

t.test("challenge is 32 hex characters, RSA PKCS#1 v1.5 encrypted for the client (§2.3)", (t) => {
  const challenge = newChallenge(new SeededRandom("x"));
  t.match(challenge, /^[0-9a-f]{32}$/);
  const { publicKey, privateKey } = newClientKey();
  const cipher = encryptChallenge(publicKey, challenge, new SeededRandom("pad"));
  t.equal(cipher.length, 128, "one RSA-1024 block");
  t.equal(rsaDecryptPkcs1(privateKey, cipher).toString("ascii"), challenge);
  t.end();
});

t.test("the RSA padding comes from the Random port: same seed, same ciphertext bytes", (t) => {
  const { publicKey, privateKey } = newClientKey();
  const challenge = newChallenge(new SeededRandom("x"));
  const a = encryptChallenge(publicKey, challenge, new SeededRandom("pad"));
  const b = encryptChallenge(publicKey, challenge, new SeededRandom("pad"));
  const c = encryptChallenge(publicKey, challenge, new SeededRandom("other"));
  t.same(a, b, "a seeded run is repeatable");
  t.notSame(a, c, "another seed pads differently");
  t.equal(rsaDecryptPkcs1(privateKey, c).toString("ascii"), challenge, "and still decrypts");
  // A Random that keeps returning zeros must not yield zero bytes in PS (RFC 8017 §7.2.1).
  let calls = 0;
  const mostlyZero = { bytes: (n: number) => (calls++ < 3 ? Buffer.alloc(n) : Buffer.alloc(n, 7)) };
  t.equal(rsaDecryptPkcs1(privateKey, encryptChallenge(publicKey, challenge, mostlyZero)).toString("ascii"), challenge);
  t.end();
});

t.test("password decrypts with the hex key (ISAPI) and the ASCII key (SADP Java client)", (t) => {
  const challenge = newChallenge(new SeededRandom("y"));
  const wire = (mode: "hex" | "ascii") => Buffer.from(Buffer.from(encryptPassword(challenge, "Secret123!", mode), "base64").toString("ascii"), "hex");
  t.equal(decryptActivationPassword(wire("hex"), challenge, "hex"), "Secret123!");
  t.equal(decryptActivationPassword(wire("ascii"), challenge, "ascii"), "Secret123!");
  t.equal(decryptActivationPassword(wire("ascii"), challenge, "either"), "Secret123!", "either mode accepts the conflicting variant");
  t.equal(decryptActivationPassword(wire("ascii"), challenge, "hex"), undefined, "hex mode refuses the ASCII-key ciphertext");
  t.equal(decryptActivationPassword(wire("hex"), newChallenge(new SeededRandom("z")), "either"), undefined, "another challenge does not decrypt");
  t.equal(decryptActivationPassword(Buffer.alloc(15), challenge, "either"), undefined, "not a whole AES block");
  t.end();
});

t.test("KeyExchange: one pending challenge, used for the password, forgotten on clear", async (t) => {
  const { KeyExchange } = await import("../../src/emulator/activation.js");
  const exchange = new KeyExchange(new SeededRandom("kx"));
  t.throws(() => exchange.passwordFrom(Buffer.alloc(16), "either"), { code: "noChallenge" }, "nothing pending yet");
  const { publicKey, privateKey } = newClientKey();
  const challenge = rsaDecryptPkcs1(privateKey, exchange.begin(publicKey)).toString("ascii");
  const wire = Buffer.from(Buffer.from(encryptPassword(challenge, "Secret123!", "hex"), "base64").toString("ascii"), "hex");
  t.equal(exchange.passwordFrom(wire, "either"), "Secret123!");
  t.throws(() => exchange.passwordFrom(Buffer.alloc(16), "either"), { code: "badEncryption" }, "another ciphertext");
  exchange.clear();
  t.throws(() => exchange.passwordFrom(wire, "either"), { code: "noChallenge" }, "cleared: as after a reboot");
});
