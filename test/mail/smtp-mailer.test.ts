import t from "tap";
import type { Test } from "tap";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { SmtpMailer, describeSmtp } from "../../src/mail/smtp-mailer.js";
import { startEmulator } from "../../src/runtime/emulator.js";
import { MemoryStore } from "../../src/emulator/store/memory-store.js";
import { VirtualClock } from "../../src/emulator/clock.js";
import { defaultFleet } from "../../src/config/fleet-config.js";
import type { SmtpSettings } from "../../src/mail/smtp-mailer.js";
import { profiles, silentLogger } from "../helpers/harness.js";
import { formatQrPayload, qrKeyFor } from "../../src/support/qr-key.js";

/** One message the sink received: the SMTP envelope and the raw RFC 5322 text. */
interface Received {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: string;
  readonly user: string | undefined;
}

/** A local SMTP sink on 127.172.0.1 (an OS-picked port), optionally with AUTH; closed at teardown. */
async function smtpSink(t: Test, auth?: { user: string; password: string }): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    disabledCommands: auth ? ["STARTTLS"] : ["STARTTLS", "AUTH"],
    ...(auth ? { allowInsecureAuth: true } : { authOptional: true }),
    logger: false,
    onAuth(credentials, _session, callback) {
      if (auth && credentials.username === auth.user && credentials.password === auth.password) callback(null, { user: credentials.username });
      else callback(new Error("bad credentials"));
    },
    onData(stream, session, callback) {
      let raw = "";
      stream.setEncoding("utf8");
      stream.on("data", (chunk: string) => (raw += chunk));
      stream.on("end", () => {
        const from = session.envelope.mailFrom === false ? "" : session.envelope.mailFrom.address;
        received.push({ from, to: session.envelope.rcptTo.map((r) => r.address), raw, user: session.user as string | undefined });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.172.0.1", () => resolve()));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { port: (server.server.address() as AddressInfo).port, received };
}

/** A header's value in the raw message (unfolded). */
function header(raw: string, name: string): string | undefined {
  const head = raw.split(/\r?\n\r?\n/)[0]?.replace(/\r?\n[ \t]+/g, " ") ?? "";
  return new RegExp(`^${name}: (.*)$`, "mi").exec(head)?.[1];
}

t.test("SmtpMailer delivers a plain-text message: envelope, To, Subject and body as given; AUTH with the configured user", async (t) => {
  const sink = await smtpSink(t, { user: "lab", password: "s3cret" });
  const mailer = new SmtpMailer({ host: "127.172.0.1", port: sink.port, secure: false, user: "lab", password: "s3cret" });
  t.teardown(() => mailer.close());
  await mailer.send({ from: "support@hikemu.invalid", to: "trainee@lab.example", subject: "Verification code for device X", text: "Verification code: ABCD2345\n" });
  t.equal(sink.received.length, 1);
  const [mail] = sink.received;
  t.equal(mail?.from, "support@hikemu.invalid", "MAIL FROM");
  t.same(mail?.to, ["trainee@lab.example"], "RCPT TO");
  t.equal(mail?.user, "lab", "authenticated as the configured user");
  t.equal(header(mail?.raw ?? "", "To"), "trainee@lab.example");
  t.equal(header(mail?.raw ?? "", "Subject"), "Verification code for device X");
  t.match(mail?.raw, /Verification code: ABCD2345/);
  t.equal(describeSmtp(mailer.settings), `smtp://lab:***@127.172.0.1:${sink.port}`, "logs show the server without the password");

  const refused = new SmtpMailer({ host: "127.172.0.1", port: sink.port, secure: false, user: "lab", password: "wrong" });
  t.teardown(() => refused.close());
  await t.rejects(refused.send({ from: "a@b.example", to: "c@d.example", subject: "s", text: "t" }), "a refused login rejects");
  t.equal(sink.received.length, 1, "and delivers nothing");
});

async function emulatorWithSmtp(t: Test, smtp: SmtpSettings | undefined, from?: string) {
  const base = defaultFleet(profiles);
  const config = {
    ...base,
    sadpPort: 0,
    ssdpPort: 0,
    httpPort: 0,
    specs: base.specs.map((s, i) => ({ ...s, address: `127.172.1.${10 + i}` })),
    ...(smtp || from ? { mail: { ...(smtp ? { smtp } : {}), ...(from ? { from } : {}) } } : {}),
  };
  const emulator = await startEmulator({ config, store: new MemoryStore(), logger: silentLogger, clock: new VirtualClock() });
  t.teardown(() => emulator.stop());
  return emulator;
}

const PAYLOAD = formatQrPayload({ serial: "DS-2CD2146G2-ISU20230101AAWRJ12345678", nonce: "0123456789abcdef", issued: 1_700_000_000, mode: "email", email: "trainee@lab.example" });

t.test("configured SMTP: the desk's verification code reaches the SMTP sink and the outbox keeps a copy", async (t) => {
  const sink = await smtpSink(t);
  const emulator = await emulatorWithSmtp(t, { host: "127.172.0.1", port: sink.port, secure: false }, "desk@lab.example");
  const answer = await emulator.supportDesk.answerQr(PAYLOAD);
  t.same(answer, { mode: "email", serial: "DS-2CD2146G2-ISU20230101AAWRJ12345678", sentTo: "t***@lab.example" }, "no mailError: delivered");
  t.equal(sink.received.length, 1);
  const [mail] = sink.received;
  t.equal(mail?.from, "desk@lab.example", "the fleet file's mail.from");
  t.same(mail?.to, ["trainee@lab.example"]);
  t.equal(header(mail?.raw ?? "", "Subject"), "Verification code for device DS-2CD2146G2-ISU20230101AAWRJ12345678");
  t.match(mail?.raw, `Verification code: ${qrKeyFor(PAYLOAD)}`, "the body carries the code");
  const kept = emulator.outbox.list("trainee@lab.example");
  t.equal(kept.length, 1, "the outbox has its copy too");
  t.match(kept[0]?.text, `Verification code: ${qrKeyFor(PAYLOAD)}`);
});

t.test("a failed SMTP delivery is reported to the desk's caller; the outbox keeps the copy", async (t) => {
  // The sink listens on 127.172.0.1 only: the same port on 127.172.0.2 refuses the connection.
  const sink = await smtpSink(t);
  const emulator = await emulatorWithSmtp(t, { host: "127.172.0.2", port: sink.port, secure: false });
  const answer = await emulator.supportDesk.answerQr(PAYLOAD);
  t.equal(answer.mode, "email");
  t.match(answer, { sentTo: "t***@lab.example", mailError: /SMTP delivery to trainee@lab\.example failed \(the outbox kept a copy\)/ });
  t.equal(sink.received.length, 0, "nothing reached the sink on another address");
  t.equal(emulator.outbox.list().length, 1, "the outbox kept it");
  t.equal(emulator.outbox.list()[0]?.from, "support@hikemu.invalid", "default sender");
});

t.test("without SMTP configured the desk answers from the outbox alone", async (t) => {
  const emulator = await emulatorWithSmtp(t, undefined);
  const answer = await emulator.supportDesk.answerQr(PAYLOAD);
  t.same(answer, { mode: "email", serial: "DS-2CD2146G2-ISU20230101AAWRJ12345678", sentTo: "t***@lab.example" });
  t.equal(emulator.outbox.list().length, 1);
});
