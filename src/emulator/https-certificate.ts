import type { Logger } from "pino";
import type { FlashAccess, TlsCertificate } from "./state.js";
import { DeviceError } from "./errors.js";

/** What a certificate is made for: the device's address, valid from its own clock. */
export interface CertificateRequest {
  /** Subject CN and the subjectAltName IP: the IPv4 the device believes it has. */
  readonly commonName: string;
  /** Epoch ms from which it is valid: the host clock's now. */
  readonly notBefore: number;
  readonly validDays: number;
}

/**
 * The port that makes key pairs and self-signed certificates: CPU work (RSA key generation)
 * outside the pure core, like Random. The runtime's adapter is runtime/self-signed-issuer.ts.
 */
export interface CertificateIssuer {
  issue(request: CertificateRequest): Promise<TlsCertificate>;
}

export interface HttpsCertificateDeps extends FlashAccess {
  readonly logger: Logger;
  /** Absent: this device cannot make a certificate (a fleet built without the port). */
  readonly issuer: CertificateIssuer | undefined;
  readonly address: () => string;
  /** The host (or virtual) clock's now, epoch ms. */
  readonly now: () => number;
}

/**
 * Validity of the certificate a device makes itself. No capture gives a Hikvision device's
 * figure (UNCERTAIN); ours is ten years, so an emulated device never presents an expired one.
 */
export const CERTIFICATE_DAYS = 3650;

/**
 * The device's self-signed HTTPS certificate (issue #10): made once, when first needed (a first
 * TLS connection), written to flash, and presented ever after — across reboots and restarts.
 * Making one is slow (an RSA key), so a fleet of thousands makes none at start-up; making it runs
 * in the flash write path, one at a time per device, and callers that ask meanwhile share it.
 * Restore keeps it; Default clears flash, and the next TLS connection makes a new one.
 */
export class HttpsCertificate {
  #pending: Promise<TlsCertificate> | undefined;

  constructor(private readonly deps: HttpsCertificateDeps) {}

  /** The certificate in flash, if the device has made one. */
  get current(): TlsCertificate | undefined {
    return this.deps.flash().certificate;
  }

  /** The certificate in flash, made and written first if there is none. */
  obtain(): Promise<TlsCertificate> {
    const current = this.current;
    if (current) return Promise.resolve(current);
    this.#pending ??= this.deps
      .exclusive(async () => {
        const flash = this.deps.flash();
        if (flash.certificate) return flash.certificate;
        const { issuer } = this.deps;
        if (!issuer) throw new DeviceError("deviceError", "this device cannot make an HTTPS certificate");
        const commonName = this.deps.address();
        // Valid from the host clock's now, not the device's: a never-set clock reads 1970, and a
        // certificate dated from it would have expired long before any client sees it.
        const made = await issuer.issue({ commonName, notBefore: this.deps.now(), validDays: CERTIFICATE_DAYS });
        // Flash-changing operations wait meanwhile (exclusive), so `flash` is still current.
        await this.deps.writeFlash({ ...flash, certificate: made });
        this.deps.logger.info({ commonName }, "made a self-signed HTTPS certificate");
        return made;
      })
      .finally(() => {
        this.#pending = undefined;
      });
    return this.#pending;
  }
}
