import t from "tap";
import { VirtualClock } from "../../../src/emulator/clock.js";
import { RecoveryTokens } from "../../../src/emulator/recovery/recovery-tokens.js";

t.test("a token is pending until its lifetime ends on the device clock, then expired", async (t) => {
  const clock = new VirtualClock();
  const tokens = new RecoveryTokens(clock);
  t.same(tokens.lookup("keyExport"), { state: "none" });
  const issuedAt = clock.now();
  tokens.issue("keyExport", { nonce: "a1" }, 48 * 3600);
  await clock.advance(48 * 3600 * 1000 - 1);
  t.same(tokens.lookup("keyExport"), { state: "pending", value: { nonce: "a1" }, issuedAt });
  await clock.advance(1);
  t.same(tokens.lookup("keyExport"), { state: "expired" });
});

t.test("a new token replaces the previous one; void and boot forget them", (t) => {
  const tokens = new RecoveryTokens(new VirtualClock());
  tokens.issue("qrChallenge", "first", 60);
  tokens.issue("qrChallenge", "second", 60);
  t.match(tokens.lookup("qrChallenge"), { state: "pending", value: "second" });
  tokens.void("qrChallenge");
  t.same(tokens.lookup("qrChallenge"), { state: "none" });
  tokens.issue("qrChallenge", "third", 60);
  tokens.issue("keyExport", "file", 60);
  tokens.boot();
  t.same(tokens.lookup("qrChallenge"), { state: "none" });
  t.same(tokens.lookup("keyExport"), { state: "none" });
  t.end();
});

t.test("voidIf voids only the token that was checked, never a newer one", (t) => {
  const tokens = new RecoveryTokens(new VirtualClock());
  const first = { nonce: "first" };
  tokens.issue("qrChallenge", first, 60);
  const second = { nonce: "second" };
  tokens.issue("qrChallenge", second, 60);
  tokens.voidIf("qrChallenge", first);
  t.match(tokens.lookup("qrChallenge"), { state: "pending", value: second }, "a newer challenge survives the older one's reset");
  tokens.voidIf("qrChallenge", second);
  t.same(tokens.lookup("qrChallenge"), { state: "none" });
  t.end();
});
