import { test } from 'node:test';
import assert from 'node:assert/strict';
import { durationStats } from './domain/index.ts';
import { float8s, p90Of } from './indicators-merge.ts';

const bytes = (xs: number[]) => {
  const b = Buffer.alloc(xs.length * 8);
  xs.forEach((x, i) => b.writeDoubleBE(x, i * 8));
  return b;
};

test('float8send bytes read back as the numbers, in order', () => {
  assert.deepEqual([...float8s(bytes([0, 1, 86_400_000, 2 ** 40 + 3]))], [0, 1, 86_400_000, 2 ** 40 + 3]);
  assert.equal(float8s(new Uint8Array(0)).length, 0);
});

test('p90 of sorted runs, some taken out again, is the nearest rank of what remains', () => {
  let seed = 7;
  const random = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (let round = 0; round < 300; round++) {
    const runs = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
      Array.from({ length: Math.floor(random() * 40) }, () => Math.floor(random() * (round % 3 === 0 ? 5 : 1e9))));
    // Taken out: a sub-multiset of the runs, split over two negative runs.
    const all = runs.flat();
    const out = all.filter(() => random() < 0.3);
    const remaining = [...all];
    for (const x of out) remaining.splice(remaining.indexOf(x), 1);
    const sorted = (xs: number[]) => new Float64Array(xs).sort();
    const signed = [...runs.map((r) => ({ values: sorted(r), sign: 1 })),
      { values: sorted(out.filter((_, i) => i % 2 === 0)), sign: -1 }, { values: sorted(out.filter((_, i) => i % 2 === 1)), sign: -1 }];
    const expected = durationStats(remaining);
    assert.deepEqual(p90Of(signed), { count: expected.count, p90: expected.p90 }, `round ${round}`);
  }
});
