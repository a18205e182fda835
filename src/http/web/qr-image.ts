import type { Request, Response } from "express";
import type { Device } from "../../emulator/device.js";
import { qrPng } from "../../util/qr-render.js";

/** Where the pages get the QR code picture (`<img src="/doc/qrcode.png?text=…">`). */
export const QR_IMAGE_PATH = "/doc/qrcode.png";

/**
 * Longest text looked at. The longest recovery payload (docs/recovery.md "The QR payload") is an
 * e-mail-mode one with a 64-character reserved address: 224 characters on nvr-1, of which the
 * sealed address is 107 and the URL-encoded serial (model + 27 characters) about 50; 384 leaves
 * room for model names up to about 180 characters.
 */
export const QR_TEXT_LIMIT = 384;

/**
 * The QR code of the device's pending recovery challenge as a PNG (issue #12: the forgot-password
 * page shows the challenge as a real, scannable image; the device draws it, so the page needs no
 * script library and loads nothing from elsewhere). The page is anonymous, so the device draws
 * only the payload its QR challenge holds now (recovery/qr-recovery.ts `pendingPayload`): any
 * other text is 404 — drawing arbitrary text would let anyone spend the fleet's event loop.
 * One picture per device is kept: the page asks for the same one again while a challenge lives.
 */
export class QrImages {
  readonly #drawn = new WeakMap<Device, { readonly payload: string; readonly png: Promise<Buffer> }>();

  async answer(device: Device, request: Request, response: Response): Promise<void> {
    const text = request.query["text"];
    if (typeof text !== "string" || text === "") {
      response.status(400).type("text/plain").send("text is missing\n");
      return;
    }
    if (text.length > QR_TEXT_LIMIT) {
      response.status(414).type("text/plain").send(`text is longer than ${QR_TEXT_LIMIT} characters\n`);
      return;
    }
    const payload = device.recovery.qr.pendingPayload();
    if (payload === undefined || text !== payload) {
      response.status(404).type("text/plain").send("no such QR code is pending on this device\n");
      return;
    }
    response.type("image/png").send(await this.#png(device, payload));
  }

  #png(device: Device, payload: string): Promise<Buffer> {
    const drawn = this.#drawn.get(device);
    if (drawn?.payload === payload) return drawn.png;
    const png = qrPng(payload);
    this.#drawn.set(device, { payload, png });
    // A failed drawing is not kept: the next request tries again.
    png.catch(() => {
      if (this.#drawn.get(device)?.png === png) this.#drawn.delete(device);
    });
    return png;
  }
}
