import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt is memory-hard and ships with Node, so no native addon is needed (see
 * docs/decisions/0005-passwords.md). N = 2^15, r = 8 costs 32 MiB and ~50–100 ms per hash here.
 */
const params = { N: 2 ** 15, r: 8, p: 1, keyLength: 32 } as const;

function scryptAsync(password: string, salt: Buffer, keyLength: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, keyLength, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params.keyLength, {
    N: params.N, r: params.r, p: params.p, maxmem: 128 * params.N * params.r * 2,
  });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const N = Number(n);
  const R = Number(r);
  const key = await scryptAsync(password, Buffer.from(salt, 'base64url'), expected.length, {
    N, r: R, p: Number(p), maxmem: 128 * N * R * 2,
  });
  return timingSafeEqual(key, expected);
}

/** A hash of a random password, verified against when the username is unknown so timing gives nothing away. */
export const dummyHash = hashPassword(randomBytes(16).toString('hex'));
