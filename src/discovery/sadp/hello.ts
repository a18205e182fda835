import type { Device } from "../../emulator/device.js";
import type { Random } from "../../emulator/random.js";
import { encodeHello } from "./codec.js";
import { probeMatchFields, type ProbeMatchOptions } from "./probe-match.js";

/**
 * The `<Hello>` a device multicasts when it has booted (hik-protocols.md §1.1, LIKELY: "the
 * same fields as a ProbeMatch", `<Hello><Types>hello</Types>…</Hello>`). Types comes first as
 * §1.1 writes it, then the Uuid, then every other ProbeMatch field from the device's state now
 * (Activated included). Parsers are order-independent (§1.3).
 */
export function encodeHelloFor(device: Device, uuid: string, options: ProbeMatchOptions = {}): Buffer {
  const rest = probeMatchFields(device, uuid, "hello", options).filter(([name]) => name !== "Uuid" && name !== "Types");
  return encodeHello([["Types", "hello"], ["Uuid", uuid], ...rest]);
}

/**
 * The Hello's Uuid. Nobody asked, so there is no probe Uuid to echo, and no source says what a
 * device puts there: our choice is a fresh random UUID (version 4) per announcement, upper
 * case like the probes' Uuids (§1.2), from the Random port so tests see the same ones.
 */
export function helloUuid(random: Random): string {
  const b = random.bytes(16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const hex = b.toString("hex").toUpperCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
