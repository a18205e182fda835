import QRCode from "qrcode";

/**
 * The QR codes hikemu draws (issue #12: the recovery challenge as a real, scannable image), in one
 * place so the web admin's PNG and the recorder local GUI's SVG are the same code. Error
 * correction M with the standard 4-module quiet zone: a phone camera reads it off a screen.
 */
const QR_OPTIONS = { errorCorrectionLevel: "M", margin: 4 } as const;

/** `text` as a PNG, 4 px per module (the web admin's `/doc/qrcode.png`). */
export function qrPng(text: string): Promise<Buffer> {
  return QRCode.toBuffer(text, { ...QR_OPTIONS, type: "png", scale: 4 });
}

/** `text` as an SVG document (the recorder local GUI draws it inline). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { ...QR_OPTIONS, type: "svg" });
}
