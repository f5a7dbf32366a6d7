import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gb11643CheckDigit } from '../../../core/identity/id-number.ts';
import { changedFields, checkPerson, departureDateProblem, householdPlaceErrors, isCalendarDate } from './rules.ts';

const tags = new Set(['livingAlone', 'partyMember']);

test('a person is checked as the import checks a row, each problem at its field', () => {
  const { person, errors } = checkPerson({ name: ' 王 小 宝 ', idNumber: '33048120200101001x', phone: '+86 138-0000-1234', tags: ['livingAlone', 'livingAlone'] }, tags);
  assert.deepEqual(errors, [{ pointer: '/body/idNumber', code: 'roster.idNumber.checkDigit' }]);
  assert.equal(person.name, '王小宝', 'spaces inside a Chinese name are noise');
  assert.equal(person.phone, '13800001234');
  assert.deepEqual(person.tags, ['livingAlone'], 'a tag given twice is kept once');

  const bad = checkPerson({ name: '张3', phone: '87654321', tags: ['vip'] }, tags);
  assert.deepEqual(bad.errors.map((e) => [e.pointer, e.code]), [
    ['/body/name', 'roster.issue.nameDigits'],
    ['/body/phone', 'roster.issue.phoneAreaCode'],
    ['/body/tags/0', 'roster.upkeep.tagUnknown'],
  ]);
  assert.deepEqual(checkPerson({ name: '  ' }, tags).errors.map((e) => e.code), ['roster.upkeep.nameRequired']);
});

test('the ID number gives the birth date and gender; a blank phone is no phone', () => {
  const id = `11010119900307123${gb11643CheckDigit('11010119900307123')}`;
  const { person, errors } = checkPerson({ idNumber: id.toLowerCase(), phone: '  ' }, tags);
  assert.deepEqual(errors, []);
  assert.equal(person.id?.normalized, id);
  assert.equal(person.id?.birthDate, '1990-03-07');
  assert.equal(person.id?.gender, 'M');
  assert.equal(person.phone, null);
  assert.deepEqual(checkPerson({ phone: null }, tags).person, { phone: null });
  assert.deepEqual(checkPerson({}, tags), { person: {}, errors: [] }, 'nothing given, nothing checked');
});

test('a departure lies between the birth date and today', () => {
  assert.equal(departureDateProblem('2026-12-07', '1940-05-01', '2026-12-07'), null);
  assert.equal(departureDateProblem('1940-05-01', '1940-05-01', '2026-12-07'), null);
  assert.equal(departureDateProblem('2026-12-08', '1940-05-01', '2026-12-07'), 'roster.upkeep.departureFuture');
  assert.equal(departureDateProblem('1940-04-30', '1940-05-01', '2026-12-07'), 'roster.upkeep.departureBeforeBirth');
  assert.equal(departureDateProblem('2026-02-30', '1940-05-01', '2026-12-07'), 'roster.upkeep.dateInvalid');
  assert.equal(isCalendarDate('2024-02-29'), true);
  assert.equal(isCalendarDate('2023-02-29'), false);
  assert.equal(isCalendarDate('2023-2-28'), false);
});

test('a household is placed in one of its building’s stairwells, or none for a house', () => {
  assert.deepEqual(householdPlaceErrors({ stairwell: '1单元', room: '301' }, ['1单元', '2单元']), []);
  assert.deepEqual(householdPlaceErrors({ stairwell: '3单元', room: '' }, ['1单元', '2单元']).map((e) => [e.pointer, e.code]), [
    ['/body/stairwell', 'roster.upkeep.stairwellUnknown'],
    ['/body/room', 'roster.upkeep.roomRequired'],
  ]);
  assert.deepEqual(householdPlaceErrors({ stairwell: '', room: '' }, []), [], 'a village house is its one household');
  assert.deepEqual(householdPlaceErrors({ stairwell: '1单元', room: '' }, []).map((e) => e.code), ['roster.upkeep.noStairwells']);
});

test('history keeps the fields that changed, personal numbers only masked', () => {
  const before = { name: '李桂英', idNumber: '330***********1234', phone: null, householdRole: 'spouse', residency: 'local', tags: ['partyMember', 'livingAlone'] };
  const after = { ...before, phone: '138****1234', householdRole: 'head', tags: ['livingAlone', 'partyMember'] };
  assert.deepEqual(changedFields(before, after), {
    phone: { from: null, to: '138****1234' },
    householdRole: { from: 'spouse', to: 'head' },
  }, 'the same tags in another order are no change');
});
