import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildCalendar, bundledCalendarYears, workingTimeBetween } from '../../calendar/index.ts';
import { computeIndicators, durationStats } from './indicators.ts';
import { acceptEvent, at, gridWorker, property, propertyStaff, reporter, signer, system } from './testkit.ts';
import type { CaseEvent } from './types.ts';

const M = 60_000;
const from = at('2025-03-01T00:00');
const to = at('2025-04-01T00:00');

type Input = CaseEvent extends infer E ? (E extends CaseEvent ? Omit<E, 'caseId'> : never) : never;
const story = (caseId: string, events: Input[]): CaseEvent[] => events.map((e) => ({ ...e, caseId }) as CaseEvent);
const accept = (caseId: string, start: string, due: string): CaseEvent =>
  acceptEvent(caseId, at(start), { deadline: { dueAt: at(due) } });
const loop = (start: number, dispatchAfter: number, closeAt: number, checkFailsFirst = false): Input[] => [
  { type: 'verify', at: start + 5 * M, actor: gridWorker },
  { type: 'dispatch', at: start + dispatchAfter * M, actor: gridWorker, to: property, handler: propertyStaff.id },
  { type: 'handle', at: start + (dispatchAfter + 1) * M, actor: propertyStaff },
  { type: 'reportBack', at: start + (dispatchAfter + 2) * M, actor: propertyStaff, outcome: 'resolved' },
  ...(checkFailsFirst
    ? ([
        { type: 'check', at: start + (dispatchAfter + 3) * M, actor: gridWorker, passed: false, reason: 'not done' },
        { type: 'handle', at: start + (dispatchAfter + 4) * M, actor: propertyStaff },
        { type: 'reportBack', at: start + (dispatchAfter + 5) * M, actor: propertyStaff, outcome: 'resolved' },
      ] as Input[])
    : []),
  { type: 'check', at: closeAt - M, actor: gridWorker, passed: true },
  { type: 'close', at: closeAt, actor: gridWorker },
];

/** Eight cases, one per rule; the expected figures below are worked out by hand in the comments. */
const history: CaseEvent[] = [
  // A: March, dispatched after 60 min, closed on time after 160 min; reporter satisfied, signer not.
  accept('A', '2025-03-03T09:00', '2025-03-06T17:30'),
  ...story('A', [
    ...loop(at('2025-03-03T09:00'), 60, at('2025-03-03T11:40')),
    { type: 'rate', at: at('2025-03-03T12:00'), actor: reporter, satisfied: true },
    { type: 'rate', at: at('2025-03-03T12:05'), actor: signer, satisfied: false },
  ]),
  // B: dispatched after 30 min, check failed once (rework), closed late on 03-14 10:00; reporter satisfied.
  accept('B', '2025-03-10T09:00', '2025-03-13T17:30'),
  ...story('B', [
    ...loop(at('2025-03-10T09:00'), 30, at('2025-03-14T10:00'), true),
    { type: 'rate', at: at('2025-03-14T11:00'), actor: reporter, satisfied: true },
  ]),
  // C: dispatched after 120 min, deadline 03-20 inside March, still open on 04-01: due, not closed.
  accept('C', '2025-03-17T09:00', '2025-03-20T17:30'),
  ...story('C', [
    { type: 'verify', at: at('2025-03-17T09:05'), actor: gridWorker },
    { type: 'dispatch', at: at('2025-03-17T11:00'), actor: gridWorker, to: property },
    // Closed after the period: invisible as of 04-01.
    { type: 'handle', at: at('2025-04-02T09:00'), actor: propertyStaff },
  ]),
  // D: received, due in April: not yet due.
  accept('D', '2025-03-25T09:00', '2025-04-02T17:30'),
  // E: a duplicate: received, nothing else.
  accept('E', '2025-03-05T09:00', '2025-03-10T17:30'),
  ...story('E', [{ type: 'markDuplicate', at: at('2025-03-05T09:10'), actor: gridWorker, of: 'A' }]),
  // F: received in February (dispatched then), closed late in March.
  accept('F', '2025-02-24T09:00', '2025-02-27T17:30'),
  ...story('F', loop(at('2025-02-24T09:00'), 10, at('2025-03-03T09:00'))),
  // G: closed in March but rejected on 03-31 (rework, unsatisfied); reopened and due 03-31: due, not closed.
  accept('G', '2025-03-26T09:00', '2025-03-31T17:30'),
  ...story('G', [
    ...loop(at('2025-03-26T09:00'), 10, at('2025-03-28T10:00')),
    { type: 'reject', at: at('2025-03-31T09:00'), actor: reporter, reason: 'still broken' },
  ]),
  // H: suspended, deadline in March: its clock is stopped, so it is not due.
  accept('H', '2025-03-11T09:00', '2025-03-14T17:30'),
  ...story('H', [
    { type: 'suspend', at: at('2025-03-11T10:00'), actor: gridWorker, reason: 'waiting for the owners vote' },
    { type: 'timerFired', at: at('2025-03-14T17:30'), actor: system, timerId: 'H:case:1:escalation' },
  ]),
];

