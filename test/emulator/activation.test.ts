import t from "tap";
import { decryptActivationPassword, encryptChallenge, newChallenge } from "../../src/emulator/activation.js";
import { SeededRandom } from "../../src/emulator/random.js";
import { encryptPassword, newClientKey, rsaDecryptPkcs1 } from "../helpers/isapi-activation-client.js";

t.test("challenge is 32 hex characters, RSA PKCS#1 v1.5 encrypted for the client (§2.3)", (t) => {
  const challenge = newChallenge(new SeededRandom("x"));
  t.match(challenge, /^[0-9a-f]{32}$/);
  const { publicKey, privateKey } = newClientKey();
  const cipher = encryptChallenge(publicKey, challenge);
  t.equal(cipher.length, 128, "one RSA-1024 block");
  t.equal(rsaDecryptPkcs1(privateKey, cipher).toString("ascii"), challenge);
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
