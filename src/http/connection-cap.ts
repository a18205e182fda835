import type { Socket } from "node:net";
import type { Logger } from "pino";

/** The fleet-wide cap on client connections (descriptor-budget.ts `connectionBudget`). */
export class ConnectionCap {
  #open = 0;
  #warned = false;

  constructor(
    private readonly max: number,
    private readonly logger: Logger,
  ) {}

  admit(socket: Socket): void {
    if (this.#open >= this.max) {
      if (!this.#warned) this.logger.warn({ max: this.max }, "connection cap reached; closing new connections until some end");
      this.#warned = true;
      socket.destroy();
      return;
    }
    this.#open++;
    socket.once("close", () => {
      this.#open--;
      if (this.#open < this.max) this.#warned = false;
    });
  }
}
