import { createCipheriv, type Cipher } from 'node:crypto';

/**
 * AES-256-GCM (NIST SP 800-38D) for many short values under one key, byte for byte what
 * `createCipheriv('aes-256-gcm', key, iv)` gives with no additional data.
 *
 * Why not that call: in OpenSSL 3 each cipher object fetches the algorithm and expands the key again, about
 * 5 µs per value; a roster import seals two values per resident. Here one AES-256-ECB cipher from OpenSSL,
 * made once, encrypts the counter blocks (the keystream and the tag mask), and GHASH runs over a table
 * built once from the hash key: a few hundred nanoseconds per value. `gcm.test.ts` checks it against
 * OpenSSL's GCM both ways (same bytes out, and OpenSSL opens what this seals).
 */
export class GcmSealer {
  private readonly ecb: Cipher;
  /** GHASH by table: entries 4·(256·j + b) … +3 are the big-endian words of (byte b at position j) · H. */
  private readonly table: Int32Array;
  // The GHASH state while a value is sealed.
  private y0 = 0;
  private y1 = 0;
  private y2 = 0;
  private y3 = 0;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('AES-256-GCM needs a 32-byte key');
    this.ecb = createCipheriv('aes-256-ecb', key, null);
    this.ecb.setAutoPadding(false);
    this.table = ghashTable(this.ecb.update(Buffer.alloc(16)));
  }

  /** `iv` must be 12 bytes and never used twice with this key (as for any GCM). */
  seal(iv: Buffer, plain: Buffer): { body: Buffer; tag: Buffer } {
    const sealed = this.sealMany(iv, [plain])[0]!;
    return { body: sealed.subarray(16), tag: sealed.subarray(0, 16) };
  }

  /**
   * Seals `plains[i]` under the IV at `ivs[12·i …]`: for each, its 16-byte tag followed by its ciphertext.
   * The counter blocks of all of them go through AES in one call: a call costs more than the blocks it
   * encrypts.
   */
  sealMany(ivs: Buffer, plains: readonly Buffer[]): Buffer[] {
    if (ivs.length !== plains.length * 12) throw new Error('AES-GCM here takes a 12-byte IV per value');
    let total = 0;
    for (const plain of plains) total += ((plain.length + 15) >>> 4) + 1;
    // Per value: IV‖1 (the tag mask, J0), then IV‖2, IV‖3 … for its data.
    const counters = Buffer.allocUnsafe(total * 16);
    const c = view(counters);
    const v = view(ivs);
    let at = 0;
    for (let i = 0; i < plains.length; i++) {
      const a = v.getUint32(i * 12);
      const b = v.getUint32(i * 12 + 4);
      const d = v.getUint32(i * 12 + 8);
      const blocks = (plains[i]!.length + 15) >>> 4;
      for (let k = 0; k <= blocks; k++, at += 16) {
        c.setUint32(at, a);
        c.setUint32(at + 4, b);
        c.setUint32(at + 8, d);
        c.setUint32(at + 12, k + 1);
      }
    }
    const stream = this.ecb.update(counters);
    const out: Buffer[] = [];
    at = 0;
    for (const plain of plains) {
      out.push(this.finish(plain, stream, at));
      at += (((plain.length + 15) >>> 4) + 1) * 16;
    }
    return out;
  }

  /** Encrypts with the keystream at `stream[at + 16 …]` and authenticates with the mask at `stream[at …]`. */
  private finish(plain: Buffer, stream: Buffer, at: number): Buffer {
    const n = plain.length;
    const sealed = Buffer.allocUnsafe(16 + n);
    for (let i = 0; i < n; i++) sealed[16 + i] = plain[i]! ^ stream[at + 16 + i]!;

    this.y0 = this.y1 = this.y2 = this.y3 = 0;
    // The ciphertext's blocks, the last one padded with zeros.
    for (let k = 16; k < 16 + n; k += 16) this.absorb(word(sealed, k, n + 16), word(sealed, k + 4, n + 16), word(sealed, k + 8, n + 16), word(sealed, k + 12, n + 16));
    // The length block: no additional data, then the ciphertext's length in bits.
    const bits = n * 8;
    this.absorb(0, 0, Math.floor(bits / 0x1_0000_0000), bits | 0);

    const ys = [this.y0, this.y1, this.y2, this.y3];
    for (let i = 0; i < 16; i++) sealed[i] = ((ys[i >>> 2]! >>> (24 - 8 * (i & 3))) & 0xff) ^ stream[at + i]!;
    return sealed;
  }

  /** y ← (y ⊕ x) · H, one table row per byte of y ⊕ x. */
  private absorb(x0: number, x1: number, x2: number, x3: number): void {
    const t = this.table;
    let z0 = 0;
    let z1 = 0;
    let z2 = 0;
    let z3 = 0;
    let row = 0;
    for (const word of [this.y0 ^ x0, this.y1 ^ x1, this.y2 ^ x2, this.y3 ^ x3]) {
      for (let shift = 24; shift >= 0; shift -= 8, row += 256) {
        const at = (row + ((word >>> shift) & 0xff)) << 2;
        z0 ^= t[at]!;
        z1 ^= t[at + 1]!;
        z2 ^= t[at + 2]!;
        z3 ^= t[at + 3]!;
      }
    }
    this.y0 = z0;
    this.y1 = z1;
    this.y2 = z2;
    this.y3 = z3;
  }
}

const view = (b: Buffer) => new DataView(b.buffer, b.byteOffset, b.byteLength);

/** The big-endian word at `at`, bytes at or past `end` read as zero. */
function word(b: Buffer, at: number, end: number): number {
  if (at + 4 <= end) return (b[at]! << 24) | (b[at + 1]! << 16) | (b[at + 2]! << 8) | b[at + 3]!;
  let w = 0;
  for (let i = 0; i < 4; i++) w = (w << 8) | (at + i < end ? b[at + i]! : 0);
  return w;
}

/**
 * The products (byte b at position j) · H for every j < 16 and b < 256. GCM reads a block's bits from
 * the first byte's high bit as x⁰ on; multiplying by x shifts right one bit and, when a bit falls off the
 * end, adds R = 11100001‖0¹²⁰ (SP 800-38D, algorithm 1).
 */
function ghashTable(h: Buffer): Int32Array {
  // x^p · H for each bit position p, MSB of byte 0 first.
  const powers = new Uint32Array(128 * 4);
  let v0 = h.readUInt32BE(0);
  let v1 = h.readUInt32BE(4);
  let v2 = h.readUInt32BE(8);
  let v3 = h.readUInt32BE(12);
  for (let p = 0; p < 128; p++) {
    powers.set([v0, v1, v2, v3], p * 4);
    const carry = v3 & 1;
    v3 = ((v3 >>> 1) | (v2 << 31)) >>> 0;
    v2 = ((v2 >>> 1) | (v1 << 31)) >>> 0;
    v1 = ((v1 >>> 1) | (v0 << 31)) >>> 0;
    v0 = (v0 >>> 1) ^ (carry ? 0xe1000000 : 0);
  }
  const table = new Int32Array(16 * 256 * 4);
  for (let j = 0; j < 16; j++) {
    for (let b = 1; b < 256; b++) {
      // b = (b with its lowest set bit cleared) + that bit; bit 7 of the byte is position 8j.
      const low = b & -b;
      const from = ((j << 8) | (b ^ low)) << 2;
      const power = (8 * j + 7 - Math.log2(low)) * 4;
      const to = ((j << 8) | b) << 2;
      for (let w = 0; w < 4; w++) table[to + w] = table[from + w]! ^ powers[power + w]!;
    }
  }
  return table;
}
