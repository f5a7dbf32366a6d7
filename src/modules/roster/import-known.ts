import type { Secrets } from '../../core/secrets.ts';
import { parseIdNumber } from '../../core/identity/id-number.ts';
import type { SheetRow } from './import/index.ts';
import { idNumberHash } from './personal-data.ts';
import type { RosterRepository } from './repository.ts';

/** The file's ID numbers (normalised) of people already on the roster, found by their blind index. */
export async function knownIdNumbers(repo: RosterRepository, secrets: Secrets, rows: readonly SheetRow[]): Promise<Set<string>> {
  const byHash = new Map<string, string>();
  for (const row of rows) {
    const info = parseIdNumber(row.cells.idNumber ?? '');
    if (!('problem' in info)) byHash.set(idNumberHash(secrets, info.normalized), info.normalized);
  }
  const found = await repo.existingIdHashes([...byHash.keys()]);
  return new Set([...found].map((hash) => byHash.get(hash)!));
}
