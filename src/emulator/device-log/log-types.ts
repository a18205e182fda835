import type { LogMajor } from "./log-entry.js";

/**
 * The minor types hikemu writes, as they appear in logSearch `metaId`s. Where a name was seen in
 * replies of real devices (third-party client code and notes that parse logSearch results), it
 * says "seen"; the others are GUESSES formed from the HCNetSDK minor-type macro of the same
 * meaning (MINOR_REMOTE_REBOOT → `remoteReboot`), in the camelCase the seen names use.
 */
export const MINOR = {
  /** Seen (`Remote: Login` in the web UI). */
  remoteLogin: "remoteLogin",
  /** Seen (`Remote: Logout`). */
  remoteLogout: "remoteLogout",
  /** Seen, Exception, spelled so by the firmware (`Illegal Login`). */
  illegalLogin: "illlegealAccess",
  /** GUESS (MINOR_REMOTE_LOGIN_LOCK): a client address locked out after failed logins. */
  remoteLoginLock: "remoteLoginLock",
  /** Seen (`Power On`); that every boot writes one is our guess. */
  powerOn: "devicePowerOn",
  /** GUESS (MINOR_REMOTE_REBOOT). */
  remoteReboot: "remoteReboot",
  /** GUESS (MINOR_REMOTE_UPGRADE): firmware upgrade, accepted or refused (`additionInformation` says which). */
  remoteUpgrade: "remoteUpgrade",
  /** Seen (listed in the minor options of the LogSearch capability (fixtures/isapi/DeviceCap.DS-2CD2146G2-ISU.capture.json)): configuration exported (downloaded from the device). */
  remoteCfgFileOutput: "remoteDownloadCfgFile",
  /** Seen (listed): configuration imported (uploaded to the device). */
  remoteCfgFileInput: "remoteUploadCfgFile",
  /** Seen (`Remote: Parameters Configuration`): any configuration page changed; `paraType` says which. */
  remoteCfgPara: "remoteCfgPara",
  /** Seen: the same, from the device's own menu or panel (the control plane here). */
  localCfgPara: "localCfgPara",
  /** Seen (listed): Restore (basic reset) over the network. */
  remoteRestore: "remoteParamSimpleDefault",
  /** Seen (listed): Default (full reset) over the network. */
  remoteDefault: "remoteParamFactoryDefault",
  /** Seen (listed): Restore at the device (control plane). */
  localRestore: "localParamSimpleDefault",
  /** Seen (listed): Default at the device (reset button, control plane). */
  localDefault: "localParamFactoryDefault",
  /** GUESS (MINOR_REMOTE_CHECK_TIME): the clock or time settings changed. */
  remoteCheckTime: "remoteCheckTime",
  /** Seen (listed): activation over the network. */
  remoteActivate: "remoteSetDeviceActive",
  /** Seen (listed): the admin password reset by a recovery method over the network (issue #11). */
  remotePasswordReset: "remoteResetLoginPassWord",
  /*
   * The device's own seat (issue #12: the recorder's local GUI, `via: "local"`). These names are
   * seen in the Operation types a real LogSearch capability lists (fixtures/isapi/
   * DeviceCap.DS-2CD2146G2-ISU.capture.json `LogSearchCap` minor options), next to their
   * `remote…` counterparts; which event each one stands for is said per name.
   */
  /** Seen (listed): a login at the device's own monitor and mouse. */
  localLogin: "localLogin",
  /** Seen (listed, spelled so): its logout. */
  localLogout: "localLogOut",
  /** Seen (listed) name; that it is the local seat's login lockout is a GUESS (the list has no `localLoginLock`). */
  localLoginLock: "localLock",
  /** Seen (listed): activation at the device. */
  localActivate: "localSetDeviceActive",
  /** Seen (listed): the admin password reset at the device by a recovery method. */
  localPasswordReset: "localResetLoginPassWord",
} as const;

/**
 * The major type as the metaId spells it. `Information` is `Infomation` in the metaIds of cameras
 * and recorders (the SDK guide's example `log.xxx.com/Infomation/runStatusInfo`, and client code
 * that asks recorders for `log.std-cgi.com/Infomation`); access-control terminals spell it right.
 * hikemu emulates cameras and recorders.
 */
export function metaMajor(major: LogMajor): string {
  return major === "Information" ? "Infomation" : major;
}

/** A metaId major type as a client may write it (either spelling of Information, any case); undefined if none. */
export function majorOf(text: string): LogMajor | undefined {
  const lower = text.toLowerCase();
  if (lower === "infomation" || lower === "information") return "Information";
  return (["Alarm", "Exception", "Operation"] as const).find((m) => m.toLowerCase() === lower);
}
