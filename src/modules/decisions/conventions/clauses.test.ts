import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyChanges, checkChanges, ClauseError, initialClauses, nextKey, rebase } from './clauses.ts';

const v1 = initialClauses(['爱护公共设施。', '不在楼道堆放杂物。', '文明饲养宠物。']);

test('the first version numbers its clauses k1…kN and refuses empty text', () => {
  assert.deepEqual(v1.map((c) => c.key), ['k1', 'k2', 'k3']);
  assert.throws(() => initialClauses([]), (e: unknown) => e instanceof ClauseError && e.problem.code === 'conventionEmpty');
  assert.throws(() => initialClauses(['a', ' ']), (e: unknown) => e instanceof ClauseError && e.problem.code === 'clauseTextEmpty');
});

test('add, change and remove clause by clause; new keys are never reused', () => {
  const v2 = applyChanges(v1, [
    { op: 'change', key: 'k2', text: '不在楼道和消防通道堆放杂物。' },
    { op: 'remove', key: 'k3' },
    { op: 'add', after: 'k3', text: '电动自行车在集中充电点充电。' },
    { op: 'add', text: '本公约经居民会议通过。' },
  ], ['k1', 'k2', 'k3', 'k9']);
  assert.deepEqual(v2, [
    { key: 'k11', text: '本公约经居民会议通过。' },
    { key: 'k1', text: '爱护公共设施。' },
    { key: 'k2', text: '不在楼道和消防通道堆放杂物。' },
    { key: 'k10', text: '电动自行车在集中充电点充电。' },
  ]);
});

test('several additions after one clause keep their order', () => {
  const v2 = applyChanges(v1, [{ op: 'add', after: 'k1', text: 'A' }, { op: 'add', after: 'k1', text: 'B' }]);
  assert.deepEqual(v2.map((c) => c.text), ['爱护公共设施。', 'A', 'B', '不在楼道堆放杂物。', '文明饲养宠物。']);
});

test('an amendment names existing clauses, touches each once, and is not empty', () => {
  assert.equal(checkChanges(v1, [])?.code, 'amendmentEmpty');
  assert.deepEqual(checkChanges(v1, [{ op: 'remove', key: 'k7' }]), { code: 'clauseUnknown', params: { key: 'k7' } });
  assert.equal(checkChanges(v1, [{ op: 'change', key: 'k1', text: 'x' }, { op: 'remove', key: 'k1' }])?.code, 'clauseTouchedTwice');
  assert.equal(checkChanges(v1, [{ op: 'add', after: 'k1', text: '  ' }])?.code, 'clauseTextEmpty');
  assert.throws(() => applyChanges(v1, [{ op: 'remove', key: 'k1' }, { op: 'remove', key: 'k2' }, { op: 'remove', key: 'k3' }]), ClauseError);
});

test('nextKey skips every key ever used', () => {
  assert.equal(nextKey([]), 'k1');
  assert.equal(nextKey(['k1', 'k12', 'x']), 'k13');
});

test('an older amendment applies only if the clauses it touches read as they did', () => {
  const v2 = applyChanges(v1, [{ op: 'change', key: 'k3', text: '依法文明饲养犬只。' }]);
  assert.ok(rebase(v1, v2, [{ op: 'change', key: 'k2', text: 'x' }]));
  assert.ok(!rebase(v1, v2, [{ op: 'remove', key: 'k3' }]));
  assert.ok(!rebase(v1, v2.slice(0, 2), [{ op: 'add', after: 'k3', text: 'x' }]));
  assert.ok(rebase(v1, v2, [{ op: 'add', text: 'x' }]));
});
