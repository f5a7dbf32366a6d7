import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gb11643CheckDigit, normalizeIdNumber, parseIdNumber } from './id-number.ts';

test('check digit follows ISO 7064 MOD 11-2, including X', () => {
  assert.equal(gb11643CheckDigit('11010119900307123'), '3');
  assert.equal(gb11643CheckDigit('11010519491231002'), 'X');
  assert.equal(gb11643CheckDigit('33048119580215002'), '7');
  assert.throws(() => gb11643CheckDigit('1234'), RangeError);
});

test('a valid number yields area code, birth date and gender', () => {
  assert.deepEqual(parseIdNumber('110101199003071233'), {
    normalized: '110101199003071233',
    areaCode: '110101',
    birthDate: '1990-03-07',
    gender: 'M',
  });
  const woman = parseIdNumber('330481195802150027');
  assert.ok(!('problem' in woman));
  assert.equal(woman.gender, 'F');
});

test('lower-case x and spaces are normalised', () => {
  assert.equal(normalizeIdNumber(' 110105 19491231 002x '), '11010519491231002X');
  const info = parseIdNumber('11010519491231002x');
  assert.ok(!('problem' in info));
  assert.equal(info.normalized, '11010519491231002X');
});

test('format, birth date and check digit are told apart', () => {
  assert.deepEqual(parseIdNumber('11010119900307123'), { problem: 'format' });
  assert.deepEqual(parseIdNumber('1101011990030712A3'), { problem: 'format' });
  assert.deepEqual(parseIdNumber('110101199002301236'), { problem: 'birthDate' });
  assert.deepEqual(parseIdNumber('110101189901011234'), { problem: 'birthDate' });
  assert.deepEqual(parseIdNumber('110101299001011234'), { problem: 'birthDate' });
  assert.deepEqual(parseIdNumber('110101199003071234'), { problem: 'checkDigit' });
});
