import type { Request, Response } from "express";
import { qrPng } from "../../util/qr-render.js";

/** Where the pages get a QR code picture (`<img src="/doc/qrcode.png?text=…">`). */
export const QR_IMAGE_PATH = "/doc/qrcode.png";

/**
 * Longest text drawn. A recovery payload (docs/recovery.md "The QR payload") is under 300
 * characters even with a long sealed address; 1024 leaves room and keeps the work per request small.
 */
export const QR_TEXT_LIMIT = 1024;

/**
 * The QR code of `text` as a PNG (issue #12: the forgot-password page shows the recovery
 * challenge as a real, scannable image). The device draws it, so the page needs no script
 * library for it and loads nothing from elsewhere. Error correction M, 4 px modules with the
 * standard 4-module quiet zone: a phone camera reads it off a screen.
 */
export async function answerQrImage(request: Request, response: Response): Promise<void> {
  const text = request.query["text"];
  if (typeof text !== "string" || text === "") {
    response.status(400).type("text/plain").send("text is missing\n");
    return;
  }
  if (text.length > QR_TEXT_LIMIT) {
    response.status(414).type("text/plain").send(`text is longer than ${QR_TEXT_LIMIT} characters\n`);
    return;
  }
  const png = await qrPng(text);
  response.type("image/png").send(png);
}
