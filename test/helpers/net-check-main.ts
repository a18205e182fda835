/**
 * Runs where the check must happen in another network namespace than the test (ip netns exec),
 * possibly behind setpriv; prints one JSON line:
 *   node … net-check-main.ts bind ADDRESS PORT  → {"bound":true} or {"error":"EACCES"}
 *   node … net-check-main.ts get URL            → {"status":200,"body":"…"}
 */
import { createServer } from "node:net";

const [mode, ...args] = process.argv.slice(2);

if (mode === "bind") {
  const [address = "127.0.0.1", port = "80"] = args;
  const server = createServer();
  const result = await new Promise<{ bound: true } | { error: string | undefined }>((resolve) => {
    server.once("error", (error: NodeJS.ErrnoException) => resolve({ error: error.code }));
    server.listen(Number(port), address, () => resolve({ bound: true }));
  });
  server.close();
  console.log(JSON.stringify(result));
} else if (mode === "get") {
  const response = await fetch(args[0] ?? "");
  console.log(JSON.stringify({ status: response.status, body: await response.text() }));
} else {
  throw new Error(`unknown mode ${String(mode)}`);
}
