import { PNG } from "pngjs";
import jsQRModule from "jsqr";

// jsqr is CommonJS whose types declare an ES default: under NodeNext the import is the module, callable at run time.
const jsQR = ((jsQRModule as unknown as { default?: unknown }).default ?? jsQRModule) as unknown as typeof jsQRModule.default;

/** The text of the QR code in a PNG (a device's image or a screenshot of it), or undefined. */
export function decodeQrPng(png: Buffer): string | undefined {
  const image = PNG.sync.read(png);
  const pixels = new Uint8ClampedArray(image.data.buffer, image.data.byteOffset, image.data.byteLength);
  return jsQR(pixels, image.width, image.height)?.data;
}
