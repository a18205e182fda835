import type { SadpProbe } from "../codec.js";

/**
 * SADP commands as typed requests (hik-protocols.md §1.5–1.8), from a decoded `<Probe>`.
 * Pure and total: every field is the element's text or undefined when absent, and values are
 * checked by the handlers, which know what they need. Element names are those of the sadp.dll
 * templates (§1.5; MatrixEditor's sadp.dll strings list, seen through the code index).
 */

/** One `QuestionList/Question` of AnswerReset and setsecurityquestion (§1.5, §1.8). */
export interface SecurityAnswer {
  readonly id: string;
  readonly answer: string;
  /** sadp.dll always sends `true`; its meaning is not known (UNCERTAIN). */
  readonly mark: string | undefined;
}

export type SadpCommand =
  /** §1.6 step 2: the client's RSA public key, Base64 DER (PKCS#1 RSAPublicKey, "MIGJ…"). */
  | { readonly kind: "exchangecode"; readonly code: string | undefined }
  /** §1.6 step 5: Base64 of the AES ciphertext of random[0:16] + password. */
  | { readonly kind: "activate"; readonly password: string | undefined }
  /** §1.7: salted admin password and the new network (IPv6 elements are read and not used). */
  | {
      readonly kind: "update";
      readonly password: string | undefined;
      /** `PWErrorParse` true: the client wants password errors in detail (§1.7, UNCERTAIN). */
      readonly pwErrorParse: boolean;
      readonly ipv4: string | undefined;
      readonly mask: string | undefined;
      readonly gateway: string | undefined;
      readonly dhcp: string | undefined;
      readonly httpPort: string | undefined;
      readonly commandPort: string | undefined;
      readonly sdkOverTlsPort: string | undefined;
    }
  /** §1.8.2: export the key file (no parameters). */
  | { readonly kind: "getcode" }
  /** §1.8.1/2: the support's code and the new password. */
  | { readonly kind: "reset"; readonly code: string | undefined; readonly password: string | undefined }
  /** §1.8.3: export the GUID file, authorised by the admin password. */
  | { readonly kind: "ExportGUID"; readonly password: string | undefined }
  /** §1.8.3: reset with a GUID file; `SyncIPCPassword` pushes the password to IP cameras. */
  | { readonly kind: "GUIDReset"; readonly guid: string | undefined; readonly password: string | undefined; readonly syncIPCPassword: boolean }
  /** §1.8.4: the question ids. */
  | { readonly kind: "getsecurityquestion" }
  /** §1.8.4: set the answers, authorised by the admin password. */
  | { readonly kind: "setsecurityquestion"; readonly questions: readonly SecurityAnswer[]; readonly password: string | undefined }
  /** §1.8.4: reset with the answers and the new password. */
  | { readonly kind: "AnswerReset"; readonly questions: readonly SecurityAnswer[]; readonly password: string | undefined; readonly syncIPCPassword: boolean }
  /** §1.8.5: QR data for the reserved e-mail flow. */
  | { readonly kind: "GetQRcodes" }
  /**
   * §1.8.5: the sadp.dll template carries only `Password` and `SyncIPCPassword`; where the
   * e-mailed verification code goes is not known (UNCERTAIN: read from `Code` if present).
   */
  | { readonly kind: "MailReset"; readonly code: string | undefined; readonly password: string | undefined; readonly syncIPCPassword: boolean }
  /** Any other Types addressed to one of our devices. */
  | { readonly kind: "other"; readonly types: string };

export type SadpCommandKind = SadpCommand["kind"];

export function parseCommand(probe: SadpProbe): SadpCommand {
  const p = probe.params;
  const text = (...names: string[]) => names.map((n) => p[n]).find((v) => v !== undefined);
  const flag = (name: string) => p[name]?.toLowerCase() === "true";
  switch (probe.types) {
    case "exchangecode":
      return { kind: "exchangecode", code: text("Code") };
    case "activate":
      return { kind: "activate", password: text("Password") };
    case "update":
      return {
        kind: "update",
        password: text("Password"),
        pwErrorParse: flag("PWErrorParse"),
        // `Ipv4…` is the spelling of some firmware (§1.3; the sadp.dll node list has it).
        ipv4: text("IPv4Address", "Ipv4Address"),
        mask: text("IPv4SubnetMask", "Ipv4SubnetMask"),
        gateway: text("IPv4Gateway", "Ipv4Gateway"),
        dhcp: text("DHCP"),
        httpPort: text("HttpPort"),
        commandPort: text("CommandPort"),
        sdkOverTlsPort: text("SDKOverTLSPort"),
      };
    case "getcode":
    case "getsecurityquestion":
    case "GetQRcodes":
      return { kind: probe.types };
    case "reset":
      return { kind: "reset", code: text("Code"), password: text("Password") };
    case "ExportGUID":
      return { kind: "ExportGUID", password: text("Password") };
    case "GUIDReset":
      return { kind: "GUIDReset", guid: text("GUID"), password: text("Password"), syncIPCPassword: flag("SyncIPCPassword") };
    case "setsecurityquestion":
      return { kind: "setsecurityquestion", questions: questionsOf(probe), password: text("Password") };
    case "AnswerReset":
      return { kind: "AnswerReset", questions: questionsOf(probe), password: text("Password"), syncIPCPassword: flag("SyncIPCPassword") };
    case "MailReset":
      return { kind: "MailReset", code: text("Code"), password: text("Password"), syncIPCPassword: flag("SyncIPCPassword") };
    default:
      return { kind: "other", types: probe.types };
  }
}

/** Bound on questions read: devices offer three (§1.8.4 templates); more is junk. */
const MAX_QUESTIONS = 16;

/** `QuestionList/Question{ID,Answer,mark}`; questions without an ID are skipped. */
function questionsOf(probe: SadpProbe): SecurityAnswer[] {
  const list = probe.nested["QuestionList"];
  if (!isRecord(list)) return [];
  const raw = list["Question"];
  const items = Array.isArray(raw) ? raw : [raw];
  const questions: SecurityAnswer[] = [];
  for (const item of items.slice(0, MAX_QUESTIONS)) {
    if (!isRecord(item)) continue;
    const id = leaf(item["ID"]);
    if (id === undefined) continue;
    questions.push({ id, answer: leaf(item["Answer"]) ?? "", mark: leaf(item["mark"]) });
  }
  return questions;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function leaf(value: unknown): string | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  return typeof first === "string" ? first : undefined;
}
