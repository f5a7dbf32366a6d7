import assert from 'node:assert/strict';
import { createHmac, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { hmacSha256 } from './hmac.ts';

test('HMAC-SHA256 as Node computes it, for keys of every length up to a block and messages short and long', () => {
  for (const keyLength of [0, 1, 16, 32, 63, 64]) {
    const key = randomBytes(keyLength);
    const mac = hmacSha256(key);
    // Short and long, ASCII and not, and a message longer than the buffer made at first (it grows).
    for (const message of ['', 'idNumber\u000033048119381103044X', 'phone\u000013812345678', '王建国·张', 'x'.repeat(300), '共治'.repeat(400), 'a']) {
      assert.equal(mac(message), createHmac('sha256', key).update(message).digest('base64url'), `${keyLength}: ${message.slice(0, 20)}`);
    }
  }
});

test('RFC 4231 test case 2: key "Jefe"', () => {
  const hex = Buffer.from(hmacSha256(Buffer.from('Jefe'))('what do ya want for nothing?'), 'base64url').toString('hex');
  assert.equal(hex, '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
});

test('a key longer than a block is refused rather than handled wrongly', () => {
  assert.throws(() => hmacSha256(randomBytes(65)), /longer than a block/);
});
