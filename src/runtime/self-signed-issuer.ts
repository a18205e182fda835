import { generate } from "selfsigned";
import type { CertificateIssuer, CertificateRequest } from "../emulator/https-certificate.js";
import type { TlsCertificate } from "../emulator/state.js";

const DAY_MS = 86_400_000;

/**
 * Self-signed certificates through the `selfsigned` package (WebCrypto: the RSA key is made off
 * the event loop). RSA 2048 with SHA-256, as the web UI of current firmware offers for its own
 * self-signed certificate; subject CN and subjectAltName IP are the device's IPv4 (our choice,
 * UNCERTAIN: no capture of a device's default certificate is on file).
 */
export class SelfSignedIssuer implements CertificateIssuer {
  async issue(request: CertificateRequest): Promise<TlsCertificate> {
    const notBeforeDate = new Date(request.notBefore);
    const pems = await generate([{ name: "commonName", value: request.commonName }], {
      keyType: "rsa",
      keySize: 2048,
      algorithm: "sha256",
      notBeforeDate,
      notAfterDate: new Date(request.notBefore + request.validDays * DAY_MS),
      extensions: [
        { name: "basicConstraints", cA: false },
        { name: "keyUsage", digitalSignature: true, keyEncipherment: true },
        { name: "extKeyUsage", serverAuth: true },
        { name: "subjectAltName", altNames: [{ type: 7, ip: request.commonName }] },
      ],
    });
    return { key: pems.private, cert: pems.cert };
  }
}
