import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PolygonStore } from './polygon-store.ts';
import { rect } from './testing.ts';

describe('PolygonStore', () => {
  it('walks flatbush the same way search does', () => {
    const store = new PolygonStore();
    let seed = 11;
    const rnd = (): number => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let i = 0; i < 5000; i++) {
      const x = 120 + rnd();
      const y = 30 + rnd();
      store.add(`p${i}`, null, rect(x, y, x + rnd() * 0.05, y + rnd() * 0.05));
    }
    store.finish();
    let total = 0;
    for (let k = 0; k < 2000; k++) {
      const x = 120 + rnd();
      const y = 30 + rnd();
      const expected = store.index!.search(x, y, x, y).sort((a, b) => a - b);
      assert.deepEqual(store.walk(x, y), expected);
      total += expected.length;
    }
    assert.ok(total > 2000, 'the points hit overlapping boxes');
  });
});
