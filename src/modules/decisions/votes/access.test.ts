import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Principal, Role } from '../../access/index.ts';
import { canCollect, canManage, canRead, canReadAsStaff, concernsResident } from './access.ts';
import { phaseOf } from './present.ts';

const community = '/33/3304/330481/330481001/330481001001/';
const grid = `${community}330481001001G01/`;
const household = `${grid}330481001001G0101/B1/B1-1-301/`;
const who = (role: Role, scopePath: string): Principal => ({ accountId: role, username: role, displayName: role, via: 'session', bindings: [{ role, scopePath, scopeCode: '', scopeName: '' }] });
const motion = (state: 'draft' | 'announced' | 'closed', scope_path = community) => ({ scope_path, state, announced_at: state === 'draft' ? null : new Date() });

test('managers act within their subtree; collectors enter ballots; residents see published motions that contain their household', () => {
  assert.ok(canManage(who('communityStaff', community), motion('draft')));
  assert.ok(!canManage(who('communityStaff', '/33/3304/330481/330481001/330481001002/'), motion('draft')));
  assert.ok(canManage(who('streetStaff', '/33/3304/330481/330481001/'), motion('draft')));
  assert.ok(!canManage(who('gridWorker', grid), motion('draft')), 'a grid worker collects, never manages');
  assert.ok(canCollect(who('gridWorker', grid), motion('announced', grid)));
  assert.ok(!canManage(null, motion('announced')));
  assert.ok(canReadAsStaff(who('gridWorker', grid), motion('draft', grid)));
  assert.ok(!canRead(null, motion('draft')), 'drafts are not public');
  assert.ok(canRead(null, motion('announced')) && canRead(null, motion('closed')));
  assert.ok(concernsResident(who('resident', household), motion('announced')));
  assert.ok(!concernsResident(who('resident', household), motion('draft')));
  assert.ok(!concernsResident(who('resident', household), motion('announced', `${community.slice(0, -1)}X/`)));
});

test('an announced motion’s phase follows the clock: announced, open (deadline included), counting', () => {
  const m = { state: 'announced', opens_at: new Date('2026-05-01T00:00:00Z'), closes_at: new Date('2026-05-10T12:00:00Z') } as Parameters<typeof phaseOf>[0];
  assert.equal(phaseOf(m, new Date('2026-04-30T23:59:59Z')), 'announced');
  assert.equal(phaseOf(m, new Date('2026-05-10T12:00:00Z')), 'open');
  assert.equal(phaseOf(m, new Date('2026-05-10T12:00:00.001Z')), 'counting');
  assert.equal(phaseOf({ ...m, state: 'closed' }, new Date()), 'closed');
});
