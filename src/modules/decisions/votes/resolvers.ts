import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import type { AnyDB } from '../../../core/db/database.ts';
import type { RollHousehold, RosterService } from '../../roster/index.ts';
import type { ElectorateSource, RollEntry, RollResolver } from '../contracts.ts';
import { formatArea } from '../tally/index.ts';
import { Problem } from '../../../core/http/problem.ts';

/** Registered owners in the roster: the head of the household and a spouse are co-owners of the unit. */
const ownerRoles = new Set(['head', 'spouse']);

/** A surname and a star: enough for a neighbour to recognise a roll entry, not enough to publish a name. */
export function maskName(name: string): string {
  const chars = [...name.trim()];
  return chars.length === 0 ? '' : `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}

function label(h: RollHousehold): string {
  const owner = h.people.find((p) => p.role === 'head') ?? h.people[0];
  const place = `${h.buildingName} ${h.stairwell ? `${h.stairwell}-` : ''}${h.room}`;
  return owner ? `${place} ${maskName(owner.name)}` : place;
}

/** Owner ids in a published tally file are opaque but stable within one scope, so one buyer of several units stays one head. */
function ownerId(personId: string, scopeCode: string): string {
  return `o${createHash('sha256').update(`${scopeCode}\u0000${personId}`).digest('hex').slice(0, 16)}`;
}

async function households(roster: RosterService, source: ElectorateSource, tx: Transaction<AnyDB>): Promise<{ scopeCode: string; list: RollHousehold[] }> {
  if (source.kind !== 'owners' && source.kind !== 'households') throw new Error(`not a household electorate: ${source.kind}`);
  const list = await roster.rollHouseholds(source.scopeCode, tx as unknown as Kysely<AnyDB>);
  if (list === null) throw new Problem(422, 'votes.problem.unknownScope', { code: source.scopeCode });
  return { scopeCode: source.scopeCode, list };
}

/**
 * Civil Code art. 278: every unit with a recorded exclusive area, with its owners. A unit with nobody on
 * the roster is counted as the developer's (unsold or not yet delivered): the roster knows no other owner.
 */
export function ownersResolver(roster: RosterService): RollResolver {
  return async (source, _at, tx) => {
    const { scopeCode, list } = await households(roster, source, tx);
    const out: RollEntry[] = [];
    for (const h of list) {
      if (!h.floorAreaCenti) continue;
      const owners = h.people.filter((p) => ownerRoles.has(p.role));
      const ids = (owners.length ? owners : h.people).map((p) => ownerId(p.id, scopeCode));
      out.push({
        voterId: h.code,
        label: label(h),
        householdPath: h.path,
        unit: {
          area: formatArea(BigInt(h.floorAreaCenti)),
          owners: ids,
          ...(ids.length === 0 ? { developerHeld: true } : {}),
          building: h.buildingCode,
          ...(h.stairwell ? { stairwell: `${h.buildingCode}/${h.stairwell}` } : {}),
        },
      });
    }
    return out;
  };
}

/** One vote per household (awards, resident polls), cast by any resident account of the household. */
export function householdsResolver(roster: RosterService): RollResolver {
  return async (source, _at, tx) => {
    const { list } = await households(roster, source, tx);
    return list.map((h) => ({ voterId: h.code, label: label(h), householdPath: h.path }));
  };
}
