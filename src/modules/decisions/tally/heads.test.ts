import { test } from 'node:test';
import assert from 'node:assert/strict';
import { developerHeadId, formHeads, type Unit } from './heads.ts';

const u = (id: string, owners: string[], area = 10000n, developerHeld = false): Unit => ({ id, owners, area, developerHeld });

test('co-owners of a unit are one head; one buyer of several units is one head', () => {
  const { heads, headOfUnit } = formHeads([u('101', ['p1', 'p2']), u('102', ['p3']), u('201', ['p3']), u('202', ['p2', 'p1'])], 'sameOwners');
  assert.equal(heads.length, 2);
  assert.equal(headOfUnit.get('202'), '101');
  assert.equal(headOfUnit.get('201'), '102');
  assert.deepEqual(heads.map((h) => h.area), [20000n, 20000n]);
});

test("the developer's unsold and undelivered units are one head with their full area", () => {
  const { heads } = formHeads([u('101', [], 9000n, true), u('102', ['p1']), u('301', ['ignored'], 12000n, true)], 'sameOwners');
  const dev = heads.find((h) => h.developer)!;
  assert.equal(dev.id, developerHeadId);
  assert.deepEqual(dev.units, ['101', '301']);
  assert.equal(dev.area, 21000n);
  assert.equal(heads.length, 2);
});

test('a couple\'s flat and the husband\'s own flat: two buyers under sameOwners, one under sharedOwner', () => {
  const units = [u('101', ['wife', 'husband']), u('102', ['husband']), u('103', ['other'])];
  assert.equal(formHeads(units, 'sameOwners').heads.length, 3);
  const shared = formHeads(units, 'sharedOwner');
  assert.equal(shared.heads.length, 2);
  assert.equal(shared.headOfUnit.get('102'), '101');
});

test('sharedOwner follows chains of owners', () => {
  const units = [u('a', ['p1', 'p2']), u('b', ['p2', 'p3']), u('c', ['p3']), u('d', ['p4'])];
  const { heads } = formHeads(units, 'sharedOwner');
  assert.deepEqual(heads.map((h) => h.units.length).sort(), [1, 3]);
});

test('a unit listing the same owner twice is still one head', () => {
  assert.equal(formHeads([u('1', ['p', 'p']), u('2', ['p'])], 'sameOwners').heads.length, 1);
});
