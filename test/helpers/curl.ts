import { execFile } from "node:child_process";

export interface CurlResult {
  /** HTTP status of each transfer, in URL order. */
  readonly statuses: number[];
  /** Bodies of all transfers, concatenated. */
  readonly body: string;
  /** curl's stderr: with `--verbose`, the request and response headers (`> ` and `< ` lines). */
  readonly stderr: string;
}

const MARK = "\n@@hikemu-status@@";

/**
 * Runs the system curl (Debian's curl 7.88 here) as a client would, never through a proxy from
 * the environment (only 127.x addresses are reached). `args` are curl's own options and URLs.
 */
export function curl(args: readonly string[]): Promise<CurlResult> {
  const argv = ["--silent", "--show-error", "--noproxy", "*", "--write-out", `${MARK}%{http_code}\n`, ...args];
  return new Promise((resolve, reject) => {
    execFile("curl", argv, { encoding: "utf8", timeout: 30_000 }, (error, stdout, stderr) => {
      if (error && error.code !== 0 && !stdout.includes(MARK)) {
        reject(new Error(`curl failed: ${error.message}\n${stderr}`));
        return;
      }
      const parts = stdout.split(MARK);
      const statuses = parts.slice(1).map((p) => Number.parseInt(p, 10));
      const body = parts.map((p, i) => (i === 0 ? p : p.replace(/^\d+\n/, ""))).join("");
      resolve({ statuses, body, stderr });
    });
  });
}

/** The `Authorization` headers curl sent, from its `--verbose` output. */
export function sentAuthorizations(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .filter((line) => /^> authorization: /i.test(line))
    .map((line) => line.replace(/^> authorization: /i, ""));
}
