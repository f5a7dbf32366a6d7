import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createCipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
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

test('encryptMany seals each value as encrypt does: every one decrypts, with its own IV, also past the IV pool', () => {
  const secrets = createSecrets(randomBytes(32));
  const plains = Array.from({ length: 6_000 }, (_, i) => (i % 3 === 0 ? '' : i % 3 === 1 ? `1380000${String(i).padStart(4, '0')}` : `{"name":"王秀英${i}"}`));
  for (const batch of [plains.slice(0, 1), plains.slice(0, 100), plains]) {
    const sealed = secrets.encryptMany(batch);
    assert.deepEqual(sealed.map((s) => secrets.decrypt(s)), batch);
    assert.equal(new Set(sealed.map((s) => s.split('.')[1])).size, batch.length);
  }
});

test('values sealed the way earlier versions did (OpenSSL AES-256-GCM, v1 format) still decrypt', () => {
  const master = randomBytes(32);
  const key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'gongzhi/pii-encryption/v1', 32));
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const body = Buffer.concat([cipher.update('33048119381103044X', 'utf8'), cipher.final()]);
  const sealed = ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
  assert.equal(createSecrets(master).decrypt(sealed), '33048119381103044X');
});

test('the blind index is HMAC-SHA256 under the derived key, as stored values were made', () => {
  const master = randomBytes(32);
  const key = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'gongzhi/blind-index/v1', 32));
  const expected = createHmac('sha256', key).update('idNumber\u000033048119381103044X').digest('base64url');
  assert.equal(createSecrets(master).blindIndex('33048119381103044X', 'idNumber'), expected);
});
