import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { Logger } from "pino";
import type { Device } from "../emulator/device.js";
import { inBatches } from "../util/in-batches.js";

export interface ListenOptions {
  /** Port every device serves HTTP on when the process may bind it (80, like hardware). */
  readonly preferredPort: number;
  /** Port used instead when binding the preferred one is refused (no root, no capability). */
  readonly fallbackPort: number;
  readonly logger: Logger;
}

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/**
 * One small node:http listener per device on its own address, all with the same fleet
 * handler (DESIGN.md "HTTP": ≈4 KB per listener). Records the port actually served on
 * the device, since SADP and ISAPI report it.
 */
export class HttpListeners {
  private constructor(readonly servers: readonly Server[]) {}

  static async open(devices: readonly Device[], handler: Handler, options: ListenOptions): Promise<HttpListeners> {
    const servers: Server[] = [];
    let port = options.preferredPort;
    const [first, ...rest] = devices;
    try {
      if (first) servers.push(await listenOne(first, handler, port, options.logger));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EACCES" || !first) throw error;
      options.logger.info({ refused: port, using: options.fallbackPort }, "cannot bind the preferred HTTP port; using the fallback");
      port = options.fallbackPort;
      servers.push(await listenOne(first, handler, port, options.logger));
    }
    try {
      servers.push(...(await inBatches(rest, 64, (device) => listenOne(device, handler, port, options.logger))));
    } catch (error) {
      await Promise.all(servers.map(closeServer));
      throw error;
    }
    return new HttpListeners(servers);
  }

  async close(): Promise<void> {
    await Promise.all(this.servers.map(closeServer));
  }
}

function listenOne(device: Device, handler: Handler, port: number, logger: Logger): Promise<Server> {
  const server = createServer({ keepAliveTimeout: 10_000 }, handler);
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(Object.assign(error, { message: `${device.name}: cannot listen on ${device.serving.address}:${port}: ${error.message}` }));
    });
    server.listen(port, device.serving.address, () => {
      server.removeAllListeners("error");
      server.on("error", (error) => logger.warn({ err: error, device: device.name }, "http listener error"));
      const address = server.address();
      if (address && typeof address === "object") device.reportServedPort(address.port);
      resolve(server);
    });
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.closeAllConnections();
    server.close(() => resolve());
  });
}
