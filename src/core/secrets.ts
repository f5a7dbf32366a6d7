import { createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GcmSealer } from './gcm.ts';
import { hmacSha256 } from './hmac.ts';

/**
 * Keys for personal data. The master key never lives in the database: it comes from GONGZHI_SECRET
 * (base64, 32 bytes) or a file in the data directory made on first start. Everything else is derived.
 */
export interface Secrets {
  /** AES-256-GCM; output `v1.<iv>.<tag>.<ciphertext>` in base64url. */
  encrypt(plain: string): string;
  /** `encrypt` of each, in one pass (an import seals hundreds of thousands of values). */
  encryptMany(plains: readonly string[]): string[];
  decrypt(sealed: string): string;
  /** Keyed hash for equality search over encrypted values (a blind index). */
  blindIndex(value: string, purpose: string): string;
}

export function loadMasterKey(env: NodeJS.ProcessEnv, dataDir: string): Buffer {
  if (env.GONGZHI_SECRET) {
    const key = Buffer.from(env.GONGZHI_SECRET, 'base64');
    if (key.length !== 32) throw new Error('GONGZHI_SECRET must be 32 bytes, base64-encoded');
    return key;
  }
  const file = join(dataDir, 'master.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return key;
}

/** IVs (12 bytes each) come from a pooled CSPRNG buffer: one system call per 5,461 encryptions instead of one each. */
function ivSource(): (count: number) => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return (count) => {
    const bytes = 12 * count;
    if (bytes > 65_532) return randomBytes(bytes);
    if (offset + bytes > pool.length) {
      pool = randomBytes(65_532);
      offset = 0;
    }
    offset += bytes;
    return pool.subarray(offset - bytes, offset);
  };
}

// Worker threads that encrypt on behalf of this process derive the same keys from the same master.
const masters = new WeakMap<Secrets, Buffer>();

/** The master key behind `secrets`, only to hand to a worker thread of this process (never stored or sent). */
export function masterKeyForWorker(secrets: Secrets): Buffer {
  const key = masters.get(secrets);
  if (!key) throw new Error('these secrets were not made by createSecrets');
  return key;
}

export function createSecrets(master: Buffer): Secrets {
  const nextIvs = ivSource();
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  const encKey = derive('gongzhi/pii-encryption/v1');
  const mac = hmacSha256(derive('gongzhi/blind-index/v1'));
  const gcm = new GcmSealer(encKey);
  const secrets: Secrets = {
    encrypt(plain) {
      return secrets.encryptMany([plain])[0]!;
    },
    encryptMany(plains) {
      const ivs = nextIvs(plains.length);
      const sealed = gcm.sealMany(ivs, plains.map((p) => Buffer.from(p, 'utf8')));
      return sealed.map((s, i) =>
        `v1.${ivs.toString('base64url', i * 12, i * 12 + 12)}.${s.toString('base64url', 0, 16)}.${s.toString('base64url', 16)}`);
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown ciphertext format');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    blindIndex(value, purpose) {
      return mac(`${purpose}\0${value}`);
    },
  };
  masters.set(secrets, master);
  return secrets;
}
