import { STATUS_STRINGS, type CatalogEntry } from "../emulator/errors.js";

/** `application/json; charset="UTF-8"`, quoted like the XML type (our guess: no JSON capture shows the header). */
export const JSON_CONTENT_TYPE = 'application/json; charset="UTF-8"';

/** The numeric error code and its message, where the firmware shows them (fleet-handler.ts errorReply). */
export interface JsonErrorDetail {
  readonly errorCode: number;
  readonly errorMsg: string;
}

/**
 * JSON_ResponseStatus (hik-protocols.md §2.9, "JSON error (newer firmware)", LIKELY): the XML
 * ResponseStatus's fields as one object, `{"requestURL", "statusCode", "statusString",
 * "subStatusCode", "errorCode", "errorMsg"}`, statusCode and errorCode as numbers. What the JSON
 * resources answer, success (1 OK) and refusals alike, when asked `format=json`.
 */
export function responseStatusJson(requestURL: string, entry: CatalogEntry, detail?: JsonErrorDetail): string {
  return JSON.stringify({ requestURL, statusCode: entry.statusCode, statusString: STATUS_STRINGS[entry.statusCode], subStatusCode: entry.subStatusCode, ...detail });
}
