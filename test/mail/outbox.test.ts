import t from "tap";
import { Outbox } from "../../src/mail/outbox.js";

const mail = (to: string, n: number) => ({ from: "support@hikemu.invalid", to, subject: `code ${n}`, text: `your code is ${n}` });

t.test("the outbox numbers and dates what is sent, oldest first, and filters by recipient", async (t) => {
  let now = 1_000;
  const outbox = new Outbox(() => now);
  await outbox.send(mail("A@example.test", 1));
  now = 2_000;
  await outbox.send(mail("b@example.test", 2));
  t.same(
    outbox.list().map((m) => [m.id, m.sentAt, m.to, m.subject]),
    [
      [1, 1_000, "A@example.test", "code 1"],
      [2, 2_000, "b@example.test", "code 2"],
    ],
  );
  t.same(
    outbox.list("a@EXAMPLE.test").map((m) => m.id),
    [1],
  );
});

t.test("the outbox keeps only the newest messages up to its capacity", async (t) => {
  const outbox = new Outbox(() => 0, 3);
  for (let n = 1; n <= 5; n++) await outbox.send(mail("x@example.test", n));
  t.same(
    outbox.list().map((m) => m.subject),
    ["code 3", "code 4", "code 5"],
  );
  t.same(
    outbox.list().map((m) => m.id),
    [3, 4, 5],
  );
});
