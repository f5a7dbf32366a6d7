import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Keys for personal data. The master key never lives in the database: it comes from GONGZHI_SECRET
 * (base64, 32 bytes) or a file in the data directory made on first start. Everything else is derived.
 */
export interface Secrets {
  /** AES-256-GCM; output `v1.<iv>.<tag>.<ciphertext>` in base64url. */
  encrypt(plain: string): string;
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

/** IVs come from a pooled CSPRNG buffer: one system call per 5,461 encryptions instead of one each. */
function ivSource(): () => Buffer {
  let pool = Buffer.alloc(0);
  let offset = 0;
  return () => {
    if (offset + 12 > pool.length) {
      pool = randomBytes(65_532);
      offset = 0;
    }
    offset += 12;
    return pool.subarray(offset - 12, offset);
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
  const nextIv = ivSource();
  const derive = (info: string) => Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), info, 32));
  const encKey = derive('gongzhi/pii-encryption/v1');
  const macKey = derive('gongzhi/blind-index/v1');
  const secrets: Secrets = {
    encrypt(plain) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encKey, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return ['v1', iv, cipher.getAuthTag(), body].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
    },
    decrypt(sealed) {
      const [version, iv, tag, body] = sealed.split('.');
      if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('unknown ciphertext format');
      const decipher = createDecipheriv('aes-256-gcm', encKey, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    },
    blindIndex(value, purpose) {
      return createHmac('sha256', macKey).update(`${purpose}\0${value}`).digest('base64url');
    },
  };
  masters.set(secrets, master);
  return secrets;
}
