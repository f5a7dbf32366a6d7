import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffClauses, diffText, type TextPart } from './diff.ts';

const show = (parts: TextPart[]) => parts.map((p) => (p.kind === 'added' ? `[+${p.text}]` : p.kind === 'removed' ? `[-${p.text}]` : p.text)).join('');

test('Chinese text differs by whole words, not stray characters', () => {
  assert.equal(show(diffText('业主饲养宠物应当遵守有关规定，不得影响他人正常生活。', '业主饲养犬只应当依法登记，不得影响邻居正常休息。')),
    '业主饲养[-宠物][+犬只]应当[-遵守有关规定][+依法登记]，不得影响[-他人][+邻居]正常[-生活][+休息]。');
  assert.equal(show(diffText('居民应当爱护公共设施。', '全体居民应爱护公共设施。')), '[+全体]居民[-应当][+应]爱护公共设施。');
  assert.equal(show(diffText('每月20日召开建言堂', '每月25日召开建言堂')), '每月[-20][+25]日召开建言堂');
});

test('clause by clause: same, changed, added and removed in reading order with both numbers', () => {
  const from = [{ key: 'k1', text: '甲' }, { key: 'k2', text: '乙' }, { key: 'k3', text: '丙' }];
  const to = [{ key: 'k4', text: '新' }, { key: 'k1', text: '甲' }, { key: 'k3', text: '丙丁' }];
  const d = diffClauses(from, to);
  assert.deepEqual(d.map((c) => `${c.key}:${c.status}`), ['k4:added', 'k1:same', 'k2:removed', 'k3:changed']);
  assert.deepEqual(d[0], { key: 'k4', status: 'added', toNumber: 1, text: '新' });
  assert.deepEqual(d[1], { key: 'k1', status: 'same', fromNumber: 1, toNumber: 2, text: '甲' });
  assert.deepEqual(d[2], { key: 'k2', status: 'removed', fromNumber: 2, text: '乙' });
  const changed = d[3]!;
  assert.ok(changed.status === 'changed');
  assert.equal(changed.fromNumber, 3);
  assert.equal(changed.toNumber, 3);
});

test('a diff of a version with itself has only unchanged clauses; the reverse diff swaps added and removed', () => {
  const a = [{ key: 'k1', text: '甲' }, { key: 'k2', text: '乙' }];
  const b = [{ key: 'k1', text: '甲' }, { key: 'k3', text: '丙' }];
  assert.ok(diffClauses(a, a).every((c) => c.status === 'same'));
  assert.deepEqual(diffClauses(a, b).map((c) => c.status), ['same', 'removed', 'added']);
  assert.deepEqual(diffClauses(b, a).map((c) => c.status), ['same', 'removed', 'added']);
  assert.deepEqual(diffClauses(b, a).map((c) => c.key), ['k1', 'k3', 'k2']);
});
