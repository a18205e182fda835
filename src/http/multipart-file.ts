import { Busboy } from "@fastify/busboy";
import { DeviceError } from "../emulator/errors.js";

/** Whether a Content-Type names a multipart/form-data body (a browser's file upload). */
export function isMultipart(contentType: string | undefined): contentType is string {
  return contentType !== undefined && /^\s*multipart\/form-data\s*(;|$)/i.test(contentType);
}

/**
 * The bytes of the first file part of a multipart/form-data body that was read whole (the
 * route's body limit bounds it), as the web UI uploads a configuration or firmware file.
 * A body that is not well-formed multipart, or has no file part, is `badParameters`.
 */
export function firstFilePart(body: Buffer, contentType: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const refuse = (why: string) => reject(new DeviceError("badParameters", `multipart body: ${why}`));
    let parser: ReturnType<typeof Busboy>;
    try {
      parser = Busboy({ headers: { "content-type": contentType }, limits: { files: 1, parts: 16, fileSize: body.length } });
    } catch (error) {
      refuse(error instanceof Error ? error.message : String(error));
      return;
    }
    let file: Buffer | undefined;
    let reading: Promise<void> | undefined;
    parser.on("file", (_field, stream) => {
      const chunks: Buffer[] = [];
      reading = new Promise((done) => {
        stream.on("data", (chunk: Buffer) => chunks.push(chunk));
        // A part cut short errors on its own stream (and the parser's): refused there.
        stream.on("error", (error: unknown) => {
          refuse(error instanceof Error ? error.message : String(error));
          done();
        });
        stream.on("end", () => {
          file = Buffer.concat(chunks);
          done();
        });
      });
    });
    parser.on("error", (error: unknown) => refuse(error instanceof Error ? error.message : String(error)));
    parser.on("finish", () => {
      void (reading ?? Promise.resolve()).then(() => (file === undefined ? refuse("no file part") : resolve(file)));
    });
    parser.end(body);
  });
}
