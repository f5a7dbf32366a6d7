import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ageOn, cleanName, formatAreaCenti, isScientific, nameHasDigits, parseAreaCenti, parseBirthDate, splitTags } from './values.ts';

test('floor areas become integer hundredths without float rounding', () => {
  assert.equal(parseAreaCenti('89.5'), 8950);
  assert.equal(parseAreaCenti('89.50'), 8950);
  assert.equal(parseAreaCenti('120'), 12000);
  assert.equal(parseAreaCenti('0.29'), 29);
  assert.equal(parseAreaCenti('.5'), 50);
  assert.equal(parseAreaCenti('1234.56'), 123456);
  assert.equal(parseAreaCenti('89.5 m2'), 8950);
  assert.equal(parseAreaCenti('89.49999999999999'), 8950);
  for (const bad of ['0', '0.00', '-5', '89.123', 'abc', '', '1,234', '1e3']) assert.equal(parseAreaCenti(bad), undefined, bad);
  assert.equal(formatAreaCenti(8950), '89.50');
  assert.equal(formatAreaCenti(5), '0.05');
});

test('birth dates in the usual spellings and as Excel serials', () => {
  for (const s of ['1990-03-07', '1990/3/7', '1990.03.07', '19900307', '1990-3-7 00:00:00', '32939']) {
    assert.equal(parseBirthDate(s), '1990-03-07', s);
  }
  assert.equal(parseBirthDate('1990\u5e743\u67087\u65e5'), '1990-03-07');
  for (const bad of ['1990-02-30', '90-3-7', 'soon', '1990-13-01']) assert.equal(parseBirthDate(bad), undefined, bad);
});

test('scientific notation from Excel is recognised', () => {
  assert.ok(isScientific('1.10101E+17'));
  assert.ok(isScientific('3.30481e17'));
  assert.ok(!isScientific('110101199003071233'));
});

test('tags split on the enumeration comma, commas and semicolons', () => {
  assert.deepEqual(splitTags('a\u3001b,c;d  e'), ['a', 'b', 'c', 'd', 'e']);
  assert.deepEqual(splitTags(''), []);
});

test('names: padding inside Han names dropped, digits detected', () => {
  assert.equal(cleanName('\u5f20 \u4e09'), '\u5f20\u4e09');
  assert.equal(cleanName('Ayshe Tursun'), 'Ayshe Tursun');
  assert.ok(nameHasDigits('\u5f203'));
  assert.ok(!nameHasDigits('\u5f20\u4e09'));
});

test('age counts whole years up to the birthday', () => {
  const today = new Date(Date.UTC(2025, 5, 1));
  assert.equal(ageOn('2007-06-01', today), 18);
  assert.equal(ageOn('2007-06-02', today), 17);
});
