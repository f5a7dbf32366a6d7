import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { effectiveBallots } from './ballots.ts';
import { afterDeadline, ballot, deadline } from './testkit.ts';

test('the last valid ballot at or before the deadline counts; earlier ones are kept as superseded', () => {
  const r = effectiveBallots(['a', 'b'], [ballot('1', 'a', 'no', 1, 'paper'), ballot('2', 'a', 'yes', 5, 'doorToDoor'), ballot('3', 'b', 'yes', 2)], deadline);
  assert.deepEqual(r.effective.map((b) => b.id), ['2', '3']);
  assert.deepEqual(r.superseded.map((b) => b.id), ['1']);
  assert.deepEqual(r.byChannel, { web: 1, paper: 1, doorToDoor: 1 });
});

test('a ballot exactly at the deadline counts, one a second later does not', () => {
  const onTime = { ...ballot('1', 'a', 'yes'), time: deadline };
  const late = { ...ballot('2', 'a', 'no'), time: '2025-05-31T20:00:01+08:00' };
  const r = effectiveBallots(['a'], [onTime, late], deadline);
  assert.deepEqual(r.effective.map((b) => b.id), ['1']);
  assert.deepEqual(r.rejected.map((x) => [x.ballot.id, x.reason]), [['2', 'AFTER_DEADLINE']]);
});

test('voters off the frozen roll, spoiled papers, bad times and invalid choices are rejected with a reason', () => {
  const r = effectiveBallots(
    ['a', 'b'],
    [
      ballot('1', 'x', 'yes'),
      { ...ballot('2', 'a', 'yes', 1), spoiled: true },
      { ...ballot('3', 'b', 'yes'), time: 'yesterday' },
      ballot('4', 'b', 'maybe', 3),
      ballot('5', 'a', 'yes', afterDeadline),
    ],
    deadline,
    (c) => (c === 'maybe' ? 'UNKNOWN_OPTION' : null),
  );
  assert.deepEqual(r.effective, []);
  assert.deepEqual(
    r.rejected.map((x) => [x.ballot.id, x.reason, x.detail]),
    [['1', 'NOT_ON_ROLL', undefined], ['2', 'SPOILED', undefined], ['3', 'INVALID_TIME', undefined], ['4', 'INVALID_CHOICE', 'UNKNOWN_OPTION'], ['5', 'AFTER_DEADLINE', undefined]],
  );
});

test('a later spoiled ballot does not cancel an earlier valid one', () => {
  const r = effectiveBallots(['a'], [ballot('1', 'a', 'yes', 1), { ...ballot('2', 'a', 'no', 2), spoiled: true }], deadline);
  assert.deepEqual(r.effective.map((b) => b.id), ['1']);
});

test('two different ballots at the same instant are both rejected; identical ones count once', () => {
  const conflict = effectiveBallots(['a'], [ballot('1', 'a', 'no', 0), ballot('2', 'a', 'yes', 7), ballot('3', 'a', 'no', 7)], deadline);
  assert.deepEqual(conflict.effective, []);
  assert.deepEqual(conflict.rejected.map((x) => x.reason), ['SIMULTANEOUS_CONFLICT', 'SIMULTANEOUS_CONFLICT']);
  assert.deepEqual(conflict.superseded.map((b) => b.id), ['1']);
  const same = effectiveBallots(['a'], [ballot('2', 'a', { x: 1, y: 2 }, 7), ballot('1', 'a', { y: 2, x: 1 }, 7)], deadline);
  assert.deepEqual(same.effective.map((b) => b.id), ['1']);
  assert.deepEqual(same.superseded.map((b) => b.id), ['2']);
});

test('an invalid deadline is a programming error', () => {
  assert.throws(() => effectiveBallots([], [], 'soon'), RangeError);
});

test('permuting the ballots never changes the report', () => {
  const arb = fc.array(
    fc.record({ voter: fc.constantFrom('a', 'b', 'c', 'z'), choice: fc.constantFrom('yes', 'no'), minute: fc.integer({ min: 0, max: 20 }) }),
    { maxLength: 30 },
  );
  fc.assert(
    fc.property(arb.chain((raw) => {
      const list = raw.map((r, i) => ballot(`b${String(i).padStart(2, '0')}`, r.voter, r.choice, r.minute));
      return fc.tuple(fc.constant(list), fc.shuffledSubarray(list, { minLength: list.length, maxLength: list.length }));
    }), ([list, shuffled]) => {
      assert.deepEqual(effectiveBallots(['a', 'b', 'c'], shuffled, deadline), effectiveBallots(['a', 'b', 'c'], list, deadline));
    }),
  );
});

test('every ballot ends up in exactly one list, and each voter has at most one effective ballot', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'q'), fc.integer({ min: 0, max: afterDeadline + 5 })), { maxLength: 40 }), (raw) => {
      const list = raw.map(([v, m], i) => ballot(`b${i}`, v, 'yes', m));
      const r = effectiveBallots(['a', 'b'], list, deadline);
      assert.equal(r.effective.length + r.superseded.length + r.rejected.length, list.length);
      assert.equal(new Set(r.effective.map((b) => b.voter)).size, r.effective.length);
    }),
  );
});
