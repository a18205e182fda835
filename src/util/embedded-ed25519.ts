import { createPrivateKey, createPublicKey, sign, verify } from "node:crypto";

/** Ed25519 signature length in bytes (RFC 8032). */
export const ED25519_SIGNATURE_BYTES = 64;

export interface EmbeddedSigner {
  /** Signs `data` with the embedded private key. */
  sign(data: Buffer): Buffer;
  /** Whether `signature` is the embedded key's signature of `data`; never throws. */
  verify(data: Buffer, signature: Buffer): boolean;
}

/**
 * An Ed25519 key pair shipped in the source (hikemu's own firmware and support-desk keys: not
 * secrets, DESIGN.md "Support desk"), as a signer and checker.
 */
export function embeddedEd25519(privatePem: string, publicPem: string): EmbeddedSigner {
  const privateKey = createPrivateKey(privatePem);
  const publicKey = createPublicKey(publicPem);
  return {
    sign: (data) => sign(null, data, privateKey),
    verify: (data, signature) => {
      if (signature.length !== ED25519_SIGNATURE_BYTES) return false;
      try {
        return verify(null, data, publicKey, signature);
      } catch {
        return false;
      }
    },
  };
}
