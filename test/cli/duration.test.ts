import t from "tap";
import { formatDuration, parseDuration } from "../../src/cli/duration.js";

t.test("durations as people write them; a bare number is seconds", (t) => {
  const cases: [string, number][] = [
    ["90s", 90],
    ["30m", 1_800],
    ["1h30m", 5_400],
    ["2d", 172_800],
    ["1d2h3m4s", 93_784],
    ["2d30s", 172_830],
    ["1.5h", 5_400],
    ["45", 45],
    ["0.5", 0.5],
    ["0", 0],
    ["0s", 0],
  ];
  for (const [text, seconds] of cases) t.equal(parseDuration(text), seconds, text);
  for (const text of ["", "h", "1x", "1hh", "30m1h", "1s1s", "1h 30m", "-5", "+5", "1e3", ".5", "5.", "1H", "1ms", "one"]) {
    t.throws(() => parseDuration(text), { message: `expected a duration such as 90s, 30m, 1h30m or 2d (a bare number is seconds), got ${JSON.stringify(text)}` }, JSON.stringify(text));
  }
  t.end();
});

t.test("formatDuration writes the largest units first", (t) => {
  const cases: [number, string][] = [
    [0, "0s"],
    [45, "45s"],
    [90, "1m30s"],
    [5_400, "1h30m"],
    [93_784, "1d2h3m4s"],
    [0.25, "0.25s"],
    [3_600.5, "1h0.5s"],
  ];
  for (const [seconds, text] of cases) t.equal(formatDuration(seconds), text, String(seconds));
  for (const [text] of [["1d2h3m4s"], ["2d"], ["1m30s"]]) t.equal(formatDuration(parseDuration(text!)), text, `${text} round-trips`);
  t.end();
});
