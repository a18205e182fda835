import t from "tap";
import { isapiLocalTime, offsetText, parseLocalTime, parseTimeZone, sadpLocalTime } from "../../../src/emulator/time/time-zone.js";

t.test("Hikvision zones: POSIX sign (CST-8:00:00 is UTC+08:00), quarter hours, UTC-12 to UTC+14, an optional DST rule", (t) => {
  t.match(parseTimeZone("CST-8:00:00"), { offsetMinutes: 480, dst: undefined });
  t.match(parseTimeZone("CST+5:00:00"), { offsetMinutes: -300 }, "Colombia, as clients write it");
  t.match(parseTimeZone("CST-5:30:00"), { offsetMinutes: 330 });
  t.match(parseTimeZone("CST-5:45:00"), { offsetMinutes: 345 });
  t.match(parseTimeZone("CST+0:00:00"), { offsetMinutes: 0 });
  t.match(parseTimeZone("CST-14:00:00"), { offsetMinutes: 840 });
  t.match(parseTimeZone("CST+12:00:00"), { offsetMinutes: -720 });
  t.match(parseTimeZone("CST-1:00:00DST01:00:00,M3.5.0/02:00:00,M10.5.0/03:00:00"), { offsetMinutes: 60, dst: "DST01:00:00,M3.5.0/02:00:00,M10.5.0/03:00:00" });
  for (const bad of ["", "UTC+8", "CST-8", "CST-8:00", "CST8:00:00", "CST-15:00:00", "CST+13:00:00", "CST-8:10:00", "CST-8:00:30", "cst-8:00:00", "CST-8:00:00DST", "CST-8:00:00DST01:00:00,M13.5.0/02:00:00,M10.5.0/03:00:00", " CST-8:00:00"]) {
    t.equal(parseTimeZone(bad), undefined, JSON.stringify(bad));
  }
  t.end();
});

t.test("wall-clock forms: ISAPI localTime with its offset, SADP BootTime without", (t) => {
  const at = Date.UTC(2024, 0, 1, 4, 0, 0);
  t.equal(isapiLocalTime(at, 480), "2024-01-01T12:00:00+08:00");
  t.equal(isapiLocalTime(at, -300), "2023-12-31T23:00:00-05:00");
  t.equal(isapiLocalTime(0, 480), "1970-01-01T08:00:00+08:00", "a never-set clock in the factory zone");
  t.equal(sadpLocalTime(at, 330), "2024-01-01 09:30:00");
  t.equal(offsetText(0), "+00:00");
  t.equal(offsetText(-570), "-09:30");
  t.end();
});

t.test("localTime: its own offset wins, else the device's zone; impossible dates refused", (t) => {
  const at = Date.UTC(2024, 0, 1, 4, 0, 0);
  t.equal(parseLocalTime("2024-01-01T12:00:00+08:00", 0), at);
  t.equal(parseLocalTime("2024-01-01T04:00:00Z", 480), at);
  t.equal(parseLocalTime("2024-01-01T12:00:00", 480), at, "no offset: the device's zone");
  t.equal(parseLocalTime("2024-01-01T12:00:00.500+08:00", 0), at, "milliseconds are dropped");
  for (const bad of ["2024-02-30T12:00:00", "2024-01-01T24:00:00", "2024-01-01 12:00:00", "2024-1-1T12:00:00", "yesterday", "2024-01-01T12:00:00+15:00", "2024-01-01T12:60:00"]) {
    t.equal(parseLocalTime(bad, 0), undefined, bad);
  }
  t.end();
});
