import { PNG } from "pngjs";
import jsQR from "jsqr";

/** The text of the QR code in a PNG (a device's image or a screenshot of it), or undefined. */
export function decodeQrPng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return jsQR(pixels, image.width, image.height)?.data;
}
