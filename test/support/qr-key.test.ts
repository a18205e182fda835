import t from "tap";
import { formatQrPayload, parseQrPayload, qrKeyFor } from "../../src/support/qr-key.js";

const base = { serial: "DS-7608NXI-I2/8P/S0820230309CCRRF79870489WCVU", nonce: "0123456789abcdef", issued: 1_700_000_000 };

t.test("an e-mail mode payload carries the reserved address sealed, not in clear; the desk opens it", (t) => {
  const text = formatQrPayload({ ...base, mode: "email", email: "trainee@lab.example" });
  t.notOk(text.includes("trainee"), "no part of the address in the QR text");
  t.notOk(text.includes("lab.example"));
  t.match(text, /&mode=email&mail=[A-Za-z0-9_-]+$/);
  t.same(parseQrPayload(text), { ok: true, payload: { ...base, mode: "email", email: "trainee@lab.example" } });
  t.end();
});

t.test("an altered sealed address, or one moved to another challenge, does not open", (t) => {
  const text = formatQrPayload({ ...base, mode: "email", email: "trainee@lab.example" });
  const sealed = /mail=([^&]+)/.exec(text)?.[1] ?? "";
  const flipped = sealed.slice(0, 5) + (sealed[5] === "A" ? "B" : "A") + sealed.slice(6);
  t.match(parseQrPayload(text.replace(sealed, flipped)), { ok: false, problem: /sealed address/ });
  const otherChallenge = text.replace("nonce=0123456789abcdef", "nonce=fedcba9876543210");
  t.match(parseQrPayload(otherChallenge), { ok: false }, "the seal is bound to its challenge's nonce");
  t.match(parseQrPayload(`${formatQrPayload({ ...base, mode: "key" })}&mail=${sealed}`), { ok: false, problem: /carries no address/ });
  t.end();
});

t.test("the key depends on every part of the payload", (t) => {
  const key = qrKeyFor(formatQrPayload({ ...base, mode: "key" }));
  t.match(key, /^[A-HJ-NP-Z2-9]{8}$/);
  t.not(qrKeyFor(formatQrPayload({ ...base, nonce: "0123456789abcdee", mode: "key" })), key, "another nonce");
  t.not(qrKeyFor(formatQrPayload({ ...base, issued: base.issued + 1, mode: "key" })), key, "another issue time");
  t.not(qrKeyFor(formatQrPayload({ ...base, serial: `${base.serial}X`, mode: "key" })), key, "another serial");
  t.end();
});

t.test("the seal is bound to its challenge: the same sealed address under another serial or issue time does not open", (t) => {
  const text = formatQrPayload({ ...base, mode: "email", email: "trainee@lab.example" });
  t.match(parseQrPayload(text.replace(`issued=${base.issued}`, `issued=${base.issued + 1}`)), { ok: false });
  t.match(parseQrPayload(text.replace("serial=DS-7608NXI", "serial=DS-7616NXI")), { ok: false });
  t.end();
});
