import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createSecrets } from './secrets.ts';

test('sealed values decrypt, never repeat an IV, and fail when tampered with', () => {
  const secrets = createSecrets(randomBytes(32));
  const sealed = Array.from({ length: 20_000 }, () => secrets.encrypt('330481193811151364'));
  assert.equal(secrets.decrypt(sealed[0]!), '330481193811151364');
  assert.equal(new Set(sealed.map((s) => s.split('.')[1])).size, sealed.length, 'every IV is different');
  const [v, iv, tag, body] = sealed[1]!.split('.');
  const flipped = Buffer.from(body!, 'base64url');
  flipped[0]! ^= 1;
  assert.throws(() => secrets.decrypt([v, iv, tag, flipped.toString('base64url')].join('.')));
});

test('the blind index is stable per key and purpose, and differs across keys', () => {
  const a = createSecrets(randomBytes(32));
  const b = createSecrets(randomBytes(32));
  assert.equal(a.blindIndex('x', 'idNumber'), a.blindIndex('x', 'idNumber'));
  assert.notEqual(a.blindIndex('x', 'idNumber'), a.blindIndex('x', 'phone'));
  assert.notEqual(a.blindIndex('x', 'idNumber'), b.blindIndex('x', 'idNumber'));
});
