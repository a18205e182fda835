/**
 * Runs `work` over `items` at most `size` at a time, in order, collecting results. For start-up
 * work over a whole fleet (files, listeners) that must not open 1,000 of anything at once.
 */
export async function inBatches<T, R>(items: readonly T[], size: number, work: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map((item, j) => work(item, i + j)))));
  }
  return results;
}
