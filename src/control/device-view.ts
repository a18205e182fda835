import type { Device } from "../emulator/device.js";
import { addressNote } from "../emulator/placement.js";

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
    /** Who set the network in flash: the fleet file, or the device itself (issue #8). */
    networkSetBy: device.flash.networkSetBy,
    /** Where hikemu serves it; the fleet file's address; a note when they differ or `ip` cannot be served. */
    listen: { address: serving.address, httpPort: serving.httpPort, fleetAddress: serving.fleetAddress, note: addressNote(device) ?? null },
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
