import type { Kysely } from 'kysely';
import type { AnyDB } from '../../../core/db/database.ts';
import type { RosterService } from '../../roster/index.ts';
import { publicLabel, type NomineeKind } from './rules.ts';

export interface Nominee {
  code: string;
  /** Tree path of the household (or of the stairwell's first household): whose community it is. */
  path: string;
  place: { estate: string; building: string; stairwell: string };
}

/**
 * Finds a household or a stairwell (`buildingCode/stairwell`) in the roster, through its public service.
 * A household may also be named by where it is, `buildingCode/stairwell/room`, as a neighbour knows it.
 */
export type NomineeLookup = (kind: NomineeKind, code: string) => Promise<Nominee | undefined>;

/** A stairwell a resident may nominate, by the label the public sees. */
export interface StairwellChoice {
  code: string;
  label: string;
}

/** The stairwells of the buildings under a community's path. */
export type StairwellList = (communityPath: string) => Promise<StairwellChoice[]>;

export function rosterNominees(roster: RosterService): NomineeLookup {
  return async (kind, code) => {
    const parts = code.split('/');
    if (kind === 'stairwell' && parts.length !== 2) return undefined;
    if (kind === 'household' && parts.length === 2) return undefined;
    const scope = kind === 'household' && parts.length === 3 ? `${parts[0]}/${parts[1]}` : code;
    const households = await roster.rollHouseholds(scope, roster.repo.db as unknown as Kysely<AnyDB>);
    const found = kind === 'stairwell' ? households?.[0] : households?.find((h) => (parts.length === 3 ? h.room === parts[2] : h.code === code));
    if (!found) return undefined;
    const building = await roster.repo.buildingByCode(found.buildingCode);
    return { code: kind === 'household' ? found.code : code, path: found.path, place: { estate: building?.estate ?? '', building: found.buildingName, stairwell: found.stairwell } };
  };
}

export function rosterStairwells(roster: RosterService): StairwellList {
  return async (communityPath) => {
    const buildings = await roster.repo.buildingsUnder([communityPath]);
    return buildings.flatMap((b) => b.stairwells.map((s) => ({ code: `${b.code}/${s}`, label: publicLabel({ estate: b.estate, building: b.name, stairwell: s }) })));
  };
}
