import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { instant } from './time.ts';

test('instant agrees with Date.parse on every well-formed date-time', () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }),
      fc.integer({ min: -14 * 60, max: 14 * 60 }),
      fc.constantFrom(0, 1, 2, 3),
      (d, offsetMin, precision) => {
        const local = new Date(d.getTime() + offsetMin * 60_000).toISOString().slice(0, 23);
        const clock = precision === 0 ? local.slice(0, 16) : precision === 1 ? local.slice(0, 19) : local.slice(0, 19 + precision + 1);
        const sign = offsetMin < 0 ? '-' : '+';
        const abs = Math.abs(offsetMin);
        const text = `${clock}${offsetMin === 0 && precision === 2 ? 'Z' : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`}`;
        assert.equal(instant(text), Date.parse(text), text);
      },
    ),
  );
});

test('impossible dates are not instants', () => {
  for (const bad of ['2025-02-29T10:00:00Z', '2025-13-01T00:00:00Z', '2025-04-31T00:00:00+08:00', '2025-01-01T24:00:00Z', 'soon']) {
    assert.ok(Number.isNaN(instant(bad)), bad);
  }
  assert.equal(instant('2024-02-29T10:00:00+08:00'), Date.parse('2024-02-29T02:00:00Z'));
});
