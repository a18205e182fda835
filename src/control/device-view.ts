import type { Device } from "../emulator/device.js";

/** A device as the control API and lab console show it (model, addresses, power, activated, LED, boot time, faults). */
export function deviceView(device: Device) {
  const { profile, identity, network, serving } = device;
  return {
    name: device.name,
    model: profile.model,
    type: profile.type,
    serial: identity.serial,
    mac: identity.mac,
    /** The address the device believes it has (SADP IPv4Address). */
    ip: network.ipv4,
    /** Where hikemu serves it. */
    listen: { address: serving.address, httpPort: serving.httpPort },
    power: device.power,
    reachable: device.reachable,
    activated: device.activated,
    led: device.led,
    bootTime: new Date(device.bootedAt).toISOString(),
    readyAt: new Date(device.readyAt).toISOString(),
    button: { ...profile.resetButton, pressed: device.button.pressed },
    faults: device.faults.current,
  };
}

/** The short form of the fleet listing. */
export function deviceSummary(device: Device) {
  return {
    name: device.name,
    model: device.profile.model,
    ip: device.network.ipv4,
    listen: device.serving.address,
    power: device.power,
    activated: device.activated,
    led: device.led,
  };
}
