import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { GcmSealer } from './gcm.ts';

const native = (key: Buffer, iv: Buffer, plain: Buffer) => {
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  return { body: Buffer.concat([cipher.update(plain), cipher.final()]), tag: cipher.getAuthTag() };
};

test('seals the same bytes as OpenSSL AES-256-GCM, for every length up to five blocks', () => {
  for (let round = 0; round < 4; round++) {
    const key = randomBytes(32);
    const sealer = new GcmSealer(key);
    for (let n = 0; n <= 80; n++) {
      const iv = randomBytes(12);
      const plain = randomBytes(n);
      assert.deepEqual(sealer.seal(iv, plain), native(key, iv, plain), `length ${n}`);
    }
  }
});

test('the test vector of McGrew and Viega (GCM spec, test case 15: AES-256, 64 bytes, no AAD)', () => {
  const key = Buffer.from('feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308', 'hex');
  const iv = Buffer.from('cafebabefacedbaddecaf888', 'hex');
  const plain = Buffer.from(
    'd9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255',
    'hex',
  );
  const { body, tag } = new GcmSealer(key).seal(iv, plain);
  assert.equal(
    body.toString('hex'),
    '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad',
  );
  assert.equal(tag.toString('hex'), 'b094dac5d93471bdec1a502270e3cc6c');
});

test('OpenSSL opens what it seals, and refuses it when one bit changes', () => {
  const key = randomBytes(32);
  const sealer = new GcmSealer(key);
  const iv = randomBytes(12);
  const plain = Buffer.from('33048119580215011X', 'utf8');
  const { body, tag } = sealer.seal(iv, plain);
  const open = (b: Buffer) => {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(b), decipher.final()]);
  };
  assert.deepEqual(open(body), plain);
  const tampered = Buffer.from(body);
  tampered[3]! ^= 1;
  assert.throws(() => open(tampered), /unable to authenticate/);
});

test('refuses a key or IV of another size', () => {
  assert.throws(() => new GcmSealer(randomBytes(16)), /32-byte key/);
  assert.throws(() => new GcmSealer(randomBytes(32)).seal(randomBytes(16), Buffer.alloc(1)), /12-byte IV per value/);
});

test('sealing many at once gives each value what sealing it alone gives', () => {
  const key = randomBytes(32);
  const sealer = new GcmSealer(key);
  const plains = Array.from({ length: 50 }, (_, i) => randomBytes(i % 37));
  const ivs = randomBytes(12 * plains.length);
  const many = sealer.sealMany(ivs, plains);
  plains.forEach((plain, i) => {
    const { body, tag } = native(key, ivs.subarray(i * 12, i * 12 + 12), plain);
    assert.deepEqual(many[i], Buffer.concat([tag, body]), `value ${i}`);
  });
  assert.throws(() => sealer.sealMany(randomBytes(11), [Buffer.alloc(1)]), /12-byte IV per value/);
});
