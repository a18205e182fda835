import t from "tap";
import { VirtualClock } from "../../src/emulator/clock.js";
import { startControlFixture } from "../helpers/control-api.js";

t.test("GET /api/clock and POST /api/clock/advance under the virtual clock", async (t) => {
  const clock = new VirtualClock(Date.UTC(2026, 4, 1, 8, 0, 0));
  const { api } = await startControlFixture(t, 67, { clock });
  t.same((await api("GET", "/api/clock")).body, { mode: "virtual", now: "2026-05-01T08:00:00.000Z", epochMs: Date.UTC(2026, 4, 1, 8, 0, 0) });
  const advanced = await api("POST", "/api/clock/advance", { seconds: 1800 });
  t.equal(advanced.status, 200);
  t.same(advanced.body, { mode: "virtual", now: "2026-05-01T08:30:00.000Z", epochMs: Date.UTC(2026, 4, 1, 8, 30, 0) });
  await api("POST", "/api/clock/advance", { seconds: 0.25 });
  t.equal(clock.now(), Date.UTC(2026, 4, 1, 8, 30, 0, 250), "fractions of a second");
  await api("POST", "/api/clock/advance", { seconds: 366 * 86_400 });
  t.equal((await api("GET", "/api/clock")).body.now, "2027-05-02T08:30:00.250Z", "up to 366 days at once");
});

t.test("advance: bad seconds are 400 and move nothing", async (t) => {
  const clock = new VirtualClock();
  const { api } = await startControlFixture(t, 67, { clock });
  const start = clock.now();
  for (const body of [{}, { seconds: 0 }, { seconds: -5 }, { seconds: "30" }, { seconds: "30m" }, { seconds: 366 * 86_400 + 1 }, { seconds: 5, minutes: 1 }, { ms: 5000 }]) {
    const reply = await api("POST", "/api/clock/advance", body);
    t.equal(reply.status, 400, JSON.stringify(body));
    t.equal(reply.body.error.code, "badRequest");
  }
  t.equal(clock.now(), start);
});

t.test("under the real clock: GET says so, advance is 409 realClock", async (t) => {
  const { api } = await startControlFixture(t, 67, { clock: "real" });
  const view = (await api("GET", "/api/clock")).body;
  t.equal(view.mode, "real");
  t.ok(Math.abs(view.epochMs - Date.now()) < 5_000, "the host's time");
  t.equal(view.now, new Date(view.epochMs).toISOString());
  const refused = await api("POST", "/api/clock/advance", { seconds: 60 });
  t.equal(refused.status, 409);
  t.same(refused.body.error, { code: "realClock", message: "the clock is real: start hikemu with --clock virtual to advance it" });
  t.equal((await api("POST", "/api/clock/advance", { seconds: -1 })).status, 400, "a bad body is still 400 first");
});
