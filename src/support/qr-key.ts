import { createCipheriv, createDecipheriv, createHash, createHmac } from "node:crypto";
import { isEmailAddress } from "../util/email-address.js";

/**
 * The QR recovery payload and its 8-character key (issue #11, methods 3 and 6), shared by the
 * device (recovery/qr-recovery.ts) and the simulated support desk (support-desk.ts).
 *
 * A real device's QR code carries vendor data that only the vendor's service can answer; no
 * public source describes it (hik-protocols.md §1.8.5: UNCERTAIN). hikemu's payload is its own,
 * a URI so any QR tool can carry it:
 *
 *   hikemu-qr:1?serial=SERIAL&nonce=HEX16&issued=EPOCH_SECONDS&mode=key
 *   hikemu-qr:1?serial=SERIAL&nonce=HEX16&issued=EPOCH_SECONDS&mode=email&mail=SEALED
 *
 * SEALED is the reserved address sealed for the support desk (AES-256-GCM under a key derived
 * from the same public secret, base64url): the QR code is shown to anyone who asks, without a
 * login, so the address is not written in it in clear — as a vendor's code carries it for the
 * vendor's service only. The key is derived from the public secret: this hides the address from
 * a passer-by, not from someone who has hikemu's source.
 *
 * The key is HMAC-SHA256 of the whole payload text under QR_SUPPORT_SECRET, its first 40 bits
 * written as 8 characters of QR_KEY_ALPHABET. The secret is hikemu's own and public on purpose:
 * it stands in for the vendor's, so a lab can run the flow offline; it protects nothing.
 */
export const QR_SUPPORT_SECRET = "hikemu support desk: QR recovery key (public, emulator only)";

/** 32 symbols without the look-alikes 0/O and 1/I: what a user types from a mail or an app. */
export const QR_KEY_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

export const QR_KEY_LENGTH = 8;

const SCHEME = "hikemu-qr:1";

export type QrMode = "key" | "email";

export interface QrPayload {
  readonly serial: string;
  /** 16 lower-case hex digits from the device's Random port. */
  readonly nonce: string;
  /** When the device issued it: epoch seconds of the device's own clock. */
  readonly issued: number;
  readonly mode: QrMode;
  /** The reserved address (e-mail mode only). */
  readonly email?: string | undefined;
}

/** The text a QR code carries for `payload`. */
export function formatQrPayload(payload: QrPayload): string {
  const query = new URLSearchParams({ serial: payload.serial, nonce: payload.nonce, issued: String(payload.issued), mode: payload.mode });
  if (payload.mode === "email" && payload.email !== undefined) query.set("mail", sealEmail(payload.email, payload));
  return `${SCHEME}?${query.toString()}`;
}

const MAIL_KEY = createHash("sha256").update(`${QR_SUPPORT_SECRET}\0mail`, "utf8").digest();
const TAG_BYTES = 16;

/** The IV is derived from the challenge's nonce: one address per challenge, so never reused with another text. */
function mailIv(nonce: string): Buffer {
  return createHash("sha256").update(nonce, "utf8").digest().subarray(0, 12);
}

/** What the seal is bound to besides the address: its challenge (moved to another payload, it does not open). */
function mailContext(payload: Pick<QrPayload, "serial" | "nonce" | "issued">): Buffer {
  return Buffer.from(`${payload.serial}\0${payload.nonce}\0${payload.issued}`, "utf8");
}

function sealEmail(email: string, payload: Pick<QrPayload, "serial" | "nonce" | "issued">): string {
  const cipher = createCipheriv("aes-256-gcm", MAIL_KEY, mailIv(payload.nonce));
  cipher.setAAD(mailContext(payload));
  const sealed = Buffer.concat([cipher.update(email, "utf8"), cipher.final(), cipher.getAuthTag()]);
  return sealed.toString("base64url");
}

/** The address a sealed `mail` holds, or undefined when it does not open (altered, or not ours). */
function openEmail(sealed: string, payload: Pick<QrPayload, "serial" | "nonce" | "issued">): string | undefined {
  const bytes = Buffer.from(sealed, "base64url");
  if (bytes.length <= TAG_BYTES || bytes.length > 512) return undefined;
  try {
    const decipher = createDecipheriv("aes-256-gcm", MAIL_KEY, mailIv(payload.nonce));
    decipher.setAAD(mailContext(payload));
    decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
    return Buffer.concat([decipher.update(bytes.subarray(0, bytes.length - TAG_BYTES)), decipher.final()]).toString("utf8");
  } catch {
    return undefined;
  }
}

/** Parses a payload text; a problem (a sentence) when it is not one of ours. */
export function parseQrPayload(text: string): { readonly ok: true; readonly payload: QrPayload } | { readonly ok: false; readonly problem: string } {
  const trimmed = text.trim();
  if (!trimmed.startsWith(`${SCHEME}?`)) return { ok: false, problem: `a hikemu QR payload starts with "${SCHEME}?"` };
  const query = new URLSearchParams(trimmed.slice(SCHEME.length + 1));
  const serial = query.get("serial") ?? "";
  const nonce = query.get("nonce") ?? "";
  const issued = query.get("issued") ?? "";
  const mode = query.get("mode");
  const sealed = query.get("mail") ?? undefined;
  if (!/^[\x21-\x7e]{1,64}$/.test(serial)) return { ok: false, problem: "serial is missing or malformed" };
  if (!/^[0-9a-f]{16}$/.test(nonce)) return { ok: false, problem: "nonce must be 16 hex digits" };
  const email = sealed === undefined || !/^\d{1,12}$/.test(issued) ? undefined : openEmail(sealed, { serial, nonce, issued: Number(issued) });
  if (!/^\d{1,12}$/.test(issued)) return { ok: false, problem: "issued must be epoch seconds" };
  if (mode !== "key" && mode !== "email") return { ok: false, problem: 'mode must be "key" or "email"' };
  if (mode === "email" && (email === undefined || !isEmailAddress(email))) return { ok: false, problem: "an e-mail mode payload needs the sealed address a device wrote (mail)" };
  if (mode === "key" && sealed !== undefined) return { ok: false, problem: "a key mode payload carries no address" };
  return { ok: true, payload: { serial, nonce, issued: Number(issued), mode, ...(mode === "email" ? { email } : {}) } };
}

/** The 8-character key (key mode) or verification code (e-mail mode) for a payload text. */
export function qrKeyFor(payloadText: string): string {
  const digest = createHmac("sha256", QR_SUPPORT_SECRET).update(payloadText.trim(), "utf8").digest();
  // 40 bits → 8 symbols of 5 bits.
  let bits = 0n;
  for (const byte of digest.subarray(0, 5)) bits = (bits << 8n) | BigInt(byte);
  let key = "";
  for (let i = QR_KEY_LENGTH - 1; i >= 0; i--) key += QR_KEY_ALPHABET[Number((bits >> BigInt(i * 5)) & 31n)];
  return key;
}

/** What a user typed, as the key compares: upper case, spaces and dashes dropped. */
export function normaliseQrKey(typed: string): string {
  return typed.replace(/[\s-]/g, "").toUpperCase();
}
