import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parsePhone } from './phone.ts';

test('mobiles with prefixes, spaces, dashes and full-width digits', () => {
  for (const raw of ['13812345678', '138 1234 5678', '138-1234-5678', '+86 138 1234 5678', '0086-13812345678', '8613812345678', '１３８１２３４５６７８']) {
    assert.deepEqual(parsePhone(raw), { kind: 'mobile', normalized: '13812345678' }, raw);
  }
  assert.deepEqual(parsePhone('19912345678'), { kind: 'mobile', normalized: '19912345678' });
});

test('landlines need an area code', () => {
  assert.deepEqual(parsePhone('0573-87654321'), {
    kind: 'landline',
    normalized: '0573-87654321',
    areaCode: '0573',
    local: '87654321',
  });
  assert.deepEqual(parsePhone('010 6512 3456'), {
    kind: 'landline',
    normalized: '010-65123456',
    areaCode: '010',
    local: '65123456',
  });
  assert.deepEqual(parsePhone('(021)5555666'), {
    kind: 'landline',
    normalized: '021-5555666',
    areaCode: '021',
    local: '5555666',
  });
  assert.deepEqual(parsePhone('87654321'), { problem: 'landlineAreaCode' });
});

test('malformed numbers are refused', () => {
  for (const raw of ['12812345678', '1381234567', '138123456789', 'abc', '', '0573-0123456', '+1 415 555 0100']) {
    assert.deepEqual(parsePhone(raw), { problem: 'format' }, raw);
  }
});
