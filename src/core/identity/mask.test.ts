import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskIdNumber, maskPhone } from './mask.ts';

test('ID numbers keep the first 3 and last 4 characters, same length', () => {
  assert.equal(maskIdNumber('110101199003071234'), '110***********1234');
  assert.equal(maskIdNumber('11010519491231002x'), '110***********002X');
  assert.equal(maskIdNumber('110101199003071234').length, 18);
  assert.equal(maskIdNumber('110105491231002'), '110********1002');
  assert.equal(maskIdNumber('1234567'), '*******');
});

test('mobiles keep 3 + 4, landlines keep the area code and the last 2', () => {
  assert.equal(maskPhone('13812345678'), '138****5678');
  assert.equal(maskPhone('+86 138-1234-5678'), '138****5678');
  assert.equal(maskPhone('0573-87654321'), '0573-******21');
  assert.equal(maskPhone('010 6512 3456'), '010-******56');
  assert.equal(maskPhone('12345'), '***45');
});
