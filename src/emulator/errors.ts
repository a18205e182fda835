/**
 * The one error catalog (DESIGN.md "Errors"). The core throws `DeviceError(code)`;
 * each front serialises the entry: ISAPI as a ResponseStatus (hik-protocols.md §2.9),
 * SADP as a `<Result>` (§1.5), the CLI as a message and exit code.
 */

/** ISAPI statusCode → statusString, from DEVICE_RESPONSE_STATUS (hik-protocols.md §2.9). */
export const STATUS_STRINGS = {
  1: "OK",
  2: "Device Busy",
  3: "Device Error",
  4: "Invalid Operation",
  5: "Invalid XML Format",
  6: "Invalid XML Content",
  7: "Reboot Required",
} as const;

export type IsapiStatusCode = keyof typeof STATUS_STRINGS;

export interface CatalogEntry {
  /** ISAPI statusCode (1–7). */
  readonly statusCode: IsapiStatusCode;
  /** ISAPI subStatusCode, vocabulary of hik-protocols.md §2.9. */
  readonly subStatusCode: string;
  /**
   * HTTP status. The statusCode → HTTP mapping is our inference (§2.9 "UNCERTAIN exact
   * mapping"): 2→503, 3→500, 4→403, 5/6→400; authentication failures are 401.
   */
  readonly httpStatus: number;
  /** SADP `<Result>` value (§1.5: success | failure | denied). */
  readonly sadpResult: "success" | "failure" | "denied";
  /** Text sadp.dll shows for the result (§1.5), for logs and the CLI. */
  readonly sadpText: string;
  /** Human message for logs, the CLI and the control plane. */
  readonly message: string;
}

