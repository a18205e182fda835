import t from "tap";
import { inBatches } from "../../src/util/in-batches.js";

t.test("runs at most `size` at once, keeps order and indexes", async (t) => {
  let running = 0;
  let peak = 0;
  const results = await inBatches([..."abcdefg"], 3, async (item, index) => {
    running++;
    peak = Math.max(peak, running);
    await Promise.resolve();
    running--;
    return `${index}${item}`;
  });
  t.same(results, ["0a", "1b", "2c", "3d", "4e", "5f", "6g"]);
  t.equal(peak, 3);
  t.same(await inBatches([], 3, async () => 1), []);
});
