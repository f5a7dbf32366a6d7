import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveRoute, type LocatedPlace, type RoutingMatrix } from './routing.ts';

const matrix: RoutingMatrix = {
  categories: {
    streetLight: {
      affair: 'resident',
      levels: {
        microGrid: { role: 'microGridLeader', unitKind: 'microGrid' },
        grid: { role: 'gridWorker', unitKind: 'grid' },
        community: { role: 'communityStaff', unitKind: 'community' },
      },
    },
    elevator: { affair: 'resident', levels: { grid: { role: 'propertyManager', unitKind: 'propertyCompany' } } },
    roadDamage: {
      affair: 'government',
      levels: { community: { role: 'streetStaff', unitKind: 'countyDepartment', unitCode: 'chengjianban-330481' } },
    },
  },
  defaultAffair: 'government',
  jointLetterThreshold: 50,
  raisedLevel: 'community',
  fallbackRole: 'streetStaff',
  fallbackStreet: 'S0',
};
const place: LocatedPlace = { microGrid: 'MG1', grid: 'G1', community: 'C1', street: 'S1', propertyCompany: 'P1' };

test('an ordinary matter goes to the lowest level the matrix names for its category', () => {
  const r = resolveRoute(matrix, { category: 'streetLight', place });
  assert.deepEqual(r, {
    unit: { kind: 'microGrid', code: 'MG1' },
    role: 'microGridLeader',
    level: 'microGrid',
    affair: 'resident',
    flags: { outsideGrid: false, fallback: false, raised: false },
  });
});

test('a level whose unit the place lacks is skipped (no micro-grid drawn here)', () => {
  const r = resolveRoute(matrix, { category: 'streetLight', place: { ...place, microGrid: undefined } });
  assert.deepEqual(r.unit, { kind: 'grid', code: 'G1' });
});

test('the handler may be another kind of unit: the property company of the place, or a fixed department', () => {
  assert.deepEqual(resolveRoute(matrix, { category: 'elevator', place }).unit, { kind: 'propertyCompany', code: 'P1' });
  const road = resolveRoute(matrix, { category: 'roadDamage', place });
  assert.deepEqual(road.unit, { kind: 'countyDepartment', code: 'chengjianban-330481' });
  assert.equal(road.affair, 'government');
  assert.equal(road.level, 'community');
});

test('a joint letter at the household threshold, or an urgent matter, starts at the raised level', () => {
  assert.equal(resolveRoute(matrix, { category: 'streetLight', place, households: 49 }).level, 'microGrid');
  const raised = resolveRoute(matrix, { category: 'streetLight', place, households: 50 });
  assert.equal(raised.level, 'community');
  assert.equal(raised.flags.raised, true);
  assert.equal(resolveRoute(matrix, { category: 'streetLight', place, priority: 'urgent' }).level, 'community');
  assert.equal(resolveRoute({ ...matrix, jointLetterThreshold: 0 }, { category: 'streetLight', place, households: 500 }).level, 'microGrid');
});

test('a matter that fits nowhere lands with the street office as the catch-all, flagged', () => {
  const unknown = resolveRoute(matrix, { category: 'noSuchCategory', place });
  assert.deepEqual(unknown, {
    unit: { kind: 'street', code: 'S1' },
    role: 'streetStaff',
    level: 'street',
    affair: 'government',
    flags: { outsideGrid: false, fallback: true, raised: false },
  });
  const elevatorNoProperty = resolveRoute(matrix, { category: 'elevator', place: { ...place, propertyCompany: undefined } });
  assert.equal(elevatorNoProperty.flags.fallback, true);
  assert.equal(elevatorNoProperty.affair, 'resident');
  const raisedPastEntries = resolveRoute(matrix, { category: 'elevator', place, priority: 'urgent' });
  assert.deepEqual(raisedPastEntries.unit, { kind: 'street', code: 'S1' });
});

test('a place outside every grid goes to the nearest community, flagged, or else to the street', () => {
  const outside: LocatedPlace = { street: 'S1', nearestCommunity: 'C9' };
  const r = resolveRoute(matrix, { category: 'streetLight', place: outside });
  assert.deepEqual(r.unit, { kind: 'community', code: 'C9' });
  assert.deepEqual(r.flags, { outsideGrid: true, fallback: false, raised: false });
  const noCommunity = resolveRoute(matrix, { category: 'streetLight', place: { street: 'S1' } });
  assert.deepEqual(noCommunity.unit, { kind: 'street', code: 'S1' });
  assert.deepEqual(noCommunity.flags, { outsideGrid: true, fallback: true, raised: false });
});

test('never nowhere: with no street located, the configured fallback street takes it', () => {
  const r = resolveRoute(matrix, { category: 'streetLight', place: {} });
  assert.deepEqual(r.unit, { kind: 'street', code: 'S0' });
  assert.equal(r.flags.fallback, true);
});