export const ERROR_CATALOG = {
  ok: { statusCode: 1, subStatusCode: "ok", httpStatus: 200, sadpResult: "success", sadpText: "Succ!", message: "OK" },
  // A success on firmware that answers reboot and factoryReset with statusCode 7 (§2.6 UNCERTAIN; profile isapi.rebootReply).
  rebootRequired: {
    statusCode: 7,
    subStatusCode: "rebootRequired",
    httpStatus: 200,
    sadpResult: "success",
    sadpText: "Succ!",
    message: "done; the device reboots for it to take effect",
  },
  notActivated: {
    statusCode: 4,
    subStatusCode: "notActivated",
    httpStatus: 403,
    sadpResult: "failure",
    sadpText: "No activated!",
    message: "the device is not activated",
  },
  hasActivated: {
    statusCode: 4,
    subStatusCode: "hasActivated",
    httpStatus: 403,
    sadpResult: "failure",
    sadpText: "Has activated!",
    message: "the device is already activated",
  },
  riskPassword: {
    statusCode: 4,
    subStatusCode: "riskPassword",
    httpStatus: 403,
    sadpResult: "failure",
    sadpText: "Risk password!",
    message: "the password is too weak (risky)",
  },
  noChallenge: {
    statusCode: 4,
    subStatusCode: "invalidOperation",
    httpStatus: 403,
    sadpResult: "failure",
    sadpText: "Empty encrypt string!",
    message: "no key exchange (challenge) is pending on this device",
  },
  badEncryption: {
    statusCode: 6,
    subStatusCode: "badParameters",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Empty encrypt string!",
    message: "the encrypted password does not decrypt with the pending challenge",
  },
  badPublicKey: {
    statusCode: 6,
    subStatusCode: "badParameters",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the public key is not a usable RSA key",
  },
  badPasswordFormat: {
    statusCode: 6,
    subStatusCode: "badXmlContent",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the password is longer than allowed or has characters outside printable ASCII",
  },
  badXmlFormat: {
    statusCode: 5,
    subStatusCode: "badXmlFormat",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the request body is not well-formed XML",
  },
  badXmlContent: {
    statusCode: 6,
    subStatusCode: "badXmlContent",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the request body lacks a required element or has a bad value",
  },
  bodyTooLarge: {
    statusCode: 6,
    subStatusCode: "badXmlContent",
    // statusCode 6 → 400 like every content error (§2.9 mapping, our inference); the
    // connection is closed after it, since the body is not read (issue #5).
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the request body is larger than the resource accepts",
  },
  lowPrivilege: {
    statusCode: 4,
    subStatusCode: "lowPrivilege",
    httpStatus: 403,
    sadpResult: "denied",
    sadpText: "Device deny!",
    message: "the user's level does not allow this operation",
  },
  notSupport: {
    statusCode: 4,
    subStatusCode: "notSupport",
    httpStatus: 403,
    sadpResult: "denied",
    sadpText: "Device deny!",
    message: "this device does not support the resource",
  },
  notFound: {
    statusCode: 4,
    subStatusCode: "notSupport",
    // V5.7.x cameras answer unknown resources with 404 (real-responses README, System/Holidays).
    httpStatus: 404,
    sadpResult: "denied",
    sadpText: "Device deny!",
    message: "no such resource",
  },
  methodNotAllowed: {
    statusCode: 4,
    subStatusCode: "methodNotAllowed",
    httpStatus: 405,
    sadpResult: "denied",
    sadpText: "Device deny!",
    message: "the resource does not accept this method",
  },
  unauthorized: {
    statusCode: 4,
    subStatusCode: "badAuthorization",
    httpStatus: 401,
    sadpResult: "denied",
    sadpText: "Password error!",
    message: "authentication required or credentials wrong",
  },
  // SADP commands with the admin password (§1.7 update): "failure" with "Password error!" (§1.7 LIKELY).
  wrongPassword: {
    statusCode: 4,
    subStatusCode: "badAuthorization",
    httpStatus: 401,
    sadpResult: "failure",
    sadpText: "Password error!",
    message: "the admin password is wrong",
  },
  // SADP DeviceLock (§1.3, UNCERTAIN semantics; emulator/sadp-lock.ts): sadp.dll's "Device lock!" (§1.5).
  deviceLocked: {
    statusCode: 4,
    subStatusCode: "badAuthorization",
    httpStatus: 401,
    sadpResult: "failure",
    sadpText: "Device lock!",
    message: "locked after too many wrong passwords; try again later",
  },
  // SADP update with other ports: hikemu does not move services between ports. The text is
  // ours (sadp.dll has no string for it), so tools show something clearer than "Device deny!".
  portChangeNotSupported: {
    statusCode: 4,
    subStatusCode: "notSupport",
    httpStatus: 403,
    sadpResult: "failure",
    sadpText: "Port change not supported!",
    message: "changing the device's ports is not emulated",
  },
  // User management (§2.8): a second user with a name in use. No capture shows the device's
  // code; ours is statusCode 4 invalidOperation with its own message.
  userExists: {
    statusCode: 4,
    subStatusCode: "invalidOperation",
    httpStatus: 403,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "a user with this name exists",
  },
  // A change that needs the requester's own password (`loginPassword`, §2.8) got a wrong one.
  // subStatusCode from the §2.9 vocabulary; 403, not 401, so Digest clients do not re-prompt (our choice).
  loginPasswordWrong: {
    statusCode: 4,
    subStatusCode: "incorrectUserNameOrPassword",
    httpStatus: 403,
    sadpResult: "failure",
    sadpText: "Password error!",
    message: "the password given to confirm the change is wrong",
  },
  // Configuration import (issue #10, configuration/): the subStatusCodes are §2.9's file and
  // import vocabulary; which one real firmware sends for which failure is our guess (no capture).
  configurationFormat: {
    statusCode: 6,
    subStatusCode: "fileFormatError",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the file is not a configuration file of this device family",
  },
  configurationContent: {
    statusCode: 6,
    subStatusCode: "fileContentError",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the configuration file is damaged or was altered",
  },
  configurationModel: {
    statusCode: 6,
    subStatusCode: "badDevType",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the configuration file is for another model",
  },
  configurationVersion: {
    statusCode: 6,
    subStatusCode: "badVersion",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the configuration file has a newer format than this firmware reads",
  },
  configurationKey: {
    statusCode: 6,
    subStatusCode: "importErrorData",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the configuration file does not open with this secret key",
  },
  badParameters: {
    statusCode: 6,
    subStatusCode: "badParameters",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "a parameter is missing or out of range",
  },
  // A port out of range or another protocol's (adminAccesses PUT, issue #10): `badPort` of the
  // §2.9 network vocabulary, statusCode 6 like the other content errors (our mapping).
  badPort: {
    statusCode: 6,
    subStatusCode: "badPort",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the port is out of range or used by another protocol",
  },
  invalidOperation: {
    statusCode: 4,
    subStatusCode: "invalidOperation",
    httpStatus: 403,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the operation is not possible in the device's present state",
  },
  deviceBusy: {
    statusCode: 2,
    subStatusCode: "deviceBusy",
    httpStatus: 503,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the device is busy",
  },
  // Firmware upgrade (issue #10): codes from the §2.9 vocabulary; which statusCode a device pairs
  // them with is not captured (UNCERTAIN): 2 Device Busy for the upgrade in progress, 6 Invalid
  // XML Content for a package the device refuses, like the other content errors.
  upgrading: {
    statusCode: 2,
    subStatusCode: "upgrading",
    httpStatus: 503,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "a firmware upgrade is in progress",
  },
  fileFormatError: {
    statusCode: 6,
    subStatusCode: "fileFormatError",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the file is not a firmware package this device reads (another format, corrupt or cut short)",
  },
  fileContentError: {
    statusCode: 6,
    subStatusCode: "fileContentError",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the firmware package is not signed by the vendor (unsigned or tampered)",
  },
  badDevType: {
    statusCode: 6,
    subStatusCode: "badDevType",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the firmware package is for another device model",
  },
  badVersion: {
    statusCode: 6,
    subStatusCode: "badVersion",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "the firmware package names a release this model does not have, or one it may not go back to",
  },
  // Issue #11, password recovery: a security code, support key, import file or verification code
  // that does not match. sadp.dll has no string of its own for it (§1.5); "Password error!" is
  // what its reset dialog shows for a refused code (GUESS). The subStatusCode is ours.
  badResetCode: {
    statusCode: 6,
    subStatusCode: "invalidVerificationCode",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Password error!",
    message: "the recovery code is wrong",
  },
  // A recovery token past its life, or voided by a reboot (DESIGN.md "State"): sadp.dll's
  // "Export file overdue!" (§1.5: the export file is valid 48 h).
  resetCodeExpired: {
    statusCode: 6,
    subStatusCode: "verificationCodeExpired",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Export file overdue!",
    message: "the recovery code or file has expired or was voided by a reboot; export a new one",
  },
  // Security questions (issue #11, recovery/security-questions.ts): an answer that does not
  // match. No capture; the subStatusCode is ours, the SADP text sadp.dll's general refusal (GUESS).
  wrongSecurityAnswer: {
    statusCode: 6,
    subStatusCode: "securityAnswerError",
    httpStatus: 400,
    sadpResult: "failure",
    sadpText: "Password error!",
    message: "a security question answer is wrong",
  },
  // A recovery method the firmware offers but the admin never set up (no questions answered,
  // no GUID file exported). invalidOperation from the §2.9 vocabulary; our choice.
  recoveryNotConfigured: {
    statusCode: 4,
    subStatusCode: "invalidOperation",
    httpStatus: 403,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "this recovery method was not set up on the device",
  },
  deviceError: {
    statusCode: 3,
    subStatusCode: "deviceError",
    httpStatus: 500,
    sadpResult: "failure",
    sadpText: "Device deny!",
    message: "internal device error",
  },
} as const satisfies Record<string, CatalogEntry>;

