import { test } from 'node:test';
import assert from 'node:assert/strict';
import { can, canSeeNode, scopesFor, within, type Principal } from './policies.ts';

const county = '/33/3304/330481/';
const street = `${county}330481001/`;
const communityA = `${street}330481001001/`;
const communityB = `${street}330481001002/`;
const gridA1 = `${communityA}330481001001G01/`;

function principal(...bindings: [Principal['bindings'][number]['role'], string][]): Principal {
  return {
    accountId: 'a', username: 'u', displayName: 'U', via: 'session',
    bindings: bindings.map(([role, scopePath]) => ({ role, scopePath, scopeCode: '', scopeName: '' })),
  };
}

test('within compares whole path segments', () => {
  assert.equal(within(gridA1, communityA), true);
  assert.equal(within('/33/3304/3304811/', county), false);
  assert.equal(within(communityB, communityA), false);
});

test('a grid worker reads only their grid', () => {
  const p = principal(['gridWorker', gridA1]);
  assert.equal(can(p, 'roster.read', `${gridA1}330481001001G01M01/`), true);
  assert.equal(can(p, 'roster.read', `${communityA}330481001001G02/`), false);
  assert.equal(can(p, 'roster.read', communityA), false);
  assert.equal(can(p, 'audit.read'), false);
});

test('the county centre reads its county and the audit log', () => {
  const p = principal(['countyCentre', county]);
  assert.equal(can(p, 'roster.read', gridA1), true);
  assert.equal(can(p, 'audit.read', county), true);
  assert.equal(can(p, 'roster.read', '/33/3304/330402/'), false);
});

test('nested bindings fold into the outer scope', () => {
  const p = principal(['gridWorker', gridA1], ['communityStaff', communityA], ['gridWorker', communityB]);
  assert.deepEqual(scopesFor(p, 'roster.read'), [communityA, communityB]);
});

test('volunteers cannot read the roster but may walk the tree', () => {
  const p = principal(['volunteer', gridA1]);
  assert.equal(can(p, 'roster.read', gridA1), false);
  assert.equal(canSeeNode(p, communityA), true, 'ancestors are visible so the tree can be expanded');
  assert.equal(canSeeNode(p, communityB), false);
});

test('a resident reads and unmasks only their household', () => {
  const household = `${gridA1}330481001001G01M01/b:1/h:7/`;
  const p = principal(['resident', household]);
  assert.equal(can(p, 'roster.unmask', household), true);
  assert.equal(can(p, 'roster.read', `${gridA1}330481001001G01M01/b:1/h:8/`), false);
});
