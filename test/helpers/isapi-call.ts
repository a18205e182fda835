import { request } from "urllib";

export interface IsapiReply {
  readonly status: number;
  readonly body: string;
  /** ResponseStatus statusCode and subStatusCode, when the body is one. */
  readonly statusCode: string | undefined;
  readonly subStatusCode: string | undefined;
}

/**
 * One request as a Digest client (urllib, a maintained Digest implementation) sends it:
 * first without credentials, then again after the 401 with `user:password`.
 */
export async function isapiCall(base: string, path: string, user: string, password: string, method: "GET" | "PUT" | "POST" | "DELETE" = "GET", body?: string): Promise<IsapiReply> {
  const reply = await request(`${base}${path}`, {
    method,
    digestAuth: `${user}:${password}`,
    dataType: "text",
    ...(body === undefined ? {} : { content: body, headers: { "content-type": "application/xml" } }),
  });
  const text = String(reply.data);
  const element = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(text)?.[1] ?? jsonField(text, name);
  return { status: reply.status, body: text, statusCode: element("statusCode"), subStatusCode: element("subStatusCode") };
}

/** A field of a JSON ResponseStatus (the JSON resources' refusals with `format=json`), as text. */
function jsonField(text: string, name: string): string | undefined {
  if (!text.startsWith("{")) return undefined;
  try {
    const value = (JSON.parse(text) as Record<string, unknown>)[name];
    return value === undefined ? undefined : String(value);
  } catch {
    return undefined;
  }
}
