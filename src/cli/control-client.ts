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

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { accept: "application/json", ...this.#auth() };
    if (body !== undefined) headers["content-type"] = "application/json";
    const response = await this.#fetch(path, { method, headers, ...(body !== undefined ? { body: JSON.stringify(body) } : {}) });
    const json = await readJson(response);
    if (!response.ok) throw this.#refusal(response, json);
    if (json === undefined) throw new Error(`${this.url} answered ${method} ${path} with something other than JSON: is it a hikemu control API?`);
    return json as T;
  }

  /** Opens the event stream; resolves once the API has accepted it (headers in). */
  async events(device: string | undefined, signal?: AbortSignal): Promise<ReadableStream<Uint8Array>> {
    const query = device === undefined ? "" : `?device=${encodeURIComponent(device)}`;
    const response = await this.#fetch(`/api/events${query}`, { headers: { accept: "text/event-stream", ...this.#auth() }, ...(signal ? { signal } : {}) });
    if (!response.ok) throw this.#refusal(response, await readJson(response));
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

  #refusal(response: Response, json: unknown): Error {
    const error = (json as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    if (typeof error?.code !== "string" || typeof error.message !== "string") {
      return new Error(`${this.url} answered HTTP ${response.status} without a control API error: is it a hikemu control API?`);
    }
    const hint = response.status === 401 ? ` (give it with --token or HIKEMU_CONTROL_TOKEN; \`hikemu start\` printed it)` : "";
    return new ControlRefusal(response.status, error.code, `${error.message}${hint}`);
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
