import { Agent, request, type IncomingHttpHeaders } from "node:http";
import { digestHeader } from "./digest-header.js";
import { digestChallenge } from "./sockets.js";

export interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * One client machine: every request leaves from `localAddress` (a 127.x address of its own,
 * so the device sees a distinct peer) over one kept-alive connection. Digest attempts are
 * MD5 with qop=auth and use the nonce of the device's last 401, as a client that keeps
 * retrying does; a stale nonce is renewed once, so an attempt is always one the device counts.
 */
export class SourceClient {
  readonly #agent: Agent;
  #nonce: string | undefined;

  constructor(
    private readonly device: { readonly host: string; readonly port: number; readonly realm: string },
    readonly localAddress: string,
  ) {
    this.#agent = new Agent({ keepAlive: true, maxSockets: 1 });
  }

  send(path: string, options: { method?: string; authorization?: string; body?: string } = {}): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (options.authorization) headers["authorization"] = options.authorization;
    if (options.body !== undefined) headers["content-type"] = "application/xml";
    return new Promise((resolve, reject) => {
      const req = request({ host: this.device.host, port: this.device.port, path, method: options.method ?? "GET", headers, agent: this.#agent, localAddress: this.localAddress }, (res) => {
        let body = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (body += chunk));
        res.on("end", () => {
          const answer = { status: res.statusCode ?? 0, headers: res.headers, body };
          if (answer.status === 401) this.#nonce = digestChallenge(res.headers["www-authenticate"]).nonce;
          resolve(answer);
        });
      });
      req.on("error", reject);
      req.end(options.body);
    });
  }

  /** A Digest login of `user` with `password` on `path`. */
  async digest(path: string, user: string, password: string, method = "GET", body?: string): Promise<Answer> {
    if (this.#nonce === undefined) await this.send(path, { method });
    const attempt = () => this.send(path, { method, body, authorization: digestHeader(this.device.realm, this.#nonce ?? "", path, password, user, method) });
    const answer = await attempt();
    if (answer.status === 401 && digestChallenge(answer.headers["www-authenticate"]).stale === "TRUE") return attempt();
    return answer;
  }

  close(): void {
    this.#agent.destroy();
  }
}
