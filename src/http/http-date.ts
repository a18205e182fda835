/**
 * The `Date` header value for a device-clock instant, formatted once per second (issue #6):
 * devices share a clock, so under load nearly every response reuses the last string.
 */
export class HttpDate {
  #second = Number.NaN;
  #text = "";

  format(epochMs: number): string {
    const second = Math.floor(epochMs / 1000);
    if (second !== this.#second) {
      this.#second = second;
      this.#text = new Date(second * 1000).toUTCString();
    }
    return this.#text;
  }
}
