import { Busboy } from "@fastify/busboy";

/** Whether a request's Content-Type is a form upload (what a browser's web UI sends). */
export function isMultipart(contentType: string | undefined): contentType is string {
  return contentType !== undefined && /^multipart\/form-data\s*;/i.test(contentType);
}

/**
 * The first file of a `multipart/form-data` body already read into memory (the web UI's upload
 * form; the field name does not matter), or undefined when the body holds no file or is not a
 * well-formed form. Never rejects.
 */
export function firstUploadedFile(contentType: string, body: Buffer): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    let parser: InstanceType<typeof Busboy>;
    try {
      parser = new Busboy({ headers: { "content-type": contentType }, limits: { files: 1, parts: 16, fileSize: body.length } });
    } catch {
      resolve(undefined);
      return;
    }
    let file: Buffer | undefined;
    parser.on("file", (_field, stream) => {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        file ??= Buffer.concat(chunks);
      });
    });
    parser.on("finish", () => resolve(file));
    parser.on("error", () => resolve(undefined));
    parser.end(body);
  });
}
