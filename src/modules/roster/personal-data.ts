import type { Secrets } from '../../core/secrets.ts';
import { normalizeIdNumber } from '../../core/identity/id-number.ts';
import { maskIdNumber, maskPhone } from '../../core/identity/mask.ts';

export interface SealedIdentity {
  id_number_enc: string;
  id_number_hash: string;
  id_number_masked: string;
  phone_enc: string | null;
  phone_hash: string | null;
  phone_masked: string | null;
}

/** Encrypts and masks a resident's ID number and phone once, at write time. */
export function sealIdentity(secrets: Secrets, idNumber: string, phone: string | null, knownIdHash?: string): SealedIdentity {
  const sealed = sealIdentities(secrets, [{ idNumber, phone }])[0]!;
  return knownIdHash === undefined ? sealed : { ...sealed, id_number_hash: knownIdHash };
}

/** `sealIdentity` for many residents, their values encrypted in one pass. */
export function sealIdentities(secrets: Secrets, people: readonly { idNumber: string; phone: string | null }[]): SealedIdentity[] {
  const ids = people.map((p) => normalizeIdNumber(p.idNumber));
  const plains: string[] = [...ids];
  for (const p of people) if (p.phone) plains.push(p.phone);
  const sealed = secrets.encryptMany(plains);
  let nextPhone = ids.length;
  return people.map(({ phone }, i): SealedIdentity => {
    const id = ids[i]!;
    return {
      id_number_enc: sealed[i]!,
      id_number_hash: normalizedIdHash(secrets, id),
      id_number_masked: maskIdNumber(id),
      phone_enc: phone ? sealed[nextPhone++]! : null,
      phone_hash: phone ? phoneHash(secrets, phone) : null,
      phone_masked: phone ? maskPhone(phone) : null,
    };
  });
}

/** One resident's ID number sealed alone, when an edit changes only it. */
export function sealIdNumber(secrets: Secrets, idNumber: string): Pick<SealedIdentity, 'id_number_enc' | 'id_number_hash' | 'id_number_masked'> {
  const id = normalizeIdNumber(idNumber);
  return { id_number_enc: secrets.encrypt(id), id_number_hash: normalizedIdHash(secrets, id), id_number_masked: maskIdNumber(id) };
}

/** One resident's phone sealed alone (null: no phone), when an edit changes only it. */
export function sealPhone(secrets: Secrets, phone: string | null): Pick<SealedIdentity, 'phone_enc' | 'phone_hash' | 'phone_masked'> {
  if (!phone) return { phone_enc: null, phone_hash: null, phone_masked: null };
  return { phone_enc: secrets.encrypt(phone), phone_hash: phoneHash(secrets, phone), phone_masked: maskPhone(phone) };
}

const normalizedIdHash = (secrets: Secrets, id: string) => secrets.blindIndex(id, 'idNumber');
export const idNumberHash = (secrets: Secrets, idNumber: string) => normalizedIdHash(secrets, normalizeIdNumber(idNumber));
export const phoneHash = (secrets: Secrets, phone: string) => secrets.blindIndex(phone.replace(/[\s-]/g, ''), 'phone');
