import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatThreshold, meets, minimumToMeet, parseFraction, type Threshold } from './threshold.ts';
import { formatArea, parseArea } from './area.ts';

const thresholdArb: fc.Arbitrary<Threshold> = fc.oneof(
  fc.record({ kind: fc.constantFrom('atLeast' as const, 'moreThan' as const), num: fc.integer({ min: 0, max: 12 }), den: fc.integer({ min: 1, max: 12 }) })
    .filter((t) => t.num <= t.den),
  fc.record({ kind: fc.constant('atLeastCount' as const), count: fc.integer({ min: 0, max: 50 }) }),
);

test('a value meets a threshold exactly when it reaches the displayed minimum', () => {
  fc.assert(
    fc.property(thresholdArb, fc.bigInt({ min: 0n, max: 10n ** 12n }), fc.bigInt({ min: 0n, max: 10n ** 12n }), (t, a, b) => {
      const total = a > b ? a : b;
      const value = a > b ? b : a;
      assert.equal(meets(value, total, t), value >= minimumToMeet(total, t));
    }),
  );
});

test('"at least" includes the number, "more than half" does not (Civil Code art. 1259)', () => {
  assert.equal(meets(2, 3, { kind: 'atLeast', num: 2, den: 3 }), true);
  assert.equal(meets(5, 10, { kind: 'moreThan', num: 1, den: 2 }), false);
  assert.equal(meets(6, 10, { kind: 'moreThan', num: 1, den: 2 }), true);
  assert.equal(minimumToMeet(10, { kind: 'moreThan', num: 1, den: 2 }), 6n);
  assert.equal(minimumToMeet(9, { kind: 'atLeast', num: 3, den: 4 }), 7n);
  assert.equal(formatThreshold({ kind: 'atLeast', num: 2, den: 3 }), '≥2/3');
});

test('fractions are parsed strictly', () => {
  assert.deepEqual(parseFraction('2/3'), { num: 2, den: 3 });
  assert.equal(parseFraction('3/2'), null);
  assert.equal(parseFraction('1/0'), null);
  assert.equal(parseFraction('0.5'), null);
});

test('areas round-trip exactly through hundredths of a square metre', () => {
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: 10n ** 15n }), (h) => assert.equal(parseArea(formatArea(h)), h)));
  assert.equal(parseArea('89.5'), 8950n);
  assert.equal(parseArea('89.52'), 8952n);
  assert.equal(parseArea('89'), 8900n);
  for (const bad of ['89.521', '-1', '01.00', '1e3', '', '.5']) assert.equal(parseArea(bad), null, bad);
});

test('area sums are exact where floats are not', () => {
  const parts = Array.from({ length: 1000 }, () => parseArea('0.01')!);
  assert.equal(formatArea(parts.reduce((s, x) => s + x, 0n)), '10.00');
  assert.equal(formatArea(parseArea('0.10')! + parseArea('0.20')!), '0.30');
});
