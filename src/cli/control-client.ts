import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";

/**
 * The CLI's side of the control API (docs/control-api.md): JSON requests with the bearer
 * token, the API's `{"error": {"code", "message"}}` turned into a refusal the CLI prints.
 */

/** The control API said no (4xx/5xx with its error body): the CLI prints the message and exits 1. */
export class ControlRefusal extends Error {
  override name = "ControlRefusal";
  readonly exitCode = 1;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export class ControlClient {
  constructor(
    /** Base URL without a trailing slash, e.g. http://127.0.0.1:9080 */
    readonly url: string,
    private readonly token: string | undefined,
  ) {}

  get<T>(path: string): Promise<T> {
    return this.request<T>("GET", path);
  }

  /**
   * One JSON request. node:http rather than fetch: a button hold under the real clock is
   * answered when the hold ends (up to an hour), and fetch gives up waiting for headers
   * after 300 s.
   */
  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json", ...this.#auth() };
    if (body !== undefined) headers["content-type"] = "application/json";
    let reply: PlainReply;
    try {
      reply = await plainRequest(`${this.url}${path}`, method, headers, body === undefined ? undefined : JSON.stringify(body));
    } catch (error) {
      throw new Error(`no hikemu control API at ${this.url}: ${networkCause({ cause: error })} — is \`hikemu start\` running?`, { cause: error });
    }
    const json = /^application\/json\b/.test(reply.contentType) ? parseJson(reply.text) : undefined;
    if (reply.status < 200 || reply.status > 299) throw this.#refusal(reply.status, json);
    if (json === undefined) throw new Error(`${this.url} answered ${method} ${path} with something other than JSON: is it a hikemu control API?`);
    return json as T;
  }

  /** Opens the event stream; resolves once the API has accepted it (headers in). */
  async events(device: string | undefined, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const query = device === undefined ? "" : `?device=${encodeURIComponent(device)}`;
    const response = await this.#fetch(`/api/events${query}`, { headers: { accept: "text/event-stream", ...this.#auth() }, ...(signal ? { signal } : {}) });
    if (!response.ok) throw this.#refusal(response.status, await readJson(response));
    if (!/^text\/event-stream\b/.test(response.headers.get("content-type") ?? "") || !response.body) {
      await response.body?.cancel();
      throw new Error(`${this.url}/api/events is not an event stream: is it a hikemu control API?`);
    }
    return response.body;
  }

  #auth(): Record<string, string> {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  async #fetch(path: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(`${this.url}${path}`, init);
    } catch (error) {
      if ((error as Error).name === "AbortError") throw error;
      throw new Error(`no hikemu control API at ${this.url}: ${networkCause(error)} — is \`hikemu start\` running?`, { cause: error });
    }
  }

  #refusal(status: number, json: unknown): Error {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (typeof error?.code !== "string" || typeof error.message !== "string") {
      return new Error(`${this.url} answered HTTP ${status} without a control API error: is it a hikemu control API?`);
    }
    const hint = status === 401 ? ` (give it with --token or HIKEMU_CONTROL_TOKEN; \`hikemu start\` printed it)` : "";
    return new ControlRefusal(status, error.code, `${error.message}${hint}`);
  }
}

interface PlainReply {
  readonly status: number;
  readonly contentType: string;
  readonly text: string;
}

/** A request with no client-side time limit: the API answers when the operation is done. */
function plainRequest(url: string, method: string, headers: Record<string, string>, body: string | undefined): Promise<PlainReply> {
  const send = url.startsWith("https:") ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method, headers }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (text += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, contentType: String(res.headers["content-type"] ?? ""), text }));
      res.on("error", reject);
    });
    req.on("error", reject);
    req.end(body);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

async function readJson(response: Response): Promise<unknown> {
  if (!/^application\/json\b/.test(response.headers.get("content-type") ?? "")) {
    await response.body?.cancel();
    return undefined;
  }
  try {
    return await response.json();
  } catch {
    return undefined;
  }
}

/** fetch's "fetch failed" hides the reason in `cause`: ECONNREFUSED, ENOTFOUND, … */
function networkCause(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown; errors?: { code?: unknown }[] } }).cause;
  const code = cause?.code ?? cause?.errors?.[0]?.code;
  if (typeof code === "string") return code;
  if (typeof cause?.message === "string") return cause.message;
  return error instanceof Error ? error.message : String(error);
}
