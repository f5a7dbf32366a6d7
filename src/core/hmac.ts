import { hash } from 'node:crypto';

const blockBytes = 64;

/**
 * HMAC-SHA256 (RFC 2104) of short strings: H((K ⊕ opad) ‖ H((K ⊕ ipad) ‖ m)) as two one-shot hashes over
 * buffers made once, byte for byte what `createHmac` gives, without a Hmac object per value (decision 0147).
 * A large roster import takes the blind index of 200,000 values.
 */
export function hmacSha256(key: Buffer): (message: string) => string {
  if (key.length > blockBytes) throw new Error('an HMAC key longer than a block is hashed first; not needed here');
  // The pads stay in place at the start of each buffer; the message (or the inner digest) goes after them.
  let inner = Buffer.alloc(blockBytes + 256);
  const outer = Buffer.alloc(blockBytes + 32);
  for (let i = 0; i < blockBytes; i++) {
    inner[i] = (key[i] ?? 0) ^ 0x36;
    outer[i] = (key[i] ?? 0) ^ 0x5c;
  }
  return (message) => {
    // A UTF-16 code unit is at most 3 UTF-8 bytes: grow before writing, as `write` would cut the message short.
    if (message.length * 3 > inner.length - blockBytes) {
      const grown = Buffer.alloc(blockBytes + message.length * 3);
      inner.copy(grown, 0, 0, blockBytes);
      inner = grown;
    }
    const end = blockBytes + inner.write(message, blockBytes, 'utf8');
    hash('sha256', inner.subarray(0, end), 'buffer').copy(outer, blockBytes);
    return hash('sha256', outer, 'base64url');
  };
}
