import type { Kysely } from 'kysely';
import type { AnyDB } from '../../../core/db/database.ts';
import type { RosterService } from '../../roster/index.ts';
import type { NomineeKind } from './rules.ts';

export interface Nominee {
  code: string;
  /** Tree path of the household (or of the stairwell's first household): whose community it is. */
  path: string;
  place: { estate: string; building: string; stairwell: string };
}

/** Finds a household or a stairwell (`buildingCode/stairwell`) in the roster, through its public service. */
export type NomineeLookup = (kind: NomineeKind, code: string) => Promise<Nominee | undefined>;

export function rosterNominees(roster: RosterService): NomineeLookup {
  return async (kind, code) => {
    if (kind === 'stairwell' && !code.includes('/')) return undefined;
    const households = await roster.rollHouseholds(code, roster.repo.db as unknown as Kysely<AnyDB>);
    const first = households?.[0];
    if (!first || (kind === 'household' && first.code !== code)) return undefined;
    const building = await roster.repo.buildingByCode(first.buildingCode);
    return { code, path: first.path, place: { estate: building?.estate ?? '', building: first.buildingName, stairwell: first.stairwell } };
  };
}