export type ErrorCode = keyof typeof ERROR_CATALOG;

/**
 * The numeric `errorCode` newer firmware puts after subStatusCode (statusCode in the top
 * nibble, then an index), by subStatusCode. Seen on devices (public curl logs of an isapi.org
 * device): notSupport 1073741825 = 0x40000001, badParameters 1610612737 = 0x60000001, portError
 * 1610612748 = 0x6000000C; `errorMsg` 0x50000001 with badXmlFormat. The others follow the ISAPI
 * developer guide's "Error Codes in ResponseStatus" table (LIKELY). A subStatusCode missing here
 * (riskPassword, incorrectUserNameOrPassword: no source) gets no errorCode/errorMsg at all.
 */
export const ISAPI_ERROR_CODES: Readonly<Partial<Record<string, number>>> = {
  deviceBusy: 0x20000004,
  deviceError: 0x30000001,
  notSupport: 0x40000001,
  lowPrivilege: 0x40000002,
  badAuthorization: 0x40000003,
  methodNotAllowed: 0x40000004,
  invalidOperation: 0x40000006,
  notActivated: 0x40000007,
  hasActivated: 0x40000008,
  badXmlFormat: 0x50000001,
  badParameters: 0x60000001,
  badXmlContent: 0x60000003,
  portError: 0x6000000c,
};

export function catalogEntry(code: ErrorCode): CatalogEntry {
  return ERROR_CATALOG[code];
}

/** A failure of a device operation; fronts serialise it from the catalog. */
export class DeviceError extends Error {
  readonly code: ErrorCode;
  /** What exactly went wrong, when the thrower said (the control plane shows it alone). */
  readonly detail: string | undefined;

  constructor(code: ErrorCode, detail?: string) {
    super(detail ? `${ERROR_CATALOG[code].message}: ${detail}` : ERROR_CATALOG[code].message);
    this.name = "DeviceError";
    this.code = code;
    this.detail = detail;
  }

  get entry(): CatalogEntry {
    return ERROR_CATALOG[this.code];
  }

  /** Rethrows anything that is not a DeviceError, so catch blocks stay narrow. */
  static accept(error: unknown): asserts error is DeviceError {
    if (!(error instanceof DeviceError)) throw error;
  }
}
