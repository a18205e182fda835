import { isapiActor } from "./actor.js";
import { DeviceError } from "../../emulator/errors.js";
import { ADMINISTRATOR, type Route } from "../router.js";
import { firstFilePart, isMultipart } from "../multipart-file.js";
import { goingDown } from "./maintenance.js";

/**
 * The largest upload accepted: real configuration files run from some hundred KB (recorders) to
 * a few MB; hikemu's are a few KB. The multipart envelope fits in the margin.
 */
export const MAX_CONFIGURATION_BYTES = 4 * 1024 * 1024;

/**
 * Configuration backup over ISAPI (issue #10): `GET` exports the device's configuration file,
 * `PUT` imports one and reboots into it (configuration/configuration.ts). Administrators only.
 * `secretkey` is the query parameter newer firmware takes for the file's key ("it should be
 * encrypted for exporting" in the ISAPI guide; clients send it with `security=1&iv=…`, encrypted
 * under their session key). hikemu takes it in plain text and refuses `security=1`, which it does
 * not emulate, rather than use a ciphertext as the key.
 */
export const configurationDataRoutes: Route[] = [
  {
    method: "GET",
    path: "/ISAPI/System/configurationData",
    auth: ADMINISTRATOR,
    handler: (context) => {
      const { device } = context;
      const file = device.configuration.export({ secretKey: secretKeyOf(context.query) }, isapiActor(context));
      return {
        status: 200,
        contentType: "application/octet-stream",
        body: file,
        headers: { "Content-Disposition": `attachment; filename="${device.configuration.fileName}"` },
      };
    },
  },
  {
    method: "PUT",
    path: "/ISAPI/System/configurationData",
    auth: ADMINISTRATOR,
    maxBodyBytes: MAX_CONFIGURATION_BYTES,
    handler: async (context) => {
      const { device, request, body, requestURL } = context;
      const contentType = request.headers["content-type"];
      const file = isMultipart(contentType) ? await firstFilePart(body, contentType) : body;
      // Validated whole and written durably before the device goes down (configuration.ts).
      await device.configuration.import(file, { secretKey: secretKeyOf(context.query) }, isapiActor(context));
      return goingDown(device, requestURL);
    },
  },
];

/** `secretkey` at most once (its length is the firmware's rule, configuration.ts); `security=1` (an encrypted secretkey) is not emulated. */
function secretKeyOf(query: URLSearchParams): string | undefined {
  const keys = query.getAll("secretkey");
  if (keys.length > 1) throw new DeviceError("badParameters", "secretkey given more than once");
  const [key] = keys;
  if (key !== undefined && (query.get("security") ?? "0") !== "0") throw new DeviceError("badParameters", "security: an encrypted secretkey is not emulated; send secretkey in plain text");
  return key;
}

