import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskName } from './resolvers.ts';

test('roll labels show a surname and stars, never a whole name', () => {
  assert.equal(maskName('张三'), '张*');
  assert.equal(maskName('欧阳娜娜'), '欧***');
  assert.equal(maskName('李'), '李*');
  assert.equal(maskName(''), '');
});
