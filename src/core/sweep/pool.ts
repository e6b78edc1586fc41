// Runs tasks at most `jobs` at once, in order of the list; resolves when every task settled.

export async function runPool<Item>(
  items: readonly Item[],
  jobs: number,
  task: (item: Item) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      await task(item);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(jobs, items.length)) }, lane));
}
