import type { SealedIdentity } from '../personal-data.ts';

/**
 * A sealed identity as the six columns id_number_enc … phone_masked in COPY text form (tab-separated,
 * `\N` for null). The sealing worker sends its results this way, one line per row, so the main thread
 * receives one string per chunk instead of 100,000 objects, and a COPY takes the columns unchanged.
 * Ciphertexts and blind indexes are base64url and masks digits, `*` and `-`: nothing needs escaping.
 */
export function sealedColumns(s: SealedIdentity): string {
  return `${s.id_number_enc}\t${s.id_number_hash}\t${s.id_number_masked}\t${s.phone_enc ?? '\\N'}\t${s.phone_hash ?? '\\N'}\t${s.phone_masked ?? '\\N'}`;
}

export function parseSealedColumns(text: string): SealedIdentity {
  const [enc, hash, masked, phoneEnc, phoneHash, phoneMasked] = text.split('\t') as [string, string, string, string, string, string];
  const orNull = (v: string) => (v === '\\N' ? null : v);
  return { id_number_enc: enc, id_number_hash: hash, id_number_masked: masked, phone_enc: orNull(phoneEnc), phone_hash: orNull(phoneHash), phone_masked: orNull(phoneMasked) };
}

/** What a worker line starts with: the ID number and phone it sealed, as the checks must have normalised them. */
export function sealedKey(idNumber: string, phone: string | null): string {
  return `${idNumber}\t${phone ?? '\\N'}\t`;
}
