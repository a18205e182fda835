import { ADMIN_USER, type Device } from "../../../emulator/device.js";
import { DeviceError } from "../../../emulator/errors.js";
import type { NetworkChange } from "../../../emulator/network-settings.js";
import type { SadpLoginOutcome } from "../../../emulator/sadp-lock.js";
import type { ProbeMatchFields } from "../codec.js";
import { answer, type CommandAnswer } from "./reply.js";
import type { SadpCommand } from "./requests.js";

type UpdateCommand = Extract<SadpCommand, { kind: "update" }>;

/**
 * `update` (hik-protocols.md §1.7): the admin password, salted (`<Password bSalt="true">`,
 * checked by the device through the SADP lock), then the new IPv4 settings, validated whole
 * by the device before anything is written. IPv6 elements are read and ignored (the device
 * has only its link-local address). Moving the listener to the new address is the fronts'
 * business (the device emits `networkChanged`).
 */
export async function update(device: Device, command: UpdateCommand, peer: string): Promise<CommandAnswer> {
  if (!command.password?.trim()) throw new DeviceError("badXmlContent", "Password is missing");
  const outcome = device.sadpLogin({ kind: "sadpSalted", userName: ADMIN_USER, password: command.password }, peer);
  if (!outcome.ok) return refused(outcome, command.pwErrorParse);
  checkPorts(device, command);
  const change: NetworkChange = {
    ipv4: command.ipv4,
    mask: command.mask,
    gateway: command.gateway,
    dhcp: command.dhcp === undefined ? undefined : sadpBoolean(command.dhcp, "DHCP"),
  };
  await device.changeNetwork(change, "sadp");
  return answer("ok");
}

/**
 * A refused password. With `PWErrorParse` true the client asked for detail (§1.7, UNCERTAIN
 * what a device sends): ours borrows the vocabulary of the ISAPI lockout (§2.2 `lockStatus`,
 * `unlockTime`; §2.9 `retryTimes`) in SADP's capitalised style — `RetryTimes` (attempts left),
 * `LockStatus` lock | unlock, and `UnlockTime` (seconds) while locked. UNCERTAIN names.
 */
export function refused(outcome: Exclude<SadpLoginOutcome, { ok: true }>, detail: boolean): CommandAnswer {
  switch (outcome.reason) {
    case "notActivated":
      return answer("notActivated");
    case "locked": {
      const fields: ProbeMatchFields = [
        ["RetryTimes", "0"],
        ["LockStatus", "lock"],
        ["UnlockTime", String(outcome.unlockSeconds)],
      ];
      return answer("deviceLocked", detail ? fields : []);
    }
    case "badCredentials": {
      const fields: ProbeMatchFields = [
        ["RetryTimes", String(outcome.attemptsLeft)],
        ["LockStatus", outcome.attemptsLeft === 0 ? "lock" : "unlock"],
      ];
      return answer("wrongPassword", detail ? fields : []);
    }
  }
}

/**
 * Ports equal to the current ones are accepted (clients send all of them, §1.7 template);
 * another value fails: moving services between ports is not emulated. `SDKOverTLSPort` on a
 * model without SDK over TLS is ignored, as the Java client sends 8443 whatever the device.
 */
function checkPorts(device: Device, command: UpdateCommand): void {
  const current: [string, string | undefined, number | undefined][] = [
    ["HttpPort", command.httpPort, device.serving.httpPort],
    ["CommandPort", command.commandPort, device.ports.runningPort("DEV_MANAGE")],
    ["SDKOverTLSPort", command.sdkOverTlsPort, device.ports.runningPort("SDK_OVER_TLS")],
  ];
  for (const [name, value, port] of current) {
    if (value === undefined || port === undefined) continue;
    if (!/^\d{1,5}$/.test(value.trim()) || Number(value) > 65535) throw new DeviceError("badParameters", `${name} "${value}" is not a port`);
    if (Number(value) !== port) throw new DeviceError("portChangeNotSupported", `${name} ${value} (it is ${port})`);
  }
}

function sadpBoolean(value: string, name: string): boolean {
  const v = value.trim().toLowerCase();
  if (v === "true") return true;
  if (v === "false") return false;
  throw new DeviceError("badParameters", `${name} must be true or false`);
}
