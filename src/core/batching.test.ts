import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchRunner } from './batching.ts';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

test('an item arriving at an idle runner runs at once, alone; items arriving meanwhile share the next batch', async () => {
  const seen: number[][] = [];
  const runner = new BatchRunner<number, number>(async (items) => {
    seen.push(items);
    await tick();
    return items.map((i) => i * 10);
  }, { concurrency: 1, maxBatch: 3 });
  const results = await Promise.all([1, 2, 3, 4, 5, 6].map((i) => runner.run(i)));
  assert.deepEqual(results, [10, 20, 30, 40, 50, 60]);
  assert.deepEqual(seen, [[1], [2, 3, 4], [5, 6]]);
  assert.deepEqual(runner.stats, { batches: 3, items: 6 });
});

test('no more batches run at once than allowed', async () => {
  let running = 0, most = 0;
  const runner = new BatchRunner<number, number>(async (items) => {
    most = Math.max(most, ++running);
    await tick();
    running--;
    return items;
  }, { concurrency: 2, maxBatch: 2 });
  await Promise.all(Array.from({ length: 20 }, (_, i) => runner.run(i)));
  assert.equal(most, 2);
});

test('a failed batch runs again item by item, so only the bad item fails', async () => {
  const splits: number[] = [];
  const runner = new BatchRunner<number, string>(async (items) => {
    await tick();
    if (items.includes(13)) throw new Error('13 refused');
    return items.map(String);
  }, { concurrency: 1, maxBatch: 10 }, (_, size) => splits.push(size));
  const outcomes = await Promise.allSettled([1, 12, 13, 14].map((i) => runner.run(i)));
  assert.deepEqual(outcomes.map((o) => o.status), ['fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
  assert.deepEqual(outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : [])), ['1', '12', '14']);
  assert.match(String((outcomes[2] as PromiseRejectedResult).reason), /13 refused/);
  assert.deepEqual(splits, [3]);
});
