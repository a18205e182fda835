import t from "tap";
import { deriveIdentity } from "../../src/emulator/identity.js";
import { activatedFlash, adminUser, factoryFlash, type FlashState } from "../../src/emulator/state.js";
import { deriveCredentials } from "../../src/emulator/auth/credentials.js";
import { CAMERA, profile } from "../helpers/harness.js";
import { flashDifferences } from "../helpers/flash-diff.js";

// The check the recovery tests rely on for "nothing else in flash changed" (test/helpers/flash-diff.ts):
// it passes a real reset and names each thing a broken reset could touch.
const p = profile(CAMERA);
const identity = deriveIdentity("seed", "unit-1", p);
const network = { ipv4: "10.1.2.3", mask: "255.255.0.0", gateway: "10.1.0.1", dhcp: false };
const operator = { id: 2, userName: "operator", level: "Operator" as const, credentials: deriveCredentials("operator", "Oper4tor!", identity.realm, identity.salt) };
const activated = activatedFlash(factoryFlash(p, identity, network, "fleet"), "Old12345!", p, identity);
const before: FlashState = { ...activated, users: [...activated.users, operator], recovery: { email: "a@lab.example", guidHash: "0".repeat(64) } };
const admin = before.users[0]!;
/** What a correct reset writes: the admin's password material for the new password, nothing else. */
const reset = (flash: FlashState, password = "New12345!"): FlashState => ({ ...flash, users: flash.users.map((u) => (u.userName === "admin" ? { ...u, credentials: adminUser(password, identity).credentials } : u)) });

t.test("a correct reset: no differences", async (t) => {
  t.same(flashDifferences(before, reset(before)), []);
  t.same(flashDifferences(before, { ...reset(before), recovery: { ...before.recovery, guidHash: "1".repeat(64) } }, { guidRotated: true }), [], "a GUID reset that rotated the GUID");
  const hashed: FlashState = { ...before, recovery: { email: "a@lab.example", guidHash: "h1" } as FlashState["recovery"] };
  t.same(flashDifferences(hashed, { ...reset(hashed), recovery: { email: "a@lab.example", guidHash: "h2" } as FlashState["recovery"] }, { guidRotated: true }), [], "works with a hashed GUID key too");
});

t.test("each thing a broken reset could touch is reported", async (t) => {
  /** Exactly one difference, naming what changed. */
  const one = (diffs: string[], pattern: RegExp | string, what: string) => {
    t.equal(diffs.length, 1, `${what}: one difference (${diffs.join("; ")})`);
    t.match(diffs[0] ?? "", pattern, what);
  };
  const changedAdmin = (change: object): FlashState => {
    const after = reset(before);
    return { ...after, users: after.users.map((u) => (u.userName === "admin" ? { ...u, ...change } : u)) };
  };
  one(flashDifferences(before, changedAdmin({ level: "Operator" })), /admin level changed/, "the admin's level");
  one(flashDifferences(before, changedAdmin({ id: 7 })), /admin id changed/, "the admin's id");
  one(flashDifferences(before, reset(before, "Old12345!")), /admin credentials not replaced: digestMd5, digestSha256, irreversible/, "an unchanged password");
  const halfReset = changedAdmin({ credentials: { ...reset(before).users[0]!.credentials, digestMd5: admin.credentials.digestMd5 } });
  one(flashDifferences(before, halfReset), /not replaced: digestMd5 unchanged/, "a stale digest left behind");
  const otherUser = { ...reset(before), users: reset(before).users.map((u) => (u.userName === "operator" ? { ...u, level: "Viewer" as const } : u)) };
  one(flashDifferences(before, otherUser), /user operator changed/, "another user's record");
  one(flashDifferences(before, { ...reset(before), users: reset(before).users.filter((u) => u.userName !== "operator") }), "user operator removed", "another user removed");
  one(flashDifferences(before, { ...reset(before), network: { ...network, ipv4: "10.1.2.4" } }), "network changed", "the network");
  one(flashDifferences(before, { ...reset(before), activated: false }), "activated changed", "activation");
  one(flashDifferences(before, changedAdmin({ userName: "root" })), /admin userName changed: "admin" → "root"/, "the admin renamed");
  one(flashDifferences(before, { ...reset(before), users: reset(before).users.slice(1) }), /admin record missing after/, "the admin removed");
  one(flashDifferences(before, { ...reset(before), users: [...reset(before).users].reverse() }), "the order of the users changed", "the users reordered");
  one(flashDifferences(before, { ...reset(before), recovery: { ...before.recovery, email: "b@lab.example" } }), /recovery changed beyond the GUID/, "the reserved e-mail");
  one(flashDifferences(before, { ...reset(before), recovery: { ...before.recovery, guidHash: "1".repeat(64) } }), "recovery GUID changed", "a GUID moved by a reset that is not a GUID reset");
  one(flashDifferences(before, reset(before), { guidRotated: true }), "recovery.guidHash did not rotate", "a GUID reset that left the GUID");
  one(flashDifferences(before, { ...reset(before), recovery: { email: "a@lab.example" } }, { guidRotated: true }), "recovery has no GUID after a GUID reset", "missing GUID");
});
