import type { EventEmitter } from "node:events";
import type { Actor, DeviceEventMap } from "../events.js";
import type { NewLogEntry } from "./log-entry.js";
import { MINOR } from "./log-types.js";

/** Fronts that reach the device over the network: their changes are `remote…` entries, the others `local…`. */
const REMOTE_FRONTS: ReadonlySet<string> = new Set(["isapi", "web", "sadp"]);

const remote = (via: string) => REMOTE_FRONTS.has(via);

/**
 * userName and ipAddress of an actor, where known. Only a network front has a client address:
 * the recorder's local GUI seat (`via: "local"`) carries the peer "local" as the key of its
 * lockout (accounts.ts, recovery/attempt-gate.ts), which is no address and is not written.
 */
function who(actor: Actor | undefined): Pick<NewLogEntry, "userName" | "peer"> {
  const peer = actor?.peer !== undefined && remote(actor.via) ? actor.peer : undefined;
  return { ...(actor?.userName === undefined ? {} : { userName: actor.userName }), ...(peer === undefined ? {} : { peer }) };
}

/** The same for a login event, whose front is its `via`. */
const loginWho = (e: { readonly userName: string; readonly front: string; readonly peer: string }) => who({ via: e.front, userName: e.userName, peer: e.peer });

function cfgPara(via: string, paraType: string, actor: Actor | undefined, detail?: string): NewLogEntry {
  return { major: "Operation", minor: remote(via) ? MINOR.remoteCfgPara : MINOR.localCfgPara, paraType, ...who(actor), ...(detail === undefined ? {} : { detail }) };
}

/**
 * Turns the device's typed events into log entries (issue #10): the log listens, so no module
 * calls it. Which event writes which minor type is in log-types.ts; what is not written:
 * - a power cut (`powered` off): the box loses power mid-flight and writes nothing; the next
 *   boot writes `devicePowerOn`, as every boot does;
 * - a reboot asked by the control plane or the reset button: only its boot is written (no
 *   user did it over the network);
 * - the reboot that follows a Restore/Default, an import or an upgrade: that operation's own
 *   entry says why the device went down.
 * Answers a function that stops listening.
 */
export function followEvents(events: EventEmitter<DeviceEventMap>, write: (entry: NewLogEntry) => void): () => void {
  let rebootExplained = false;
  const explainReboot = () => (rebootExplained = true);
  const handlers: { [K in keyof DeviceEventMap]?: (...args: DeviceEventMap[K]) => void } = {
    loginSucceeded: (e) => write({ major: "Operation", minor: remote(e.front) ? MINOR.remoteLogin : MINOR.localLogin, ...loginWho(e) }),
    loggedOut: (e) => write({ major: "Operation", minor: remote(e.front) ? MINOR.remoteLogout : MINOR.localLogout, ...loginWho(e) }),
    // An Exception of either origin (the firmware's Exception list has no remote/local pair); local: no address.
    loginFailed: (e) => write({ major: "Exception", minor: MINOR.illegalLogin, ...loginWho(e) }),
    loginLocked: (e) => write({ major: "Operation", minor: remote(e.front) ? MINOR.remoteLoginLock : MINOR.localLoginLock, ...loginWho(e), detail: `locked for ${e.unlockSeconds} s` }),
    activated: (e) => write({ major: "Operation", minor: remote(e.via) ? MINOR.remoteActivate : MINOR.localActivate, detail: `via ${e.via}` }),
    booting: () => {
      rebootExplained = false;
      write({ major: "Operation", minor: MINOR.powerOn });
    },
    rebooted: (e) => {
      if (rebootExplained || !remote(e.cause)) return;
      write({ major: "Operation", minor: MINOR.remoteReboot, ...who(e.actor) });
    },
    reset: (e) => {
      explainReboot();
      write({ major: "Operation", minor: e.mode === "full" ? (remote(e.cause) ? MINOR.remoteDefault : MINOR.localDefault) : remote(e.cause) ? MINOR.remoteRestore : MINOR.localRestore, ...who(e.actor), detail: e.mode === "full" ? "default" : "restore" });
    },
    userChanged: (e) => write(cfgPara("isapi", "user", { via: "isapi", userName: e.by, ...(e.peer === undefined ? {} : { peer: e.peer }) }, `${e.action} ${e.userName}`)),
    securityChanged: (e) => write(cfgPara(e.actor?.via ?? e.via, e.setting, e.actor)),
    networkChanged: (e) => write(cfgPara(e.actor?.via ?? e.via, "network", e.actor, `${e.previous.ipv4} -> ${e.network.ipv4}`)),
    settingsChanged: (e) => write(cfgPara(e.actor.via, e.setting, e.actor)),
    timeChanged: (e) => write({ major: "Operation", minor: MINOR.remoteCheckTime, ...who(e.actor) }),
    firmwareUpgraded: (e) => {
      explainReboot();
      write({ major: "Operation", minor: MINOR.remoteUpgrade, ...who(e.actor), detail: `${e.from} -> ${e.to}` });
    },
    firmwareRefused: (e) => write({ major: "Operation", minor: MINOR.remoteUpgrade, ...who(e.actor), detail: `refused: ${e.reason}` }),
    configurationExported: (e) => write({ major: "Operation", minor: MINOR.remoteCfgFileOutput, ...who(e.actor) }),
    passwordReset: (e) => write({ major: "Operation", minor: remote(e.actor.via) ? MINOR.remotePasswordReset : MINOR.localPasswordReset, ...who(e.actor), detail: `by ${e.method}` }),
    // A refused recovery is an illegal access attempt, as a wrong password is.
    recoveryFailed: (e) => write({ major: "Exception", minor: MINOR.illegalLogin, ...who(e.actor), detail: `${e.method}: ${e.reason}` }),
    configurationImported: (e) => {
      explainReboot();
      write({ major: "Operation", minor: MINOR.remoteCfgFileInput, ...who(e.actor) });
    },
  };
  const offs = Object.entries(handlers).map(([type, handler]) => {
    const name = type as keyof DeviceEventMap;
    const listener = handler as (...args: unknown[]) => void;
    events.on(name, listener as never);
    return () => events.off(name, listener as never);
  });
  return () => offs.forEach((off) => off());
}
