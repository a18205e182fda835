import t from "tap";
import { X509Certificate, createPrivateKey } from "node:crypto";
import { SelfSignedIssuer } from "../../src/runtime/self-signed-issuer.js";

t.test("a self-signed RSA certificate for the device's address, valid from the device's time", async (t) => {
  const notBefore = Date.UTC(2024, 4, 1, 12, 0, 0);
  const made = await new SelfSignedIssuer().issue({ commonName: "127.146.9.10", notBefore, validDays: 3650 });
  const cert = new X509Certificate(made.cert);
  t.equal(cert.subject, "CN=127.146.9.10", "subject CN is the address");
  t.equal(cert.issuer, cert.subject, "self-signed: issuer is the subject");
  t.equal(cert.subjectAltName, "IP Address:127.146.9.10", "subjectAltName names the IP");
  t.equal(new Date(cert.validFrom).getTime(), notBefore, "valid from the requested time");
  t.equal(new Date(cert.validTo).getTime(), notBefore + 3650 * 86_400_000, "valid for the requested days");
  const key = createPrivateKey(made.key);
  t.equal(key.asymmetricKeyType, "rsa");
  t.equal(key.asymmetricKeyDetails?.modulusLength, 2048);
  t.ok(cert.checkPrivateKey(key), "the key belongs to the certificate");
  t.ok(cert.verify(cert.publicKey), "signed by its own key");
});
