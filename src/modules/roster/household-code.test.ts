import assert from 'node:assert/strict';
import { test } from 'node:test';
import { householdCode } from './household-code.ts';

test('a household code keeps digits, ASCII letters and CJK ideographs of the stairwell and room', () => {
  assert.equal(householdCode('B0012', '1', '301'), 'B0012-1-301');
  assert.equal(householdCode('B0012', '', '301'), 'B0012-0-301', 'no stairwell');
  assert.equal(householdCode('B0012', '2单元', '3-01室'), 'B0012-2单元-301室');
  assert.equal(householdCode('V7', '', '东 12 号（北）'), 'V7-0-东12号北');
  assert.equal(householdCode('B1', '-', '３０１'), 'B1-0-', 'full-width digits are not kept, as before');
});
