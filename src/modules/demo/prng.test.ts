import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRng, weightedPicker } from './prng.ts';

test('streams are reproducible and independent of one another', () => {
  const draw = (seed: number, stream: string) => {
    const rng = createRng(seed, stream);
    return Array.from({ length: 5 }, () => rng.next());
  };
  assert.deepEqual(draw(1, 'a'), draw(1, 'a'));
  assert.notDeepEqual(draw(1, 'a'), draw(1, 'b'));
  assert.notDeepEqual(draw(1, 'a'), draw(2, 'a'));
});

test('int stays in bounds and reaches both ends; weights are honoured', () => {
  const rng = createRng(3, 'bounds');
  const seen = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const x = rng.int(-2, 2);
    assert.ok(Number.isInteger(x) && x >= -2 && x <= 2);
    seen.add(x);
  }
  assert.equal(seen.size, 5);
  const pick = weightedPicker<string>([['a', 1], ['b', 3], ['c', 0]]);
  let b = 0;
  for (let i = 0; i < 4000; i++) {
    const v = pick(rng);
    assert.notEqual(v, 'c');
    if (v === 'b') b++;
  }
  assert.ok(b > 2800 && b < 3200, `${b}`);
});
