import { test } from 'node:test';
import assert from 'node:assert/strict';
import { childKind, childPath, codeFitsParent, codesOfPath } from './paths.ts';

test('children are one level down, micro-grids have none', () => {
  assert.equal(childKind('county'), 'street');
  assert.equal(childKind('grid'), 'microGrid');
  assert.equal(childKind('microGrid'), null);
});

test('paths are built from codes and split back', () => {
  const p = childPath(childPath(null, '33'), '3304');
  assert.equal(p, '/33/3304/');
  assert.deepEqual(codesOfPath(p), ['33', '3304']);
});

test('administrative codes extend their parent code and have the official length', () => {
  assert.equal(codeFitsParent('county', '330481', '3304'), true);
  assert.equal(codeFitsParent('county', '330581', '3304'), false);
  assert.equal(codeFitsParent('community', '330481001001', '330481001'), true);
  assert.equal(codeFitsParent('community', '33048100100', '330481001'), false);
  assert.equal(codeFitsParent('grid', '330481001001G01', '330481001001'), true);
});