test('county totals for March 2025, every denominator as defined in decision 0031', () => {
  const { total, rejected } = computeIndicators(history, { from, to });
  assert.deepEqual(rejected, []);
  assert.equal(total.received, 7); // A B C D E G H (F arrived in February)
  assert.equal(total.closed, 3); // A B F (G was reopened, E is a duplicate)
  assert.equal(total.dueToClose, 5); // closed A B F + open and due C G (H suspended, D due in April)
  assert.equal(total.closedOnTime, 1); // A
  assert.equal(total.closeRate, 3 / 5);
  assert.equal(total.onTimeCloseRate, 1 / 5);
  assert.equal(total.reworked, 1); // B (G's rework shows when it closes again)
  assert.equal(total.reworkRate, 1 / 3);
  assert.equal(total.ratings, 4); // A×2, B, G's rejection
  assert.equal(total.satisfied, 2);
  assert.equal(total.satisfactionRate, 0.5);
  assert.deepEqual(total.timeToDispatch, { count: 4, mean: (60 + 30 + 120 + 10) / 4, p90: 120 });
  const close = [160, 4 * 1440 + 60, 7 * 1440];
  assert.deepEqual(total.timeToClose, { count: 3, mean: (close[0]! + close[1]! + close[2]!) / 3, p90: 7 * 1440 });
});

test('grouped by responsible unit, level and worker', () => {
  const byUnit = computeIndicators(history, { from, to, groupBy: 'unit' }).groups;
  assert.deepEqual(Object.keys(byUnit), ['grid:G1', 'propertyCompany:P1']);
  assert.equal(byUnit['grid:G1']?.received, 3); // D E H never left the grid
  assert.equal(byUnit['grid:G1']?.closeRate, null); // nothing due: no rate rather than 0 or 100%
  assert.equal(byUnit['propertyCompany:P1']?.closed, 3);
  const byLevel = computeIndicators(history, { from, to, groupBy: 'level' }).groups;
  assert.deepEqual(Object.keys(byLevel), ['grid', 'propertyCompany']);
  const byWorker = computeIndicators(history, { from, to, groupBy: 'worker' }).groups;
  assert.equal(byWorker['w-property']?.closed, 3);
  assert.equal(byWorker['']?.received, 4); // C (dispatched without a named worker), D, E, H
  const custom = computeIndicators(history, { from, to, groupBy: (f) => (f.state.reworkCount ? 'rework' : 'clean') }).groups;
  assert.equal(custom['rework']?.received, 2); // B G
});

test('grouped by category and affair', () => {
  const extra = [acceptEvent('K', at('2025-03-12T09:00'), { category: 'elevator', affair: 'government', deadline: { dueAt: at('2025-03-13T17:30') } })];
  const byCategory = computeIndicators([...history, ...extra], { from, to, groupBy: 'category' }).groups;
  assert.equal(byCategory['elevator']?.received, 1);
  assert.equal(byCategory['elevator']?.dueToClose, 1);
  assert.equal(byCategory['elevator']?.closeRate, 0);
  const byAffair = computeIndicators([...history, ...extra], { from, to, groupBy: 'affair' }).groups;
  assert.equal(byAffair['government']?.received, 1);
  assert.equal(byAffair['resident']?.received, 7);
});

test('the period is read as of its end: a later period sees the later events', () => {
  const april = computeIndicators(history, { from: to, to: at('2025-05-01T00:00') }).total;
  assert.equal(april.received, 0);
  assert.equal(april.closed, 0);
  assert.equal(april.dueToClose, 1); // D, due 04-02 and still open
});

test('durations can be measured in working minutes on the calendar', () => {
  const cal = buildCalendar(bundledCalendarYears());
  const { total } = computeIndicators(history, { from, to, measure: (a, b) => workingTimeBetween(cal, a, b) });
  // A 160; B 03-10 09:00 → 03-14 10:00 = 420 + 3×450 + 90; F 02-24 09:00 → 03-03 09:00 = 5×450.
  assert.deepEqual(total.timeToClose, { count: 3, mean: (160 + 1860 + 2250) / 3, p90: 2250 });
});

test('a history the workflow refuses is reported, and counted up to the refused event', () => {
  const bad = [accept('Z', '2025-03-03T09:00', '2025-03-06T17:30'), ...story('Z', [{ type: 'close', at: at('2025-03-03T10:00'), actor: gridWorker }])];
  const { total, rejected } = computeIndicators(bad, { from, to });
  assert.deepEqual(rejected, [{ caseId: 'Z', index: 1, code: 'notChecked' }]);
  assert.equal(total.received, 1);
  assert.equal(total.closed, 0);
});

test('durationStats: mean and nearest-rank p90', () => {
  assert.deepEqual(durationStats([]), { count: 0, mean: null, p90: null });
  assert.deepEqual(durationStats([5]), { count: 1, mean: 5, p90: 5 });
  const ten = [10, 1, 9, 2, 8, 3, 7, 4, 6, 5];
  assert.deepEqual(durationStats(ten), { count: 10, mean: 5.5, p90: 9 });
  assert.equal(durationStats([...ten, 11]).p90, 10);
});
